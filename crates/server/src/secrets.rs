//! Second-factor secrets at rest. Authenticator secrets are sealed with XChaCha20-Poly1305
//! under a key derived from the master key, with the owning account and method bound as
//! associated data, so a sealed secret copied to another row does not open. High-entropy
//! one-time values (recovery codes, app passwords) are stored as keyed hashes: a database dump
//! alone yields no usable secret.

use chacha20poly1305::aead::{Aead, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::keys::MasterKey;

/// Format byte in front of every sealed value, so the scheme can change without ambiguity.
const VERSION: u8 = 1;
const NONCE_LEN: usize = 24;

#[derive(Debug, thiserror::Error)]
pub enum SealError {
    #[error("the sealed value is malformed or was not sealed for this owner with this key")]
    Open,
    #[error("encryption failed")]
    Seal,
    #[error(transparent)]
    Random(#[from] domain::token::RandomError),
}

/// Seals and opens secrets, and hashes look-up values, under keys derived from the master key.
pub struct Sealer {
    aead: XChaCha20Poly1305,
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

impl Sealer {
    pub fn new(master: &MasterKey) -> Self {
        let seal_key = derive(master.bytes(), b"twofold/v1/seal");
        let aead = chacha20poly1305::Key::from(*seal_key);
        let aead = <XChaCha20Poly1305 as chacha20poly1305::KeyInit>::new(&aead);
        Self {
            aead,
            lookup_key: derive(master.bytes(), b"twofold/v1/lookup"),
        }
    }

    /// Encrypts `plaintext` bound to `owner` (e.g. account id + method id).
    ///
    /// # Errors
    /// When the OS random generator fails.
    pub fn seal(&self, plaintext: &[u8], owner: &[u8]) -> Result<Vec<u8>, SealError> {
        let mut nonce = [0u8; NONCE_LEN];
        domain::token::fill_random(&mut nonce)?;
        let sealed = self
            .aead
            .encrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: plaintext,
                    aad: owner,
                },
            )
            .map_err(|_| SealError::Seal)?;
        let mut out = Vec::with_capacity(1 + NONCE_LEN + sealed.len());
        out.push(VERSION);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    /// Decrypts a value sealed for `owner`.
    ///
    /// # Errors
    /// `Open` when the value was altered, sealed for another owner, or under another key.
    pub fn open(&self, sealed: &[u8], owner: &[u8]) -> Result<Zeroizing<Vec<u8>>, SealError> {
        let (&version, rest) = sealed.split_first().ok_or(SealError::Open)?;
        if version != VERSION || rest.len() < NONCE_LEN {
            return Err(SealError::Open);
        }
        let (nonce, ciphertext) = rest.split_at(NONCE_LEN);
        let nonce: [u8; NONCE_LEN] = nonce.try_into().map_err(|_| SealError::Open)?;
        self.aead
            .decrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: ciphertext,
                    aad: owner,
                },
            )
            .map(Zeroizing::new)
            .map_err(|_| SealError::Open)
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
