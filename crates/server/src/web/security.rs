//! The security page: second factors (adding an authenticator app with its QR code, recovery
//! codes shown once, default, removal, turning 2FA off, re-authentication), app passwords and
//! remembered devices.

use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use domain::MethodKind;
use domain::method::StepKind;
use domain::totp::TotpCode;
use serde::Deserialize;

use super::account::{describe, flash_text};
use super::session::{Chrome, Need, WebError, check_csrf, page, query_escape, require, safe_next};
use super::session::{CsrfForm, day};
use crate::error::AppError;
use crate::extract::ClientIp;
use crate::extract::user_agent;
use crate::services::{app_passwords, devices, mfa, second_step, sessions, webauthn};
use crate::state::AppState;

type WebResult = Result<Response, WebError>;

// ----- security page ---------------------------------------------------------------------

struct MethodRow {
    id: String,
    label: String,
    describe: &'static str,
    is_default: bool,
    added: String,
}

struct AppPasswordRow {
    id: String,
    label: String,
    created: String,
    used: String,
}

struct DeviceRow {
    id: String,
    label: String,
    created: String,
    until: String,
}

#[derive(Template)]
#[template(path = "security.html")]
struct SecurityPage {
    chrome: Chrome,
    next: String,
    methods: Vec<MethodRow>,
    recovery_codes_left: u32,
    requirements: Vec<String>,
    /// The organization that manages the account (may reset its 2FA), if any.
    managed_by: Option<String>,
    reauth: bool,
    app_passwords: Vec<AppPasswordRow>,
    new_app_password: Option<String>,
    devices: Vec<DeviceRow>,
}

#[derive(Deserialize, Default)]
pub struct SecurityQuery {
    next: Option<String>,
    flash: Option<String>,
    reauth: Option<String>,
}

/// What the security page shows besides the account's state.
#[derive(Default)]
struct SecurityExtras {
    status: Option<StatusCode>,
    flash: Option<String>,
    error: Option<String>,
    reauth: bool,
    new_app_password: Option<String>,
}

async fn security_page(
    st: &AppState,
    auth: &sessions::Authenticated,
    next: String,
    extras: SecurityExtras,
) -> WebResult {
    let account = &auth.session.account_id;
    let fail = |e| WebError::from_app(e, "/account/security");
    let (methods, left) = mfa::overview(st, account).await.map_err(fail)?;
    let app_passwords = app_passwords::list(st, account).await.map_err(fail)?;
    let devices = devices::list(st, account).await.map_err(fail)?;
    let policies = mfa::OrgPolicies::of(&auth.orgs);
    let refs = policies.refs();
    let unmet = domain::access::unmet(
        &auth.session.methods,
        auth.session.credential(),
        &refs,
        st.clock.now(),
    );
    let mut requirements: Vec<String> = Vec::new();
    if auth.session.mfa_setup_due {
        requirements.push(
            "Your two-factor authentication was reset: set up a new second factor to continue."
                .to_owned(),
        );
    }
    requirements.extend(unmet.iter().map(|(o, deadline)| match deadline {
        Some(d) => format!(
            "{} requires two-factor authentication from {}.",
            o.name,
            day(*d)
        ),
        None => format!(
            "{} requires two-factor authentication: set it up to continue.",
            o.name
        ),
    }));
    let managed_by = auth
        .orgs
        .iter()
        .find(|o| o.manages_account)
        .map(|o| o.org.name.clone());
    let mut chrome = Chrome::signed_in(st, auth);
    chrome.flash = extras.flash;
    chrome.error = extras.error;
    Ok(page(
        extras.status.unwrap_or(StatusCode::OK),
        &SecurityPage {
            app_passwords: app_passwords
                .into_iter()
                .map(|a| AppPasswordRow {
                    id: a.id.to_string(),
                    label: a.label,
                    created: day(a.created_at),
                    used: a.last_used_at.map_or_else(|| "never".to_owned(), day),
                })
                .collect(),
            new_app_password: extras.new_app_password,
            devices: devices
                .into_iter()
                .map(|d| DeviceRow {
                    id: d.id.to_string(),
                    label: d.label,
                    created: day(d.created_at),
                    until: day(d.expires_at),
                })
                .collect(),
            chrome,
            next,
            methods: methods
                .into_iter()
                .map(|m| MethodRow {
                    describe: describe(m.kind),
                    id: m.id,
                    label: m.label,
                    is_default: m.is_default,
                    added: day(m.created_at),
                })
                .collect(),
            recovery_codes_left: left,
            managed_by,
            requirements,
            reauth: extras.reauth,
        },
    ))
}

