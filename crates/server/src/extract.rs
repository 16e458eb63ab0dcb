//! Request extractors that turn every kind of bad input into a problem document: JSON bodies,
//! query strings, the client's address, and the authenticated session.

use std::net::SocketAddr;

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{Method, header};
use domain::access::Decision;
use proto::ErrorCode;
use serde::de::DeserializeOwned;

use crate::cookies::Jar;
use crate::error::AppError;
use crate::services::signed_in::{self, Authenticated, org_refs};
use crate::state::AppState;

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

/// A JSON body that may be left out entirely (no body, no `Content-Type`): then `T::default()`.
pub struct OptionalJson<T>(pub T);

impl<T: DeserializeOwned + Default, S: Send + Sync> FromRequest<S> for OptionalJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        let h = req.headers();
        let empty = h.get(header::CONTENT_TYPE).is_none()
            && h.get(header::CONTENT_LENGTH).is_none_or(|v| v == "0")
            && h.get(header::TRANSFER_ENCODING).is_none();
        if empty {
            return Ok(Self(T::default()));
        }
        AppJson::<T>::from_request(req, state)
            .await
            .map(|AppJson(v)| Self(v))
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
        return AppError::Validation(domain::ValidationError::new(field_of(&detail), detail));
    }
    AppError::BadRequest { code, detail }
}

/// The field a serde error is about: axum's message is "Failed to deserialize the JSON body into
/// the target type: PATH: MESSAGE", where PATH is `.` at the top level and MESSAGE names a
/// missing field as "missing field `x`". The result is one of a few static names, or `body`.
fn field_of(detail: &str) -> &'static str {
    const KNOWN: &[&str] = &[
        "email",
        "password",
        "name",
        "client",
        "remember",
        "role",
        "external",
        "label",
        "code",
        "type",
        "method_id",
        "confirm",
        "user_ids",
        "current_password",
        "new_password",
        "remember_device",
    ];
    let rest = detail
        .split_once("target type: ")
        .map_or(detail, |(_, r)| r);
    let path = rest.split(": ").next().unwrap_or_default();
    let named = rest
        .split_once("missing field `")
        .or_else(|| rest.split_once("unknown field `"))
        .and_then(|(_, r)| r.split('`').next());
    let candidate = if path != "." && !path.is_empty() && !path.contains(' ') {
        Some(path)
    } else {
        named
    };
    candidate
        .and_then(|c| KNOWN.iter().find(|k| **k == c).copied())
        .unwrap_or("body")
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

/// Path parameters; a malformed segment (bad percent-encoding, wrong count) answers a problem
/// document like every other bad input.
pub struct AppPath<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for AppPath<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(v)) => Ok(Self(v)),
            Err(r) => Err(AppError::BadRequest {
                code: ErrorCode::BadRequest,
                detail: r.body_text(),
            }),
        }
    }
}

/// The client's address: the socket peer, or, when configured to trust a proxy, the last
/// `X-Forwarded-For` hop, the one that proxy appended (earlier hops are whatever the client
/// sent). A proxy may append a header line of its own rather than a comma-separated item
/// (HAProxy does), so the last item of the last line counts; one written `ip:port` or
/// `[ipv6]:port` is its address.
#[derive(Debug, Clone)]
pub struct ClientIp(pub Option<String>);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        if state.config.trust_forwarded_for && parts.headers.contains_key("x-forwarded-for") {
            // A last hop that is not an address was not written by the proxy: the caller is
            // then on no network at all, never the proxy's (which an organization may trust).
            return Ok(Self(
                last_forwarded_hop(&parts.headers).map(|ip| ip.to_string()),
            ));
        }
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip().to_string());
        Ok(Self(peer))
    }
}

/// The address the proxy in front appended to `X-Forwarded-For`: the last item of the last
/// header line, read as bytes (what a client wrote before it, readable or not, is not read).
fn last_forwarded_hop(headers: &axum::http::HeaderMap) -> Option<std::net::IpAddr> {
    let line = headers.get_all("x-forwarded-for").iter().next_back()?;
    let hop = line.as_bytes().rsplit(|b| *b == b',').next()?;
    let hop = std::str::from_utf8(hop).ok()?.trim();
    hop.parse::<std::net::IpAddr>()
        .ok()
        .or_else(|| hop.parse::<SocketAddr>().ok().map(|a| a.ip()))
}

