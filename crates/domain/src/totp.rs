//! Time-based one-time passwords (RFC 6238) for authenticator apps, through `totp-rs`.
//!
//! This module knows the parameters every common app understands (HMAC-SHA1, 6 digits, 30 s
//! steps), accepts at most one step of drift either way (RFC 6238 §5.2), and returns the step a
//! code matched so storage can accept each step once. It never reads the clock: callers pass
//! the time.

use time::OffsetDateTime;
use totp_rs::{Algorithm, Builder, Secret};
use zeroize::Zeroizing;

use crate::ValidationError;
use crate::error::Invalid;

/// RFC 4226 §4 recommends 160-bit secrets.
pub const SECRET_BYTES: usize = 20;
pub const DIGITS: u8 = 6;
pub const STEP_SECONDS: u64 = 30;
/// RFC 6238 §5.2: at most one step of network delay or clock drift.
pub const SKEW_STEPS: u16 = 1;

/// An authenticator secret, wiped from memory on drop.
#[derive(Clone)]
pub struct TotpSecret(Zeroizing<Vec<u8>>);

impl std::fmt::Debug for TotpSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TotpSecret(<redacted>)")
    }
}

impl TotpSecret {
    /// A fresh 160-bit secret from the OS generator.
    ///
    /// # Errors
    /// When the OS random generator fails.
    pub fn generate() -> Result<Self, crate::token::RandomError> {
        let mut bytes = Zeroizing::new(vec![0u8; SECRET_BYTES]);
        crate::token::fill_random(&mut bytes)?;
        Ok(Self(bytes))
    }

    /// Rebuilds a secret from its raw bytes (after decryption).
    pub fn from_bytes(bytes: Vec<u8>) -> Self {
        Self(Zeroizing::new(bytes))
    }

    pub fn expose(&self) -> &[u8] {
        &self.0
    }

    /// Reads a secret as apps show it (RFC 4648 base32, no padding), e.g. for a client that
    /// enrolled through the API.
    pub fn from_base32(encoded: &str) -> Option<Self> {
        Secret::try_from_base32(encoded)
            .ok()
            .map(|s| Self(Zeroizing::new(s.as_bytes().to_vec())))
    }

    /// The RFC 4648 base32 form (no padding) that people type into an app.
    pub fn base32(&self) -> String {
        Secret::from(self.0.as_slice()).to_base32()
    }
}

/// A code as typed: six ASCII digits; one space or hyphen in the middle (as apps display them)
/// is allowed and removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TotpCode(String);

impl TotpCode {
    /// # Errors
    /// When the input is not six ASCII digits.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let trimmed = raw.trim();
        let compact: String = match trimmed.char_indices().nth(3) {
            Some((i, ' ' | '-')) if trimmed.len() == 7 => {
                format!("{}{}", &trimmed[..i], &trimmed[i + 1..])
            }
            _ => trimmed.to_owned(),
        };
        if compact.len() != usize::from(DIGITS) || !compact.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ValidationError::because("code", Invalid::TotpCode));
        }
        Ok(Self(compact))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn seconds(at: OffsetDateTime) -> u64 {
    u64::try_from(at.unix_timestamp()).unwrap_or(0)
}

fn totp(
    secret: &[u8],
    algorithm: Algorithm,
    digits: u8,
    issuer: Option<&str>,
    account: &str,
) -> Option<totp_rs::Totp> {
    Builder::new()
        .with_algorithm(algorithm)
        .with_digits(digits)
        .with_skew(SKEW_STEPS)
        .with_step_duration(STEP_SECONDS)
        .with_secret(secret)
        .with_account_name(account.replace(':', ""))
        .with_issuer(issuer.map(|i| i.replace(':', "")))
        .build()
        .ok()
}

/// Checks `code` at time `at`; returns the matched time step (to be accepted once), if any.
pub fn verify(secret: &TotpSecret, code: &TotpCode, at: OffsetDateTime) -> Option<u64> {
    totp(secret.expose(), Algorithm::SHA1, DIGITS, None, "twofold")?
        .check(code.as_str(), seconds(at))
}

/// The code an app shows at `at` (for tests and tools).
pub fn generate(secret: &TotpSecret, at: OffsetDateTime) -> Option<String> {
    totp(secret.expose(), Algorithm::SHA1, DIGITS, None, "twofold")
        .map(|t| t.generate(seconds(at)).to_string())
}

