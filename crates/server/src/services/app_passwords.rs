//! Application passwords: created (shown once), listed, revoked by their holder, and checked
//! for sync tools over HTTP Basic, throttled like passwords.

use domain::access::{AppPasswordsOff, Decision};
use domain::app_password::AppPassword;
use domain::audit::AuditAction;
use domain::effective_policy::EffectivePolicy;
use domain::method::parse_label;
use domain::throttle::{self, Scope};
use domain::{AppPasswordId, Email, UserId};
use store::app_passwords::AppPasswordRecord;

use crate::error::{AppError, AppResult};
use crate::services::audit::OwnChange;
use crate::services::factors::require_recent_second_factor;
use crate::services::mail::Notice;
use crate::services::signed_in::{Authenticated, OrgPolicies};
use crate::services::throttle::{Counters, Key, too_many};
use crate::services::work::Work;
use crate::state::AppState;

/// The keyed hash an app password is stored and looked up as, bound to its account.
fn hash(st: &AppState, account: &UserId, password: &AppPassword) -> String {
    st.sealer
        .lookup_hash(format!("app_password:{account}:{}", password.expose()).as_bytes())
}

/// Refuses when one of the account's organizations turned app passwords off.
async fn require_allowed_by_orgs(a: &mut impl store::Access, account: &UserId) -> AppResult<()> {
    let orgs = store::orgs::of_account(a, account).await?;
    if EffectivePolicy::fold(&OrgPolicies::of(&orgs).refs()).app_passwords_allowed() {
        Ok(())
    } else {
        Err(AppError::AppPasswordsNotAllowed)
    }
}

/// Creates an app password; the only time it is shown.
///
/// # Errors
/// `Validation` for a bad label; `ReauthenticationRequired`; `AppPasswordsNotAllowed`.
pub async fn create(
    st: &AppState,
    auth: &Authenticated,
    label: &str,
    ip: Option<&str>,
) -> AppResult<(AppPasswordId, String, AppPassword)> {
    let label = parse_label(label)?;
    let now = st.clock.now();
    let account = &auth.session.account_id;
    let password = AppPassword::generate()?;
    let id = AppPasswordId::generate();
    let mut tx = Work::begin(st).await?;
    // Under the account's lock: an app password made while a reset runs would outlive it.
    crate::services::factors::lock_account(&mut tx, account).await?;
    let has_methods = !store::mfa::list_confirmed(&mut tx, account)
        .await?
        .is_empty();
    require_recent_second_factor(st, auth, has_methods, now)?;
    require_allowed_by_orgs(&mut tx, account).await?;
    store::app_passwords::insert(
        &mut tx,
        &id,
        account,
        &label,
        &hash(st, account, &password),
        now,
    )
    .await?;
    OwnChange {
        auth,
        action: AuditAction::AppPasswordCreated,
        target: Some(id.as_str()),
        detail: Some(&label),
        ip,
        at: now,
    }
    .record_and_tell(
        &mut tx,
        Notice::new("mail-notice-app-password-created").text("label", &label),
    )
    .await?;
    tx.commit().await?;
    Ok((id, label, password))
}

/// # Errors
/// On database failure.
pub async fn list(st: &AppState, account: &UserId) -> AppResult<Vec<AppPasswordRecord>> {
    let mut c = st.store.read().await?;
    Ok(store::app_passwords::list(&mut c, account).await?)
}

/// Revokes one of the holder's app passwords.
///
/// # Errors
/// `NotFound` when it is not theirs.
pub async fn revoke(
    st: &AppState,
    auth: &Authenticated,
    id: &AppPasswordId,
    ip: Option<&str>,
) -> AppResult<()> {
    let now = st.clock.now();
    let account = &auth.session.account_id;
    let mut tx = Work::begin(st).await?;
    if !store::app_passwords::delete(&mut tx, account, id).await? {
        return Err(AppError::NotFound("app password"));
    }
    OwnChange {
        auth,
        action: AuditAction::AppPasswordRevoked,
        target: Some(id.as_str()),
        detail: None,
        ip,
        at: now,
    }
    .record_and_tell(&mut tx, Notice::new("mail-notice-app-password-revoked"))
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The account a sync tool's HTTP Basic credentials belong to. Only app passwords are
/// accepted, never the account password or a session token; failures are counted per email and
/// per source like password sign-ins (in counters of their own).
///
/// # Errors
/// `BasicAuthRequired` for any wrong credential alike; `TooManyAttempts` while throttled;
/// `AppPasswordsNotAllowed` when an organization of the account turned them off.
pub async fn authenticate(
    st: &AppState,
    email: &str,
    password: &str,
    ip: Option<&str>,
) -> AppResult<(UserId, Email)> {
    let email = Email::parse(email).map_err(|_| AppError::BasicAuthRequired)?;
    let limits = st.sign_in_limits;
    let now = st.clock.now();
    let mut keys = vec![Key {
        name: throttle::account_key_for(Scope::Sync, &email),
        reset_before: limits.account.reset_before(now),
    }];
    keys.extend(ip.and_then(|ip| ip.parse().ok()).map(|ip| Key {
        name: throttle::source_key_for(Scope::Sync, ip),
        reset_before: limits.source.reset_before(now),
    }));
    let mut tx = Work::begin(st).await?;
    let counters = Counters::lock(&mut tx, keys, now).await?;
    if let Some(wait) = counters
        .found(0)
        .and_then(|c| limits.retry_after(c, counters.found(1), now))
    {
        return Err(too_many(wait));
    }
    let account = store::accounts::find_by_email(&mut tx, &email).await?;
    // Unknown emails run the same look-up against an id no account has, so that the answer
    // takes as long as for a wrong password.
    let account_id = account
        .as_ref()
        .map_or_else(|| UserId::from_trusted(String::new()), |a| a.id.clone());
    let created_at = match AppPassword::parse(password) {
        Some(p) => {
            let hashed = hash(st, &account_id, &p);
            store::app_passwords::use_password(&mut tx, &account_id, &hashed, now).await?
        }
        None => None,
    };
    let Some((account, created_at)) = account.zip(created_at) else {
        counters.charge(&mut tx, now).await?;
        tx.commit().await?;
        return Err(AppError::BasicAuthRequired);
    };
    counters.forget(&mut tx, 0, false).await?;
    // The right password of an account whose organization forbids app passwords, or stops it:
    // said plainly, since whoever asks has just proved they hold it.
    let orgs = store::orgs::of_account(&mut tx, &account.id).await?;
    let methods: Vec<_> = store::mfa::list_confirmed(&mut tx, &account.id)
        .await?
        .iter()
        .map(|m| m.kind)
        .collect();
    tx.commit().await?;
    let policies = OrgPolicies::of(&orgs);
    let refs = policies.refs();
    let setup_due = account.mfa_setup_due;
    match domain::access::decide_app_password(&methods, created_at, setup_due, &refs, now) {
        Ok(Decision::Allow) => Ok((account.id, account.email)),
        Ok(Decision::SetupRequired { organizations }) => Err(AppError::MfaSetupRequired(
            crate::services::signed_in::org_refs(&organizations, &orgs),
        )),
        // An app password stands in for the second step: only a policy turning app passwords
        // off refuses it.
        Ok(Decision::SecondFactorRequired) | Err(AppPasswordsOff) => {
            Err(AppError::AppPasswordsNotAllowed)
        }
    }
}
