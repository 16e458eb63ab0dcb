//! The second step of sign-in (and re-authentication on an active session): one attempt
//! limiter for every kind of code, each TOTP step accepted once, each recovery code once.

use domain::access;
use domain::audit::AuditAction;
use domain::method::StepKind;
use domain::recovery::RecoveryCode;
use domain::session::SessionClock;
use domain::throttle::{self, Counter, Scope, retry_after_secs};
use domain::totp::{self, TotpCode};
use domain::{DeviceId, MethodId, MethodKind, SecretToken, SessionState, ValidationError};
use store::audit::NewEvent;
use store::devices::NewDevice;
use store::mfa::Method;
use store::{Access, Tx};
use time::{Duration, OffsetDateTime};

use crate::error::{AppError, AppResult};
use crate::services::mfa::{OrgPolicies, open_totp, recovery_code_hash};
use crate::services::sessions::Authenticated;
use crate::services::{audit, mail};
use crate::services::{push, sms, webauthn};
use crate::state::AppState;

/// A second-step attempt, as sent.
pub struct Attempt {
    pub kind: StepKind,
    pub method_id: Option<MethodId>,
    pub code: Option<String>,
    /// With a security key: the ceremony and the authenticator's answer.
    pub challenge_id: Option<String>,
    pub credential: Option<serde_json::Value>,
    pub remember_device: bool,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

/// A passed second step.
pub struct Passed {
    pub state: SessionState,
    /// The session's new token (the one the step was passed with no longer works).
    pub token: SecretToken,
    pub csrf_token: String,
    /// For a browser, the `Set-Cookie` lifetime of the new session cookie: `None` for a cookie
    /// that dies with the browser.
    pub cookie_max_age: Option<Duration>,
    /// The secret of the `twofold_device` cookie and how long it lasts, when remembered.
    pub device: Option<(SecretToken, Duration)>,
}

/// The code, parsed for its kind before anything is counted: malformed input is a 422, not a
/// failed attempt.
enum Code {
    Totp(TotpCode),
    Recovery(RecoveryCode),
    Webauthn(Box<webauthn::Assertion>),
    Sms(domain::sms::SmsCode),
    /// An approved push challenge (a device's or another session's approval).
    Push(domain::PushChallengeId),
}

fn parse_code(attempt: &Attempt) -> AppResult<Code> {
    let kind = attempt.kind;
    if kind == StepKind::Method(MethodKind::Webauthn) {
        return Ok(Code::Webauthn(Box::new(webauthn::Assertion::parse(
            attempt.challenge_id.as_deref(),
            attempt.credential.clone(),
        )?)));
    }
    if kind == StepKind::Method(MethodKind::Push) && attempt.code.is_none() {
        let id = attempt
            .challenge_id
            .as_deref()
            .ok_or_else(|| ValidationError::new("challenge_id", "is required"))?;
        let id = domain::PushChallengeId::parse(id)
            .map_err(|_| ValidationError::new("challenge_id", "is not a challenge id"))?;
        return Ok(Code::Push(id));
    }
    let raw = attempt
        .code
        .as_deref()
        .ok_or_else(|| ValidationError::new("code", "is required"))?;
    match kind {
        // A push device also shows codes, for when it is offline.
        StepKind::Method(MethodKind::Totp | MethodKind::Push) => {
            Ok(Code::Totp(TotpCode::parse(raw)?))
        }
        StepKind::Method(MethodKind::Sms) => Ok(Code::Sms(domain::sms::SmsCode::parse(raw)?)),
        StepKind::RecoveryCode => Ok(Code::Recovery(RecoveryCode::parse(raw)?)),
        StepKind::Method(_) => Err(ValidationError::new(
            "type",
            "no method of this type is set up on this account",
        )
        .into()),
    }
}

/// The three counters one attempt is charged to.
struct Keys {
    session: String,
    account: String,
    source: Option<String>,
}

/// Why counting refused an attempt.
enum Refusal {
    /// Wait, the sign-in stays open.
    Wait(Duration),
    /// The sign-in is over (its own limit, or the account's second step is locked).
    Ended(Duration),
}

/// The counters as an attempt found them (after checking they allow it).
struct Found {
    account: Counter,
    session: Counter,
}

async fn check_counters(
    st: &AppState,
    tx: &mut Tx,
    keys: &Keys,
    pending: bool,
    now: OffsetDateTime,
) -> AppResult<Result<Found, Refusal>> {
    let limits = st.mfa_limits;
    let mut wanted = vec![keys.account.as_str(), keys.session.as_str()];
    wanted.extend(keys.source.as_deref());
    let mut counters = store::throttle::lock_all(tx, &wanted, now)
        .await?
        .into_iter();
    let (Some(account), Some(session)) = (counters.next(), counters.next()) else {
        return Err(AppError::internal("counters missing"));
    };
    let source = counters.next();
    let account_wait = limits.account.retry_after(&account, now);
    if let Some(wait) = account_wait.filter(|_| limits.locks(account.failures)) {
        return Ok(Err(Refusal::Ended(wait)));
    }
    if pending && session.failures >= limits.per_sign_in {
        return Ok(Err(Refusal::Ended(
            account_wait.unwrap_or(Duration::SECOND),
        )));
    }
    let source_wait = source
        .as_ref()
        .and_then(|c| limits.source.retry_after(c, now));
    match account_wait.max(source_wait) {
        Some(wait) => Ok(Err(Refusal::Wait(wait))),
        None => Ok(Ok(Found { account, session })),
    }
}

/// Charges a failure to every counter; returns the account's and the sign-in's counts.
async fn record_failure(
    st: &AppState,
    tx: &mut Tx,
    keys: &Keys,
    now: OffsetDateTime,
) -> AppResult<(Counter, Counter)> {
    let limits = st.mfa_limits;
    let account =
        store::throttle::record_failure(tx, &keys.account, now, limits.account.reset_before(now))
            .await?;
    // A sign-in lives minutes; its counter never needs to reset.
    let session =
        store::throttle::record_failure(tx, &keys.session, now, now - Duration::days(365)).await?;
    if let Some(k) = &keys.source {
        store::throttle::record_failure(tx, k, now, limits.source.reset_before(now)).await?;
    }
    Ok((account, session))
}

/// Ends the sign-in of `auth` inside `tx` when it is still pending (a re-authenticating active
/// session is left alone: its holder already passed a second factor).
async fn end_pending(tx: &mut Tx, auth: &Authenticated) -> AppResult<bool> {
    if auth.session.state == SessionState::MfaPending {
        store::sessions::delete(tx, &auth.session.id).await?;
        return Ok(true);
    }
    Ok(false)
}

/// Which of the account's methods the attempt may match.
fn candidates(methods: Vec<Method>, attempt: &Attempt) -> AppResult<Vec<Method>> {
    let StepKind::Method(kind) = attempt.kind else {
        return Ok(Vec::new());
    };
    let chosen: Vec<Method> = match &attempt.method_id {
        Some(id) => {
            let m = methods
                .into_iter()
                .find(|m| &m.id == id)
                .ok_or(AppError::NotFound("method"))?;
            if m.kind != kind {
                return Err(
                    ValidationError::new("type", "does not match the method's type").into(),
                );
            }
            vec![m]
        }
        None => methods.into_iter().filter(|m| m.kind == kind).collect(),
    };
    if chosen.is_empty() {
        return Err(ValidationError::new(
            "type",
            "no method of this type is set up on this account",
        )
        .into());
    }
    Ok(chosen)
}

/// What a code matched.
enum Matched {
    Method,
    RecoveryCode {
        left: u32,
    },
    /// A push approved by another session of the account, which passed its own second factor
    /// at `verified_at`.
    ApprovedBySession {
        verified_at: OffsetDateTime,
    },
}

/// Tries the code; `None` when it does not match (or was already used).
async fn try_code(
    st: &AppState,
    tx: &mut Tx,
    auth: &Authenticated,
    code: &Code,
    methods: &[Method],
    now: OffsetDateTime,
) -> AppResult<Option<Matched>> {
    let account = &auth.session.account_id;
    match code {
        Code::Totp(code) => {
            for m in methods {
                let secret = open_totp(st, m)?;
                let Some(step) = totp::verify(&secret, code, now) else {
                    continue;
                };
                if store::mfa::accept_step(tx, &m.id, step, now).await? {
                    return Ok(Some(Matched::Method));
                }
                // A right code for a step already used: a replay, perhaps of a phished code
                // (OWASP ASVS V2.8.4: reuse is logged and the holder told).
                mail::notice(
                    tx,
                    &auth.session.email,
                    "A code from your authenticator app was used twice",
                    "A sign-in to your twofold account offered a code from your authenticator \
                     app that had already been used, and it was refused. If you did not just \
                     submit the same code twice, someone may have seen or phished your code and \
                     knows your password: change your password.",
                    now,
                )
                .await?;
                audit::record(
                    tx,
                    &NewEvent {
                        org_id: None,
                        actor_id: Some(account),
                        action: AuditAction::TotpReplayed,
                        target: Some(m.id.as_str()),
                        ip: None,
                        detail: None,
                        at: now,
                    },
                )
                .await?;
            }
            Ok(None)
        }
        Code::Webauthn(assertion) => {
            match webauthn::check_assertion(st, tx, auth, assertion, now).await? {
                webauthn::Checked::Passed(_) => Ok(Some(Matched::Method)),
                webauthn::Checked::Failed => Ok(None),
                webauthn::Checked::PossiblyCloned(id) => {
                    // A signature counter that goes backwards means two copies of the key's
                    // secret are in use (WebAuthn §6.1.1): refused, audited, the holder told.
                    audit::record(
                        tx,
                        &NewEvent {
                            org_id: None,
                            actor_id: Some(account),
                            action: AuditAction::WebauthnPossiblyCloned,
                            target: Some(id.as_str()),
                            ip: None,
                            detail: None,
                            at: now,
                        },
                    )
                    .await?;
                    mail::notice(
                        tx,
                        &auth.session.email,
                        "One of your security keys may have been copied",
                        "A sign-in to your twofold account used one of your security keys, but \
                         the key's signature counter went backwards: another copy of the key may \
                         exist. The sign-in was refused. Remove that key from your account's \
                         security page and register a new one.",
                        now,
                    )
                    .await?;
                    Ok(None)
                }
            }
        }
        Code::Push(id) => {
            Ok(push::take_approved(st, tx, auth, id)
                .await?
                .map(|a| match a.approver_verified_at {
                    Some(at) => Matched::ApprovedBySession { verified_at: at },
                    None => Matched::Method,
                }))
        }
        Code::Sms(code) => Ok(sms::check_sign_in_code(st, tx, auth, code, methods, now)
            .await?
            .then_some(Matched::Method)),
        Code::Recovery(code) => {
            let hash = recovery_code_hash(st, account, code);
            if store::mfa::use_recovery_code(tx, account, &hash, now).await? {
                let left = store::mfa::recovery_codes_left(tx, account).await?;
                Ok(Some(Matched::RecoveryCode { left }))
            } else {
                Ok(None)
            }
        }
    }
}

fn event<'a>(
    auth: &'a Authenticated,
    action: AuditAction,
    detail: Option<&'a str>,
    ip: Option<&'a str>,
    at: OffsetDateTime,
) -> NewEvent<'a> {
    NewEvent {
        org_id: None,
        actor_id: Some(&auth.session.account_id),
        action,
        target: Some(auth.session.id.as_str()),
        ip,
        detail,
        at,
    }
}

