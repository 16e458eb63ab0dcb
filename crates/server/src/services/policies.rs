//! Organizations' two-factor policies: reading them, and changing them with the confirmation
//! word, strict mode, an audit event with the old and new policy, and the emails that go with
//! enforcing (to members without 2FA, by the background job) and stopping (to owners).

use domain::audit::AuditAction;
use domain::method::kinds_to_mask;
use domain::mfa_policy::PolicyInput;
use domain::{MfaPolicy, OrgId, Role, UserId};
use proto::orgs::MemberWithoutMfa;
use store::audit::NewEvent;

use crate::error::{AppError, AppResult};
use crate::services::enforcement;
use crate::services::enforcement::{summary, trusted_change};
use crate::services::factors::require_recent_second_factor;
use crate::services::org_access::{manager_of, membership_of};
use crate::services::signed_in::Authenticated;
use crate::services::work::Work;
use crate::services::{audit, mail};
use crate::state::AppState;

/// How many of the members without 2FA a strict-mode refusal lists (the preview lists all).
const STRICT_LIST_MAX: i64 = 1000;

/// An organization's policy, for any of its members.
///
/// # Errors
/// `NotFound` for outsiders.
pub async fn get(st: &AppState, caller: &UserId, org: &OrgId) -> AppResult<MfaPolicy> {
    let mut c = st.store.read().await?;
    membership_of(&mut c, org, caller).await?;
    Ok(store::policies::get(&mut c, org).await?)
}

/// Changes an organization's policy. Only its owners, legal representatives and administrators
/// may, each with a second factor of their own passed within the last minutes. Enforcing is
/// one write, whatever the organization's size: the members without 2FA are emailed by the
/// background job ([`compliance::run_jobs`]), and each member's next request is decided on the
/// new policy.
///
/// # Errors
/// `NotFound` / `Forbidden`; `ReauthenticationRequired`; `Validation`; `ConfirmationRequired`
/// without the right word; `MembersWithoutMfa` in strict mode.
pub async fn update(
    st: &AppState,
    auth: &Authenticated,
    org: &OrgId,
    input: &PolicyInput<'_>,
    confirm: Option<&str>,
    ip: Option<&str>,
) -> AppResult<MfaPolicy> {
    let now = st.clock.now();
    let caller = &auth.session.account_id;
    let mut tx = Work::begin(st).await?;
    store::orgs::lock(&mut tx, org).await?;
    manager_of(&mut tx, org, caller).await?;
    // An admin sets up 2FA before requiring it of others (OWASP ASVS V4.3.3).
    require_recent_second_factor(st, auth, true, now)?;
    let old = store::policies::get(&mut tx, org).await?;
    let mut new = old.with(input, now)?;
    let impact = impact(&mut tx, org, (&old, &new), now).await?;
    if let Some(word) = old.confirmation_for(&new, &impact)
        && confirm.map(str::trim) != Some(word)
    {
        return Err(AppError::ConfirmationRequired(word));
    }
    let allowed = kinds_to_mask(&new.allowed_methods);
    let turning_on = !old.enforced && new.enforced;
    let missing = if turning_on || new.auto_enforce {
        store::policies::count_non_compliant(&mut tx, org, allowed).await?
    } else {
        0
    };
    if turning_on && new.require_all_enrolled && missing > 0 {
        return Err(members_without_mfa(&mut tx, org, allowed, missing).await?);
    }
    // Auto-enforcement may turn enforcement on here (everyone is enrolled already), never undo
    // an explicit STOP.
    let turning_off = old.enforced && !new.enforced;
    let auto = match new.auto_enforced(missing, now).filter(|_| !turning_off) {
        Some(enforced) => {
            new = enforced;
            true
        }
        None => false,
    };
    // Turning it on, or a change that stops members at once, is announced to those it stops.
    let announce = old.announced_by(&new, &impact);
    store::policies::put(&mut tx, org, &new, announce, Some(caller), now).await?;
    let detail = format!(
        "{} -> {}{}",
        summary(&old),
        summary(&new),
        trusted_change(&old, &new)
    );
    audit::record(
        &mut tx,
        &NewEvent {
            org_id: Some(org),
            actor_id: Some(caller),
            action: if auto {
                AuditAction::MfaPolicyAutoEnforced
            } else {
                AuditAction::MfaPolicyChanged
            },
            target: Some(org.as_str()),
            ip,
            detail: Some(&detail),
            at: now,
        },
    )
    .await?;
    tell_of_change(&mut tx, auth, org, (auto, turning_off), now).await?;
    // Members' next requests are decided on the new policy (other nodes within the cache's
    // lifetime).
    tx.changed_everyone();
    tx.commit().await?;
    if announce {
        st.jobs_wake.notify_one();
    }
    Ok(new)
}

/// Whom going from `old` to `new` stops at once, weighed member by member (their own
/// deadlines, their newcomer days) by the policy's own rules; only while enforcement stays on,
/// since turning it on or off always asks.
async fn impact(
    tx: &mut Work<'_>,
    org: &OrgId,
    (old, new): (&MfaPolicy, &MfaPolicy),
    now: time::OffsetDateTime,
) -> AppResult<domain::mfa_policy::Impact> {
    if !(old.enforced && new.enforced) {
        return Ok(domain::mfa_policy::Impact::default());
    }
    let lacking = store::policies::lacking(tx, org, new.allowed_mask()).await?;
    Ok(old.impact(new, &lacking, now))
}

/// Strict mode's refusal: the members who lack an allowed method (the first thousand).
async fn members_without_mfa(
    tx: &mut Work<'_>,
    org: &OrgId,
    allowed: i64,
    missing: u64,
) -> AppResult<AppError> {
    let members = store::policies::non_compliant(tx, org, allowed, STRICT_LIST_MAX)
        .await?
        .into_iter()
        .map(|m| MemberWithoutMfa {
            user_id: m.user_id.to_string(),
            email: m.email.to_string(),
            external: m.external,
        })
        .collect();
    Ok(AppError::MembersWithoutMfa {
        members,
        total: missing,
    })
}

/// Tells the managers that enforcement turned itself on, or the owners that someone stopped it.
async fn tell_of_change(
    tx: &mut Work<'_>,
    auth: &Authenticated,
    org: &OrgId,
    (auto, turning_off): (bool, bool),
    now: time::OffsetDateTime,
) -> AppResult<()> {
    let org_name = store::orgs::find(tx, org)
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    if auto {
        enforcement::tell_managers_of_auto_enforcement(tx, org, &org_name, now).await?;
    } else if turning_off {
        let org_name = domain::sending::quoted(&org_name);
        for owner in store::policies::emails_of_roles(tx, org, &[Role::Owner]).await? {
            mail::notice(
                tx,
                &owner,
                &mail::Notice::new("mail-notice-enforcement-stopped")
                    .text("who", &auth.session.email)
                    .text("org", &org_name),
                now,
            )
            .await?;
        }
    }
    Ok(())
}