/// The `otpauth://totp/…` URI an app scans: issuer and account label set, SHA1, 6 digits, 30 s.
pub fn otpauth_uri(secret: &TotpSecret, issuer: &str, account: &str) -> Option<String> {
    totp(
        secret.expose(),
        Algorithm::SHA1,
        DIGITS,
        Some(issuer),
        account,
    )?
    .to_url()
    .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: i64) -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp(secs).unwrap_or(OffsetDateTime::UNIX_EPOCH)
    }

    /// RFC 6238 Appendix B: 8-digit codes for SHA1, SHA256 and SHA512 with their seeds.
    #[test]
    fn rfc_6238_test_vectors() {
        let sha1 = b"12345678901234567890".as_slice();
        let sha256 = b"12345678901234567890123456789012".as_slice();
        let sha512 = b"1234567890123456789012345678901234567890123456789012345678901234".as_slice();
        let table: [(i64, &str, &str, &str); 6] = [
            (59, "94287082", "46119246", "90693936"),
            (1_111_111_109, "07081804", "68084774", "25091201"),
            (1_111_111_111, "14050471", "67062674", "99943326"),
            (1_234_567_890, "89005924", "91819424", "93441116"),
            (2_000_000_000, "69279037", "90698825", "38618901"),
            (20_000_000_000, "65353130", "77737706", "47863826"),
        ];
        for (t, c1, c256, c512) in table {
            for (seed, alg, want) in [
                (sha1, Algorithm::SHA1, c1),
                (sha256, Algorithm::SHA256, c256),
                (sha512, Algorithm::SHA512, c512),
            ] {
                let Some(otp) = totp(seed, alg, 8, None, "rfc") else {
                    panic!("vector parameters refused")
                };
                assert_eq!(
                    otp.generate(seconds(at(t))).to_string(),
                    want,
                    "t={t} {alg:?}"
                );
            }
        }
    }

    #[test]
    fn one_step_of_drift_is_accepted_either_way_and_no_more() {
        let secret = TotpSecret::from_bytes(b"12345678901234567890".to_vec());
        let now = at(1_000_000_020);
        let code = |t| TotpCode::parse(&generate(&secret, at(t)).unwrap_or_default());
        let step = 1_000_000_020 / 30;
        for (offset, expected) in [(0, Some(step)), (-30, Some(step - 1)), (30, Some(step + 1))] {
            let c = code(1_000_000_020 + offset).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(verify(&secret, &c, now), expected);
        }
        for offset in [-90, -60, 60, 90] {
            let c = code(1_000_000_020 + offset).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(verify(&secret, &c, now), None, "offset {offset}");
        }
    }

    #[test]
    fn codes_parse_strictly() {
        assert_eq!(
            TotpCode::parse(" 123456 ").map(|c| c.0),
            Ok("123456".into())
        );
        assert_eq!(TotpCode::parse("123 456").map(|c| c.0), Ok("123456".into()));
        assert_eq!(TotpCode::parse("123-456").map(|c| c.0), Ok("123456".into()));
        for bad in [
            "",
            "12345",
            "1234567",
            "12345a",
            "１２３４５６",
            "12 3456",
            "١٢٣٤٥٦",
            "123  456",
        ] {
            assert!(TotpCode::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn secrets_are_160_bits_and_show_as_base32() {
        let s = TotpSecret::generate().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.expose().len(), 20);
        assert_eq!(s.base32().len(), 32);
        assert_eq!(
            TotpSecret::from_base32(&s.base32()).map(|b| b.expose().to_vec()),
            Some(s.expose().to_vec())
        );
        assert!(!format!("{s:?}").contains(&s.base32()));
    }

    #[test]
    fn otpauth_uris_carry_issuer_label_and_parameters() {
        let s = TotpSecret::from_bytes(b"12345678901234567890".to_vec());
        let uri = otpauth_uri(&s, "twofold", "ann@example.org").unwrap_or_default();
        assert!(
            uri.starts_with("otpauth://totp/twofold:ann%40example.org?"),
            "{uri}"
        );
        for part in ["secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "issuer=twofold"] {
            assert!(uri.contains(part), "{part} missing from {uri}");
        }
        assert!(
            !uri.contains("algorithm=") || uri.contains("algorithm=SHA1"),
            "{uri}"
        );
    }

    proptest::proptest! {
        #[test]
        fn code_parse_never_panics(s in "\\PC*") {
            let _ = TotpCode::parse(&s);
        }
    }
}
