//! The provider's signing keys: ID tokens and logout tokens are signed ES256 (RS256 for apps
//! that registered it) by keys generated at first need, stored with their private half sealed
//! under the master key, and rotated by `twofold keys rotate`. A rotated key signs no more but
//! stays in the JWKS until the last token it signed has expired, so apps holding a cached JWKS
//! never see a token they cannot check.
//!
//! Every node reads the keys from the database (at most [`RELOAD`] old), so a rotation on one
//! node reaches the others without a restart; until a node reloads it signs with the old key,
//! which is still published.

use std::sync::{Arc, RwLock};

use compact_jwt::crypto::{JwsEs256Signer, JwsRs256Signer};
use compact_jwt::jws::JwsBuilder;
use compact_jwt::traits::{JwsSigner, JwsSignerToVerifier, JwsVerifier};
use compact_jwt::{Jwk, JwsCompact};
use domain::oidc::SigningAlg;
use serde::Serialize;
use serde::de::DeserializeOwned;
use store::oidc::StoredKey;
use time::{Duration, OffsetDateTime};

use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// How long a node trusts the keys it loaded before reading them again.
const RELOAD: Duration = Duration::seconds(60);

/// How long a retired key stays published: the longest-lived signed token (an ID token) and
/// clock skew.
pub const RETIRED_PUBLISHED: Duration = Duration::minutes(70);

/// A new key signs only once it has been published this long, so that every JWKS cache (apps
/// may keep the document [`JWKS_MAX_AGE`]) knows it before the first token it signs arrives;
/// until then the key it replaces goes on signing.
pub const PUBLISH_AHEAD: Duration = Duration::minutes(2);

/// How long apps may cache the JWKS (`Cache-Control: max-age`), in seconds.
pub const JWKS_MAX_AGE: i64 = 60;

enum Signer {
    Es(JwsEs256Signer),
    Rs(JwsRs256Signer),
}

struct Key {
    alg: SigningAlg,
    signer: Signer,
    jwk: Jwk,
    created_at: OffsetDateTime,
    retired_at: Option<OffsetDateTime>,
}

/// The keys as one node last read them.
pub struct Loaded {
    at: OffsetDateTime,
    /// Newest first.
    keys: Vec<Key>,
}

/// The keys, shared by every request of this node.
#[derive(Default)]
pub struct Keyring(RwLock<Option<Arc<Loaded>>>);

fn crypto(what: &'static str) -> impl Fn(compact_jwt::JwtError) -> AppError {
    move |e| AppError::internal(format!("{what}: {e:?}"))
}

fn open(st: &AppState, k: &StoredKey) -> AppResult<Key> {
    let alg = SigningAlg::parse(&k.alg).map_err(|_| AppError::internal("signing key alg"))?;
    let der = st
        .sealer
        .open(&k.sealed_private, k.id.as_bytes())
        .map_err(|e| AppError::internal_from("signing key", e))?;
    let (signer, jwk) = match alg {
        SigningAlg::Es256 => {
            let s = JwsEs256Signer::from_es256_der(&der).map_err(crypto("ES256 key"))?;
            let jwk = s.public_key_as_jwk().map_err(crypto("ES256 jwk"))?;
            (Signer::Es(s), jwk)
        }
        SigningAlg::Rs256 => {
            let s = JwsRs256Signer::from_rs256_der(&der).map_err(crypto("RS256 key"))?;
            let jwk = s.public_key_as_jwk().map_err(crypto("RS256 jwk"))?;
            (Signer::Rs(s), jwk)
        }
    };
    Ok(Key {
        alg,
        signer,
        jwk,
        created_at: k.created_at,
        retired_at: k.retired_at,
    })
}

/// A new key of `alg`, sealed for the database.
fn generate(st: &AppState, alg: SigningAlg, now: OffsetDateTime) -> AppResult<StoredKey> {
    let (kid, der, jwk) = match alg {
        SigningAlg::Es256 => {
            let s = JwsEs256Signer::generate_es256().map_err(crypto("ES256 generate"))?;
            let der = s.private_key_to_der().map_err(crypto("ES256 der"))?;
            let jwk = s.public_key_as_jwk().map_err(crypto("ES256 jwk"))?;
            (s.get_kid().to_owned(), der, jwk)
        }
        SigningAlg::Rs256 => {
            let s = JwsRs256Signer::generate_rs256().map_err(crypto("RS256 generate"))?;
            let der = s.private_key_to_der().map_err(crypto("RS256 der"))?;
            let jwk = s.public_key_as_jwk().map_err(crypto("RS256 jwk"))?;
            (s.get_kid().to_owned(), der, jwk)
        }
    };
    let sealed_private = st
        .sealer
        .seal(&der, kid.as_bytes())
        .map_err(|e| AppError::internal_from("seal signing key", e))?;
    let public_jwk = serde_json::to_string(&jwk).map_err(|e| AppError::internal_from("jwk", e))?;
    Ok(StoredKey {
        id: kid,
        alg: alg.as_str().to_owned(),
        sealed_private,
        public_jwk,
        created_at: now,
        retired_at: None,
    })
}

impl Keyring {
    /// The keys, read again when this node's copy is older than [`RELOAD`].
    ///
    /// # Errors
    /// On database failure or a key that does not open under the master key.
    pub async fn current(st: &AppState) -> AppResult<Arc<Loaded>> {
        let now = st.clock.now();
        if let Ok(guard) = st.keyring.0.read()
            && let Some(l) = guard.as_ref()
            && now - l.at < RELOAD
        {
            return Ok(l.clone());
        }
        Self::reload(st).await
    }

