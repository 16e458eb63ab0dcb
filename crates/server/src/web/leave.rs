//! Leaving in the browser: an organization, after a page that asks (a guest its requirement
//! stops may leave instead of setting up 2FA); and for good, the account's deletion, with its
//! password (and a recent second factor, which the security page asks for first), after a link
//! to download its data.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::extract::{CsrfForm, Here, NoFields, Setup, SetupRequired, WebSession};
use super::security::reauth_or;
use super::session::{Chrome, WebError, page};
use crate::cookies::{self, Jar};
use crate::error::AppError;
use crate::extract::ClientIp;
use crate::i18n;
use crate::services::signed_in::Authenticated;
use crate::services::{account_deletion, orgs};
use crate::state::AppState;

type WebResult = Result<Response, WebError>;

const PATH: &str = "/account/delete";

#[derive(Template)]
#[template(path = "delete_account.html")]
struct DeletePage {
    chrome: Chrome,
    email: String,
}

fn render(
    st: &AppState,
    auth: &Authenticated,
    status: StatusCode,
    error: Option<String>,
) -> Response {
    let mut chrome = Chrome::signed_in(st, auth);
    chrome.error = error;
    let p = DeletePage {
        chrome,
        email: auth.session.email.to_string(),
    };
    page(status, &p)
}

pub async fn delete_get(
    State(st): State<AppState>,
    WebSession { auth, .. }: WebSession<Setup, Here>,
) -> Response {
    render(&st, &auth, StatusCode::OK, None)
}

#[derive(Deserialize)]
pub struct DeleteForm {
    password: String,
}

pub async fn delete_post(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    CsrfForm { auth, form: f, .. }: CsrfForm<DeleteForm, Setup, Here>,
) -> WebResult {
    match account_deletion::delete(&st, &auth, &f.password, ip.as_deref()).await {
        Ok(()) => {
            let expired = cookies::expire(&st, Jar::Session);
            let to = Redirect::to("/sign-in?flash=account_deleted");
            Ok(([(header::SET_COOKIE, expired)], to).into_response())
        }
        Err(AppError::InvalidCredentials) => Ok(render(
            &st,
            &auth,
            StatusCode::UNAUTHORIZED,
            Some(i18n::current().t("sec-delete-wrong-password")),
        )),
        Err(e @ (AppError::LastOwnerOf(_) | AppError::TooManyAttempts { .. })) => {
            let status = if matches!(e, AppError::LastOwnerOf(_)) {
                StatusCode::CONFLICT
            } else {
                StatusCode::TOO_MANY_REQUESTS
            };
            Ok(render(&st, &auth, status, Some(i18n::error_text(&e))))
        }
        Err(e) => Err(reauth_or(e, &auth, PATH)),
    }
}

#[derive(Template)]
#[template(path = "confirm_leave.html")]
struct LeavePage {
    chrome: Chrome,
    id: String,
    name: String,
}

/// The organization in the path, among the caller's own (anything else is not found).
fn my_org(auth: &Authenticated, raw: &str) -> Result<(domain::OrgId, String), WebError> {
    let missing = || WebError::from_app(AppError::NotFound("organization"), "/");
    let id = domain::OrgId::parse(raw).map_err(|_| missing())?;
    auth.orgs
        .iter()
        .find(|m| m.org.id == id)
        .map(|m| (id.clone(), m.org.name.clone()))
        .ok_or_else(missing)
}

/// Asks before leaving: a member stopped by the organization's requirement may reach this page
/// (the security page's banner and the setup-required page link to it).
pub async fn org_leave_get(
    State(st): State<AppState>,
    WebSession { auth, .. }: WebSession<Setup, SetupRequired>,
    Path(raw): Path<String>,
) -> WebResult {
    let (id, name) = my_org(&auth, &raw)?;
    Ok(page(
        StatusCode::OK,
        &LeavePage {
            chrome: Chrome::signed_in(&st, &auth),
            id: id.to_string(),
            name,
        },
    ))
}

pub async fn org_leave_post(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    Path(raw): Path<String>,
    CsrfForm { auth, .. }: CsrfForm<NoFields, Setup, SetupRequired>,
) -> WebResult {
    let (org, _) = my_org(&auth, &raw)?;
    let me = auth.session.account_id.clone();
    orgs::remove(&st, &me, &org, &me, ip.as_deref())
        .await
        .map_err(|e| WebError::from_app(e, "/setup-required"))?;
    Ok(Redirect::to("/account/security?flash=left").into_response())
}
