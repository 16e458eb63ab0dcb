//! Who is asking for a page, what the access decision lets them see, CSRF tokens for forms,
//! and how errors become pages or redirects.

use askama::Template;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use domain::SecretToken;
use domain::access::Decision;

use crate::cookies::{self, Jar};
use crate::error::AppError;
use crate::extract::decide;
use crate::services::second_step;
use crate::services::sessions::{self, Authenticated};
use crate::state::AppState;

/// What every page's layout needs.
pub struct Chrome {
    pub css: String,
    pub js: String,
    pub who: Option<String>,
    pub csrf: String,
    pub flash: Option<String>,
    pub error: Option<String>,
}

impl Chrome {
    pub fn signed_in(st: &AppState, auth: &Authenticated) -> Self {
        Self {
            css: super::stylesheet_path(),
            js: super::script_path(),
            who: Some(auth.session.email.to_string()),
            csrf: auth.csrf_token(st),
            flash: None,
            error: None,
        }
    }

    pub fn signed_out(csrf: String) -> Self {
        Self {
            css: super::stylesheet_path(),
            js: super::script_path(),
            who: None,
            csrf,
            flash: None,
            error: None,
        }
    }
}

/// A form that carries nothing but its CSRF token.
#[derive(serde::Deserialize)]
pub struct CsrfForm {
    pub csrf: String,
}

/// A date as the pages show it.
pub fn day(t: time::OffsetDateTime) -> String {
    t.format(time::macros::format_description!("[year]-[month]-[day]"))
        .unwrap_or_default()
}

/// A time as pages show it: `2026-12-01 14:05 UTC`.
pub fn day_time(t: time::OffsetDateTime) -> String {
    t.format(time::macros::format_description!(
        "[year]-[month]-[day] [hour]:[minute] UTC"
    ))
    .unwrap_or_default()
}

/// An organization id from a path, or 404 like an unknown one.
pub fn org_id(raw: &str) -> Result<domain::OrgId, WebError> {
    domain::OrgId::parse(raw)
        .map_err(|_| WebError::from_app(AppError::NotFound("organization"), "/"))
}

/// A rendered page with its status.
pub fn page(status: StatusCode, t: &impl Template) -> Response {
    match t.render() {
        Ok(html) => (
            status,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            )],
            html,
        )
            .into_response(),
        Err(e) => AppError::internal_from("template", e).into_response(),
    }
}

/// Where to go after a flow: only a path on this site, else `fallback`. Refused: anything not
/// starting with one `/` (`//host`, `/\\host`, schemes), backslashes, and any whitespace or
/// control character (browsers drop tabs and newlines from URLs, so `/\t/evil` would become
/// `//evil`).
pub fn safe_next(next: Option<&str>, fallback: &str) -> String {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n[1..].starts_with(['/', '\\'])
                && !n.contains('\\')
                && !n.chars().any(|c| c.is_whitespace() || c.is_control()) =>
        {
            n.to_owned()
        }
        _ => fallback.to_owned(),
    }
}

/// `s` for a query string value.
pub fn query_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A page request that failed: where to send the person, or what to tell them.
pub enum WebError {
    Redirect(String),
    Message {
        status: StatusCode,
        heading: &'static str,
        text: String,
    },
}

impl WebError {
    /// The page-level answer to an error a service gave, for a request to `path`.
    pub fn from_app(e: AppError, path: &str) -> Self {
        let back = query_escape(path);
        match e {
            AppError::Unauthenticated => Self::Redirect(format!("/sign-in?next={back}")),
            AppError::MfaRequired => Self::Redirect(format!("/sign-in/second-step?next={back}")),
            AppError::MfaSetupRequired(_) => Self::Redirect(format!("/setup-required?next={back}")),
            AppError::Unavailable => Self::Message {
                status: StatusCode::SERVICE_UNAVAILABLE,
                heading: "Temporarily unavailable",
                text: "The service cannot reach its database right now. Nothing was changed: \
                       wait a few seconds and try again."
                    .to_owned(),
            },
            AppError::CsrfFailed => Self::Message {
                status: StatusCode::FORBIDDEN,
                heading: "This form has expired",
                text: "Go back, reload the page and send the form again.".to_owned(),
            },
            other => {
                let p = other.problem();
                Self::Message {
                    status: StatusCode::from_u16(p.status)
                        .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
                    heading: "That did not work",
                    text: p.detail,
                }
            }
        }
    }
}

#[derive(Template)]
#[template(path = "message.html")]
struct MessagePage {
    chrome: Chrome,
    heading: &'static str,
    text: String,
    back: &'static str,
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        match self {
            Self::Redirect(to) => Redirect::to(&to).into_response(),
            Self::Message {
                status,
                heading,
                text,
            } => {
                let mut res = page(
                    status,
                    &MessagePage {
                        chrome: Chrome::signed_out(String::new()),
                        heading,
                        text,
                        back: "/",
                    },
                );
                if status == StatusCode::SERVICE_UNAVAILABLE {
                    res.headers_mut().insert(
                        header::RETRY_AFTER,
                        HeaderValue::from_static(crate::error::UNAVAILABLE_RETRY_AFTER),
                    );
                }
                res
            }
        }
    }
}

