//! Invitations in the browser: a manager sends one, and the person invited accepts it from the
//! link in the email (consenting, when the organization asks to manage the account).

use askama::Template;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use domain::{Email, MembershipKind, Role};
use serde::Deserialize;

use super::extract::{CsrfForm, Full, Here, NoFields, WebSession};
use super::session::{Chrome, WebError, day_time, org_id, page, query_escape};
use crate::error::AppError;
use crate::extract::ClientIp;
use crate::i18n;
use crate::services::orgs;
use crate::services::signed_in::Authenticated;
use crate::services::{invitation_lists, invitations};
use crate::state::AppState;

type WebResult = Result<Response, WebError>;

#[derive(Template)]
#[template(path = "invite.html")]
struct InvitePage {
    chrome: Chrome,
    id: String,
    name: String,
    pending: Vec<PendingRow>,
}

/// A pending invitation on the invite page.
struct PendingRow {
    id: String,
    email: String,
    role: String,
    until: String,
}

pub async fn invite_get(
    State(st): State<AppState>,
    WebSession {
        auth, back: path, ..
    }: WebSession<Full, Here>,
    Path(raw): Path<String>,
    Query(q): Query<InviteQuery>,
) -> WebResult {
    let org = org_id(&raw)?;
    let (found, _) = orgs::view(&st, &auth.session.account_id, &org)
        .await
        .map_err(|e| WebError::from_app(e, &path))?;
    let pending = invitation_lists::pending_of_org(&st, &auth, &org)
        .await
        .map_err(|e| WebError::from_app(e, &path))?;
    let tr = i18n::current();
    let mut chrome = Chrome::signed_in(&st, &auth);
    // Whom it was sent to, read from the list by the invitation's id: the address stays out of
    // the URL (and of logs and browser history).
    let to = q.invitation.as_deref().and_then(|id| {
        pending
            .iter()
            .find(|i| i.id.as_str() == id)
            .map(|i| i.email.to_string())
    });
    chrome.flash = match (q.flash.as_deref(), to) {
        (Some("sent"), Some(to)) => Some(tr.t1("invite-flash-sent-to", "email", to)),
        (Some("resent"), Some(to)) => Some(tr.t1("invite-flash-resent-to", "email", to)),
        (Some("sent"), None) => Some(tr.t("invite-flash-sent")),
        (Some("resent"), None) => Some(tr.t("invite-flash-resent")),
        (Some("revoked"), _) => Some(tr.t("invite-flash-revoked")),
        _ => None,
    };
    Ok(page(
        StatusCode::OK,
        &InvitePage {
            chrome,
            id: org.to_string(),
            name: found.name,
            pending: pending
                .into_iter()
                .map(|i| PendingRow {
                    id: i.id.to_string(),
                    email: i.email.to_string(),
                    role: tr.role(i.role),
                    until: day_time(i.expires_at),
                })
                .collect(),
        },
    ))
}

#[derive(Deserialize, Default)]
pub struct InviteQuery {
    flash: Option<String>,
    /// The invitation the flash speaks of.
    invitation: Option<String>,
}

#[derive(Deserialize)]
pub struct InviteForm {
    email: String,
    role: String,
    external: Option<String>,
    manage_account: Option<String>,
}

pub async fn invite_post(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    Path(raw): Path<String>,
    CsrfForm {
        auth,
        back: path,
        form: f,
        ..
    }: CsrfForm<InviteForm, Full, Here>,
) -> WebResult {
    let org = org_id(&raw)?;
    let input = (|| {
        Ok::<_, AppError>(invitations::Invite {
            email: Email::parse(&f.email)?,
            role: Role::parse(&f.role)?,
            kind: MembershipKind::from_external(f.external.is_some()),
            manage_account: f.manage_account.is_some(),
        })
    })()
    .map_err(|e| WebError::from_app(e, &path))?;
    let (id, ..) = invitations::invite(&st, &auth, &org, input, ip.as_deref())
        .await
        .map_err(|e| WebError::from_app(e, &path))?;
    Ok(Redirect::to(&format!("{path}?flash=sent&invitation={id}")).into_response())
}

pub async fn invitation_revoke_post(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    Path((raw, id)): Path<(String, String)>,
    CsrfForm { auth, .. }: CsrfForm<NoFields, Full, Here>,
) -> WebResult {
    on_pending(&st, &auth, (&raw, &id), ip.as_deref(), Pending::Revoke).await
}

pub async fn invitation_resend_post(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    Path((raw, id)): Path<(String, String)>,
    CsrfForm { auth, .. }: CsrfForm<NoFields, Full, Here>,
) -> WebResult {
    on_pending(&st, &auth, (&raw, &id), ip.as_deref(), Pending::Resend).await
}

/// What a manager does to a pending invitation from the list.
enum Pending {
    Revoke,
    Resend,
}

