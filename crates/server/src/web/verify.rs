//! Proving a new account's address in the browser: the emailed link's page (a form, so that
//! mail scanners opening the link prove nothing, asking the password chosen at sign-up, so that
//! the address's holder confirms only the account they made), and asking for a new link.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use domain::{ClientKind, Email};
use serde::Deserialize;

use super::account::signed_out_page;
use super::extract::{PublicForm, form_token};
use super::session::{Chrome, WebError, page};
use crate::cookies::{self, Jar};
use crate::error::AppError;
use crate::extract::{ClientIp, user_agent};
use crate::i18n::error_text;
use crate::services::{sessions, signup};
use crate::state::AppState;

type WebResult = Result<Response, WebError>;

#[derive(Template)]
#[template(path = "verify.html")]
struct VerifyPage {
    chrome: Chrome,
    /// A well-formed link's token: the page asks to confirm with it.
    token: String,
    email: String,
    sent: bool,
    invalid: bool,
}

impl VerifyPage {
    fn new(chrome: Chrome) -> Self {
        Self {
            chrome,
            token: String::new(),
            email: String::new(),
            sent: false,
            invalid: false,
        }
    }
}

#[derive(Deserialize)]
pub struct TokenQuery {
    token: Option<String>,
}

/// The emailed link's page: a malformed or missing token shows the form asking for a new link.
pub async fn verify_get(
    State(st): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<TokenQuery>,
) -> Response {
    let (csrf, set) = form_token(&st, &headers);
    let token = q.token.as_deref().and_then(domain::SecretToken::parse);
    let mut p = VerifyPage::new(Chrome::signed_out(csrf));
    p.invalid = q.token.is_some() && token.is_none();
    p.token = token.map(|t| t.expose().to_owned()).unwrap_or_default();
    let status = if p.invalid {
        StatusCode::NOT_FOUND
    } else {
        StatusCode::OK
    };
    signed_out_page(set, &st, page(status, &p))
}

#[derive(Deserialize)]
pub struct VerifyForm {
    token: String,
    password: String,
}

pub async fn verify_post(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    PublicForm { csrf, form: f }: PublicForm<VerifyForm>,
) -> WebResult {
    match signup::verify_with_password(&st, &f.token, &f.password, ip.as_deref()).await {
        Ok((_, email)) => signed_in_after_proof(&st, email, &f.password, ip, &headers).await,
        Err(AppError::InvalidCredentials) => {
            let mut chrome = Chrome::signed_out(csrf);
            chrome.error = Some(crate::i18n::current().t("verify-wrong-password"));
            let mut p = VerifyPage::new(chrome);
            p.token = domain::SecretToken::parse(&f.token)
                .map(|t| t.expose().to_owned())
                .unwrap_or_default();
            Ok(page(StatusCode::UNAUTHORIZED, &p))
        }
        Err(AppError::VerificationInvalid) => {
            let mut p = VerifyPage::new(Chrome::signed_out(csrf));
            p.invalid = true;
            Ok(page(StatusCode::NOT_FOUND, &p))
        }
        Err(e) => Err(WebError::from_app(e, "/accounts/verify")),
    }
}

/// The address proved with the password typed: signed in at once, as after a sign-in with it
/// (the same rules, throttles and audit), and home says what comes next.
async fn signed_in_after_proof(
    st: &AppState,
    email: Email,
    password: &str,
    ip: Option<String>,
    headers: &HeaderMap,
) -> WebResult {
    let signed_in = sessions::sign_in(
        st,
        sessions::SignIn {
            email,
            password: password.to_owned(),
            caller: sessions::Caller {
                client: ClientKind::Web,
                remember: false,
                ip,
                user_agent: user_agent(headers),
                device_token: None,
                known_device: cookies::get(st, Jar::Known, headers),
            },
        },
    )
    .await;
    match signed_in {
        Ok(signed_in) => {
            let mut res = Redirect::to("/?flash=email_verified_in").into_response();
            cookies::append(&mut res, cookies::after_sign_in(st, &signed_in, true));
            Ok(res)
        }
        // Proved, but not signed in (throttled, say): signing in is one step away.
        Err(_) => Ok(Redirect::to("/sign-in?flash=email_verified").into_response()),
    }
}

pub async fn resend_get(State(st): State<AppState>, headers: HeaderMap) -> Response {
    let (csrf, set) = form_token(&st, &headers);
    let html = page(StatusCode::OK, &VerifyPage::new(Chrome::signed_out(csrf)));
    signed_out_page(set, &st, html)
}

#[derive(Deserialize)]
pub struct ResendForm {
    email: String,
}

pub async fn resend_post(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    PublicForm { csrf, form: f }: PublicForm<ResendForm>,
) -> WebResult {
    let again = |status: StatusCode, error: Option<String>, sent: bool| {
        let mut chrome = Chrome::signed_out(csrf.clone());
        chrome.error = error;
        let mut p = VerifyPage::new(chrome);
        p.email = f.email.clone();
        p.sent = sent;
        page(status, &p)
    };
    let email = match Email::parse(&f.email) {
        Ok(e) => e,
        Err(e) => {
            let message = error_text(&AppError::from(e));
            return Ok(again(
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(message),
                false,
            ));
        }
    };
    match signup::resend(&st, &email, ip.as_deref()).await {
        Ok(()) => Ok(again(StatusCode::OK, None, true)),
        Err(e @ AppError::TooManyAttempts { .. }) => Ok(again(
            StatusCode::TOO_MANY_REQUESTS,
            Some(error_text(&e)),
            false,
        )),
        Err(e) => Err(WebError::from_app(e, "/accounts/verify/resend")),
    }
}
