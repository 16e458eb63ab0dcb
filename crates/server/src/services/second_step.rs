//! The second step of sign-in (and re-authentication on an active session): one attempt
//! limiter for every kind of code, each TOTP step accepted once, each recovery code once.

use domain::audit::AuditAction;
use domain::method::StepKind;
use domain::network::DeviceNetworks;
use domain::recovery::RecoveryCode;
use domain::session::SessionClock;
use domain::throttle::{self, Refusal, Scope};
use domain::totp::{self, TotpCode};
use domain::{MethodId, MethodKind, SecretToken, SessionState, ValidationError};
use store::audit::NewEvent;
use store::mfa::Method;
use time::{Duration, OffsetDateTime};

use crate::error::{AppError, AppResult};
use crate::services::factors::{open_totp, recovery_code_hash};
use crate::services::signed_in::Authenticated;
use crate::services::throttle::{Counters, Key, too_many};
use crate::services::work::Work;
use crate::services::{audit, devices, mail, push, sms, webauthn};
use crate::state::AppState;

/// A second-step attempt, as sent.
pub struct Attempt {
    pub kind: StepKind,
    pub method_id: Option<MethodId>,
    pub code: Option<String>,
    /// With a security key: the ceremony and the authenticator's answer.
    pub challenge_id: Option<String>,
    pub credential: Option<serde_json::Value>,
    /// Remember the browser, anywhere or on this network only.
    pub remember_device: Option<DeviceNetworks>,
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
        let id = attempt.challenge_id.as_deref().ok_or_else(|| {
            ValidationError::because("challenge_id", domain::error::Invalid::Required)
        })?;
        let id = domain::PushChallengeId::parse(id).map_err(|_| {
            ValidationError::because("challenge_id", domain::error::Invalid::NotChallengeId)
        })?;
        return Ok(Code::Push(id));
    }
    let raw = attempt
        .code
        .as_deref()
        .ok_or_else(|| ValidationError::because("code", domain::error::Invalid::Required))?;
    match kind {
        // A push device also shows codes, for when it is offline.
        StepKind::Method(MethodKind::Totp | MethodKind::Push) => {
            Ok(Code::Totp(TotpCode::parse(raw)?))
        }
        StepKind::Method(MethodKind::Sms) => Ok(Code::Sms(domain::sms::SmsCode::parse(raw)?)),
        StepKind::RecoveryCode => Ok(Code::Recovery(RecoveryCode::parse(raw)?)),
        StepKind::Method(_) | StepKind::Passkey => {
            Err(ValidationError::because("type", domain::error::Invalid::NoSuchMethod).into())
        }
    }
}

/// Ends the sign-in of `auth` inside `tx` when it is still pending (a re-authenticating active
/// session is left alone: its holder already passed a second factor).
async fn end_pending(tx: &mut Work<'_>, auth: &Authenticated) -> AppResult<bool> {
    if auth.session.state == SessionState::MfaPending {
        store::sessions::delete(tx, &auth.session.id).await?;
        tx.changed_session(&auth.session.token_hash);
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
                    ValidationError::because("type", domain::error::Invalid::TypeMismatch).into(),
                );
            }
            vec![m]
        }
        None => methods.into_iter().filter(|m| m.kind == kind).collect(),
    };
    if chosen.is_empty() {
        return Err(ValidationError::because("type", domain::error::Invalid::NoSuchMethod).into());
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
    tx: &mut Work<'_>,
    auth: &Authenticated,
    code: &Code,
    methods: &[Method],
    now: OffsetDateTime,
) -> AppResult<Option<Matched>> {
    let account = &auth.session.account_id;
    match code {
        Code::Totp(code) => try_totp(st, tx, auth, code, methods, now).await,
        Code::Webauthn(assertion) => try_key(st, tx, auth, assertion, now).await,
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

/// Tries a TOTP code against each candidate method; a right code for a step already used is a
/// replay, refused, audited and told to the holder.
async fn try_totp(
    st: &AppState,
    tx: &mut Work<'_>,
    auth: &Authenticated,
    code: &TotpCode,
    methods: &[Method],
    now: OffsetDateTime,
) -> AppResult<Option<Matched>> {
    let account = &auth.session.account_id;
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
            &mail::Notice::new("mail-notice-totp-replayed"),
            now,
        )
        .await?;
        audit::record(
            tx,
            &audit::account_event(
                Some(account),
                AuditAction::TotpReplayed,
                Some(m.id.as_str()),
                None,
                None,
                now,
            ),
        )
        .await?;
    }
    Ok(None)
}

