//! The HTTP surface: one router, every route documented in the generated OpenAPI document.

pub mod accounts;
pub mod app_passwords;
pub mod clients;
pub mod email_change;
pub mod export;
pub mod forward_auth;
pub mod health;
pub mod invitations;
pub mod mfa;
pub mod my_sessions;
pub mod oidc;
pub mod openapi;
pub mod orgs;
pub mod passkeys;
pub mod password_reset;
pub mod push;
pub mod verify;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, header};
use axum::response::IntoResponse;
use proto::ErrorCode;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::AppError;
use crate::state::AppState;

/// Request bodies above this size are refused with 413: every body in the API is small.
pub const BODY_LIMIT: usize = 64 * 1024;

// Forward-auth is documented here, not through `routes!`: it answers every method (a proxy's
// sub-request keeps the original one), which `routes!` cannot register.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "twofold",
        description = "Identity server that gets every member of an organization onto a second factor."
    ),
    paths(forward_auth::forward_auth_check)
)]
struct ApiDoc;

/// An account's life: proving the address, a new password or address, sessions, leaving.
fn account_life() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(
            accounts::me_get,
            accounts::me_patch,
            accounts::me_delete
        ))
        .routes(routes!(export::me_export))
        .routes(routes!(email_change::email_change_request))
        .routes(routes!(email_change::email_change_confirm))
        .routes(routes!(accounts::password_change))
        .routes(routes!(verify::verify))
        .routes(routes!(verify::resend))
        .routes(routes!(password_reset::reset_request))
        .routes(routes!(password_reset::reset_confirm))
        .routes(routes!(
            my_sessions::session_list,
            my_sessions::sessions_end_others
        ))
        .routes(routes!(my_sessions::session_end))
}

/// The routes and the OpenAPI document generated from them.
pub fn api() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let (router, mut doc) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(health::healthz))
        .routes(routes!(health::readyz))
        .routes(routes!(accounts::account_create))
        .routes(routes!(accounts::session_create))
        .routes(routes!(accounts::session_current, accounts::session_delete))
        .routes(routes!(accounts::session_mfa))
        .routes(routes!(passkeys::passkey_start))
        .routes(routes!(passkeys::passkey_verify))
        .merge(account_life())
        .routes(routes!(mfa::mfa_get, mfa::mfa_delete))
        .routes(routes!(mfa::totp_create))
        .routes(routes!(mfa::totp_verify))
        .routes(routes!(mfa::webauthn_create))
        .routes(routes!(mfa::webauthn_verify))
        .routes(routes!(mfa::webauthn_challenge))
        .routes(routes!(mfa::sms_create))
        .routes(routes!(mfa::sms_resend))
        .routes(routes!(mfa::sms_verify))
        .routes(routes!(mfa::sms_challenge))
        .routes(routes!(push::push_create))
        .routes(routes!(push::push_verify))
        .routes(routes!(push::device_enroll))
        .routes(routes!(push::device_challenges))
        .routes(routes!(push::device_answer))
        .routes(routes!(push::sign_in_requests))
        .routes(routes!(push::sign_in_request_answer))
        .routes(routes!(mfa::method_default))
        .routes(routes!(mfa::method_delete))
        .routes(routes!(mfa::recovery_codes_create))
        .routes(routes!(
            app_passwords::app_password_create,
            app_passwords::app_password_list
        ))
        .routes(routes!(app_passwords::app_password_delete))
        .routes(routes!(app_passwords::sync_whoami))
        .routes(routes!(app_passwords::device_list))
        .routes(routes!(app_passwords::device_delete))
        .routes(routes!(orgs::org_create))
        .routes(routes!(orgs::org_get))
        .routes(routes!(
            orgs::invitation_create,
            invitations::invitation_list
        ))
        .routes(routes!(invitations::invitation_revoke))
        .routes(routes!(invitations::my_invitations))
        .routes(routes!(invitations::my_invitation_accept))
        .routes(routes!(invitations::my_invitation_decline))
        .routes(routes!(orgs::invitation_accept))
        .routes(routes!(orgs::member_list))
        .routes(routes!(orgs::member_update, orgs::member_delete))
        .routes(routes!(orgs::audit_list))
        .routes(routes!(orgs::mfa_policy_get, orgs::mfa_policy_update))
        .routes(routes!(orgs::mfa_policy_preview))
        .routes(routes!(orgs::member_export))
        .routes(routes!(orgs::reminders_send))
        .routes(routes!(orgs::security_alert_send))
        .routes(routes!(orgs::member_deadline_set))
        .routes(routes!(orgs::member_mfa_reset))
        .routes(routes!(clients::client_create, clients::client_list))
        .routes(routes!(clients::client_delete))
        .route(
            "/api/v1/forward-auth",
            axum::routing::any(forward_auth::forward_auth_check),
        )
        .split_for_parts();
    openapi::complete(&mut doc);
    (router, doc)
}

