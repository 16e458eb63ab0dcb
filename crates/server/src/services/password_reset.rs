//! Forgotten passwords: a single-use link, emailed, that lets the holder choose a new password.
//! Asking answers the same whether or not the address has an account; using the link never
//! skips the second factor (it signs nobody in, and every session ends), and it forgets
//! remembered devices and ends what apps hold.

use domain::audit::AuditAction;
use domain::throttle::{ResetLimits, Scope, account_key, account_key_for, source_key_for};
use domain::{Email, NewPassword, SecretToken};
use time::Duration;

use crate::error::{AppError, AppResult};
use crate::services::throttle::charge_all;
use crate::services::work::Work;
use crate::services::{accounts, audit, factors, mail};
use crate::state::AppState;

/// How long a reset link works.
pub const RESET_TTL: Duration = Duration::minutes(30);

/// Emails a reset link to the address if an account has it; answers the same either way. Every
/// request counts against the address's and the source's limits, known address or not.
///
/// # Errors
/// `TooManyAttempts` beyond a limit; database failures.
pub async fn request(st: &AppState, email: &Email, ip: Option<&str>) -> AppResult<()> {
    let now = st.clock.now();
    let limits = ResetLimits::default();
    let mut keys = vec![(account_key_for(Scope::Reset, email), limits.address)];
    if let Some(ip) = ip.and_then(|ip| ip.parse().ok()) {
        keys.push((source_key_for(Scope::Reset, ip), limits.source));
    }
    let mut tx = Work::begin(st).await?;
    charge_all(&mut tx, keys, now).await?;
    let account = store::accounts::find_by_email(&mut tx, email)
        .await?
        .filter(|a| a.verified || domain::signup::still_waiting(a.created_at, now));
    if let Some(account) = account {
        let token = SecretToken::generate()?;
        let expires_at = now + RESET_TTL;
        store::password_resets::insert(&mut tx, &token.hash(), &account.id, now, expires_at)
            .await?;
        mail::password_reset(&mut tx, st, email, token.expose(), expires_at, now).await?;
        audit::record(
            &mut tx,
            &audit::account_event(
                Some(&account.id),
                AuditAction::PasswordResetRequested,
                None,
                ip,
                None,
                now,
            ),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Sets a new password with a live link: the link and every other of the account stop
/// working, every session ends (so the next sign-in passes both steps), remembered devices are
/// forgotten, apps' grants end, the holder is told. Of two requests with one link, one wins.
///
/// # Errors
/// `PasswordResetInvalid` for an unknown, used or expired link; `WeakPassword`.
pub async fn reset(st: &AppState, raw: &str, new: &str, ip: Option<&str>) -> AppResult<()> {
    let token = SecretToken::parse(raw).ok_or(AppError::PasswordResetInvalid)?;
    let hash = token.hash();
    let (account, email) = {
        let now = st.clock.now();
        let mut c = st.store.read().await?;
        let (id, _) = store::password_resets::find_live(&mut c, &hash, now)
            .await?
            .ok_or(AppError::PasswordResetInvalid)?;
        let account = store::accounts::find_by_id(&mut c, &id)
            .await?
            .ok_or(AppError::PasswordResetInvalid)?;
        (id, account.email)
    };
    let new = NewPassword::parse(new, &email).map_err(AppError::WeakPassword)?;
    let password_hash = st.hasher.hash(new.expose()).await?;
    let now = st.clock.now();
    let mut tx = Work::begin(st).await?;
    if !store::password_resets::use_link(&mut tx, &hash, &account, now).await? {
        return Err(AppError::PasswordResetInvalid);
    }
    let locked = factors::lock_account(&mut tx, &account).await?;
    store::accounts::set_password_hash(&mut tx, &locked, &password_hash, now).await?;
    // The link went to the address: it is proved, and an account that was waiting for its
    // sign-up link may sign in now.
    let expired_before = domain::signup::expired_before(now);
    if store::accounts::mark_proved(&mut tx, &account, expired_before, now).await? {
        let event = audit::account_event(
            Some(&account),
            AuditAction::EmailVerified,
            Some(email.as_str()),
            ip,
            Some("password reset link"),
            now,
        );
        audit::record(&mut tx, &event).await?;
    }
    accounts::after_new_password(st, &mut tx, &account, None, now).await?;
    // The holder proved the address: the sign-in lockout on it lifts.
    store::throttle::clear(&mut tx, &account_key(&email)).await?;
    audit::record(
        &mut tx,
        &audit::account_event(
            Some(&account),
            AuditAction::PasswordReset,
            None,
            ip,
            None,
            now,
        ),
    )
    .await?;
    mail::notice(
        &mut tx,
        &email,
        &mail::Notice::new("mail-notice-password-reset"),
        now,
    )
    .await?;
    tx.changed(&account);
    tx.commit().await?;
    Ok(())
}
