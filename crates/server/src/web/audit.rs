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
    events: Vec<(String, String, String, String)>,
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
                    (
                        when(e.at),
                        e.actor.unwrap_or_else(|| "twofold".to_owned()),
                        e.action,
                        e.target.unwrap_or_default(),
                    )
                })
                .collect(),
            next_cursor: next,
        },
    ))
}
