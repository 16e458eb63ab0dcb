//! The account's own second-factor methods and recovery codes (`/me/mfa`, `/me/recovery-codes`).

use axum::extract::State;
use axum::http::StatusCode;
use domain::totp::TotpCode;
use domain::{MethodId, MethodKind};
use proto::Problem;
use proto::mfa::{
    CreateTotp, MethodUpdated, MethodVerified, MfaOverview, RecoveryCodes, TotpEnrollment,
    VerifyTotp,
};

use crate::error::{AppError, AppResult};
use crate::extract::{AnySession, AppJson, AppPath, ClientIp, MeSession, OptionalJson};
use crate::services::factors;
use crate::services::{mfa, sms, webauthn};
use crate::state::AppState;

/// A verified method's answer: the method, and the recovery codes with the account's first.
pub(crate) fn verified(
    method: proto::mfa::MethodView,
    codes: Option<Vec<domain::recovery::RecoveryCode>>,
) -> MethodVerified {
    MethodVerified {
        method,
        recovery_codes: codes.map(|c| c.iter().map(|c| c.grouped()).collect()),
    }
}

/// A malformed id names nothing that exists: 404, like an unknown one.
pub(crate) fn method_id(raw: &str) -> AppResult<MethodId> {
    MethodId::parse(raw).map_err(|_| AppError::NotFound("method"))
}

/// The account's methods and how many recovery codes are left.
#[utoipa::path(get, path = "/api/v1/me/mfa", tag = "me", responses(
    (status = 200, body = MfaOverview),
    (status = 401, body = Problem),
))]
pub async fn mfa_get(
    State(st): State<AppState>,
    MeSession(auth): MeSession,
) -> AppResult<axum::Json<MfaOverview>> {
    let (methods, recovery_codes_left) = mfa::overview(&st, &auth.session.account_id).await?;
    Ok(axum::Json(MfaOverview {
        methods,
        recovery_codes_left,
    }))
}

/// Turn 2FA off: every method, the recovery codes and the remembered devices go.
#[utoipa::path(delete, path = "/api/v1/me/mfa", tag = "me", responses(
    (status = 204, description = "2FA is off"),
    (status = 403, description = "reauthentication_required", body = Problem),
    (status = 409, description = "mfa_required_by_org", body = Problem),
))]
pub async fn mfa_delete(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    MeSession(auth): MeSession,
) -> AppResult<StatusCode> {
    mfa::disable(&st, &auth, ip.as_deref()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Start adding an authenticator app: a fresh secret, pending until verified.
#[utoipa::path(post, path = "/api/v1/me/mfa/totp", tag = "me", request_body = Option<CreateTotp>, responses(
    (status = 201, body = TotpEnrollment),
    (status = 403, description = "reauthentication_required", body = Problem),
    (status = 422, body = Problem),
))]
pub async fn totp_create(
    State(st): State<AppState>,
    MeSession(auth): MeSession,
    OptionalJson(body): OptionalJson<CreateTotp>,
) -> AppResult<(StatusCode, axum::Json<TotpEnrollment>)> {
    let e = mfa::enroll_totp(&st, &auth, body.label.as_deref()).await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(TotpEnrollment {
            id: e.id.to_string(),
            secret: e.secret.base32(),
            otpauth_uri: e.otpauth_uri,
            qr_svg: e.qr_svg,
            expires_at: e.expires_at,
        }),
    ))
}

/// Prove an authenticator app with its current code. The first method also returns recovery
/// codes, shown this once.
#[utoipa::path(post, path = "/api/v1/me/mfa/totp/{id}/verify", tag = "me", params(("id" = String, Path)),
    request_body = VerifyTotp, responses(
    (status = 200, body = MethodVerified),
    (status = 401, description = "invalid_code", body = Problem),
    (status = 404, description = "no such pending enrollment (or it expired)", body = Problem),
    (status = 422, body = Problem),
))]
pub async fn totp_verify(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    MeSession(auth): MeSession,
    AppPath(id): AppPath<String>,
    AppJson(body): AppJson<VerifyTotp>,
) -> AppResult<axum::Json<MethodVerified>> {
    let id = method_id(&id)?;
    let code = TotpCode::parse(&body.code)?;
    let (method, codes) =
        factors::verify_code(&st, &auth, &id, MethodKind::Totp, &code, ip.as_deref()).await?;
    Ok(axum::Json(verified(method, codes)))
}

/// Make a method the one proposed first at sign-in.
#[utoipa::path(post, path = "/api/v1/me/mfa/{id}/default", tag = "me", params(("id" = String, Path)), responses(
    (status = 200, body = MethodUpdated),
    (status = 403, description = "reauthentication_required", body = Problem),
    (status = 404, body = Problem),
))]
pub async fn method_default(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    MeSession(auth): MeSession,
    AppPath(id): AppPath<String>,
) -> AppResult<axum::Json<MethodUpdated>> {
    let id = method_id(&id)?;
    let method = mfa::set_default(&st, &auth, &id, ip.as_deref()).await?;
    Ok(axum::Json(MethodUpdated { method }))
}

