//! Push approval: enrolling an authenticator device (a one-time code the device takes up with
//! its Ed25519 key; it gets a TOTP secret for offline codes, and the holder confirms it with
//! one), holding a sign-in for approval with number matching, and the answers of devices
//! (signed) and of the account's other signed-in browser sessions.

use domain::audit::AuditAction;
use domain::method::parse_label;
use domain::push::may_approve;
use domain::push::{self, Answer, DeviceKey, Numbers, Outcome};
use domain::totp::TotpSecret;
use domain::{MethodId, MethodKind, PushChallengeId, SecretToken, UserId};
use store::audit::NewEvent;
use store::mfa::NewPending;
use store::push::{Challenge, NewChallenge};
use time::{Duration, OffsetDateTime};

use crate::error::{AppError, AppResult};
use crate::services::factors::{
    insert_enrollment, open_totp, pending_until, qr_svg, secret_owner, verify_code,
};
use crate::services::signed_in::Authenticated;
use crate::services::work::Work;
use crate::services::{audit, mail};
use crate::state::AppState;

/// A started device enrollment: the one-time code the device is given (as a link and its QR
/// code).
pub struct Enrollment {
    pub id: MethodId,
    pub code: SecretToken,
    pub uri: String,
    pub qr_svg: String,
    pub expires_at: OffsetDateTime,
}

/// The link an authenticator takes its enrollment from: the server and the one-time code.
pub fn enrollment_uri(public_url: &str, code: &str) -> String {
    format!("twofold-push://enroll?server={public_url}&code={code}")
}

/// Starts adding an authenticator device: a pending method with a fresh TOTP secret, and a
/// one-time code for the device to enroll with.
///
/// # Errors
/// `ReauthenticationRequired`; `Validation` for a bad label.
pub async fn start_enrollment(
    st: &AppState,
    auth: &Authenticated,
    label: Option<&str>,
) -> AppResult<Enrollment> {
    let label = match label {
        Some(l) => parse_label(l)?,
        None => "Authenticator device".to_owned(),
    };
    let now = st.clock.now();
    let account = &auth.session.account_id;
    let id = MethodId::generate();
    let secret = TotpSecret::generate()?;
    let sealed = st
        .sealer
        .seal(secret.expose(), &secret_owner(account, &id))?;
    let code = SecretToken::generate()?;
    let uri = enrollment_uri(&st.public_url, code.expose());
    let qr_svg = qr_svg(&uri)?;
    let expires_at = pending_until(st, now);

    let mut tx = Work::begin(st).await?;
    insert_enrollment(
        st,
        &mut tx,
        auth,
        &NewPending {
            id: &id,
            account_id: account,
            kind: MethodKind::Push,
            label: &label,
            secret: &sealed,
            expires_at,
        },
        now,
    )
    .await?;
    store::push::insert_pending(&mut tx, &id, account, code.hash().as_str(), expires_at, now)
        .await?;
    tx.commit().await?;
    Ok(Enrollment {
        id,
        code,
        uri,
        qr_svg,
        expires_at,
    })
}

/// What a device gets when it enrolls.
pub struct DeviceEnrolled {
    pub device_id: MethodId,
    /// Its access token, shown once.
    pub token: SecretToken,
    pub totp_secret: TotpSecret,
    pub email: String,
}

/// A device takes up an enrollment code with its public key (once). The holder then confirms
/// it with a code the device shows.
///
/// # Errors
/// `NotFound` for an unknown, used or expired code; `Validation` for a bad name.
pub async fn device_enroll(
    st: &AppState,
    code: &str,
    key: &DeviceKey,
    name: Option<&str>,
) -> AppResult<DeviceEnrolled> {
    let code = SecretToken::parse(code).ok_or(AppError::NotFound("enrollment code"))?;
    let name = name.map(parse_label).transpose()?;
    let now = st.clock.now();
    let token = SecretToken::generate()?;
    let mut tx = Work::begin(st).await?;
    let enrolled = store::push::enroll(
        &mut tx,
        code.hash().as_str(),
        token.hash().as_str(),
        &key.encode(),
        now,
    )
    .await?
    .ok_or(AppError::NotFound("enrollment code"))?;
    let method = store::mfa::find(&mut tx, &enrolled.account_id, &enrolled.method_id)
        .await?
        .filter(|m| !m.confirmed && m.pending_expires_at.is_some_and(|t| t > now))
        .ok_or(AppError::NotFound("enrollment code"))?;
    if let Some(name) = &name {
        store::mfa::set_label(&mut tx, &method.id, name).await?;
    }
    let account = store::accounts::find_by_id(&mut tx, &enrolled.account_id)
        .await?
        .ok_or(AppError::NotFound("enrollment code"))?;
    let totp_secret = open_totp(st, &method)?;
    tx.commit().await?;
    Ok(DeviceEnrolled {
        device_id: method.id,
        token,
        totp_secret,
        email: account.email.as_str().to_owned(),
    })
}

