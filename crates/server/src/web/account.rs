//! Account pages: sign-up, sign-in with the second step, sign-out, and the setup-required page
//! (with leaving an organization). The security page is in `security.rs`.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use domain::{ClientKind, DisplayName, Email, NewPassword};
use serde::Deserialize;

use super::extract::{
    CsrfForm, NoFields, PublicForm, Setup, SetupRequired, SignOut, WebSession, form_cookie,
    form_token,
};
use super::session::{Chrome, WebError, day, page, query_escape, safe_next};
use crate::cookies::{self, Jar};
use crate::error::AppError;
use crate::extract::ClientIp;
use crate::extract::user_agent;
use crate::i18n::error_text;
use crate::services::signed_in;
use crate::services::{accounts, passkeys, sessions, signup};
use crate::state::AppState;

type WebResult = Result<Response, WebError>;

// ----- sign-in ---------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage {
    chrome: Chrome,
    next: String,
    email: String,
    /// An app asked for a second factor now: a remembered browser does not skip it.
    fresh: bool,
    /// The password was right but the address waits for its link: offer a new one.
    unverified: bool,
    /// On the way to an invitation: what it is, said above the form.
    invited: Option<String>,
    /// `next`, escaped for the link to sign up, which carries it.
    next_q: String,
}

#[derive(Deserialize, Default)]
pub struct NextQuery {
    next: Option<String>,
    flash: Option<String>,
    fresh: Option<String>,
    /// The address to fill in (after sign-up).
    email: Option<String>,
}

/// A signed-out form page, with its CSRF cookie set when the browser has none.
pub(super) fn signed_out_page(set: Option<String>, st: &AppState, html: Response) -> Response {
    match set {
        Some(v) => ([(header::SET_COOKIE, form_cookie(st, &v))], html).into_response(),
        None => html,
    }
}

/// The sentence of a page's `?flash=` code, in the page's language (every page's codes).
pub(super) fn flash_text(code: Option<&str>) -> Option<String> {
    let tr = crate::i18n::current();
    Some(match code? {
        "signed_out" => tr.t("flash-signed-out"),
        "email_link_sent" => tr.t("flash-email-link-sent"),
        "email_changed" => tr.t("flash-email-changed"),
        "password_reset" => tr.t("flash-password-reset"),
        "account_created" => tr.t("flash-account-created"),
        "account_deleted" => tr.t("flash-account-deleted"),
        "verify_sent" => tr.t("flash-verify-sent"),
        "email_verified" => tr.t("flash-email-verified"),
        "email_verified_in" => tr.t("flash-email-verified-in"),
        "invitation_declined" => tr.t("sec-invitation-declined"),
        "method_added" => tr.t("flash-method-added"),
        "method_removed" => tr.t("flash-method-removed"),
        "default_changed" => tr.t("flash-default-changed"),
        "confirmed" => tr.t("flash-confirmed"),
        "left" => tr.t("flash-left"),
        "mfa_off" => tr.t("flash-mfa-off"),
        "app_password_revoked" => tr.t("flash-app-password-revoked"),
        "device_forgotten" => tr.t("flash-device-forgotten"),
        _ => return None,
    })
}

pub async fn sign_in_get(
    State(st): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<NextQuery>,
) -> Response {
    let (csrf, set) = form_token(&st, &headers);
    let mut chrome = Chrome::signed_out(csrf);
    chrome.flash = flash_text(q.flash.as_deref());
    let next = safe_next(q.next.as_deref(), "/");
    let (invited, email) = match invited_by_link(&st, &next).await {
        Some((text, email)) => (Some(text), email),
        // Carried from sign-up; only ever a field's value.
        None => (None, q.email.unwrap_or_default()),
    };
    let html = page(
        StatusCode::OK,
        &SignInPage {
            chrome,
            next_q: query_escape(&next),
            next,
            email,
            fresh: q.fresh.is_some(),
            unverified: false,
            invited,
        },
    );
    signed_out_page(set, &st, html)
}

/// When `next` is an invitation's page: the sentence that says what it is, and the address it
/// was sent to (which signs in or signs up to answer it). Whoever holds the link, the secret
/// the email carried, reads both without signing in: the organization, the role and the
/// address it was sent to (SECURITY.md).
async fn invited_by_link(st: &AppState, next: &str) -> Option<(String, String)> {
    let token = next.strip_prefix("/invitations/")?;
    let invited = crate::services::invitations::invitation_view(st, token)
        .await
        .ok()?;
    let tr = crate::i18n::current();
    let offer = &invited.offer;
    let text = tr.with(
        "sign-in-invited",
        &[
            ("org", crate::i18n::Arg::from(offer.org_name.clone())),
            ("role", crate::i18n::Arg::from(tr.role(offer.role))),
            ("email", crate::i18n::Arg::from(offer.email.to_string())),
        ],
    );
    Some((text, offer.email.to_string()))
}

