//! SMS one-time codes: six random digits, short-lived, a few tries each; and when one more text
//! may be sent. Sending is limited per number (a resend wait, then an hourly count), per
//! account, and for the whole server in an hour: a text costs money, and SMS-pumping fraud
//! makes sign-in forms send thousands to numbers that pay the fraudster.

use time::{Duration, OffsetDateTime};
use zeroize::Zeroizing;

use crate::ValidationError;
use crate::error::Invalid;

/// Six digits, as for TOTP: what people type from a text without errors.
pub const DIGITS: usize = 6;

/// A code as generated or typed: six ASCII digits.
#[derive(Clone, PartialEq, Eq)]
pub struct SmsCode(Zeroizing<String>);

impl std::fmt::Debug for SmsCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SmsCode(<redacted>)")
    }
}

impl SmsCode {
    /// A uniformly random code from the OS generator (rejection sampling: no digit is likelier).
    ///
    /// # Errors
    /// When the OS random generator fails.
    pub fn generate() -> Result<Self, crate::token::RandomError> {
        const RANGE: u32 = 1_000_000;
        // The largest multiple of RANGE below 2^32: values above it would favour low codes.
        const LIMIT: u32 = u32::MAX - (u32::MAX % RANGE);
        loop {
            let mut b = [0u8; 4];
            crate::token::fill_random(&mut b)?;
            let n = u32::from_le_bytes(b);
            if n < LIMIT {
                return Ok(Self(Zeroizing::new(format!("{:06}", n % RANGE))));
            }
        }
    }

    /// # Errors
    /// When the input is not six digits (spaces and one hyphen, as people copy them, are
    /// removed first).
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let compact: String = raw
            .trim()
            .chars()
            .filter(|c| *c != ' ' && *c != '-')
            .collect();
        if compact.len() == DIGITS && compact.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Self(Zeroizing::new(compact)))
        } else {
            Err(ValidationError::because("code", Invalid::SmsCode))
        }
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// The text that carries a code. With a domain name, its last line follows the origin-bound
/// one-time code format (`@id.example.org #123456`, WICG "Origin-bound one-time codes
/// delivered via SMS"), so that phones offer the code only on that site, not on a phishing one.
pub fn message(code: &SmsCode, issuer: &str, domain: Option<&str>, valid: Duration) -> String {
    let valid = if valid < Duration::minutes(2) {
        format!("{} seconds", valid.whole_seconds().max(1))
    } else {
        format!("{} minutes", valid.whole_minutes())
    };
    let mut text = format!(
        "{code} is your {issuer} code. It expires in {valid}. Never share it: \
         {issuer} will never ask you for it.",
        code = code.expose()
    );
    if let Some(domain) = domain {
        text.push_str(&format!("\n\n@{domain} #{}", code.expose()));
    }
    text
}

/// How often texts may be sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SendLimits {
    /// The wait between two texts to one number.
    pub resend_after: Duration,
    pub per_number_hourly: u32,
    pub per_account_hourly: u32,
    /// Every text the server sends in an hour, to anyone. Texts to numbers not proven yet
    /// (enrollments) may take half of it, so that sign-ins always have the rest.
    pub global_hourly: u32,
}

/// The texts sent in the last hour in one scope: how many, and when the oldest and newest went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Sent {
    pub count: u32,
    pub oldest: Option<OffsetDateTime>,
    pub newest: Option<OffsetDateTime>,
}

/// What the last hour of sending looks like for one text to be sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct History {
    pub number: Sent,
    pub account: Sent,
    pub global: Sent,
    /// The server's texts to numbers being enrolled.
    pub global_enrolling: Sent,
}

/// Whether a text may go now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Send,
    /// This number or account had enough for now: wait this long.
    Wait(Duration),
    /// The server's hourly cap is reached: SMS is paused for everyone this long.
    Paused(Duration),
}

pub const WINDOW: Duration = Duration::HOUR;

/// When a full window's oldest text leaves it.
fn frees_at(s: &Sent, now: OffsetDateTime) -> Duration {
    s.oldest
        .map_or(Duration::SECOND, |t| t + WINDOW - now)
        .max(Duration::SECOND)
}

/// Whether a text is to a number being enrolled or for a sign-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Enroll,
    SignIn,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Enroll => "enroll",
            Self::SignIn => "sign_in",
        }
    }
}

