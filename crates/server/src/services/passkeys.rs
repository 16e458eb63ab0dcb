//! Signing in with a passkey alone: no email, no password, no second step. The browser offers
//! the passkeys it holds for this site (a discoverable credential names its account: the user
//! handle is the account id), and one answer with user verification is two factors at once.
//!
//! The challenge is handed out sealed: the challenge id carries webauthn-rs's ceremony state,
//! encrypted and authenticated under the master key (`secrets`), with its expiry. Asking for one
//! writes nothing, so a caller who is not signed in cannot fill the database by asking; the
//! first answer records it as used (`passkey_challenge_used`), so each is answered once.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use domain::audit::AuditAction;
use domain::{MethodKind, UserId, throttle};
use store::accounts::Account;
use time::OffsetDateTime;
use webauthn_rs::prelude::{
    DiscoverableAuthentication, PublicKeyCredential, RequestChallengeResponse, WebauthnError,
};

use crate::error::{AppError, AppResult};
use crate::services::sessions::{self, Caller, SignedIn};
use crate::services::throttle::too_many;
use crate::services::webauthn::{CEREMONY_TTL, internal, keys_of, relying_party, seal_key};
use crate::services::work::Work;
use crate::services::{audit, mail};
use crate::state::AppState;

/// What the sealed challenge is bound to: it opens as nothing else, and nothing else opens as it.
const SEALED_FOR: &[u8] = b"passkey-sign-in";

/// The ceremony state inside a challenge id.
#[derive(serde::Serialize, serde::Deserialize)]
struct Challenge {
    /// What the challenge is known by once answered: random, inside the sealed value, so that
    /// the same challenge re-encoded (another form of the sealed bytes) is still the same one.
    id: String,
    state: DiscoverableAuthentication,
    /// Unix milliseconds.
    expires_at: i64,
}

/// A challenge opened: its id, state and expiry.
struct Opened {
    id: String,
    state: DiscoverableAuthentication,
    expires_at: OffsetDateTime,
}

/// A passkey sign-in's challenge: its id, the options for `navigator.credentials.get()` (no
/// allowed credentials: the browser offers every passkey it holds for this site), its expiry.
pub struct Started {
    pub challenge_id: String,
    pub options: RequestChallengeResponse,
    pub expires_at: OffsetDateTime,
}

/// Starts a passkey sign-in.
///
/// # Errors
/// `WebauthnUnavailable` when the relying party is not configured.
pub fn start(st: &AppState) -> AppResult<Started> {
    let rp = relying_party(st)?;
    let (options, state) = rp
        .start_discoverable_authentication()
        .map_err(|e| AppError::internal_from("webauthn", e))?;
    let expires_at = st.clock.now() + CEREMONY_TTL;
    let json = serde_json::to_vec(&Challenge {
        id: domain::SecretToken::generate()?.hash().as_str().to_owned(),
        state,
        expires_at: unix_ms(expires_at),
    })
    .map_err(internal("passkey challenge"))?;
    let sealed = st
        .sealer
        .seal(&json, SEALED_FOR)
        .map_err(|e| AppError::internal_from("sealing a passkey challenge", e))?;
    Ok(Started {
        challenge_id: URL_SAFE_NO_PAD.encode(sealed),
        options,
        expires_at,
    })
}

fn unix_ms(t: OffsetDateTime) -> i64 {
    i64::try_from(t.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX)
}

/// An answer to a passkey sign-in's challenge, parsed before anything is counted.
pub struct Answer {
    pub challenge_id: String,
    pub credential: PublicKeyCredential,
    pub caller: Caller,
}

impl Answer {
    /// # Errors
    /// `Validation` for a missing challenge id, or a missing or malformed credential.
    pub fn parse(
        challenge_id: Option<String>,
        credential: Option<serde_json::Value>,
        caller: Caller,
    ) -> AppResult<Self> {
        let challenge_id = challenge_id.ok_or_else(|| {
            domain::ValidationError::because("challenge_id", domain::error::Invalid::Required)
        })?;
        Ok(Self {
            challenge_id,
            credential: crate::services::webauthn::assertion(credential)?,
            caller,
        })
    }
}

