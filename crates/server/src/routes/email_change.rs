//! A new email address: `/api/v1/me/email`.

use axum::extract::State;
use axum::http::StatusCode;
use domain::Email;
use proto::Problem;
use proto::accounts::{ChangeEmail, ConfirmEmail, EmailChanged};

use crate::error::AppResult;
use crate::extract::{AppJson, ClientIp, MeSession};
use crate::services::email_change;
use crate::state::AppState;

/// Ask to change the account's address: the new one gets a confirmation link, the current one is
/// told. Needs a recent second factor when the account has 2FA.
#[utoipa::path(post, path = "/api/v1/me/email", tag = "me", request_body = ChangeEmail, responses(
    (status = 202, description = "a link is on its way to the new address"),
    (status = 401, description = "invalid_credentials: an account without 2FA sends its current password", body = Problem),
    (status = 429, description = "too_many_attempts", body = Problem),
    (status = 403, description = "reauthentication_required", body = Problem),
    (status = 422, description = "validation_failed", body = Problem),
))]
pub async fn email_change_request(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    MeSession(auth): MeSession,
    AppJson(body): AppJson<ChangeEmail>,
) -> AppResult<StatusCode> {
    let new = Email::parse(&body.email)?;
    email_change::request(&st, &auth, &new, body.password.as_deref(), ip.as_deref()).await?;
    Ok(StatusCode::ACCEPTED)
}

/// Confirm the new address with the token of the link sent to it, signed in to the account
/// that asked.
#[utoipa::path(post, path = "/api/v1/me/email/confirm", tag = "me", request_body = ConfirmEmail, responses(
    (status = 200, body = EmailChanged),
    (status = 404, description = "email_change_invalid: unknown, used, expired or another account's link", body = Problem),
    (status = 409, description = "email_taken", body = Problem),
))]
pub async fn email_change_confirm(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    MeSession(auth): MeSession,
    AppJson(body): AppJson<ConfirmEmail>,
) -> AppResult<axum::Json<EmailChanged>> {
    let email = email_change::confirm(&st, &auth, &body.token, ip.as_deref()).await?;
    Ok(axum::Json(EmailChanged {
        email: email.to_string(),
    }))
}
