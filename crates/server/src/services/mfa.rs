//! The account holder's second-factor methods: enrolling an authenticator app, choosing the
//! default, removing methods, turning 2FA off, recovery codes. Every change is audited and the
//! holder emailed, in the transaction that makes it.

use domain::access::{self};
use domain::audit::AuditAction;
use domain::method::parse_label;
use domain::recovery::RecoveryCode;
use domain::totp::{self, TotpSecret};
use domain::{MethodId, MethodKind, UserId};
use proto::mfa::MethodView;
use store::mfa::{Method, NewPending};
use time::OffsetDateTime;

use crate::error::{AppError, AppResult};
use crate::services::audit::{self, OwnChange};
use crate::services::factors::{
    forget_second_factor, insert_enrollment, lock_account, pending_until, qr_svg, record_kinds,
    recovery_code_hash, require_recent_second_factor, secret_owner, views,
};
use crate::services::mail::{self, Notice};
use crate::services::signed_in::{Authenticated, OrgPolicies};
use crate::services::work::Work;
use crate::state::AppState;

/// `GET /me/mfa`: verified methods and how many recovery codes are left.
///
/// # Errors
/// On database failure.
pub async fn overview(st: &AppState, account: &UserId) -> AppResult<(Vec<MethodView>, u32)> {
    let mut c = st.store.read().await?;
    let methods = store::mfa::list_confirmed(&mut c, account).await?;
    let left = store::mfa::recovery_codes_left(&mut c, account).await?;
    Ok((views(&methods), left))
}

/// The account's verified methods (for `/me`).
///
/// # Errors
/// On database failure.
pub async fn methods(st: &AppState, account: &UserId) -> AppResult<Vec<MethodView>> {
    let mut c = st.store.read().await?;
    let methods = store::mfa::list_confirmed(&mut c, account).await?;
    Ok(views(&methods))
}

/// A started TOTP enrollment.
pub struct Enrollment {
    pub id: MethodId,
    pub secret: TotpSecret,
    pub otpauth_uri: String,
    pub qr_svg: String,
    pub expires_at: OffsetDateTime,
}

