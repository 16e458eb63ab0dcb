//! Push approval: a registered device (or another signed-in session) approves or denies a
//! sign-in. Number matching (the sign-in shows a two-digit number; the approver must pick it
//! among three) defeats push fatigue: approving without looking at the sign-in fails
//! (NIST SP 800-63B rev. 4 §5.1.3: the user must transfer a value). A device signs its answer
//! with its Ed25519 key, over a message that names the challenge, so that an answer cannot be
//! replayed on another challenge and a stolen device token alone cannot approve.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::{Signature, VerifyingKey};
use time::{Duration, OffsetDateTime};

use crate::ValidationError;
use crate::error::Invalid;

/// Pushes one account may get in an hour (push-fatigue attacks send many).
pub const HOURLY_PUSHES: u32 = 10;
/// How long pushes stop after the holder reports one as not theirs.
pub const AFTER_REPORT: Duration = Duration::HOUR;

/// The number shown on the sign-in and the three the approver chooses from (it among them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Numbers {
    pub shown: u8,
    pub choices: [u8; 3],
}

fn random_below(n: u32) -> Result<u32, crate::token::RandomError> {
    let limit = u32::MAX - (u32::MAX % n);
    loop {
        let mut b = [0u8; 4];
        crate::token::fill_random(&mut b)?;
        let v = u32::from_le_bytes(b);
        if v < limit {
            return Ok(v % n);
        }
    }
}

fn two_digits() -> Result<u8, crate::token::RandomError> {
    // 10..=99: always two digits, as people read them off the screen.
    Ok(u8::try_from(10 + random_below(90)?).unwrap_or(10))
}

impl Numbers {
    /// A fresh number and two other distinct ones, in random order.
    ///
    /// # Errors
    /// When the OS random generator fails.
    pub fn generate() -> Result<Self, crate::token::RandomError> {
        let shown = two_digits()?;
        let mut choices = vec![shown];
        while choices.len() < 3 {
            let n = two_digits()?;
            if !choices.contains(&n) {
                choices.push(n);
            }
        }
        // Fisher–Yates, so the right one is not always first.
        for i in (1..choices.len()).rev() {
            let j = usize::try_from(random_below(u32::try_from(i + 1).unwrap_or(1))?).unwrap_or(0);
            choices.swap(i, j);
        }
        Ok(Self {
            shown,
            choices: [choices[0], choices[1], choices[2]],
        })
    }

    /// The stored form of the choices: `17,42,88`.
    pub fn choices_text(&self) -> String {
        self.choices.map(|c| c.to_string()).join(",")
    }

    /// Reads [`Self::choices_text`] back.
    pub fn parse_choices(text: &str) -> Vec<u8> {
        text.split(',').filter_map(|c| c.parse().ok()).collect()
    }
}

/// What an approver answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// Approve, having picked this number.
    Approve(u8),
    Deny,
    /// Deny, and report the sign-in as not theirs.
    NotMe,
}

/// What an answer does to the sign-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Approved,
    /// Denied, or approved with the wrong number.
    Denied,
    Reported,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Approved => "approved",
            Self::Denied => "denied",
            Self::Reported => "reported",
        }
    }
}

/// The outcome of `answer` for a sign-in that showed `shown`: a wrong pick denies.
pub fn outcome(answer: Answer, shown: u8) -> Outcome {
    match answer {
        Answer::Approve(n) if n == shown => Outcome::Approved,
        Answer::Approve(_) | Answer::Deny => Outcome::Denied,
        Answer::NotMe => Outcome::Reported,
    }
}

impl Answer {
    /// # Errors
    /// When `decision` is not `approve` or `deny`, or an approval lacks its number.
    pub fn parse(
        decision: &str,
        number: Option<u8>,
        not_me: bool,
    ) -> Result<Self, ValidationError> {
        match (decision, number, not_me) {
            ("approve", Some(n), false) => Ok(Self::Approve(n)),
            ("approve", None, _) => {
                Err(ValidationError::because("number", Invalid::NumberRequired))
            }
            ("approve", Some(_), true) => {
                Err(ValidationError::because("not_me", Invalid::NotMeWithDenial))
            }
            ("deny", _, false) => Ok(Self::Deny),
            ("deny", _, true) => Ok(Self::NotMe),
            _ => Err(ValidationError::because(
                "decision",
                Invalid::Either("approve", "deny"),
            )),
        }
    }

