//! Who may act on an organization: the caller's membership, a manager's, and the audit event
//! an organization's change records. A leaf: it imports no other service.

use domain::audit::AuditAction;
use domain::{OrgId, UserId};
use store::Access;
use store::audit::NewEvent;
use store::orgs::Membership;

use crate::error::{AppError, AppResult};

/// The caller's membership, or 404: outsiders must not learn that an organization exists.
pub(crate) async fn membership_of(
    a: &mut impl Access,
    org: &OrgId,
    caller: &UserId,
) -> AppResult<Membership> {
    store::orgs::membership(a, org, caller)
        .await?
        .ok_or(AppError::NotFound("organization"))
}

/// The caller's membership if they manage the organization: 404 for outsiders, 403 for members.
pub(crate) async fn manager_of(
    a: &mut impl Access,
    org: &OrgId,
    caller: &UserId,
) -> AppResult<Membership> {
    let m = membership_of(a, org, caller).await?;
    if !m.role.is_manager() {
        return Err(AppError::Forbidden(
            "only owners, legal representatives and administrators may do this",
        ));
    }
    Ok(m)
}

/// An audit event of the organization, by one of its members.
pub(crate) fn event<'a>(
    org: &'a OrgId,
    actor: &'a UserId,
    action: AuditAction,
    target: Option<&'a str>,
    ip: Option<&'a str>,
    detail: Option<&'a str>,
    at: time::OffsetDateTime,
) -> NewEvent<'a> {
    NewEvent {
        org_id: Some(org),
        actor_id: Some(actor),
        action,
        target,
        ip,
        detail,
        at,
    }
}

/// The organization's name, or 404.
pub(crate) async fn org_name(a: &mut impl Access, org: &OrgId) -> AppResult<String> {
    Ok(store::orgs::find(a, org)
        .await?
        .ok_or(AppError::NotFound("organization"))?
        .name)
}