/// Signs in with a passkey's answer.
///
/// # Errors
/// `InvalidCode` for any answer that does not sign in (unknown, used or expired challenge, a
/// credential that is not a passkey of the account it names, a bad signature, no user
/// verification, another site's frame); `TooManyAttempts` while the source is throttled.
pub async fn sign_in(st: &AppState, answer: Answer) -> AppResult<SignedIn> {
    let signed_in = check(st, answer).await;
    crate::observe::sign_in(match &signed_in {
        Ok(s) => s.state.as_str(),
        Err(e) => e.code().as_str(),
    });
    signed_in
}

/// Why an answer was refused, for the audit log only: the caller learns just `invalid_code`.
enum Refused {
    Challenge,
    Account,
    Credential,
    Framed,
    Signature,
    /// The counter went backwards: the holder is told.
    Cloned(Box<Account>, domain::MethodId),
    /// Removed, or used by another answer, between the check and its record.
    Changed,
}

impl Refused {
    fn detail(&self) -> &'static str {
        match self {
            Self::Challenge => "passkey: unknown, used or expired challenge",
            Self::Account => "passkey: no such account",
            Self::Credential => "passkey: not a passkey of the account named",
            Self::Framed => "passkey: answered in another site's frame",
            Self::Signature => "passkey: the answer does not verify",
            Self::Cloned(..) => "passkey: signature counter went backwards",
            Self::Changed => "passkey: removed or used meanwhile",
        }
    }
}

/// An answer that verified, and what its use changes.
struct Proof {
    account: Account,
    kinds: Vec<MethodKind>,
    orgs: Vec<store::orgs::OrgOfMember>,
    method: domain::MethodId,
    seen: Vec<u8>,
    sealed: Option<Vec<u8>>,
    flags: Option<store::mfa::WebauthnFlags>,
}

async fn check(st: &AppState, answer: Answer) -> AppResult<SignedIn> {
    let rp = relying_party(st)?;
    let now = st.clock.now();
    let source = answer
        .caller
        .ip
        .as_deref()
        .and_then(|ip| ip.parse().ok())
        .map(throttle::source_key);
    // The same per-source counter as password sign-ins: one that guessed passwords is not let
    // to try answers either. No account's counter is charged: the account an answer names is
    // its own claim, and a forged answer cannot be guessed into a valid signature.
    let mut c = st.store.read().await?;
    if let Some(key) = &source {
        let counter = store::throttle::get(&mut c, key).await?;
        if let Some(wait) = counter.and_then(|c| st.sign_in_limits.source.retry_after(&c, now)) {
            return Err(too_many(wait));
        }
    }
    // Checked before the write transaction: reading and the signature's arithmetic do not hold
    // up other writers. What the check read is then confirmed inside it (the challenge unused,
    // the account there, the credential unchanged).
    let challenge = open_challenge(st, &answer.challenge_id, now);
    let used = challenge.as_ref().map(|c| (c.id.clone(), c.expires_at));
    let proved = match challenge {
        Some(opened) => prove(st, rp, &mut c, &answer, opened.state).await?,
        None => Err(Refused::Challenge),
    };
    drop(c);
    let checked = Checked {
        answer,
        source,
        used,
        proved,
        now,
    };
    let st2 = st.clone();
    st.write_thread
        .run(async move { commit(&st2, checked).await })
        .await
}

/// An answer checked before its write transaction, with what that transaction needs.
struct Checked {
    answer: Answer,
    source: Option<String>,
    /// The challenge's id and expiry, when it opened.
    used: Option<(String, OffsetDateTime)>,
    proved: Result<Proof, Refused>,
    now: OffsetDateTime,
}

