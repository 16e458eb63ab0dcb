//! Organizations: creation, invitations, the member list, roles, removal and the audit log.

use domain::audit::AuditAction;
use domain::method::kinds_to_mask;
use domain::page::{Cursor, Limit};
use domain::role::would_orphan;
use domain::{Email, InvitationId, MembershipKind, OrgId, OrgName, Role, SecretToken, UserId};
use store::audit::{Event, NewEvent};
use store::orgs::{Counts, Member, MemberFilter, Membership, Org};
use store::{Access, Tx};
use time::Duration;

use crate::error::{AppError, AppResult, on_conflict};
use crate::services::sessions::Authenticated;
use crate::services::{audit, mail};
use crate::state::AppState;

/// How long an invitation link stays valid.
pub const INVITATION_TTL: Duration = Duration::days(7);

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

/// Creates an organization owned by the caller.
///
/// # Errors
/// On database failure.
pub async fn create(
    st: &AppState,
    owner: &UserId,
    name: OrgName,
    ip: Option<&str>,
) -> AppResult<Org> {
    let now = st.clock.now();
    let id = OrgId::generate();
    let mut tx = st.store.begin().await?;
    store::orgs::insert(&mut tx, &id, name.as_str(), now).await?;
    store::orgs::insert_membership(
        &mut tx,
        &id,
        owner,
        Membership {
            role: Role::Owner,
            kind: MembershipKind::Internal,
        },
        now,
    )
    .await?;
    audit::record(
        &mut tx,
        &event(
            &id,
            owner,
            AuditAction::OrgCreated,
            Some(name.as_str()),
            ip,
            None,
            now,
        ),
    )
    .await?;
    tx.commit().await?;
    st.sessions.evict_account(owner);
    Ok(Org {
        id,
        name: name.into_inner(),
    })
}

/// An organization and its head counts, for any of its members.
///
/// # Errors
/// `NotFound` for outsiders.
pub async fn view(st: &AppState, caller: &UserId, org: &OrgId) -> AppResult<(Org, Counts)> {
    let mut c = st.store.read().await?;
    membership_of(&mut c, org, caller).await?;
    let found = store::orgs::find(&mut c, org)
        .await?
        .ok_or(AppError::NotFound("organization"))?;
    let policy = store::policies::get(&mut c, org).await?;
    let counts = store::orgs::counts(&mut c, org, kinds_to_mask(&policy.allowed_methods)).await?;
    Ok((found, counts))
}

/// What an invitation needs, already parsed.
pub struct Invite {
    pub email: Email,
    pub role: Role,
    pub kind: MembershipKind,
    /// Ask to manage the invitee's account (they consent when accepting).
    pub manage_account: bool,
}

