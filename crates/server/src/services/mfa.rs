//! The account holder's second-factor methods: enrolling an authenticator app, choosing the
//! default, removing methods, turning 2FA off, recovery codes. Every change is audited and the
//! holder emailed, in the transaction that makes it.

use domain::access::{self, OrgPolicy};
use domain::audit::AuditAction;
use domain::method::{MethodFacts, default_method, parse_label};
use domain::recovery::RecoveryCode;
use domain::totp::{self, TotpCode, TotpSecret};
use domain::{MethodId, MethodKind, MfaPolicy, OrgId, UserId};
use proto::mfa::MethodView;
use store::Access;
use store::audit::NewEvent;
use store::mfa::{Method, NewPending};
use store::orgs::OrgOfMember;
use time::{Duration, OffsetDateTime};

use crate::error::{AppError, AppResult};
use crate::services::audit::{self, OwnChange};
use crate::services::mail;
use crate::services::sessions::Authenticated;
use crate::state::AppState;
use domain::mfa_policy::MemberTerms;

/// The policies of an account's organizations, owned, for [`access`] to borrow.
pub struct OrgPolicies(Vec<(OrgId, String, MfaPolicy, MemberTerms)>);

impl OrgPolicies {
    /// The policies read with the account's memberships.
    pub fn of(orgs: &[OrgOfMember]) -> Self {
        Self(
            orgs.iter()
                .map(|o| {
                    (
                        o.org.id.clone(),
                        o.org.name.clone(),
                        o.policy.clone(),
                        o.terms,
                    )
                })
                .collect(),
        )
    }

    pub fn refs(&self) -> Vec<OrgPolicy<'_>> {
        self.0
            .iter()
            .map(|(org_id, name, policy, member)| OrgPolicy {
                org_id,
                name,
                policy,
                member: *member,
            })
            .collect()
    }
}

/// The associated data a method's secret is sealed with: a sealed secret copied to another
/// account or method does not open.
pub fn secret_owner(account: &UserId, method: &MethodId) -> Vec<u8> {
    format!("mfa_method:{account}:{method}").into_bytes()
}

/// The keyed hash a recovery code is stored and looked up as, bound to its account.
pub fn recovery_code_hash(st: &AppState, account: &UserId, code: &RecoveryCode) -> String {
    st.sealer
        .lookup_hash(format!("recovery_code:{account}:{}", code.expose()).as_bytes())
}

/// Opens a method's TOTP secret.
///
/// # Errors
/// `Internal` when the method has no secret or it does not open (wrong key, altered row).
pub fn open_totp(st: &AppState, m: &Method) -> AppResult<TotpSecret> {
    let sealed = m
        .secret
        .as_deref()
        .ok_or_else(|| AppError::internal(format!("method {} has no secret", m.id)))?;
    let plain = st
        .sealer
        .open(sealed, &secret_owner(&m.account_id, &m.id))?;
    Ok(TotpSecret::from_bytes(plain.to_vec()))
}

/// API views of verified methods, with the default marked.
pub fn views(methods: &[Method]) -> Vec<MethodView> {
    let facts: Vec<MethodFacts<'_>> = methods
        .iter()
        .map(|m| MethodFacts {
            id: &m.id,
            kind: m.kind,
            pinned: m.pinned,
            created_at: m.created_at,
        })
        .collect();
    let default = default_method(&facts).cloned();
    methods
        .iter()
        .map(|m| MethodView {
            id: m.id.to_string(),
            kind: crate::proto_map::ToProto::to_proto(m.kind),
            label: m.label.clone(),
            is_default: default.as_ref() == Some(&m.id),
            created_at: m.created_at,
            last_used_at: m.last_used_at,
        })
        .collect()
}