pub async fn security_get(
    State(st): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<SecurityQuery>,
) -> WebResult {
    let auth = require(&st, &headers, "/account/security", Need::Setup).await?;
    let next = safe_next(q.next.as_deref(), "/account/security");
    security_page(
        &st,
        &auth,
        next,
        SecurityExtras {
            flash: flash_text(q.flash.as_deref()),
            reauth: q.reauth.is_some(),
            ..SecurityExtras::default()
        },
    )
    .await
}

/// The security page again, saying that an organization needs what was to be removed.
async fn refused_by_org(st: &AppState, auth: &sessions::Authenticated) -> WebResult {
    security_page(
        st,
        auth,
        "/account/security".to_owned(),
        SecurityExtras {
            status: Some(StatusCode::CONFLICT),
            error: Some(AppError::MfaRequiredByOrg.to_string()),
            ..SecurityExtras::default()
        },
    )
    .await
}

/// A change that needs a recent second factor asks for one on the security page; an account
/// without one needs a recent password sign-in instead, so it is sent to sign in again.
pub(super) fn reauth_or(e: AppError, auth: &sessions::Authenticated, path: &str) -> WebError {
    match e {
        AppError::ReauthenticationRequired(_) if auth.session.methods.is_empty() => {
            WebError::Redirect(format!("/sign-in?next={}", query_escape(path)))
        }
        AppError::ReauthenticationRequired(_) => {
            WebError::Redirect("/account/security?reauth=1".to_owned())
        }
        other => WebError::from_app(other, path),
    }
}

#[derive(Template)]
#[template(path = "totp_setup.html")]
struct TotpSetupPage {
    chrome: Chrome,
    next: String,
    id: String,
    secret: String,
    label: String,
    qr_svg: String,
}

#[derive(Deserialize)]
pub struct TotpStartForm {
    csrf: String,
    next: Option<String>,
    label: Option<String>,
}

pub async fn totp_start_post(
    State(st): State<AppState>,
    headers: HeaderMap,
    Form(f): Form<TotpStartForm>,
) -> WebResult {
    let auth = require(&st, &headers, "/account/security", Need::Setup).await?;
    check_csrf(&st, &auth, &f.csrf)?;
    let label = f.label.as_deref().map(str::trim).filter(|l| !l.is_empty());
    let e = mfa::enroll_totp(&st, &auth, label)
        .await
        .map_err(|e| reauth_or(e, &auth, "/account/security"))?;
    Ok(page(
        StatusCode::OK,
        &TotpSetupPage {
            chrome: Chrome::signed_in(&st, &auth),
            next: safe_next(f.next.as_deref(), "/account/security"),
            id: e.id.to_string(),
            secret: e.secret.base32(),
            label: label.unwrap_or("Authenticator app").to_owned(),
            qr_svg: strip_xml_declaration(&e.qr_svg),
        },
    ))
}

/// The QR code's SVG as an HTML fragment (without the XML declaration).
pub(super) fn strip_xml_declaration(svg: &str) -> String {
    match svg.find("<svg") {
        Some(i) => svg[i..].to_owned(),
        None => String::new(),
    }
}

#[derive(Template)]
#[template(path = "recovery_codes.html")]
struct RecoveryCodesPage {
    chrome: Chrome,
    codes: Vec<String>,
    download: String,
    next: String,
}

#[derive(Deserialize)]
pub struct TotpVerifyForm {
    csrf: String,
    next: Option<String>,
    secret: String,
    label: Option<String>,
    code: String,
}

