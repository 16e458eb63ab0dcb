//! Organizations' two-factor policies: reading them, and changing them with the confirmation
//! word, strict mode, an audit event with the old and new policy, and the emails that go with
//! enforcing (to members without 2FA) and stopping (to owners).

use domain::audit::AuditAction;
use domain::mfa_policy::PolicyInput;
use domain::{MfaPolicy, OrgId, Role, UserId};
use proto::orgs::MemberWithoutMfa;
use store::audit::NewEvent;

use crate::error::{AppError, AppResult};
use crate::services::mfa::require_recent_second_factor;
use crate::services::orgs::{manager_of, membership_of};
use crate::services::sessions::Authenticated;
use crate::services::{audit, mail};
use crate::state::AppState;

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
fn summary(p: &MfaPolicy) -> String {
    format!(
        "enforced={} enforce_from={} strict={} exempt=[{}] allowed=[{}] remembered={}/{}d",
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
    )
}

/// Changes an organization's policy. Only its owners, legal representatives and administrators
/// may, each with a second factor of their own passed within the last minutes.
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
    let new = old.with(input, now)?;
    if let Some(word) = old.confirmation_for(&new)
        && confirm.map(str::trim) != Some(word)
    {
        return Err(AppError::ConfirmationRequired(word));
    }
    let members = store::policies::members_with_methods(&mut tx, org).await?;
    let missing: Vec<&store::policies::MemberMethods> = members
        .iter()
        .filter(|m| !new.accepts(&m.methods))
        .collect();
    let turning_on = !old.enforced && new.enforced;
    if turning_on && new.require_all_enrolled && !missing.is_empty() {
        return Err(AppError::MembersWithoutMfa(
            missing
                .iter()
                .map(|m| MemberWithoutMfa {
                    user_id: m.user_id.to_string(),
                    email: m.email.to_string(),
                    external: m.external,
                })
                .collect(),
        ));
    }
    store::policies::put(&mut tx, org, &new, caller, now).await?;
    let detail = format!("{} -> {}", summary(&old), summary(&new));
    audit::record(
        &mut tx,
        &NewEvent {
            org_id: Some(org),
            actor_id: Some(caller),
            action: AuditAction::MfaPolicyChanged,
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
    if turning_on {
        let when = new.enforce_from.filter(|t| *t > now).map_or_else(
            || "from now on".to_owned(),
            |t| {
                format!(
                    "from {}",
                    t.format(time::macros::format_description!(
                        "[year]-[month]-[day] [hour]:[minute] UTC"
                    ))
                    .unwrap_or_default()
                )
            },
        );
        for m in &missing {
            mail::notice(
                &mut tx,
                &m.email,
                &format!("{org_name} requires two-factor authentication"),
                &format!(
                    "The organization \"{org_name}\" requires two-factor authentication of its \
                     members {when}. Set up a second factor (an authenticator app or a security \
                     key) from your account's security page: {url}/api/v1/me/mfa. Until you do, \
                     the web console will stop you; desktop and mobile apps keep working.",
                    url = st.public_url,
                ),
                now,
            )
            .await?;
        }
    } else if old.enforced && !new.enforced {
        for owner in members.iter().filter(|m| m.role == Role::Owner) {
            mail::notice(
                &mut tx,
                &owner.email,
                &format!("Two-factor enforcement was stopped in {org_name}"),
                &format!(
                    "{who} stopped requiring two-factor authentication of the members of \
                     \"{org_name}\".",
                    who = auth.session.email,
                ),
                now,
            )
            .await?;
        }
    }
    tx.commit().await?;
    st.outbox_wake.notify_one();
    // Members' next requests are decided on the new policy (other nodes within the cache's
    // lifetime).
    st.sessions.clear();
    Ok(new)
}