/// Remove a method; removing the last one turns 2FA off.
#[utoipa::path(delete, path = "/api/v1/me/mfa/{id}", tag = "me", params(("id" = String, Path)), responses(
    (status = 204, description = "removed"),
    (status = 403, description = "reauthentication_required", body = Problem),
    (status = 404, body = Problem),
    (status = 409, description = "mfa_required_by_org", body = Problem),
))]
pub async fn method_delete(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    MeSession(auth): MeSession,
    AppPath(id): AppPath<String>,
) -> AppResult<StatusCode> {
    let id = method_id(&id)?;
    mfa::remove(&st, &auth, &id, ip.as_deref()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A new set of recovery codes; the old set stops working.
#[utoipa::path(post, path = "/api/v1/me/recovery-codes", tag = "me", responses(
    (status = 201, body = RecoveryCodes),
    (status = 403, description = "reauthentication_required", body = Problem),
    (status = 409, description = "mfa_not_enabled", body = Problem),
))]
pub async fn recovery_codes_create(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    MeSession(auth): MeSession,
) -> AppResult<(StatusCode, axum::Json<RecoveryCodes>)> {
    let codes = mfa::regenerate_recovery_codes(&st, &auth, ip.as_deref()).await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(RecoveryCodes {
            recovery_codes: codes.iter().map(|c| c.grouped()).collect(),
        }),
    ))
}

fn ceremony_id(raw: &str) -> AppResult<domain::CeremonyId> {
    domain::CeremonyId::parse(raw).map_err(|_| AppError::WebauthnCeremonyInvalid)
}

fn started(
    id: &domain::CeremonyId,
    options: &impl serde::Serialize,
    expires_at: time::OffsetDateTime,
) -> AppResult<proto::mfa::WebauthnStarted> {
    Ok(proto::mfa::WebauthnStarted {
        id: id.to_string(),
        options: serde_json::to_value(options)
            .map_err(|e| AppError::internal_from("webauthn options", e))?,
        expires_at,
    })
}

/// Start registering a security key or passkey: pass `options` to
/// `navigator.credentials.create()`, then send its answer to `…/webauthn/{id}/verify`.
#[utoipa::path(post, path = "/api/v1/me/mfa/webauthn", tag = "me", request_body = Option<proto::mfa::StartWebauthn>, responses(
    (status = 201, body = proto::mfa::WebauthnStarted),
    (status = 403, description = "reauthentication_required", body = Problem),
    (status = 409, description = "webauthn_unavailable: the public URL has no domain name", body = Problem),
    (status = 422, body = Problem),
))]
pub async fn webauthn_create(
    State(st): State<AppState>,
    MeSession(auth): MeSession,
    OptionalJson(body): OptionalJson<proto::mfa::StartWebauthn>,
) -> AppResult<(StatusCode, axum::Json<proto::mfa::WebauthnStarted>)> {
    let (id, options, expires_at) = webauthn::start_registration(
        &st,
        &auth,
        body.label.as_deref(),
        body.passkey == Some(true),
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(started(&id, &options, expires_at)?),
    ))
}

/// Finish registering a security key with the authenticator's answer. The first method also
/// returns recovery codes, shown this once.
#[utoipa::path(post, path = "/api/v1/me/mfa/webauthn/{id}/verify", tag = "me", params(("id" = String, Path)),
    request_body = proto::mfa::FinishWebauthn, responses(
    (status = 200, body = MethodVerified),
    (status = 400, description = "webauthn_rejected: wrong origin or challenge, bad attestation", body = Problem),
    (status = 404, description = "webauthn_ceremony_invalid: unknown, used or expired", body = Problem),
    (status = 409, description = "webauthn_unavailable: the public URL has no domain name", body = Problem),
    (status = 422, body = Problem),
))]
pub async fn webauthn_verify(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    MeSession(auth): MeSession,
    AppPath(id): AppPath<String>,
    AppJson(body): AppJson<proto::mfa::FinishWebauthn>,
) -> AppResult<axum::Json<MethodVerified>> {
    let id = ceremony_id(&id)?;
    let (method, codes) =
        webauthn::finish_registration(&st, &auth, &id, body.credential, ip.as_deref()).await?;
    Ok(axum::Json(verified(method, codes)))
}

/// Start the second step (or a re-authentication) with a security key: pass `options` to
/// `navigator.credentials.get()`, then send `{type: "webauthn", challenge_id, credential}` to
/// `POST /api/v1/sessions/current/mfa`.
#[utoipa::path(post, path = "/api/v1/sessions/current/mfa/webauthn", tag = "sessions", responses(
    (status = 200, body = proto::mfa::WebauthnStarted),
    (status = 409, description = "webauthn_unavailable", body = Problem),
    (status = 422, description = "the account has no security key", body = Problem),
))]
pub async fn webauthn_challenge(
    State(st): State<AppState>,
    AnySession(auth): AnySession,
) -> AppResult<axum::Json<proto::mfa::WebauthnStarted>> {
    let (id, options, expires_at) = webauthn::start_authentication(&st, &auth).await?;
    Ok(axum::Json(started(&id, &options, expires_at)?))
}