/// Prometheus' scrape: counters, latency histograms by route, the outbox's backlog.
async fn metrics_get(
    axum::extract::State(st): axum::extract::State<AppState>,
) -> Result<axum::response::Response, AppError> {
    let text = crate::observe::render(&st).await?;
    Ok((
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
        )],
        text,
    )
        .into_response())
}

/// `GET /metrics` alone, for its own listen address (`metrics_listen`).
pub fn metrics_router(state: AppState) -> Router {
    Router::new()
        .route("/metrics", axum::routing::get(metrics_get))
        .with_state(state)
}

/// `GET /metrics` beside the API, unless it has an address of its own.
fn metrics_beside_the_api(state: &AppState) -> Router<AppState> {
    if state.config.metrics_listen.is_some() {
        Router::new()
    } else {
        Router::new().route("/metrics", axum::routing::get(metrics_get))
    }
}

/// The whole application.
pub fn router(state: AppState) -> Router {
    // Under an https public URL, browsers are told to never come back over plain http (RFC
    // 6797): a downgraded first request could otherwise leak the session cookie's existence and
    // let an active attacker strip TLS.
    let hsts = state
        .public_url
        .starts_with("https://")
        .then(|| HeaderValue::from_static("max-age=31536000"));
    let (api, doc) = api();
    let doc = std::sync::Arc::new(doc);
    api.merge(crate::web::router())
        .merge(oidc::router())
        .route(
            "/api/openapi.json",
            axum::routing::get(move || {
                let doc = std::sync::Arc::clone(&doc);
                async move { axum::Json(doc.as_ref().clone()) }
            }),
        )
        .merge(metrics_beside_the_api(&state))
        .route_layer(axum::middleware::from_fn(crate::observe::track))
        // An address nobody serves: a page for browsers, with their header; a problem
        // document under the API.
        .fallback(crate::web::not_found)
        .method_not_allowed_fallback(|| async {
            AppError::BadRequest {
                code: ErrorCode::MethodNotAllowed,
                detail: "this route does not accept that method".into(),
            }
        })
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(axum::middleware::from_fn(crate::i18n::negotiate))
        .layer(axum::middleware::from_fn_with_state(
            state.config.http.request_timeout(),
            deadline,
        ))
        // Answers carry sessions and personal data: never cached, never sniffed, never framed.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            hsts,
        ))
        .layer(CatchPanicLayer::custom(|_| {
            AppError::internal("a handler panicked").into_response()
        }))
        .layer(
            TraceLayer::new_for_http()
                // One line per request is for debugging, not the default: at tens of thousands of
                // requests a second it costs a third of the throughput and gigabytes of log.
                .make_span_with(|req: &axum::http::Request<_>| {
                    tracing::debug_span!(
                        "request",
                        method = %req.method(),
                        path = %redact_path(req.uri().path()),
                    )
                })
                .on_response(
                    tower_http::trace::DefaultOnResponse::new().level(tracing::Level::DEBUG),
                ),
        )
        .with_state(state)
}

/// Answers 503 `unavailable` for a request still running after `limit` (a database that hangs
/// instead of refusing): dropping the handler rolls back its transaction, so nothing is half
/// applied.
async fn deadline(
    axum::extract::State(limit): axum::extract::State<std::time::Duration>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(res) => res,
        Err(_) => {
            tracing::warn!("a request ran out of time");
            AppError::Unavailable.into_response()
        }
    }
}

/// A request path fit for logs: the secret in `/invitations/{token}` is replaced. (Session
/// tokens never appear in paths.)
fn redact_path(path: &str) -> String {
    match path.split_once("/invitations/") {
        Some((head, rest)) => {
            let tail = rest.split_once('/').map_or("", |(_, t)| t);
            if tail.is_empty() {
                format!("{head}/invitations/***")
            } else {
                format!("{head}/invitations/***/{tail}")
            }
        }
        None => path.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn invitation_tokens_never_reach_the_log() {
        assert_eq!(
            super::redact_path("/api/v1/invitations/abcDEF_-123/accept"),
            "/api/v1/invitations/***/accept"
        );
        assert_eq!(super::redact_path("/invitations/abc"), "/invitations/***");
        assert_eq!(super::redact_path("/api/v1/me"), "/api/v1/me");
    }
}
