//! Liveness and readiness.

use axum::extract::State;
use axum::http::StatusCode;

use crate::state::AppState;

/// The process is up.
#[utoipa::path(get, path = "/healthz", tag = "health", security(()), responses(
    (status = 200, description = "up", body = String, content_type = "text/plain"),
))]
pub async fn healthz() -> &'static str {
    "ok"
}

/// How long readiness waits for the database: an orchestrator polling it must learn of an
/// outage within about a second.
const PING_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(1);

/// The database answers (within a second).
#[utoipa::path(get, path = "/readyz", tag = "health", security(()), responses(
    (status = 200, description = "ready", body = String, content_type = "text/plain"),
    (status = 503, description = "the database does not answer", body = String, content_type = "text/plain"),
))]
pub async fn readyz(State(st): State<AppState>) -> (StatusCode, &'static str) {
    if tokio::time::timeout(PING_TIMEOUT, st.store.ping())
        .await
        .unwrap_or(false)
    {
        (StatusCode::OK, "ready")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
    }
}
