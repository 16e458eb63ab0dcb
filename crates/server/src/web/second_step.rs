//! The second step of signing in, in the browser: a code from an authenticator app or a
//! text, a security key, a push approval (on a device, or from another signed-in browser of the
//! account), or a recovery code; "use another method" lists the rest.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use domain::MethodKind;
use domain::method::StepKind;
use domain::network::DeviceNetworks;
use serde::Deserialize;

use super::extract::{CsrfForm, SecondStep, Step, WebSession};
use super::session::{Chrome, WebError, page, query_escape, safe_next};
use crate::error::AppError;
use crate::extract::ClientIp;
use crate::extract::user_agent;
use crate::i18n::error_text;
use crate::services::signed_in;
use crate::services::{mfa, push, second_step};
use crate::state::AppState;

type WebResult = Result<Response, WebError>;

struct OtherMethod {
    id: String,
    label: String,
    describe: String,
}

#[derive(Template)]
#[template(path = "second_step.html")]
struct SecondStepPage {
    chrome: Chrome,
    next: String,
    next_q: String,
    /// What the form answers with: `totp`, `sms`, `push` (a device's offline code),
    /// `recovery_code`, or `push_approval` (ask for an approval instead of a code).
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
    /// `new_network`: a remembered browser was asked because of where it signs in from.
    why: Option<String>,
}

/// What the page offers first.
enum Shown {
    Key,
    Approval,
    Code(proto::mfa::MethodView),
    Recovery,
}

/// The page for the method asked for (`recovery`, `webauthn`, `push` or a method's id), else
/// the account's default, else the first that works.
pub(super) async fn second_step_page(
    st: &AppState,
    auth: &signed_in::Authenticated,
    next: String,
    method: Option<&str>,
    error: Option<String>,
) -> WebResult {
    step_page(st, auth, next, method, error, None).await
}

async fn step_page(
    st: &AppState,
    auth: &signed_in::Authenticated,
    next: String,
    method: Option<&str>,
    error: Option<String>,
    flash: Option<String>,
) -> WebResult {
    let fail = |e| WebError::from_app(e, "/sign-in/second-step");
    let all = mfa::methods(st, &auth.session.account_id)
        .await
        .map_err(fail)?;
    let offer = Offer {
        has_key: all.iter().any(|m| is(m, MethodKind::Webauthn)),
        approval: push::available(st, auth).await.map_err(fail)?,
        codes: all
            .iter()
            .filter(|m| {
                is(m, MethodKind::Totp) || is(m, MethodKind::Sms) || is(m, MethodKind::Push)
            })
            .cloned()
            .collect(),
    };
    let shown = offer.choose(method, all.iter().find(|m| m.is_default));
    let webauthn = if matches!(shown, Shown::Key) {
        Some(webauthn_prompt(st, auth).await?)
    } else {
        None
    };
    let (kind, method_id, method_label) = match &shown {
        Shown::Code(m) => (
            crate::proto_map::method_kind(m.kind).as_str(),
            m.id.clone(),
            m.label.clone(),
        ),
        Shown::Approval => ("push_approval", String::new(), String::new()),
        Shown::Key | Shown::Recovery => ("recovery_code", String::new(), String::new()),
    };
    let mut chrome = Chrome::signed_in(st, auth);
    chrome.error = error;
    chrome.flash = flash;
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
            others: offer.others(&shown),
            webauthn,
        },
    ))
}

fn is(m: &proto::mfa::MethodView, k: MethodKind) -> bool {
    crate::proto_map::method_kind(m.kind) == k
}

/// What the account can answer the second step with.
struct Offer {
    has_key: bool,
    /// A push approval can be asked for (a device, or another signed-in browser).
    approval: bool,
    /// The methods that answer with a code.
    codes: Vec<proto::mfa::MethodView>,
}

impl Offer {
    /// The method asked for (`recovery`, `webauthn`, `push` or a method's id) when the account
    /// has it, else the default, else the first that works.
    fn choose(&self, method: Option<&str>, default: Option<&proto::mfa::MethodView>) -> Shown {
        let code = |id: &str| self.codes.iter().find(|m| m.id == id).cloned();
        match method {
            Some("recovery") => return Shown::Recovery,
            Some("webauthn") if self.has_key => return Shown::Key,
            Some("push") if self.approval => return Shown::Approval,
            Some(id) => {
                if let Some(m) = code(id) {
                    return Shown::Code(m);
                }
            }
            None => {}
        }
        match default {
            Some(m) if is(m, MethodKind::Webauthn) => Shown::Key,
            Some(m) if is(m, MethodKind::Push) && self.approval => Shown::Approval,
            Some(m) if code(&m.id).is_some() => Shown::Code(m.clone()),
            _ => match self.codes.first() {
                Some(m) => Shown::Code(m.clone()),
                None if self.has_key => Shown::Key,
                None if self.approval => Shown::Approval,
                None => Shown::Recovery,
            },
        }
    }

