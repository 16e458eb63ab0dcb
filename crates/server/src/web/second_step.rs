//! The second step of signing in, in the browser: a code from an authenticator app or a
//! text, a security key, a push approval (on a device, or from another signed-in browser of the
//! account), or a recovery code; "use another method" lists the rest.

use askama::Template;
use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use domain::MethodKind;
use domain::method::StepKind;
use serde::Deserialize;

use super::account::describe;
use super::session::{Chrome, WebError, check_csrf, page, query_escape, safe_next};
use crate::error::AppError;
use crate::extract::user_agent;
use crate::extract::{ClientIp, DEVICE_COOKIE};
use crate::routes::accounts::cookie;
use crate::services::{mfa, second_step, sessions};
use crate::state::AppState;

type WebResult = Result<Response, WebError>;

struct OtherMethod {
    id: String,
    label: String,
    describe: &'static str,
}

#[derive(Template)]
#[template(path = "second_step.html")]
struct SecondStepPage {
    chrome: Chrome,
    next: String,
    next_q: String,
    kind: &'static str,
    method_id: String,
    method_label: String,
    others: Vec<OtherMethod>,
    /// A security-key challenge for the page's script, when the key is the method offered.
    webauthn: Option<WebauthnPrompt>,
}

struct WebauthnPrompt {
    id: String,
    /// The request options as JSON.
    options: String,
}

#[derive(Deserialize, Default)]
pub struct StepQuery {
    next: Option<String>,
    method: Option<String>,
}

async fn second_step_page(
    st: &AppState,
    auth: &sessions::Authenticated,
    next: String,
    method: Option<&str>,
    error: Option<String>,
) -> WebResult {
    let all = mfa::methods(st, &auth.session.account_id)
        .await
        .map_err(|e| WebError::from_app(e, "/sign-in/second-step"))?;
    let has_key = all.iter().any(|m| m.kind == MethodKind::Webauthn.as_str());
    let key_is_default = all
        .iter()
        .find(|m| m.is_default)
        .is_some_and(|m| m.kind == MethodKind::Webauthn.as_str());
    let methods: Vec<_> = all
        .into_iter()
        .filter(|m| m.kind == MethodKind::Totp.as_str())
        .collect();
    let recovery = method == Some("recovery");
    let use_key = has_key
        && (method == Some("webauthn")
            || (method.is_none() && (key_is_default || methods.is_empty())));
    let webauthn = if use_key {
        let (id, options, _) = crate::services::webauthn::start_authentication(st, auth)
            .await
            .map_err(|e| WebError::from_app(e, "/sign-in/second-step"))?;
        Some(WebauthnPrompt {
            id: id.to_string(),
            options: serde_json::to_string(&options)
                .map_err(|e| WebError::from_app(AppError::Internal(e.to_string()), "/"))?,
        })
    } else {
        None
    };
    let chosen = methods
        .iter()
        .find(|m| Some(m.id.as_str()) == method)
        .or_else(|| methods.iter().find(|m| m.is_default))
        .or(methods.first());
    let mut chrome = Chrome::signed_in(st, auth);
    chrome.error = error;
    let (kind, method_id, method_label) = match (recovery, chosen) {
        (false, Some(m)) => ("totp", m.id.clone(), m.label.clone()),
        _ => ("recovery_code", String::new(), String::new()),
    };
    let mut others: Vec<OtherMethod> = methods
        .iter()
        .filter(|m| use_key || recovery || Some(m.id.as_str()) != chosen.map(|c| c.id.as_str()))
        .map(|m| OtherMethod {
            id: m.id.clone(),
            label: m.label.clone(),
            describe: describe(&m.kind),
        })
        .collect();
    if has_key && !use_key {
        others.insert(
            0,
            OtherMethod {
                id: "webauthn".to_owned(),
                label: "Your security key".to_owned(),
                describe: MethodKind::Webauthn.describe(),
            },
        );
    }
    Ok(page(
        if chrome.error.is_some() {
            StatusCode::UNAUTHORIZED
        } else {
            StatusCode::OK
        },
        &SecondStepPage {
            chrome,
            next_q: query_escape(&next),
            next,
            kind,
            method_id,
            method_label,
            others,
            webauthn,
        },
    ))
}

