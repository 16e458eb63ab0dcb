//! SMS codes: adding a phone number as a second factor (proven by a code before it counts), and
//! the codes of the second step. Every text goes through the outbox in the transaction that
//! decides to send it, within the sending limits (per number, per account, for the server in an
//! hour), which are decided under one lock so that they hold across nodes.

use domain::method::parse_label;
use domain::phone::{AllowedCountries, PhoneNumber};
use domain::sms::{self, Decision, SmsCode};
use domain::{MethodId, MethodKind, OutboxId, SessionId, SmsChallengeId, UserId};
use proto::mfa::MethodView;
use store::mfa::{Method, NewPending};
use store::outbox::NewSms;
use store::sms::{Challenge, NewChallenge};
use subtle::ConstantTimeEq;
use time::OffsetDateTime;

use crate::error::{AppError, AppResult};
use crate::i18n::{Arg, Tr};
use crate::services::factors::{
    activate, insert_enrollment, pending_until, require_recent_second_factor, secret_owner,
};
use crate::services::signed_in::Authenticated;
use crate::services::work::Work;
use crate::state::AppState;
use domain::recovery::RecoveryCode;

/// A code sent.
pub struct Sent {
    pub challenge: SmsChallengeId,
    pub method: MethodId,
    /// The number, mostly hidden.
    pub phone: String,
    pub expires_at: OffsetDateTime,
}

/// The keyed hash a code is stored as, bound to its challenge: a code typed for another
/// challenge, or a row copied elsewhere, does not match.
fn code_hash(st: &AppState, challenge: &SmsChallengeId, code: &SmsCode) -> String {
    st.sealer
        .lookup_hash(format!("sms_code:{challenge}:{}", code.expose()).as_bytes())
}

/// The number as the sending limits count it: a keyed hash bound to the account, so that one
/// account's texts neither hold back another's nor tell it that the number just got one.
fn number_hash(st: &AppState, account: &UserId, number: &PhoneNumber) -> String {
    st.sealer
        .lookup_hash(format!("sms_number:{account}:{}", number.e164()).as_bytes())
}

/// The phone number of an SMS method, opened and checked against today's allow-list (an
/// operator may have removed its country since it was added).
fn number_of(st: &AppState, m: &Method, allowed: &AllowedCountries) -> AppResult<PhoneNumber> {
    let sealed = m
        .secret
        .as_deref()
        .ok_or_else(|| AppError::internal(format!("SMS method {} has no number", m.id)))?;
    let plain = st
        .sealer
        .open(sealed, &secret_owner(&m.account_id, &m.id))?;
    let e164 = std::str::from_utf8(&plain).map_err(|e| {
        AppError::internal_from(format!("SMS method {} number is not text", m.id), e)
    })?;
    Ok(PhoneNumber::parse(e164, allowed)?)
}

/// The text that carries a code, in the account's language (else the request's). With a domain
/// name, its last line follows the origin-bound one-time code format (`@id.example.org
/// #123456`), as [`sms::message`]'s does.
fn code_text(
    tr: &Tr,
    code: &SmsCode,
    issuer: &str,
    domain: Option<&str>,
    valid: time::Duration,
) -> String {
    let valid = if valid < time::Duration::minutes(2) {
        tr.n("sms-seconds", "count", valid.whole_seconds().max(1))
    } else {
        tr.n("sms-minutes", "count", valid.whole_minutes())
    };
    let mut text = tr.with(
        "sms-code",
        &[
            ("code", Arg::from(code.expose())),
            ("issuer", Arg::from(issuer)),
            ("valid", Arg::from(valid)),
        ],
    );
    if let Some(domain) = domain {
        text.push_str(&format!("\n\n@{domain} #{}", code.expose()));
    }
    text
}

