//! Push approval over HTTP: the holder adds a device (`/me/mfa/push`), the device enrolls and
//! answers with its own token and signatures (`/push/…`), and other signed-in sessions answer
//! from `/me/sign-in-requests`.

use axum::extract::{FromRequestParts, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use domain::push::{Answer, DeviceKey};
use domain::totp::TotpCode;
use domain::{PushChallengeId, SecretToken};
use proto::Problem;
use proto::mfa::{MethodVerified, VerifyTotp};
use proto::push::{
    AnswerRequest, Answered, CreatePush, DeviceEnrolled, EnrollDevice, PushEnrollment,
    SignInRequest, SignInRequests, WaitQuery,
};

use crate::error::{AppError, AppResult};
use crate::extract::{AppJson, AppPath, AppQuery, AuthSession, ClientIp, MeSession, OptionalJson};
use crate::proto_map::ToProto;
use crate::routes::mfa::{method_id, verified};
use crate::services::push;
use crate::state::AppState;

/// A device's access token, from `Authorization: Bearer` (never a cookie: devices are not
/// browsers, so these routes need no CSRF defence).
pub struct DeviceToken(pub SecretToken);

impl<S: Send + Sync> FromRequestParts<S> for DeviceToken {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .and_then(|t| SecretToken::parse(t.trim()))
            .map(DeviceToken)
            .ok_or(AppError::Unauthenticated)
    }
}

fn challenge_id(raw: &str) -> AppResult<PushChallengeId> {
    PushChallengeId::parse(raw).map_err(|_| AppError::NotFound("sign-in request"))
}

fn views(requests: Vec<push::Request>) -> SignInRequests {
    SignInRequests {
        requests: requests
            .into_iter()
            .map(|r| SignInRequest {
                id: r.challenge.id.to_string(),
                at: r.challenge.created_at,
                ip: r.challenge.ip,
                browser: r.challenge.user_agent,
                place: r.challenge.place,
                choices: r.choices,
                expires_at: r.challenge.expires_at,
            })
            .collect(),
    }
}

fn answer_of(body: &AnswerRequest) -> AppResult<Answer> {
    Ok(Answer::parse(&body.decision, body.number, body.not_me)?)
}

/// Start adding an authenticator device (`twofold authenticator enroll`, or an app): give it
/// the code, then confirm with a code it shows at `…/push/{id}/verify`.
#[utoipa::path(post, path = "/api/v1/me/mfa/push", tag = "me", request_body = Option<CreatePush>, responses(
    (status = 201, body = PushEnrollment),
    (status = 403, description = "reauthentication_required", body = Problem),
    (status = 422, body = Problem),
))]
pub async fn push_create(
    State(st): State<AppState>,
    MeSession(auth): MeSession,
    OptionalJson(body): OptionalJson<CreatePush>,
) -> AppResult<(StatusCode, axum::Json<PushEnrollment>)> {
    let e = push::start_enrollment(&st, &auth, body.label.as_deref()).await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(PushEnrollment {
            id: e.id.to_string(),
            code: e.code.expose().to_owned(),
            enrollment_uri: e.uri,
            qr_svg: e.qr_svg,
            expires_at: e.expires_at,
        }),
    ))
}

/// Confirm an enrolled device with a code it shows. The first method also returns recovery
/// codes, shown this once.
#[utoipa::path(post, path = "/api/v1/me/mfa/push/{id}/verify", tag = "me", params(("id" = String, Path)),
    request_body = VerifyTotp, responses(
    (status = 200, body = MethodVerified),
    (status = 401, description = "invalid_code", body = Problem),
    (status = 404, description = "no such pending enrollment (or it expired)", body = Problem),
    (status = 422, description = "the device has not enrolled yet", body = Problem),
))]
pub async fn push_verify(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    MeSession(auth): MeSession,
    AppPath(id): AppPath<String>,
    AppJson(body): AppJson<VerifyTotp>,
) -> AppResult<axum::Json<MethodVerified>> {
    let id = method_id(&id)?;
    let code = TotpCode::parse(&body.code)?;
    let (method, codes) = push::confirm(&st, &auth, &id, &code, ip.as_deref()).await?;
    Ok(axum::Json(verified(method, codes)))
}