    async fn reload(st: &AppState) -> AppResult<Arc<Loaded>> {
        let now = st.clock.now();
        let stored = {
            let mut c = st.store.read().await?;
            store::oidc::keys(&mut c).await?
        };
        // A key that does not open under this node's master key (a node started with another
        // key file) is left out, loudly: this node then signs with keys of its own rather than
        // refusing to start; the operator must give every node the same master key.
        let keys = stored
            .iter()
            .filter_map(|k| match open(st, k) {
                Ok(key) => Some(key),
                Err(e) => {
                    tracing::error!(kid = %k.id, error = %e, "a signing key does not open under this node's master key");
                    None
                }
            })
            .collect::<Vec<_>>();
        let loaded = Arc::new(Loaded { at: now, keys });
        if let Ok(mut guard) = st.keyring.0.write() {
            *guard = Some(loaded.clone());
        }
        Ok(loaded)
    }

    /// Makes sure a key of `alg` signs: generates and stores one when there is none.
    ///
    /// # Errors
    /// On database or key-generation failure.
    pub async fn ensure(st: &AppState, alg: SigningAlg) -> AppResult<Arc<Loaded>> {
        let loaded = Self::current(st).await?;
        if loaded.signer(alg).is_some() {
            return Ok(loaded);
        }
        let key = generate(st, alg, st.clock.now())?;
        let mut c = st.store.write().await?;
        store::oidc::insert_key(&mut c, &key).await?;
        drop(c);
        Self::reload(st).await
    }

    /// A new key for each algorithm in use; the old ones retire (still published for
    /// [`RETIRED_PUBLISHED`]). Returns the new key ids.
    ///
    /// # Errors
    /// On database or key-generation failure.
    pub async fn rotate(st: &AppState) -> AppResult<Vec<String>> {
        let now = st.clock.now();
        let loaded = Self::reload(st).await?;
        let mut algs = vec![SigningAlg::Es256];
        if loaded.keys.iter().any(|k| k.alg == SigningAlg::Rs256) {
            algs.push(SigningAlg::Rs256);
        }
        let mut tx = st.store.begin().await?;
        let mut ids = Vec::new();
        for alg in algs {
            let key = generate(st, alg, now)?;
            store::oidc::insert_key(&mut tx, &key).await?;
            store::oidc::retire_keys(&mut tx, alg.as_str(), &key.id, now).await?;
            ids.push(key.id);
        }
        store::oidc::delete_keys_retired_before(&mut tx, now - RETIRED_PUBLISHED).await?;
        tx.commit().await?;
        Self::reload(st).await?;
        Ok(ids)
    }
}

impl Loaded {
    /// The key that signs now: the newest published for [`PUBLISH_AHEAD`] (a key rotated out
    /// less than that ago still counts), else the one published longest (at first start, the
    /// only one).
    fn signer(&self, alg: SigningAlg) -> Option<&Key> {
        let now = self.at;
        let usable =
            |k: &&Key| k.alg == alg && k.retired_at.is_none_or(|r| now - r < PUBLISH_AHEAD);
        let mut candidates = self.keys.iter().filter(usable);
        candidates
            .clone()
            .find(|k| now - k.created_at >= PUBLISH_AHEAD)
            .or_else(|| candidates.next_back())
    }

    /// Signs `claims` as a compact JWS with the newest key of `alg`, with header `typ`.
    ///
    /// # Errors
    /// When no key of `alg` signs (call [`Keyring::ensure`] first) or signing fails.
    pub fn sign(&self, alg: SigningAlg, typ: &str, claims: &impl Serialize) -> AppResult<String> {
        let key = self
            .signer(alg)
            .ok_or_else(|| AppError::internal("no signing key"))?;
        let jws = JwsBuilder::into_json(claims)
            .map_err(|e| AppError::internal_from("claims", e))?
            .set_typ(Some(typ))
            .build();
        let signed = match &key.signer {
            Signer::Es(s) => s.sign(&jws),
            Signer::Rs(s) => s.sign(&jws),
        }
        .map_err(crypto("sign"))?;
        Ok(signed.to_string())
    }

    /// The published keys (RFC 7517 key set): those that sign, and retired ones while tokens
    /// they signed may still be presented.
    pub fn jwks(&self, now: OffsetDateTime) -> serde_json::Value {
        let keys: Vec<&Jwk> = self
            .keys
            .iter()
            .filter(|k| k.retired_at.is_none_or(|r| now - r < RETIRED_PUBLISHED))
            .map(|k| &k.jwk)
            .collect();
        serde_json::json!({ "keys": keys })
    }

    /// The claims of a JWS one of our keys signed (any key still stored, retired or not);
    /// `None` for anything else. Expiry is the caller's to check.
    pub fn verify<T: DeserializeOwned>(&self, token: &str) -> Option<T> {
        let compact: JwsCompact = token.parse().ok()?;
        let kid = compact.header().kid.as_deref()?;
        let key = self.keys.iter().find(|k| match &k.signer {
            Signer::Es(s) => s.get_kid() == kid,
            Signer::Rs(s) => s.get_kid() == kid,
        })?;
        let jws = match &key.signer {
            Signer::Es(s) => s.get_verifier().ok()?.verify(&compact).ok()?,
            Signer::Rs(s) => s.get_verifier().ok()?.verify(&compact).ok()?,
        };
        jws.from_json().ok()
    }
}