#[derive(Deserialize)]
pub struct SignInForm {
    next: Option<String>,
    email: String,
    password: String,
    remember: Option<String>,
    /// Set by the page an app's request for a second factor led to. Only ever stricter: a
    /// caller who drops it gets the remembered browser's skip, which the ID token's `acr`
    /// tells the app.
    fresh: Option<String>,
}

pub async fn sign_in_post(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    PublicForm { csrf, form: f }: PublicForm<SignInForm>,
) -> WebResult {
    let next = safe_next(f.next.as_deref(), "/");
    let again = |message: String| {
        let mut chrome = Chrome::signed_out(csrf.clone());
        chrome.error = Some(message);
        page(
            StatusCode::UNAUTHORIZED,
            &SignInPage {
                chrome,
                next_q: query_escape(&next),
                next: next.clone(),
                email: f.email.clone(),
                fresh: f.fresh.is_some(),
                unverified: false,
                invited: None,
            },
        )
    };
    let Ok(email) = Email::parse(&f.email) else {
        return Ok(again(crate::i18n::current().t("sign-in-bad-email")));
    };
    let signed_in = match sessions::sign_in(
        &st,
        sessions::SignIn {
            email,
            password: f.password.clone(),
            caller: sessions::Caller {
                client: ClientKind::Web,
                remember: f.remember.is_some(),
                ip,
                user_agent: user_agent(&headers),
                device_token: cookies::get(&st, Jar::Device, &headers)
                    .filter(|_| f.fresh.is_none()),
                known_device: cookies::get(&st, Jar::Known, &headers),
            },
        },
    )
    .await
    {
        Ok(s) => s,
        Err(AppError::InvalidCredentials) => {
            return Ok(again(crate::i18n::current().t("sign-in-wrong")));
        }
        Err(e @ AppError::TooManyAttempts { .. }) => return Ok(again(error_text(&e))),
        Err(e @ AppError::EmailUnverified) => {
            let mut chrome = Chrome::signed_out(csrf.clone());
            chrome.error = Some(error_text(&e));
            let p = SignInPage {
                chrome,
                next_q: query_escape(&next),
                next,
                email: f.email.clone(),
                fresh: f.fresh.is_some(),
                unverified: true,
                invited: None,
            };
            return Ok(page(StatusCode::FORBIDDEN, &p));
        }
        Err(e) => return Err(WebError::from_app(e, "/sign-in")),
    };
    let to = match signed_in.state {
        // The page says why a remembered browser is asked (the words grant nothing).
        domain::SessionState::MfaPending if signed_in.new_network => format!(
            "/sign-in/second-step?next={}&why=new_network",
            query_escape(&next)
        ),
        domain::SessionState::MfaPending => {
            format!("/sign-in/second-step?next={}", query_escape(&next))
        }
        _ => next,
    };
    let mut res = super::session::after_form(&to);
    cookies::append(&mut res, cookies::after_sign_in(&st, &signed_in, true));
    Ok(res)
}

#[derive(Deserialize)]
pub struct PasskeySignInForm {
    next: Option<String>,
    challenge_id: String,
    /// The authenticator's answer, as JSON (the page's script fills it in).
    credential: String,
    remember: Option<String>,
}

/// A passkey's answer from the sign-in page: signed in at once, no password, no second step.
pub async fn sign_in_passkey_post(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    PublicForm { csrf, form: f }: PublicForm<PasskeySignInForm>,
) -> WebResult {
    let next = safe_next(f.next.as_deref(), "/");
    let caller = sessions::Caller {
        client: ClientKind::Web,
        remember: f.remember.is_some(),
        ip,
        user_agent: user_agent(&headers),
        device_token: None,
        known_device: cookies::get(&st, Jar::Known, &headers),
    };
    let credential = serde_json::from_str(&f.credential).ok();
    let signed_in = match passkeys::Answer::parse(Some(f.challenge_id), credential, caller) {
        Ok(answer) => passkeys::sign_in(&st, answer).await,
        Err(e) => Err(e),
    };
    let (status, message) = match signed_in {
        Ok(s) => {
            let mut res = super::session::after_form(&next);
            cookies::append(&mut res, cookies::after_sign_in(&st, &s, true));
            return Ok(res);
        }
        Err(AppError::InvalidCode | AppError::Validation(_)) => (
            StatusCode::UNAUTHORIZED,
            crate::i18n::current().t("sign-in-passkey-failed"),
        ),
        Err(e @ AppError::TooManyAttempts { .. }) => {
            (StatusCode::TOO_MANY_REQUESTS, error_text(&e))
        }
        Err(e) => return Err(WebError::from_app(e, "/sign-in")),
    };
    let mut chrome = Chrome::signed_out(csrf);
    chrome.error = Some(message);
    let p = SignInPage {
        chrome,
        next_q: query_escape(&next),
        next,
        email: String::new(),
        fresh: false,
        unverified: false,
        invited: None,
    };
    Ok(page(status, &p))
}

// ----- sign-up ---------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "sign_up.html")]
struct SignUpPage {
    chrome: Chrome,
    name: String,
    email: String,
    /// Where the sign-in after it goes (an invitation's page), carried through.
    next: String,
    next_q: String,
}