/// Records a checked answer: the challenge used and the credential's use, then the session; or
/// the refusal. On SQLite this runs on the writing thread (`write_thread`).
async fn commit(st: &AppState, checked: Checked) -> AppResult<SignedIn> {
    let Checked {
        answer,
        source,
        used,
        proved,
        now,
    } = checked;
    let mut tx = Work::begin(st).await?;
    let fresh = match &used {
        Some((id, at)) => store::webauthn::use_sign_in_challenge(&mut tx, id, *at).await?,
        None => false,
    };
    let outcome = match proved {
        // An answer to a used challenge is a replay (or a retry), whatever else it shows: a
        // counter it no longer beats is no sign of a copied key then.
        _ if !fresh => Err(Refused::Challenge),
        Ok(proof) => record(&mut tx, proof, now).await?,
        Err(why) => Err(why),
    };
    let proof = match outcome {
        Ok(proof) => proof,
        Err(why) => {
            if let Refused::Cloned(account, method) = &why {
                cloned(&mut tx, account, method, now).await?;
            }
            refuse(st, &mut tx, &answer, source.as_deref(), &why, now).await?;
            tx.commit().await?;
            return Err(AppError::InvalidCode);
        }
    };
    let account = &proof.account;
    let proved = sessions::Proved {
        account,
        kinds: proof.kinds,
        orgs: &proof.orgs,
    };
    let mut signed_in = sessions::open_proved(st, &mut tx, &answer.caller, proved, now).await?;
    tx.commit().await?;
    // A browser that signed in to this account is known to it from now on, as after a password.
    let known = answer
        .caller
        .known_device
        .as_deref()
        .and_then(|c| domain::known_device::verify(st.key.bytes(), &account.email, c));
    if known.is_none() {
        signed_in.known_device = Some(domain::known_device::issue(st.key.bytes(), &account.email)?);
    }
    Ok(signed_in)
}

/// Records a proof's use: the account still there and able to sign in, the credential still
/// confirmed and unchanged since it was read.
async fn record(
    tx: &mut Work<'_>,
    proof: Proof,
    now: OffsetDateTime,
) -> AppResult<Result<Proof, Refused>> {
    if !store::accounts::hold(tx, &proof.account.id).await? {
        return Ok(Err(Refused::Account));
    }
    let used = store::mfa::KeyUse {
        id: &proof.method,
        seen: &proof.seen,
        sealed: proof.sealed.as_deref(),
        flags: proof.flags,
    };
    if !store::mfa::record_key_use(tx, &used, now).await? {
        return Ok(Err(Refused::Changed));
    }
    Ok(Ok(proof))
}

/// Checks the answer against the challenge's state and the passkeys of the account its user
/// handle names; reads only.
async fn prove(
    st: &AppState,
    rp: &webauthn_rs::Webauthn,
    c: &mut store::ReadConn,
    answer: &Answer,
    state: DiscoverableAuthentication,
) -> AppResult<Result<Proof, Refused>> {
    let Ok((handle, _)) = rp.identify_discoverable_authentication(&answer.credential) else {
        return Ok(Err(Refused::Account));
    };
    let id = UserId::from_trusted(handle.hyphenated().to_string());
    let account = match store::accounts::find_by_id(c, &id).await? {
        Some(a) if a.verified => a,
        _ => return Ok(Err(Refused::Account)),
    };
    let methods = store::mfa::list_confirmed(c, &account.id).await?;
    let orgs = store::orgs::of_account(c, &account.id).await?;
    let read = (account, methods, orgs);
    check_answer(st, rp, &answer.credential, state, read)
}

/// Checks the answer against the challenge's state and the account's passkeys.
fn check_answer(
    st: &AppState,
    rp: &webauthn_rs::Webauthn,
    credential: &PublicKeyCredential,
    state: DiscoverableAuthentication,
    (account, methods, orgs): (
        Account,
        Vec<store::mfa::Method>,
        Vec<store::orgs::OrgOfMember>,
    ),
) -> AppResult<Result<Proof, Refused>> {
    let passkeys: Vec<_> = methods
        .iter()
        .filter(|m| m.webauthn.passkey)
        .cloned()
        .collect();
    let Some((method, mut key)) = keys_of(st, &passkeys)?
        .into_iter()
        .find(|(_, k)| k.cred_id() == &credential.raw_id)
    else {
        return Ok(Err(Refused::Credential));
    };
    // webauthn-rs checks `crossOrigin` only at registration, and `topOrigin` never.
    if !crate::webauthn::same_origin_ceremony(&credential.response.client_data_json) {
        return Ok(Err(Refused::Framed));
    }
    let result = match rp.finish_discoverable_authentication_v2(credential, state, &key) {
        // The library requires user verification for this ceremony; checked again here, since
        // without it a passkey alone would be one factor.
        Ok(r) if r.user_verified() => r,
        Err(WebauthnError::CredentialPossibleCompromise) => {
            return Ok(Err(Refused::Cloned(Box::new(account), method)));
        }
        Ok(_) | Err(_) => return Ok(Err(Refused::Signature)),
    };
    let Some(stored) = passkeys.iter().find(|m| m.id == method) else {
        return Ok(Err(Refused::Credential));
    };
    let seen = stored.secret.clone().unwrap_or_default();
    let reported = store::mfa::WebauthnFlags {
        backup_eligible: result.backup_eligible(),
        backed_up: result.backup_state(),
        ..stored.webauthn
    };
    let sealed = if key.update_credential(&result) == Some(true) {
        Some(seal_key(st, &account.id, &method, &key)?)
    } else {
        None
    };
    Ok(Ok(Proof {
        kinds: methods.iter().map(|m| m.kind).collect(),
        orgs,
        account,
        method,
        seen,
        sealed,
        flags: (reported != stored.webauthn).then_some(reported),
    }))
}