/// Decides whether one more text may be sent at `now`, given the last hour's history.
pub fn decide(limits: &SendLimits, h: &History, purpose: Purpose, now: OffsetDateTime) -> Decision {
    if h.global.count >= limits.global_hourly {
        return Decision::Paused(frees_at(&h.global, now));
    }
    // Fraud that enrolls numbers from throwaway accounts cannot starve sign-ins.
    if purpose == Purpose::Enroll && h.global_enrolling.count >= limits.global_hourly / 2 {
        return Decision::Paused(frees_at(&h.global_enrolling, now));
    }
    let mut wait = Duration::ZERO;
    if let Some(last) = h.number.newest {
        wait = wait.max(last + limits.resend_after - now);
    }
    if h.number.count >= limits.per_number_hourly {
        wait = wait.max(frees_at(&h.number, now));
    }
    if h.account.count >= limits.per_account_hourly {
        wait = wait.max(frees_at(&h.account, now));
    }
    if wait > Duration::ZERO {
        Decision::Wait(wait)
    } else {
        Decision::Send
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const LIMITS: SendLimits = SendLimits {
        resend_after: Duration::seconds(30),
        per_number_hourly: 5,
        per_account_hourly: 10,
        global_hourly: 100,
    };
    const NOW: OffsetDateTime = datetime!(2026-12-01 12:00 UTC);

    fn sent(count: u32, oldest_mins_ago: i64, newest_secs_ago: i64) -> Sent {
        Sent {
            count,
            oldest: Some(NOW - Duration::minutes(oldest_mins_ago)),
            newest: Some(NOW - Duration::seconds(newest_secs_ago)),
        }
    }

    #[test]
    fn codes_are_six_digits_and_parse_as_typed() {
        for _ in 0..100 {
            let c = SmsCode::generate().unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(c.expose().len(), 6);
            assert!(c.expose().bytes().all(|b| b.is_ascii_digit()));
            assert_eq!(SmsCode::parse(c.expose()), Ok(c));
        }
        assert_eq!(
            SmsCode::parse(" 123 456 ").map(|c| c.expose().to_owned()),
            Ok("123456".into())
        );
        assert_eq!(
            SmsCode::parse("123-456").map(|c| c.expose().to_owned()),
            Ok("123456".into())
        );
        for bad in ["", "12345", "1234567", "12345a", "١٢٣٤٥٦"] {
            assert!(SmsCode::parse(bad).is_err(), "{bad}");
        }
        assert!(!format!("{:?}", SmsCode::parse("123456")).contains("123456"));
    }

    #[test]
    fn generated_codes_spread_over_every_digit() {
        let mut seen = [0u32; 10];
        for _ in 0..2000 {
            let c = SmsCode::generate().unwrap_or_else(|e| panic!("{e}"));
            for b in c.expose().bytes() {
                seen[usize::from(b - b'0')] += 1;
            }
        }
        // 12,000 digits: each digit about 1,200 times; far outside that means a biased draw.
        assert!(seen.iter().all(|n| (900..1500).contains(n)), "{seen:?}");
    }

    #[test]
    fn the_message_carries_the_code_and_binds_it_to_the_domain() {
        let code = SmsCode::parse("042917").unwrap_or_else(|e| panic!("{e}"));
        let with = message(
            &code,
            "twofold",
            Some("id.example.org"),
            Duration::minutes(5),
        );
        assert!(with.starts_with("042917 is your twofold code"), "{with}");
        assert!(with.contains("5 minutes"));
        assert!(with.ends_with("\n\n@id.example.org #042917"), "{with}");
        let without = message(&code, "twofold", None, Duration::minutes(5));
        assert!(!without.contains('@'));
    }

    #[test]
    fn a_first_text_goes_at_once() {
        assert_eq!(
            decide(&LIMITS, &History::default(), Purpose::SignIn, NOW),
            Decision::Send
        );
    }

    #[test]
    fn a_resend_waits_its_turn() {
        let h = History {
            number: sent(1, 0, 10),
            account: sent(1, 0, 10),
            ..History::default()
        };
        assert_eq!(
            decide(&LIMITS, &h, Purpose::SignIn, NOW),
            Decision::Wait(Duration::seconds(20))
        );
        let later = History {
            number: sent(1, 1, 31),
            account: sent(1, 1, 31),
            ..History::default()
        };
        assert_eq!(
            decide(&LIMITS, &later, Purpose::SignIn, NOW),
            Decision::Send
        );
    }

    #[test]
    fn hourly_counts_per_number_and_account_hold_until_the_oldest_leaves_the_window() {
        let number_full = History {
            number: sent(5, 50, 600),
            account: sent(5, 50, 600),
            ..History::default()
        };
        assert_eq!(
            decide(&LIMITS, &number_full, Purpose::SignIn, NOW),
            Decision::Wait(Duration::minutes(10))
        );
        let account_full = History {
            number: sent(1, 5, 300),
            account: sent(10, 45, 300),
            ..History::default()
        };
        assert_eq!(
            decide(&LIMITS, &account_full, Purpose::SignIn, NOW),
            Decision::Wait(Duration::minutes(15))
        );
    }

    #[test]
    fn enrollments_may_take_half_of_the_global_cap_and_sign_ins_the_rest() {
        let h = History {
            global: sent(50, 30, 1),
            global_enrolling: sent(50, 30, 1),
            ..History::default()
        };
        assert_eq!(
            decide(&LIMITS, &h, Purpose::Enroll, NOW),
            Decision::Paused(Duration::minutes(30))
        );
        assert_eq!(decide(&LIMITS, &h, Purpose::SignIn, NOW), Decision::Send);
    }

    #[test]
    fn the_global_cap_pauses_everyone() {
        let h = History {
            global: sent(100, 59, 1),
            ..History::default()
        };
        assert_eq!(
            decide(&LIMITS, &h, Purpose::SignIn, NOW),
            Decision::Paused(Duration::minutes(1))
        );
        let below = History {
            global: sent(99, 59, 1),
            ..History::default()
        };
        assert_eq!(
            decide(&LIMITS, &below, Purpose::SignIn, NOW),
            Decision::Send
        );
    }
}
