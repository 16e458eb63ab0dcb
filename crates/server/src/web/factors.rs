//! Adding the second factors that arrive from outside the browser: a phone number for SMS
//! codes (proven with the code texted to it) and an authenticator device for push approval
//! (it enrolls with a one-time code, then is confirmed with a code it shows).

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use domain::sms::SmsCode;
use domain::totp::TotpCode;
use serde::Deserialize;

use super::enroll::{after_method_added, strip_xml_declaration};
use super::extract::{CsrfForm, Security, Setup};
use super::security::reauth_or;
use super::session::{Chrome, WebError, page, safe_next};
use crate::error::AppError;
use crate::extract::ClientIp;
use crate::i18n;
use crate::services::signed_in;
use crate::services::{push, sms};
use crate::state::AppState;

type WebResult = Result<Response, WebError>;

const SECURITY: &str = "/account/security";

#[derive(Template)]
#[template(path = "sms_setup.html")]
struct SmsSetupPage {
    chrome: Chrome,
    next: String,
    /// The pending method, once a code was sent; empty while the number is asked for.
    id: String,
    phone: String,
    label: String,
    /// The countries texts go to, as the operator allows them.
    countries: String,
}

fn sms_page(
    st: &AppState,
    auth: &signed_in::Authenticated,
    status: StatusCode,
    fields: (String, String, String, String),
    flash: Option<String>,
    error: Option<String>,
) -> Response {
    let (next, id, phone, label) = fields;
    let mut chrome = Chrome::signed_in(st, auth);
    chrome.flash = flash;
    chrome.error = error;
    page(
        status,
        &SmsSetupPage {
            chrome,
            next,
            id,
            phone,
            label,
            countries: st.sms_countries.describe(),
        },
    )
}

#[derive(Deserialize)]
pub struct SmsStartForm {
    next: Option<String>,
    phone: String,
    label: Option<String>,
}

/// "Add a phone number": texts a code to it, and asks for that code.
pub async fn sms_start_post(
    State(st): State<AppState>,
    CsrfForm { auth, form: f, .. }: CsrfForm<SmsStartForm, Setup, Security>,
) -> WebResult {
    let next = safe_next(f.next.as_deref(), SECURITY);
    let label = f.label.as_deref().map(str::trim).filter(|l| !l.is_empty());
    match sms::enroll(&st, &auth, &f.phone, label).await {
        Ok(e) => Ok(sms_page(
            &st,
            &auth,
            StatusCode::OK,
            (
                next,
                e.id.to_string(),
                e.sent.phone.clone(),
                label.unwrap_or_default().to_owned(),
            ),
            Some(i18n::current().t1("sec-sms-sent", "phone", &e.sent.phone)),
            None,
        )),
        Err(
            e @ (AppError::Validation(_)
            | AppError::CountryNotAllowed(_)
            | AppError::TooManyAttempts { .. }
            | AppError::SmsPaused { .. }),
        ) => Ok(sms_page(
            &st,
            &auth,
            StatusCode::UNPROCESSABLE_ENTITY,
            (
                next,
                String::new(),
                f.phone.clone(),
                label.unwrap_or_default().to_owned(),
            ),
            None,
            Some(i18n::error_text(&e)),
        )),
        Err(e) => Err(reauth_or(e, &auth, SECURITY)),
    }
}

#[derive(Deserialize)]
pub struct SmsVerifyForm {
    next: Option<String>,
    phone: String,
    code: Option<String>,
    resend: Option<String>,
}