/// Sensitive changes need a second factor passed in this session within the last minutes
/// (OWASP ASVS V4.3.3); an account with no second factor yet needs a password sign-in that
/// recent instead, so that a stolen old session cannot add its own factor or app password.
///
/// # Errors
/// `ReauthenticationRequired`.
pub fn require_recent_second_factor(
    st: &AppState,
    auth: &Authenticated,
    has_methods: bool,
    now: OffsetDateTime,
) -> AppResult<()> {
    let window = Duration::minutes(st.config.mfa.reauth_minutes.clamp(1, 24 * 60));
    let recent = |t: OffsetDateTime| now - t <= window;
    let ok = auth.session.mfa_verified_at.is_some_and(recent)
        || (!has_methods && recent(auth.session.clock.created_at));
    if ok {
        Ok(())
    } else {
        Err(AppError::ReauthenticationRequired(window.whole_minutes()))
    }
}

/// Locks the account row for a change to its second factors, so that concurrent changes are
/// made one after another.
pub(crate) async fn lock_account(
    a: &mut impl Access,
    account: &UserId,
) -> AppResult<store::accounts::AccountLock> {
    store::accounts::lock(a, account)
        .await?
        .ok_or(AppError::Unauthenticated)
}

/// Records the kinds of the account's verified methods after a change.
async fn record_kinds(
    a: &mut impl Access,
    locked: &store::accounts::AccountLock,
    methods: &[Method],
    now: OffsetDateTime,
) -> AppResult<()> {
    let kinds: Vec<MethodKind> = methods.iter().map(|m| m.kind).collect();
    store::accounts::set_mfa_methods(a, locked, &kinds, now).await?;
    Ok(())
}

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

/// How many enrollments may wait for their first code at once.
const MAX_PENDING: i64 = 5;

/// A QR code of `text`, as an SVG document.
///
/// # Errors
/// `Internal` for a text too long for a QR code.
pub(crate) fn qr_svg(text: &str) -> AppResult<String> {
    Ok(qrcode::QrCode::new(text.as_bytes())
        .map_err(|e| AppError::internal_from("QR code", e))?
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(200, 200)
        .build())
}

/// How long an enrollment started now waits to be proven.
pub(crate) fn pending_until(st: &AppState, now: OffsetDateTime) -> OffsetDateTime {
    now + Duration::minutes(st.config.mfa.pending_minutes.clamp(1, 24 * 60))
}