    /// The bytes a device signs for this answer to `challenge`: a fixed prefix (so the key's
    /// signatures mean nothing elsewhere), the challenge, the decision and the number.
    pub fn signed_message(self, challenge: &str) -> Vec<u8> {
        let (decision, number, not_me) = match self {
            Self::Approve(n) => ("approve", n.to_string(), false),
            Self::Deny => ("deny", String::new(), false),
            Self::NotMe => ("deny", String::new(), true),
        };
        format!("twofold-push-v1\n{challenge}\n{decision}\n{number}\n{not_me}").into_bytes()
    }
}

/// A device's Ed25519 public key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceKey(VerifyingKey);

impl DeviceKey {
    /// # Errors
    /// When `raw` is not 32 bytes in base64url (no padding) or not a valid curve point.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let bad = || ValidationError::because("public_key", Invalid::PublicKey);
        let bytes: [u8; 32] = URL_SAFE_NO_PAD
            .decode(raw.trim())
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or_else(bad)?;
        let key = VerifyingKey::from_bytes(&bytes).map_err(|_| bad())?;
        // A weak (small-order) key would let forged signatures verify.
        if key.is_weak() {
            return Err(bad());
        }
        Ok(Self(key))
    }

    pub fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.0.to_bytes())
    }

    /// Whether `signature` (64 bytes, base64url) is this key's over `message`. Strict
    /// verification: no malleable or non-canonical signatures.
    pub fn verifies(&self, message: &[u8], signature: &str) -> bool {
        let Some(bytes) = URL_SAFE_NO_PAD
            .decode(signature.trim())
            .ok()
            .and_then(|b| <[u8; 64]>::try_from(b).ok())
        else {
            return false;
        };
        self.0
            .verify_strict(message, &Signature::from_bytes(&bytes))
            .is_ok()
    }
}

/// Whether a push may be sent now, given the account's pushes in the last hour and its last
/// "this wasn't me" report; otherwise how long to wait.
pub fn may_push(
    last_hour: u32,
    last_report: Option<OffsetDateTime>,
    now: OffsetDateTime,
) -> Result<(), Duration> {
    if let Some(at) = last_report {
        let until = at + AFTER_REPORT;
        if until > now {
            return Err(until - now);
        }
    }
    if last_hour >= HOURLY_PUSHES {
        return Err(Duration::minutes(10));
    }
    Ok(())
}

