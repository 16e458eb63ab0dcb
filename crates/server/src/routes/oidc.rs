//! The OpenID Connect provider's machine endpoints: discovery, keys, token, userinfo,
//! introspection and revocation. They speak OAuth's formats (form bodies in, `{error,
//! error_description}` out, RFC 6749 §5.2), not the API's problem documents — with the
//! problem fields added, so either kind of client reads the answer. They are described by
//! discovery, not by the OpenAPI document.

use axum::Router;
use axum::extract::{Form, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use domain::oidc::flow::OAuthError;
use serde::Deserialize;

use crate::services::oidc_tokens::{self, ClientCredentials, Exchange, Refusal};
use crate::signing::Keyring;
use crate::state::AppState;
use axum::extract::rejection::FormRejection;

/// The provider's routes. Browser apps (public clients, SPAs) call them from their own origin:
/// any origin may, since none of them reads a cookie — each needs a code with its verifier, a
/// client secret or a bearer token, which a page of another origin does not have.
pub fn router() -> Router<AppState> {
    use axum::http::Method;
    let cors = tower_http::cors::CorsLayer::new()
        .allow_origin(tower_http::cors::Any)
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE]);
    Router::new()
        .route(
            "/.well-known/openid-configuration",
            get(discovery).options(preflight),
        )
        .route("/oidc/jwks", get(jwks).options(preflight))
        .route("/oidc/token", post(token).options(preflight))
        .route(
            "/oidc/userinfo",
            get(userinfo).post(userinfo).options(preflight),
        )
        .route("/oidc/introspect", post(introspect).options(preflight))
        .route("/oidc/revoke", post(revoke).options(preflight))
        .layer(cors)
}

/// A CORS preflight: the layer answers it; this only gives the method a route (the
/// application's method-not-allowed fallback would answer first otherwise).
async fn preflight() -> StatusCode {
    StatusCode::NO_CONTENT
}

async fn discovery(State(st): State<AppState>) -> Response {
    let base = &st.public_url;
    let doc = serde_json::json!({
        "issuer": base,
        "authorization_endpoint": format!("{base}/oidc/authorize"),
        "token_endpoint": format!("{base}/oidc/token"),
        "userinfo_endpoint": format!("{base}/oidc/userinfo"),
        "jwks_uri": format!("{base}/oidc/jwks"),
        "revocation_endpoint": format!("{base}/oidc/revoke"),
        "introspection_endpoint": format!("{base}/oidc/introspect"),
        "end_session_endpoint": format!("{base}/oidc/end_session"),
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": ["authorization_code", "refresh_token"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": oidc_tokens::signing_algs(),
        "scopes_supported": ["openid", "profile", "email", "offline_access"],
        "claims_supported": ["iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "acr",
                             "amr", "azp", "sid", "email", "email_verified", "name"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "none"],
        "revocation_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "none"],
        "introspection_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "none"],
        "code_challenge_methods_supported": ["S256"],
        "prompt_values_supported": ["none", "login", "consent"],
        "acr_values_supported": ["aal1", "aal2"],
        "claims_parameter_supported": false,
        "request_parameter_supported": false,
        "request_uri_parameter_supported": false,
        "authorization_response_iss_parameter_supported": true,
        "backchannel_logout_supported": true,
        "backchannel_logout_session_supported": true,
    });
    cacheable(axum::Json(doc).into_response())
}

/// Public documents apps fetch often: cacheable for a minute (a rotated-in key is published
/// `signing::PUBLISH_AHEAD` before it signs, longer than any cache keeps the old document).
fn cacheable(mut res: Response) -> Response {
    let value = format!("public, max-age={}", crate::signing::JWKS_MAX_AGE);
    if let Ok(v) = HeaderValue::from_str(&value) {
        res.headers_mut().insert(header::CACHE_CONTROL, v);
    }
    res
}

async fn jwks(State(st): State<AppState>) -> Response {
    match Keyring::current(&st).await {
        Ok(keys) => cacheable(axum::Json(keys.jwks(st.clock.now())).into_response()),
        Err(e) => e.into_response(),
    }
}

