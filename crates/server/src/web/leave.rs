//! Leaving for good in the browser: the account's deletion, with its password (and a recent
//! second factor, which the security page asks for first), after a link to download its data.

use askama::Template;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::extract::{CsrfForm, Here, Setup, WebSession};
use super::security::reauth_or;
use super::session::{Chrome, WebError, page};
use crate::cookies::{self, Jar};
use crate::error::AppError;
use crate::extract::ClientIp;
use crate::i18n;
use crate::services::account_deletion;
use crate::services::signed_in::Authenticated;
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