/// The code from the text (or, with `resend`, another text).
pub async fn sms_verify_post(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    CsrfForm { auth, form: f, .. }: CsrfForm<SmsVerifyForm, Setup, Security>,
) -> WebResult {
    let next = safe_next(f.next.as_deref(), SECURITY);
    let method = domain::MethodId::parse(&id)
        .map_err(|_| WebError::from_app(AppError::NotFound("pending enrollment"), SECURITY))?;
    let again = |error: Option<String>, flash: Option<String>| {
        sms_page(
            &st,
            &auth,
            if error.is_some() {
                StatusCode::UNPROCESSABLE_ENTITY
            } else {
                StatusCode::OK
            },
            (next.clone(), id.clone(), f.phone.clone(), String::new()),
            flash,
            error,
        )
    };
    if f.resend.is_some() {
        return match sms::resend_enrollment(&st, &auth, &method).await {
            Ok(sent) => Ok(again(
                None,
                Some(i18n::current().t1("sec-sms-resent", "phone", &sent.phone)),
            )),
            Err(e @ (AppError::TooManyAttempts { .. } | AppError::SmsPaused { .. })) => {
                Ok(again(Some(i18n::error_text(&e)), None))
            }
            Err(e) => Err(reauth_or(e, &auth, SECURITY)),
        };
    }
    let Some(code) = f.code.as_deref().and_then(|c| SmsCode::parse(c).ok()) else {
        return Ok(again(Some(i18n::current().t("sec-sms-format")), None));
    };
    match sms::verify_enrollment(&st, &auth, &method, &code, ip.as_deref()).await {
        Ok((_, codes)) => Ok(after_method_added(&st, &auth, codes, next)),
        Err(AppError::InvalidCode) => Ok(again(Some(i18n::current().t("sec-sms-mismatch")), None)),
        Err(e) => Err(reauth_or(e, &auth, SECURITY)),
    }
}

#[derive(Template)]
#[template(path = "push_setup.html")]
struct PushSetupPage {
    chrome: Chrome,
    next: String,
    id: String,
    /// The enrollment link and its QR code, shown only when the enrollment starts (the code
    /// is kept only as a hash).
    link: Option<String>,
    qr_svg: String,
}

#[derive(Deserialize)]
pub struct PushStartForm {
    next: Option<String>,
    label: Option<String>,
}

/// "Add an authenticator device": the one-time link for the device, and the field for the code
/// it then shows.
pub async fn push_start_post(
    State(st): State<AppState>,
    CsrfForm { auth, form: f, .. }: CsrfForm<PushStartForm, Setup, Security>,
) -> WebResult {
    let label = f.label.as_deref().map(str::trim).filter(|l| !l.is_empty());
    let e = push::start_enrollment(&st, &auth, label)
        .await
        .map_err(|e| reauth_or(e, &auth, SECURITY))?;
    Ok(page(
        StatusCode::OK,
        &PushSetupPage {
            chrome: Chrome::signed_in(&st, &auth),
            next: safe_next(f.next.as_deref(), SECURITY),
            id: e.id.to_string(),
            link: Some(e.uri),
            qr_svg: strip_xml_declaration(&e.qr_svg),
        },
    ))
}

#[derive(Deserialize)]
pub struct PushVerifyForm {
    next: Option<String>,
    code: String,
}

pub async fn push_verify_post(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    CsrfForm { auth, form: f, .. }: CsrfForm<PushVerifyForm, Setup, Security>,
) -> WebResult {
    let next = safe_next(f.next.as_deref(), SECURITY);
    let method = domain::MethodId::parse(&id)
        .map_err(|_| WebError::from_app(AppError::NotFound("pending enrollment"), SECURITY))?;
    let again = |message: String| {
        let mut chrome = Chrome::signed_in(&st, &auth);
        chrome.error = Some(message);
        page(
            StatusCode::UNPROCESSABLE_ENTITY,
            &PushSetupPage {
                chrome,
                next: next.clone(),
                id: id.clone(),
                link: None,
                qr_svg: String::new(),
            },
        )
    };
    let Ok(code) = TotpCode::parse(&f.code) else {
        return Ok(again(i18n::current().t("sec-push-format")));
    };
    match push::confirm(&st, &auth, &method, &code, ip.as_deref()).await {
        Ok((_, codes)) => Ok(after_method_added(&st, &auth, codes, next)),
        Err(AppError::InvalidCode) => Ok(again(i18n::current().t("sec-push-mismatch"))),
        Err(e @ AppError::Validation(_)) => Ok(again(i18n::error_text(&e))),
        Err(e) => Err(reauth_or(e, &auth, SECURITY)),
    }
}
