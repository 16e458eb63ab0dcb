//! Recovery codes: one-time look-up secrets (NIST SP 800-63B §5.1.2) that stand in for a lost
//! second factor. Ten per set, each 12 characters from an alphabet without look-alikes (no 0/o,
//! 1/i/l), about 59 bits each, shown grouped as `xxxx-xxxx-xxxx`.

use zeroize::Zeroizing;

use crate::ValidationError;
use crate::error::Invalid;

/// 31 characters: digits 2–9 and the lower-case letters except i, l and o.
const ALPHABET: &[u8] = b"23456789abcdefghjkmnpqrstuvwxyz";
pub const LENGTH: usize = 12;
pub const SET_SIZE: usize = 10;

/// One recovery code, normalised (lower case, no separators), wiped on drop.
#[derive(Clone, PartialEq, Eq)]
pub struct RecoveryCode(Zeroizing<String>);

impl std::fmt::Debug for RecoveryCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RecoveryCode(<redacted>)")
    }
}

/// `len` characters drawn uniformly from the unambiguous alphabet (bytes at or above 248, the
/// largest multiple of 31 that fits, are dropped so that no character is more likely).
pub(crate) fn random_string(len: usize) -> Result<Zeroizing<String>, crate::token::RandomError> {
    let mut out = Zeroizing::new(String::with_capacity(len));
    let mut buf = Zeroizing::new([0u8; 32]);
    while out.len() < len {
        crate::token::fill_random(buf.as_mut_slice())?;
        for &b in buf.iter() {
            if b < 248 && out.len() < len {
                out.push(char::from(ALPHABET[usize::from(b % 31)]));
            }
        }
    }
    Ok(out)
}

/// Whether every byte of `s` is in the unambiguous alphabet.
pub(crate) fn in_alphabet(s: &str) -> bool {
    s.bytes().all(|b| ALPHABET.contains(&b))
}

impl RecoveryCode {
    /// A fresh code. Characters are drawn by rejection sampling, so each of the 31 is equally
    /// likely.
    ///
    /// # Errors
    /// When the OS random generator fails.
    pub fn generate() -> Result<Self, crate::token::RandomError> {
        random_string(LENGTH).map(Self)
    }

    pub fn generate_set() -> Result<Vec<Self>, crate::token::RandomError> {
        (0..SET_SIZE).map(|_| Self::generate()).collect()
    }

    /// Accepts a code as typed: any case, with or without hyphens or spaces between groups.
    ///
    /// # Errors
    /// When it is not 12 characters of the alphabet.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let compact: String = raw
            .chars()
            .filter(|c| !matches!(c, '-' | ' '))
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if compact.len() != LENGTH || !compact.bytes().all(|b| ALPHABET.contains(&b)) {
            return Err(ValidationError::because("code", Invalid::RecoveryCode));
        }
        Ok(Self(Zeroizing::new(compact)))
    }

    /// The normalised form, what gets hashed.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// `xxxx-xxxx-xxxx`, for showing to the holder.
    pub fn grouped(&self) -> String {
        let s = self.0.as_str();
        format!("{}-{}-{}", &s[..4], &s[4..8], &s[8..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_is_ten_distinct_codes_of_the_alphabet() {
        let set = RecoveryCode::generate_set().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(set.len(), 10);
        for c in &set {
            assert_eq!(c.expose().len(), 12);
            assert!(c.expose().bytes().all(|b| ALPHABET.contains(&b)));
            assert_eq!(RecoveryCode::parse(&c.grouped()).as_ref(), Ok(c));
            assert_eq!(
                RecoveryCode::parse(&c.grouped().to_uppercase()).as_ref(),
                Ok(c)
            );
        }
        let mut seen: Vec<_> = set.iter().map(|c| c.expose().to_owned()).collect();
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), 10);
    }

    #[test]
    fn each_code_carries_at_least_50_bits() {
        let bits = (LENGTH as f64) * (ALPHABET.len() as f64).log2();
        assert!(bits >= 50.0, "{bits}");
        assert_eq!(ALPHABET.len(), 31);
        for c in b"01ilo" {
            assert!(!ALPHABET.contains(c));
        }
    }

    #[test]
    fn malformed_codes_are_refused() {
        for bad in [
            "",
            "abcd-efgh",
            "abcd-efgh-jkm0",
            "abcd-efgh-jkmnp",
            "ａｂｃｄ-efgh-jkmn",
            "abcd_efgh_jkmn",
        ] {
            assert!(RecoveryCode::parse(bad).is_err(), "{bad:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn parse_never_panics(s in "\\PC*") {
            let _ = RecoveryCode::parse(&s);
        }
    }
}
