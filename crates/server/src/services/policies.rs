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
use crate::services::mfa::require_recent_second_factor;
use crate::services::orgs::{manager_of, membership_of};
use crate::services::sessions::Authenticated;
use crate::services::{audit, compliance, mail};
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

/// A one-line account of a policy for the audit log.
pub(crate) fn summary(p: &MfaPolicy) -> String {
    format!(
        "enforced={} enforce_from={} strict={} exempt=[{}] allowed=[{}] remembered={}/{}d \
         new_member_days={} app_passwords={} auto_enforce={}",
        p.enforced,
        p.enforce_from
            .map_or_else(|| "none".to_owned(), |t| t.unix_timestamp().to_string()),
        p.require_all_enrolled,
        p.exempt_clients
            .iter()
            .map(|c| c.as_str())
            .collect::<Vec<_>>()
            .join(","),
        domain::method::kinds_to_text(&p.allowed_methods),
        p.allow_remembered_devices,
        p.remembered_device_days,
        p.new_member_days,
        p.allow_app_passwords,
        p.auto_enforce,
    )
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
    let mut tx = st.store.begin().await?;
    store::orgs::lock(&mut tx, org).await?;
    manager_of(&mut tx, org, caller).await?;
    // An admin sets up 2FA before requiring it of others (OWASP ASVS V4.3.3).
    require_recent_second_factor(st, auth, true, now)?;
    let old = store::policies::get(&mut tx, org).await?;
    let mut new = old.with(input, now)?;
    if let Some(word) = old.confirmation_for(&new)
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
        let members = store::policies::non_compliant(&mut tx, org, allowed, STRICT_LIST_MAX)
            .await?
            .into_iter()
            .map(|m| MemberWithoutMfa {
                user_id: m.user_id.to_string(),
                email: m.email.to_string(),
                external: m.external,
            })
            .collect();
        return Err(AppError::MembersWithoutMfa {
            members,
            total: missing,
        });
    }
    // Auto-enforcement may turn enforcement on here (everyone is enrolled already), never undo
    // an explicit STOP.
    let turning_off = old.enforced && !new.enforced;
    let auto = !turning_off && new.auto_enforce_due(missing);
    if auto {
        new.enforced = true;
        new.enforced_since = Some(now);
    }
    store::policies::put(&mut tx, org, &new, turning_on, Some(caller), now).await?;
    let detail = format!("{} -> {}", summary(&old), summary(&new));
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
    let org_name = store::orgs::find(&mut tx, org)
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    if auto {
        compliance::tell_managers_of_auto_enforcement(&mut tx, org, &org_name, now).await?;
    } else if turning_off {
        let org_name = domain::sending::quoted(&org_name);
        for owner in store::policies::emails_of_roles(&mut tx, org, &[Role::Owner]).await? {
            mail::notice(
                &mut tx,
                &owner,
                &format!("Two-factor enforcement was stopped in {org_name}"),
                &format!(
                    "{who} stopped requiring two-factor authentication of the members of \
                     {org_name}.",
                    who = auth.session.email,
                ),
                now,
            )
            .await?;
        }
    }
    tx.commit().await?;
    st.outbox_wake.notify_one();
    if turning_on {
        st.jobs_wake.notify_one();
    }
    // Members' next requests are decided on the new policy (other nodes within the cache's
    // lifetime).
    st.sessions.clear();
    Ok(new)
}