/// An OAuth error answer: `{error, error_description}` (RFC 6749 §5.2) with the API's problem
/// fields beside them.
fn oauth_error(e: OAuthError, why: &str, basic: bool) -> Response {
    let status = match e {
        OAuthError::InvalidClient => StatusCode::UNAUTHORIZED,
        _ => StatusCode::BAD_REQUEST,
    };
    let body = serde_json::json!({
        "error": e.as_str(),
        "error_description": why,
        "type": "about:blank",
        "title": e.as_str(),
        "status": status.as_u16(),
        "detail": why,
        "code": e.as_str(),
    });
    let mut res = (status, axum::Json(body)).into_response();
    if status == StatusCode::UNAUTHORIZED && basic {
        res.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Basic realm=\"twofold\""),
        );
    }
    res
}

fn refusal(r: Refusal, basic: bool) -> Response {
    match r {
        Refusal::OAuth(e, why) => oauth_error(e, why, basic),
        Refusal::App(e) => e.into_response(),
    }
}

/// The client's credentials: HTTP Basic (RFC 6749 §2.3.1, form-encoded parts) or the form's
/// `client_id`/`client_secret`; both at once is refused (§2.3).
fn credentials(
    headers: &HeaderMap,
    form: &ClientForm,
) -> Result<(ClientCredentials, bool), Box<Response>> {
    let basic = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            let (scheme, rest) = v.split_once(' ')?;
            scheme.eq_ignore_ascii_case("basic").then_some(rest)
        });
    let bad = |why| Box::new(oauth_error(OAuthError::InvalidClient, why, basic.is_some()));
    match basic {
        Some(b) => {
            if form.client_secret.is_some() {
                return Err(bad("use one client authentication method"));
            }
            let decoded = STANDARD
                .decode(b.trim())
                .ok()
                .and_then(|d| String::from_utf8(d).ok())
                .ok_or_else(|| bad("malformed Basic credentials"))?;
            let (id, secret) = decoded
                .split_once(':')
                .ok_or_else(|| bad("malformed Basic credentials"))?;
            let unescape = |s: &str| {
                url::form_urlencoded::parse(format!("x={s}").as_bytes())
                    .next()
                    .map(|(_, v)| v.into_owned())
                    .unwrap_or_default()
            };
            let id = unescape(id);
            if form.client_id.as_deref().is_some_and(|f| f != id) {
                return Err(bad("client_id differs from the Basic credentials"));
            }
            Ok((
                ClientCredentials {
                    client_id: id,
                    client_secret: Some(unescape(secret)),
                },
                true,
            ))
        }
        None => {
            let id = form
                .client_id
                .clone()
                .ok_or_else(|| bad("client authentication is required"))?;
            Ok((
                ClientCredentials {
                    client_id: id,
                    client_secret: form.client_secret.clone(),
                },
                false,
            ))
        }
    }
}

#[derive(Deserialize)]
struct ClientForm {
    client_id: Option<String>,
    client_secret: Option<String>,
}

#[derive(Deserialize)]
struct TokenForm {
    grant_type: Option<String>,
    code: Option<String>,
    redirect_uri: Option<String>,
    code_verifier: Option<String>,
    refresh_token: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
}

async fn token(
    State(st): State<AppState>,
    headers: HeaderMap,
    form: Result<Form<TokenForm>, FormRejection>,
) -> Response {
    let Ok(Form(f)) = form else {
        return oauth_error(
            OAuthError::InvalidRequest,
            "send an application/x-www-form-urlencoded body",
            false,
        );
    };
    let client_form = ClientForm {
        client_id: f.client_id.clone(),
        client_secret: f.client_secret.clone(),
    };
    let (creds, basic) = match credentials(&headers, &client_form) {
        Ok(c) => c,
        Err(res) => return *res,
    };
    let exchange = match f.grant_type.as_deref() {
        Some("authorization_code") => match f.code {
            Some(code) => Exchange::Code {
                code,
                redirect_uri: f.redirect_uri,
                code_verifier: f.code_verifier,
            },
            None => return oauth_error(OAuthError::InvalidRequest, "code is required", basic),
        },
        Some("refresh_token") => match f.refresh_token {
            Some(refresh_token) => Exchange::Refresh { refresh_token },
            None => {
                return oauth_error(
                    OAuthError::InvalidRequest,
                    "refresh_token is required",
                    basic,
                );
            }
        },
        Some(_) => {
            return oauth_error(
                OAuthError::UnsupportedGrantType,
                "grant_type must be authorization_code or refresh_token",
                basic,
            );
        }
        None => return oauth_error(OAuthError::InvalidRequest, "grant_type is required", basic),
    };
    let client = match oidc_tokens::authenticate_client(&st, &creds).await {
        Ok(c) => c,
        Err(r) => return refusal(r, basic),
    };
    if let Err(e) = crate::signing::Keyring::ensure(&st, client.id_token_alg).await {
        return e.into_response();
    }
    match oidc_tokens::exchange(&st, &client, exchange).await {
        Ok(issued) => axum::Json(issued).into_response(),
        Err(r) => refusal(r, basic),
    }
}