/// The challenge inside a challenge id, if it opens and has not expired.
fn open_challenge(st: &AppState, challenge_id: &str, now: OffsetDateTime) -> Option<Opened> {
    let sealed = URL_SAFE_NO_PAD.decode(challenge_id).ok()?;
    let json = st.sealer.open(&sealed, SEALED_FOR).ok()?;
    let challenge: Challenge = serde_json::from_slice(&json).ok()?;
    let expires_at =
        OffsetDateTime::from_unix_timestamp_nanos(i128::from(challenge.expires_at) * 1_000_000)
            .ok()?;
    (expires_at > now).then_some(Opened {
        id: challenge.id,
        state: challenge.state,
        expires_at,
    })
}

/// A passkey whose signature counter went backwards may have been copied (WebAuthn §6.1.1):
/// refused, audited, and the holder told, as at the second step.
async fn cloned(
    tx: &mut Work<'_>,
    account: &Account,
    method: &domain::MethodId,
    now: OffsetDateTime,
) -> AppResult<()> {
    let event = audit::account_event(
        Some(&account.id),
        AuditAction::WebauthnPossiblyCloned,
        Some(method.as_str()),
        None,
        None,
        now,
    );
    audit::record(tx, &event).await?;
    mail::notice(
        tx,
        &account.email,
        &mail::Notice::new("mail-notice-key-cloned"),
        now,
    )
    .await?;
    Ok(())
}

/// A refused answer: audited (with no actor, since the account it names is its own claim) and
/// charged to its source's counter.
async fn refuse(
    st: &AppState,
    tx: &mut Work<'_>,
    answer: &Answer,
    source: Option<&str>,
    why: &Refused,
    now: OffsetDateTime,
) -> AppResult<()> {
    // A credential used by another answer meanwhile is a race the holder lost, not a guess.
    if let Some(key) = source.filter(|_| !matches!(why, Refused::Changed)) {
        let reset_before = st.sign_in_limits.source.reset_before(now);
        store::throttle::record_failure(tx, key, now, reset_before).await?;
    }
    let event = audit::account_event(
        None,
        AuditAction::SignInFailed,
        None,
        answer.caller.ip.as_deref(),
        Some(why.detail()),
        now,
    );
    audit::record(tx, &event).await?;
    Ok(())
}

/// Whether to offer a passkey now, after a second step passed with a code from an app or a
/// text: once per account (recorded as it is decided), never to one that has a passkey, not to
/// someone an organization still asks to set up a factor (that comes first), and only where
/// passkeys can be added.
///
/// # Errors
/// On database failure.
pub async fn offer_after_step(
    st: &AppState,
    auth: &crate::services::signed_in::Authenticated,
    passed_with: domain::method::StepKind,
) -> AppResult<bool> {
    use domain::method::StepKind;
    let by_code = matches!(
        passed_with,
        StepKind::Method(MethodKind::Totp | MethodKind::Sms)
    );
    if !by_code || st.webauthn.is_err() || st.webauthn_attestation.is_some() {
        return Ok(false);
    }
    let session = &auth.session;
    let policies = crate::services::signed_in::OrgPolicies::of(&auth.orgs);
    let now = st.clock.now();
    if !domain::access::unmet(
        &session.methods,
        session.credential(),
        &policies.refs(),
        now,
    )
    .is_empty()
    {
        return Ok(false);
    }
    let account = &session.account_id;
    let mut c = st.store.read().await?;
    if !store::accounts::passkey_offer_due(&mut c, account).await? {
        return Ok(false);
    }
    drop(c);
    let mut tx = Work::begin(st).await?;
    let offered = store::accounts::offer_passkey(&mut tx, account, now).await?;
    tx.commit().await?;
    Ok(offered)
}
