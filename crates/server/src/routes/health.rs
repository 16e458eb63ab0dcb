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

/// The database answers.
#[utoipa::path(get, path = "/readyz", tag = "health", security(()), responses(
    (status = 200, description = "ready", body = String, content_type = "text/plain"),
    (status = 503, description = "the database does not answer", body = String, content_type = "text/plain"),
))]
pub async fn readyz(State(st): State<AppState>) -> (StatusCode, &'static str) {
    if st.store.ping().await {
        (StatusCode::OK, "ready")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
    }
}
