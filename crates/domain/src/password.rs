//! Password rules for new passwords (NIST SP 800-63B §3.1.1.2): a minimum length, a generous
//! maximum, no composition rules, and a refusal of passwords that are known to be guessed first.

use zeroize::Zeroizing;

use crate::error::Invalid;
use crate::{Email, ValidationError};

/// A password that passed the rules, kept in memory that is wiped on drop.
pub struct NewPassword(Zeroizing<String>);

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(<redacted>)")
    }
}

/// Passwords that appear at the top of every breach corpus and pass the length rule. The full
/// breach lists are large; these are the ones attackers try first.
const COMMON: &[&str] = &[
    "1234567890",
    "12345678910",
    "123456789012",
    "0123456789",
    "0987654321",
    "1111111111",
    "password123",
    "password1234",
    "password12345",
    "passwordpassword",
    "qwertyuiop",
    "qwertyuiop123",
    "1q2w3e4r5t",
    "1qaz2wsx3edc",
    "zaq12wsxcde3",
    "iloveyou123",
    "abcdefghij",
    "abc1234567",
    "changeme123",
    "letmein1234",
    "welcome123",
    "welcome1234",
    "administrator",
    "superman123",
    "football123",
    "baseball123",
    "trustno1trustno1",
    "qwerty123456",
    "asdfghjkl123",
    "princess123",
    "sunshine123",
];

impl NewPassword {
    pub const MIN_CHARS: usize = 10;
    /// Long enough for any passphrase, short enough that hashing it is not a denial of service.
    pub const MAX_CHARS: usize = 256;

    /// # Errors
    /// `weak_password` reasons: too short, too long, a well-known password, or the account's own
    /// email address.
    pub fn parse(raw: &str, email: &Email) -> Result<Self, ValidationError> {
        let chars = raw.chars().count();
        if chars < Self::MIN_CHARS {
            return Err(ValidationError::because(
                "password",
                Invalid::TooShort(Self::MIN_CHARS),
            ));
        }
        if chars > Self::MAX_CHARS {
            return Err(ValidationError::because(
                "password",
                Invalid::TooLong(Self::MAX_CHARS),
            ));
        }
        let lowered = raw.to_lowercase();
        if COMMON.contains(&lowered.as_str()) {
            return Err(ValidationError::because(
                "password",
                Invalid::CommonPassword,
            ));
        }
        if raw.chars().all(|c| raw.starts_with(c)) {
            return Err(ValidationError::because(
                "password",
                Invalid::RepeatedCharacter,
            ));
        }
        let local = email.as_str().split('@').next().unwrap_or_default();
        if lowered == email.as_str() || (local.len() >= 4 && lowered == local) {
            return Err(ValidationError::because(
                "password",
                Invalid::PasswordIsEmail,
            ));
        }
        Ok(Self(Zeroizing::new(raw.to_owned())))
    }

    /// Whether a presented password could be one that `parse` accepted at some point: not
    /// empty and not over the maximum. Longer input is refused before hashing, so it cannot be
    /// used to make the server hash megabytes.
    pub fn could_be_valid(presented: &str) -> bool {
        !presented.is_empty() && presented.chars().count() <= Self::MAX_CHARS
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn email() -> Email {
        Email::parse("ann.lee@example.org").unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn strong_passphrases_pass() {
        assert!(NewPassword::parse("correct horse battery staple", &email()).is_ok());
        assert!(NewPassword::parse("ünïcødé-pässwörd", &email()).is_ok());
    }

    #[test]
    fn weak_passwords_are_refused() {
        for bad in [
            "short",
            "123456789",
            "Password123",
            "aaaaaaaaaaaa",
            "ann.lee@example.org",
        ] {
            assert!(NewPassword::parse(bad, &email()).is_err(), "{bad}");
        }
        assert!(NewPassword::parse(&"x1".repeat(200), &email()).is_err());
    }

    #[test]
    fn debug_never_shows_the_password() {
        let p = NewPassword::parse("correct horse battery staple", &email())
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(!format!("{p:?}").contains("horse"));
    }
}
