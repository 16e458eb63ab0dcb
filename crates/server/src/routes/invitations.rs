//! Invitations seen from both sides: an organization's pending ones (and revoking one), and
//! those addressed to me. Sending and accepting are in `orgs.rs`.

use axum::extract::State;
use axum::http::StatusCode;
use domain::InvitationId;
use proto::Problem;
use proto::orgs::{
    AcceptInvitation, InvitationAccepted, MyInvitation, MyInvitationList, OrgRef,
    PendingInvitation, PendingInvitationList,
};

use crate::error::{AppError, AppResult};
use crate::extract::{AppPath, AuthSession, ClientIp, MeSession, OptionalJson};
use crate::proto_map::ToProto;
use crate::routes::orgs::org_id;
use crate::services::{invitation_lists, invitations};
use crate::state::AppState;

/// The organization's pending invitations, the newest first (owners, legal representatives
/// and admins).
#[utoipa::path(get, path = "/api/v1/orgs/{org}/invitations", tag = "orgs", params(("org" = String, Path)), responses(
    (status = 200, body = PendingInvitationList),
    (status = 403, body = Problem), (status = 404, body = Problem),
))]
pub async fn invitation_list(
    State(st): State<AppState>,
    AuthSession(auth): AuthSession,
    AppPath(org): AppPath<String>,
) -> AppResult<axum::Json<PendingInvitationList>> {
    let org = org_id(&org)?;
    let list = invitation_lists::pending_of_org(&st, &auth, &org).await?;
    Ok(axum::Json(PendingInvitationList {
        invitations: list
            .into_iter()
            .map(|i| PendingInvitation {
                id: i.id.to_string(),
                email: i.email.to_string(),
                role: i.role.to_proto(),
                external: i.kind.is_external(),
                manage_account: i.manage_account,
                invited_by: i.invited_by.map(|e| e.to_string()),
                created_at: i.created_at,
                expires_at: i.expires_at,
            })
            .collect(),
    }))
}

/// Revoke a pending invitation: its link stops working.
#[utoipa::path(delete, path = "/api/v1/orgs/{org}/invitations/{id}", tag = "orgs",
    params(("org" = String, Path), ("id" = String, Path)), responses(
    (status = 204, description = "revoked"),
    (status = 403, body = Problem),
    (status = 404, description = "no such organization, or no such pending invitation", body = Problem),
))]
pub async fn invitation_revoke(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    AuthSession(auth): AuthSession,
    AppPath((org, id)): AppPath<(String, String)>,
) -> AppResult<StatusCode> {
    let org = org_id(&org)?;
    let id = InvitationId::parse(&id).map_err(|_| AppError::NotFound("invitation"))?;
    invitation_lists::revoke(&st, &auth, &org, &id, ip.as_deref()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The pending invitations addressed to my email address, the newest first. Each is accepted
/// with the link its email carries (`POST /api/v1/invitations/{token}/accept`) or, since sign-up
/// proves the address, by its id (`POST /api/v1/me/invitations/{id}/accept`).
#[utoipa::path(get, path = "/api/v1/me/invitations", tag = "me", responses(
    (status = 200, body = MyInvitationList),
))]
pub async fn my_invitations(
    State(st): State<AppState>,
    MeSession(auth): MeSession,
) -> AppResult<axum::Json<MyInvitationList>> {
    let list = invitation_lists::mine(&st, &auth).await?;
    Ok(axum::Json(MyInvitationList {
        invitations: list
            .into_iter()
            .map(|i| MyInvitation {
                id: i.id.to_string(),
                org: OrgRef {
                    org_id: i.org_id.to_string(),
                    name: i.org_name,
                },
                role: i.role.to_proto(),
                external: i.kind.is_external(),
                manage_account: i.manage_account,
                invited_by: i.invited_by.map(|e| e.to_string()),
                created_at: i.created_at,
                expires_at: i.expires_at,
            })
            .collect(),
    }))
}

/// Accept an invitation addressed to my (proved) address, by its id: as with the emailed link,
/// an invitation that asks to manage the account needs `accept_management: true`.
#[utoipa::path(post, path = "/api/v1/me/invitations/{id}/accept", tag = "me", params(("id" = String, Path)),
    request_body = AcceptInvitation, responses(
    (status = 200, body = InvitationAccepted),
    (status = 403, description = "mfa_required_to_join; forbidden: no link ever proved my address (accept with the emailed link)", body = Problem),
    (status = 404, description = "invitation_invalid: no pending invitation with this id addressed to me", body = Problem),
    (status = 409, description = "already_member, management_consent_required or already_managed", body = Problem),
))]
pub async fn my_invitation_accept(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    AuthSession(auth): AuthSession,
    AppPath(id): AppPath<String>,
    OptionalJson(body): OptionalJson<AcceptInvitation>,
) -> AppResult<axum::Json<InvitationAccepted>> {
    let id = InvitationId::parse(&id).map_err(|_| AppError::InvitationInvalid)?;
    let consent = body.accept_management.unwrap_or(false);
    let offer = invitations::Offer::Id(&id);
    let a = invitations::accept(&st, &auth, offer, consent, ip.as_deref()).await?;
    Ok(axum::Json(crate::routes::orgs::accepted(a)))
}

/// Decline an invitation addressed to me: its link stops working.
#[utoipa::path(post, path = "/api/v1/me/invitations/{id}/decline", tag = "me", params(("id" = String, Path)), responses(
    (status = 204, description = "declined"),
    (status = 403, description = "forbidden: no link ever proved my address (the emailed link is the way)", body = Problem),
    (status = 404, description = "invitation_invalid: no pending invitation with this id addressed to me", body = Problem),
))]
pub async fn my_invitation_decline(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    MeSession(auth): MeSession,
    AppPath(id): AppPath<String>,
) -> AppResult<StatusCode> {
    let id = InvitationId::parse(&id).map_err(|_| AppError::InvitationInvalid)?;
    invitation_lists::decline(&st, &auth, invitations::Offer::Id(&id), ip.as_deref()).await?;
    Ok(StatusCode::NO_CONTENT)
}