/// A device enrolls with the one-time code and its Ed25519 public key.
#[utoipa::path(post, path = "/api/v1/push/enroll", tag = "push", security(()), request_body = EnrollDevice, responses(
    (status = 201, body = DeviceEnrolled),
    (status = 404, description = "unknown, used or expired enrollment code", body = Problem),
    (status = 422, body = Problem),
))]
pub async fn device_enroll(
    State(st): State<AppState>,
    AppJson(body): AppJson<EnrollDevice>,
) -> AppResult<(StatusCode, axum::Json<DeviceEnrolled>)> {
    let key = DeviceKey::parse(&body.public_key)?;
    let e = push::device_enroll(&st, &body.code, &key, body.name.as_deref()).await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(DeviceEnrolled {
            device_id: e.device_id.to_string(),
            token: e.token.expose().to_owned(),
            totp_secret: e.totp_secret.base32(),
            account_email: e.email,
            issuer: st.config.mfa.issuer.clone(),
        }),
    ))
}

/// The sign-ins waiting for this device's approval; `wait` holds the request (long poll).
#[utoipa::path(get, path = "/api/v1/push/challenges", tag = "push", security(("device" = [])), params(WaitQuery), responses(
    (status = 200, body = SignInRequests),
    (status = 401, body = Problem),
    (status = 403, description = "the device is not confirmed yet", body = Problem),
))]
pub async fn device_challenges(
    State(st): State<AppState>,
    DeviceToken(token): DeviceToken,
    AppQuery(q): AppQuery<WaitQuery>,
) -> AppResult<axum::Json<SignInRequests>> {
    let wait = std::time::Duration::from_secs(q.wait.unwrap_or(0).min(30));
    Ok(axum::Json(views(
        push::device_requests(&st, &token, wait).await?,
    )))
}

/// A device approves (with the number picked) or denies a sign-in, signed with its key.
#[utoipa::path(post, path = "/api/v1/push/challenges/{id}", tag = "push", security(("device" = [])), params(("id" = String, Path)),
    request_body = AnswerRequest, responses(
    (status = 200, body = Answered),
    (status = 401, description = "invalid_signature, or unauthenticated", body = Problem),
    (status = 404, body = Problem),
    (status = 409, description = "push_challenge_invalid: answered already, replaced or expired", body = Problem),
))]
pub async fn device_answer(
    State(st): State<AppState>,
    DeviceToken(token): DeviceToken,
    AppPath(id): AppPath<String>,
    AppJson(body): AppJson<AnswerRequest>,
) -> AppResult<axum::Json<Answered>> {
    let id = challenge_id(&id)?;
    let answer = answer_of(&body)?;
    let signature = body.signature.as_deref().ok_or_else(|| {
        domain::ValidationError::because("signature", domain::error::Invalid::SignatureRequired)
    })?;
    let outcome = push::device_answer(&st, &token, &id, answer, signature).await?;
    Ok(axum::Json(Answered {
        outcome: outcome.to_proto(),
    }))
}

/// The account's sign-ins waiting for approval (from another browser or app), for this
/// signed-in session to approve or deny.
#[utoipa::path(get, path = "/api/v1/me/sign-in-requests", tag = "me", responses(
    (status = 200, body = SignInRequests),
    (status = 401, body = Problem),
))]
pub async fn sign_in_requests(
    State(st): State<AppState>,
    AuthSession(auth): AuthSession,
) -> AppResult<axum::Json<SignInRequests>> {
    Ok(axum::Json(views(push::session_requests(&st, &auth).await?)))
}

/// Approve (with the number the sign-in shows) or deny a waiting sign-in from this session.
#[utoipa::path(post, path = "/api/v1/me/sign-in-requests/{id}", tag = "me", params(("id" = String, Path)),
    request_body = AnswerRequest, responses(
    (status = 200, body = Answered),
    (status = 404, body = Problem),
    (status = 409, description = "push_challenge_invalid", body = Problem),
))]
pub async fn sign_in_request_answer(
    State(st): State<AppState>,
    AuthSession(auth): AuthSession,
    AppPath(id): AppPath<String>,
    AppJson(body): AppJson<AnswerRequest>,
) -> AppResult<axum::Json<Answered>> {
    let id = challenge_id(&id)?;
    let outcome = push::session_answer(&st, &auth, &id, answer_of(&body)?).await?;
    Ok(axum::Json(Answered {
        outcome: outcome.to_proto(),
    }))
}
