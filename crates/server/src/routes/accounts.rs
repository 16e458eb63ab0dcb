//! Accounts, sessions and `/me`.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::{Cookie, SameSite};
use domain::{ClientKind, DisplayName, Email, NewPassword};
use proto::Problem;
use proto::accounts::{
    AccountCreated, CreateAccount, CreateSession, CurrentSession, Me, MeOrg, SessionCreated,
};

use crate::error::{AppError, AppResult};
use crate::extract::{AnySession, AppJson, AuthSession, ClientIp, SESSION_COOKIE, user_agent};
use crate::services::{accounts, sessions};
use crate::state::AppState;

/// The `Set-Cookie` value of the session cookie: `HttpOnly`, `SameSite=Lax`, `Secure` under
/// https; without `max_age` it is a browser-session cookie that dies with the browser.
fn session_cookie(st: &AppState, value: String, max_age: Option<time::Duration>) -> String {
    let mut cookie = Cookie::build((SESSION_COOKIE, value))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(st.cookie_secure);
    if let Some(max_age) = max_age {
        cookie = cookie.max_age(max_age);
    }
    cookie.build().to_string()
}

/// Create an account.
#[utoipa::path(post, path = "/api/v1/accounts", tag = "accounts", request_body = CreateAccount, responses(
    (status = 201, body = AccountCreated),
    (status = 409, description = "email_taken", body = Problem),
    (status = 422, description = "weak_password or validation_failed", body = Problem),
))]
pub async fn account_create(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    AppJson(body): AppJson<CreateAccount>,
) -> AppResult<(StatusCode, axum::Json<AccountCreated>)> {
    let email = Email::parse(&body.email)?;
    let password = NewPassword::parse(&body.password, &email).map_err(AppError::WeakPassword)?;
    let name = match body.name.as_deref() {
        Some(n) => DisplayName::parse(n)?,
        None => DisplayName::from_email(&email),
    };
    let id = accounts::sign_up(
        &st,
        accounts::SignUp {
            email: email.clone(),
            password,
            name,
        },
        ip.as_deref(),
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(AccountCreated {
            id: id.to_string(),
            email: email.to_string(),
        }),
    ))
}

/// Sign in with email and password.
#[utoipa::path(post, path = "/api/v1/sessions", tag = "sessions", request_body = CreateSession, responses(
    (status = 201, body = SessionCreated, description = "also sets the twofold_session cookie"),
    (status = 401, description = "invalid_credentials", body = Problem),
    (status = 429, description = "too_many_attempts, with Retry-After", body = Problem),
))]
pub async fn session_create(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    AppJson(body): AppJson<CreateSession>,
) -> AppResult<Response> {
    let email = Email::parse(&body.email)?;
    let client = body
        .client
        .as_deref()
        .map(ClientKind::parse)
        .transpose()?
        .unwrap_or(ClientKind::Web);
    let signed_in = sessions::sign_in(
        &st,
        sessions::SignIn {
            email,
            password: body.password,
            client,
            remember: body.remember.unwrap_or(false),
            ip,
            user_agent: user_agent(&headers),
        },
    )
    .await?;

    let cookie = session_cookie(
        &st,
        signed_in.token.expose().to_owned(),
        signed_in.cookie_max_age,
    );
    let body = SessionCreated {
        token: signed_in.token.expose().to_owned(),
        state: signed_in.state.as_str().to_owned(),
        aal: signed_in.aal.as_str().to_owned(),
        methods: Vec::new(),
        default_method: None,
        csrf_token: signed_in.csrf_token,
    };
    Ok((
        StatusCode::CREATED,
        [(header::SET_COOKIE, cookie)],
        axum::Json(body),
    )
        .into_response())
}

/// The current session.
#[utoipa::path(get, path = "/api/v1/sessions/current", tag = "sessions", responses(
    (status = 200, body = CurrentSession),
    (status = 401, description = "unauthenticated", body = Problem),
))]
pub async fn session_current(
    State(st): State<AppState>,
    AnySession(auth): AnySession,
) -> axum::Json<CurrentSession> {
    let s = &auth.session;
    axum::Json(CurrentSession {
        state: s.state.as_str().to_owned(),
        aal: s.aal.as_str().to_owned(),
        client: s.client.as_str().to_owned(),
        expires_at: s.clock.expires_at(),
        setup_required_by: Vec::new(),
        csrf_token: auth.csrf_token(&st),
    })
}

/// Sign out.
#[utoipa::path(delete, path = "/api/v1/sessions/current", tag = "sessions", responses(
    (status = 204, description = "signed out; the cookie is cleared"),
    (status = 401, description = "unauthenticated", body = Problem),
))]
pub async fn session_delete(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    AnySession(auth): AnySession,
) -> AppResult<Response> {
    sessions::sign_out(&st, &auth, ip.as_deref()).await?;
    let expired = session_cookie(&st, String::new(), Some(time::Duration::ZERO));
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, expired)]).into_response())
}

/// The signed-in account.
#[utoipa::path(get, path = "/api/v1/me", tag = "me", responses(
    (status = 200, body = Me),
    (status = 401, description = "unauthenticated", body = Problem),
))]
pub async fn me_get(AuthSession(auth): AuthSession) -> AppResult<axum::Json<Me>> {
    let s = &auth.session;
    Ok(axum::Json(Me {
        id: s.account_id.to_string(),
        email: s.email.to_string(),
        name: s.name.clone(),
        mfa_enabled: s.mfa_enabled,
        methods: Vec::new(),
        orgs: auth
            .orgs
            .iter()
            .map(|o| MeOrg {
                id: o.org.id.to_string(),
                name: o.org.name.clone(),
                role: o.membership.role.as_str().to_owned(),
                external: o.membership.kind.is_external(),
                requires_mfa: false,
            })
            .collect(),
    }))
}