/// Where a sign-in comes from, as its approver is shown.
#[derive(Debug, Clone, Copy, Default)]
pub struct Origin<'a> {
    pub ip: Option<&'a str>,
    pub user_agent: Option<&'a str>,
    /// The approximate place a trusted proxy told.
    pub place: Option<&'a str>,
}

/// A sign-in held for approval.
pub struct Started {
    pub id: PushChallengeId,
    pub number: u8,
    pub expires_at: OffsetDateTime,
}

/// Holds the sign-in of `auth` for approval by one of the account's devices or another of its
/// signed-in browser sessions, with a fresh number to match.
///
/// # Errors
/// `Validation` when nothing could approve it; `TooManyAttempts` after a "this wasn't me" or too
/// many pushes this hour.
pub async fn start_challenge(
    st: &AppState,
    auth: &Authenticated,
    from: &Origin<'_>,
) -> AppResult<Started> {
    let Origin {
        ip,
        user_agent,
        place,
    } = *from;
    let now = st.clock.now();
    let account = &auth.session.account_id;
    let mut tx = Work::begin(st).await?;
    // Concurrent sign-ins of one account count their pushes one after another.
    store::accounts::lock(&mut tx, account)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    if !approvable(&mut tx, auth, now).await? {
        return Err(
            domain::ValidationError::because("type", domain::error::Invalid::NoApprover).into(),
        );
    }
    let (last_hour, reported) = store::push::recent(&mut tx, account, now - Duration::HOUR).await?;
    push::may_push(last_hour, reported, now).map_err(|wait| AppError::TooManyAttempts {
        retry_after: domain::throttle::retry_after_secs(wait),
    })?;
    let numbers = Numbers::generate()?;
    let id = PushChallengeId::generate();
    let expires_at = now + st.config.mfa.push_ttl();
    store::push::insert_challenge(
        &mut tx,
        &NewChallenge {
            id: &id,
            account_id: account,
            session_id: &auth.session.id,
            number: numbers.shown,
            choices: &numbers.choices_text(),
            ip,
            user_agent,
            place,
            expires_at,
        },
        now,
    )
    .await?;
    tx.woke_push();
    tx.commit().await?;
    crate::observe::push_held();
    Ok(Started {
        id,
        number: numbers.shown,
        expires_at,
    })
}

/// Whether a sign-in of `auth`'s account could be approved by push: it has a confirmed device,
/// or another signed-in browser session that passed a second factor.
async fn approvable(
    a: &mut impl store::Access,
    auth: &Authenticated,
    now: OffsetDateTime,
) -> AppResult<bool> {
    let account = &auth.session.account_id;
    let has_device = store::mfa::list_confirmed(a, account)
        .await?
        .iter()
        .any(|m| m.kind == MethodKind::Push);
    if has_device {
        return Ok(true);
    }
    let others = store::sessions::others_of_account(a, account, &auth.session.id, now).await?;
    Ok(others
        .iter()
        .any(|s| may_approve(s.client, s.state, s.aal, s.verified_itself)))
}

/// [`approvable`], for the second step's page to offer push or not.
///
/// # Errors
/// On database failure.
pub async fn available(st: &AppState, auth: &Authenticated) -> AppResult<bool> {
    let mut c = st.store.read().await?;
    approvable(&mut c, auth, st.clock.now()).await
}

/// A sign-in's own held push, as it waits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Held {
    /// The number it shows.
    pub number: u8,
    /// Not answered, replaced or expired yet: ask again. Otherwise the second step decides.
    pub pending: bool,
}

/// The push `id` that the sign-in of `auth` holds, if it is its own.
///
/// # Errors
/// On database failure.
pub async fn held(
    st: &AppState,
    auth: &Authenticated,
    id: &PushChallengeId,
) -> AppResult<Option<Held>> {
    let mut c = st.store.read().await?;
    let found = store::push::find(&mut c, &auth.session.account_id, id).await?;
    let now = st.clock.now();
    Ok(found
        .filter(|ch| ch.session_id == auth.session.id)
        .map(|ch| Held {
            number: ch.number,
            pending: ch.status == store::push::Status::Pending && ch.expires_at > now,
        }))
}

