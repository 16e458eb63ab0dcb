//! Security keys and passkeys (WebAuthn) through webauthn-rs: registering one as a second
//! factor, and the challenge of the second step. Each ceremony's state waits in the database
//! (any node may finish what another started), expires within minutes, and is taken once.

use std::sync::Arc;

use domain::method::parse_label;
use domain::{CeremonyId, MethodId, MethodKind, UserId};
use proto::mfa::MethodView;
use store::mfa::{Method, NewPending};
use store::webauthn::{NewCeremony, Purpose};
use time::{Duration, OffsetDateTime};
use webauthn_rs::Webauthn;
use webauthn_rs::prelude::{
    AuthenticationResult, CreationChallengeResponse, Passkey, PasskeyRegistration,
    PublicKeyCredential, RegisterPublicKeyCredential, RequestChallengeResponse, SecurityKey,
    SecurityKeyAuthentication, SecurityKeyRegistration, Uuid, WebauthnError,
};
use webauthn_rs_core::proto::{Credential, ResidentKeyRequirement};

use crate::error::{AppError, AppResult};
use crate::services::factors::{activate, require_recent_second_factor, secret_owner};
use crate::services::signed_in::Authenticated;
use crate::services::work::Work;
use crate::state::AppState;
use domain::recovery::RecoveryCode;

/// How long a ceremony waits for the authenticator.
pub const CEREMONY_TTL: Duration = Duration::minutes(5);

pub(crate) fn relying_party(st: &AppState) -> AppResult<&Arc<Webauthn>> {
    st.webauthn
        .as_ref()
        .map_err(|e| AppError::WebauthnUnavailable(e.to_string()))
}

pub(crate) fn internal(what: &str) -> impl Fn(serde_json::Error) -> AppError + '_ {
    move |e| AppError::internal_from(what.to_owned(), e)
}

/// The account's security keys, opened.
pub(crate) fn keys_of(
    st: &AppState,
    methods: &[Method],
) -> AppResult<Vec<(MethodId, SecurityKey)>> {
    methods
        .iter()
        .filter(|m| m.kind == MethodKind::Webauthn && m.confirmed)
        .map(|m| {
            let sealed = m
                .secret
                .as_deref()
                .ok_or_else(|| AppError::internal("security key without data"))?;
            let json = st
                .sealer
                .open(sealed, &secret_owner(&m.account_id, &m.id))
                .map_err(|e| AppError::internal_from("security key data does not open", e))?;
            let key: SecurityKey =
                serde_json::from_slice(&json).map_err(internal("security key data"))?;
            Ok((m.id.clone(), key))
        })
        .collect()
}

/// A registration under way. A security key's state is stored as it always was (a node of the
/// previous version may finish the ceremony); a passkey's is wrapped as `{"passkey": …}`.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(untagged)]
enum Registration {
    Passkey { passkey: PasskeyRegistration },
    SecurityKey(SecurityKeyRegistration),
}

/// What the registered credential is, from what its authenticator said. webauthn-rs keeps the
/// credential inside both key types and shows its backup flags only behind a "danger" feature;
/// both serialize as `{"cred": …}`, which is read back here.
fn flags_of(key: &impl serde::Serialize, passkey: bool) -> AppResult<store::mfa::WebauthnFlags> {
    #[derive(serde::Deserialize)]
    struct Stored {
        cred: Credential,
    }
    let stored: Stored = serde_json::to_value(key)
        .and_then(serde_json::from_value)
        .map_err(internal("credential"))?;
    Ok(store::mfa::WebauthnFlags {
        passkey,
        backup_eligible: stored.cred.backup_eligible,
        backed_up: stored.cred.backup_state,
    })
}

/// Both kinds are stored alike (`{"cred": …}`), and opened as security keys for the second step.
pub(crate) fn seal_key(
    st: &AppState,
    account: &UserId,
    id: &MethodId,
    key: &impl serde::Serialize,
) -> AppResult<Vec<u8>> {
    let json = serde_json::to_vec(key).map_err(internal("security key"))?;
    st.sealer
        .seal(&json, &secret_owner(account, id))
        .map_err(|e| AppError::internal_from("sealing a security key", e))
}

/// The user handle WebAuthn stores on the authenticator: the account id when it is a UUID
/// (twofold's ids are), otherwise one derived from it.
fn user_handle(account: &UserId) -> Uuid {
    use sha2::{Digest, Sha256};
    Uuid::parse_str(account.as_str()).unwrap_or_else(|_| {
        let digest = Sha256::digest(account.as_str().as_bytes());
        let mut bytes = [0u8; 16];
        bytes.copy_from_slice(&digest[..16]);
        Uuid::from_bytes(bytes)
    })
}

