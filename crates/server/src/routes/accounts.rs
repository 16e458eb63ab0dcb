//! Accounts, sessions and `/me`.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::method::StepKind;
use domain::network::DeviceNetworks;
use domain::{Aal, ClientKind, DisplayName, Email, NewPassword};
use proto::Problem;
use proto::accounts::{
    AccountCreated, CreateAccount, CreateSession, CurrentSession, DeleteAccount, Me, MeOrg,
    MethodSummary, SessionCreated, SetupRequiredBy, UpdateMe,
};
use proto::mfa::{ChangePassword, SecondStep, SecondStepPassed};

use crate::cookies::{self, Jar};
use crate::error::{AppError, AppResult};
use crate::extract::{AnySession, AppJson, ClientIp, MeSession, user_agent};
use crate::proto_map::ToProto;
use crate::services::signed_in;
use crate::services::{accounts, mfa, second_step, sessions, signup};
use crate::state::AppState;

/// Create an account.
#[utoipa::path(post, path = "/api/v1/accounts", tag = "accounts", security(()), request_body = CreateAccount, responses(
    (status = 201, body = AccountCreated, description = "with `email_verified: false`, a link is emailed to the address; sign-in waits for it"),
    (status = 403, description = "sign_up_disabled", body = Problem),
    (status = 409, description = "email_taken", body = Problem),
    (status = 429, description = "too_many_attempts: too many sign-ups from this source or for this address", body = Problem),
    (status = 422, description = "weak_password or validation_failed", body = Problem),
    (status = 503, description = "overloaded: too many passwords being hashed; retry", body = Problem),
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
    let input = accounts::SignUp {
        email: email.clone(),
        password,
        name,
    };
    let made = signup::sign_up(&st, input, ip.as_deref()).await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(AccountCreated {
            id: made.id.to_string(),
            email: email.to_string(),
            email_verified: made.verified,
        }),
    ))
}

/// Sign in with email and password.
#[utoipa::path(post, path = "/api/v1/sessions", tag = "sessions", security(()), request_body = CreateSession, responses(
    (status = 201, body = SessionCreated, description = "also sets the twofold_session cookie"),
    (status = 401, description = "invalid_credentials", body = Problem),
    (status = 403, description = "email_unverified: the right password of an account whose address waits for its link", body = Problem),
    (status = 429, description = "too_many_attempts, with Retry-After", body = Problem),
    (status = 503, description = "overloaded: too many passwords being hashed; retry", body = Problem),
))]
pub async fn session_create(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    AppJson(body): AppJson<CreateSession>,
) -> AppResult<Response> {
    let email = Email::parse(&body.email)?;
    let caller = caller(&st, body.client.as_deref(), body.remember, ip, &headers)?;
    let client = caller.client;
    let signed_in = sessions::sign_in(
        &st,
        sessions::SignIn {
            email,
            password: body.password,
            caller,
        },
    )
    .await?;

    Ok(created(&st, signed_in, client))
}

/// Where a sign-in through the API comes from: its body's `client` (web unless said; it picks
/// a lifetime, never an exemption) and `remember`, and the request's address and cookies.
///
/// # Errors
/// `Validation` for an unknown client kind.
pub(crate) fn caller(
    st: &AppState,
    client: Option<&str>,
    remember: Option<bool>,
    ip: Option<String>,
    headers: &HeaderMap,
) -> AppResult<sessions::Caller> {
    Ok(sessions::Caller {
        client: client
            .map(ClientKind::parse)
            .transpose()?
            .unwrap_or(ClientKind::Web),
        remember: remember.unwrap_or(false),
        ip,
        user_agent: user_agent(headers),
        device_token: cookies::get(st, Jar::Device, headers),
        known_device: cookies::get(st, Jar::Known, headers),
    })
}

/// A sign-in's answer (of a password or a passkey): 201 with the session, and its cookies.
pub(crate) fn created(
    st: &AppState,
    signed_in: sessions::SignedIn,
    client: ClientKind,
) -> Response {
    let set = cookies::after_sign_in(st, &signed_in, client == ClientKind::Web);
    let body = SessionCreated {
        token: signed_in.token.expose().to_owned(),
        state: signed_in.state.to_proto(),
        aal: signed_in.aal.to_proto(),
        default_method: signed_in
            .methods
            .iter()
            .find(|m| m.is_default)
            .map(|m| m.id.clone()),
        methods: signed_in.methods.into_iter().map(summary).collect(),
        csrf_token: signed_in.csrf_token,
        setup_required_by: signed_in
            .requirements
            .into_iter()
            .map(|(org_id, name, deadline)| SetupRequiredBy {
                org_id: org_id.to_string(),
                name,
                deadline,
            })
            .collect(),
    };
    let mut res = (StatusCode::CREATED, axum::Json(body)).into_response();
    cookies::append(&mut res, set);
    res
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
    let policies = signed_in::OrgPolicies::of(&auth.orgs);
    let refs = policies.refs();
    let unmet = domain::access::unmet(&s.methods, s.credential(), &refs, st.clock.now());
    let state = domain::access::reported_state(s.state, &unmet, s.mfa_setup_due);
    axum::Json(CurrentSession {
        state: state.to_proto(),
        aal: s.aal.to_proto(),
        client: s.client.to_proto(),
        expires_at: s.clock.expires_at(),
        setup_required_by: unmet
            .iter()
            .map(|(o, deadline)| SetupRequiredBy {
                org_id: o.org_id.to_string(),
                name: o.name.to_owned(),
                deadline: *deadline,
            })
            .collect(),
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
    let expired = cookies::expire(&st, Jar::Session);
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, expired)]).into_response())
}