/// The second step's check: the approved challenge `id` of this sign-in, used once. `None`
/// when there is none; with a session's approval, when that session last passed a factor.
///
/// # Errors
/// On database failure.
pub async fn take_approved(
    st: &AppState,
    tx: &mut Work<'_>,
    auth: &Authenticated,
    id: &PushChallengeId,
) -> AppResult<Option<store::push::Approval>> {
    let now = st.clock.now();
    // The approval may come at the last moment; the sign-in has as long again to notice it.
    let since = now - st.config.mfa.push_ttl();
    let approval =
        store::push::take_approved(tx, &auth.session.account_id, &auth.session.id, id, since)
            .await?;
    if let Some(device) = approval.as_ref().and_then(|a| MethodId::parse(&a.by).ok()) {
        store::mfa::touch(tx, &device, now).await?;
    }
    Ok(approval)
}

/// Confirms an enrolled device with a code it shows (its TOTP secret reached only the device).
///
/// # Errors
/// `Validation` before the device enrolled; those of [`verify_code`].
pub async fn confirm(
    st: &AppState,
    auth: &Authenticated,
    id: &MethodId,
    code: &domain::totp::TotpCode,
    ip: Option<&str>,
) -> AppResult<(
    proto::mfa::MethodView,
    Option<Vec<domain::recovery::RecoveryCode>>,
)> {
    let enrolled = {
        let mut c = st.store.read().await?;
        store::push::is_enrolled(&mut c, id).await?
    };
    if !enrolled {
        return Err(
            domain::ValidationError::because("code", domain::error::Invalid::NotEnrolled).into(),
        );
    }
    verify_code(st, auth, id, MethodKind::Push, code, ip).await
}

/// A held sign-in as an approver sees it: where and when it comes from, and the choices.
pub struct Request {
    pub challenge: Challenge,
    pub choices: Vec<u8>,
}

fn requests(challenges: Vec<Challenge>) -> Vec<Request> {
    challenges
        .into_iter()
        .map(|c| Request {
            choices: Numbers::parse_choices(&c.choices),
            challenge: c,
        })
        .collect()
}

/// The device that holds `token`, confirmed by its holder.
async fn device_of(
    a: &mut impl store::Access,
    token: &SecretToken,
) -> AppResult<store::push::Device> {
    let device = store::push::by_token(a, token.hash().as_str())
        .await?
        .ok_or(AppError::Unauthenticated)?;
    if !device.confirmed {
        return Err(AppError::Forbidden(
            "confirm this device first: type the code it shows on the security page",
        ));
    }
    Ok(device)
}

/// The sign-ins the device's account has waiting; with `wait`, holds the request until one
/// comes or the wait is over (every node re-reads each second; this node's new sign-ins wake it
/// at once).
///
/// # Errors
/// `Unauthenticated` for an unknown token; `Forbidden` for a device not yet confirmed.
pub async fn device_requests(
    st: &AppState,
    token: &SecretToken,
    wait: std::time::Duration,
) -> AppResult<Vec<Request>> {
    let deadline = tokio::time::Instant::now() + wait;
    let account = {
        let mut c = st.store.read().await?;
        device_of(&mut c, token).await?.account_id
    };
    loop {
        let woken = st.push_wake.notified();
        let pending = {
            let mut c = st.store.read().await?;
            store::push::pending_for(&mut c, &account, st.clock.now()).await?
        };
        let now = tokio::time::Instant::now();
        if !pending.is_empty() || now >= deadline {
            return Ok(requests(pending));
        }
        // Woken by any node's new sign-in when this node hears them; else look again each second.
        let nap = if st.fanout_live.load(std::sync::atomic::Ordering::Acquire) {
            deadline - now
        } else {
            (deadline - now).min(std::time::Duration::from_secs(1))
        };
        let _ = tokio::time::timeout(nap, woken).await;
    }
}

/// The sign-ins waiting for the account of `auth`, other than its own.
///
/// # Errors
/// On database failure.
pub async fn session_requests(st: &AppState, auth: &Authenticated) -> AppResult<Vec<Request>> {
    require_second_factor(auth)?;
    let mut c = st.store.read().await?;
    let pending =
        store::push::pending_for(&mut c, &auth.session.account_id, st.clock.now()).await?;
    Ok(requests(
        pending
            .into_iter()
            .filter(|ch| ch.session_id != auth.session.id)
            .collect(),
    ))
}

