//! Second-factor secrets at rest. Authenticator secrets are sealed with XChaCha20-Poly1305
//! under a key derived from the master key, with the owning account and method bound as
//! associated data, so a sealed secret copied to another row does not open. High-entropy
//! one-time values (recovery codes, app passwords) are stored as keyed hashes: a database dump
//! alone yields no usable secret.
//!
//! Every sealed value names the master key it was sealed under (by [`KeyId`]), so that during a
//! rotation (`twofold keys rotate-master`, see [`crate::rotation`]) values under the old key and
//! the new one open side by side: the sealer holds a ring of master keys and seals under the
//! newest.

use std::sync::{Arc, PoisonError, RwLock};

use chacha20poly1305::aead::{Aead, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::keys::MasterKey;

/// Format byte of values sealed before keys had ids: `[1][nonce][ciphertext]`. They open under
/// whichever key of the ring opens them (a rotation re-seals them all).
const VERSION_1: u8 = 1;
/// Format byte of sealed values: `[2][key id][nonce][ciphertext]`.
const VERSION: u8 = 2;
const NONCE_LEN: usize = 24;
const ID_LEN: usize = 8;

#[derive(Debug, thiserror::Error)]
pub enum SealError {
    #[error("the sealed value is malformed or was not sealed for this owner with this key")]
    Open,
    #[error("the value is sealed under master key {0}, which this node does not hold")]
    UnknownKey(KeyId),
    #[error("encryption failed")]
    Seal,
    #[error(transparent)]
    Random(#[from] domain::token::RandomError),
}

/// A master key's name: the first 8 bytes of a MAC of a fixed label under the key. It tells
/// keys apart without revealing anything of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyId([u8; ID_LEN]);

impl KeyId {
    pub fn of(key: &MasterKey) -> Self {
        let mut id = [0u8; ID_LEN];
        id.copy_from_slice(&derive(key.bytes(), b"twofold/key-id")[..ID_LEN]);
        Self(id)
    }

    /// The key a value in the current format was sealed under.
    pub fn of_sealed(sealed: &[u8]) -> Option<Self> {
        match sealed.split_first() {
            Some((&VERSION, rest)) => rest.get(..ID_LEN)?.try_into().ok().map(Self),
            _ => None,
        }
    }
}

impl std::fmt::Display for KeyId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

/// The owner a second factor's secret is bound to: its account and method.
pub fn method_owner(account: &dyn std::fmt::Display, method: &dyn std::fmt::Display) -> Vec<u8> {
    format!("mfa_method:{account}:{method}").into_bytes()
}

struct RingKey {
    id: KeyId,
    aead: XChaCha20Poly1305,
    /// Whether it may seal: a rotation's new key opens at once but seals only once every node
    /// has had time to learn it (see `rotation`).
    seals: bool,
}

/// Seals and opens secrets, and hashes look-up values, under keys derived from the master keys.
pub struct Sealer {
    /// In the order they joined; the last one allowed to seal, seals.
    ring: RwLock<Arc<Vec<Arc<RingKey>>>>,
    lookup_key: Zeroizing<[u8; 32]>,
}

/// A purpose-bound subkey: HMAC-SHA256 of the label under the master key (HKDF-Expand with the
/// master key as PRK, one block).
fn derive(master: &[u8], label: &[u8]) -> Zeroizing<[u8; 32]> {
    let mut out = Zeroizing::new([0u8; 32]);
    if let Ok(mut mac) = <Hmac<Sha256> as hmac::KeyInit>::new_from_slice(master) {
        mac.update(label);
        mac.update(&[1]);
        out.copy_from_slice(&mac.finalize().into_bytes());
    }
    out
}

fn ring_key(master: &MasterKey, seals: bool) -> RingKey {
    let seal_key = derive(master.bytes(), b"twofold/v1/seal");
    let aead = chacha20poly1305::Key::from(*seal_key);
    RingKey {
        id: KeyId::of(master),
        aead: <XChaCha20Poly1305 as chacha20poly1305::KeyInit>::new(&aead),
        seals,
    }
}

impl Sealer {
    /// A sealer holding `master` alone, with the look-up key derived from it.
    pub fn new(master: &MasterKey) -> Self {
        Self {
            ring: RwLock::new(Arc::new(vec![Arc::new(ring_key(master, true))])),
            lookup_key: derive(master.bytes(), b"twofold/v1/lookup"),
        }
    }

    /// Hashes look-up values under `key` from now on: the key carried over rotations, which
    /// the hashes stored so far were made with.
    pub fn set_lookup_key(&mut self, key: &[u8]) -> Result<(), SealError> {
        let key: [u8; 32] = key.try_into().map_err(|_| SealError::Open)?;
        self.lookup_key = Zeroizing::new(key);
        Ok(())
    }

    /// The look-up key, for a rotation to carry over.
    pub fn lookup_key(&self) -> &[u8] {
        self.lookup_key.as_ref()
    }

    fn keys(&self) -> Arc<Vec<Arc<RingKey>>> {
        Arc::clone(&self.ring.read().unwrap_or_else(PoisonError::into_inner))
    }

    /// Adds `master` to the ring, to open values only or (`seals`) to seal new ones too, the
    /// newest such key sealing; a key already there may only gain the right to seal. Whether the
    /// ring changed.
    pub fn add(&self, master: &MasterKey, seals: bool) -> bool {
        let mut ring = self.ring.write().unwrap_or_else(PoisonError::into_inner);
        let id = KeyId::of(master);
        let mut keys = ring.as_ref().clone();
        match keys.iter().position(|k| k.id == id) {
            Some(i) if seals && !keys[i].seals => {
                keys.remove(i);
                keys.push(Arc::new(ring_key(master, true)));
            }
            Some(_) => return false,
            None => keys.push(Arc::new(ring_key(master, seals))),
        }
        *ring = Arc::new(keys);
        true
    }

    /// Whether the ring holds the key `id`.
    pub fn knows(&self, id: KeyId) -> bool {
        self.keys().iter().any(|k| k.id == id)
    }

    /// Whether the ring holds the key named `id` (as [`KeyId`] displays it).
    pub fn knows_named(&self, id: &str) -> bool {
        self.keys().iter().any(|k| k.id.to_string() == id)
    }

    /// The key new values are sealed under.
    pub fn sealing_key(&self) -> Option<KeyId> {
        self.keys().iter().rev().find(|k| k.seals).map(|k| k.id)
    }

    /// Encrypts `plaintext` bound to `owner` (e.g. account id + method id), under the newest key.
    ///
    /// # Errors
    /// When the OS random generator fails.
    pub fn seal(&self, plaintext: &[u8], owner: &[u8]) -> Result<Vec<u8>, SealError> {
        let keys = self.keys();
        let key = keys.iter().rev().find(|k| k.seals).ok_or(SealError::Seal)?;
        let mut nonce = [0u8; NONCE_LEN];
        domain::token::fill_random(&mut nonce)?;
        let sealed = key
            .aead
            .encrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: plaintext,
                    aad: owner,
                },
            )
            .map_err(|_| SealError::Seal)?;
        let mut out = Vec::with_capacity(1 + ID_LEN + NONCE_LEN + sealed.len());
        out.push(VERSION);
        out.extend_from_slice(&key.id.0);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    /// Decrypts a value sealed for `owner`.
    ///
    /// # Errors
    /// `UnknownKey` when it was sealed under a key the ring lacks; `Open` when the value was
    /// altered, sealed for another owner, or is malformed.
    pub fn open(&self, sealed: &[u8], owner: &[u8]) -> Result<Zeroizing<Vec<u8>>, SealError> {
        let keys = self.keys();
        let (&version, rest) = sealed.split_first().ok_or(SealError::Open)?;
        let (candidates, rest): (Vec<&Arc<RingKey>>, &[u8]) = match version {
            VERSION_1 => (keys.iter().rev().collect(), rest),
            VERSION => {
                let id = KeyId::of_sealed(sealed).ok_or(SealError::Open)?;
                let key = keys
                    .iter()
                    .find(|k| k.id == id)
                    .ok_or(SealError::UnknownKey(id))?;
                (vec![key], rest.get(ID_LEN..).ok_or(SealError::Open)?)
            }
            _ => return Err(SealError::Open),
        };
        if rest.len() < NONCE_LEN {
            return Err(SealError::Open);
        }
        let (nonce, ciphertext) = rest.split_at(NONCE_LEN);
        let nonce: [u8; NONCE_LEN] = nonce.try_into().map_err(|_| SealError::Open)?;
        candidates
            .iter()
            .find_map(|k| {
                k.aead
                    .decrypt(
                        &XNonce::from(nonce),
                        Payload {
                            msg: ciphertext,
                            aad: owner,
                        },
                    )
                    .ok()
            })
            .map(Zeroizing::new)
            .ok_or(SealError::Open)
    }

    /// A keyed hash of a high-entropy value, hex-encoded: what is stored and looked up for
    /// recovery codes and app passwords. Without the master key it cannot be checked offline.
    pub fn lookup_hash(&self, value: &[u8]) -> String {
        let Ok(mut mac) = <Hmac<Sha256> as hmac::KeyInit>::new_from_slice(self.lookup_key.as_ref())
        else {
            return String::new();
        };
        mac.update(value);
        mac.finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(dir: &std::path::Path) -> MasterKey {
        MasterKey::load_or_create(&dir.join("k")).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn sealed_secrets_open_only_for_their_owner_and_key() {
        let dir = std::env::temp_dir().join(format!("twofold-seal-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let k1 = key(&dir.join("a"));
        let k2 = key(&dir.join("b"));
        let s1 = Sealer::new(&k1);
        let sealed = s1
            .seal(b"JBSWY3DPEHPK3PXP", b"user-1/method-1")
            .unwrap_or_default();
        assert!(!sealed.windows(16).any(|w| w == b"JBSWY3DPEHPK3PXP"));
        assert_eq!(
            s1.open(&sealed, b"user-1/method-1")
                .map(|p| p.to_vec())
                .ok(),
            Some(b"JBSWY3DPEHPK3PXP".to_vec())
        );
        assert!(
            s1.open(&sealed, b"user-2/method-1").is_err(),
            "bound to its owner"
        );
        assert!(
            Sealer::new(&k2).open(&sealed, b"user-1/method-1").is_err(),
            "bound to the key"
        );
        let mut tampered = sealed.clone();
        if let Some(last) = tampered.last_mut() {
            *last ^= 1;
        }
        assert!(s1.open(&tampered, b"user-1/method-1").is_err());
        assert!(s1.open(&[], b"x").is_err());
        assert!(s1.open(&[2; 60], b"x").is_err());
        // Two seals of one secret differ (fresh nonces).
        assert_ne!(
            sealed,
            s1.seal(b"JBSWY3DPEHPK3PXP", b"user-1/method-1")
                .unwrap_or_default()
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    fn fresh() -> MasterKey {
        MasterKey::generate().unwrap_or_else(|e| panic!("{e}"))
    }

    /// A value in the format before key ids: `[1][nonce][ciphertext]` under `master`.
    fn seal_v1(master: &MasterKey, plaintext: &[u8], owner: &[u8]) -> Vec<u8> {
        let nonce = [7u8; NONCE_LEN];
        let sealed = ring_key(master, true)
            .aead
            .encrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: plaintext,
                    aad: owner,
                },
            )
            .unwrap_or_default();
        [&[VERSION_1][..], &nonce, &sealed].concat()
    }

    #[test]
    fn a_ring_opens_values_under_each_of_its_keys_and_seals_under_the_newest() {
        let (old, new) = (fresh(), fresh());
        let sealer = Sealer::new(&old);
        let legacy = seal_v1(&old, b"one", b"o");
        let under_old = sealer.seal(b"two", b"o").unwrap_or_default();
        assert_eq!(KeyId::of_sealed(&under_old), Some(KeyId::of(&old)));
        assert_eq!(KeyId::of_sealed(&legacy), None);
        assert_eq!(KeyId::of(&old).to_string().len(), 16);
        assert_ne!(KeyId::of(&old), KeyId::of(&new));

        // A sealer that has only the new key does not know what the old one sealed.
        let only_new = Sealer::new(&new);
        assert!(matches!(
            only_new.open(&under_old, b"o"),
            Err(SealError::UnknownKey(id)) if id == KeyId::of(&old)
        ));
        assert!(matches!(only_new.open(&legacy, b"o"), Err(SealError::Open)));

        // Known to open only, then to seal.
        assert!(sealer.add(&new, false));
        assert_eq!(sealer.sealing_key(), Some(KeyId::of(&old)));
        assert_eq!(
            KeyId::of_sealed(&sealer.seal(b"x", b"o").unwrap_or_default()),
            Some(KeyId::of(&old))
        );
        assert!(sealer.add(&new, true));
        assert!(!sealer.add(&new, true) && !sealer.add(&new, false));
        assert_eq!(sealer.sealing_key(), Some(KeyId::of(&new)));
        assert!(sealer.knows(KeyId::of(&old)) && sealer.knows_named(&KeyId::of(&new).to_string()));
        let under_new = sealer.seal(b"three", b"o").unwrap_or_default();
        assert_eq!(KeyId::of_sealed(&under_new), Some(KeyId::of(&new)));
        for (sealed, plain) in [
            (&legacy, &b"one"[..]),
            (&under_old, b"two"),
            (&under_new, b"three"),
        ] {
            assert_eq!(
                sealer.open(sealed, b"o").map(|p| p.to_vec()).ok(),
                Some(plain.to_vec())
            );
            assert!(sealer.open(sealed, b"other owner").is_err());
        }
        assert_eq!(
            only_new.open(&under_new, b"o").map(|p| p.to_vec()).ok(),
            Some(b"three".to_vec())
        );
    }

    #[test]
    fn a_carried_lookup_key_replaces_the_derived_one() {
        let old = Sealer::new(&fresh());
        let mut new = Sealer::new(&fresh());
        assert_ne!(old.lookup_hash(b"code"), new.lookup_hash(b"code"));
        assert!(new.set_lookup_key(&[1, 2, 3]).is_err());
        assert!(new.set_lookup_key(old.lookup_key()).is_ok());
        assert_eq!(old.lookup_hash(b"code"), new.lookup_hash(b"code"));
    }

    #[test]
    fn lookup_hashes_are_keyed() {
        let dir = std::env::temp_dir().join(format!("twofold-lookup-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let a = Sealer::new(&key(&dir.join("a")));
        let b = Sealer::new(&key(&dir.join("b")));
        assert_eq!(a.lookup_hash(b"code").len(), 64);
        assert_eq!(a.lookup_hash(b"code"), a.lookup_hash(b"code"));
        assert_ne!(a.lookup_hash(b"code"), a.lookup_hash(b"cod3"));
        assert_ne!(a.lookup_hash(b"code"), b.lookup_hash(b"code"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