fn summary(m: proto::mfa::MethodView) -> MethodSummary {
    MethodSummary {
        id: m.id,
        kind: m.kind,
        label: m.label,
        is_default: m.is_default,
    }
}

/// With `type: "push"` and no code: without `challenge_id`, holds the sign-in for approval
/// (202 with the number to show); with it, 202 while the approval has not come. `None` when
/// the challenge is settled and the second step decides.
async fn push_waiting(
    st: &AppState,
    auth: &crate::services::signed_in::Authenticated,
    headers: &HeaderMap,
    ip: Option<&str>,
    challenge: Option<&str>,
) -> AppResult<Option<Response>> {
    use crate::services::push;
    let Some(raw) = challenge else {
        let ua = user_agent(headers);
        let place = crate::extract::place(headers, &st.config);
        let from = push::Origin {
            ip,
            user_agent: ua.as_deref(),
            place: place.as_deref(),
        };
        let started = push::start_challenge(st, auth, &from).await?;
        let body = proto::push::PushStarted {
            state: auth.session.state.to_proto(),
            challenge_id: started.id.to_string(),
            number: started.number,
            expires_at: started.expires_at,
        };
        return Ok(Some(
            (StatusCode::ACCEPTED, axum::Json(body)).into_response(),
        ));
    };
    let id = domain::PushChallengeId::parse(raw).map_err(|_| {
        domain::ValidationError::because("challenge_id", domain::error::Invalid::NotChallengeId)
    })?;
    if push::held(st, auth, &id).await?.is_some_and(|h| h.pending) {
        let body = proto::push::PushWaiting {
            state: auth.session.state.to_proto(),
            challenge_id: id.to_string(),
            status: proto::names::PushStatus::Pending,
        };
        return Ok(Some(
            (StatusCode::ACCEPTED, axum::Json(body)).into_response(),
        ));
    }
    Ok(None)
}

/// Pass the second step of sign-in, or re-authenticate an active session before a sensitive
/// change.
#[utoipa::path(post, path = "/api/v1/sessions/current/mfa", tag = "sessions", request_body = SecondStep, responses(
    (status = 200, body = SecondStepPassed, description = "with remember_device, also sets the twofold_device cookie"),
    (status = 202, body = proto::push::PushHeld, description = "type push without challenge_id: the sign-in waits for approval; show `number` (PushStarted). With challenge_id: still waiting (PushWaiting)"),
    (status = 401, description = "invalid_code; push_denied: the push was denied, the wrong number picked, or it expired", body = Problem),
    (status = 404, description = "method_id is not one of the account's methods", body = Problem),
    (status = 422, description = "malformed code or type", body = Problem),
    (status = 429, description = "too_many_attempts, with Retry-After; at the limit the sign-in is ended", body = Problem),
))]
pub async fn session_mfa(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    AnySession(auth): AnySession,
    AppJson(body): AppJson<SecondStep>,
) -> AppResult<Response> {
    let kind = StepKind::parse(&body.kind)?;
    let method_id = body
        .method_id
        .as_deref()
        .map(crate::routes::mfa::method_id)
        .transpose()?;
    let remember = body
        .remember_device_networks
        .as_deref()
        .map(|n| DeviceNetworks::parse(n, "remember_device_networks"))
        .transpose()?
        .or(Some(DeviceNetworks::Any));
    let is_push = kind == StepKind::Method(domain::MethodKind::Push) && body.code.is_none();
    if is_push
        && let Some(waiting) = push_waiting(
            &st,
            &auth,
            &headers,
            ip.as_deref(),
            body.challenge_id.as_deref(),
        )
        .await?
    {
        return Ok(waiting);
    }
    let passed = second_step::verify(
        &st,
        &auth,
        second_step::Attempt {
            kind,
            method_id,
            code: body.code,
            challenge_id: body.challenge_id,
            credential: body.credential,
            remember_device: remember.filter(|_| body.remember_device == Some(true)),
            ip,
            user_agent: user_agent(&headers),
        },
    )
    .await
    // A settled push that did not pass was denied (or expired): say so.
    .map_err(|e| match e {
        AppError::InvalidCode if is_push => AppError::PushDenied,
        other => other,
    })?;
    let mut res = axum::Json(SecondStepPassed {
        state: passed.state.to_proto(),
        aal: Aal::Aal2.to_proto(),
        device_remembered: passed.device.is_some(),
        token: passed.token.expose().to_owned(),
        csrf_token: passed.csrf_token.clone(),
    })
    .into_response();
    let set = cookies::after_step(&st, &passed, auth.session.client == ClientKind::Web);
    cookies::append(&mut res, set);
    Ok(res)
}

