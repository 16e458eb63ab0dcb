//! Leaving for good: the account and its personal data are erased. The audit log keeps what
//! happened, with the account's id and address replaced by a pseudonym and its addresses
//! dropped, so organizations keep their history without keeping the person.

use domain::audit::AuditAction;
use domain::{TokenHash, UserId};

use crate::error::{AppError, AppResult};
use crate::services::signed_in::Authenticated;
use crate::services::work::Work;
use crate::services::{accounts, audit, enforcement, factors, mail, oidc_logout};
use crate::state::AppState;

/// The name the audit log keeps for a deleted account: stable (its events still go together),
/// not the id or the address.
pub fn pseudonym(account: &UserId) -> String {
    let digest = TokenHash::of(account.as_str().as_bytes());
    format!("deleted-account-{}", &digest.as_str()[..16])
}

/// The organizations of which the account is the only owner.
async fn last_owner_of(
    a: &mut impl store::Access,
    orgs: &[store::orgs::OrgOfMember],
) -> AppResult<Vec<proto::orgs::OrgRef>> {
    let mut orphaned = Vec::new();
    for m in orgs {
        if m.membership.role == domain::Role::Owner
            && store::orgs::count_owners(a, &m.org.id).await? <= 1
        {
            orphaned.push(proto::orgs::OrgRef {
                org_id: m.org.id.to_string(),
                name: m.org.name.clone(),
            });
        }
    }
    Ok(orphaned)
}

/// Deletes the caller's account, with its password and, when it has 2FA, a recent second
/// factor. Refused while it is the last owner of an organization (they are named), so no
/// organization is left without one.
///
/// # Errors
/// `InvalidCredentials`, `TooManyAttempts`, `ReauthenticationRequired`, `LastOwnerOf`;
/// database failures.
pub async fn delete(
    st: &AppState,
    auth: &Authenticated,
    password: &str,
    ip: Option<&str>,
) -> AppResult<()> {
    let now = st.clock.now();
    if !auth.session.methods.is_empty() {
        factors::require_recent_second_factor(st, auth, true, now)?;
    }
    // Refused for being a last owner before the password is checked: that check counts a
    // sign-in attempt, which only a success clears. (The transaction checks again.)
    {
        let mut c = st.store.read().await?;
        let orgs = store::orgs::of_account(&mut c, &auth.session.account_id).await?;
        let orphaned = last_owner_of(&mut c, &orgs).await?;
        if !orphaned.is_empty() {
            return Err(AppError::LastOwnerOf(orphaned));
        }
    }
    let stored = accounts::verify_current_password(st, auth, password).await?;
    let id = &auth.session.account_id;
    let email = &auth.session.email;
    let mut tx = Work::begin(st).await?;
    let locked = factors::lock_account(&mut tx, id).await?;
    if locked.password_hash != stored {
        // Changed meanwhile: the password given is no longer the account's.
        return Err(AppError::InvalidCredentials);
    }
    let orgs = store::orgs::of_account(&mut tx, id).await?;
    for m in &orgs {
        store::orgs::lock(&mut tx, &m.org.id).await?;
    }
    let orphaned = last_owner_of(&mut tx, &orgs).await?;
    if !orphaned.is_empty() {
        return Err(AppError::LastOwnerOf(orphaned));
    }
    for m in &orgs {
        let org = &m.org.id;
        store::orgs::delete_membership(&mut tx, org, id).await?;
        enforcement::auto_enforce_if_due(&mut tx, std::slice::from_ref(org), now).await?;
        audit::record(
            &mut tx,
            &crate::services::org_access::event(
                org,
                id,
                AuditAction::MemberLeft,
                Some(id.as_str()),
                ip,
                Some("account deleted"),
                now,
            ),
        )
        .await?;
    }
    oidc_logout::account_ended(st, &mut tx, id, now).await?;
    audit::record(
        &mut tx,
        &audit::account_event(Some(id), AuditAction::AccountDeleted, None, ip, None, now),
    )
    .await?;
    store::audit::pseudonymise(&mut tx, id, email.as_str(), &pseudonym(id)).await?;
    mail::notice(
        &mut tx,
        email,
        &mail::Notice::new("mail-notice-account-deleted"),
        now,
    )
    .await?;
    // The check counted an attempt on the address; it succeeded.
    store::throttle::clear(&mut tx, &domain::throttle::account_key(email)).await?;
    store::accounts::delete(&mut tx, id).await?;
    tx.changed(id);
    tx.commit().await?;
    Ok(())
}
