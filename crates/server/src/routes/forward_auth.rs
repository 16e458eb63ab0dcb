//! Forward-auth: a reverse proxy's sub-request asks whether the browser behind a request to a
//! protected app may pass, and who it is (nginx `auth_request`, Traefik `ForwardAuth`, Caddy
//! `forward_auth`). The only credential is the console's browser session cookie; the answer is
//! the one access decision's, and a check writes nothing (the session cache answers).
//!
//! # Security
//! The `Remote-*` headers are twofold's answer to the proxy, never read from the request: the
//! proxy must copy them from this answer onto the request it forwards, overwriting whatever the
//! client sent (docs/SECURITY.md). The original URL a proxy reports is only ever used as the
//! `rd` of twofold's own sign-in entry, and only when its host is listed
//! (`forward_auth.allowed_hosts`); the entry checks it again.

use axum::extract::State;
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::access::Decision;
use domain::forward_auth::{ReturnTo, header_text};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::cookies::{self, Jar};
use crate::error::AppError;
use crate::extract::{AppQuery, decide};
use crate::services::signed_in::{self, Authenticated, org_refs};
use crate::state::AppState;
use crate::web::forward_auth::{found, sign_in_entry, with_location};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ForwardAuthQuery {
    /// `1` for proxies that show the answer to the browser (Traefik, Caddy): a browser that
    /// may not pass is then answered 302 to the sign-in entry, with the original URL read from
    /// `X-Forwarded-Proto`, `X-Forwarded-Host` and `X-Forwarded-Uri`. Set it in the URL the
    /// proxy is configured with, never from the client's request.
    redirect: Option<String>,
}

/// Whether the browser of a proxied request may pass.
///
/// Accepts any method (nginx's sub-request keeps the original one) and never reads a body.
#[utoipa::path(get, path = "/api/v1/forward-auth", tag = "forward-auth",
    security(("cookie" = [])),
    params(
        ForwardAuthQuery,
        ("X-Original-URL" = Option<String>, Header, description = "The original URL (nginx: `$scheme://$http_host$request_uri`); when its host is listed, a 401 or 403 carries `Location`, the sign-in entry for it"),
        ("X-Forwarded-Proto" = Option<String>, Header, description = "With `redirect=1`: the original scheme"),
        ("X-Forwarded-Host" = Option<String>, Header, description = "With `redirect=1`: the original host"),
        ("X-Forwarded-Uri" = Option<String>, Header, description = "With `redirect=1`: the original path and query"),
    ),
    responses(
        (status = 200, description = "a browser session the access decision lets pass", headers(
            ("Remote-User" = String, description = "the account's id"),
            ("Remote-Email" = String, description = "the account's email address"),
            ("Remote-Name" = String, description = "the account's name: one line, UTF-8"),
            ("Remote-Groups" = String, description = "the ids of the account's organizations, comma-separated (may be empty)"),
        )),
        (status = 302, description = "with `redirect=1` and a listed original host: to the sign-in entry (`/forward-auth/sign-in?rd=…`), for a browser signed out, at the second step or stopped by an organization", headers(
            ("Location" = String, description = "the sign-in entry"),
        )),
        (status = 401, description = "unauthenticated: no browser session, or one still at the second step (a bearer token or an app's session grants nothing here)"),
        (status = 403, description = "mfa_setup_required: an organization requires 2FA of this member first"),
    ),
)]
pub async fn forward_auth_check(
    State(st): State<AppState>,
    AppQuery(q): AppQuery<ForwardAuthQuery>,
    headers: HeaderMap,
) -> Response {
    let redirect = matches!(q.redirect.as_deref(), Some("1" | "true"));
    let answer = match check(&st, &headers).await {
        Ok(auth) => return passed(&auth),
        Err(e @ (AppError::Unauthenticated | AppError::MfaSetupRequired(_))) => e,
        Err(other) => return other.into_response(),
    };
    let entry = original_url(&st, &headers, redirect).map(|rd| sign_in_entry(&st, &rd));
    match entry {
        Some(to) if redirect => found(&to),
        Some(to) => with_location(answer.into_response(), &to),
        None => answer.into_response(),
    }
}

/// The browser session of the request's cookie, let through by the access decision.
///
/// # Errors
/// `Unauthenticated` without a browser session or at the second step; `MfaSetupRequired` for
/// a member an organization stops; `Unavailable` when the database does not answer.
async fn check(st: &AppState, headers: &HeaderMap) -> Result<Authenticated, AppError> {
    let token = cookies::get(st, Jar::Session, headers).ok_or(AppError::Unauthenticated)?;
    let auth = signed_in::authenticate_cookie(st, &token).await?;
    match decide(st, &auth) {
        Decision::Allow => Ok(auth),
        Decision::SecondFactorRequired => Err(AppError::Unauthenticated),
        Decision::SetupRequired { organizations, .. } => Err(AppError::MfaSetupRequired(org_refs(
            &organizations,
            &auth.orgs,
        ))),
    }
}

/// 200 with who the person is.
fn passed(auth: &Authenticated) -> Response {
    let s = &auth.session;
    let groups: Vec<String> = auth.orgs.iter().map(|o| o.org.id.to_string()).collect();
    let mut res = StatusCode::OK.into_response();
    let h = res.headers_mut();
    for (name, value) in [
        ("remote-user", s.account_id.to_string()),
        ("remote-email", header_text(s.email.as_str())),
        ("remote-name", header_text(&s.name)),
        ("remote-groups", groups.join(",")),
    ] {
        if let Ok(v) = HeaderValue::from_bytes(value.as_bytes()) {
            h.insert(HeaderName::from_static(name), v);
        }
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// The original URL the proxy reports, when its host is listed: `X-Forwarded-*` in redirect
/// mode (Traefik, Caddy), `X-Original-URL` otherwise (nginx).
fn original_url(st: &AppState, headers: &HeaderMap, redirect: bool) -> Option<ReturnTo> {
    let allowed = &st.forward_auth_hosts;
    if allowed.is_empty() {
        return None;
    }
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let url = if redirect {
        ReturnTo::from_forwarded(
            text("x-forwarded-proto")?,
            text("x-forwarded-host")?,
            text("x-forwarded-uri").unwrap_or("/"),
            allowed,
        )
    } else {
        ReturnTo::parse(text("x-original-url")?, allowed)
    };
    url.ok()
}
