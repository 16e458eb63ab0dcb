//! Where you're signed in: the account's sessions, each with a button to end it, and one to end
//! all the others.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::extract::{CsrfForm, Here, NoFields, Sessions, Setup, WebSession};
use super::session::{Chrome, WebError, day_time, page};
use crate::error::AppError;
use crate::extract::ClientIp;
use crate::i18n::Tr;
use crate::services::my_sessions;
use crate::state::AppState;

type WebResult = Result<Response, WebError>;

const PATH: &str = "/account/sessions";

struct SessionRow {
    id: String,
    browser: String,
    ip: String,
    created: String,
    seen: String,
    current: bool,
    pending: bool,
}

#[derive(Template)]
#[template(path = "sessions.html")]
struct SessionsPage {
    chrome: Chrome,
    sessions: Vec<SessionRow>,
    others: bool,
}

#[derive(Deserialize, Default)]
pub struct SessionsQuery {
    flash: Option<String>,
}

pub async fn sessions_get(
    State(st): State<AppState>,
    WebSession { auth, .. }: WebSession<Setup, Here>,
    Query(q): Query<SessionsQuery>,
) -> WebResult {
    let list = my_sessions::list(&st, &auth)
        .await
        .map_err(|e| WebError::from_app(e, PATH))?;
    let mut chrome = Chrome::signed_in(&st, &auth);
    let tr = chrome.tr;
    chrome.flash = match q.flash.as_deref() {
        Some("ended") => Some(tr.t("sec-sessions-ended")),
        Some("others") => Some(tr.t("sec-sessions-others-ended")),
        _ => None,
    };
    let others = list.iter().any(|s| !s.current);
    Ok(page(
        StatusCode::OK,
        &SessionsPage {
            chrome,
            others,
            sessions: list
                .into_iter()
                .map(|s| SessionRow {
                    id: s.id.to_string(),
                    browser: browser(tr, &s.browser),
                    ip: s.ip.unwrap_or_else(|| tr.t("sec-unknown-address")),
                    created: day_time(s.created_at),
                    seen: day_time(s.last_seen_at),
                    current: s.current,
                    pending: s.pending,
                })
                .collect(),
        },
    ))
}

/// A session's program ("Firefox on Linux", from `domain::user_agent::describe`) in the page's
/// language. That description joins its browser and system with English words; their names
/// stay, the words are said again with `tr`.
pub(super) fn browser(tr: Tr, described: &str) -> String {
    if described == "Unknown client" {
        return tr.t("sec-ua-unknown");
    }
    if let Some(os) = described.strip_prefix("A browser on ") {
        return tr.t1("sec-ua-a-browser-on", "os", os);
    }
    match described.split_once(" on ") {
        Some((browser, os)) => tr.t2("sec-ua-on", "browser", browser, "os", os),
        None => described.to_owned(),
    }
}

pub async fn session_end_post(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    CsrfForm { auth, .. }: CsrfForm<NoFields, Setup, Sessions>,
) -> WebResult {
    let fail = |e| WebError::from_app(e, PATH);
    let id = domain::SessionId::parse(&id).map_err(|_| fail(AppError::NotFound("session")))?;
    match my_sessions::end_one(&st, &auth, &id, ip.as_deref()).await {
        Ok(()) => Ok(Redirect::to(&format!("{PATH}?flash=ended")).into_response()),
        // Ended meanwhile (elsewhere, or it expired): the list shows what is left.
        Err(AppError::NotFound(_)) => Ok(Redirect::to(PATH).into_response()),
        Err(e) => Err(fail(e)),
    }
}

pub async fn sessions_end_others_post(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    CsrfForm { auth, .. }: CsrfForm<NoFields, Setup, Sessions>,
) -> WebResult {
    my_sessions::end_others(&st, &auth, ip.as_deref())
        .await
        .map_err(|e| WebError::from_app(e, PATH))?;
    Ok(Redirect::to(&format!("{PATH}?flash=others")).into_response())
}

#[cfg(test)]
mod tests {
    use super::browser;
    use crate::i18n::Tr;
    use domain::Locale;

    #[test]
    fn browsers_are_described_in_the_page_language() {
        let (en, de) = (Tr::new(Locale::En), Tr::new(Locale::De));
        for ua in [
            None,
            Some("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"),
            Some("curl/8.5.0"),
            Some("Mozilla/5.0 (Windows NT 10.0; Win64; x64)"),
        ] {
            let described = domain::user_agent::describe(ua);
            assert_eq!(browser(en, &described), described);
        }
        let firefox =
            domain::user_agent::describe(Some("Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"));
        assert_eq!(browser(de, &firefox), "Firefox unter Linux");
        assert_eq!(
            browser(de, "A browser on Windows"),
            "Ein Browser unter Windows"
        );
        assert_eq!(browser(de, "Unknown client"), "Unbekannter Client");
        assert_eq!(browser(de, "curl"), "curl");
    }
}
