//! Auto-enforcement: an organization that asked for it turns enforcement on by itself the
//! moment no member lacks an accepted method — after a member adds a method, a member leaves,
//! or the policy is saved. One place for it, whoever triggers it.

use domain::audit::AuditAction;
use domain::sending::quoted;
use domain::{MfaPolicy, OrgId, Role};
use store::audit::NewEvent;
use store::orgs::OrgOfMember;
use time::OffsetDateTime;

use crate::error::AppResult;
use crate::services::org_access::org_name;
use crate::services::work::Work;
use crate::services::{audit, mail};

/// Tells an organization's managers that enforcement turned itself on.
///
/// # Errors
/// On database failure.
pub(crate) async fn tell_managers_of_auto_enforcement(
    a: &mut Work<'_>,
    org: &OrgId,
    name: &str,
    now: OffsetDateTime,
) -> AppResult<()> {
    let name = &quoted(name);
    let managers = store::policies::emails_of_roles(
        a,
        org,
        &[Role::Owner, Role::LegalRepresentative, Role::Admin],
    )
    .await?;
    for to in managers {
        mail::notice(
            a,
            &to,
            &mail::Notice::new("mail-notice-auto-enforced").text("org", name),
            now,
        )
        .await?;
    }
    Ok(())
}

/// After a change that may have made an organization fully compliant (a member added a method,
/// a member left), with the head counts already updated: turns enforcement on in each of `orgs` that asked for auto-enforcement and
/// now has no member without an allowed method. Returns whether one did.
///
/// # Errors
/// On database failure.
pub(crate) async fn auto_enforce_if_due(
    a: &mut Work<'_>,
    orgs: &[OrgId],
    now: OffsetDateTime,
) -> AppResult<bool> {
    let mut any = false;
    for org in orgs {
        // The policy row, not the organization's: a member's method change holds their account
        // and the tally rows by now, and must not wait for the organization (a removal holds
        // it, then waits for the account).
        store::policies::lock(a, org).await?;
        let policy = store::policies::get(a, org).await?;
        if !policy.auto_enforce || policy.enforced {
            continue;
        }
        let missing = store::policies::count_non_compliant(a, org, policy.allowed_mask()).await?;
        let Some(new) = policy.auto_enforced(missing, now) else {
            continue;
        };
        store::policies::put(a, org, &new, false, None, now).await?;
        let detail = format!("{} -> {}", summary(&policy), summary(&new));
        audit::record(
            a,
            &NewEvent {
                org_id: Some(org),
                actor_id: None,
                action: AuditAction::MfaPolicyAutoEnforced,
                target: Some(org.as_str()),
                ip: None,
                detail: Some(&detail),
                at: now,
            },
        )
        .await?;
        let name = org_name(a, org).await?;
        tell_managers_of_auto_enforcement(a, org, &name, now).await?;
        // Every member's next request is decided on the new policy.
        a.changed_everyone();
        any = true;
    }
    Ok(any)
}

/// The organizations among `orgs` waiting to auto-enforce.
pub(crate) fn awaiting_auto_enforce(orgs: &[OrgOfMember]) -> Vec<OrgId> {
    orgs.iter()
        .filter(|o| o.policy.auto_enforce && !o.policy.enforced)
        .map(|o| o.org.id.clone())
        .collect()
}

/// A one-line account of a policy for the audit log.
pub(crate) fn summary(p: &MfaPolicy) -> String {
    format!(
        "enforced={} enforce_from={} strict={} exempt=[{}] allowed=[{}] remembered={}/{}d \
         new_member_days={} app_passwords={} auto_enforce={} networks={} trusted={}",
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
        p.remembered_device_networks.as_str(),
        p.trusted_networks.to_strings().len(),
    )
}

/// What a change did to the trusted networks, for the audit log: every block added and
/// removed (the one-line summaries count them only), or nothing when they stayed the same.
pub(crate) fn trusted_change(old: &MfaPolicy, new: &MfaPolicy) -> String {
    let (was, is) = (
        old.trusted_networks.to_strings(),
        new.trusted_networks.to_strings(),
    );
    let added: Vec<&str> = is
        .iter()
        .filter(|b| !was.contains(b))
        .map(String::as_str)
        .collect();
    let removed: Vec<&str> = was
        .iter()
        .filter(|b| !is.contains(b))
        .map(String::as_str)
        .collect();
    if added.is_empty() && removed.is_empty() {
        return String::new();
    }
    format!(
        "; trusted_added=[{}] trusted_removed=[{}]",
        added.join(","),
        removed.join(",")
    )
}

#[cfg(test)]
mod tests {
    use domain::MfaPolicy;
    use domain::network::{DeviceNetworks, TrustedNetworks};

    use super::{summary, trusted_change};

    fn trusting(blocks: &[&str]) -> MfaPolicy {
        let blocks: Vec<String> = blocks.iter().map(|b| (*b).to_owned()).collect();
        MfaPolicy {
            remembered_device_networks: DeviceNetworks::Known,
            trusted_networks: TrustedNetworks::parse(&blocks).unwrap_or_else(|e| panic!("{e}")),
            ..MfaPolicy::default()
        }
    }

    #[test]
    fn the_audit_says_where_remembered_devices_may_skip_and_every_network_changed() {
        let many: Vec<String> = (0..30).map(|i| format!("10.0.{i}.0/24")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        let old = trusting(&many);
        // The 30th block swapped: the summaries agree, the change names it.
        let mut changed = many.clone();
        changed[29] = "203.0.113.0/24";
        let new = trusting(&changed);
        assert_eq!(summary(&old), summary(&new));
        assert!(
            summary(&new).ends_with("networks=known trusted=30"),
            "{}",
            summary(&new)
        );
        assert_eq!(
            trusted_change(&old, &new),
            "; trusted_added=[203.0.113.0/24] trusted_removed=[10.0.29.0/24]"
        );
        assert_eq!(trusted_change(&new, &new), "");
    }
}
