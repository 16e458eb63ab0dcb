//! An organization's audit log, newest first, a page at a time.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use domain::page::Limit;
use serde::Deserialize;
use time::OffsetDateTime;

use super::extract::{Full, Here, WebSession};
use super::session::{Chrome, WebError, org_id, page};
use crate::error::AppError;
use crate::i18n;
use crate::services::orgs;
use crate::state::AppState;

type WebResult = Result<Response, WebError>;

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    chrome: Chrome,
    id: String,
    name: String,
    /// When, and what happened in a sentence.
    events: Vec<(String, String)>,
    next_cursor: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct AuditQuery {
    cursor: Option<String>,
}

pub async fn audit_get(
    State(st): State<AppState>,
    WebSession {
        auth, back: path, ..
    }: WebSession<Full, Here>,
    Path(raw): Path<String>,
    Query(q): Query<AuditQuery>,
) -> WebResult {
    let org = org_id(&raw)?;
    let caller = &auth.session.account_id;
    let before = q
        .cursor
        .as_deref()
        .filter(|c| !c.is_empty())
        .map(|c| {
            domain::AuditEventId::parse(c)
                .map_err(|_| WebError::from_app(AppError::NotFound("page"), &path))
        })
        .transpose()?;
    let limit = Limit::parse(Some(50)).map_err(|e| WebError::from_app(e.into(), &path))?;
    let (events, next) = orgs::audit_log(
        &st,
        caller,
        &org,
        before.as_ref().map(domain::AuditEventId::as_str),
        limit,
    )
    .await
    .map_err(|e| WebError::from_app(e, &path))?;
    let (found, _) = orgs::view(&st, caller, &org)
        .await
        .map_err(|e| WebError::from_app(e, &path))?;
    let names = orgs::audit_names(&st, &events)
        .await
        .map_err(|e| WebError::from_app(e, &path))?;
    let tr = i18n::current();
    let when = |t: OffsetDateTime| tr.date_time(t);
    Ok(page(
        StatusCode::OK,
        &AuditPage {
            chrome: Chrome::signed_in(&st, &auth),
            id: org.to_string(),
            name: found.name,
            events: events
                .into_iter()
                .map(|e| {
                    let said = super::audit_words::Said {
                        actor: e.actor.as_deref(),
                        action: &e.action,
                        target: e.target.as_deref(),
                        detail: e.detail.as_deref(),
                    };
                    (when(e.at), super::audit_words::sentence(&tr, &said, &names))
                })
                .collect(),
            next_cursor: next,
        },
    ))
}
