//! Sign-up: an account proves its address with the link emailed to it within a week, or is
//! given up, so that nobody holds an address that is not theirs.

use time::{Duration, OffsetDateTime};

use crate::throttle::Rule;

/// How long an unverified account waits for its link before it is deleted.
pub const UNVERIFIED_LIFETIME: Duration = Duration::days(7);

/// Whether an unverified account created at `created_at` still waits for its link at `now`;
/// once it does not, it is as if it had never been made (the sweep deletes it soon after).
pub fn still_waiting(created_at: OffsetDateTime, now: OffsetDateTime) -> bool {
    now < created_at + UNVERIFIED_LIFETIME
}

/// Accounts created before this moment and still unverified have expired.
pub fn expired_before(now: OffsetDateTime) -> OffsetDateTime {
    now - UNVERIFIED_LIFETIME
}

/// How many sign-ups one source address may make per hour: every attempt counts, made or
/// refused, so that the limit also slows probing which addresses have accounts.
pub fn source_limit(per_hour: u32) -> Rule {
    Rule::Window {
        limit: per_hour.max(1),
        window: Duration::hours(1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::throttle::Counter;

    const T0: OffsetDateTime = time::macros::datetime!(2026-12-06 10:00 UTC);

    #[test]
    fn an_unverified_account_waits_a_week_and_not_a_moment_more() {
        assert!(still_waiting(T0, T0));
        assert!(still_waiting(
            T0,
            T0 + Duration::days(7) - Duration::milliseconds(1)
        ));
        assert!(!still_waiting(T0, T0 + Duration::days(7)));
        assert_eq!(expired_before(T0 + Duration::days(7)), T0);
    }

    #[test]
    fn the_source_limit_counts_every_attempt_in_an_hour() {
        let rule = source_limit(3);
        let at = |failures| Counter {
            failures,
            window_start: T0,
            last_failure_at: T0 + Duration::minutes(10),
        };
        assert_eq!(rule.retry_after(&at(2), T0 + Duration::minutes(10)), None);
        assert_eq!(
            rule.retry_after(&at(3), T0 + Duration::minutes(10)),
            Some(Duration::minutes(50))
        );
        assert_eq!(rule.retry_after(&at(3), T0 + Duration::hours(1)), None);
        // A limit of zero would refuse everyone: it means one.
        assert_eq!(source_limit(0), source_limit(1));
    }
}