/// Starts enrolling an authenticator app: a fresh secret, pending until a code proves the app
/// has it.
///
/// # Errors
/// `ReauthenticationRequired`; `Validation` for a bad label.
pub async fn enroll_totp(
    st: &AppState,
    auth: &Authenticated,
    label: Option<&str>,
) -> AppResult<Enrollment> {
    let label = match label {
        Some(l) => parse_label(l)?,
        None => "Authenticator app".to_owned(),
    };
    let now = st.clock.now();
    let account = &auth.session.account_id;
    let id = MethodId::generate();
    let secret = TotpSecret::generate()?;
    let otpauth_uri =
        totp::otpauth_uri(&secret, &st.config.mfa.issuer, auth.session.email.as_str())
            .ok_or_else(|| AppError::internal("cannot build the otpauth URI"))?;
    let qr_svg = qr_svg(&otpauth_uri)?;
    let sealed = st
        .sealer
        .seal(secret.expose(), &secret_owner(account, &id))?;
    let expires_at = pending_until(st, now);

    let mut tx = Work::begin(st).await?;
    insert_enrollment(
        st,
        &mut tx,
        auth,
        &NewPending {
            id: &id,
            account_id: account,
            kind: MethodKind::Totp,
            label: &label,
            secret: &sealed,
            expires_at,
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(Enrollment {
        id,
        secret,
        otpauth_uri,
        qr_svg,
        expires_at,
    })
}

/// Pins a verified method as the default.
///
/// # Errors
/// `NotFound`; `ReauthenticationRequired`.
pub async fn set_default(
    st: &AppState,
    auth: &Authenticated,
    id: &MethodId,
    ip: Option<&str>,
) -> AppResult<MethodView> {
    let now = st.clock.now();
    let account = &auth.session.account_id;
    let mut tx = Work::begin(st).await?;
    let before = store::mfa::list_confirmed(&mut tx, account).await?;
    let method = before
        .iter()
        .find(|m| &m.id == id)
        .ok_or(AppError::NotFound("method"))?;
    require_recent_second_factor(st, auth, true, now)?;
    store::mfa::pin_default(&mut tx, account, id).await?;
    OwnChange {
        auth,
        action: AuditAction::MfaDefaultChanged,
        target: Some(id.as_str()),
        detail: None,
        ip,
        at: now,
    }
    .record_and_tell(
        &mut tx,
        Notice::new("mail-notice-default-method")
            .method("method", method.kind)
            .text("label", &method.label),
    )
    .await?;
    let after = store::mfa::list_confirmed(&mut tx, account).await?;
    tx.commit().await?;
    views(&after)
        .into_iter()
        .find(|v| v.id == id.as_str())
        .ok_or(AppError::NotFound("method"))
}

/// Removes one method (a pending enrollment too). Removing the last one turns 2FA off.
///
/// # Errors
/// `NotFound`; `ReauthenticationRequired`; `MfaRequiredByOrg` when an organization would no
/// longer accept what is left.
pub async fn remove(
    st: &AppState,
    auth: &Authenticated,
    id: &MethodId,
    ip: Option<&str>,
) -> AppResult<()> {
    let now = st.clock.now();
    let account = &auth.session.account_id;
    let mut tx = Work::begin(st).await?;
    let locked = lock_account(&mut tx, account).await?;
    let method = store::mfa::find(&mut tx, account, id)
        .await?
        .ok_or(AppError::NotFound("method"))?;
    if !method.confirmed {
        store::mfa::delete(&mut tx, account, id).await?;
        tx.commit().await?;
        return Ok(());
    }
    require_recent_second_factor(st, auth, true, now)?;
    let methods = store::mfa::list_confirmed(&mut tx, account).await?;
    let remaining: Vec<MethodKind> = methods
        .iter()
        .filter(|m| &m.id != id)
        .map(|m| m.kind)
        .collect();
    let orgs = store::orgs::of_account(&mut tx, account).await?;
    let policies = OrgPolicies::of(&orgs);
    access::may_keep_only(&remaining, &policies.refs()).map_err(|_| AppError::MfaRequiredByOrg)?;
    if remaining.is_empty() {
        forget_second_factor(&mut tx, &locked, now).await?;
    } else {
        store::mfa::delete(&mut tx, account, id).await?;
        let left: Vec<Method> = methods.into_iter().filter(|m| &m.id != id).collect();
        record_kinds(&mut tx, &locked, &left, now).await?;
    }
    let removed = if remaining.is_empty() {
        Notice::new("mail-notice-last-method-removed")
    } else {
        Notice::new("mail-notice-method-removed")
    };
    OwnChange {
        auth,
        action: AuditAction::MfaMethodRemoved,
        target: Some(id.as_str()),
        detail: Some(method.kind.as_str()),
        ip,
        at: now,
    }
    .record_and_tell(
        &mut tx,
        removed
            .method("method", method.kind)
            .text("label", &method.label),
    )
    .await?;
    tx.changed(account);
    tx.commit().await?;
    Ok(())
}

/// Turns 2FA off: every method, the recovery codes and the remembered devices go.
///
/// # Errors
/// `ReauthenticationRequired`; `MfaRequiredByOrg`.
pub async fn disable(st: &AppState, auth: &Authenticated, ip: Option<&str>) -> AppResult<()> {
    let now = st.clock.now();
    let account = &auth.session.account_id;
    let mut tx = Work::begin(st).await?;
    let locked = lock_account(&mut tx, account).await?;
    let had = !store::mfa::list_confirmed(&mut tx, account)
        .await?
        .is_empty();
    require_recent_second_factor(st, auth, had, now)?;
    let orgs = store::orgs::of_account(&mut tx, account).await?;
    let policies = OrgPolicies::of(&orgs);
    access::may_keep_only(&[], &policies.refs()).map_err(|_| AppError::MfaRequiredByOrg)?;
    forget_second_factor(&mut tx, &locked, now).await?;
    if had {
        OwnChange {
            auth,
            action: AuditAction::MfaDisabled,
            target: None,
            detail: None,
            ip,
            at: now,
        }
        .record_and_tell(&mut tx, Notice::new("mail-notice-mfa-off"))
        .await?;
    }
    tx.changed(account);
    tx.commit().await?;
    Ok(())
}

/// The names of the organizations that would refuse turning two-factor authentication off,
/// for the page that asks before anything is refused.
///
/// # Errors
/// On database failure.
pub async fn required_by(st: &AppState, account: &UserId) -> AppResult<Vec<String>> {
    let mut c = st.store.read().await?;
    let orgs = store::orgs::of_account(&mut c, account).await?;
    let policies = OrgPolicies::of(&orgs);
    let refusing = access::may_keep_only(&[], &policies.refs())
        .err()
        .unwrap_or_default();
    Ok(orgs
        .into_iter()
        .filter(|o| refusing.contains(&o.org.id))
        .map(|o| o.org.name)
        .collect())
}

/// A new set of recovery codes; the old set stops working.
///
/// # Errors
/// `MfaNotEnabled` without any method; `ReauthenticationRequired`.
pub async fn regenerate_recovery_codes(
    st: &AppState,
    auth: &Authenticated,
    ip: Option<&str>,
) -> AppResult<Vec<RecoveryCode>> {
    let now = st.clock.now();
    let account = &auth.session.account_id;
    let codes = RecoveryCode::generate_set()?;
    let hashes: Vec<String> = codes
        .iter()
        .map(|c| recovery_code_hash(st, account, c))
        .collect();
    let mut tx = Work::begin(st).await?;
    // Under the account's lock: a reset or turning 2FA off racing this must not leave codes on
    // an account without a method.
    lock_account(&mut tx, account).await?;
    if store::mfa::list_confirmed(&mut tx, account)
        .await?
        .is_empty()
    {
        return Err(AppError::MfaNotEnabled);
    }
    require_recent_second_factor(st, auth, true, now)?;
    store::mfa::replace_recovery_codes(&mut tx, account, &hashes, now).await?;
    OwnChange {
        auth,
        action: AuditAction::RecoveryCodesRegenerated,
        target: None,
        detail: None,
        ip,
        at: now,
    }
    .record_and_tell(&mut tx, Notice::new("mail-notice-recovery-codes"))
    .await?;
    tx.commit().await?;
    Ok(codes)
}

/// An operator's reset (`twofold user reset-mfa`): for a holder who lost every factor and every
/// recovery code. Audited and emailed like any other change.
///
/// # Errors
/// `NotFound` for an unknown email.
pub async fn reset_by_operator(st: &AppState, email: &domain::Email) -> AppResult<usize> {
    let now = st.clock.now();
    let mut tx = Work::begin(st).await?;
    let account = store::accounts::find_by_email(&mut tx, email)
        .await?
        .ok_or(AppError::NotFound("account"))?;
    let locked = lock_account(&mut tx, &account.id).await?;
    let removed = store::mfa::list_confirmed(&mut tx, &account.id)
        .await?
        .len();
    forget_second_factor(&mut tx, &locked, now).await?;
    // Never password-only afterwards: every client must set up a new second factor first, and
    // sessions signed in before (perhaps with the lost factor) end.
    store::accounts::require_mfa_setup(&mut tx, &account.id, now).await?;
    store::sessions::delete_for_account(&mut tx, &account.id, None).await?;
    crate::services::oidc_logout::account_ended(st, &mut tx, &account.id, now).await?;
    // A locked second step is unlocked with it.
    store::throttle::clear(&mut tx, &domain::throttle::mfa_account_key(&account.id)).await?;
    audit::record(
        &mut tx,
        &audit::account_event(
            None,
            AuditAction::MfaResetByOperator,
            Some(account.id.as_str()),
            None,
            None,
            now,
        ),
    )
    .await?;
    mail::notice(
        &mut tx,
        &account.email,
        &Notice::new("mail-notice-reset-by-operator"),
        now,
    )
    .await?;
    tx.changed(&account.id);
    tx.commit().await?;
    Ok(removed)
}
