//! Second-factor methods: their kinds, which one is proposed first, and what the second step of
//! a sign-in may be answered with.

use time::OffsetDateTime;

use crate::error::Invalid;
use crate::{MethodId, ValidationError};

/// A kind of second-factor method. The order of the variants is their strength, strongest
/// first: a security key is phishing-resistant, push needs the registered device and number
/// matching, TOTP is a shared secret, SMS a restricted authenticator (NIST SP 800-63B §5.1.3.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MethodKind {
    Webauthn,
    Push,
    Totp,
    Sms,
}

impl MethodKind {
    pub const ALL: [MethodKind; 4] = [Self::Webauthn, Self::Push, Self::Totp, Self::Sms];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Webauthn => "webauthn",
            Self::Push => "push",
            Self::Totp => "totp",
            Self::Sms => "sms",
        }
    }

    /// # Errors
    /// When `raw` is not a method kind.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == raw)
            .ok_or_else(|| {
                ValidationError::because("type", Invalid::OneOf("webauthn, push, totp, sms"))
            })
    }

    /// The kind's bit in [`kinds_to_mask`]; fixed forever, since memberships store it.
    pub fn bit(self) -> i64 {
        match self {
            Self::Webauthn => 1,
            Self::Push => 2,
            Self::Totp => 4,
            Self::Sms => 8,
        }
    }

    /// What the holder reads in emails and pages.
    pub fn describe(self) -> &'static str {
        match self {
            Self::Webauthn => "security key",
            Self::Push => "push approval app",
            Self::Totp => "authenticator app",
            Self::Sms => "SMS code",
        }
    }
}

/// The most characters a label may have.
pub const LABEL_MAX: usize = 64;

/// A label for a method, an app password or a device: trimmed, 1 to 64 characters, no control
/// characters (labels are shown in emails and pages).
///
/// # Errors
/// When the label is empty, too long or holds control characters.
pub fn parse_label(raw: &str) -> Result<String, ValidationError> {
    let label = raw.trim();
    if label.is_empty() || label.chars().count() > LABEL_MAX {
        return Err(ValidationError::because(
            "label",
            Invalid::Chars(1, LABEL_MAX),
        ));
    }
    if label.chars().any(char::is_control) {
        return Err(ValidationError::because(
            "label",
            Invalid::ControlCharacters,
        ));
    }
    Ok(label.to_owned())
}

/// The stored form of a set of kinds: distinct, strongest first, comma-separated.
pub fn kinds_to_text(kinds: &[MethodKind]) -> String {
    let mut sorted = kinds.to_vec();
    sorted.sort();
    sorted.dedup();
    sorted
        .iter()
        .map(|k| k.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// The kinds as bits (webauthn 1, push 2, totp 4, sms 8), as memberships store them so that
/// compliance with any allowed-methods list is one bitwise AND in a query.
pub fn kinds_to_mask(kinds: &[MethodKind]) -> i64 {
    kinds.iter().fold(0, |m, k| m | k.bit())
}

/// Reads [`kinds_to_mask`]'s form back; unknown bits are ignored.
pub fn kinds_from_mask(mask: i64) -> Vec<MethodKind> {
    MethodKind::ALL
        .into_iter()
        .filter(|k| mask & k.bit() != 0)
        .collect()
}

/// Reads [`kinds_to_text`]'s form back.
///
/// # Errors
/// When a part is not a method kind.
pub fn kinds_from_text(text: &str) -> Result<Vec<MethodKind>, ValidationError> {
    text.split(',')
        .filter(|p| !p.is_empty())
        .map(MethodKind::parse)
        .collect()
}

/// What a second step may be answered with: a method, or one of the recovery codes. A session
/// records the one it passed, or that a passkey signed it in without a password (which no
/// second step can be answered with: [`StepKind::parse`] refuses it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    Method(MethodKind),
    RecoveryCode,
    Passkey,
}

impl StepKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Method(k) => k.as_str(),
            Self::RecoveryCode => "recovery_code",
            Self::Passkey => "passkey",
        }
    }

    /// Reads back what a session recorded ([`StepKind::as_str`]).
    ///
    /// # Errors
    /// When `raw` is none of them.
    pub fn from_stored(raw: &str) -> Result<Self, ValidationError> {
        if raw == "passkey" {
            return Ok(Self::Passkey);
        }
        Self::parse(raw)
    }

    /// # Errors
    /// When `raw` is not a method kind or `recovery_code`.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        if raw == "recovery_code" {
            return Ok(Self::RecoveryCode);
        }
        MethodKind::parse(raw).map(Self::Method).map_err(|_| {
            ValidationError::because(
                "type",
                Invalid::OneOf("totp, recovery_code, sms, webauthn, push"),
            )
        })
    }
}

