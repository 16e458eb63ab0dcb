//! Sign-ins waiting for this account's approval, answered from a browser where it is signed in
//! with a second factor: pick the number the sign-in shows, deny it, or report it.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::push::{Answer, Outcome};
use serde::Deserialize;

use super::extract::{CsrfForm, Full, Requests, WebSession};
use super::session::{Chrome, WebError, day_time, page};
use crate::error::AppError;
use crate::services::push;
use crate::state::AppState;

type WebResult = Result<Response, WebError>;

const PATH: &str = "/account/sign-in-requests";

struct RequestRow {
    id: String,
    from: String,
    browser: String,
    at: String,
    choices: Vec<u8>,
}

#[derive(Template)]
#[template(path = "sign_in_requests.html")]
struct RequestsPage {
    chrome: Chrome,
    requests: Vec<RequestRow>,
}

#[derive(Deserialize, Default)]
pub struct RequestsQuery {
    flash: Option<String>,
}

pub async fn requests_get(
    State(st): State<AppState>,
    WebSession { auth, .. }: WebSession<Full, Requests>,
    Query(q): Query<RequestsQuery>,
) -> WebResult {
    let requests = push::session_requests(&st, &auth)
        .await
        .map_err(|e| WebError::from_app(e, PATH))?;
    let mut chrome = Chrome::signed_in(&st, &auth);
    let tr = chrome.tr;
    chrome.flash = match q.flash.as_deref() {
        Some("approved") => Some(tr.t("sec-approved")),
        Some("denied") => Some(tr.t("sec-denied")),
        Some("reported") => Some(tr.t("sec-reported")),
        _ => None,
    };
    Ok(page(
        StatusCode::OK,
        &RequestsPage {
            chrome,
            requests: requests
                .into_iter()
                .map(|r| RequestRow {
                    id: r.challenge.id.to_string(),
                    from: match (r.challenge.ip, r.challenge.place) {
                        (Some(ip), Some(place)) => format!("{ip} ({place})"),
                        (Some(ip), None) => ip,
                        (None, Some(place)) => place,
                        (None, None) => tr.t("sec-from-unknown"),
                    },
                    browser: r
                        .challenge
                        .user_agent
                        .unwrap_or_else(|| tr.t("sec-browser-unknown")),
                    at: day_time(r.challenge.created_at),
                    choices: r.choices,
                })
                .collect(),
        },
    ))
}

#[derive(Deserialize)]
pub struct AnswerForm {
    decision: String,
    number: Option<u8>,
    not_me: Option<String>,
}

pub async fn request_post(
    State(st): State<AppState>,
    Path(id): Path<String>,
    CsrfForm { auth, form: f, .. }: CsrfForm<AnswerForm, Full, Requests>,
) -> WebResult {
    let fail = |e| WebError::from_app(e, PATH);
    let id = domain::PushChallengeId::parse(&id)
        .map_err(|_| fail(AppError::NotFound("sign-in request")))?;
    let answer =
        Answer::parse(&f.decision, f.number, f.not_me.is_some()).map_err(|e| fail(e.into()))?;
    match push::session_answer(&st, &auth, &id, answer).await {
        Ok(outcome) => {
            let flash = match outcome {
                Outcome::Approved => "approved",
                Outcome::Denied => "denied",
                Outcome::Reported => "reported",
            };
            Ok(Redirect::to(&format!("{PATH}?flash={flash}")).into_response())
        }
        // Answered meanwhile, elsewhere, or expired: the list shows what is left.
        Err(AppError::PushChallengeInvalid | AppError::NotFound(_)) => {
            Ok(Redirect::to(PATH).into_response())
        }
        Err(e) => Err(fail(e)),
    }
}
