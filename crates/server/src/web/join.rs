//! Joining an organization as a newcomer: the invitation email's link for newcomers (a secret
//! only the email carries, so it proves the address) creates the account, signs it in and joins
//! with one form.

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use domain::{ClientKind, DisplayName, NewPassword};
use serde::Deserialize;

use super::account::signed_out_page;
use super::extract::{PublicForm, form_token};
use super::invitations::InvitationToken;
use super::session::{Chrome, WebError, page};
use crate::cookies::{self, Jar};
use crate::error::AppError;
use crate::extract::{ClientIp, user_agent};
use crate::i18n::error_text;
use crate::services::accounts::SignUp;
use crate::services::{invitations, sessions, signed_in, signup};
use crate::state::AppState;

type WebResult = Result<Response, WebError>;

#[derive(Template)]
#[template(path = "invitation_join.html")]
struct JoinPage {
    chrome: Chrome,
    token: String,
    org_name: String,
    role: String,
    email: String,
    name: String,
    manage_account: bool,
}

impl JoinPage {
    fn new(chrome: Chrome, token: String, offer: &store::invitations::Invitation) -> Self {
        Self {
            chrome,
            token,
            org_name: offer.org_name.clone(),
            // English names roles as identifiers (`legal_representative`); a sentence spells them.
            role: crate::i18n::current().role(offer.role).replace('_', " "),
            email: offer.email.to_string(),
            name: String::new(),
            manage_account: offer.manage_account,
        }
    }
}

pub async fn join_get(
    State(st): State<AppState>,
    InvitationToken(token): InvitationToken,
    headers: HeaderMap,
) -> WebResult {
    let offer = signup::join_offer(&st, &token)
        .await
        .map_err(|e| WebError::from_app(e, "/sign-in"))?;
    let (csrf, set) = form_token(&st, &headers);
    let html = page(
        StatusCode::OK,
        &JoinPage::new(Chrome::signed_out(csrf), token, &offer),
    );
    Ok(signed_out_page(set, &st, html))
}

#[derive(Deserialize)]
pub struct JoinForm {
    name: Option<String>,
    password: String,
    accept_management: Option<String>,
}

/// Creates the account, signs it in and accepts the invitation. What accepting still needs (a
/// second factor an enforcing organization asks of newcomers) the invitation page, signed in
/// now, says.
pub async fn join_post(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    InvitationToken(token): InvitationToken,
    headers: HeaderMap,
    PublicForm { csrf, form: f }: PublicForm<JoinForm>,
) -> WebResult {
    let offer = signup::join_offer(&st, &token)
        .await
        .map_err(|e| WebError::from_app(e, "/sign-in"))?;
    let again = |status: StatusCode, message: String| {
        let mut chrome = Chrome::signed_out(csrf.clone());
        chrome.error = Some(message);
        let mut p = JoinPage::new(chrome, token.clone(), &offer);
        p.name = f.name.clone().unwrap_or_default();
        page(status, &p)
    };
    let email = offer.email.clone();
    let parsed = (|| {
        let password = NewPassword::parse(&f.password, &email).map_err(AppError::WeakPassword)?;
        let name = match f.name.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
            Some(n) => DisplayName::parse(n)?,
            None => DisplayName::from_email(&email),
        };
        Ok::<_, AppError>(SignUp {
            email: email.clone(),
            password,
            name,
        })
    })();
    let input = match parsed {
        Ok(i) => i,
        Err(e) => return Ok(again(StatusCode::UNPROCESSABLE_ENTITY, error_text(&e))),
    };
    let invitation = match signup::join(&st, &token, input, ip.as_deref()).await {
        Ok((_, invitation)) => invitation,
        Err(AppError::EmailTaken) => {
            let message = crate::i18n::current().t("join-email-taken");
            return Ok(again(StatusCode::CONFLICT, message));
        }
        Err(e @ AppError::TooManyAttempts { .. }) => {
            return Ok(again(StatusCode::TOO_MANY_REQUESTS, error_text(&e)));
        }
        Err(e) => return Err(WebError::from_app(e, "/sign-in")),
    };
    let signed_in = sessions::sign_in(
        &st,
        sessions::SignIn {
            email,
            password: f.password.clone(),
            caller: sessions::Caller {
                client: ClientKind::Web,
                remember: false,
                ip: ip.clone(),
                user_agent: user_agent(&headers),
                device_token: None,
                known_device: cookies::get(&st, Jar::Known, &headers),
            },
        },
    )
    .await
    .map_err(|e| WebError::from_app(e, "/sign-in"))?;
    let auth = signed_in::authenticate(&st, signed_in.token.expose())
        .await
        .map_err(|e| WebError::from_app(e, "/sign-in"))?;
    let consent = f.accept_management.is_some();
    let offer = invitations::Offer::Id(&invitation);
    let to = match invitations::accept(&st, &auth, offer, consent, ip.as_deref()).await {
        Ok(a) => format!("/orgs/{}", a.org.id),
        // Signed in now: the page of invitations to the account says what is missing (a second
        // factor the organization asks of newcomers, consent to management).
        Err(e) if !e.is_internal() => "/account/invitations".to_owned(),
        Err(e) => return Err(WebError::from_app(e, "/account/invitations")),
    };
    let mut res = Redirect::to(&to).into_response();
    cookies::append(&mut res, cookies::after_sign_in(&st, &signed_in, true));
    Ok(res)
}