/// Checks a security key's assertion; a key whose signature counter went backwards is refused,
/// audited and told to the holder.
async fn try_key(
    st: &AppState,
    tx: &mut Work<'_>,
    auth: &Authenticated,
    assertion: &webauthn::Assertion,
    now: OffsetDateTime,
) -> AppResult<Option<Matched>> {
    let account = &auth.session.account_id;
    match webauthn::check_assertion(st, tx, auth, assertion, now).await? {
        webauthn::Checked::Passed(_) => Ok(Some(Matched::Method)),
        webauthn::Checked::Failed => Ok(None),
        webauthn::Checked::PossiblyCloned(id) => {
            // A signature counter that goes backwards means two copies of the key's
            // secret are in use (WebAuthn §6.1.1): refused, audited, the holder told.
            audit::record(
                tx,
                &audit::account_event(
                    Some(account),
                    AuditAction::WebauthnPossiblyCloned,
                    Some(id.as_str()),
                    None,
                    None,
                    now,
                ),
            )
            .await?;
            mail::notice(
                tx,
                &auth.session.email,
                &mail::Notice::new("mail-notice-key-cloned"),
                now,
            )
            .await?;
            Ok(None)
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

/// The second step's counters, in this order: the account's, the sign-in's, the source's.
const ACCOUNT: usize = 0;
const SIGN_IN: usize = 1;

fn keys(st: &AppState, auth: &Authenticated, attempt: &Attempt, now: OffsetDateTime) -> Vec<Key> {
    let limits = st.mfa_limits;
    let mut keys = vec![
        Key {
            name: throttle::mfa_account_key(&auth.session.account_id),
            reset_before: limits.account.reset_before(now),
        },
        // A sign-in lives minutes; its counter never needs to reset.
        Key {
            name: throttle::mfa_session_key(&auth.session.id),
            reset_before: now - Duration::days(365),
        },
    ];
    keys.extend(
        attempt
            .ip
            .as_deref()
            .and_then(|ip| ip.parse().ok())
            .map(|ip| Key {
                name: throttle::source_key_for(Scope::Mfa, ip),
                reset_before: limits.source.reset_before(now),
            }),
    );
    keys
}

/// Checks a second-step code for the session `auth`.
///
/// # Errors
/// `Validation` for malformed input; `NotFound` for a method id that is not the account's;
/// `InvalidCode`; `TooManyAttempts` (the sign-in is ended when its limit or the account's lock
/// is reached).
pub async fn verify(st: &AppState, auth: &Authenticated, attempt: Attempt) -> AppResult<Passed> {
    let method = attempt.kind.as_str();
    let passed = check_code(st, auth, attempt).await;
    crate::observe::second_step(
        method,
        passed
            .as_ref()
            .map_or_else(|e| e.code().as_str(), |_| "passed"),
    );
    passed
}

async fn check_code(st: &AppState, auth: &Authenticated, attempt: Attempt) -> AppResult<Passed> {
    let code = parse_code(&attempt)?;
    let now = st.clock.now();
    let mut tx = Work::begin(st).await?;
    // The counters stay locked until the commit: concurrent attempts on one account decide one
    // after another, each seeing the failures before it.
    let counters = Counters::lock(&mut tx, keys(st, auth, &attempt, now), now).await?;
    let (Some(account), Some(sign_in)) = (counters.found(ACCOUNT), counters.found(SIGN_IN)) else {
        return Err(AppError::internal("second-step counters missing"));
    };
    let pending = auth.session.state == SessionState::MfaPending;
    match st
        .mfa_limits
        .refusal(account, sign_in, counters.found(2), pending, now)
    {
        None => {}
        Some(Refusal::Wait(wait)) => return Err(too_many(wait)),
        Some(Refusal::Ended(wait)) => {
            end_pending(&mut tx, auth).await?;
            tx.changed_session(&auth.session.token_hash);
            tx.commit().await?;
            return Err(too_many(wait));
        }
    }
    let methods = store::mfa::list_confirmed(&mut tx, &auth.session.account_id).await?;
    // An approval may come from another signed-in session, also for an account without a
    // push device: it names its challenge, not a method.
    let methods = if matches!(code, Code::Push(_)) {
        Vec::new()
    } else {
        candidates(methods, &attempt)?
    };
    let Some(matched) = try_code(st, &mut tx, auth, &code, &methods, now).await? else {
        return fail(st, tx, auth, &counters, attempt.ip.as_deref(), now).await;
    };
    // A success forgets the account's and the sign-in's failures.
    counters.forget(&mut tx, ACCOUNT, false).await?;
    counters.forget(&mut tx, SIGN_IN, false).await?;
    let passed = pass(st, &mut tx, auth, &attempt, &matched, now).await?;
    tx.commit().await?;
    Ok(passed)
}

/// Passes the step: the session becomes a full one under a new token, the step is audited (a
/// recovery code's use told to the holder), and the browser remembered when asked.
async fn pass(
    st: &AppState,
    tx: &mut Work<'_>,
    auth: &Authenticated,
    attempt: &Attempt,
    matched: &Matched,
    now: OffsetDateTime,
) -> AppResult<Passed> {
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
    let tokens = (&auth.session.token_hash, &token_hash);
    let factor = passed_kind(attempt, matched);
    if !store::sessions::pass_second_factor(tx, &auth.session.id, &clock, now, tokens, factor)
        .await?
    {
        // The session ended while this request was on its way (signed out, ended by a limit,
        // or by a password change), or a concurrent step passed first and replaced the token
        // this request came with: nothing is consumed, nothing is remembered.
        return Err(AppError::Unauthenticated);
    }
    tx.changed_session(&auth.session.token_hash);
    if let Matched::ApprovedBySession { verified_at } = matched {
        // As recent as the approver's own factor, never fresher: an old session must not mint
        // a fresh second factor (for sensitive changes) for another.
        let at = (*verified_at).min(now);
        store::sessions::set_mfa_verified_at(tx, &auth.session.id, at).await?;
    }
    record_pass(tx, auth, attempt, matched, now).await?;
    // Remembering a browser on another session's word would let that session's age be reset.
    let by_session = matches!(matched, Matched::ApprovedBySession { .. });
    let device = match attempt.remember_device {
        Some(networks) if !by_session => {
            let from = (attempt.ip.as_deref(), attempt.user_agent.as_deref());
            devices::remember(st, tx, auth, from, networks, now).await?
        }
        _ => None,
    };
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

/// Audits a passed step; a recovery code's use is also told to the holder.
/// What the step was passed with: the kind attempted, or a recovery code.
fn passed_kind(attempt: &Attempt, matched: &Matched) -> StepKind {
    match matched {
        Matched::Method | Matched::ApprovedBySession { .. } => attempt.kind,
        Matched::RecoveryCode { .. } => StepKind::RecoveryCode,
    }
}

async fn record_pass(
    tx: &mut Work<'_>,
    auth: &Authenticated,
    attempt: &Attempt,
    matched: &Matched,
    now: OffsetDateTime,
) -> AppResult<()> {
    let ip = attempt.ip.as_deref();
    let detail = passed_kind(attempt, matched).as_str();
    let passed = event(auth, AuditAction::MfaStepSucceeded, Some(detail), ip, now);
    audit::record(tx, &passed).await?;
    if let Matched::RecoveryCode { left } = matched {
        let used = event(auth, AuditAction::RecoveryCodeUsed, None, ip, now);
        audit::record(tx, &used).await?;
        mail::notice(
            tx,
            &auth.session.email,
            &mail::Notice::new("mail-notice-recovery-code-used").count("left", *left),
            now,
        )
        .await?;
    }
    Ok(())
}

/// Counts a failed attempt and answers it; ends the sign-in at its limit or the account's lock.
async fn fail(
    st: &AppState,
    mut tx: Work<'_>,
    auth: &Authenticated,
    counters: &Counters,
    ip: Option<&str>,
    now: OffsetDateTime,
) -> AppResult<Passed> {
    let limits = st.mfa_limits;
    let after = counters.charge(&mut tx, now).await?;
    let (Some(account), Some(sign_in)) = (after.get(ACCOUNT), after.get(SIGN_IN)) else {
        return Err(AppError::internal("second-step counters missing"));
    };
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
            &mail::Notice::new("mail-notice-second-step-locked")
                .count("failures", account.failures),
            now,
        )
        .await?;
    }
    let ended = if locked || sign_in.failures >= limits.per_sign_in {
        end_pending(&mut tx, auth).await?
    } else {
        false
    };
    if locked {
        tx.changed_session(&auth.session.token_hash);
    }
    let wait = limits.account.retry_after(account, now);
    tx.commit().await?;
    if ended || locked {
        return Err(too_many(wait.unwrap_or(Duration::SECOND)));
    }
    Err(AppError::InvalidCode)
}
