//! What every page shares: the layout's chrome, how dates show, safe redirects, and how errors
//! become pages or redirects. Who may see a page and the forms' CSRF checks are in `extract.rs`.

use askama::Template;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};

use crate::cookies;
use crate::error::AppError;
use crate::i18n::{self, Tr};
use crate::services::second_step;
use crate::services::signed_in::Authenticated;
use crate::state::AppState;

/// What every page's layout needs.
pub struct Chrome {
    pub css: String,
    pub js: String,
    pub who: Option<String>,
    pub csrf: String,
    pub flash: Option<String>,
    pub error: Option<String>,
    /// The words of the page's language.
    pub tr: Tr,
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
            tr: auth.session.locale.map_or_else(i18n::current, Tr::new),
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
            tr: i18n::current(),
        }
    }
}

/// A date as the page's language writes it: `5 Dec 2026`, `5 déc. 2026`.
pub fn day(t: time::OffsetDateTime) -> String {
    i18n::current().date(t)
}

/// A moment as the page's language writes it, in UTC: `5 Dec 2026, 14:05 UTC`.
pub fn day_time(t: time::OffsetDateTime) -> String {
    i18n::current().date_time(t)
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
        heading: String,
        text: String,
    },
}

impl WebError {
    /// The page-level answer to an error a service gave, for a request to `path`.
    pub fn from_app(e: AppError, path: &str) -> Self {
        crate::observe::problem(e.code().as_str());
        let back = query_escape(path);
        match e {
            AppError::Unauthenticated => Self::Redirect(format!("/sign-in?next={back}")),
            AppError::MfaRequired => Self::Redirect(format!("/sign-in/second-step?next={back}")),
            AppError::MfaSetupRequired(_) => Self::Redirect(format!("/setup-required?next={back}")),
            AppError::Unavailable => {
                let tr = i18n::current();
                Self::Message {
                    status: StatusCode::SERVICE_UNAVAILABLE,
                    heading: tr.t("error-unavailable-heading"),
                    text: tr.t("error-unavailable-text"),
                }
            }
            AppError::CsrfFailed => {
                let tr = i18n::current();
                Self::Message {
                    status: StatusCode::FORBIDDEN,
                    heading: tr.t("error-form-expired-heading"),
                    text: tr.t("error-form-expired-text"),
                }
            }
            other => Self::Message {
                status: other.status(),
                heading: i18n::current().t("error-failed-heading"),
                text: i18n::error_text(&other),
            },
        }
    }
}

/// The page for an address the console does not have, with the header of whoever asks (signed
/// in or not); API paths keep their problem document.
pub async fn not_found(
    axum::extract::State(st): axum::extract::State<AppState>,
    session: Option<super::extract::WebSession<super::extract::Step>>,
    uri: axum::http::Uri,
) -> Response {
    let path = uri.path();
    let machine = [
        "/api/",
        "/oidc/",
        "/.well-known/",
        "/forward-auth/",
        "/static/",
    ];
    if machine.iter().any(|p| path.starts_with(p)) {
        return AppError::BadRequest {
            code: proto::ErrorCode::NotFound,
            detail: "no such route".into(),
        }
        .into_response();
    }
    let tr = i18n::current();
    let chrome = match &session {
        Some(s) => Chrome::signed_in(&st, &s.auth),
        None => Chrome::signed_out(String::new()),
    };
    let mut res = page(
        StatusCode::NOT_FOUND,
        &MessagePage {
            chrome,
            heading: tr.t("error-not-found-heading"),
            text: tr.t("error-not-found-text"),
            back: "/",
        },
    );
    res.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(super::CSP),
    );
    res
}

#[derive(Template)]
#[template(path = "message.html")]
struct MessagePage {
    chrome: Chrome,
    heading: String,
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

#[derive(Template)]
#[template(path = "continue.html")]
struct ContinuePage {
    chrome: Chrome,
    to: String,
}

/// Where a form's answer sends the browser. Browsers apply a page's CSP `form-action` to every
/// redirect that follows the form's post, so a chain that ends at another site (an authorization
/// answered with a code, a forward-auth return, a post-logout URI) would be blocked there: those
/// continue from a page of ours, by a plain navigation (a refresh, and a link).
pub fn after_form(to: &str) -> Response {
    let stays =
        to.starts_with('/') && !to.starts_with("/oidc/") && !to.starts_with("/forward-auth/");
    if stays {
        return Redirect::to(to).into_response();
    }
    page(
        StatusCode::OK,
        &ContinuePage {
            chrome: Chrome::signed_out(String::new()),
            to: to.to_owned(),
        },
    )
}

/// A redirect after a passed second step (or re-authentication), carrying the session's new
/// cookie (the step issued a new token) and, when remembered, the device's.
pub fn passed_redirect(st: &AppState, passed: &second_step::Passed, to: &str) -> Response {
    let mut res = after_form(to);
    // The console's sessions are browsers' by construction (`WebSession`).
    cookies::append(&mut res, cookies::after_step(st, passed, true));
    res
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