/// Invites someone by email; the link is emailed through the outbox in the same transaction.
/// A pending invitation of the same address to the organization is replaced (its link stops
/// working). The organization, the inviter and the address each have a sending limit.
///
/// # Errors
/// `Forbidden` when the caller may not give that role; `AlreadyMember`; `RateLimited`.
pub async fn invite(
    st: &AppState,
    caller: &Authenticated,
    org: &OrgId,
    input: Invite,
    ip: Option<&str>,
) -> AppResult<(InvitationId, SecretToken, time::OffsetDateTime)> {
    let me = &caller.session.account_id;
    let now = st.clock.now();
    let mut tx = st.store.begin().await?;
    // The organization's lock first: the sending count and the pending invitation it replaces
    // are decided one invitation at a time.
    if !store::orgs::lock(&mut tx, org).await? {
        return Err(AppError::NotFound("organization"));
    }
    let m = manager_of(&mut tx, org, me).await?;
    if !m.role.may_invite(input.role) {
        return Err(AppError::Forbidden(
            "only owners may invite owners or legal representatives",
        ));
    }
    let found = store::orgs::find(&mut tx, org)
        .await?
        .ok_or(AppError::NotFound("organization"))?;
    if let Some(existing) = store::accounts::find_by_email(&mut tx, &input.email).await?
        && store::orgs::membership(&mut tx, org, &existing.id)
            .await?
            .is_some()
    {
        return Err(AppError::AlreadyMember);
    }
    within_sending_limits(st, &mut tx, org, me, &input.email, now).await?;
    store::invitations::replace_pending(&mut tx, org, &input.email, now).await?;
    let id = InvitationId::generate();
    let token = SecretToken::generate()?;
    let expires_at = now + INVITATION_TTL;
    store::invitations::insert(
        &mut tx,
        &store::invitations::NewInvitation {
            id: &id,
            org_id: org,
            token_hash: &token.hash(),
            email: &input.email,
            role: input.role,
            kind: input.kind,
            invited_by: me,
            manage_account: input.manage_account,
            created_at: now,
            expires_at,
        },
    )
    .await?;
    // Said when accepting would need 2FA already (the rule `accept` applies).
    let requires_mfa = store::policies::get(&mut tx, org).await?.blocks(
        &domain::mfa_policy::MemberTerms {
            joined_at: now,
            deadline: None,
        },
        now,
    );
    mail::invitation(
        &mut tx,
        st,
        &mail::Invitation {
            to: &input.email,
            org_name: &found.name,
            inviter: &caller.session.name,
            role: input.role,
            token: token.expose(),
            expires_at,
            requires_mfa,
            manage_account: input.manage_account,
        },
        now,
    )
    .await?;
    let detail = format!(
        "role={} external={} manage_account={}",
        input.role,
        input.kind.is_external(),
        input.manage_account
    );
    audit::record(
        &mut tx,
        &event(
            org,
            me,
            AuditAction::InvitationCreated,
            Some(input.email.as_str()),
            ip,
            Some(&detail),
            now,
        ),
    )
    .await?;
    tx.commit().await?;
    st.outbox_wake.notify_one();
    Ok((id, token, expires_at))
}

/// Refuses an invitation beyond a sending limit (see `InvitationsConfig`): counted from the
/// invitations stored, under the organization's lock (held by the caller) and the inviter's
/// and address's, so the limits hold across nodes. Replaced invitations count too.
async fn within_sending_limits(
    st: &AppState,
    tx: &mut Tx,
    org: &OrgId,
    inviter: &UserId,
    email: &Email,
    now: time::OffsetDateTime,
) -> AppResult<()> {
    use store::invitations::Sent;
    let limits = st.config.invitations.limits();
    store::invitations::lock_senders(tx, inviter, email).await?;
    let since = now - limits.window;
    let checks = [
        (
            Sent::By(org),
            limits.per_org,
            "this organization sent too many invitations",
        ),
        (
            Sent::From(inviter),
            limits.per_inviter,
            "you sent too many invitations",
        ),
        (
            Sent::To(email),
            limits.per_recipient,
            "this address received too many invitations",
        ),
    ];
    for (who, limit, what) in checks {
        let counted = store::invitations::nth_newest_since(tx, who, since, limit).await?;
        if let Some(wait) = domain::sending::retry_after(counted, limits.window, now) {
            return Err(AppError::RateLimited {
                what,
                retry_after: domain::throttle::retry_after_secs(wait),
            });
        }
    }
    Ok(())
}

/// What a live invitation link offers (the organization, the role, whether it asks to manage
/// the account), for the page that accepts it.
///
/// # Errors
/// `InvitationInvalid` for an unknown, expired, replaced or used token.
pub async fn invitation_offer(
    st: &AppState,
    raw_token: &str,
) -> AppResult<store::invitations::Invitation> {
    let token = SecretToken::parse(raw_token).ok_or(AppError::InvitationInvalid)?;
    let now = st.clock.now();
    let mut c = st.store.read().await?;
    store::invitations::find_by_token(&mut c, &token.hash())
        .await?
        .filter(|i| !i.accepted && i.expires_at > now)
        .ok_or(AppError::InvitationInvalid)
}

/// An accepted invitation: the organization, the membership, and whether the organization now
/// manages the account.
pub struct Accepted {
    pub org: Org,
    pub membership: Membership,
    pub manages_account: bool,
}