/// Who answers a held sign-in.
struct Answerer<'a> {
    account: &'a UserId,
    email: &'a domain::Email,
    /// The device (method id) or the session (`session:ID`).
    by: String,
    /// For a session: when it last passed a second factor itself.
    verified_at: Option<OffsetDateTime>,
}

/// Records an answer once; a report also tells the holder and pauses pushes.
async fn record_answer(
    st: &AppState,
    tx: &mut Work<'_>,
    who: &Answerer<'_>,
    challenge: &Challenge,
    answer: Answer,
) -> AppResult<Outcome> {
    let Answerer {
        account,
        email,
        by: answered_by,
        verified_at: approver_verified_at,
    } = who;
    let (account, email) = (*account, *email);
    let now = st.clock.now();
    let outcome = push::outcome(answer, challenge.number);
    if !store::push::answer(
        tx,
        account,
        &challenge.id,
        outcome,
        answered_by,
        *approver_verified_at,
        now,
    )
    .await?
    {
        return Err(AppError::PushChallengeInvalid);
    }
    audit::record(
        tx,
        &NewEvent {
            org_id: None,
            actor_id: Some(account),
            action: if outcome == Outcome::Reported {
                AuditAction::PushReported
            } else {
                AuditAction::PushAnswered
            },
            target: Some(challenge.id.as_str()),
            ip: challenge.ip.as_deref(),
            detail: Some(outcome.as_str()),
            at: now,
        },
    )
    .await?;
    if outcome == Outcome::Reported {
        let notice = match challenge.ip.as_deref() {
            Some(from) => mail::Notice::new("mail-notice-push-reported").text("from", from),
            None => mail::Notice::new("mail-notice-push-reported-unknown"),
        };
        mail::notice(tx, email, &notice, now).await?;
    }
    Ok(outcome)
}

/// A device's answer, signed with its key over the challenge and the answer.
///
/// # Errors
/// `Unauthenticated`; `Forbidden` (device not confirmed); `NotFound`; `InvalidSignature`;
/// `PushChallengeInvalid` for a challenge answered already (a replay), replaced or expired.
pub async fn device_answer(
    st: &AppState,
    token: &SecretToken,
    id: &PushChallengeId,
    answer: Answer,
    signature: &str,
) -> AppResult<Outcome> {
    let mut tx = Work::begin(st).await?;
    let device = device_of(&mut tx, token).await?;
    let challenge = store::push::find(&mut tx, &device.account_id, id)
        .await?
        .ok_or(AppError::NotFound("sign-in request"))?;
    let key = DeviceKey::parse(&device.public_key)
        .map_err(|e| AppError::internal_from("a stored device key does not parse", e))?;
    if !key.verifies(&answer.signed_message(id.as_str()), signature) {
        return Err(AppError::InvalidSignature);
    }
    let account = store::accounts::find_by_id(&mut tx, &device.account_id)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let who = Answerer {
        account: &device.account_id,
        email: &account.email,
        by: device.method_id.to_string(),
        verified_at: None,
    };
    let outcome = record_answer(st, &mut tx, &who, &challenge, answer).await?;
    tx.commit().await?;
    Ok(outcome)
}

/// An answer from another signed-in session of the account.
///
/// # Errors
/// `NotFound` for a challenge that is not the account's or is this session's own;
/// `PushChallengeInvalid` for one answered already, replaced or expired.
pub async fn session_answer(
    st: &AppState,
    auth: &Authenticated,
    id: &PushChallengeId,
    answer: Answer,
) -> AppResult<Outcome> {
    require_second_factor(auth)?;
    let account = &auth.session.account_id;
    let mut tx = Work::begin(st).await?;
    let challenge = store::push::find(&mut tx, account, id)
        .await?
        .filter(|c| c.session_id != auth.session.id)
        .ok_or(AppError::NotFound("sign-in request"))?;
    let who = Answerer {
        account,
        email: &auth.session.email,
        by: format!("session:{}", auth.session.id),
        verified_at: auth.session.mfa_verified_at,
    };
    let outcome = record_answer(st, &mut tx, &who, &challenge, answer).await?;
    tx.commit().await?;
    Ok(outcome)
}

/// Only a session [`may_approve`] says may stand in for a device answers sign-in requests: the
/// same rule [`approvable`] asks of the account's other sessions.
fn require_second_factor(auth: &Authenticated) -> AppResult<()> {
    let s = &auth.session;
    if may_approve(s.client, s.state, s.aal, s.mfa_verified_at.is_some()) {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "only a browser session that passed a second factor itself may approve sign-ins",
        ))
    }
}
