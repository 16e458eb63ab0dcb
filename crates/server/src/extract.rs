//! Request extractors that turn every kind of bad input into a problem document: JSON bodies,
//! query strings, the client's address, and the authenticated session.

use std::net::SocketAddr;

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{Method, header};
use axum_extra::extract::CookieJar;
use domain::SessionState;
use proto::ErrorCode;
use serde::de::DeserializeOwned;

use crate::error::AppError;
use crate::services::sessions::{self, Authenticated};
use crate::state::AppState;

/// The session cookie's name, fixed by the API contract.
pub const SESSION_COOKIE: &str = "twofold_session";
pub const CSRF_HEADER: &str = "x-csrf-token";

/// A JSON body; malformed, mistyped or unknown fields answer 400/422 with a problem document.
pub struct AppJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for AppJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(Self(v)),
            Err(rejection) => Err(json_rejection(&rejection)),
        }
    }
}

fn json_rejection(r: &JsonRejection) -> AppError {
    let (code, detail) = match r {
        JsonRejection::JsonDataError(e) => (ErrorCode::ValidationFailed, e.body_text()),
        JsonRejection::JsonSyntaxError(e) => (ErrorCode::InvalidJson, e.body_text()),
        JsonRejection::MissingJsonContentType(_) => (
            ErrorCode::UnsupportedMediaType,
            "send the body as JSON with Content-Type: application/json".to_owned(),
        ),
        JsonRejection::BytesRejection(e)
            if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE =>
        {
            (
                ErrorCode::PayloadTooLarge,
                "the request body is too large".to_owned(),
            )
        }
        other => (ErrorCode::BadRequest, other.body_text()),
    };
    if code == ErrorCode::ValidationFailed {
        // serde names the field in its message ("unknown field `x`", "missing field `email`").
        return AppError::Validation(domain::ValidationError::new("body", detail));
    }
    AppError::BadRequest { code, detail }
}

/// A query string; unknown or mistyped parameters answer 400.
pub struct AppQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for AppQuery<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(v)) => Ok(Self(v)),
            Err(r @ QueryRejection::FailedToDeserializeQueryString(_)) | Err(r) => {
                Err(AppError::BadRequest {
                    code: ErrorCode::BadRequest,
                    detail: r.body_text(),
                })
            }
        }
    }
}

/// The client's address: the socket peer, or the first `X-Forwarded-For` hop when configured
/// to trust a proxy.
#[derive(Debug, Clone)]
pub struct ClientIp(pub Option<String>);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        if state.config.trust_forwarded_for
            && let Some(first) = parts
                .headers
                .get("x-forwarded-for")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.split(',').next())
                .and_then(|v| v.trim().parse::<std::net::IpAddr>().ok())
        {
            return Ok(Self(Some(first.to_string())));
        }
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip().to_string());
        Ok(Self(peer))
    }
}

/// The `User-Agent`, bounded.
pub fn user_agent(parts_headers: &axum::http::HeaderMap) -> Option<String> {
    parts_headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(|s| s.chars().take(256).collect())
}

/// Finds the session token (bearer first, then cookie), checks CSRF for cookie-authenticated
/// unsafe requests, and loads the session.
async fn authenticate(parts: &Parts, state: &AppState) -> Result<Authenticated, AppError> {
    let bearer = parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    let (token, via_cookie) = match bearer {
        Some(t) => (t.to_owned(), false),
        None => {
            let jar = CookieJar::from_headers(&parts.headers);
            let cookie = jar.get(SESSION_COOKIE).ok_or(AppError::Unauthenticated)?;
            (cookie.value().to_owned(), true)
        }
    };
    let auth = sessions::authenticate(state, &token).await?;
    if via_cookie && !is_safe(&parts.method) {
        let origin_ok = parts
            .headers
            .get(header::ORIGIN)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|o| o.eq_ignore_ascii_case(&state.public_origin));
        let token_ok = parts
            .headers
            .get(CSRF_HEADER)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| {
                domain::token::csrf_token_matches(state.key.bytes(), &auth.session.token_hash, t)
            });
        if !origin_ok && !token_ok {
            return Err(AppError::CsrfFailed);
        }
    }
    Ok(auth)
}

fn is_safe(m: &Method) -> bool {
    matches!(*m, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// A signed-in session that has finished signing in (state `active`).
pub struct AuthSession(pub Authenticated);

impl FromRequestParts<AppState> for AuthSession {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let auth = authenticate(parts, state).await?;
        match auth.session.state {
            SessionState::Active => Ok(Self(auth)),
            SessionState::MfaPending => Err(AppError::MfaRequired),
            SessionState::SetupRequired => Err(AppError::MfaSetupRequired),
        }
    }
}

/// Any signed-in session, whatever its state: for the routes a half-signed-in session may use
/// (its own session, signing out, finishing the second step).
pub struct AnySession(pub Authenticated);

impl FromRequestParts<AppState> for AnySession {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        authenticate(parts, state).await.map(Self)
    }
}