/// Joins the organization an invitation is for. An invitation that asks to manage the account
/// needs `accept_management` (the holder's consent); only then does the organization manage it.
///
/// # Errors
/// `InvitationInvalid` for an unknown, expired or used token; `InvitationEmailMismatch` when
/// the caller's email is not the invited one; `ManagementConsentRequired`; `AlreadyManaged`
/// when another organization manages the account; `AlreadyMember`.
pub async fn accept(
    st: &AppState,
    caller: &Authenticated,
    raw_token: &str,
    accept_management: bool,
    ip: Option<&str>,
) -> AppResult<Accepted> {
    let token = SecretToken::parse(raw_token).ok_or(AppError::InvitationInvalid)?;
    let me = &caller.session.account_id;
    let now = st.clock.now();
    let mut tx = st.store.begin().await?;
    // The account before the organization, the order every change takes.
    store::accounts::lock(&mut tx, me).await?;
    let inv = store::invitations::find_by_token(&mut tx, &token.hash())
        .await?
        .filter(|i| !i.accepted && i.expires_at > now)
        .ok_or(AppError::InvitationInvalid)?;
    if inv.email != caller.session.email {
        return Err(AppError::InvitationEmailMismatch);
    }
    if inv.manage_account && !accept_management {
        return Err(AppError::ManagementConsentRequired);
    }
    // Under the account's lock: no other acceptance can make another manager meanwhile.
    if inv.manage_account && store::managers::of_account(&mut tx, me).await?.is_some() {
        return Err(AppError::AlreadyManaged);
    }
    let membership = Membership {
        role: inv.role,
        kind: inv.kind,
    };
    if store::orgs::membership(&mut tx, &inv.org_id, me)
        .await?
        .is_some()
    {
        return Err(AppError::AlreadyMember);
    }
    // The invitation speaks for whoever sent it: it stops working when they could no longer
    // send it (removed, or demoted below the role it grants).
    if !store::orgs::lock(&mut tx, &inv.org_id).await? {
        return Err(AppError::InvitationInvalid);
    }
    let inviter = match &inv.invited_by {
        Some(by) => store::orgs::membership(&mut tx, &inv.org_id, by).await?,
        None => None,
    };
    if !inviter.is_some_and(|m| m.role.may_invite(inv.role)) {
        return Err(AppError::InvitationInvalid);
    }
    // An organization that requires 2FA admits only people who have it (seed 004), unless it
    // gives new members an enrollment period (or is in its grace period): then they join
    // and are told their deadline.
    let policy = store::policies::get(&mut tx, &inv.org_id).await?;
    let newcomer = domain::mfa_policy::MemberTerms {
        joined_at: now,
        deadline: None,
    };
    if policy.blocks(&newcomer, now) && !policy.accepts(&caller.session.methods) {
        return Err(AppError::MfaRequiredToJoin);
    }
    if !store::invitations::mark_accepted(&mut tx, &inv.id, me, now).await? {
        return Err(AppError::InvitationInvalid);
    }
    store::orgs::insert_membership(&mut tx, &inv.org_id, me, membership, now)
        .await
        .map_err(on_conflict(
            "membership_pkey",
            "membership.org_id",
            AppError::AlreadyMember,
        ))?;
    if inv.manage_account {
        store::managers::grant(&mut tx, me, &inv.org_id, now)
            .await
            .map_err(on_conflict(
                "account_manager_pkey",
                "account_manager.account_id",
                AppError::AlreadyManaged,
            ))?;
    }
    let detail = format!("role={} manages_account={}", inv.role, inv.manage_account);
    audit::record(
        &mut tx,
        &event(
            &inv.org_id,
            me,
            AuditAction::InvitationAccepted,
            Some(inv.email.as_str()),
            ip,
            Some(&detail),
            now,
        ),
    )
    .await?;
    tx.commit().await?;
    st.sessions.evict_account(me);
    Ok(Accepted {
        org: Org {
            id: inv.org_id,
            name: inv.org_name,
        },
        membership,
        manages_account: inv.manage_account,
    })
}

/// A page of the member list.
pub struct MemberPage {
    pub members: Vec<Member>,
    pub next_cursor: Option<String>,
    pub counts: Counts,
    /// The policy the members were judged by.
    pub policy: domain::MfaPolicy,
}