/// Checks a second-step code for the session `auth`.
///
/// # Errors
/// `Validation` for malformed input; `NotFound` for a method id that is not the account's;
/// `InvalidCode`; `TooManyAttempts` (the sign-in is ended when its limit or the account's lock
/// is reached).
pub async fn verify(st: &AppState, auth: &Authenticated, attempt: Attempt) -> AppResult<Passed> {
    let code = parse_code(&attempt)?;
    let account = &auth.session.account_id;
    let keys = Keys {
        session: throttle::mfa_session_key(&auth.session.id),
        account: throttle::mfa_account_key(account),
        source: attempt
            .ip
            .as_deref()
            .and_then(|ip| ip.parse().ok())
            .map(|ip| throttle::source_key_for(Scope::Mfa, ip)),
    };
    let ip = attempt.ip.as_deref();
    let now = st.clock.now();
    let mut tx = st.store.begin().await?;

    // The counters stay locked until the commit: concurrent attempts on one account decide one
    // after another, each seeing the failures before it.
    let pending = auth.session.state == SessionState::MfaPending;
    let found = match check_counters(st, &mut tx, &keys, pending, now).await? {
        Ok(found) => found,
        Err(Refusal::Wait(wait)) => {
            return Err(AppError::TooManyAttempts {
                retry_after: retry_after_secs(wait),
            });
        }
        Err(Refusal::Ended(wait)) => {
            end_pending(&mut tx, auth).await?;
            tx.commit().await?;
            st.sessions.evict(&auth.session.token_hash);
            return Err(AppError::TooManyAttempts {
                retry_after: retry_after_secs(wait),
            });
        }
    };

    let methods = store::mfa::list_confirmed(&mut tx, account).await?;
    // An approval may come from another signed-in session, also for an account without a
    // push device: it names its challenge, not a method.
    let methods = if matches!(code, Code::Push(_)) {
        Vec::new()
    } else {
        candidates(methods, &attempt)?
    };
    let Some(matched) = try_code(st, &mut tx, auth, &code, &methods, now).await? else {
        return fail(st, tx, auth, &keys, ip, now).await;
    };

    // A success forgets the account's and the sign-in's failures. (Only counters that hold
    // failures are written: the common success writes nothing here.)
    if found.account.failures > 0 {
        store::throttle::clear(&mut tx, &keys.account).await?;
    }
    if found.session.failures > 0 {
        store::throttle::clear(&mut tx, &keys.session).await?;
    }
    let clock = if auth.session.state == SessionState::MfaPending {
        // The short-lived pending sign-in becomes a full session from now.
        let lifetime = st
            .lifetimes
            .for_sign_in(auth.session.client, auth.session.remember);
        SessionClock::start(now, lifetime)
    } else {
        auth.session.clock
    };
    // A rise in assurance issues a new token: whoever saw the pending (or older) one, in a log,
    // a proxy or over a shoulder, is not upgraded with it.
    let token = SecretToken::generate()?;
    let token_hash = token.hash();
    if !store::sessions::pass_second_factor(
        &mut tx,
        &auth.session.id,
        &clock,
        now,
        (&auth.session.token_hash, &token_hash),
    )
    .await?
    {
        // The session ended while this request was on its way (signed out, ended by a limit,
        // or by a password change), or a concurrent step passed first and replaced the token
        // this request came with: nothing is consumed, nothing is remembered.
        return Err(AppError::Unauthenticated);
    }
    if let Matched::ApprovedBySession { verified_at } = matched {
        // As recent as the approver's own factor, never fresher: an old session must not mint
        // a fresh second factor (for sensitive changes) for another.
        store::sessions::set_mfa_verified_at(&mut tx, &auth.session.id, verified_at.min(now))
            .await?;
    }
    let kind = match &matched {
        Matched::Method | Matched::ApprovedBySession { .. } => attempt.kind,
        Matched::RecoveryCode { .. } => StepKind::RecoveryCode,
    };
    let detail = match kind {
        StepKind::Method(k) => k.as_str(),
        StepKind::RecoveryCode => "recovery_code",
    };
    audit::record(
        &mut tx,
        &event(auth, AuditAction::MfaStepSucceeded, Some(detail), ip, now),
    )
    .await?;
    if let Matched::RecoveryCode { left } = &matched {
        audit::record(
            &mut tx,
            &event(auth, AuditAction::RecoveryCodeUsed, None, ip, now),
        )
        .await?;
        mail::notice(
            &mut tx,
            &auth.session.email,
            "A recovery code was used to sign in",
            &format!(
                "A recovery code was used to sign in to your twofold account. Each code works \
                 once; {left} of your codes are left. If you lost your second factor, set up a \
                 new one and create new recovery codes."
            ),
            now,
        )
        .await?;
    }
    // Remembering a browser on another session's word would let that session's age be reset.
    let by_session = matches!(matched, Matched::ApprovedBySession { .. });
    let device = if attempt.remember_device && !by_session {
        remember_device(st, &mut tx, auth, &attempt, now).await?
    } else {
        None
    };
    tx.commit().await?;
    st.outbox_wake.notify_one();
    st.sessions.evict(&auth.session.token_hash);
    Ok(Passed {
        state: SessionState::Active,
        csrf_token: domain::token::csrf_token(st.key.bytes(), &token_hash),
        token,
        cookie_max_age: auth
            .session
            .remember
            .then(|| clock.absolute_expires_at - now),
        device,
    })
}