fn sms_sent(sent: &sms::Sent) -> proto::mfa::SmsSent {
    proto::mfa::SmsSent {
        method_id: sent.method.to_string(),
        phone: sent.phone.clone(),
        expires_at: sent.expires_at,
    }
}

/// Start adding a phone number: a code is sent to it by SMS, and the method counts once that
/// code is sent back to `…/sms/{id}/verify`. Only numbers of the allowed countries.
#[utoipa::path(post, path = "/api/v1/me/mfa/sms", tag = "me", request_body = proto::mfa::CreateSms, responses(
    (status = 201, body = proto::mfa::SmsEnrollment),
    (status = 403, description = "reauthentication_required", body = Problem),
    (status = 422, description = "validation_failed, or country_not_allowed", body = Problem),
    (status = 429, description = "too_many_attempts: wait before another text", body = Problem),
    (status = 503, description = "sms_unavailable: the server's hourly cap is reached", body = Problem),
))]
pub async fn sms_create(
    State(st): State<AppState>,
    MeSession(auth): MeSession,
    AppJson(body): AppJson<proto::mfa::CreateSms>,
) -> AppResult<(StatusCode, axum::Json<proto::mfa::SmsEnrollment>)> {
    let e = sms::enroll(&st, &auth, &body.phone, body.label.as_deref()).await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(proto::mfa::SmsEnrollment {
            id: e.id.to_string(),
            phone: e.phone,
            expires_at: e.sent.expires_at,
        }),
    ))
}

/// Send the enrollment's code again; the one sent before stops working.
#[utoipa::path(post, path = "/api/v1/me/mfa/sms/{id}/resend", tag = "me", params(("id" = String, Path)), responses(
    (status = 202, body = proto::mfa::SmsSent),
    (status = 404, description = "no such pending enrollment (or it expired)", body = Problem),
    (status = 429, description = "too_many_attempts", body = Problem),
    (status = 503, description = "sms_unavailable", body = Problem),
))]
pub async fn sms_resend(
    State(st): State<AppState>,
    MeSession(auth): MeSession,
    AppPath(id): AppPath<String>,
) -> AppResult<(StatusCode, axum::Json<proto::mfa::SmsSent>)> {
    let id = method_id(&id)?;
    let sent = sms::resend_enrollment(&st, &auth, &id).await?;
    Ok((StatusCode::ACCEPTED, axum::Json(sms_sent(&sent))))
}

/// Prove a phone number with the code sent to it. The first method also returns recovery
/// codes, shown this once.
#[utoipa::path(post, path = "/api/v1/me/mfa/sms/{id}/verify", tag = "me", params(("id" = String, Path)),
    request_body = proto::mfa::VerifySms, responses(
    (status = 200, body = MethodVerified),
    (status = 401, description = "invalid_code", body = Problem),
    (status = 404, description = "no such pending enrollment (or it expired)", body = Problem),
    (status = 422, body = Problem),
))]
pub async fn sms_verify(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    MeSession(auth): MeSession,
    AppPath(id): AppPath<String>,
    AppJson(body): AppJson<proto::mfa::VerifySms>,
) -> AppResult<axum::Json<MethodVerified>> {
    let id = method_id(&id)?;
    let code = domain::sms::SmsCode::parse(&body.code)?;
    let (method, codes) = sms::verify_enrollment(&st, &auth, &id, &code, ip.as_deref()).await?;
    Ok(axum::Json(verified(method, codes)))
}

/// Text a code for the second step (or a re-authentication), to the SMS method named or the
/// default one; then send `{type: "sms", code}` to `POST /api/v1/sessions/current/mfa`.
#[utoipa::path(post, path = "/api/v1/sessions/current/mfa/sms", tag = "sessions", request_body = Option<proto::mfa::SendSms>, responses(
    (status = 202, body = proto::mfa::SmsSent),
    (status = 404, description = "not one of the account's SMS methods", body = Problem),
    (status = 422, description = "the account has no SMS method; country_not_allowed", body = Problem),
    (status = 429, description = "too_many_attempts", body = Problem),
    (status = 503, description = "sms_unavailable", body = Problem),
))]
pub async fn sms_challenge(
    State(st): State<AppState>,
    AnySession(auth): AnySession,
    OptionalJson(body): OptionalJson<proto::mfa::SendSms>,
) -> AppResult<(StatusCode, axum::Json<proto::mfa::SmsSent>)> {
    let method = body.method_id.as_deref().map(method_id).transpose()?;
    let sent = sms::send_for_sign_in(&st, &auth, method.as_ref()).await?;
    Ok((StatusCode::ACCEPTED, axum::Json(sms_sent(&sent))))
}