/// Sends a fresh code to `number` for `method` (and, at sign-in, `session`), within the sending
/// limits; the code replaces the one that method and session had.
///
/// # Errors
/// `TooManyAttempts` (this number or account had enough for now); `SmsPaused` (the server's
/// hourly cap is reached).
async fn send_code(
    st: &AppState,
    tx: &mut Work<'_>,
    account: &UserId,
    method: &MethodId,
    number: &PhoneNumber,
    session: Option<&SessionId>,
    now: OffsetDateTime,
) -> AppResult<Sent> {
    let hash = number_hash(st, account, number);
    let purpose = if session.is_some() {
        sms::Purpose::SignIn
    } else {
        sms::Purpose::Enroll
    };
    store::sms::lock_sending(tx).await?;
    let history = store::sms::history(tx, &hash, account, now - sms::WINDOW).await?;
    match sms::decide(&st.config.sms.limits(), &history, purpose, now) {
        Decision::Send => {}
        Decision::Wait(wait) => {
            return Err(AppError::TooManyAttempts {
                retry_after: domain::throttle::retry_after_secs(wait),
            });
        }
        Decision::Paused(wait) => {
            tracing::warn!("the hourly SMS cap is reached: texts are paused");
            return Err(AppError::SmsPaused {
                retry_after: domain::throttle::retry_after_secs(wait),
            });
        }
    }
    let ttl = st.config.sms.code_ttl();
    let code = SmsCode::generate()?;
    let challenge = SmsChallengeId::generate();
    let expires_at = now + ttl;
    store::sms::replace_challenge(
        tx,
        &NewChallenge {
            id: &challenge,
            account_id: account,
            method_id: method,
            session_id: session,
            code_hash: &code_hash(st, &challenge, &code),
            expires_at,
        },
        now,
    )
    .await?;
    let outbox_id = OutboxId::generate();
    let chosen = store::accounts::find_by_id(tx, account)
        .await?
        .and_then(|a| a.locale);
    let tr = Tr::new(chosen.or_else(crate::i18n::chosen).unwrap_or_default());
    let text = code_text(
        &tr,
        &code,
        &st.config.mfa.issuer,
        st.sms_domain.as_deref(),
        ttl,
    );
    tx.queued();
    store::outbox::enqueue_sms(
        tx,
        &NewSms {
            id: outbox_id.as_str(),
            to: number.e164(),
            text: &text,
            expires_at,
        },
        now,
    )
    .await?;
    store::sms::record_send(tx, outbox_id.as_str(), &hash, account, purpose, now).await?;
    Ok(Sent {
        challenge,
        method: method.clone(),
        phone: number.masked(),
        expires_at,
    })
}

/// Which of `challenges` the typed code matches, compared in constant time.
fn matching<'c>(
    st: &AppState,
    challenges: &'c [Challenge],
    code: &SmsCode,
) -> Option<&'c Challenge> {
    challenges.iter().find(|c| {
        let expected = code_hash(st, &c.id, code);
        bool::from(expected.as_bytes().ct_eq(c.code_hash.as_bytes()))
    })
}

/// A started enrollment: the pending method and the code sent to it.
pub struct Enrollment {
    pub id: MethodId,
    /// The number as it will be used, in E.164.
    pub phone: String,
    pub sent: Sent,
}

/// Starts adding a phone number: a pending method holding the (sealed) number, and a code sent
/// to it.
///
/// # Errors
/// `Validation` for a number that is not a mobile number; `CountryNotAllowed`;
/// `ReauthenticationRequired`; the sending limits'.
pub async fn enroll(
    st: &AppState,
    auth: &Authenticated,
    phone: &str,
    label: Option<&str>,
) -> AppResult<Enrollment> {
    let number = PhoneNumber::parse(phone, &st.sms_countries)?;
    let label = match label {
        Some(l) => parse_label(l)?,
        None => format!("Phone {}", number.masked()),
    };
    let now = st.clock.now();
    let account = &auth.session.account_id;
    let id = MethodId::generate();
    let sealed = st
        .sealer
        .seal(number.e164().as_bytes(), &secret_owner(account, &id))?;
    let expires_at = pending_until(st, now);

    let mut tx = Work::begin(st).await?;
    insert_enrollment(
        st,
        &mut tx,
        auth,
        &NewPending {
            id: &id,
            account_id: account,
            kind: MethodKind::Sms,
            label: &label,
            secret: &sealed,
            expires_at,
        },
        now,
    )
    .await?;
    let sent = send_code(st, &mut tx, account, &id, &number, None, now).await?;
    tx.commit().await?;
    Ok(Enrollment {
        id,
        phone: number.e164().to_owned(),
        sent,
    })
}

/// A pending SMS enrollment of the account, with the account locked for the change.
async fn pending(
    tx: &mut Work<'_>,
    account: &UserId,
    id: &MethodId,
    now: OffsetDateTime,
) -> AppResult<(store::accounts::AccountLock, Method)> {
    let locked = crate::services::factors::lock_account(tx, account).await?;
    let method = store::mfa::find(tx, account, id)
        .await?
        .filter(|m| {
            m.kind == MethodKind::Sms
                && !m.confirmed
                && m.pending_expires_at.is_some_and(|t| t > now)
        })
        .ok_or(AppError::NotFound("pending enrollment"))?;
    Ok((locked, method))
}

/// Sends the enrollment's code again (the previous one stops working).
///
/// # Errors
/// `NotFound` for an unknown, verified or expired enrollment; the sending limits'.
pub async fn resend_enrollment(
    st: &AppState,
    auth: &Authenticated,
    id: &MethodId,
) -> AppResult<Sent> {
    let now = st.clock.now();
    let account = &auth.session.account_id;
    let mut tx = Work::begin(st).await?;
    let (_locked, method) = pending(&mut tx, account, id, now).await?;
    let number = number_of(st, &method, &st.sms_countries)?;
    let sent = send_code(st, &mut tx, account, id, &number, None, now).await?;
    tx.commit().await?;
    Ok(sent)
}

