//! A new email address: asked with a recent second factor, confirmed by a link sent to the new
//! address (the account signs in with the old one until then), the old address told with a way
//! to stop it.

use domain::audit::AuditAction;
use domain::{Email, SecretToken};
use time::{Duration, OffsetDateTime};

use crate::error::{AppError, AppResult, on_conflict};
use crate::services::signed_in::Authenticated;
use crate::services::throttle::charge_all;
use crate::services::work::Work;
use crate::services::{accounts, audit, factors, mail};
use crate::state::AppState;

/// How long a confirmation link works.
pub const CONFIRM_TTL: Duration = Duration::hours(1);

/// Sends a confirmation link to `new` and tells the current address. The answer does not say
/// whether another account has `new`: that one gets a notice instead of a link.
///
/// # Errors
/// `ReauthenticationRequired` without a recent second factor (accounts with 2FA);
/// `InvalidCredentials` without the right password (accounts without: a session alone must not
/// move the account away from its holder); `TooManyAttempts` beyond the account's limit;
/// `Validation` for the current address; database failures.
pub async fn request(
    st: &AppState,
    auth: &Authenticated,
    new: &Email,
    password: Option<&str>,
    ip: Option<&str>,
) -> AppResult<()> {
    let now = st.clock.now();
    let s = &auth.session;
    if *new == s.email {
        return Err(
            domain::ValidationError::because("email", domain::error::Invalid::SameEmail).into(),
        );
    }
    if s.methods.is_empty() {
        let password = password.ok_or(AppError::InvalidCredentials)?;
        accounts::verify_current_password(st, auth, password).await?;
    } else {
        factors::require_recent_second_factor(st, auth, true, now)?;
    }
    let mut tx = Work::begin(st).await?;
    if s.methods.is_empty() {
        store::throttle::clear(&mut tx, &domain::throttle::account_key(&s.email)).await?;
    }
    within_limit(&mut tx, auth, now).await?;
    // Whatever comes next, an earlier link stops working: whether it still did must not tell
    // whether the new address is taken.
    store::email_changes::retire_all(&mut tx, &s.account_id, now).await?;
    // An account that never proved the address does not hold it.
    let taken = store::accounts::find_by_email(&mut tx, new)
        .await?
        .is_some_and(|a| a.verified);
    if taken {
        mail::notice(
            &mut tx,
            new,
            &mail::Notice::new("mail-notice-address-taken"),
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
        &mail::Notice::new("mail-notice-address-changing")
            .text("new", new)
            .text("url", &st.public_url),
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

/// Every request mails two addresses: a few an hour per account.
async fn within_limit(
    tx: &mut Work<'_>,
    auth: &Authenticated,
    now: OffsetDateTime,
) -> AppResult<()> {
    let rule = domain::throttle::Rule::Window {
        limit: 5,
        window: Duration::hours(1),
    };
    let key = format!("email_change:account:{}", auth.session.account_id);
    charge_all(tx, vec![(key, rule)], now).await
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
    // Reset links sent to the old address must not outlive it.
    store::password_resets::retire_all(&mut tx, account, now).await?;
    // The link proved the new address: an account that signed up with it and never proved it
    // gives way.
    if let Some(replaced) = store::accounts::delete_unverified(&mut tx, &new).await? {
        let event = audit::account_event(
            Some(&replaced),
            AuditAction::UnverifiedAccountReplaced,
            Some(new.as_str()),
            ip,
            Some("email change confirmed"),
            now,
        );
        audit::record(&mut tx, &event).await?;
    }
    store::accounts::set_email(&mut tx, &locked, &new, now)
        .await
        .map_err(on_conflict(
            "account_email_key",
            "account.email",
            AppError::EmailTaken,
        ))?;
    // The link went to the new address: it is proved.
    let expired_before = domain::signup::expired_before(now);
    store::accounts::mark_proved(&mut tx, account, expired_before, now).await?;
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
        &mail::Notice::new("mail-notice-address-changed").text("new", &new),
        now,
    )
    .await?;
    tx.changed(account);
    tx.commit().await?;
    Ok(new)
}