/// Whether a session may approve another sign-in of its account, standing in for a device:
/// an active browser session that passed a second factor itself — not through a remembered
/// device, whose age says nothing of who holds the browser now.
pub fn may_approve(
    client: crate::ClientKind,
    state: crate::SessionState,
    aal: crate::Aal,
    verified_itself: bool,
) -> bool {
    client == crate::ClientKind::Web
        && state == crate::SessionState::Active
        && aal == crate::Aal::Aal2
        && verified_itself
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_an_active_browser_session_that_passed_a_factor_itself_may_approve() {
        use crate::{Aal, ClientKind, SessionState};
        assert!(super::may_approve(
            ClientKind::Web,
            SessionState::Active,
            Aal::Aal2,
            true
        ));
        assert!(!super::may_approve(
            ClientKind::Web,
            SessionState::Active,
            Aal::Aal2,
            false
        ));
        assert!(!super::may_approve(
            ClientKind::Native,
            SessionState::Active,
            Aal::Aal2,
            true
        ));
        assert!(!super::may_approve(
            ClientKind::Web,
            SessionState::MfaPending,
            Aal::Aal1,
            false
        ));
        assert!(!super::may_approve(
            ClientKind::Web,
            SessionState::Active,
            Aal::Aal1,
            true
        ));
    }

    use super::*;
    use ed25519_dalek::{Signer, SigningKey};
    use time::macros::datetime;

    #[test]
    fn the_shown_number_is_one_of_three_distinct_two_digit_choices() {
        let mut first = [0u32; 3];
        for _ in 0..300 {
            let n = Numbers::generate().unwrap_or_else(|e| panic!("{e}"));
            assert!((10..=99).contains(&n.shown));
            assert!(n.choices.contains(&n.shown));
            assert!(n.choices.iter().all(|c| (10..=99).contains(c)));
            assert!(
                n.choices[0] != n.choices[1]
                    && n.choices[1] != n.choices[2]
                    && n.choices[0] != n.choices[2]
            );
            let at = n.choices.iter().position(|c| *c == n.shown).unwrap_or(0);
            first[at] += 1;
            assert_eq!(
                Numbers::parse_choices(&n.choices_text()),
                n.choices.to_vec()
            );
        }
        // The right number is in every position, not always first.
        assert!(first.iter().all(|n| *n > 50), "{first:?}");
    }

    #[test]
    fn a_wrong_pick_denies() {
        assert_eq!(outcome(Answer::Approve(42), 42), Outcome::Approved);
        assert_eq!(outcome(Answer::Approve(41), 42), Outcome::Denied);
        assert_eq!(outcome(Answer::Deny, 42), Outcome::Denied);
        assert_eq!(outcome(Answer::NotMe, 42), Outcome::Reported);
    }

    #[test]
    fn answers_parse() {
        assert_eq!(
            Answer::parse("approve", Some(42), false),
            Ok(Answer::Approve(42))
        );
        assert_eq!(Answer::parse("deny", None, false), Ok(Answer::Deny));
        assert_eq!(Answer::parse("deny", None, true), Ok(Answer::NotMe));
        assert!(Answer::parse("approve", None, false).is_err());
        assert!(Answer::parse("approve", Some(1), true).is_err());
        assert!(Answer::parse("yes", Some(1), false).is_err());
    }

    #[test]
    fn a_signature_holds_for_its_own_challenge_and_answer_only() {
        let signing = SigningKey::from_bytes(&[7u8; 32]);
        let key = DeviceKey::parse(&URL_SAFE_NO_PAD.encode(signing.verifying_key().to_bytes()))
            .unwrap_or_else(|e| panic!("{e}"));
        let msg = Answer::Approve(42).signed_message("c1");
        let sig = URL_SAFE_NO_PAD.encode(signing.sign(&msg).to_bytes());
        assert!(key.verifies(&msg, &sig));
        assert!(!key.verifies(&Answer::Approve(42).signed_message("c2"), &sig));
        assert!(!key.verifies(&Answer::Approve(43).signed_message("c1"), &sig));
        assert!(!key.verifies(&Answer::Deny.signed_message("c1"), &sig));
        assert!(!key.verifies(&msg, "not a signature"));
        let other = SigningKey::from_bytes(&[8u8; 32]);
        let forged = URL_SAFE_NO_PAD.encode(other.sign(&msg).to_bytes());
        assert!(!key.verifies(&msg, &forged));
    }

    #[test]
    fn bad_keys_are_refused() {
        assert!(DeviceKey::parse("").is_err());
        assert!(DeviceKey::parse("AAAA").is_err());
        // The identity point is a small-order (weak) key.
        let mut identity = [0u8; 32];
        identity[0] = 1;
        assert!(DeviceKey::parse(&URL_SAFE_NO_PAD.encode(identity)).is_err());
    }

    #[test]
    fn pushes_pause_after_a_report_and_past_the_hourly_count() {
        let now = datetime!(2026-12-01 12:00 UTC);
        assert_eq!(may_push(0, None, now), Ok(()));
        assert_eq!(
            may_push(HOURLY_PUSHES, None, now),
            Err(Duration::minutes(10))
        );
        assert_eq!(
            may_push(0, Some(now - Duration::minutes(20)), now),
            Err(Duration::minutes(40))
        );
        assert_eq!(may_push(0, Some(now - Duration::minutes(61)), now), Ok(()));
    }
}