/// The client's approximate place, from the header the configured proxy sets (none without
/// one): printable text, at most 64 characters.
pub fn place(headers: &axum::http::HeaderMap, config: &crate::config::Config) -> Option<String> {
    let name = config.place_header.as_deref()?;
    let raw = headers.get(name)?;
    let text = std::str::from_utf8(raw.as_bytes()).ok()?.trim();
    let ok = !text.is_empty() && !text.chars().any(char::is_control);
    ok.then(|| text.chars().take(64).collect())
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
        .and_then(|v| {
            // RFC 9110 §11.1: the scheme name is case-insensitive.
            let (scheme, token) = v.split_once(' ')?;
            scheme
                .eq_ignore_ascii_case("bearer")
                .then_some(token.trim())
        });
    let (auth, via_cookie) = match bearer {
        Some(t) => (signed_in::authenticate(state, t).await?, false),
        None => {
            let token = crate::cookies::get(state, Jar::Session, &parts.headers)
                .ok_or(AppError::Unauthenticated)?;
            (signed_in::authenticate_cookie(state, &token).await?, true)
        }
    };
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

/// The access decision for a request's session: the one function every route asks.
pub(crate) fn decide(state: &AppState, auth: &Authenticated) -> Decision {
    crate::services::signed_in::decide(state, auth)
}

/// Refuses a [`MeSession`] the access decision would not let through everywhere (for routes
/// where only some requests are open to a `setup_required` session, such as leaving).
///
/// # Errors
/// `MfaRequired`, `MfaSetupRequired` or `Forbidden`, as [`AuthSession`] would.
pub fn require_allowed(state: &AppState, auth: &Authenticated) -> Result<(), AppError> {
    match decide(state, auth) {
        Decision::Allow => Ok(()),
        Decision::SecondFactorRequired => Err(AppError::MfaRequired),
        Decision::SetupRequired { organizations, .. } => Err(AppError::MfaSetupRequired(org_refs(
            &organizations,
            &auth.orgs,
        ))),
    }
}

/// A signed-in session that the access decision lets through everywhere.
pub struct AuthSession(pub Authenticated);

impl FromRequestParts<AppState> for AuthSession {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let auth = authenticate(parts, state).await?;
        require_allowed(state, &auth)?;
        Ok(Self(auth))
    }
}

/// A signed-in session that may manage its own account: `active`, or `setup_required` (which
/// must be able to set up the second factor an organization requires). Not `mfa_pending`.
pub struct MeSession(pub Authenticated);

impl FromRequestParts<AppState> for MeSession {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let auth = authenticate(parts, state).await?;
        match decide(state, &auth) {
            Decision::Allow | Decision::SetupRequired { .. } => Ok(Self(auth)),
            Decision::SecondFactorRequired => Err(AppError::MfaRequired),
        }
    }
}

/// HTTP Basic credentials (RFC 7617), for the sync routes: `(user, password)`.
pub struct BasicCredentials(pub String, pub String);

impl<S: Send + Sync> FromRequestParts<S> for BasicCredentials {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        use base64::Engine;
        let value = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .ok_or(AppError::BasicAuthRequired)?;
        let (scheme, encoded) = value.split_once(' ').ok_or(AppError::BasicAuthRequired)?;
        if !scheme.eq_ignore_ascii_case("basic") {
            return Err(AppError::BasicAuthRequired);
        }
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(encoded.trim())
            .map_err(|_| AppError::BasicAuthRequired)?;
        let text = String::from_utf8(decoded).map_err(|_| AppError::BasicAuthRequired)?;
        let (user, password) = text.split_once(':').ok_or(AppError::BasicAuthRequired)?;
        Ok(Self(user.to_owned(), password.to_owned()))
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

#[cfg(test)]
mod tests {
    use axum::http::HeaderMap;

    fn hop(lines: &[&str]) -> Option<String> {
        let mut h = HeaderMap::new();
        for l in lines {
            h.append(
                "x-forwarded-for",
                l.parse().unwrap_or_else(|e| panic!("{e}")),
            );
        }
        super::last_forwarded_hop(&h).map(|ip| ip.to_string())
    }

    #[test]
    fn the_proxys_own_hop_is_the_last_item_of_the_last_line() {
        assert_eq!(
            hop(&["192.0.2.1, 198.51.100.9"]).as_deref(),
            Some("198.51.100.9")
        );
        // A client's own line first, the proxy's line after it.
        assert_eq!(
            hop(&["192.0.2.1", "198.51.100.9"]).as_deref(),
            Some("198.51.100.9")
        );
        assert_eq!(hop(&["198.51.100.9:4711"]).as_deref(), Some("198.51.100.9"));
        assert_eq!(hop(&["[2001:db8::1]:443"]).as_deref(), Some("2001:db8::1"));
        assert_eq!(hop(&["2001:db8::1"]).as_deref(), Some("2001:db8::1"));
        assert_eq!(hop(&["192.0.2.1, unknown"]), None);
        assert_eq!(hop(&[]), None);
    }

    #[test]
    fn serde_messages_name_their_field() {
        let t = "Failed to deserialize the JSON body into the target type: ";
        assert_eq!(
            super::field_of(&format!(
                "{t}email: invalid type: integer `5`, expected a string at line 1 column 10"
            )),
            "email"
        );
        assert_eq!(
            super::field_of(&format!("{t}missing field `password` at line 1 column 2")),
            "password"
        );
        assert_eq!(
            super::field_of(&format!(
                "{t}zzz: unknown field `zzz`, expected one of `email`"
            )),
            "body"
        );
        assert_eq!(
            super::field_of(&format!("{t}invalid type: sequence, expected struct")),
            "body"
        );
    }
}
