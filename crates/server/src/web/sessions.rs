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
    chrome.flash = match q.flash.as_deref() {
        Some("ended") => Some("That session is signed out.".to_owned()),
        Some("others") => Some("Every other session is signed out.".to_owned()),
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
                    browser: s.browser,
                    ip: s.ip.unwrap_or_else(|| "unknown".to_owned()),
                    created: day_time(s.created_at),
                    seen: day_time(s.last_seen_at),
                    current: s.current,
                    pending: s.pending,
                })
                .collect(),
        },
    ))
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