/// The options for `navigator.credentials.create()` and the ceremony's state: a passkey, or a
/// security key.
fn registration_options(
    st: &AppState,
    rp: &Webauthn,
    account: &UserId,
    email: &str,
    exclude: Vec<webauthn_rs::prelude::CredentialID>,
    passkey: bool,
) -> AppResult<(CreationChallengeResponse, Registration)> {
    Ok(if passkey {
        let (mut options, state) = rp
            .start_passkey_registration(user_handle(account), email, email, Some(exclude))
            .map_err(|e| AppError::internal_from("webauthn", e))?;
        // Discoverable, so that it can later sign in before anyone says who they are.
        // webauthn-rs leaves residency to the authenticator; the answer cannot prove it either
        // way (credProps is the browser's word), so a passkey that is not discoverable simply
        // cannot start a sign-in on its own.
        if let Some(s) = options.public_key.authenticator_selection.as_mut() {
            s.resident_key = Some(ResidentKeyRequirement::Required);
            s.require_resident_key = true;
        }
        (options, Registration::Passkey { passkey: state })
    } else {
        let (mut options, state) = rp
            .start_securitykey_registration(
                user_handle(account),
                email,
                email,
                Some(exclude),
                st.webauthn_attestation.clone(),
                None,
            )
            .map_err(|e| AppError::internal_from("webauthn", e))?;
        // webauthn-rs asks security keys for credProtect "userVerificationRequired" (not
        // enforced) while user verification is only preferred; Chromium refuses that
        // combination outright (NotSupportedError: "inconsistent … protection policy"). Not
        // asking keeps the key's own default; the library does not require the answer.
        if let Some(ext) = options.public_key.extensions.as_mut() {
            ext.cred_protect = None;
        }
        (options, Registration::SecurityKey(state))
    })
}