pub async fn second_step_get(
    State(st): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<StepQuery>,
) -> WebResult {
    let auth = super::session::from_cookie(&st, &headers)
        .await
        .map_err(|e| WebError::from_app(e, "/sign-in/second-step"))?;
    let next = safe_next(q.next.as_deref(), "/account/security");
    // A pending sign-in, or an active session that must pass the step again (a remembered
    // device a policy no longer accepts, a session from before 2FA was turned on).
    if crate::extract::decide(&st, &auth) != domain::access::Decision::SecondFactorRequired {
        return Ok(Redirect::to(&next).into_response());
    }
    second_step_page(&st, &auth, next, q.method.as_deref(), None).await
}

#[derive(Deserialize)]
pub struct StepForm {
    csrf: String,
    next: Option<String>,
    kind: String,
    method_id: Option<String>,
    code: String,
    challenge_id: Option<String>,
    /// A security key's answer, as JSON (set by the page's script).
    credential: Option<String>,
    remember_device: Option<String>,
}

pub async fn second_step_post(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Form(f): Form<StepForm>,
) -> WebResult {
    let auth = super::session::from_cookie(&st, &headers)
        .await
        .map_err(|e| WebError::from_app(e, "/sign-in/second-step"))?;
    check_csrf(&st, &auth, &f.csrf)?;
    let next = safe_next(f.next.as_deref(), "/account/security");
    let kind = StepKind::parse(&f.kind).map_err(|e| WebError::from_app(e.into(), "/"))?;
    let method_id = f
        .method_id
        .as_deref()
        .filter(|m| !m.is_empty())
        .map(|m| domain::MethodId::parse(m).map_err(|_| AppError::NotFound("method")))
        .transpose()
        .map_err(|e| WebError::from_app(e, "/"))?;
    let shown = method_id
        .as_ref()
        .map(|m| m.as_str().to_owned())
        .or_else(|| match kind {
            StepKind::RecoveryCode => Some("recovery".to_owned()),
            StepKind::Method(MethodKind::Webauthn) => Some("webauthn".to_owned()),
            StepKind::Method(_) => None,
        });
    let result = second_step::verify(
        &st,
        &auth,
        second_step::Attempt {
            kind,
            method_id,
            code: Some(f.code.clone()),
            challenge_id: f.challenge_id.clone(),
            credential: f
                .credential
                .as_deref()
                .and_then(|c| serde_json::from_str(c).ok()),
            remember_device: f.remember_device.is_some(),
            ip,
            user_agent: user_agent(&headers),
        },
    )
    .await;
    match result {
        Ok(passed) => {
            let redirect = Redirect::to(&next);
            Ok(match passed.device {
                Some((token, lifetime)) => {
                    let set = cookie(
                        &st,
                        DEVICE_COOKIE,
                        token.expose().to_owned(),
                        Some(lifetime),
                    );
                    ([(header::SET_COOKIE, set)], redirect).into_response()
                }
                None => redirect.into_response(),
            })
        }
        Err(AppError::InvalidCode) => {
            second_step_page(
                &st,
                &auth,
                next,
                shown.as_deref(),
                Some(
                    "That code is wrong, expired or already used. Try the newest code.".to_owned(),
                ),
            )
            .await
        }
        Err(e @ (AppError::Validation(_) | AppError::TooManyAttempts { .. })) => {
            second_step_page(&st, &auth, next, shown.as_deref(), Some(e.to_string())).await
        }
        Err(e) => Err(WebError::from_app(e, "/sign-in")),
    }
}

