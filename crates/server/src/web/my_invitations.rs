//! The invitations addressed to the account, accepted or declined from one page: sign-up
//! proved the address they were sent to, so the emailed link is not needed.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::InvitationId;
use serde::Deserialize;

use super::extract::{CsrfForm, Full, MyInvitations, NoFields, WebSession};
use super::policy::FlashQuery;
use super::session::{Chrome, WebError, day_time, page};
use crate::error::AppError;
use crate::extract::ClientIp;
use crate::i18n::{self, Tr};
use crate::services::signed_in::Authenticated;
use crate::services::{invitation_lists, invitations};
use crate::state::AppState;

type WebResult = Result<Response, WebError>;

const PATH: &str = "/account/invitations";

struct Row {
    id: String,
    org_name: String,
    /// The role, the inviter and the deadline, as one sentence.
    terms: String,
    manage_account: bool,
}

/// "As member (external), invited by ann@example.org. Valid until 5 Dec 2026, 14:05 UTC."
fn terms(tr: Tr, i: &store::invitations::Pending) -> String {
    let role = tr.role(i.role).replace('_', " ");
    let mut terms = if i.kind.is_external() {
        tr.t1("sec-inv-as-external", "role", role)
    } else {
        tr.t1("sec-inv-as", "role", role)
    };
    if let Some(by) = &i.invited_by {
        terms = tr.t2("sec-inv-invited-by", "terms", terms, "email", by);
    }
    tr.t2(
        "sec-inv-valid",
        "terms",
        terms,
        "date",
        day_time(i.expires_at),
    )
}

#[derive(Template)]
#[template(path = "my_invitations.html")]
struct InvitationsPage {
    chrome: Chrome,
    email: String,
    invitations: Vec<Row>,
    needs_mfa: bool,
    /// A link proved the address: invitations are answered here; otherwise by their link.
    proved: bool,
}

async fn render(
    st: &AppState,
    auth: &Authenticated,
    chrome: Chrome,
    status: StatusCode,
    needs_mfa: bool,
) -> WebResult {
    let list = invitation_lists::mine(st, auth)
        .await
        .map_err(|e| WebError::from_app(e, PATH))?;
    let proved = invitation_lists::may_answer_by_id(st, auth)
        .await
        .map_err(|e| WebError::from_app(e, PATH))?;
    let tr = chrome.tr;
    Ok(page(
        status,
        &InvitationsPage {
            chrome,
            email: auth.session.email.to_string(),
            needs_mfa,
            proved,
            invitations: list
                .into_iter()
                .map(|i| Row {
                    terms: terms(tr, &i),
                    id: i.id.to_string(),
                    org_name: i.org_name,
                    manage_account: i.manage_account,
                })
                .collect(),
        },
    ))
}

pub async fn invitations_get(
    State(st): State<AppState>,
    WebSession { auth, .. }: WebSession<Full, MyInvitations>,
    Query(q): Query<FlashQuery>,
) -> WebResult {
    let mut chrome = Chrome::signed_in(&st, &auth);
    if q.flash.as_deref() == Some("declined") {
        chrome.flash = Some(chrome.tr.t("sec-invitation-declined"));
    }
    render(&st, &auth, chrome, StatusCode::OK, false).await
}

/// The accept form: for an invitation that asks to manage the account, the consent checkbox.
#[derive(Deserialize)]
pub struct AcceptForm {
    accept_management: Option<String>,
}

fn invitation_id(raw: &str) -> Result<InvitationId, WebError> {
    InvitationId::parse(raw).map_err(|_| WebError::from_app(AppError::InvitationInvalid, PATH))
}

pub async fn accept_post(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    Path(raw): Path<String>,
    CsrfForm { auth, form: f, .. }: CsrfForm<AcceptForm, Full, MyInvitations>,
) -> WebResult {
    let id = invitation_id(&raw)?;
    let consent = f.accept_management.is_some();
    let offer = invitations::Offer::Id(&id);
    match invitations::accept(&st, &auth, offer, consent, ip.as_deref()).await {
        Ok(a) => Ok(Redirect::to(&format!("/orgs/{}", a.org.id)).into_response()),
        Err(
            e @ (AppError::MfaRequiredToJoin
            | AppError::ManagementConsentRequired
            | AppError::AlreadyManaged
            | AppError::AlreadyMember),
        ) => {
            let mut chrome = Chrome::signed_in(&st, &auth);
            chrome.error = Some(i18n::error_text(&e));
            let needs_mfa = matches!(e, AppError::MfaRequiredToJoin);
            let status = if needs_mfa {
                StatusCode::FORBIDDEN
            } else {
                StatusCode::CONFLICT
            };
            render(&st, &auth, chrome, status, needs_mfa).await
        }
        // Gone meanwhile (revoked, expired, accepted elsewhere): the list shows what is left.
        Err(AppError::InvitationInvalid) => Ok(Redirect::to(PATH).into_response()),
        Err(e) => Err(WebError::from_app(e, PATH)),
    }
}

pub async fn decline_post(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    Path(raw): Path<String>,
    CsrfForm { auth, .. }: CsrfForm<NoFields, Full, MyInvitations>,
) -> WebResult {
    let id = invitation_id(&raw)?;
    match invitation_lists::decline(&st, &auth, invitations::Offer::Id(&id), ip.as_deref()).await {
        Ok(()) => Ok(Redirect::to(&format!("{PATH}?flash=declined")).into_response()),
        Err(AppError::InvitationInvalid) => Ok(Redirect::to(PATH).into_response()),
        Err(e) => Err(WebError::from_app(e, PATH)),
    }
}