pub async fn sign_up_get(
    State(st): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<NextQuery>,
) -> Response {
    let (csrf, set) = form_token(&st, &headers);
    let next = safe_next(q.next.as_deref(), "/");
    // An invitation's address is the one to sign up with.
    let email = invited_by_link(&st, &next)
        .await
        .map(|(_, email)| email)
        .unwrap_or_default();
    let html = page(
        StatusCode::OK,
        &SignUpPage {
            chrome: Chrome::signed_out(csrf),
            name: String::new(),
            email,
            next_q: query_escape(&next),
            next,
        },
    );
    signed_out_page(set, &st, html)
}

#[derive(Deserialize)]
pub struct SignUpForm {
    name: Option<String>,
    email: String,
    password: String,
    next: Option<String>,
}

pub async fn sign_up_post(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    PublicForm { csrf, form: f }: PublicForm<SignUpForm>,
) -> WebResult {
    let next = safe_next(f.next.as_deref(), "/");
    let next_q = query_escape(&next);
    let again = |status: StatusCode, message: String| {
        let mut chrome = Chrome::signed_out(csrf.clone());
        chrome.error = Some(message);
        page(
            status,
            &SignUpPage {
                chrome,
                name: f.name.clone().unwrap_or_default(),
                email: f.email.clone(),
                next: next.clone(),
                next_q: next_q.clone(),
            },
        )
    };
    let parsed = (|| {
        let email = Email::parse(&f.email)?;
        let password = NewPassword::parse(&f.password, &email).map_err(AppError::WeakPassword)?;
        let name = match f.name.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
            Some(n) => DisplayName::parse(n)?,
            None => DisplayName::from_email(&email),
        };
        Ok::<_, AppError>(accounts::SignUp {
            email,
            password,
            name,
        })
    })();
    let input = match parsed {
        Ok(i) => i,
        Err(e) => return Ok(again(StatusCode::UNPROCESSABLE_ENTITY, error_text(&e))),
    };
    match signup::sign_up(&st, input, ip.as_deref()).await {
        // The sign-in page keeps the address and where to go next (an invitation).
        Ok(made) => {
            let flash = if made.verified {
                "account_created"
            } else {
                "verify_sent"
            };
            let email = query_escape(&f.email);
            Ok(Redirect::to(&format!(
                "/sign-in?flash={flash}&next={next_q}&email={email}"
            ))
            .into_response())
        }
        Err(e @ (AppError::EmailTaken | AppError::SignUpDisabled)) => {
            Ok(again(StatusCode::CONFLICT, error_text(&e)))
        }
        Err(e @ AppError::TooManyAttempts { .. }) => {
            Ok(again(StatusCode::TOO_MANY_REQUESTS, error_text(&e)))
        }
        Err(e) => Err(WebError::from_app(e, "/sign-up")),
    }
}

pub async fn sign_out_post(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    CsrfForm { auth, .. }: CsrfForm<NoFields, SignOut>,
) -> WebResult {
    sessions::sign_out(&st, &auth, ip.as_deref())
        .await
        .map_err(|e| WebError::from_app(e, "/"))?;
    let expired = cookies::expire(&st, Jar::Session);
    Ok((
        [(header::SET_COOKIE, expired)],
        Redirect::to("/sign-in?flash=signed_out"),
    )
        .into_response())
}

// ----- setup required --------------------------------------------------------------------

struct Requirement {
    id: String,
    name: String,
    deadline: Option<String>,
    external: bool,
}

#[derive(Template)]
#[template(path = "setup_required.html")]
struct SetupRequiredPage {
    chrome: Chrome,
    orgs: Vec<Requirement>,
    /// The account's 2FA was reset: a new second factor is owed whatever the organizations say.
    reset: bool,
    next_q: String,
}

pub async fn setup_required_get(
    State(st): State<AppState>,
    WebSession { auth, .. }: WebSession<Setup, SetupRequired>,
    Query(q): Query<NextQuery>,
) -> WebResult {
    let next = safe_next(q.next.as_deref(), "/");
    let policies = signed_in::OrgPolicies::of(&auth.orgs);
    let refs = policies.refs();
    let unmet = domain::access::unmet(
        &auth.session.methods,
        auth.session.credential(),
        &refs,
        st.clock.now(),
    );
    let reset = auth.session.mfa_setup_due;
    if unmet.is_empty() && !reset {
        return Ok(Redirect::to(&next).into_response());
    }
    let orgs = unmet
        .iter()
        .map(|(o, deadline)| Requirement {
            id: o.org_id.to_string(),
            name: o.name.to_owned(),
            deadline: deadline.map(day),
            external: auth
                .orgs
                .iter()
                .any(|m| &m.org.id == o.org_id && m.membership.kind.is_external()),
        })
        .collect();
    let mut chrome = Chrome::signed_in(&st, &auth);
    chrome.flash = flash_text(q.flash.as_deref());
    Ok(page(
        StatusCode::OK,
        &SetupRequiredPage {
            chrome,
            orgs,
            reset,
            next_q: query_escape(&next),
        },
    ))
}