/// The signed-in account.
#[utoipa::path(get, path = "/api/v1/me", tag = "me", responses(
    (status = 200, body = Me),
    (status = 401, description = "unauthenticated", body = Problem),
))]
pub async fn me_get(
    State(st): State<AppState>,
    MeSession(auth): MeSession,
) -> AppResult<axum::Json<Me>> {
    let s = &auth.session;
    // Most requests come from accounts without 2FA: they cost no query here.
    let methods = if s.methods.is_empty() {
        Vec::new()
    } else {
        mfa::methods(&st, &s.account_id).await?
    };
    Ok(axum::Json(Me {
        id: s.account_id.to_string(),
        email: s.email.to_string(),
        name: s.name.clone(),
        mfa_enabled: !methods.is_empty(),
        methods: methods.into_iter().map(summary).collect(),
        orgs: auth
            .orgs
            .iter()
            .map(|o| MeOrg {
                id: o.org.id.to_string(),
                name: o.org.name.clone(),
                role: o.membership.role.to_proto(),
                external: o.membership.kind.is_external(),
                requires_mfa: o.policy.enforced,
            })
            .collect(),
        managed_by: auth
            .orgs
            .iter()
            .find(|o| o.manages_account)
            .map(|o| proto::orgs::OrgRef {
                org_id: o.org.id.to_string(),
                name: o.org.name.clone(),
            }),
        locale: s.locale.map(|l| l.as_str().to_owned()),
    }))
}

/// Change the account's own settings: its language.
#[utoipa::path(patch, path = "/api/v1/me", tag = "me", request_body = UpdateMe, responses(
    (status = 204, description = "saved"),
    (status = 401, description = "unauthenticated", body = Problem),
    (status = 422, description = "validation_failed: not one of en, fr, de, it", body = Problem),
))]
pub async fn me_patch(
    State(st): State<AppState>,
    MeSession(auth): MeSession,
    AppJson(body): AppJson<UpdateMe>,
) -> AppResult<StatusCode> {
    if let Some(locale) = body.locale {
        let locale = locale.as_deref().map(domain::Locale::parse).transpose()?;
        crate::services::language::set(&st, &auth, locale).await?;
    }
    Ok(StatusCode::NO_CONTENT)
}

/// Change the password; other sessions end and remembered devices are forgotten.
#[utoipa::path(post, path = "/api/v1/me/password", tag = "me", request_body = ChangePassword, responses(
    (status = 204, description = "changed"),
    (status = 401, description = "invalid_credentials: the current password is wrong", body = Problem),
    (status = 403, description = "reauthentication_required: with 2FA on, pass a second factor again first", body = Problem),
    (status = 422, description = "weak_password", body = Problem),
    (status = 429, description = "too_many_attempts", body = Problem),
    (status = 503, description = "overloaded: too many passwords being hashed; retry", body = Problem),
))]
pub async fn password_change(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    MeSession(auth): MeSession,
    AppJson(body): AppJson<ChangePassword>,
) -> AppResult<StatusCode> {
    accounts::change_password(
        &st,
        &auth,
        &body.current_password,
        &body.new_password,
        ip.as_deref(),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Delete the account for good, with its password and (with 2FA) a recent second factor.
/// Refused while it is the last owner of an organization (the organizations are named).
#[utoipa::path(delete, path = "/api/v1/me", tag = "me", request_body = DeleteAccount, responses(
    (status = 204, description = "the account and its personal data are erased"),
    (status = 401, description = "invalid_credentials: wrong password", body = Problem),
    (status = 403, description = "reauthentication_required", body = Problem),
    (status = 409, description = "last_owner: `organizations` names them", body = Problem),
))]
pub async fn me_delete(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    MeSession(auth): MeSession,
    AppJson(body): AppJson<DeleteAccount>,
) -> AppResult<Response> {
    crate::services::account_deletion::delete(&st, &auth, &body.password, ip.as_deref()).await?;
    let expired = cookies::expire(&st, Jar::Session);
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, expired)]).into_response())
}