/// Counts a failed attempt and answers it; ends the sign-in at its limit or the account's lock.
async fn fail(
    st: &AppState,
    mut tx: Tx,
    auth: &Authenticated,
    keys: &Keys,
    ip: Option<&str>,
    now: OffsetDateTime,
) -> AppResult<Passed> {
    let limits = st.mfa_limits;
    let (account, session) = record_failure(st, &mut tx, keys, now).await?;
    audit::record(
        &mut tx,
        &event(auth, AuditAction::MfaStepFailed, None, ip, now),
    )
    .await?;
    let locked = limits.locks(account.failures);
    let locked_now = locked && !limits.locks(account.failures.saturating_sub(1));
    if locked_now {
        audit::record(&mut tx, &event(auth, AuditAction::MfaLocked, None, ip, now)).await?;
        mail::notice(
            &mut tx,
            &auth.session.email,
            "Your second step is locked after too many wrong codes",
            &format!(
                "Someone who knows your password entered {} wrong second-factor codes in a row, \
                 so the second step of signing in to your twofold account is locked for now. \
                 If this was not you, change your password at once: it is known to someone else.",
                account.failures
            ),
            now,
        )
        .await?;
    }
    let ended = if locked || session.failures >= limits.per_sign_in {
        end_pending(&mut tx, auth).await?
    } else {
        false
    };
    tx.commit().await?;
    st.outbox_wake.notify_one();
    if ended || locked {
        st.sessions.evict(&auth.session.token_hash);
        let wait = limits
            .account
            .retry_after(&account, now)
            .unwrap_or(Duration::SECOND);
        return Err(AppError::TooManyAttempts {
            retry_after: retry_after_secs(wait),
        });
    }
    Err(AppError::InvalidCode)
}