/// Starts registering a security key or passkey: the options for `navigator.credentials.create`.
///
/// # Errors
/// `WebauthnUnavailable`; `Validation` for a bad label; `ReauthenticationRequired`.
pub async fn start_registration(
    st: &AppState,
    auth: &Authenticated,
    label: Option<&str>,
    passkey: bool,
) -> AppResult<(CeremonyId, CreationChallengeResponse, OffsetDateTime)> {
    let rp = relying_party(st)?;
    if passkey && st.webauthn_attestation.is_some() {
        // Only keys attested by the configured makers may be added, and passkeys (synced ones
        // above all) come with no attestation to check.
        return Err(AppError::WebauthnRejected(
            "this server accepts only attested security keys, not passkeys".to_owned(),
        ));
    }
    let label = match label {
        Some(l) => parse_label(l)?,
        None if passkey => "Passkey".to_owned(),
        None => "Security key".to_owned(),
    };
    let now = st.clock.now();
    let account = &auth.session.account_id;
    let mut tx = Work::begin(st).await?;
    let methods = store::mfa::list_confirmed(&mut tx, account).await?;
    require_recent_second_factor(st, auth, !methods.is_empty(), now)?;
    let exclude = keys_of(st, &methods)?
        .iter()
        .map(|(_, k)| k.cred_id().clone())
        .collect::<Vec<_>>();
    let (options, state) = registration_options(
        st,
        rp,
        account,
        auth.session.email.as_str(),
        exclude,
        passkey,
    )?;
    let id = CeremonyId::generate();
    let expires_at = now + CEREMONY_TTL;
    store::webauthn::insert(
        &mut tx,
        &NewCeremony {
            id: &id,
            account_id: account,
            session_id: Some(&auth.session.id),
            purpose: Purpose::Register,
            label: &label,
            state: &serde_json::to_string(&state).map_err(internal("registration state"))?,
            expires_at,
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok((id, options, expires_at))
}

/// A registered credential, of either kind (stored alike: `{"cred": …}`).
#[derive(serde::Serialize)]
#[serde(untagged)]
enum Key {
    Passkey(Passkey),
    SecurityKey(SecurityKey),
}

/// Finishes registering: the authenticator's answer is checked against the ceremony (once),
/// and the key becomes one of the account's second factors.
///
/// # Errors
/// `WebauthnCeremonyInvalid` for an unknown, used or expired ceremony; `WebauthnRejected` for
/// an answer that does not verify (wrong origin, wrong challenge, malformed); `Validation` for
/// an answer that is not a credential at all.
pub async fn finish_registration(
    st: &AppState,
    auth: &Authenticated,
    ceremony: &CeremonyId,
    credential: serde_json::Value,
    ip: Option<&str>,
) -> AppResult<(MethodView, Option<Vec<RecoveryCode>>)> {
    let rp = relying_party(st)?;
    let credential: RegisterPublicKeyCredential =
        serde_json::from_value(credential).map_err(|_| {
            domain::ValidationError::because("credential", domain::error::Invalid::NotCredential)
        })?;
    let now = st.clock.now();
    let account = &auth.session.account_id;
    let mut tx = Work::begin(st).await?;
    let locked = crate::services::factors::lock_account(&mut tx, account).await?;
    let taken = store::webauthn::take(
        &mut tx,
        ceremony,
        account,
        &auth.session.id,
        Purpose::Register,
        now,
    )
    .await?
    .ok_or(AppError::WebauthnCeremonyInvalid)?;
    let methods = store::mfa::list_confirmed(&mut tx, account).await?;
    let first = methods.is_empty();
    require_recent_second_factor(st, auth, !first, now)?;
    let registration: Registration =
        serde_json::from_str(&taken.state).map_err(internal("registration state"))?;
    // webauthn-rs checks `crossOrigin` here but never `topOrigin`.
    let framed = !crate::webauthn::same_origin_ceremony(&credential.response.client_data_json);
    let finished = match registration {
        _ if framed => Err(WebauthnError::CredentialCrossOrigin),
        Registration::Passkey { passkey: s } => rp
            .finish_passkey_registration(&credential, &s)
            .map(Key::Passkey),
        Registration::SecurityKey(s) => rp
            .finish_securitykey_registration(&credential, &s)
            .map(Key::SecurityKey),
    };
    let key = match finished {
        Ok(k) => k,
        Err(e) => {
            // The ceremony is used up either way: commit its deletion.
            tx.commit().await?;
            return Err(AppError::WebauthnRejected(e.to_string()));
        }
    };
    let id = MethodId::generate();
    store::mfa::insert_pending(
        &mut tx,
        &NewPending {
            id: &id,
            account_id: account,
            kind: MethodKind::Webauthn,
            label: &taken.label,
            secret: &seal_key(st, account, &id, &key)?,
            expires_at: now,
        },
        now,
    )
    .await?;
    store::mfa::confirm(&mut tx, &id, 0, now).await?;
    let flags = match &key {
        Key::Passkey(k) => flags_of(k, true)?,
        Key::SecurityKey(k) => flags_of(k, false)?,
    };
    store::mfa::set_webauthn_flags(&mut tx, &id, flags).await?;
    let method = store::mfa::find(&mut tx, account, &id)
        .await?
        .ok_or(AppError::NotFound("method"))?;
    let activated = activate(st, &mut tx, &locked, auth, &method, first, ip, now).await?;
    tx.commit().await?;
    Ok((activated.view, activated.codes))
}

/// Starts the second step (or a re-authentication) with a security key: the options for
/// `navigator.credentials.get`, allowing the account's keys.
///
/// # Errors
/// `WebauthnUnavailable`; `Validation` when the account has no security key.
pub async fn start_authentication(
    st: &AppState,
    auth: &Authenticated,
) -> AppResult<(CeremonyId, RequestChallengeResponse, OffsetDateTime)> {
    let rp = relying_party(st)?;
    let now = st.clock.now();
    let account = &auth.session.account_id;
    let mut tx = Work::begin(st).await?;
    let methods = store::mfa::list_confirmed(&mut tx, account).await?;
    let keys: Vec<SecurityKey> = keys_of(st, &methods)?.into_iter().map(|(_, k)| k).collect();
    if keys.is_empty() {
        return Err(
            domain::ValidationError::because("type", domain::error::Invalid::NoSuchMethod).into(),
        );
    }
    let (options, state): (RequestChallengeResponse, SecurityKeyAuthentication) = rp
        .start_securitykey_authentication(&keys)
        .map_err(|e| AppError::internal_from("webauthn", e))?;
    let id = CeremonyId::generate();
    let expires_at = now + CEREMONY_TTL;
    store::webauthn::insert(
        &mut tx,
        &NewCeremony {
            id: &id,
            account_id: account,
            session_id: Some(&auth.session.id),
            purpose: Purpose::Authenticate,
            label: "",
            state: &serde_json::to_string(&state).map_err(internal("authentication state"))?,
            expires_at,
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok((id, options, expires_at))
}

/// An assertion as the second step receives it, parsed before anything is counted.
pub struct Assertion {
    pub ceremony: CeremonyId,
    pub credential: PublicKeyCredential,
}

impl Assertion {
    /// # Errors
    /// `Validation` for a missing or malformed ceremony id or credential.
    pub fn parse(
        challenge_id: Option<&str>,
        credential: Option<serde_json::Value>,
    ) -> AppResult<Self> {
        let ceremony = challenge_id
            .map(CeremonyId::parse)
            .transpose()
            .map_err(|_| {
                domain::ValidationError::because(
                    "challenge_id",
                    domain::error::Invalid::NotChallengeId,
                )
            })?
            .ok_or_else(|| {
                domain::ValidationError::because("challenge_id", domain::error::Invalid::Required)
            })?;
        Ok(Self {
            ceremony,
            credential: assertion(credential)?,
        })
    }
}

/// An authenticator's answer to `navigator.credentials.get()`, as sent.
///
/// # Errors
/// `Validation` when it is missing or not an assertion.
pub fn assertion(credential: Option<serde_json::Value>) -> AppResult<PublicKeyCredential> {
    let value = credential.ok_or_else(|| {
        domain::ValidationError::because("credential", domain::error::Invalid::Required)
    })?;
    serde_json::from_value(value).map_err(|_| {
        domain::ValidationError::because("credential", domain::error::Invalid::NotAssertion).into()
    })
}

/// What checking an assertion found.
pub enum Checked {
    /// It verified, with this key.
    Passed(MethodId),
    /// It did not (wrong challenge or origin, unknown key, bad signature, used ceremony).
    Failed,
    /// The key's signature counter went backwards: it may have been cloned.
    PossiblyCloned(MethodId),
}

/// Checks an assertion against its ceremony (taken once) and the account's keys; a passing
/// key's stored counter is brought forward.
///
/// # Errors
/// `WebauthnUnavailable`; on database failure.
pub async fn check_assertion(
    st: &AppState,
    tx: &mut Work<'_>,
    auth: &Authenticated,
    assertion: &Assertion,
    now: OffsetDateTime,
) -> AppResult<Checked> {
    let rp = relying_party(st)?;
    let account = &auth.session.account_id;
    let Some(taken) = store::webauthn::take(
        tx,
        &assertion.ceremony,
        account,
        &auth.session.id,
        Purpose::Authenticate,
        now,
    )
    .await?
    else {
        return Ok(Checked::Failed);
    };
    // Taken (used up) first: a refused answer still ends its ceremony.
    if !crate::webauthn::same_origin_ceremony(&assertion.credential.response.client_data_json) {
        return Ok(Checked::Failed);
    }
    let state: SecurityKeyAuthentication =
        serde_json::from_str(&taken.state).map_err(internal("authentication state"))?;
    let methods = store::mfa::list_confirmed(tx, account).await?;
    let keys = keys_of(st, &methods)?;
    let result: AuthenticationResult =
        match rp.finish_securitykey_authentication(&assertion.credential, &state) {
            Ok(r) => r,
            Err(WebauthnError::CredentialPossibleCompromise) => {
                let id = keys
                    .iter()
                    .find(|(_, k)| k.cred_id() == &assertion.credential.raw_id)
                    .map(|(id, _)| id.clone());
                return Ok(id.map_or(Checked::Failed, Checked::PossiblyCloned));
            }
            Err(_) => return Ok(Checked::Failed),
        };
    let Some((id, key)) = keys
        .into_iter()
        .find(|(_, k)| k.cred_id() == result.cred_id())
    else {
        return Ok(Checked::Failed);
    };
    record_use(st, tx, account, &methods, (&id, key), &result, now).await?;
    Ok(Checked::Passed(id))
}

/// Keeps what an authenticator reported at a use that verified: its backup flags (recorded and
/// shown) and its signature counter (a synced passkey's stays 0, which webauthn-rs accepts).
///
/// # Errors
/// On database failure.
pub(crate) async fn record_use(
    st: &AppState,
    tx: &mut Work<'_>,
    account: &UserId,
    methods: &[Method],
    (id, mut key): (&MethodId, SecurityKey),
    result: &AuthenticationResult,
    now: OffsetDateTime,
) -> AppResult<()> {
    let known = methods.iter().find(|m| &m.id == id).map(|m| m.webauthn);
    let reported = store::mfa::WebauthnFlags {
        backup_eligible: result.backup_eligible(),
        backed_up: result.backup_state(),
        ..known.unwrap_or_default()
    };
    if known.is_some_and(|k| k != reported) {
        store::mfa::set_webauthn_flags(tx, id, reported).await?;
    }
    if key.update_credential(result) == Some(true) {
        let sealed = seal_key(st, account, id, &key)?;
        store::mfa::update_secret(tx, id, &sealed, now).await?;
    } else {
        store::mfa::touch(tx, id, now).await?;
    }
    Ok(())
}
