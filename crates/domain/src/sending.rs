//! Bounds on the email other people can make twofold send: how many invitations, how often a
//! manager's security alert, and how the names they chose appear in what twofold writes.

use time::{Duration, OffsetDateTime};

/// The most characters of a name quoted in an email.
pub const QUOTED_MAX_CHARS: usize = 60;

/// A name someone else chose (an organization's, an inviter's), as an email's subject or body
/// may show it: in double quotes, without control characters, line breaks or invisible
/// direction marks, with its own double quotes turned into single ones, whitespace collapsed
/// and at most [`QUOTED_MAX_CHARS`] characters (then an ellipsis) — so it reads as a name and
/// cannot pose as twofold's own words or add lines and headers.
pub fn quoted(raw: &str) -> String {
    let invisible = |c: char| {
        c.is_control()
            || matches!(c,
                '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{2069}'
                | '\u{FEFF}')
    };
    let cleaned: String = raw
        .chars()
        .map(|c| if invisible(c) { ' ' } else { c })
        .map(|c| if c == '"' { '\'' } else { c })
        .collect();
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    let joined = words.join(" ");
    let mut out: String = joined.chars().take(QUOTED_MAX_CHARS).collect();
    if joined.chars().count() > QUOTED_MAX_CHARS {
        out.push('…');
    }
    format!("\"{out}\"")
}

/// How many invitations may be sent in a window: by one organization, by one inviter (in all
/// their organizations), and to one address (from all organizations).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvitationLimits {
    pub per_org: u32,
    pub per_inviter: u32,
    pub per_recipient: u32,
    pub window: Duration,
}

/// How long to wait before the next send, when the send that counts against the limit (the
/// `limit`-th newest of the window, or the last alert) was made at `counted`: until it leaves
/// the window, at least a second. `None` when nothing counts against the limit.
pub fn retry_after(
    counted: Option<OffsetDateTime>,
    window: Duration,
    now: OffsetDateTime,
) -> Option<Duration> {
    counted.map(|at| (at + window - now).max(Duration::seconds(1)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn names_are_quoted_on_one_line_and_bounded() {
        assert_eq!(quoted("Acme"), "\"Acme\"");
        assert_eq!(
            quoted("Acme\r\nSubject: twofold security team"),
            "\"Acme Subject: twofold security team\""
        );
        assert_eq!(quoted("say \"hi\"\u{202E}"), "\"say 'hi'\"");
        assert_eq!(quoted("  \t "), "\"\"");
        let long = "x".repeat(200);
        let q = quoted(&long);
        assert_eq!(q.chars().count(), QUOTED_MAX_CHARS + 3);
        assert!(q.ends_with("…\""));
    }

    #[test]
    fn the_wait_lasts_until_the_counted_send_leaves_the_window() {
        let now = datetime!(2026-06-01 12:00 UTC);
        let hour = Duration::hours(1);
        assert_eq!(retry_after(None, hour, now), None);
        assert_eq!(
            retry_after(Some(now - Duration::minutes(20)), hour, now),
            Some(Duration::minutes(40))
        );
        assert_eq!(
            retry_after(Some(now - hour), hour, now),
            Some(Duration::seconds(1))
        );
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn a_quoted_name_is_one_bounded_line_in_quotes(raw in any::<String>()) {
                let q = quoted(&raw);
                prop_assert!(q.starts_with('"') && q.ends_with('"'));
                prop_assert!(!q.chars().any(char::is_control));
                prop_assert_eq!(q.matches('"').count(), 2);
                prop_assert!(q.chars().count() <= QUOTED_MAX_CHARS + 3);
            }
        }
    }
}
