//! Proving a new account's address: `/api/v1/accounts/verify`.

use axum::extract::State;
use axum::http::StatusCode;
use domain::Email;
use proto::Problem;
use proto::accounts::{AccountVerified, ResendVerification, VerifyAccount};

use crate::error::AppResult;
use crate::extract::{AppJson, ClientIp};
use crate::services::signup;
use crate::state::AppState;

/// Prove the address with the link emailed at sign-up; the account can sign in from now on.
#[utoipa::path(post, path = "/api/v1/accounts/verify", tag = "accounts", security(()),
    request_body = VerifyAccount, responses(
    (status = 200, body = AccountVerified),
    (status = 404, description = "verification_invalid: unknown, used or expired link", body = Problem),
))]
pub async fn verify(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    AppJson(body): AppJson<VerifyAccount>,
) -> AppResult<axum::Json<AccountVerified>> {
    let (id, email) = signup::verify(&st, &body.token, ip.as_deref()).await?;
    Ok(axum::Json(AccountVerified {
        id: id.to_string(),
        email: email.to_string(),
    }))
}

/// Ask for a new link (the older one stops working). The answer is the same for every address.
#[utoipa::path(post, path = "/api/v1/accounts/verify/resend", tag = "accounts", security(()),
    request_body = ResendVerification, responses(
    (status = 202, description = "if an account waits for this address's link, a new one is on its way"),
    (status = 422, description = "validation_failed: not an email address", body = Problem),
    (status = 429, description = "too_many_attempts: too many requests for this address or from this source", body = Problem),
))]
pub async fn resend(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    AppJson(body): AppJson<ResendVerification>,
) -> AppResult<StatusCode> {
    let email = Email::parse(&body.email)?;
    signup::resend(&st, &email, ip.as_deref()).await?;
    Ok(StatusCode::ACCEPTED)
}
