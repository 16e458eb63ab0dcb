//! Forgotten passwords: `/api/v1/password-reset`.

use axum::extract::State;
use axum::http::StatusCode;
use domain::Email;
use proto::Problem;
use proto::accounts::{RequestPasswordReset, ResetPassword};

use crate::error::AppResult;
use crate::extract::{AppJson, AppPath, ClientIp};
use crate::services::password_reset;
use crate::state::AppState;

/// Ask for a password-reset link: emailed when an account has the address. The answer is the
/// same for every address.
#[utoipa::path(post, path = "/api/v1/password-reset", tag = "accounts", security(()),
    request_body = RequestPasswordReset, responses(
    (status = 202, description = "if an account has this address, a link is on its way"),
    (status = 422, description = "validation_failed: not an email address", body = Problem),
    (status = 429, description = "rate_limited: too many requests for this address or from this source", body = Problem),
))]
pub async fn reset_request(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    AppJson(body): AppJson<RequestPasswordReset>,
) -> AppResult<StatusCode> {
    let email = Email::parse(&body.email)?;
    password_reset::request(&st, &email, ip.as_deref()).await?;
    Ok(StatusCode::ACCEPTED)
}

/// Choose a new password with the emailed link: single use, 30 minutes. Every session ends and
/// remembered devices are forgotten; the next sign-in still asks for the second factor.
#[utoipa::path(post, path = "/api/v1/password-reset/{token}", tag = "accounts", security(()),
    params(("token" = String, Path)), request_body = ResetPassword, responses(
    (status = 204, description = "the password is changed"),
    (status = 404, description = "password_reset_invalid: unknown, used or expired link", body = Problem),
    (status = 422, description = "weak_password", body = Problem),
))]
pub async fn reset_confirm(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    AppPath(token): AppPath<String>,
    AppJson(body): AppJson<ResetPassword>,
) -> AppResult<StatusCode> {
    password_reset::reset(&st, &token, &body.new_password, ip.as_deref()).await?;
    Ok(StatusCode::NO_CONTENT)
}
