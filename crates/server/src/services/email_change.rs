//! A new email address: asked with a recent second factor, confirmed by a link sent to the new
//! address (the account signs in with the old one until then), the old address told with a way
//! to stop it.

use domain::audit::AuditAction;
use domain::{Email, SecretToken};
use time::Duration;

use crate::error::{AppError, AppResult, on_conflict};
use crate::services::signed_in::Authenticated;
use crate::services::work::Work;
use crate::services::{audit, factors, mail};
use crate::state::AppState;

/// How long a confirmation link works.
pub const CONFIRM_TTL: Duration = Duration::hours(1);

/// Sends a confirmation link to `new` and tells the current address. The answer does not say
/// whether another account has `new`: that one gets a notice instead of a link.
///
/// # Errors
/// `ReauthenticationRequired` without a recent second factor (accounts with 2FA);
/// `Validation` for the current address; database failures.
pub async fn request(
    st: &AppState,
    auth: &Authenticated,
    new: &Email,
    ip: Option<&str>,
) -> AppResult<()> {
    let now = st.clock.now();
    let s = &auth.session;
    if !s.methods.is_empty() {
        factors::require_recent_second_factor(st, auth, true, now)?;
    }
    if *new == s.email {
        return Err(
            domain::ValidationError::new("email", "is already the account's address").into(),
        );
    }
    let mut tx = Work::begin(st).await?;
    let taken = store::accounts::find_by_email(&mut tx, new)
        .await?
        .is_some();
    if taken {
        mail::notice(
            &mut tx,
            new,
            "Someone tried to move a twofold account to this address",
            "A twofold account asked to use this address, but an account already has it, so \
             nothing changed. If that account is yours, there is nothing to do.",
            now,
        )
        .await?;
    } else {
        let token = SecretToken::generate()?;
        let expires_at = now + CONFIRM_TTL;
        store::email_changes::insert(&mut tx, &token.hash(), &s.account_id, new, now, expires_at)
            .await?;
        mail::email_change(&mut tx, st, new, token.expose(), expires_at, now).await?;
    }
    mail::notice(
        &mut tx,
        &s.email,
        "Your twofold address is about to change",
        &format!(
            "A change of your twofold account's address to {new} was asked; it happens when \
             the link sent there is opened. If this was not you, reset your password at once \
             ({}/password-reset): a new password stops the change and signs everyone out.",
            st.public_url
        ),
        now,
    )
    .await?;
    audit::record(
        &mut tx,
        &audit::account_event(
            Some(&s.account_id),
            AuditAction::EmailChangeRequested,
            None,
            ip,
            None,
            now,
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Confirms the change with the link's token, for the account the link was made for: the
/// address and its copies on memberships change, the old address is told.
///
/// # Errors
/// `EmailChangeInvalid` for an unknown, used, expired or another account's link;
/// `EmailTaken` when another account took the address meanwhile; database failures.
pub async fn confirm(
    st: &AppState,
    auth: &Authenticated,
    raw: &str,
    ip: Option<&str>,
) -> AppResult<Email> {
    let token = SecretToken::parse(raw).ok_or(AppError::EmailChangeInvalid)?;
    let now = st.clock.now();
    let account = &auth.session.account_id;
    let mut tx = Work::begin(st).await?;
    let locked = factors::lock_account(&mut tx, account).await?;
    let new = store::email_changes::take(&mut tx, &token.hash(), account, now)
        .await?
        .ok_or(AppError::EmailChangeInvalid)?;
    let old = locked.email.clone();
    store::accounts::set_email(&mut tx, &locked, &new, now)
        .await
        .map_err(on_conflict(
            "account_email_key",
            "account.email",
            AppError::EmailTaken,
        ))?;
    audit::record(
        &mut tx,
        &audit::account_event(
            Some(account),
            AuditAction::EmailChanged,
            Some(new.as_str()),
            ip,
            None,
            now,
        ),
    )
    .await?;
    mail::notice(
        &mut tx,
        &old,
        "Your twofold address was changed",
        &format!(
            "The address of your twofold account is now {new}; this one no longer signs in. \
             If this was not you, reset your password from the new address's inbox or contact \
             your organization's administrators."
        ),
        now,
    )
    .await?;
    tx.changed(account);
    tx.commit().await?;
    Ok(new)
}
