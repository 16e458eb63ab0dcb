//! Bearer secrets (session tokens, invitation links): 256 random bits shown once to their holder,
//! only a SHA-256 hash stored. A database leak then yields no usable token.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

/// A freshly generated or presented secret token: 32 bytes, base64url without padding (43 chars).
#[derive(Clone)]
pub struct SecretToken(Zeroizing<String>);

impl std::fmt::Debug for SecretToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretToken(<redacted>)")
    }
}

/// Why a token could not be generated.
#[derive(Debug, thiserror::Error)]
#[error("the operating system's random number generator failed: {0}")]
pub struct RandomError(String);

/// Fills `buf` from the operating system's CSPRNG.
///
/// # Errors
/// Only if the OS generator is unavailable, which no caller can repair.
pub fn fill_random(buf: &mut [u8]) -> Result<(), RandomError> {
    getrandom::fill(buf).map_err(|e| RandomError(e.to_string()))
}

impl SecretToken {
    pub const BYTES: usize = 32;
    const ENCODED_LEN: usize = 43;

    /// # Errors
    /// When the OS random generator fails.
    pub fn generate() -> Result<Self, RandomError> {
        let mut bytes = Zeroizing::new([0u8; Self::BYTES]);
        fill_random(bytes.as_mut())?;
        Ok(Self(Zeroizing::new(URL_SAFE_NO_PAD.encode(bytes.as_ref()))))
    }

    /// Accepts a presented token only if it has the shape of one we issue, so garbage never
    /// reaches the database. Returns `None` rather than an error: callers answer "unauthorized"
    /// whatever was wrong.
    pub fn parse(raw: &str) -> Option<Self> {
        let ok = raw.len() == Self::ENCODED_LEN
            && raw
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        ok.then(|| Self(Zeroizing::new(raw.to_owned())))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn hash(&self) -> TokenHash {
        TokenHash::of(self.0.as_bytes())
    }
}

/// The SHA-256 of a secret, hex-encoded: what storage keeps and looks up by. A plain hash (not
/// a slow one) suffices because the secret has 256 bits of entropy.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TokenHash(String);

impl TokenHash {
    pub fn of(secret: &[u8]) -> Self {
        let digest = Sha256::digest(secret);
        let mut hex = String::with_capacity(64);
        for b in digest.iter() {
            hex.push(char::from(b"0123456789abcdef"[usize::from(b >> 4)]));
            hex.push(char::from(b"0123456789abcdef"[usize::from(b & 0xf)]));
        }
        Self(hex)
    }

    pub fn from_trusted(stored: String) -> Self {
        Self(stored)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The anti-CSRF token bound to one session: HMAC-SHA256 under the server key of the session's
/// token hash. It is derived, not stored, so every node computes the same value.
pub fn csrf_token(key: &[u8], session: &TokenHash) -> String {
    URL_SAFE_NO_PAD.encode(csrf_mac(key, session))
}

/// Checks a presented anti-CSRF token in constant time.
pub fn csrf_token_matches(key: &[u8], session: &TokenHash, presented: &str) -> bool {
    let Ok(bytes) = URL_SAFE_NO_PAD.decode(presented) else {
        return false;
    };
    bool::from(csrf_mac(key, session).as_slice().ct_eq(bytes.as_slice()))
}

fn csrf_mac(key: &[u8], session: &TokenHash) -> Vec<u8> {
    // HMAC accepts keys of any length, so this cannot fail; an empty MAC would never match.
    let Ok(mut mac) = <Hmac<Sha256> as KeyInit>::new_from_slice(key) else {
        return Vec::new();
    };
    mac.update(b"twofold-csrf\0");
    mac.update(session.as_str().as_bytes());
    mac.finalize().into_bytes().to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_tokens_parse_and_differ() {
        let a = SecretToken::generate().unwrap_or_else(|e| panic!("{e}"));
        let b = SecretToken::generate().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(a.expose().len(), 43);
        assert_ne!(a.expose(), b.expose());
        assert!(SecretToken::parse(a.expose()).is_some());
        assert_eq!(a.hash().as_str().len(), 64);
        assert_ne!(a.hash(), b.hash());
    }

    #[test]
    fn malformed_tokens_are_refused() {
        for bad in [
            "",
            "abc",
            &"a".repeat(44),
            &format!("{}=", "a".repeat(42)),
            &"é".repeat(43),
        ] {
            assert!(SecretToken::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn sha256_matches_a_known_vector() {
        assert_eq!(
            TokenHash::of(b"abc").as_str(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn csrf_tokens_are_bound_to_key_and_session() {
        let s1 = TokenHash::of(b"one");
        let s2 = TokenHash::of(b"two");
        let t = csrf_token(b"key", &s1);
        assert!(csrf_token_matches(b"key", &s1, &t));
        assert!(!csrf_token_matches(b"key", &s2, &t));
        assert!(!csrf_token_matches(b"other", &s1, &t));
        assert!(!csrf_token_matches(b"key", &s1, "not base64!"));
    }
}
