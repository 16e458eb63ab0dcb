//! Where am I signed in: `/api/v1/me/sessions`.

use axum::extract::State;
use axum::http::StatusCode;
use domain::SessionId;
use proto::Problem;
use proto::accounts::{SessionItem, SessionList};

use crate::error::{AppError, AppResult};
use crate::extract::{AppPath, ClientIp, MeSession};
use crate::proto_map::ToProto;
use crate::services::my_sessions;
use crate::state::AppState;

/// The account's live sessions, the most recently seen first; the one asking is `current`.
#[utoipa::path(get, path = "/api/v1/me/sessions", tag = "me", responses(
    (status = 200, body = SessionList),
))]
pub async fn session_list(
    State(st): State<AppState>,
    MeSession(auth): MeSession,
) -> AppResult<axum::Json<SessionList>> {
    let list = my_sessions::list(&st, &auth).await?;
    Ok(axum::Json(SessionList {
        sessions: list
            .into_iter()
            .map(|s| SessionItem {
                id: s.id.to_string(),
                client: s.client.to_proto(),
                browser: s.browser,
                ip: s.ip,
                created_at: s.created_at,
                last_seen_at: s.last_seen_at,
                current: s.current,
                pending: s.pending,
            })
            .collect(),
    }))
}

/// End every session of the account but this one; what apps they authorized ends too.
#[utoipa::path(delete, path = "/api/v1/me/sessions", tag = "me", responses(
    (status = 204, description = "every other session ended"),
))]
pub async fn sessions_end_others(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    MeSession(auth): MeSession,
) -> AppResult<StatusCode> {
    my_sessions::end_others(&st, &auth, ip.as_deref()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// End one session of the account (this one too: that signs out).
#[utoipa::path(delete, path = "/api/v1/me/sessions/{id}", tag = "me", params(("id" = String, Path)), responses(
    (status = 204, description = "ended"),
    (status = 404, body = Problem),
))]
pub async fn session_end(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    MeSession(auth): MeSession,
    AppPath(id): AppPath<String>,
) -> AppResult<StatusCode> {
    let id = SessionId::parse(&id).map_err(|_| AppError::NotFound("session"))?;
    my_sessions::end_one(&st, &auth, &id, ip.as_deref()).await?;
    Ok(StatusCode::NO_CONTENT)
}
