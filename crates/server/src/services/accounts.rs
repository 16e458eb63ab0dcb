//! Creating accounts.

use domain::audit::AuditAction;
use domain::{DisplayName, Email, NewPassword, UserId};

use crate::error::{AppError, AppResult, on_conflict};
use crate::services::audit;
use crate::services::work::Work;
use crate::state::AppState;

/// What sign-up needs, already parsed.
pub struct SignUp {
    pub email: Email,
    pub password: NewPassword,
    pub name: DisplayName,
}

/// Creates an account for an operator: it may sign in at once (its address is not marked
/// proved: no link was used), and the sign-up settings do not apply.
///
/// # Errors
/// `EmailTaken` when the email already has an account.
pub async fn create(st: &AppState, input: SignUp, ip: Option<&str>) -> AppResult<UserId> {
    let hash = st.hasher.hash(input.password.expose()).await?;
    let now = st.clock.now();
    let id = UserId::generate();
    let mut tx = Work::begin(st).await?;
    // An operator vouches for the address: an account someone signed up with it and never
    // proved gives way.
    if let Some(replaced) = store::accounts::delete_unverified(&mut tx, &input.email).await? {
        let event = audit::account_event(
            Some(&replaced),
            AuditAction::UnverifiedAccountReplaced,
            Some(input.email.as_str()),
            ip,
            Some("operator"),
            now,
        );
        audit::record(&mut tx, &event).await?;
    }
    store::accounts::insert(&mut tx, &id, &input.email, input.name.as_str(), &hash, now)
        .await
        .map_err(on_conflict(
            "account_email_key",
            "account.email",
            AppError::EmailTaken,
        ))?;
    audit::record(
        &mut tx,
        &audit::account_event(
            Some(&id),
            AuditAction::AccountCreated,
            Some(input.email.as_str()),
            ip,
            None,
            now,
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// What a new password ends (OWASP ASVS V3.3.3): every session but `keep`, what apps hold,
/// remembered devices, and reset links asked for before (one would undo the change).
///
/// # Errors
/// On database failure.
pub(crate) async fn after_new_password(
    st: &AppState,
    tx: &mut Work<'_>,
    account: &UserId,
    keep: Option<&domain::SessionId>,
    now: time::OffsetDateTime,
) -> AppResult<()> {
    store::sessions::delete_for_account(tx, account, keep).await?;
    crate::services::oidc_logout::account_ended(st, tx, account, now).await?;
    store::devices::delete_all(tx, account).await?;
    store::password_resets::retire_all(tx, account, now).await?;
    // A change of address asked by whoever held the old password stops too.
    store::email_changes::retire_all(tx, account, now).await?;
    Ok(())
}

/// Changes the holder's password after checking the current one. Every other session ends and
/// every remembered device is forgotten (OWASP ASVS V3.3.3).
///
/// # Errors
/// `InvalidCredentials` for a wrong current password; `TooManyAttempts` while throttled;
/// `WeakPassword`.
pub async fn change_password(
    st: &AppState,
    auth: &crate::services::signed_in::Authenticated,
    current: &str,
    new: &str,
    ip: Option<&str>,
) -> AppResult<()> {
    let email = &auth.session.email;
    let new = NewPassword::parse(new, email).map_err(AppError::WeakPassword)?;
    let account_id = &auth.session.account_id;
    let key = domain::throttle::account_key(email);
    let now = st.clock.now();
    // Changing the password ends every other session: with 2FA on, the same fresh second
    // factor as every other sensitive change, so a stolen hour-old session cannot lock the
    // holder out with a password it just learned. (Without 2FA the current password is all
    // there is to prove.)
    if !auth.session.methods.is_empty() {
        crate::services::factors::require_recent_second_factor(st, auth, true, now)?;
    }
    let stored = verify_current_password(st, auth, current).await?;
    let hash = st.hasher.hash(new.expose()).await?;
    let now = st.clock.now();
    let mut tx = Work::begin(st).await?;
    // The password checked is the one replaced: a change that raced this one (or a reset)
    // wins, and this one must be tried again with the password now in force.
    let locked = crate::services::factors::lock_account(&mut tx, account_id).await?;
    if locked.password_hash != stored {
        return Err(AppError::InvalidCredentials);
    }
    store::throttle::clear(&mut tx, &key).await?;
    store::accounts::set_password_hash(&mut tx, &locked, &hash, now).await?;
    after_new_password(st, &mut tx, account_id, Some(&auth.session.id), now).await?;
    audit::record(
        &mut tx,
        &audit::account_event(
            Some(account_id),
            AuditAction::PasswordChanged,
            None,
            ip,
            None,
            now,
        ),
    )
    .await?;
    crate::services::mail::notice(
        &mut tx,
        email,
        &crate::services::mail::Notice::new("mail-notice-password-changed"),
        now,
    )
    .await?;
    tx.changed(account_id);
    tx.commit().await?;
    Ok(())
}

/// Checks the holder's current password, throttled as sign-ins are (counted before the check;
/// the caller's success clears the count); returns the hash checked, so that the caller's
/// transaction can make sure it is still the account's.
///
/// # Errors
/// `InvalidCredentials`; `TooManyAttempts` while throttled; database failures.
pub(crate) async fn verify_current_password(
    st: &AppState,
    auth: &crate::services::signed_in::Authenticated,
    current: &str,
) -> AppResult<String> {
    use domain::throttle::{self, retry_after_secs};
    let key = throttle::account_key(&auth.session.email);
    let limits = st.sign_in_limits;
    let now = st.clock.now();
    let account_id = &auth.session.account_id;
    let stored = {
        let mut tx = Work::begin(st).await?;
        let counter = store::throttle::lock(&mut tx, &key, now).await?;
        if let Some(wait) = limits.account.retry_after(&counter, now) {
            return Err(AppError::TooManyAttempts {
                retry_after: retry_after_secs(wait),
            });
        }
        // Counted before the check, as at sign-in; a success clears it.
        store::throttle::record_failure(&mut tx, &key, now, limits.account.reset_before(now))
            .await?;
        let account = store::accounts::find_by_id(&mut tx, account_id)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        tx.commit().await?;
        account.password_hash
    };
    if !st.hasher.verify(current, Some(&stored)).await? {
        return Err(AppError::InvalidCredentials);
    }
    Ok(stored)
}
