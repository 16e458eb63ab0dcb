//! A new email address in the browser: asked on the security page, confirmed from the link sent
//! to the new address while signed in (opening the link changes nothing; its form does).

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::Email;
use serde::Deserialize;

use super::extract::{CsrfForm, Here, NoFields, Security, Setup, WebSession};
use super::security::{SecurityExtras, reauth_or, security_page};
use super::session::{Chrome, WebError, page};
use crate::error::AppError;
use crate::extract::ClientIp;
use crate::i18n;
use crate::services::email_change;
use crate::state::AppState;

type WebResult = Result<Response, WebError>;

const SECURITY: &str = "/account/security";

#[derive(Deserialize)]
pub struct EmailForm {
    email: String,
    password: Option<String>,
}

pub async fn email_post(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    CsrfForm { auth, form: f, .. }: CsrfForm<EmailForm, Setup, Security>,
) -> WebResult {
    let password = f.password.as_deref().filter(|p| !p.is_empty());
    let asked = match Email::parse(&f.email) {
        Ok(email) => email_change::request(&st, &auth, &email, password, ip.as_deref()).await,
        Err(e) => Err(e.into()),
    };
    // What the holder can correct is said on the security page, next to the form.
    let (status, message) = match asked {
        Ok(()) => {
            return Ok(Redirect::to("/account/security?flash=email_link_sent").into_response());
        }
        Err(e @ AppError::Validation(_)) => {
            (StatusCode::UNPROCESSABLE_ENTITY, i18n::error_text(&e))
        }
        Err(AppError::InvalidCredentials) => (
            StatusCode::UNAUTHORIZED,
            i18n::current().t("sec-email-wrong-password"),
        ),
        Err(e @ AppError::TooManyAttempts { .. }) => {
            (StatusCode::TOO_MANY_REQUESTS, i18n::error_text(&e))
        }
        Err(e) => return Err(reauth_or(e, &auth, SECURITY)),
    };
    let extras = SecurityExtras {
        status: Some(status),
        error: Some(message),
        ..SecurityExtras::default()
    };
    security_page(&st, &auth, SECURITY.to_owned(), extras).await
}

#[derive(Template)]
#[template(path = "email_confirm.html")]
struct ConfirmPage {
    chrome: Chrome,
    token: String,
}

fn token_of(raw: &str) -> Result<String, WebError> {
    domain::SecretToken::parse(raw)
        .map(|t| t.expose().to_owned())
        .ok_or_else(|| WebError::from_app(AppError::EmailChangeInvalid, SECURITY))
}

pub async fn confirm_get(
    State(st): State<AppState>,
    Path(raw): Path<String>,
    WebSession { auth, .. }: WebSession<Setup, Here>,
) -> WebResult {
    let token = token_of(&raw)?;
    Ok(page(
        StatusCode::OK,
        &ConfirmPage {
            chrome: Chrome::signed_in(&st, &auth),
            token,
        },
    ))
}

pub async fn confirm_post(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    Path(raw): Path<String>,
    CsrfForm { auth, .. }: CsrfForm<NoFields, Setup, Here>,
) -> WebResult {
    let token = token_of(&raw)?;
    email_change::confirm(&st, &auth, &token, ip.as_deref())
        .await
        .map_err(|e| WebError::from_app(e, SECURITY))?;
    Ok(Redirect::to("/account/security?flash=email_changed").into_response())
}
