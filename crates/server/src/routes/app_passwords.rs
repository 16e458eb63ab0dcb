//! App passwords, the sync routes that accept them, and remembered devices.

use axum::extract::State;
use axum::http::StatusCode;
use domain::{AppPasswordId, DeviceId};
use proto::Problem;
use proto::mfa::{
    AppPasswordCreated, AppPasswordList, AppPasswordView, CreateAppPassword, DeviceList,
    DeviceView, SyncWhoami,
};

use crate::error::{AppError, AppResult};
use crate::extract::{AppJson, AppPath, AuthSession, BasicCredentials, ClientIp};
use crate::proto_map::ToProto;
use crate::services::{app_passwords, devices};
use crate::state::AppState;

/// Create an app password for a sync tool; shown once.
#[utoipa::path(post, path = "/api/v1/me/app-passwords", tag = "me", request_body = CreateAppPassword, responses(
    (status = 201, body = AppPasswordCreated),
    (status = 403, description = "reauthentication_required", body = Problem),
    (status = 422, body = Problem),
))]
pub async fn app_password_create(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    AuthSession(auth): AuthSession,
    AppJson(body): AppJson<CreateAppPassword>,
) -> AppResult<(StatusCode, axum::Json<AppPasswordCreated>)> {
    let (id, label, password) =
        app_passwords::create(&st, &auth, &body.label, ip.as_deref()).await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(AppPasswordCreated {
            id: id.to_string(),
            label,
            password: password.grouped(),
        }),
    ))
}

/// The account's app passwords (never the passwords themselves).
#[utoipa::path(get, path = "/api/v1/me/app-passwords", tag = "me", responses(
    (status = 200, body = AppPasswordList),
))]
pub async fn app_password_list(
    State(st): State<AppState>,
    AuthSession(auth): AuthSession,
) -> AppResult<axum::Json<AppPasswordList>> {
    let list = app_passwords::list(&st, &auth.session.account_id).await?;
    Ok(axum::Json(AppPasswordList {
        app_passwords: list
            .into_iter()
            .map(|p| AppPasswordView {
                id: p.id.to_string(),
                label: p.label,
                created_at: p.created_at,
                last_used_at: p.last_used_at,
            })
            .collect(),
    }))
}

/// Revoke an app password.
#[utoipa::path(delete, path = "/api/v1/me/app-passwords/{id}", tag = "me", params(("id" = String, Path)), responses(
    (status = 204, description = "revoked"),
    (status = 404, body = Problem),
))]
pub async fn app_password_delete(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    AuthSession(auth): AuthSession,
    AppPath(id): AppPath<String>,
) -> AppResult<StatusCode> {
    let id = AppPasswordId::parse(&id).map_err(|_| AppError::NotFound("app password"))?;
    app_passwords::revoke(&st, &auth, &id, ip.as_deref()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Who an app password belongs to: the check a mail or DAV server makes.
#[utoipa::path(get, path = "/api/v1/sync/whoami", tag = "sync", responses(
    (status = 200, body = SyncWhoami),
    (status = 401, description = "unauthenticated, with WWW-Authenticate: Basic", body = Problem),
    (status = 429, description = "too_many_attempts", body = Problem),
), security(("basic" = [])))]
pub async fn sync_whoami(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    BasicCredentials(user, password): BasicCredentials,
) -> AppResult<axum::Json<SyncWhoami>> {
    let (id, email) = app_passwords::authenticate(&st, &user, &password, ip.as_deref()).await?;
    Ok(axum::Json(SyncWhoami {
        id: id.to_string(),
        email: email.to_string(),
    }))
}

/// Browsers remembered to skip the second step.
#[utoipa::path(get, path = "/api/v1/me/devices", tag = "me", responses(
    (status = 200, body = DeviceList),
))]
pub async fn device_list(
    State(st): State<AppState>,
    AuthSession(auth): AuthSession,
) -> AppResult<axum::Json<DeviceList>> {
    let list = devices::list(&st, &auth.session.account_id).await?;
    Ok(axum::Json(DeviceList {
        devices: list
            .into_iter()
            .map(|d| DeviceView {
                id: d.id.to_string(),
                label: d.label,
                network: domain::network::network_of(d.ip.as_deref()).map(|n| n.to_string()),
                ip: d.ip,
                networks: d.networks.to_proto(),
                last_ip: d.last_ip,
                created_at: d.created_at,
                last_used_at: d.last_used_at,
                expires_at: d.expires_at,
            })
            .collect(),
    }))
}

/// Forget a remembered browser: its next sign-in asks for the second step.
#[utoipa::path(delete, path = "/api/v1/me/devices/{id}", tag = "me", params(("id" = String, Path)), responses(
    (status = 204, description = "forgotten"),
    (status = 404, body = Problem),
))]
pub async fn device_delete(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    AuthSession(auth): AuthSession,
    AppPath(id): AppPath<String>,
) -> AppResult<StatusCode> {
    let id = DeviceId::parse(&id).map_err(|_| AppError::NotFound("device"))?;
    devices::forget(&st, &auth, &id, ip.as_deref()).await?;
    Ok(StatusCode::NO_CONTENT)
}
