//! Human-readable names: a person's display name and an organization's name.

use crate::ValidationError;
use crate::error::Invalid;

fn parse_name(field: &'static str, raw: &str, max: usize) -> Result<String, ValidationError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(ValidationError::because(field, Invalid::Empty));
    }
    if trimmed.chars().count() > max {
        return Err(ValidationError::because(field, Invalid::TooLong(max)));
    }
    if trimmed.chars().any(char::is_control) {
        return Err(ValidationError::because(field, Invalid::ControlCharacters));
    }
    Ok(trimmed.to_owned())
}

/// A person's display name: 1 to 100 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayName(String);

impl DisplayName {
    pub const MAX_CHARS: usize = 100;

    /// # Errors
    /// When empty after trimming, longer than 100 characters, or holding control characters.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        parse_name("name", raw, Self::MAX_CHARS).map(Self)
    }

    /// The name given to an account created without one: the email's local part.
    pub fn from_email(email: &crate::Email) -> Self {
        let local = email.as_str().split('@').next().unwrap_or_default();
        Self(local.chars().take(Self::MAX_CHARS).collect())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// An organization's name: 1 to 100 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgName(String);

impl OrgName {
    pub const MAX_CHARS: usize = 100;

    /// # Errors
    /// When empty after trimming, longer than 100 characters, or holding control characters.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        parse_name("name", raw, Self::MAX_CHARS).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(
            OrgName::parse("  Acme  ").map(OrgName::into_inner),
            Ok("Acme".into())
        );
        assert!(OrgName::parse("").is_err());
        assert!(OrgName::parse(" \t ").is_err());
        assert!(OrgName::parse(&"x".repeat(101)).is_err());
        assert!(OrgName::parse(&"é".repeat(100)).is_ok());
        assert!(DisplayName::parse("Ann\u{0}Lee").is_err());
    }

    #[test]
    fn default_display_name_is_the_local_part() {
        let email = crate::Email::parse("ann.lee@example.org").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(DisplayName::from_email(&email).as_str(), "ann.lee");
    }
}