/// Revokes or resends the invitation `id` of the organization `raw`, back to the list.
async fn on_pending(
    st: &AppState,
    auth: &Authenticated,
    (raw, id): (&str, &str),
    ip: Option<&str>,
    what: Pending,
) -> WebResult {
    let org = org_id(raw)?;
    let back = format!("/orgs/{org}/invitations");
    let id = domain::InvitationId::parse(id)
        .map_err(|_| WebError::from_app(AppError::NotFound("invitation"), &back))?;
    let (done, flash) = match what {
        Pending::Revoke => (
            invitation_lists::revoke(st, auth, &org, &id, ip).await,
            "revoked",
        ),
        Pending::Resend => (
            invitation_lists::resend(st, auth, &org, &id, ip).await,
            "resent",
        ),
    };
    match done {
        Ok(()) => {
            Ok(Redirect::to(&format!("{back}?flash={flash}&invitation={id}")).into_response())
        }
        // Accepted or revoked meanwhile: the list shows what is left.
        Err(AppError::NotFound("invitation")) => Ok(Redirect::to(&back).into_response()),
        Err(e) => Err(WebError::from_app(e, &back)),
    }
}

/// The token of an invitation link in the path, or 404 for anything that is not one. It is
/// read before the session (put it first among a page's extractors), so that only a well-formed
/// token goes into a page, its form's action and a `?next=`.
pub struct InvitationToken(pub(super) String);

impl FromRequestParts<AppState> for InvitationToken {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, Response> {
        let Path(raw) = Path::<String>::from_request_parts(parts, st)
            .await
            .map_err(IntoResponse::into_response)?;
        domain::SecretToken::parse(&raw)
            .map(|t| Self(t.expose().to_owned()))
            .ok_or_else(|| WebError::from_app(AppError::InvitationInvalid, "/").into_response())
    }
}

#[derive(Template)]
#[template(path = "invitation.html")]
struct InvitationPage {
    chrome: Chrome,
    token: String,
    org_name: String,
    role: String,
    /// Who sent it, when their account still exists.
    inviter: Option<String>,
    /// The invitation asks to manage the account: the page explains it and asks for consent.
    manage_account: bool,
    needs_mfa: bool,
    back_q: String,
}

impl InvitationPage {
    fn new(chrome: Chrome, token: String, invited: &invitations::Invited, path: &str) -> Self {
        let offer = &invited.offer;
        let role = chrome.tr.role(offer.role);
        Self {
            chrome,
            token,
            org_name: offer.org_name.clone(),
            role,
            inviter: invited.inviter.clone(),
            manage_account: offer.manage_account,
            needs_mfa: false,
            back_q: query_escape(path),
        }
    }
}

/// The accept form: for an invitation that asks to manage the account, the consent checkbox.
#[derive(Deserialize)]
pub struct AcceptForm {
    accept_management: Option<String>,
}

pub async fn invitation_get(
    State(st): State<AppState>,
    InvitationToken(token): InvitationToken,
    WebSession {
        auth, back: path, ..
    }: WebSession<Full, Here>,
) -> WebResult {
    let invited = invitations::invitation_view(&st, &token)
        .await
        .map_err(|e| WebError::from_app(e, &path))?;
    let chrome = Chrome::signed_in(&st, &auth);
    Ok(page(
        StatusCode::OK,
        &InvitationPage::new(chrome, token, &invited, &path),
    ))
}

/// Declines the invitation of the link: it stops working, the organization's log says so, and
/// home says it was declined.
pub async fn invitation_decline_post(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    InvitationToken(token): InvitationToken,
    CsrfForm {
        auth, back: path, ..
    }: CsrfForm<NoFields, Full, Here>,
) -> WebResult {
    invitation_lists::decline(&st, &auth, invitations::Offer::Link(&token), ip.as_deref())
        .await
        .map_err(|e| WebError::from_app(e, &path))?;
    Ok(Redirect::to("/?flash=invitation_declined").into_response())
}

pub async fn invitation_post(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    InvitationToken(token): InvitationToken,
    CsrfForm {
        auth,
        back: path,
        form: f,
        ..
    }: CsrfForm<AcceptForm, Full, Here>,
) -> WebResult {
    let consent = f.accept_management.is_some();
    match invitations::accept(
        &st,
        &auth,
        invitations::Offer::Link(&token),
        consent,
        ip.as_deref(),
    )
    .await
    {
        Ok(a) => Ok(Redirect::to(&format!("/orgs/{}", a.org.id)).into_response()),
        Err(e @ (AppError::MfaRequiredToJoin | AppError::ManagementConsentRequired)) => {
            let invited = invitations::invitation_view(&st, &token)
                .await
                .map_err(|e| WebError::from_app(e, &path))?;
            let mut chrome = Chrome::signed_in(&st, &auth);
            chrome.error = Some(i18n::error_text(&e));
            let status = if matches!(e, AppError::MfaRequiredToJoin) {
                StatusCode::FORBIDDEN
            } else {
                StatusCode::CONFLICT
            };
            let mut p = InvitationPage::new(chrome, token, &invited, &path);
            p.needs_mfa = matches!(e, AppError::MfaRequiredToJoin);
            Ok(page(status, &p))
        }
        Err(e) => Err(WebError::from_app(e, &path)),
    }
}