pub async fn totp_verify_post(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(f): Form<TotpVerifyForm>,
) -> WebResult {
    let auth = require(&st, &headers, "/account/security", Need::Setup).await?;
    check_csrf(&st, &auth, &f.csrf)?;
    let next = safe_next(f.next.as_deref(), "/account/security");
    let method = domain::MethodId::parse(&id)
        .map_err(|_| WebError::from_app(AppError::NotFound("pending enrollment"), "/"))?;
    let retry = |message: &str| {
        let secret = domain::totp::TotpSecret::from_base32(&f.secret);
        let qr = secret
            .as_ref()
            .and_then(|s| {
                domain::totp::otpauth_uri(s, &st.config.mfa.issuer, auth.session.email.as_str())
            })
            .and_then(|uri| {
                qrcode::QrCode::new(uri.as_bytes()).ok().map(|q| {
                    q.render::<qrcode::render::svg::Color<'_>>()
                        .min_dimensions(200, 200)
                        .build()
                })
            })
            .unwrap_or_default();
        let mut chrome = Chrome::signed_in(&st, &auth);
        chrome.error = Some(message.to_owned());
        page(
            StatusCode::UNPROCESSABLE_ENTITY,
            &TotpSetupPage {
                chrome,
                next: next.clone(),
                id: id.clone(),
                secret: f.secret.clone(),
                label: f.label.clone().unwrap_or_default(),
                qr_svg: strip_xml_declaration(&qr),
            },
        )
    };
    let Ok(code) = TotpCode::parse(&f.code) else {
        return Ok(retry("Enter the 6 digits the app shows."));
    };
    let (_, codes) = match mfa::verify_code(
        &st,
        &auth,
        &method,
        domain::MethodKind::Totp,
        &code,
        ip.as_deref(),
    )
    .await
    {
        Ok(v) => v,
        Err(AppError::InvalidCode) => {
            return Ok(retry(
                "That code does not match. Check the app's clock and enter the newest code.",
            ));
        }
        Err(e) => return Err(reauth_or(e, &auth, "/account/security")),
    };
    Ok(after_method_added(&st, &auth, codes, next))
}

/// After a method was added: the recovery codes (with the first method), else back to `next`.
pub(super) fn after_method_added(
    st: &AppState,
    auth: &sessions::Authenticated,
    codes: Option<Vec<domain::recovery::RecoveryCode>>,
    next: String,
) -> Response {
    match codes {
        Some(codes) => {
            let codes: Vec<String> = codes.iter().map(|c| c.expose().to_owned()).collect();
            let text = format!(
                "twofold recovery codes for {}\n\n{}\n",
                auth.session.email,
                codes.join("\n")
            );
            let mut chrome = Chrome::signed_in(st, auth);
            chrome.flash = flash_text(Some("method_added"));
            page(
                StatusCode::OK,
                &RecoveryCodesPage {
                    chrome,
                    download: query_escape(&text),
                    codes,
                    next,
                },
            )
        }
        None => Redirect::to(&format!(
            "{next}{}flash=method_added",
            if next.contains('?') { '&' } else { '?' }
        ))
        .into_response(),
    }
}

fn method_id(raw: &str) -> Result<domain::MethodId, WebError> {
    domain::MethodId::parse(raw).map_err(|_| WebError::from_app(AppError::NotFound("method"), "/"))
}

pub async fn method_default_post(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(f): Form<CsrfForm>,
) -> WebResult {
    let auth = require(&st, &headers, "/account/security", Need::Setup).await?;
    check_csrf(&st, &auth, &f.csrf)?;
    mfa::set_default(&st, &auth, &method_id(&id)?, ip.as_deref())
        .await
        .map_err(|e| reauth_or(e, &auth, "/account/security"))?;
    Ok(Redirect::to("/account/security?flash=default_changed").into_response())
}

#[derive(Template)]
#[template(path = "confirm_remove.html")]
struct ConfirmRemovePage {
    chrome: Chrome,
    id: String,
    label: String,
    last: bool,
}