/// The session of the browser's cookie, if any.
///
/// # Errors
/// `Unauthenticated` without a live session.
pub async fn from_cookie(st: &AppState, headers: &HeaderMap) -> Result<Authenticated, AppError> {
    let token = cookies::get(st, Jar::Session, headers).ok_or(AppError::Unauthenticated)?;
    sessions::authenticate_cookie(st, &token).await
}

/// A redirect after a passed second step (or re-authentication), carrying the session's new
/// cookie (the step issued a new token) and, when remembered, the device's.
pub fn passed_redirect(st: &AppState, passed: &second_step::Passed, to: &str) -> Response {
    let mut res = Redirect::to(to).into_response();
    // The console's sessions are browsers' by construction (`from_cookie`).
    cookies::append(&mut res, cookies::after_step(st, passed, true));
    res
}

/// How much of the console a session may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Everything: the access decision must allow it.
    Full,
    /// The pages that set up a second factor or leave an organization: open to a session that
    /// an organization stops (`setup_required`), not to one still at the second step.
    Setup,
}

/// The signed-in session for a page, or where to send the browser instead.
///
/// # Errors
/// A redirect to sign in, to the second step or to the setup-required page.
pub async fn require(
    st: &AppState,
    headers: &HeaderMap,
    path: &str,
    need: Need,
) -> Result<Authenticated, WebError> {
    let auth = from_cookie(st, headers)
        .await
        .map_err(|e| WebError::from_app(e, path))?;
    match (decide(st, &auth), need) {
        (Decision::Allow, _) | (Decision::SetupRequired { .. }, Need::Setup) => Ok(auth),
        (Decision::SecondFactorRequired, _) => Err(WebError::from_app(AppError::MfaRequired, path)),
        (Decision::SetupRequired { .. }, Need::Full) => Err(WebError::from_app(
            AppError::MfaSetupRequired(Vec::new()),
            path,
        )),
        (Decision::Deny, _) => Err(WebError::from_app(
            AppError::Forbidden("this session may not do this"),
            path,
        )),
    }
}

/// Checks a signed-in form's CSRF token.
///
/// # Errors
/// `CsrfFailed` as a page.
pub fn check_csrf(st: &AppState, auth: &Authenticated, presented: &str) -> Result<(), WebError> {
    if domain::token::csrf_token_matches(st.key.bytes(), &auth.session.token_hash, presented) {
        Ok(())
    } else {
        Err(WebError::from_app(AppError::CsrfFailed, "/"))
    }
}

/// The signed-out forms' token (sign-in, sign-up: a double-submit token, since there is no
/// session to bind one to yet): a MAC of the browser's form cookie under the server's key (so
/// that a cookie planted by a sibling site cannot come with a matching field), and the cookie to
/// set when the browser has none.
pub fn form_token(st: &AppState, headers: &HeaderMap) -> (String, Option<String>) {
    if let Some(t) = cookies::get(st, Jar::Form, headers).and_then(|c| SecretToken::parse(&c)) {
        return (domain::token::csrf_token(st.key.bytes(), &t.hash()), None);
    }
    match SecretToken::generate() {
        Ok(t) => (
            domain::token::csrf_token(st.key.bytes(), &t.hash()),
            Some(t.expose().to_owned()),
        ),
        Err(_) => (String::new(), None),
    }
}

/// The `Set-Cookie` for a new signed-out form cookie.
pub fn form_cookie(st: &AppState, value: &str) -> String {
    cookies::set(st, Jar::Form, value, None)
}

/// Checks a signed-out form's token against the browser's cookie (the MAC compares in
/// constant time).
///
/// # Errors
/// `CsrfFailed` as a page.
pub fn check_form_token(
    st: &AppState,
    headers: &HeaderMap,
    presented: &str,
) -> Result<(), WebError> {
    let ok = cookies::get(st, Jar::Form, headers)
        .and_then(|c| SecretToken::parse(&c))
        .is_some_and(|t| domain::token::csrf_token_matches(st.key.bytes(), &t.hash(), presented));
    if ok {
        Ok(())
    } else {
        Err(WebError::from_app(AppError::CsrfFailed, "/"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_on_this_site_are_followed() {
        assert_eq!(safe_next(Some("/orgs/x"), "/"), "/orgs/x");
        for bad in [
            "//evil.example",
            "https://evil.example",
            "/\\evil",
            "orgs",
            "/\t/evil.example",
            "/\n/evil.example",
            "/a b",
            "",
        ] {
            assert_eq!(safe_next(Some(bad), "/home"), "/home", "{bad}");
        }
        assert_eq!(safe_next(None, "/home"), "/home");
    }

    #[test]
    fn query_values_are_escaped() {
        assert_eq!(query_escape("/a b?c=d&e"), "/a%20b%3Fc%3Dd%26e");
    }
}
