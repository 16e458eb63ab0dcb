//! Device cookies (OWASP, "Slow Down Online Guessing Attacks with Device Cookies"): a browser
//! that once signed in to an account with the right password carries a cookie naming that
//! account, and its password attempts are counted on the cookie's own counter instead of the
//! account's. Someone who knows only an email address can then lock out every client but the
//! holder's own browsers; the holder's attempts still have a limit.
//!
//! The cookie is stateless: a random nonce and a MAC over it and the email under the server's
//! key, so that a forged or copied-to-another-account cookie is just an untrusted client.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

use crate::Email;
use crate::token::{RandomError, SecretToken, TokenHash};

/// A device cookie that verified for one email: what its attempts are counted under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownDevice {
    nonce_hash: TokenHash,
}

impl KnownDevice {
    /// The sign-in throttle counter of this device (in place of the account's).
    pub fn throttle_key(&self) -> String {
        format!("signin:device:{}", self.nonce_hash.as_str())
    }
}

fn mac(key: &[u8], email: &Email, nonce: &str) -> Vec<u8> {
    // HMAC accepts keys of any length, so this cannot fail; an empty MAC would never match.
    let Ok(mut mac) = <Hmac<Sha256> as KeyInit>::new_from_slice(key) else {
        return Vec::new();
    };
    mac.update(b"twofold-known-device\0");
    mac.update(email.as_str().as_bytes());
    mac.update(b"\0");
    mac.update(nonce.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

/// A new cookie value for a browser that just signed in to `email`.
///
/// # Errors
/// When the OS random generator fails.
pub fn issue(key: &[u8], email: &Email) -> Result<String, RandomError> {
    let nonce = SecretToken::generate()?;
    let tag = URL_SAFE_NO_PAD.encode(mac(key, email, nonce.expose()));
    Ok(format!("{}.{tag}", nonce.expose()))
}

/// The device a presented cookie stands for, when it was issued by this server for `email`
/// (compared in constant time); `None` for anything else.
pub fn verify(key: &[u8], email: &Email, presented: &str) -> Option<KnownDevice> {
    let (nonce, tag) = presented.split_once('.')?;
    let nonce = SecretToken::parse(nonce)?;
    let tag = URL_SAFE_NO_PAD.decode(tag).ok()?;
    let expected = mac(key, email, nonce.expose());
    bool::from(expected.as_slice().ct_eq(tag.as_slice())).then(|| KnownDevice {
        nonce_hash: nonce.hash(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &[u8] = b"0123456789abcdef0123456789abcdef";

    fn email(s: &str) -> Email {
        Email::parse(s).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn a_cookie_verifies_for_its_email_only() {
        let ann = email("ann@example.org");
        let cookie = issue(KEY, &ann).unwrap_or_else(|e| panic!("{e}"));
        let device = verify(KEY, &ann, &cookie).unwrap_or_else(|| panic!("not verified"));
        assert!(device.throttle_key().starts_with("signin:device:"));
        assert_eq!(verify(KEY, &email("bob@example.org"), &cookie), None);
        assert_eq!(verify(b"another key", &ann, &cookie), None);
        // Each browser gets its own counter.
        let other = issue(KEY, &ann).unwrap_or_else(|e| panic!("{e}"));
        assert_ne!(verify(KEY, &ann, &other), Some(device));
    }

    #[test]
    fn altered_or_malformed_cookies_are_untrusted() {
        let ann = email("ann@example.org");
        let cookie = issue(KEY, &ann).unwrap_or_else(|e| panic!("{e}"));
        let (nonce, tag) = cookie.split_once('.').unwrap_or_else(|| panic!("shape"));
        let mut flipped = tag.as_bytes().to_vec();
        flipped[0] = if flipped[0] == b'A' { b'B' } else { b'A' };
        let flipped = String::from_utf8(flipped).unwrap_or_else(|e| panic!("{e}"));
        for bad in [
            String::new(),
            nonce.to_owned(),
            format!("{nonce}."),
            format!("{nonce}.{flipped}"),
            format!(".{tag}"),
            format!("{nonce}.{tag}.x"),
            "a.b".to_owned(),
        ] {
            assert_eq!(verify(KEY, &ann, &bad), None, "{bad}");
        }
    }
}
