//! Organizations: creation, invitations, the member list, roles, removal and the audit log.

use domain::audit::AuditAction;
use domain::effective_policy::Standing;
use domain::method::kinds_to_mask;
use domain::page::{Cursor, Limit};
use domain::role::would_orphan;
use domain::{MembershipKind, OrgId, OrgName, Role, UserId};
use store::Access;
use store::audit::Event;
use store::orgs::{Counts, Member, MemberFilter, Membership, Org};

use crate::error::{AppError, AppResult};
use crate::services::enforcement;
use crate::services::org_access::{event, manager_of, membership_of};
use crate::services::work::Work;
use crate::services::{audit, mail};
use crate::state::AppState;

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
    let mut tx = Work::begin(st).await?;
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
    tx.changed(owner);
    tx.commit().await?;
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

/// A page of the member list.
pub struct MemberPage {
    pub members: Vec<Member>,
    pub next_cursor: Option<String>,
    pub counts: Counts,
    /// The policy the members were judged by, and when.
    pub policy: domain::MfaPolicy,
    pub at: time::OffsetDateTime,
}

impl MemberPage {
    /// Whether `m` is compliant, and by when: what the list shows beside them.
    pub fn standing(&self, m: &Member) -> Standing {
        Standing::of(&self.policy, &m.terms, &m.methods, self.at)
    }
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
    member_page(&mut c, st.clock.now(), org, filter, cursor, limit).await
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
    member_page(
        &mut c,
        st.clock.now(),
        org,
        &MemberFilter::default(),
        cursor,
        limit,
    )
    .await
}

/// A page of members; "with 2FA" means with a method the organization's policy allows.
async fn member_page(
    c: &mut impl Access,
    at: time::OffsetDateTime,
    org: &OrgId,
    filter: &MemberFilter,
    cursor: Option<&Cursor>,
    limit: Limit,
) -> AppResult<MemberPage> {
    let policy = store::policies::get(c, org).await?;
    let allowed = policy.allowed_mask();
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
        at,
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
    tx: &mut Work<'_>,
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
    let mut tx = Work::begin(st).await?;
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
    tx.changed(target);
    tx.commit().await?;
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
    let mut tx = Work::begin(st).await?;
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
    // What the organization's apps hold for the member ends with the membership.
    let apps = store::oidc::Which::Member(target, org);
    crate::services::oidc_logout::revoke(st, &mut tx, apps, now).await?;
    // The last member without 2FA leaving completes an organization waiting to auto-enforce.
    enforcement::auto_enforce_if_due(&mut tx, std::slice::from_ref(org), now).await?;
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
    tx.changed(target);
    tx.commit().await?;
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

/// The addresses of the accounts an audit page names (actors, and targets that are account
/// ids), by id; accounts deleted since are left out.
///
/// # Errors
/// On database failure.
pub async fn audit_names(
    st: &AppState,
    events: &[Event],
) -> AppResult<std::collections::HashMap<String, String>> {
    let mut ids: Vec<&str> = events
        .iter()
        .flat_map(|e| [e.actor.as_deref(), e.target.as_deref()])
        .flatten()
        .filter(|id| !id.contains('@'))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let mut c = st.store.read().await?;
    let mut names = std::collections::HashMap::new();
    for id in ids {
        let Ok(user) = UserId::parse(id) else {
            continue;
        };
        if let Some(a) = store::accounts::find_by_id(&mut c, &user).await? {
            names.insert(id.to_owned(), a.email.to_string());
        }
    }
    Ok(names)
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
