//! The forward-auth sign-in entry, `GET /forward-auth/sign-in?rd=…`: where a reverse proxy
//! sends a browser that may not pass (nginx's `error_page 401 = @signin`, or the 302 of the
//! redirect mode). It takes the browser through signing in, the second step or the setup an
//! organization requires, coming back to itself each time, and then sends it on to `rd`.
//!
//! # Security
//! `rd` is checked first, on every visit, against the operator's list of hosts
//! (`domain::forward_auth`): an unlisted one gets an error page and no redirect at all, so the
//! entry is never an open redirect, even for a signed-out browser.

use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::forward_auth::{Refused, ReturnTo};
use serde::Deserialize;

use super::extract::{Full, HereWithQuery, WebSession};
use super::session::{WebError, query_escape};
use crate::state::AppState;

/// The entry's path.
pub const SIGN_IN_ENTRY: &str = "/forward-auth/sign-in";

/// The entry's absolute URL for `rd` (where forward-auth sends a browser that may not pass).
pub fn sign_in_entry(st: &AppState, rd: &ReturnTo) -> String {
    format!(
        "{}{SIGN_IN_ENTRY}?rd={}",
        st.public_url,
        query_escape(rd.as_str())
    )
}

/// 302 Found to `to`, never cached.
pub fn found(to: &str) -> Response {
    with_location(StatusCode::FOUND.into_response(), to)
}

/// `res` with `Location: to` and `Cache-Control: no-store`.
pub fn with_location(mut res: Response, to: &str) -> Response {
    if let Ok(v) = HeaderValue::from_str(to) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// A return address the operator's list admits, from the request's `rd`.
pub struct Followable(pub ReturnTo);

#[derive(Deserialize)]
struct RdQuery {
    rd: Option<String>,
}

impl FromRequestParts<AppState> for Followable {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, WebError> {
        let rd = Query::<RdQuery>::try_from_uri(&parts.uri)
            .ok()
            .and_then(|Query(q)| q.rd);
        rd.as_deref()
            .ok_or(Refused::Malformed)
            .and_then(|raw| ReturnTo::parse(raw, &st.forward_auth_hosts))
            .map(Self)
            .map_err(refused)
    }
}

fn refused(why: Refused) -> WebError {
    let tr = crate::i18n::current();
    let reason = match why {
        Refused::Malformed => tr.t("sign-in-link-why-malformed"),
        Refused::Scheme => tr.t("sign-in-link-why-scheme"),
        Refused::Credentials => tr.t("sign-in-link-why-credentials"),
        Refused::HostNotListed => tr.t("sign-in-link-why-host"),
    };
    WebError::Message {
        status: StatusCode::BAD_REQUEST,
        heading: tr.t("sign-in-link-heading"),
        text: tr.t1("sign-in-link-text", "reason", reason),
    }
}

/// Sends a browser that may pass on to `rd`; any other is sent where it can act (sign in,
/// the second step, the setup an organization requires) and comes back here afterwards.
pub async fn sign_in_get(
    Followable(rd): Followable,
    _: WebSession<Full, HereWithQuery>,
) -> Response {
    found(rd.as_str())
}