/// Proves a pending phone number with the code sent to it; the first method of an account also
/// gets recovery codes, and the session passes the second factor with it.
///
/// # Errors
/// `NotFound` for an unknown, verified or expired enrollment; `InvalidCode` (a code allows a few
/// wrong tries, then a new one must be sent); `ReauthenticationRequired`.
pub async fn verify_enrollment(
    st: &AppState,
    auth: &Authenticated,
    id: &MethodId,
    code: &SmsCode,
    ip: Option<&str>,
) -> AppResult<(MethodView, Option<Vec<RecoveryCode>>)> {
    let now = st.clock.now();
    let account = &auth.session.account_id;
    let mut tx = Work::begin(st).await?;
    let (locked, method) = pending(&mut tx, account, id, now).await?;
    let first = store::mfa::list_confirmed(&mut tx, account)
        .await?
        .is_empty();
    require_recent_second_factor(st, auth, !first, now)?;
    let challenges = store::sms::live(&mut tx, account, None, Some(id), now).await?;
    let Some(hit) = matching(st, &challenges, code) else {
        let ids: Vec<SmsChallengeId> = challenges.into_iter().map(|c| c.id).collect();
        store::sms::record_wrong(&mut tx, &ids, st.config.sms.max_attempts.max(1)).await?;
        tx.commit().await?;
        return Err(AppError::InvalidCode);
    };
    if !store::sms::take(&mut tx, &hit.id, now).await?
        || !store::mfa::confirm(&mut tx, id, 0, now).await?
    {
        return Err(AppError::InvalidCode);
    }
    let activated = activate(st, &mut tx, &locked, auth, &method, first, ip, now).await?;
    tx.commit().await?;
    Ok((activated.view, activated.codes))
}

/// Sends a code for the second step (or a re-authentication) of `auth`'s session, to the SMS
/// method `method` or, without one, to the account's default SMS method.
///
/// # Errors
/// `Validation` when the account has no SMS method; `NotFound` for a method that is not one of
/// its SMS methods; `CountryNotAllowed`; the sending limits'.
pub async fn send_for_sign_in(
    st: &AppState,
    auth: &Authenticated,
    method: Option<&MethodId>,
) -> AppResult<Sent> {
    let now = st.clock.now();
    let account = &auth.session.account_id;
    let mut tx = Work::begin(st).await?;
    let methods: Vec<Method> = store::mfa::list_confirmed(&mut tx, account)
        .await?
        .into_iter()
        .filter(|m| m.kind == MethodKind::Sms)
        .collect();
    let chosen = match method {
        Some(id) => methods
            .iter()
            .find(|m| &m.id == id)
            .ok_or(AppError::NotFound("method"))?,
        None => methods
            .iter()
            .find(|m| m.pinned)
            .or_else(|| methods.first())
            .ok_or_else(|| {
                domain::ValidationError::because("type", domain::error::Invalid::NoSuchMethod)
            })?,
    };
    let number = number_of(st, chosen, &st.sms_countries)?;
    let sent = send_code(
        st,
        &mut tx,
        account,
        &chosen.id,
        &number,
        Some(&auth.session.id),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(sent)
}

/// Checks a second-step code against the codes sent for this session to `methods`; a match is
/// taken once (of two concurrent requests with it, one wins). A miss counts against each code
/// waiting, which is void after its tries.
///
/// # Errors
/// On database failure.
pub async fn check_sign_in_code(
    st: &AppState,
    tx: &mut Work<'_>,
    auth: &Authenticated,
    code: &SmsCode,
    methods: &[Method],
    now: OffsetDateTime,
) -> AppResult<bool> {
    let account = &auth.session.account_id;
    let challenges: Vec<Challenge> =
        store::sms::live(tx, account, Some(&auth.session.id), None, now)
            .await?
            .into_iter()
            .filter(|c| methods.iter().any(|m| m.id == c.method_id))
            .collect();
    if let Some(hit) = matching(st, &challenges, code) {
        if store::sms::take(tx, &hit.id, now).await? {
            store::mfa::touch(tx, &hit.method_id, now).await?;
            return Ok(true);
        }
        return Ok(false);
    }
    let ids: Vec<SmsChallengeId> = challenges.into_iter().map(|c| c.id).collect();
    store::sms::record_wrong(tx, &ids, st.config.sms.max_attempts.max(1)).await?;
    Ok(false)
}
