//! Whether a grant an app holds may still be used: the console's access decision, asked for the
//! grant's account as it is now. A shared piece: the token endpoint asks it at every use, and
//! the sweep that ends apps' sessions when an organization's rule stops a member asks it too.

use domain::access::{Credential, Decision, SecondFactor, Subject};
use domain::network::DevicePlace;
use store::clients::Client;
use store::oidc::Grant;
use time::OffsetDateTime;

use crate::error::AppResult;
use crate::services::signed_in::OrgPolicies;

/// The access decision for a grant now: the account's methods and organizations as they are,
/// the grant's second factor as it was at authorization, and the credential of the app's kind
/// issued when the grant was (so a native app authorized before a member's deadline keeps
/// working under `exempt_clients`, and a web app does not). A grant to an organization's app
/// also needs the person to still be a member.
///
/// # Errors
/// On database failure.
pub async fn allowed(
    tx: &mut impl store::Access,
    client: &Client,
    grant: &Grant,
    setup_due: bool,
    now: OffsetDateTime,
) -> AppResult<bool> {
    let account = &grant.account_id;
    let orgs = store::orgs::of_account(tx, account).await?;
    if let Some(org) = &client.org_id
        && !orgs.iter().any(|m| &m.org.id == org)
    {
        return Ok(false);
    }
    let methods: Vec<_> = store::mfa::list_confirmed(tx, account)
        .await?
        .iter()
        .map(|m| m.kind)
        .collect();
    let policies = OrgPolicies::of(&orgs);
    let second_factor = match (grant.mfa_verified_at, grant.device_since) {
        (Some(_), _) => SecondFactor::Verified,
        (None, Some(since)) => SecondFactor::RememberedDevice {
            since,
            place: grant.device_place.unwrap_or(DevicePlace {
                home: false,
                from: None,
            }),
        },
        (None, None) => SecondFactor::None,
    };
    let decision = domain::access::decide(&Subject {
        methods: &methods,
        second_factor,
        credential: Credential {
            client: client.app_kind.client_kind(),
            issued_at: grant.created_at,
        },
        orgs: &policies.refs(),
        now,
        setup_due,
    });
    Ok(decision == Decision::Allow)
}
