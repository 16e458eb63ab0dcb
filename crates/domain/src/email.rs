//! Email addresses as account identifiers.

use crate::ValidationError;
use crate::error::Invalid;

/// A syntactically valid email address, trimmed and lower-cased so that `Ann@Example.org` and
/// `ann@example.org` are one account.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Email(String);

impl Email {
    /// RFC 5321 §4.5.3.1.3 caps a path at 256 octets, so an address at 254.
    pub const MAX_LEN: usize = 254;

    /// # Errors
    /// When the address is empty, too long, or not of the form `local@domain`.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(ValidationError::because("email", Invalid::Empty));
        }
        if trimmed.len() > Self::MAX_LEN {
            return Err(ValidationError::because(
                "email",
                Invalid::TooLong(Self::MAX_LEN),
            ));
        }
        let parsed = email_address::EmailAddress::parse_with_options(
            trimmed,
            email_address::Options::default()
                .without_display_text()
                .without_domain_literal(),
        )
        .map_err(|e| ValidationError::because("email", Invalid::Address(e.to_string())))?;
        // A bare host ("ann@localhost") is legal in RFC 5322 but never a deliverable address here.
        if !parsed.domain().contains('.') {
            return Err(ValidationError::because(
                "email",
                Invalid::AddressWithoutDot,
            ));
        }
        Ok(Self(trimmed.to_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Rebuilds an address read back from storage, where it was stored already parsed.
    pub fn from_trusted(stored: String) -> Self {
        Self(stored)
    }
}

impl std::fmt::Display for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_addresses_are_normalised() {
        assert_eq!(
            Email::parse("  Ann.Lee@Example.ORG ").map(|e| e.0),
            Ok("ann.lee@example.org".to_owned())
        );
    }

    #[test]
    fn invalid_addresses_are_rejected() {
        for bad in [
            "",
            "   ",
            "ann",
            "@example.org",
            "ann@",
            "ann@@example.org",
            "ann@localhost",
            "Ann <ann@example.org>",
            "ann@[127.0.0.1]",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?} should be rejected");
        }
        let long = format!("{}@example.org", "a".repeat(250));
        assert!(Email::parse(&long).is_err());
    }

    proptest::proptest! {
        #[test]
        fn parse_never_panics(s in "\\PC*") {
            let _ = Email::parse(&s);
        }
    }
}