/// A bearer token from the header (RFC 6750 §2.1) or, for POST, the form (§2.2).
async fn userinfo(
    State(st): State<AppState>,
    method: axum::http::Method,
    headers: HeaderMap,
    form: Result<Form<AccessForm>, FormRejection>,
) -> Response {
    let from_header = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            let (scheme, rest) = v.split_once(' ')?;
            scheme
                .eq_ignore_ascii_case("bearer")
                .then(|| rest.to_owned())
        });
    // A token in a POST body (RFC 6750 §2.2), never in a URL's query, where logs keep it.
    let from_body = (method == axum::http::Method::POST)
        .then(|| form.ok().and_then(|Form(f)| f.access_token))
        .flatten();
    let token = from_header.or(from_body);
    let unauthorized = |error: &str| {
        let mut res = (
            StatusCode::UNAUTHORIZED,
            axum::Json(serde_json::json!({
                "error": error,
                "type": "about:blank",
                "title": error,
                "status": 401,
                "code": error,
            })),
        )
            .into_response();
        let challenge = format!("Bearer realm=\"twofold\", error=\"{error}\"");
        if let Ok(v) = HeaderValue::from_str(&challenge) {
            res.headers_mut().insert(header::WWW_AUTHENTICATE, v);
        }
        res
    };
    let Some(token) = token else {
        return unauthorized("invalid_request");
    };
    match oidc_tokens::bearer(&st, token.trim()).await {
        Ok(Some(info)) => axum::Json(info).into_response(),
        Ok(None) => unauthorized("invalid_token"),
        Err(e) => e.into_response(),
    }
}

#[derive(Deserialize)]
struct AccessForm {
    access_token: Option<String>,
}

#[derive(Deserialize)]
struct TokenOnlyForm {
    token: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
}

async fn authenticated_token(
    st: &AppState,
    headers: &HeaderMap,
    form: Result<Form<TokenOnlyForm>, FormRejection>,
) -> Result<(store::clients::Client, String), Response> {
    let Ok(Form(f)) = form else {
        return Err(oauth_error(
            OAuthError::InvalidRequest,
            "send an application/x-www-form-urlencoded body",
            false,
        ));
    };
    let cf = ClientForm {
        client_id: f.client_id,
        client_secret: f.client_secret,
    };
    let (creds, basic) = credentials(headers, &cf).map_err(|r| *r)?;
    let client = oidc_tokens::authenticate_client(st, &creds)
        .await
        .map_err(|r| refusal(r, basic))?;
    let token = f
        .token
        .ok_or_else(|| oauth_error(OAuthError::InvalidRequest, "token is required", basic))?;
    Ok((client, token))
}

async fn introspect(
    State(st): State<AppState>,
    headers: HeaderMap,
    form: Result<Form<TokenOnlyForm>, FormRejection>,
) -> Response {
    let (client, token) = match authenticated_token(&st, &headers, form).await {
        Ok(x) => x,
        Err(res) => return res,
    };
    match oidc_tokens::introspect(&st, &client, &token).await {
        Ok(answer) => axum::Json(answer).into_response(),
        Err(e) => e.into_response(),
    }
}

async fn revoke(
    State(st): State<AppState>,
    headers: HeaderMap,
    form: Result<Form<TokenOnlyForm>, FormRejection>,
) -> Response {
    let (client, token) = match authenticated_token(&st, &headers, form).await {
        Ok(x) => x,
        Err(res) => return res,
    };
    match oidc_tokens::revoke(&st, &client, &token).await {
        Ok(()) => StatusCode::OK.into_response(),
        Err(e) => e.into_response(),
    }
}
