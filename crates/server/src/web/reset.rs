//! Forgotten passwords in the browser: ask for a link, then choose a new password from it.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use domain::Email;
use serde::Deserialize;

use super::account::signed_out_page;
use super::extract::{PublicForm, form_token};
use super::session::{Chrome, WebError, page};
use crate::error::AppError;
use crate::extract::ClientIp;
use crate::i18n::error_text;
use crate::services::password_reset;
use crate::state::AppState;

type WebResult = Result<Response, WebError>;

#[derive(Template)]
#[template(path = "reset_request.html")]
struct RequestPage {
    chrome: Chrome,
    email: String,
    sent: bool,
}

#[derive(Template)]
#[template(path = "reset_password.html")]
struct PasswordPage {
    chrome: Chrome,
    token: String,
}

pub async fn request_get(State(st): State<AppState>, headers: HeaderMap) -> Response {
    let (csrf, set) = form_token(&st, &headers);
    let html = page(
        StatusCode::OK,
        &RequestPage {
            chrome: Chrome::signed_out(csrf),
            email: String::new(),
            sent: false,
        },
    );
    signed_out_page(set, &st, html)
}

#[derive(Deserialize)]
pub struct RequestForm {
    email: String,
}

pub async fn request_post(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    PublicForm { csrf, form: f }: PublicForm<RequestForm>,
) -> WebResult {
    let again = |status: StatusCode, message: String, sent: bool| {
        let mut chrome = Chrome::signed_out(csrf.clone());
        chrome.error = (!sent).then_some(message);
        page(
            status,
            &RequestPage {
                chrome,
                email: f.email.clone(),
                sent,
            },
        )
    };
    let email = match Email::parse(&f.email) {
        Ok(e) => e,
        Err(e) => {
            return Ok(again(
                StatusCode::UNPROCESSABLE_ENTITY,
                error_text(&AppError::from(e)),
                false,
            ));
        }
    };
    match password_reset::request(&st, &email, ip.as_deref()).await {
        Ok(()) => Ok(again(StatusCode::OK, String::new(), true)),
        Err(e @ AppError::TooManyAttempts { .. }) => {
            Ok(again(StatusCode::TOO_MANY_REQUESTS, error_text(&e), false))
        }
        Err(e) => Err(WebError::from_app(e, "/password-reset")),
    }
}

/// The page of a link: a form for the new password (the link is checked when it is sent, so
/// that opening it, as mail scanners do, never uses it).
pub async fn password_get(
    State(st): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> WebResult {
    let token = domain::SecretToken::parse(&token)
        .ok_or_else(|| WebError::from_app(AppError::PasswordResetInvalid, "/password-reset"))?;
    let (csrf, set) = form_token(&st, &headers);
    let html = page(
        StatusCode::OK,
        &PasswordPage {
            chrome: Chrome::signed_out(csrf),
            token: token.expose().to_owned(),
        },
    );
    Ok(signed_out_page(set, &st, html))
}

#[derive(Deserialize)]
pub struct PasswordForm {
    new_password: String,
}

pub async fn password_post(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    Path(token): Path<String>,
    PublicForm { csrf, form: f }: PublicForm<PasswordForm>,
) -> WebResult {
    match password_reset::reset(&st, &token, &f.new_password, ip.as_deref()).await {
        Ok(()) => Ok(Redirect::to("/sign-in?flash=password_reset").into_response()),
        Err(e @ AppError::WeakPassword(_)) => {
            let mut chrome = Chrome::signed_out(csrf);
            chrome.error = Some(error_text(&e));
            let token = domain::SecretToken::parse(&token)
                .map(|t| t.expose().to_owned())
                .unwrap_or_default();
            Ok(page(
                StatusCode::UNPROCESSABLE_ENTITY,
                &PasswordPage { chrome, token },
            ))
        }
        Err(e) => Err(WebError::from_app(e, "/password-reset")),
    }
}
