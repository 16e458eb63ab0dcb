//! Adding a second factor in the browser: an authenticator app (its QR code and the code it
//! then shows) and a security key; the recovery codes, shown once with the first method or on
//! request. SMS and push devices are in `factors.rs`.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use domain::totp::TotpCode;
use serde::Deserialize;

use super::account::flash_text;
use super::extract::{CsrfForm, NoFields, Security, Setup};
use super::security::{SecurityExtras, reauth_or, security_page};
use super::session::{Chrome, WebError, page, query_escape, safe_next};
use crate::error::AppError;
use crate::extract::ClientIp;
use crate::i18n;
use crate::services::factors;
use crate::services::signed_in;
use crate::services::{mfa, webauthn};
use crate::state::AppState;

type WebResult = Result<Response, WebError>;

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
    next: Option<String>,
    label: Option<String>,
}

pub async fn totp_start_post(
    State(st): State<AppState>,
    CsrfForm { auth, form: f, .. }: CsrfForm<TotpStartForm, Setup, Security>,
) -> WebResult {
    let label = f.label.as_deref().map(str::trim).filter(|l| !l.is_empty());
    let e = mfa::enroll_totp(&st, &auth, label)
        .await
        .map_err(|e| reauth_or(e, &auth, "/account/security"))?;
    let chrome = Chrome::signed_in(&st, &auth);
    let label = label.map_or_else(|| chrome.tr.t("sec-app-default-name"), str::to_owned);
    Ok(page(
        StatusCode::OK,
        &TotpSetupPage {
            chrome,
            next: safe_next(f.next.as_deref(), "/account/security"),
            id: e.id.to_string(),
            secret: e.secret.base32(),
            label,
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
    next: Option<String>,
    secret: String,
    label: Option<String>,
    code: String,
}

pub async fn totp_verify_post(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    CsrfForm { auth, form: f, .. }: CsrfForm<TotpVerifyForm, Setup, Security>,
) -> WebResult {
    let next = safe_next(f.next.as_deref(), "/account/security");
    let method = domain::MethodId::parse(&id)
        .map_err(|_| WebError::from_app(AppError::NotFound("pending enrollment"), "/"))?;
    let retry = |message: String| {
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
        chrome.error = Some(message);
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
        return Ok(retry(i18n::current().t("sec-totp-format")));
    };
    let (_, codes) = match factors::verify_code(
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
            return Ok(retry(i18n::current().t("sec-totp-mismatch")));
        }
        Err(e) => return Err(reauth_or(e, &auth, "/account/security")),
    };
    Ok(after_method_added(&st, &auth, codes, next))
}

/// After a method was added: the recovery codes (with the first method), else back to `next`.
pub(super) fn after_method_added(
    st: &AppState,
    auth: &signed_in::Authenticated,
    codes: Option<Vec<domain::recovery::RecoveryCode>>,
    next: String,
) -> Response {
    match codes {
        Some(codes) => {
            let codes: Vec<String> = codes.iter().map(|c| c.expose().to_owned()).collect();
            let text = codes_file(auth, &codes);
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
        None => super::session::after_form(&format!(
            "{next}{}flash=method_added",
            if next.contains('?') { '&' } else { '?' }
        )),
    }
}

// ----- recovery codes ---------------------------------------------------------------------

/// The downloadable text file of `codes`, titled in the page's language.
fn codes_file(auth: &signed_in::Authenticated, codes: &[String]) -> String {
    let title = i18n::current().t1("sec-codes-file-title", "email", &auth.session.email);
    format!("{title}\n\n{}\n", codes.join("\n"))
}

pub async fn recovery_codes_post(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    CsrfForm { auth, .. }: CsrfForm<NoFields, Setup, Security>,
) -> WebResult {
    let codes = mfa::regenerate_recovery_codes(&st, &auth, ip.as_deref())
        .await
        .map_err(|e| reauth_or(e, &auth, "/account/security"))?;
    let codes: Vec<String> = codes.iter().map(|c| c.expose().to_owned()).collect();
    let text = codes_file(&auth, &codes);
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

// ----- security keys -----------------------------------------------------------------------

#[derive(Template)]
#[template(path = "webauthn_register.html")]
struct WebauthnRegisterPage {
    chrome: Chrome,
    /// A passkey (signs in alone), or a security key (a second factor).
    passkey: bool,
    id: String,
    /// The creation options as JSON, for the page's script.
    options: String,
    next: String,
}

#[derive(Deserialize)]
pub struct WebauthnStartForm {
    next: Option<String>,
    label: Option<String>,
    /// Present for a passkey.
    passkey: Option<String>,
}

pub async fn webauthn_start_post(
    State(st): State<AppState>,
    CsrfForm { auth, form: f, .. }: CsrfForm<WebauthnStartForm, Setup, Security>,
) -> WebResult {
    let passkey = f.passkey.is_some();
    let default_name = i18n::current().t("sec-passkey-default-name");
    let label = f
        .label
        .as_deref()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .or(passkey.then_some(default_name.as_str()));
    let (id, options, _) = webauthn::start_registration(&st, &auth, label, passkey)
        .await
        .map_err(|e| reauth_or(e, &auth, "/account/security"))?;
    Ok(page(
        StatusCode::OK,
        &WebauthnRegisterPage {
            chrome: Chrome::signed_in(&st, &auth),
            passkey,
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
    next: Option<String>,
    credential: String,
}

pub async fn webauthn_verify_post(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    CsrfForm { auth, form: f, .. }: CsrfForm<WebauthnVerifyForm, Setup, Security>,
) -> WebResult {
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
            let reason = i18n::error_text(&e);
            let error = i18n::current().t1("sec-webauthn-not-added", "reason", reason);
            security_page(
                &st,
                &auth,
                next,
                SecurityExtras {
                    status: Some(StatusCode::UNPROCESSABLE_ENTITY),
                    error: Some(error),
                    ..SecurityExtras::default()
                },
            )
            .await
        }
        Err(e) => Err(reauth_or(e, &auth, "/account/security")),
    }
}