/// Remembers the browser, when every organization of the account allows it: a random token in
/// the cookie, its hash in the database, for the shortest validity any policy allows.
async fn remember_device(
    st: &AppState,
    tx: &mut Tx,
    auth: &Authenticated,
    attempt: &Attempt,
    now: OffsetDateTime,
) -> AppResult<Option<(SecretToken, Duration)>> {
    let orgs = store::orgs::of_account(tx, &auth.session.account_id).await?;
    let policies = OrgPolicies::of(&orgs);
    let refs = policies.refs();
    if !access::remembered_device_allowed(&refs, now, now) {
        return Ok(None);
    }
    let days = refs
        .iter()
        .map(|o| o.policy.remembered_device_days)
        .fold(st.config.mfa.remembered_device_days.min(365), u32::min)
        .max(1);
    let lifetime = Duration::days(i64::from(days));
    let token = SecretToken::generate()?;
    let id = DeviceId::generate();
    let label = attempt
        .user_agent
        .as_deref()
        .map(|ua| {
            ua.chars()
                .take(domain::method::LABEL_MAX)
                .collect::<String>()
        })
        .filter(|ua| !ua.trim().is_empty())
        .unwrap_or_else(|| "Unknown browser".to_owned());
    store::devices::insert(
        tx,
        &NewDevice {
            id: &id,
            account_id: &auth.session.account_id,
            token_hash: &token.hash(),
            label: &label,
            ip: attempt.ip.as_deref(),
            expires_at: now + lifetime,
        },
        now,
    )
    .await?;
    audit::record(
        tx,
        &NewEvent {
            org_id: None,
            actor_id: Some(&auth.session.account_id),
            action: AuditAction::DeviceRemembered,
            target: Some(id.as_str()),
            ip: attempt.ip.as_deref(),
            detail: None,
            at: now,
        },
    )
    .await?;
    mail::notice(
        tx,
        &auth.session.email,
        "A browser will skip the second step",
        &format!(
            "A browser ({label}) was remembered on your twofold account: signing in from it \
             skips the second step for {days} days. You can forget it from your account's \
             security page."
        ),
        now,
    )
    .await?;
    Ok(Some((token, lifetime)))
}

/// The remembered device a sign-in's `twofold_device` cookie names, if it is this account's,
/// unexpired, and still allowed by every organization's policy to stand in for the second step.
///
/// # Errors
/// On database failure.
pub async fn device_for_sign_in(
    a: &mut impl Access,
    account: &domain::UserId,
    device_token: Option<&str>,
    now: OffsetDateTime,
) -> AppResult<Option<(DeviceId, OffsetDateTime)>> {
    let Some(token) = device_token.and_then(SecretToken::parse) else {
        return Ok(None);
    };
    let Some(device) = store::devices::use_device(a, account, &token.hash(), now).await? else {
        return Ok(None);
    };
    let orgs = store::orgs::of_account(a, account).await?;
    let policies = OrgPolicies::of(&orgs);
    let allowed = access::remembered_device_allowed(&policies.refs(), device.created_at, now);
    Ok(allowed.then_some((device.id, device.created_at)))
}