/// The member list, for managers.
///
/// # Errors
/// `NotFound` for outsiders, `Forbidden` for plain members.
pub async fn members(
    st: &AppState,
    caller: &UserId,
    org: &OrgId,
    filter: &MemberFilter,
    cursor: Option<&Cursor>,
    limit: Limit,
) -> AppResult<MemberPage> {
    let mut c = st.store.read().await?;
    manager_of(&mut c, org, caller).await?;
    member_page(&mut c, org, filter, cursor, limit).await
}

/// The member list for an operator at the command line (no caller to authorize).
///
/// # Errors
/// `NotFound` when there is no such organization.
pub async fn members_for_operator(
    st: &AppState,
    org: &OrgId,
    cursor: Option<&Cursor>,
    limit: Limit,
) -> AppResult<MemberPage> {
    let mut c = st.store.read().await?;
    store::orgs::find(&mut c, org)
        .await?
        .ok_or(AppError::NotFound("organization"))?;
    member_page(&mut c, org, &MemberFilter::default(), cursor, limit).await
}

/// A page of members; "with 2FA" means with a method the organization's policy allows.
async fn member_page(
    c: &mut impl Access,
    org: &OrgId,
    filter: &MemberFilter,
    cursor: Option<&Cursor>,
    limit: Limit,
) -> AppResult<MemberPage> {
    let policy = store::policies::get(c, org).await?;
    let allowed = kinds_to_mask(&policy.allowed_methods);
    let filter = MemberFilter {
        allowed,
        ..filter.clone()
    };
    let mut rows = store::orgs::list_members(c, org, &filter, cursor, limit).await?;
    let next_cursor = next_page(&mut rows, limit, |m| Cursor {
        key: m.email.as_str().to_owned(),
        id: m.user_id.as_str().to_owned(),
    });
    let counts = store::orgs::counts(c, org, allowed).await?;
    Ok(MemberPage {
        members: rows,
        next_cursor: next_cursor.map(|c| c.encode()),
        counts,
        policy,
    })
}

/// One member as the member list shows them, with the policy they are judged by, for
/// managers.
///
/// # Errors
/// `NotFound` for outsiders or a non-member; `Forbidden` for plain members.
pub async fn member_of(
    st: &AppState,
    caller: &UserId,
    org: &OrgId,
    target: &UserId,
) -> AppResult<(Member, domain::MfaPolicy)> {
    let mut c = st.store.read().await?;
    manager_of(&mut c, org, caller).await?;
    let m = store::orgs::member(&mut c, org, target)
        .await?
        .ok_or(AppError::NotFound("member"))?;
    Ok((m, store::policies::get(&mut c, org).await?))
}

/// Trims the extra row a store query fetched and, if there was one, names where the next page
/// starts.
fn next_page<T, C>(rows: &mut Vec<T>, limit: Limit, cursor: impl Fn(&T) -> C) -> Option<C> {
    let limit = usize::try_from(limit.get()).unwrap_or(usize::MAX);
    if rows.len() > limit {
        rows.truncate(limit);
        rows.last().map(cursor)
    } else {
        None
    }
}

/// Loads the organization (locked) and the target's membership, or 404.
async fn locked_target(
    tx: &mut Tx,
    org: &OrgId,
    target: &UserId,
) -> AppResult<(Org, Membership, store::accounts::Account)> {
    if !store::orgs::lock(tx, org).await? {
        return Err(AppError::NotFound("organization"));
    }
    let found = store::orgs::find(tx, org)
        .await?
        .ok_or(AppError::NotFound("organization"))?;
    let m = store::orgs::membership(tx, org, target)
        .await?
        .ok_or(AppError::NotFound("member"))?;
    let account = store::accounts::find_by_id(tx, target)
        .await?
        .ok_or(AppError::NotFound("member"))?;
    Ok((found, m, account))
}

