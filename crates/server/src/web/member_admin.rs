//! What managers could only do through the API: a member's own deadline to set up 2FA, and
//! resetting the 2FA of a member whose account the organization manages (after a confirmation
//! page). Both need a second factor the manager passed recently, as in the API.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::extract::{CsrfForm, Full, Here, Members, NoFields, WebSession};
use super::orgs::user_id;
use super::security::reauth_or;
use super::session::{Chrome, WebError, org_id, page};
use crate::error::AppError;
use crate::extract::ClientIp;
use crate::services::{compliance, management, orgs};
use crate::state::AppState;

type WebResult = Result<Response, WebError>;

#[derive(Deserialize)]
pub struct DeadlineForm {
    /// `YYYY-MM-DD` (a date input), or empty for the organization's deadline.
    deadline: String,
}

/// The date a date input sends, as the start of that day (UTC); empty is none.
fn parse_day(raw: &str) -> Result<Option<time::OffsetDateTime>, AppError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(raw, format)
        .map(|d| Some(d.midnight().assume_utc()))
        .map_err(|_| {
            domain::ValidationError::new("deadline", "must be a date like 2027-01-31").into()
        })
}

pub async fn deadline_post(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    Path((raw, user)): Path<(String, String)>,
    CsrfForm {
        auth,
        back: path,
        form: f,
        ..
    }: CsrfForm<DeadlineForm, Full, Members>,
) -> WebResult {
    let org = org_id(&raw)?;
    let member = user_id(&user, &path)?;
    let deadline = parse_day(&f.deadline).map_err(|e| WebError::from_app(e, &path))?;
    let back = format!("/orgs/{org}/members/{member}");
    compliance::set_member_deadline(&st, &auth, &org, &member, deadline, ip.as_deref())
        .await
        .map_err(|e| reauth_or(e, &auth, &back))?;
    Ok(Redirect::to(&format!("{back}?flash=deadline")).into_response())
}

#[derive(Template)]
#[template(path = "confirm_reset_mfa.html")]
struct ConfirmResetPage {
    chrome: Chrome,
    id: String,
    name: String,
    user_id: String,
    member_name: String,
    email: String,
}

pub async fn reset_get(
    State(st): State<AppState>,
    WebSession {
        auth, back: path, ..
    }: WebSession<Full, Here>,
    Path((raw, user)): Path<(String, String)>,
) -> WebResult {
    let org = org_id(&raw)?;
    let member = user_id(&user, &path)?;
    let caller = &auth.session.account_id;
    let (found, _) = orgs::view(&st, caller, &org)
        .await
        .map_err(|e| WebError::from_app(e, &path))?;
    let (m, _) = orgs::member_of(&st, caller, &org, &member)
        .await
        .map_err(|e| WebError::from_app(e, &path))?;
    Ok(page(
        StatusCode::OK,
        &ConfirmResetPage {
            chrome: Chrome::signed_in(&st, &auth),
            id: org.to_string(),
            name: found.name,
            user_id: member.to_string(),
            member_name: m.name,
            email: m.email.to_string(),
        },
    ))
}

pub async fn reset_post(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    Path((raw, user)): Path<(String, String)>,
    CsrfForm {
        auth, back: path, ..
    }: CsrfForm<NoFields, Full, Members>,
) -> WebResult {
    let org = org_id(&raw)?;
    let member = user_id(&user, &path)?;
    let back = format!("/orgs/{org}/members/{member}");
    management::reset_member_mfa(&st, &auth, &org, &member, ip.as_deref())
        .await
        .map_err(|e| reauth_or(e, &auth, &back))?;
    Ok(Redirect::to(&format!("{back}?flash=mfa_reset")).into_response())
}
