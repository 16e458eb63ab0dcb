//! The one error a parser in this crate returns: which field, and why, in words a user can act on.

/// A value that failed validation. `field` names the input (`email`, `password`…) so the HTTP
/// layer can point at it; `reason` is a sentence for humans, in English (the API's words);
/// `why` is the same reason as a stable id, which the console says in its reader's language.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct ValidationError {
    pub field: &'static str,
    pub reason: String,
    pub why: Invalid,
}

impl ValidationError {
    /// `field` is refused for a reason given in English only: one of [`Invalid`]'s words when
    /// it is one (without values), else [`Invalid::Other`] (a parser's own message, say).
    pub fn new(field: &'static str, reason: impl Into<String>) -> Self {
        let reason = reason.into();
        Self {
            field,
            why: Invalid::from_english(&reason),
            reason,
        }
    }

    /// `field` is refused because of `why`.
    pub fn because(field: &'static str, why: Invalid) -> Self {
        Self {
            field,
            reason: why.english(),
            why,
        }
    }
}

/// Why a value was refused: one variant per reason, with the values its sentence names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Invalid {
    Required,
    Empty,
    /// At least this many characters.
    TooShort(usize),
    /// At most this many characters.
    TooLong(usize),
    /// From the first to the second number of characters.
    Chars(usize, usize),
    /// A number from the first to the second.
    Between(u64, u64),
    /// At most this many items.
    AtMost(usize),
    AtLeastOne,
    ControlCharacters,
    /// One of these words (a list the API accepts: `en, fr, de, it`).
    OneOf(&'static str),
    /// This word or that one.
    Either(&'static str, &'static str),
    /// Exactly this word.
    Exactly(&'static str),
    NotId,
    NotCursor,
    NotSessionState,
    NotChallengeId,
    /// Not an email address; the parser's own words (English).
    Address(String),
    AddressWithoutDot,
    SameEmail,
    CommonPassword,
    RepeatedCharacter,
    PasswordIsEmail,
    UriTooLong,
    UriSpaces,
    UriNotAbsolute,
    UriFragment,
    UriUserInfo,
    UriHttps,
    UriScheme,
    PublicHttps,
    /// The organization has this many apps already.
    TooManyApps(usize),
    CodeChallenge,
    ScopeOpenid,
    CountryCodes,
    PhoneLength,
    PhoneInternational,
    NotPhone,
    PhoneInvalid,
    PhoneNoCountry,
    PhoneMobile,
    NumberRequired,
    NotMeWithDenial,
    PublicKey,
    RecoveryCode,
    SmsCode,
    TotpCode,
    NoSuchMethod,
    TypeMismatch,
    NotCredential,
    NotAssertion,
    SignatureRequired,
    NoApprover,
    NotEnrolled,
    MethodList,
    AtLeastOneMethod,
    /// At most this many members.
    TooManyMembers(usize),
    UserIds,
    DateLike,
    DateTime,
    Days,
    /// Not a network in CIDR notation: the block as written.
    NotCidr(String),
    /// A trusted network so wide it is most of the Internet.
    NetworkTooWide,
    /// A reason known only in English (`reason`).
    Other,
}

impl Invalid {
    /// The reasons without values (what [`ValidationError::new`] recognises).
    pub const PLAIN: [Invalid; 50] = [
        Self::Required,
        Self::Empty,
        Self::AtLeastOne,
        Self::ControlCharacters,
        Self::NotId,
        Self::NotCursor,
        Self::NotSessionState,
        Self::NotChallengeId,
        Self::AddressWithoutDot,
        Self::SameEmail,
        Self::CommonPassword,
        Self::RepeatedCharacter,
        Self::PasswordIsEmail,
        Self::UriTooLong,
        Self::UriSpaces,
        Self::UriNotAbsolute,
        Self::UriFragment,
        Self::UriUserInfo,
        Self::UriHttps,
        Self::UriScheme,
        Self::PublicHttps,
        Self::CodeChallenge,
        Self::ScopeOpenid,
        Self::CountryCodes,
        Self::PhoneLength,
        Self::PhoneInternational,
        Self::NotPhone,
        Self::PhoneInvalid,
        Self::PhoneNoCountry,
        Self::PhoneMobile,
        Self::NumberRequired,
        Self::NotMeWithDenial,
        Self::PublicKey,
        Self::RecoveryCode,
        Self::SmsCode,
        Self::TotpCode,
        Self::NoSuchMethod,
        Self::TypeMismatch,
        Self::NotCredential,
        Self::NotAssertion,
        Self::SignatureRequired,
        Self::NoApprover,
        Self::NotEnrolled,
        Self::MethodList,
        Self::AtLeastOneMethod,
        Self::UserIds,
        Self::DateLike,
        Self::DateTime,
        Self::Days,
        Self::NetworkTooWide,
    ];

    /// The reason without values whose English is `reason`, else `Other`.
    fn from_english(reason: &str) -> Self {
        Self::PLAIN
            .into_iter()
            .find(|w| w.english() == reason)
            .unwrap_or(Self::Other)
    }

    /// The reason in English, as the API says it (after the field: `email: must not be empty`).
    pub fn english(&self) -> String {
        match self {
            Self::TooShort(n) => format!("must be at least {n} characters"),
            Self::TooLong(n) => format!("must be at most {n} characters"),
            Self::Chars(a, b) => format!("must be {a} to {b} characters"),
            Self::Between(a, b) => format!("must be between {a} and {b}"),
            Self::AtMost(n) => format!("at most {n}"),
            Self::OneOf(list) => format!("must be one of {list}"),
            Self::Either(a, b) => format!("must be {a} or {b}"),
            Self::Exactly(w) => format!("must be {w}"),
            Self::Address(detail) => format!("is not a valid address ({detail})"),
            Self::TooManyApps(n) => format!("the organization has {n} apps already"),
            Self::TooManyMembers(n) => format!("must list at most {n} members"),
            Self::NotCidr(block) => format!(
                "{block:?} is not a network in CIDR notation (203.0.113.0/24, 2001:db8::/48)"
            ),
            plain => plain.plain_english().to_owned(),
        }
    }

    fn plain_english(&self) -> &'static str {
        match self {
            Self::Required => "is required",
            Self::Empty => "must not be empty",
            Self::AtLeastOne => "must name at least one",
            Self::ControlCharacters => "must not contain control characters",
            Self::NotId => "is not a valid id",
            Self::NotCursor => "is not a valid cursor",
            Self::NotSessionState => "is not a session state",
            Self::NotChallengeId => "is not a challenge id",
            Self::AddressWithoutDot => "is not a valid address (the domain needs a dot)",
            Self::SameEmail => "is already the account's address",
            Self::CommonPassword => "is one of the most commonly used passwords",
            Self::RepeatedCharacter => "must not repeat a single character",
            Self::PasswordIsEmail => "must not be your email address",
            Self::UriTooLong => "is too long",
            Self::UriSpaces => "must not contain spaces or control characters",
            Self::UriNotAbsolute => "must be an absolute URI",
            Self::UriFragment => "must not have a fragment",
            Self::UriUserInfo => "must not carry user information",
            Self::UriHttps => "must use https (http only on a loopback address)",
            Self::UriScheme => "must use https, or a reverse-DNS scheme for a native app",
            Self::PublicHttps => "must be a public https address",
            Self::CodeChallenge => "must be 43 base64url characters",
            Self::ScopeOpenid => "must include openid",
            Self::CountryCodes => "must be ISO 3166-1 alpha-2 codes such as CH",
            Self::PhoneLength => "must be a phone number of 1 to 32 characters",
            Self::PhoneInternational => {
                "must be in international form, with the country code (+41 79 123 45 67)"
            }
            Self::NotPhone => "is not a phone number",
            Self::PhoneInvalid => "is not a valid phone number",
            Self::PhoneNoCountry => "belongs to no country",
            Self::PhoneMobile => "must be a mobile number that can receive text messages",
            Self::NumberRequired => "is required to approve: the number the sign-in shows",
            Self::NotMeWithDenial => "only goes with a denial",
            Self::PublicKey => "must be an Ed25519 public key, 32 bytes in base64url",
            Self::RecoveryCode => "must be one of your 12-character recovery codes",
            Self::SmsCode => "must be the 6 digits of the text",
            Self::TotpCode => "must be the 6 digits your app shows",
            Self::NoSuchMethod => "no method of this type is set up on this account",
            Self::TypeMismatch => "does not match the method's type",
            Self::NotCredential => "is not a WebAuthn credential",
            Self::NotAssertion => "is not a WebAuthn assertion",
            Self::SignatureRequired => "is required from a device",
            Self::NoApprover => {
                "no authenticator device, and no other signed-in browser, can approve this sign-in"
            }
            Self::NotEnrolled => {
                "the device has not enrolled yet: give it the enrollment code first"
            }
            Self::MethodList => "must list totp, webauthn, sms or push",
            Self::AtLeastOneMethod => "must allow at least one method",
            Self::UserIds => "must list user ids",
            Self::DateLike => "must be a date like 2027-01-31",
            Self::DateTime => "must be a date and time",
            Self::Days => "must be a number of days",
            Self::NetworkTooWide => {
                "must be no wider than an IPv4 /8 or an IPv6 /16: a wider one is most of the Internet"
            }
            // Reasons with values are written by `english`; `Other` has its own words.
            _ => "is not valid",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_english_reason_finds_its_id() {
        let e = ValidationError::new("deadline", "must be a date like 2027-01-31");
        assert_eq!(e.why, Invalid::DateLike);
        assert_eq!(e.to_string(), "deadline: must be a date like 2027-01-31");
        let free = ValidationError::new("body", "Failed to deserialize");
        assert_eq!(free.why, Invalid::Other);
        assert_eq!(free.reason, "Failed to deserialize");
        let e = ValidationError::because("password", Invalid::TooShort(12));
        assert_eq!(e.to_string(), "password: must be at least 12 characters");
    }

    #[test]
    fn reasons_without_values_have_their_own_words() {
        let mut seen = std::collections::BTreeSet::new();
        for w in &Invalid::PLAIN {
            assert_ne!(w.english(), "is not valid", "{w:?}");
            assert!(seen.insert(w.english()), "{w:?} says what another says");
            assert_eq!(Invalid::from_english(&w.english()), *w);
        }
    }
}