    /// "Use another method": everything but what is shown.
    fn others(&self, shown: &Shown) -> Vec<OtherMethod> {
        let tr = crate::i18n::current();
        let mut others = Vec::new();
        if self.has_key && !matches!(shown, Shown::Key) {
            others.push(OtherMethod {
                id: "webauthn".to_owned(),
                label: tr.t("step-other-key"),
                describe: tr.method(MethodKind::Webauthn),
            });
        }
        if self.approval && !matches!(shown, Shown::Approval) {
            others.push(OtherMethod {
                id: "push".to_owned(),
                label: tr.t("step-other-approval"),
                describe: tr.t("step-other-approval-kind"),
            });
        }
        others.extend(
            self.codes
                .iter()
                .filter(|m| !matches!(shown, Shown::Code(c) if c.id == m.id))
                .map(|m| OtherMethod {
                    id: m.id.clone(),
                    label: m.label.clone(),
                    describe: if is(m, MethodKind::Push) {
                        tr.t("step-other-device-code")
                    } else {
                        tr.method(crate::proto_map::method_kind(m.kind))
                    },
                }),
        );
        others
    }
}

/// A security-key challenge for the page's script.
async fn webauthn_prompt(
    st: &AppState,
    auth: &signed_in::Authenticated,
) -> Result<WebauthnPrompt, WebError> {
    let (id, options, _) = crate::services::webauthn::start_authentication(st, auth)
        .await
        .map_err(|e| WebError::from_app(e, "/sign-in/second-step"))?;
    Ok(WebauthnPrompt {
        id: id.to_string(),
        options: serde_json::to_string(&options)
            .map_err(|e| WebError::from_app(AppError::internal_from("webauthn options", e), "/"))?,
    })
}

pub async fn second_step_get(
    State(st): State<AppState>,
    WebSession { auth, .. }: WebSession<Step, SecondStep>,
    Query(q): Query<StepQuery>,
) -> WebResult {
    let next = safe_next(q.next.as_deref(), "/");
    // A pending sign-in, or an active session that must pass the step again (a remembered
    // device a policy no longer accepts, a session from before 2FA was turned on).
    if crate::extract::decide(&st, &auth) != domain::access::Decision::SecondFactorRequired {
        return Ok(Redirect::to(&next).into_response());
    }
    let why = (q.why.as_deref() == Some("new_network"))
        .then(|| crate::i18n::current().t("step-new-network"));
    step_page(&st, &auth, next, q.method.as_deref(), None, why).await
}

#[derive(Deserialize)]
pub struct StepForm {
    next: Option<String>,
    kind: String,
    method_id: Option<String>,
    code: Option<String>,
    challenge_id: Option<String>,
    /// A security key's answer, as JSON (set by the page's script).
    credential: Option<String>,
    remember_device: Option<String>,
    /// "On this network only", beside "remember this browser".
    remember_network: Option<String>,
}

pub async fn second_step_post(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    CsrfForm { auth, form: f, .. }: CsrfForm<StepForm, Step, SecondStep>,
) -> WebResult {
    let next = safe_next(f.next.as_deref(), "/");
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
            StepKind::Method(MethodKind::Push) => Some("push".to_owned()),
            StepKind::Method(_) | StepKind::Passkey => None,
        });
    let approval = f.challenge_id.is_some() && kind == StepKind::Method(MethodKind::Push);
    let result = second_step::verify(
        &st,
        &auth,
        second_step::Attempt {
            kind,
            method_id,
            code: f.code.clone().filter(|c| !c.trim().is_empty()),
            challenge_id: f.challenge_id.clone(),
            credential: f
                .credential
                .as_deref()
                .and_then(|c| serde_json::from_str(c).ok()),
            // "On this network only" alone asks to remember it there.
            remember_device: (f.remember_device.is_some() || f.remember_network.is_some())
                .then_some(if f.remember_network.is_some() {
                    DeviceNetworks::Known
                } else {
                    DeviceNetworks::Any
                }),
            ip,
            user_agent: user_agent(&headers),
        },
    )
    .await;
    match result {
        Ok(passed) => {
            let mut res = super::session::passed_redirect(&st, &passed, &next);
            // Someone on their way back to an app is not held up by the offer.
            if !next.starts_with("/oidc/") && offer_passkey(&st, &auth, kind).await {
                crate::cookies::append(&mut res, vec![crate::cookies::offer_passkey(&st)]);
            }
            Ok(res)
        }
        Err(AppError::InvalidCode) => {
            let tr = crate::i18n::current();
            let message = if approval {
                tr.t("step-not-approved")
            } else {
                tr.t("step-wrong-code")
            };
            second_step_page(&st, &auth, next, shown.as_deref(), Some(message)).await
        }
        Err(e @ (AppError::Validation(_) | AppError::TooManyAttempts { .. })) => {
            second_step_page(&st, &auth, next, shown.as_deref(), Some(error_text(&e))).await
        }
        Err(e) => Err(WebError::from_app(e, "/sign-in")),
    }
}

