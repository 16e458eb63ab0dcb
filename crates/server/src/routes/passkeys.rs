//! Signing in with a passkey alone (`/sessions/passkey`).

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use proto::Problem;
use proto::accounts::{PasskeyChallenge, PasskeySignIn, SessionCreated};

use crate::error::{AppError, AppResult};
use crate::extract::{AppJson, ClientIp};
use crate::services::passkeys;
use crate::state::AppState;

/// Start signing in with a passkey.
#[utoipa::path(post, path = "/api/v1/sessions/passkey", tag = "sessions", security(()), responses(
    (status = 201, body = PasskeyChallenge),
    (status = 409, description = "webauthn_unavailable", body = Problem),
))]
pub async fn passkey_start(
    State(st): State<AppState>,
) -> AppResult<(StatusCode, axum::Json<PasskeyChallenge>)> {
    let started = passkeys::start(&st)?;
    Ok((
        StatusCode::CREATED,
        axum::Json(PasskeyChallenge {
            challenge_id: started.challenge_id,
            options: serde_json::to_value(&started.options)
                .map_err(|e| AppError::internal_from("webauthn options", e))?,
            expires_at: started.expires_at,
        }),
    ))
}

/// Sign in with a passkey's answer: a session at `aal2`, its `state` from the organizations'
/// policies like any sign-in.
#[utoipa::path(post, path = "/api/v1/sessions/passkey/verify", tag = "sessions", security(()), request_body = PasskeySignIn, responses(
    (status = 201, body = SessionCreated, description = "also sets the twofold_session cookie"),
    (status = 401, description = "invalid_code: the answer does not sign in (unknown, used or expired challenge, not a passkey of the account it names, bad signature, no user verification)", body = Problem),
    (status = 409, description = "webauthn_unavailable", body = Problem),
    (status = 422, description = "validation_failed: no challenge_id, or no credential", body = Problem),
    (status = 429, description = "too_many_attempts, with Retry-After", body = Problem),
))]
pub async fn passkey_verify(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    AppJson(body): AppJson<PasskeySignIn>,
) -> AppResult<Response> {
    let caller = super::accounts::caller(&st, body.client.as_deref(), body.remember, ip, &headers)?;
    let client = caller.client;
    let answer = passkeys::Answer::parse(body.challenge_id, body.credential, caller)?;
    let signed_in = passkeys::sign_in(&st, answer).await?;
    Ok(super::accounts::created(&st, signed_in, client))
}