pub async fn method_remove_get(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> WebResult {
    let auth = require(&st, &headers, "/account/security", Need::Setup).await?;
    let methods = mfa::methods(&st, &auth.session.account_id)
        .await
        .map_err(|e| WebError::from_app(e, "/account/security"))?;
    let m = methods
        .iter()
        .find(|m| m.id == id)
        .ok_or_else(|| WebError::from_app(AppError::NotFound("method"), "/"))?;
    Ok(page(
        StatusCode::OK,
        &ConfirmRemovePage {
            chrome: Chrome::signed_in(&st, &auth),
            id: m.id.clone(),
            label: m.label.clone(),
            last: methods.len() == 1,
        },
    ))
}

pub async fn method_remove_post(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(f): Form<CsrfForm>,
) -> WebResult {
    let auth = require(&st, &headers, "/account/security", Need::Setup).await?;
    check_csrf(&st, &auth, &f.csrf)?;
    match mfa::remove(&st, &auth, &method_id(&id)?, ip.as_deref()).await {
        Ok(()) => Ok(Redirect::to("/account/security?flash=method_removed").into_response()),
        Err(AppError::MfaRequiredByOrg) => refused_by_org(&st, &auth).await,
        Err(e) => Err(reauth_or(e, &auth, "/account/security")),
    }
}

#[derive(Deserialize)]
pub struct ReauthForm {
    csrf: String,
    code: String,
}

pub async fn reauth_post(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Form(f): Form<ReauthForm>,
) -> WebResult {
    let auth = require(&st, &headers, "/account/security", Need::Setup).await?;
    check_csrf(&st, &auth, &f.csrf)?;
    let result = second_step::verify(
        &st,
        &auth,
        second_step::Attempt {
            kind: StepKind::Method(MethodKind::Totp),
            method_id: None,
            code: Some(f.code),
            challenge_id: None,
            credential: None,
            remember_device: false,
            ip,
            user_agent: user_agent(&headers),
        },
    )
    .await;
    match result {
        Ok(passed) => Ok(super::session::passed_redirect(
            &st,
            &passed,
            "/account/security?flash=confirmed",
        )),
        Err(
            e
            @ (AppError::InvalidCode | AppError::Validation(_) | AppError::TooManyAttempts { .. }),
        ) => {
            security_page(
                &st,
                &auth,
                "/account/security".to_owned(),
                SecurityExtras {
                    error: Some(e.to_string()),
                    reauth: true,
                    ..SecurityExtras::default()
                },
            )
            .await
        }
        Err(e) => Err(WebError::from_app(e, "/account/security")),
    }
}

// ----- recovery codes, turning 2FA off, app passwords, devices ---------------------------

pub async fn recovery_codes_post(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Form(f): Form<CsrfForm>,
) -> WebResult {
    let auth = require(&st, &headers, "/account/security", Need::Setup).await?;
    check_csrf(&st, &auth, &f.csrf)?;
    let codes = mfa::regenerate_recovery_codes(&st, &auth, ip.as_deref())
        .await
        .map_err(|e| reauth_or(e, &auth, "/account/security"))?;
    let codes: Vec<String> = codes.iter().map(|c| c.expose().to_owned()).collect();
    let text = format!(
        "twofold recovery codes for {}\n\n{}\n",
        auth.session.email,
        codes.join("\n")
    );
    Ok(page(
        StatusCode::OK,
        &RecoveryCodesPage {
            chrome: Chrome::signed_in(&st, &auth),
            download: query_escape(&text),
            codes,
            next: "/account/security".to_owned(),
        },
    ))
}

#[derive(Template)]
#[template(path = "confirm_off.html")]
struct ConfirmOffPage {
    chrome: Chrome,
}

pub async fn mfa_off_get(State(st): State<AppState>, headers: HeaderMap) -> WebResult {
    let auth = require(&st, &headers, "/account/security/off", Need::Setup).await?;
    Ok(page(
        StatusCode::OK,
        &ConfirmOffPage {
            chrome: Chrome::signed_in(&st, &auth),
        },
    ))
}

pub async fn mfa_off_post(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Form(f): Form<CsrfForm>,
) -> WebResult {
    let auth = require(&st, &headers, "/account/security", Need::Setup).await?;
    check_csrf(&st, &auth, &f.csrf)?;
    match mfa::disable(&st, &auth, ip.as_deref()).await {
        Ok(()) => Ok(Redirect::to("/account/security?flash=mfa_off").into_response()),
        Err(AppError::MfaRequiredByOrg) => refused_by_org(&st, &auth).await,
        Err(e) => Err(reauth_or(e, &auth, "/account/security")),
    }
}

#[derive(Deserialize)]
pub struct LabelForm {
    csrf: String,
    label: String,
}

pub async fn app_password_post(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Form(f): Form<LabelForm>,
) -> WebResult {
    let auth = require(&st, &headers, "/account/security", Need::Full).await?;
    check_csrf(&st, &auth, &f.csrf)?;
    let extras = match app_passwords::create(&st, &auth, &f.label, ip.as_deref()).await {
        Ok((_, _, password)) => SecurityExtras {
            new_app_password: Some(password.expose().to_owned()),
            ..SecurityExtras::default()
        },
        Err(e @ (AppError::Validation(_) | AppError::AppPasswordsNotAllowed)) => SecurityExtras {
            error: Some(e.to_string()),
            ..SecurityExtras::default()
        },
        Err(e) => return Err(reauth_or(e, &auth, "/account/security")),
    };
    security_page(&st, &auth, "/account/security".to_owned(), extras).await
}

pub async fn app_password_revoke_post(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(f): Form<CsrfForm>,
) -> WebResult {
    let auth = require(&st, &headers, "/account/security", Need::Full).await?;
    check_csrf(&st, &auth, &f.csrf)?;
    let id = domain::AppPasswordId::parse(&id)
        .map_err(|_| WebError::from_app(AppError::NotFound("app password"), "/"))?;
    app_passwords::revoke(&st, &auth, &id, ip.as_deref())
        .await
        .map_err(|e| reauth_or(e, &auth, "/account/security"))?;
    Ok(Redirect::to("/account/security?flash=app_password_revoked").into_response())
}

pub async fn device_forget_post(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(f): Form<CsrfForm>,
) -> WebResult {
    let auth = require(&st, &headers, "/account/security", Need::Full).await?;
    check_csrf(&st, &auth, &f.csrf)?;
    let id = domain::DeviceId::parse(&id)
        .map_err(|_| WebError::from_app(AppError::NotFound("device"), "/"))?;
    devices::forget(&st, &auth, &id, ip.as_deref())
        .await
        .map_err(|e| reauth_or(e, &auth, "/account/security"))?;
    Ok(Redirect::to("/account/security?flash=device_forgotten").into_response())
}

// ----- security keys -----------------------------------------------------------------------

#[derive(Template)]
#[template(path = "webauthn_register.html")]
struct WebauthnRegisterPage {
    chrome: Chrome,
    id: String,
    /// The creation options as JSON, for the page's script.
    options: String,
    next: String,
}

pub async fn webauthn_start_post(
    State(st): State<AppState>,
    headers: HeaderMap,
    Form(f): Form<TotpStartForm>,
) -> WebResult {
    let auth = require(&st, &headers, "/account/security", Need::Setup).await?;
    check_csrf(&st, &auth, &f.csrf)?;
    let label = f.label.as_deref().map(str::trim).filter(|l| !l.is_empty());
    let (id, options, _) = webauthn::start_registration(&st, &auth, label)
        .await
        .map_err(|e| reauth_or(e, &auth, "/account/security"))?;
    Ok(page(
        StatusCode::OK,
        &WebauthnRegisterPage {
            chrome: Chrome::signed_in(&st, &auth),
            id: id.to_string(),
            options: serde_json::to_string(&options).map_err(|e| {
                WebError::from_app(AppError::internal_from("webauthn options", e), "/")
            })?,
            next: safe_next(f.next.as_deref(), "/account/security"),
        },
    ))
}

#[derive(Deserialize)]
pub struct WebauthnVerifyForm {
    csrf: String,
    next: Option<String>,
    credential: String,
}

pub async fn webauthn_verify_post(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(f): Form<WebauthnVerifyForm>,
) -> WebResult {
    let auth = require(&st, &headers, "/account/security", Need::Setup).await?;
    check_csrf(&st, &auth, &f.csrf)?;
    let next = safe_next(f.next.as_deref(), "/account/security");
    let ceremony = domain::CeremonyId::parse(&id)
        .map_err(|_| WebError::from_app(AppError::WebauthnCeremonyInvalid, "/"))?;
    let credential = serde_json::from_str(&f.credential).unwrap_or(serde_json::Value::Null);
    match webauthn::finish_registration(&st, &auth, &ceremony, credential, ip.as_deref()).await {
        Ok((_, codes)) => Ok(after_method_added(&st, &auth, codes, next)),
        Err(
            e @ (AppError::WebauthnRejected(_)
            | AppError::WebauthnCeremonyInvalid
            | AppError::Validation(_)),
        ) => {
            security_page(
                &st,
                &auth,
                next,
                SecurityExtras {
                    status: Some(StatusCode::UNPROCESSABLE_ENTITY),
                    error: Some(format!("The security key was not added: {e} Try again.")),
                    ..SecurityExtras::default()
                },
            )
            .await
        }
        Err(e) => Err(reauth_or(e, &auth, "/account/security")),
    }
}