/// Offer a passkey after this step? As `passkeys::offer_after_step` decides; its failure
/// costs only the offer.
async fn offer_passkey(
    st: &AppState,
    auth: &crate::services::signed_in::Authenticated,
    kind: StepKind,
) -> bool {
    crate::services::passkeys::offer_after_step(st, auth, kind)
        .await
        .inspect_err(|e| tracing::warn!(error = %e, "the passkey offer was not decided"))
        .unwrap_or(false)
}

#[derive(Deserialize)]
pub struct SmsForm {
    next: Option<String>,
    method_id: String,
}

/// "Text me a code": sends one to the SMS method shown, and shows the page to type it.
pub async fn sms_post(
    State(st): State<AppState>,
    CsrfForm { auth, form: f, .. }: CsrfForm<SmsForm, Step, SecondStep>,
) -> WebResult {
    let next = safe_next(f.next.as_deref(), "/");
    let method = domain::MethodId::parse(&f.method_id)
        .map_err(|_| WebError::from_app(AppError::NotFound("method"), "/sign-in/second-step"))?;
    match crate::services::sms::send_for_sign_in(&st, &auth, Some(&method)).await {
        Ok(sent) => {
            let flash = crate::i18n::current().t1("step-sms-sent", "phone", &sent.phone);
            step_page(&st, &auth, next, Some(method.as_str()), None, Some(flash)).await
        }
        Err(
            e @ (AppError::TooManyAttempts { .. }
            | AppError::SmsPaused { .. }
            | AppError::CountryNotAllowed(_)),
        ) => {
            second_step_page(
                &st,
                &auth,
                next,
                Some(method.as_str()),
                Some(error_text(&e)),
            )
            .await
        }
        Err(e) => Err(WebError::from_app(e, "/sign-in/second-step")),
    }
}

#[derive(Deserialize)]
pub struct NextForm {
    next: Option<String>,
}

/// "Send an approval request": holds the sign-in, then shows the number to pick.
pub async fn push_post(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    CsrfForm { auth, form: f, .. }: CsrfForm<NextForm, Step, SecondStep>,
) -> WebResult {
    let next = safe_next(f.next.as_deref(), "/");
    let (ua, place) = (
        user_agent(&headers),
        crate::extract::place(&headers, &st.config),
    );
    let from = push::Origin {
        ip: ip.as_deref(),
        user_agent: ua.as_deref(),
        place: place.as_deref(),
    };
    match push::start_challenge(&st, &auth, &from).await {
        Ok(started) => Ok(Redirect::to(&format!(
            "/sign-in/second-step/push/{}?next={}",
            started.id,
            query_escape(&next)
        ))
        .into_response()),
        Err(e @ (AppError::TooManyAttempts { .. } | AppError::Validation(_))) => {
            second_step_page(&st, &auth, next, Some("push"), Some(error_text(&e))).await
        }
        Err(e) => Err(WebError::from_app(e, "/sign-in/second-step")),
    }
}

#[derive(Template)]
#[template(path = "push_wait.html")]
struct PushWaitPage {
    chrome: Chrome,
    next: String,
    next_q: String,
    id: String,
    number: u8,
    /// Answered (or expired): the page no longer refreshes and offers to continue.
    settled: bool,
}

#[derive(Deserialize, Default)]
pub struct WaitQuery {
    next: Option<String>,
}

/// The number to pick, while the approval has not come (the page's script asks the status route
/// every second and a half; without script, a "Check again" link reloads it); once answered,
/// the form that finishes the second step (the script submits it at once).
pub async fn push_wait_get(
    State(st): State<AppState>,
    WebSession { auth, .. }: WebSession<Step, SecondStep>,
    Path(id): Path<String>,
    Query(q): Query<WaitQuery>,
) -> WebResult {
    let next = safe_next(q.next.as_deref(), "/");
    let challenge = domain::PushChallengeId::parse(&id).map_err(|_| {
        WebError::from_app(
            AppError::NotFound("sign-in request"),
            "/sign-in/second-step",
        )
    })?;
    let Some(held) = push::held(&st, &auth, &challenge)
        .await
        .map_err(|e| WebError::from_app(e, "/sign-in/second-step"))?
    else {
        return second_step_page(&st, &auth, next, Some("push"), None).await;
    };
    Ok(page(
        StatusCode::OK,
        &PushWaitPage {
            chrome: Chrome::signed_in(&st, &auth),
            next_q: query_escape(&next),
            next,
            id,
            number: held.number,
            settled: !held.pending,
        },
    ))
}

/// Whether the approval of a waiting sign-in came (for the waiting page's script).
pub async fn push_status_get(
    State(st): State<AppState>,
    WebSession { auth, .. }: WebSession<Step, SecondStep>,
    Path(id): Path<String>,
) -> WebResult {
    let challenge = domain::PushChallengeId::parse(&id).map_err(|_| {
        WebError::from_app(
            AppError::NotFound("sign-in request"),
            "/sign-in/second-step",
        )
    })?;
    let pending = push::held(&st, &auth, &challenge)
        .await
        .map_err(|e| WebError::from_app(e, "/sign-in/second-step"))?
        .is_some_and(|h| h.pending);
    let status = if pending { "pending" } else { "settled" };
    Ok(axum::Json(serde_json::json!({ "status": status })).into_response())
}