/// Changes a member's role.
///
/// # Errors
/// `Forbidden` when the caller's role may not make this change; `LastOwner`.
pub async fn change_role(
    st: &AppState,
    caller: &UserId,
    org: &OrgId,
    target: &UserId,
    role: Role,
    ip: Option<&str>,
) -> AppResult<()> {
    let now = st.clock.now();
    let mut tx = st.store.begin().await?;
    // Lock first, then read the caller's own role: a role checked before the lock could have
    // been taken away by a transaction that committed while this one waited.
    let (found, current, account) = locked_target(&mut tx, org, target).await?;
    let me = manager_of(&mut tx, org, caller).await?;
    if current.role == role {
        return Ok(());
    }
    if !me.role.may_change_role(current.role, role) {
        return Err(AppError::Forbidden(
            "only owners may grant or take away the owner and legal representative roles",
        ));
    }
    if would_orphan(
        current.role,
        Some(role),
        store::orgs::count_owners(&mut tx, org).await?,
    ) {
        return Err(AppError::LastOwner);
    }
    store::orgs::set_role(&mut tx, org, target, role, now).await?;
    mail::role_changed(&mut tx, &account.email, &found.name, role, now).await?;
    let detail = format!("{} -> {}", current.role, role);
    audit::record(
        &mut tx,
        &event(
            org,
            caller,
            AuditAction::MemberRoleChanged,
            Some(target.as_str()),
            ip,
            Some(&detail),
            now,
        ),
    )
    .await?;
    tx.commit().await?;
    st.sessions.evict_account(target);
    st.outbox_wake.notify_one();
    Ok(())
}

/// Removes a member, or lets the caller leave when `target` is the caller.
///
/// # Errors
/// `Forbidden` when the caller's role may not remove that member; `LastOwner`.
pub async fn remove(
    st: &AppState,
    caller: &UserId,
    org: &OrgId,
    target: &UserId,
    ip: Option<&str>,
) -> AppResult<()> {
    let now = st.clock.now();
    let leaving = caller == target;
    let mut tx = st.store.begin().await?;
    // The account before the organization, the order every change takes (a member's method
    // change holds their account while it updates the organization's head counts).
    store::accounts::lock(&mut tx, target).await?;
    let (found, current, account) = locked_target(&mut tx, org, target).await?;
    let me = membership_of(&mut tx, org, caller).await?;
    if !leaving && !me.role.is_manager() {
        return Err(AppError::Forbidden(
            "only owners, legal representatives and administrators may remove members",
        ));
    }
    if !leaving && !me.role.may_remove(current.role) {
        return Err(AppError::Forbidden(
            "only owners may remove owners or legal representatives",
        ));
    }
    if would_orphan(
        current.role,
        None,
        store::orgs::count_owners(&mut tx, org).await?,
    ) {
        return Err(AppError::LastOwner);
    }
    store::orgs::delete_membership(&mut tx, org, target).await?;
    // The last member without 2FA leaving completes an organization waiting to auto-enforce.
    let auto =
        crate::services::compliance::auto_enforce_if_due(&mut tx, std::slice::from_ref(org), now)
            .await?;
    let action = if leaving {
        AuditAction::MemberLeft
    } else {
        mail::removed(&mut tx, &account.email, &found.name, now).await?;
        AuditAction::MemberRemoved
    };
    audit::record(
        &mut tx,
        &event(org, caller, action, Some(target.as_str()), ip, None, now),
    )
    .await?;
    tx.commit().await?;
    if auto {
        st.sessions.clear();
    } else {
        st.sessions.evict_account(target);
    }
    st.outbox_wake.notify_one();
    Ok(())
}

/// A page of the organization's audit log, for managers.
///
/// # Errors
/// `NotFound` for outsiders, `Forbidden` for plain members.
pub async fn audit_log(
    st: &AppState,
    caller: &UserId,
    org: &OrgId,
    before: Option<&str>,
    limit: Limit,
) -> AppResult<(Vec<Event>, Option<String>)> {
    let mut c = st.store.read().await?;
    manager_of(&mut c, org, caller).await?;
    let mut events = store::audit::list_for_org(&mut c, org, before, limit).await?;
    let next = next_page(&mut events, limit, |e| e.id.clone());
    Ok((events, next))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_page_trims_the_probe_row() {
        let limit = Limit::parse(Some(2)).unwrap_or(Limit::DEFAULT);
        let mut rows = vec![1, 2, 3];
        assert_eq!(next_page(&mut rows, limit, |r| *r), Some(2));
        assert_eq!(rows, vec![1, 2]);
        let mut short = vec![1];
        assert_eq!(next_page(&mut short, limit, |r| *r), None);
    }
}