/// The facts about a verified method that choosing the default needs.
#[derive(Debug, Clone)]
pub struct MethodFacts<'a> {
    pub id: &'a MethodId,
    pub kind: MethodKind,
    /// The holder chose this one as their default.
    pub pinned: bool,
    pub created_at: OffsetDateTime,
}

/// The method proposed first at sign-in: the one the holder pinned, else the strongest, the
/// oldest among equals (so the default does not move when another of the same kind is added).
pub fn default_method<'a>(methods: &[MethodFacts<'a>]) -> Option<&'a MethodId> {
    methods
        .iter()
        .find(|m| m.pinned)
        .or_else(|| methods.iter().min_by_key(|m| (m.kind, m.created_at)))
        .map(|m| m.id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn kinds_round_trip_and_rank_by_strength() {
        for k in MethodKind::ALL {
            assert_eq!(kinds_from_mask(kinds_to_mask(&[k])), vec![k]);
            assert_eq!(MethodKind::parse(k.as_str()), Ok(k));
        }
        assert!(MethodKind::Webauthn < MethodKind::Push);
        assert!(MethodKind::Push < MethodKind::Totp);
        assert!(MethodKind::Totp < MethodKind::Sms);
        assert!(MethodKind::parse("TOTP").is_err());
        assert_eq!(StepKind::parse("recovery_code"), Ok(StepKind::RecoveryCode));
        assert_eq!(
            StepKind::parse("totp"),
            Ok(StepKind::Method(MethodKind::Totp))
        );
        assert!(StepKind::parse("password").is_err());
    }

    #[test]
    fn kind_sets_round_trip_through_their_stored_form() {
        let kinds = [MethodKind::Totp, MethodKind::Webauthn, MethodKind::Totp];
        assert_eq!(kinds_to_text(&kinds), "webauthn,totp");
        assert_eq!(
            kinds_from_text("webauthn,totp"),
            Ok(vec![MethodKind::Webauthn, MethodKind::Totp])
        );
        assert_eq!(kinds_from_text(""), Ok(vec![]));
        assert!(kinds_from_text("totp,password").is_err());
    }

    #[test]
    fn the_default_is_the_pinned_one_else_the_strongest_else_the_oldest() {
        let (a, b, c) = (
            MethodId::generate(),
            MethodId::generate(),
            MethodId::generate(),
        );
        let t1 = datetime!(2026-01-01 00:00 UTC);
        let t2 = datetime!(2026-02-01 00:00 UTC);
        let m = |id, kind, pinned, created_at| MethodFacts {
            id,
            kind,
            pinned,
            created_at,
        };
        assert_eq!(default_method(&[]), None);
        let sms_then_key = [
            m(&a, MethodKind::Sms, false, t1),
            m(&b, MethodKind::Webauthn, false, t2),
        ];
        assert_eq!(default_method(&sms_then_key), Some(&b));
        let two_totp = [
            m(&b, MethodKind::Totp, false, t2),
            m(&a, MethodKind::Totp, false, t1),
        ];
        assert_eq!(default_method(&two_totp), Some(&a));
        let pinned = [
            m(&a, MethodKind::Webauthn, false, t1),
            m(&c, MethodKind::Sms, true, t2),
        ];
        assert_eq!(default_method(&pinned), Some(&c));
    }
}
