//! An organization's power over a member's account: resetting the member's 2FA. Only the one
//! organization the member consented to (see `orgs::accept`) holds it; a reset never leaves the
//! account with its password alone, and every organization of the member sees it in its log.

use domain::audit::AuditAction;
use domain::sending::quoted;
use domain::{OrgId, UserId};
use store::audit::NewEvent;

use crate::error::{AppError, AppResult};
use crate::services::factors::{forget_second_factor, require_recent_second_factor};
use crate::services::org_access::{event, manager_of};
use crate::services::signed_in::Authenticated;
use crate::services::work::Work;
use crate::services::{audit, mail};
use crate::state::AppState;

/// A reset of a member's 2FA by the organization that manages their account, for a member who
/// lost their factors: removes their methods and recovery codes, revokes their sessions, app
/// passwords and remembered devices, and marks the account so that its next sign-in must set
/// up a new second factor before anything else (whether or not an organization enforces 2FA).
/// Tells the member, and audits it in this organization and in each of the member's others.
///
/// # Errors
/// `NotFound`; `Forbidden` (see [`domain::Role::may_reset_mfa`]: not the managing
/// organization, oneself, an owner by an admin); `ReauthenticationRequired` without a recent
/// second factor of the caller's own.
pub async fn reset_member_mfa(
    st: &AppState,
    auth: &Authenticated,
    org: &OrgId,
    user: &UserId,
    ip: Option<&str>,
) -> AppResult<()> {
    let now = st.clock.now();
    let caller = &auth.session.account_id;
    let mut tx = Work::begin(st).await?;
    manager_of(&mut tx, org, caller).await?;
    // The account before the organization: the order a member's own method change takes
    // (account, then organizations waiting to auto-enforce), so the two cannot deadlock.
    let account = tx
        .lock_account(user)
        .await?
        .ok_or(AppError::NotFound("member"))?;
    store::orgs::lock(&mut tx, org).await?;
    let me = manager_of(&mut tx, org, caller).await?;
    let target = store::orgs::membership(&mut tx, org, user)
        .await?
        .ok_or(AppError::NotFound("member"))?;
    let manages = store::managers::of_account(&mut tx, user)
        .await?
        .is_some_and(|m| &m.org_id == org);
    me.role
        .may_reset_mfa(target.role, manages, user == caller)
        .map_err(AppError::Forbidden)?;
    require_recent_second_factor(st, auth, true, now)?;
    let methods = store::mfa::list_confirmed(&mut tx, user).await?.len();
    forget_second_factor(&mut tx, &account, now).await?;
    store::accounts::require_mfa_setup(&mut tx, user, now).await?;
    let app_passwords = store::app_passwords::delete_all(&mut tx, user).await?;
    let sessions = store::sessions::delete_for_account(&mut tx, user, None).await?;
    crate::services::oidc_logout::account_ended(st, &mut tx, user, now).await?;
    store::throttle::clear(&mut tx, &domain::throttle::mfa_account_key(user)).await?;
    let detail = format!("methods={methods} app_passwords={app_passwords} sessions={sessions}");
    audit::record(
        &mut tx,
        &event(
            org,
            caller,
            AuditAction::MemberMfaReset,
            Some(user.as_str()),
            ip,
            Some(&detail),
            now,
        ),
    )
    .await?;
    tell_other_orgs(&mut tx, org, caller, user, ip, now).await?;
    let name = store::orgs::find(&mut tx, org)
        .await?
        .ok_or(AppError::NotFound("organization"))?
        .name;
    mail::notice(
        &mut tx,
        &account.email,
        &mail::Notice::new("mail-notice-reset-by-manager")
            .text("manager", quoted(auth.session.email.as_str()))
            .text("org", quoted(&name)),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The member's other organizations see that their member's factors were reset, and by whom.
async fn tell_other_orgs(
    tx: &mut Work<'_>,
    org: &OrgId,
    caller: &UserId,
    user: &UserId,
    ip: Option<&str>,
    now: time::OffsetDateTime,
) -> AppResult<()> {
    let by = format!("by_org={org}");
    for other in store::orgs::of_account(tx, user).await? {
        if &other.org.id == org {
            continue;
        }
        audit::record(
            tx,
            &NewEvent {
                org_id: Some(&other.org.id),
                actor_id: Some(caller),
                action: AuditAction::MemberMfaResetElsewhere,
                target: Some(user.as_str()),
                ip,
                detail: Some(&by),
                at: now,
            },
        )
        .await?;
    }
    Ok(())
}

/// Whether the caller may reset this member's 2FA (the rule [`reset_member_mfa`] applies),
/// for the pages that offer it.
///
/// # Errors
/// `NotFound` for outsiders or a non-member; `Forbidden` for plain members.
pub async fn may_reset(
    st: &AppState,
    auth: &Authenticated,
    org: &OrgId,
    user: &UserId,
) -> AppResult<bool> {
    let caller = &auth.session.account_id;
    let mut c = st.store.read().await?;
    let me = manager_of(&mut c, org, caller).await?;
    let target = store::orgs::membership(&mut c, org, user)
        .await?
        .ok_or(AppError::NotFound("member"))?;
    let manages = store::managers::of_account(&mut c, user)
        .await?
        .is_some_and(|m| &m.org_id == org);
    Ok(me
        .role
        .may_reset_mfa(target.role, manages, user == caller)
        .is_ok())
}
