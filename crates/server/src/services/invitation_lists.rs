//! Invitations seen from both sides: an organization's pending ones for its managers (and
//! revoking one), and those addressed to the account asking.

use domain::audit::AuditAction;
use domain::{InvitationId, OrgId};
use store::invitations::Pending;

use crate::error::{AppError, AppResult};
use crate::services::audit;
use crate::services::org_access::{event, manager_of};
use crate::services::signed_in::Authenticated;
use crate::services::work::Work;
use crate::state::AppState;

/// The organization's pending invitations, the newest first: managers only (404 outside, 403
/// for other members).
///
/// # Errors
/// `NotFound`, `Forbidden`; database failures.
pub async fn pending_of_org(
    st: &AppState,
    caller: &Authenticated,
    org: &OrgId,
) -> AppResult<Vec<Pending>> {
    let now = st.clock.now();
    let mut c = st.store.read().await?;
    manager_of(&mut c, org, &caller.session.account_id).await?;
    Ok(store::invitations::pending_of_org(&mut c, org, now).await?)
}

/// Revokes a pending invitation: its link stops working. A manager may revoke what they may
/// send (only owners revoke invitations to become owner or legal representative).
///
/// # Errors
/// `NotFound` for an organization or invitation the caller cannot see, or one no longer
/// pending; `Forbidden`; database failures.
pub async fn revoke(
    st: &AppState,
    caller: &Authenticated,
    org: &OrgId,
    id: &InvitationId,
    ip: Option<&str>,
) -> AppResult<()> {
    let me = &caller.session.account_id;
    let now = st.clock.now();
    let mut tx = Work::begin(st).await?;
    let m = manager_of(&mut tx, org, me).await?;
    let invitation = store::invitations::find_pending(&mut tx, org, id, now)
        .await?
        .ok_or(AppError::NotFound("invitation"))?;
    if !m.role.may_invite(invitation.role) {
        return Err(AppError::Forbidden(
            "only owners may revoke invitations of owners or legal representatives",
        ));
    }
    if !store::invitations::revoke(&mut tx, org, id, now).await? {
        return Err(AppError::NotFound("invitation"));
    }
    let detail = format!("role={}", invitation.role);
    audit::record(
        &mut tx,
        &event(
            org,
            me,
            AuditAction::InvitationRevoked,
            Some(invitation.email.as_str()),
            ip,
            Some(&detail),
            now,
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The pending invitations addressed to the account's email address, the newest first.
///
/// # Errors
/// On database failure.
pub async fn mine(st: &AppState, caller: &Authenticated) -> AppResult<Vec<Pending>> {
    let now = st.clock.now();
    let mut c = st.store.read().await?;
    Ok(store::invitations::pending_for(&mut c, &caller.session.email, now).await?)
}

/// Declines a pending invitation addressed to the account's address: its link stops working
/// and the organization's log says so. By id only once a link proved the address; by its link,
/// which the email carried, at once.
///
/// # Errors
/// `InvitationInvalid` for an invitation that is not pending or not addressed to the caller;
/// `Forbidden` for an id while the account's address is not proved; database failures.
pub async fn decline(
    st: &AppState,
    caller: &Authenticated,
    offer: crate::services::invitations::Offer<'_>,
    ip: Option<&str>,
) -> AppResult<()> {
    use crate::services::invitations::Offer;
    let now = st.clock.now();
    let email = &caller.session.email;
    let mut tx = Work::begin(st).await?;
    let invitation = match offer {
        Offer::Id(id) => {
            crate::services::invitations::address_proved(&mut tx, &caller.session.account_id)
                .await?;
            store::invitations::find_by_id(&mut tx, id).await?
        }
        Offer::Link(raw) => match domain::SecretToken::parse(raw) {
            Some(token) => store::invitations::find_by_token(&mut tx, &token.hash()).await?,
            None => None,
        },
    }
    .ok_or(AppError::InvitationInvalid)?;
    let id = &invitation.id;
    if !store::invitations::decline(&mut tx, id, email, now).await? {
        return Err(AppError::InvitationInvalid);
    }
    let detail = format!("role={}", invitation.role);
    audit::record(
        &mut tx,
        &event(
            &invitation.org_id,
            &caller.session.account_id,
            AuditAction::InvitationDeclined,
            Some(email.as_str()),
            ip,
            Some(&detail),
            now,
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Whether the account may accept or decline by id: a link proved its address.
///
/// # Errors
/// On database failure.
pub async fn may_answer_by_id(st: &AppState, caller: &Authenticated) -> AppResult<bool> {
    let mut c = st.store.read().await?;
    let me = &caller.session.account_id;
    Ok(crate::services::invitations::address_proved(&mut c, me)
        .await
        .is_ok())
}

/// Sends a pending invitation again: a new one with the same terms replaces it (its old link
/// stops working), counted against the sending limits like any invitation.
///
/// # Errors
/// `NotFound` for an invitation no longer pending; what sending an invitation answers.
pub async fn resend(
    st: &AppState,
    caller: &Authenticated,
    org: &OrgId,
    id: &InvitationId,
    ip: Option<&str>,
) -> AppResult<()> {
    let pending = {
        let now = st.clock.now();
        let mut c = st.store.read().await?;
        manager_of(&mut c, org, &caller.session.account_id).await?;
        store::invitations::find_pending(&mut c, org, id, now)
            .await?
            .ok_or(AppError::NotFound("invitation"))?
    };
    let again = crate::services::invitations::Invite {
        email: pending.email,
        role: pending.role,
        kind: pending.kind,
        manage_account: pending.manage_account,
    };
    crate::services::invitations::invite(st, caller, org, again, ip).await?;
    Ok(())
}
