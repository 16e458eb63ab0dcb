//! The factor kernel: what every second-factor use case shares — opening a sealed secret,
//! hashing a recovery code, starting and activating an enrollment (with its recovery codes and
//! the account's method kinds), forgetting an account's factors, and the rule that a sensitive
//! change needs a recent second factor. Use cases (`mfa`, `sms`, `push`, `webauthn`,
//! `second_step`, …) build on it; it imports only leaves.

use domain::audit::AuditAction;
use domain::method::{MethodFacts, default_method};
use domain::recovery::RecoveryCode;
use domain::totp::{self, TotpCode, TotpSecret};
use domain::{MethodId, MethodKind, UserId};
use proto::mfa::MethodView;
use store::Access;
use store::mfa::{Method, NewPending};
use time::{Duration, OffsetDateTime};

use crate::error::{AppError, AppResult};
use crate::services::audit::OwnChange;
use crate::services::enforcement;
use crate::services::signed_in::Authenticated;
use crate::services::work::Work;
use crate::state::AppState;

/// The associated data a method's secret is sealed with: a sealed secret copied to another
/// account or method does not open.
pub fn secret_owner(account: &UserId, method: &MethodId) -> Vec<u8> {
    crate::secrets::method_owner(account, method)
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
            webauthn: (m.kind == MethodKind::Webauthn).then_some(proto::mfa::WebauthnFacts {
                passkey: m.webauthn.passkey,
                backup_eligible: m.webauthn.backup_eligible,
                backed_up: m.webauthn.backed_up,
            }),
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

/// Locks the account row for a change to it (its second factors, its memberships), so that
/// concurrent changes are made one after another; an account deleted meanwhile is no caller.
pub(crate) async fn lock_account(
    tx: &mut Work<'_>,
    account: &UserId,
) -> AppResult<store::accounts::AccountLock> {
    tx.lock_account(account)
        .await?
        .ok_or(AppError::Unauthenticated)
}

/// Records the kinds of the account's verified methods after a change.
pub(crate) async fn record_kinds(
    a: &mut impl Access,
    locked: &store::accounts::AccountLock,
    methods: &[Method],
    now: OffsetDateTime,
) -> AppResult<()> {
    let kinds: Vec<MethodKind> = methods.iter().map(|m| m.kind).collect();
    store::accounts::set_mfa_methods(a, locked, &kinds, now).await?;
    Ok(())
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
    tx: &mut Work<'_>,
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

/// A method just confirmed, and what the account gets with it.
pub(crate) struct Activated {
    pub view: MethodView,
    /// The recovery codes, with the account's first method.
    pub codes: Option<Vec<RecoveryCode>>,
}

/// What follows confirming a method, whatever its kind: with the first one, 2FA starts (other
/// pending enrollments void, other sessions ended, recovery codes made); the session passes
/// the second factor; the change is audited and the holder told; organizations waiting for
/// everyone to be enrolled may enforce now.
#[allow(clippy::too_many_arguments)] // each is a distinct fact of the one change
pub(crate) async fn activate(
    st: &AppState,
    tx: &mut Work<'_>,
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
        domain::method::StepKind::Method(method.kind),
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
        crate::services::mail::Notice::new("mail-notice-method-added")
            .method("method", method.kind)
            .text("label", &method.label),
    )
    .await?;
    let methods = store::mfa::list_confirmed(tx, account).await?;
    // This member may have been the last one an organization waited for.
    let waiting = enforcement::awaiting_auto_enforce(&store::orgs::of_account(tx, account).await?);
    enforcement::auto_enforce_if_due(tx, &waiting, now).await?;
    let view = views(&methods)
        .into_iter()
        .find(|v| v.id == id.as_str())
        .ok_or(AppError::NotFound("method"))?;
    tx.changed(account);
    Ok(Activated { view, codes })
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
    let mut tx = Work::begin(st).await?;
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
    Ok((activated.view, activated.codes))
}