/// Records a started enrollment, pending until proven, once the session may add a factor
/// (a recent second factor, or a recent password sign-in for a first one); expired ones go,
/// and at most a few wait at once (the oldest give way).
///
/// # Errors
/// `ReauthenticationRequired`; on database failure.
pub(crate) async fn insert_enrollment(
    st: &AppState,
    tx: &mut store::Tx,
    auth: &Authenticated,
    pending: &NewPending<'_>,
    now: OffsetDateTime,
) -> AppResult<()> {
    let account = &auth.session.account_id;
    let has_methods = !store::mfa::list_confirmed(tx, account).await?.is_empty();
    require_recent_second_factor(st, auth, has_methods, now)?;
    store::mfa::delete_expired_pending(tx, account, now).await?;
    store::mfa::trim_pending(tx, account, MAX_PENDING - 1).await?;
    store::mfa::insert_pending(tx, pending, now).await?;
    Ok(())
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

    let mut tx = st.store.begin().await?;
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

/// Proves a pending enrollment of `kind` that holds a TOTP secret (an authenticator app, or a
/// push device's offline codes) with a code from it. The first method of an account also gets
/// recovery codes; the session passes the second factor with it.
///
/// # Errors
/// `NotFound` for an unknown, verified or expired enrollment, or one of another kind (an SMS
/// enrollment's sealed number is no TOTP secret); `InvalidCode`.
pub async fn verify_code(
    st: &AppState,
    auth: &Authenticated,
    id: &MethodId,
    kind: MethodKind,
    code: &TotpCode,
    ip: Option<&str>,
) -> AppResult<(MethodView, Option<Vec<RecoveryCode>>)> {
    let now = st.clock.now();
    let account = &auth.session.account_id;
    let mut tx = st.store.begin().await?;
    let locked = lock_account(&mut tx, account).await?;
    let method = store::mfa::find(&mut tx, account, id)
        .await?
        .filter(|m| m.kind == kind && !m.confirmed && m.pending_expires_at.is_some_and(|t| t > now))
        .ok_or(AppError::NotFound("pending enrollment"))?;
    let first = store::mfa::list_confirmed(&mut tx, account)
        .await?
        .is_empty();
    // Adding a factor to an account that has one is a change like any other: it needs a
    // recent second factor, also at this step (the enrollment may have been started by
    // another session before the first factor existed).
    require_recent_second_factor(st, auth, !first, now)?;
    let secret = open_totp(st, &method)?;
    let step = totp::verify(&secret, code, now).ok_or(AppError::InvalidCode)?;
    if !store::mfa::confirm(&mut tx, id, step, now).await? {
        return Err(AppError::NotFound("pending enrollment"));
    }
    let activated = activate(st, &mut tx, &locked, auth, &method, first, ip, now).await?;
    tx.commit().await?;
    activated.after_commit(st);
    Ok((activated.view, activated.codes))
}

/// A method just confirmed, and what the account gets with it.
pub(crate) struct Activated {
    pub view: MethodView,
    /// The recovery codes, with the account's first method.
    pub codes: Option<Vec<RecoveryCode>>,
    auto_enforced: bool,
    account: UserId,
}

impl Activated {
    /// Wakes the outbox and drops cached sessions once the change is committed.
    pub(crate) fn after_commit(&self, st: &AppState) {
        st.outbox_wake.notify_one();
        if self.auto_enforced {
            st.sessions.clear();
        } else {
            st.sessions.evict_account(&self.account);
        }
    }
}

/// What follows confirming a method, whatever its kind: with the first one, 2FA starts (other
/// pending enrollments void, other sessions ended, recovery codes made); the session passes
/// the second factor; the change is audited and the holder told; organizations waiting for
/// everyone to be enrolled may enforce now.
#[allow(clippy::too_many_arguments)] // each is a distinct fact of the one change
pub(crate) async fn activate(
    st: &AppState,
    tx: &mut store::Tx,
    locked: &store::accounts::AccountLock,
    auth: &Authenticated,
    method: &Method,
    first: bool,
    ip: Option<&str>,
    now: OffsetDateTime,
) -> AppResult<Activated> {
    let account = &auth.session.account_id;
    let id = &method.id;
    if first {
        // 2FA starts now: enrollments begun elsewhere are void, and every other session,
        // opened with the password alone, ends.
        store::mfa::delete_pending(tx, account).await?;
        store::sessions::delete_for_account(tx, account, Some(&auth.session.id)).await?;
    }
    let confirmed = store::mfa::list_confirmed(tx, account).await?;
    record_kinds(tx, locked, &confirmed, now).await?;
    let codes = if first {
        let codes = RecoveryCode::generate_set()?;
        let hashes: Vec<String> = codes
            .iter()
            .map(|c| recovery_code_hash(st, account, c))
            .collect();
        store::mfa::replace_recovery_codes(tx, account, &hashes, now).await?;
        Some(codes)
    } else {
        None
    };
    // Enabling a method keeps the session's token (API contract: only the second step and a
    // re-authentication issue a new one): this session had full access already.
    let token = &auth.session.token_hash;
    store::sessions::pass_second_factor(
        tx,
        &auth.session.id,
        &auth.session.clock,
        now,
        (token, token),
    )
    .await?;
    OwnChange {
        auth,
        action: AuditAction::MfaMethodAdded,
        target: Some(id.as_str()),
        detail: Some(method.kind.as_str()),
        ip,
        at: now,
    }
    .record_and_tell(
        tx,
        "A two-factor method was added to your account",
        &format!(
            "A second factor was added to your twofold account: {} \"{}\".",
            method.kind.describe(),
            method.label
        ),
    )
    .await?;
    let methods = store::mfa::list_confirmed(tx, account).await?;
    // This member may have been the last one an organization waited for.
    let waiting = crate::services::compliance::awaiting_auto_enforce(
        &store::orgs::of_account(tx, account).await?,
    );
    let auto_enforced = crate::services::compliance::auto_enforce_if_due(tx, &waiting, now).await?;
    let view = views(&methods)
        .into_iter()
        .find(|v| v.id == id.as_str())
        .ok_or(AppError::NotFound("method"))?;
    Ok(Activated {
        view,
        codes,
        auto_enforced,
        account: account.clone(),
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
    let mut tx = st.store.begin().await?;
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
        "Your default two-factor method changed",
        &format!(
            "Your {} (\"{}\") is now the method proposed first when you sign in.",
            method.kind.describe(),
            method.label
        ),
    )
    .await?;
    let after = store::mfa::list_confirmed(&mut tx, account).await?;
    tx.commit().await?;
    st.outbox_wake.notify_one();
    views(&after)
        .into_iter()
        .find(|v| v.id == id.as_str())
        .ok_or(AppError::NotFound("method"))
}

/// What is left to forget when an account no longer has any method.
pub(crate) async fn forget_second_factor(
    a: &mut impl Access,
    locked: &store::accounts::AccountLock,
    now: OffsetDateTime,
) -> AppResult<()> {
    store::mfa::delete_all(a, &locked.id).await?;
    store::devices::delete_all(a, &locked.id).await?;
    store::accounts::set_mfa_methods(a, locked, &[], now).await?;
    Ok(())
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
    let mut tx = st.store.begin().await?;
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
    let off = if remaining.is_empty() {
        " It was your last one: two-factor authentication is now off."
    } else {
        ""
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
        "A two-factor method was removed from your account",
        &format!(
            "Your {} (\"{}\") was removed from your twofold account.{off}",
            method.kind.describe(),
            method.label
        ),
    )
    .await?;
    tx.commit().await?;
    st.outbox_wake.notify_one();
    st.sessions.evict_account(account);
    Ok(())
}

/// Turns 2FA off: every method, the recovery codes and the remembered devices go.
///
/// # Errors
/// `ReauthenticationRequired`; `MfaRequiredByOrg`.
pub async fn disable(st: &AppState, auth: &Authenticated, ip: Option<&str>) -> AppResult<()> {
    let now = st.clock.now();
    let account = &auth.session.account_id;
    let mut tx = st.store.begin().await?;
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
        .record_and_tell(
            &mut tx,
            "Two-factor authentication was turned off",
            "Two-factor authentication was turned off on your twofold account: its methods \
             and recovery codes were removed and remembered devices forgotten.",
        )
        .await?;
    }
    tx.commit().await?;
    st.outbox_wake.notify_one();
    st.sessions.evict_account(account);
    Ok(())
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
    let mut tx = st.store.begin().await?;
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
    .record_and_tell(
        &mut tx,
        "New recovery codes were created",
        "A new set of recovery codes was created for your twofold account; the previous codes \
         no longer work.",
    )
    .await?;
    tx.commit().await?;
    st.outbox_wake.notify_one();
    Ok(codes)
}

/// An operator's reset (`twofold user reset-mfa`): for a holder who lost every factor and every
/// recovery code. Audited and emailed like any other change.
///
/// # Errors
/// `NotFound` for an unknown email.
pub async fn reset_by_operator(st: &AppState, email: &domain::Email) -> AppResult<usize> {
    let now = st.clock.now();
    let mut tx = st.store.begin().await?;
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
    // A locked second step is unlocked with it.
    store::throttle::clear(&mut tx, &domain::throttle::mfa_account_key(&account.id)).await?;
    audit::record(
        &mut tx,
        &NewEvent {
            org_id: None,
            actor_id: None,
            action: AuditAction::MfaResetByOperator,
            target: Some(account.id.as_str()),
            ip: None,
            detail: None,
            at: now,
        },
    )
    .await?;
    mail::notice(
        &mut tx,
        &account.email,
        "Your two-factor authentication was reset",
        "An operator of this twofold server reset two-factor authentication on your account: \
         its methods and recovery codes were removed, remembered devices forgotten and every \
         session signed out. Sign in and set up a new second factor: until you do, your account \
         (app passwords included) can do nothing else.",
        now,
    )
    .await?;
    tx.commit().await?;
    st.outbox_wake.notify_one();
    st.sessions.evict_account(&account.id);
    Ok(removed)
}
