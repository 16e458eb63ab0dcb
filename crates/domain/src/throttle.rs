//! Sign-in throttling (NIST SP 800-63B §5.2.2): failed attempts are counted per account and per
//! source address, and further attempts wait. The counters live in the database so that every
//! node sees the same count; these rules only say how a count turns into a wait.

use time::{Duration, OffsetDateTime};

/// A failure counter as stored: how many failures since `window_start`, the last one when.
/// Attempts are counted before the password is checked (and refunded on success), so a burst of
/// concurrent guesses is counted in full before any of them is verified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counter {
    pub failures: u32,
    pub window_start: OffsetDateTime,
    pub last_failure_at: OffsetDateTime,
}

/// How failures of one kind of key are limited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Per account: a few free attempts, then waits that double with every failure up to `max`.
    /// A success resets the count; so does the end of its `window`. Reaching `lock_at` failures
    /// locks until the window ends, so an online guesser gets at most `lock_at` attempts per
    /// window (NIST SP 800-63B §5.2.2 allows at most 100 consecutive failures).
    Growing {
        free: u32,
        base: Duration,
        max: Duration,
        window: Duration,
        lock_at: u32,
    },
    /// Per source address: at most `limit` failures in a fixed `window`.
    Window { limit: u32, window: Duration },
    /// Per account, for the second step: free attempts, then growing waits, but failures count
    /// until a success — time alone never resets them. From `lock_at` consecutive failures on
    /// the second step is locked: each further attempt waits `lock_for` after the last failure.
    Consecutive {
        free: u32,
        base: Duration,
        max: Duration,
        lock_at: u32,
        lock_for: Duration,
    },
}

impl Rule {
    pub const ACCOUNT: Rule = Rule::Growing {
        free: 5,
        base: Duration::seconds(1),
        max: Duration::minutes(15),
        window: Duration::hours(24),
        lock_at: 100,
    };
    pub const SOURCE: Rule = Rule::Window {
        limit: 50,
        window: Duration::minutes(10),
    };

    /// A counter whose window began at or before this moment starts again from zero.
    pub fn reset_before(&self, now: OffsetDateTime) -> OffsetDateTime {
        match *self {
            Rule::Growing { window, .. } | Rule::Window { window, .. } => now - window,
            // Never: only a success resets it.
            Rule::Consecutive { .. } => OffsetDateTime::UNIX_EPOCH,
        }
    }

    /// The wait after `failures` failures of a growing rule, from the last one.
    fn growing_wait(failures: u32, free: u32, base: Duration, max: Duration) -> Option<Duration> {
        if failures < free {
            return None;
        }
        let doublings = (failures - free).min(20);
        Some(
            base.checked_mul(1_i32 << doublings)
                .map_or(max, |w| w.min(max)),
        )
    }

    /// How long the holder of `counter` must wait before another attempt, if at all.
    pub fn retry_after(&self, counter: &Counter, now: OffsetDateTime) -> Option<Duration> {
        if counter.window_start <= self.reset_before(now) {
            return None;
        }
        let wait_until = match *self {
            Rule::Growing {
                free,
                base,
                max,
                lock_at,
                window,
            } => {
                if counter.failures >= lock_at {
                    counter.window_start + window
                } else {
                    counter.last_failure_at + Self::growing_wait(counter.failures, free, base, max)?
                }
            }
            Rule::Consecutive {
                free,
                base,
                max,
                lock_at,
                lock_for,
            } => {
                if counter.failures >= lock_at {
                    counter.last_failure_at + lock_for
                } else {
                    counter.last_failure_at + Self::growing_wait(counter.failures, free, base, max)?
                }
            }
            Rule::Window { limit, window } => {
                if counter.failures < limit {
                    return None;
                }
                counter.window_start + window
            }
        };
        (wait_until > now).then(|| wait_until - now)
    }
}

/// How password-reset requests are limited: per address, whether or not an account has it (so
/// the limit tells nothing about it), and per source. Every request counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResetLimits {
    pub address: Rule,
    pub source: Rule,
}

impl Default for ResetLimits {
    fn default() -> Self {
        Self {
            address: Rule::Window {
                limit: 3,
                window: Duration::hours(1),
            },
            source: Rule::Window {
                limit: 20,
                window: Duration::hours(1),
            },
        }
    }
}

/// The two limits every sign-in attempt passes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignInLimits {
    pub account: Rule,
    pub source: Rule,
}

impl Default for SignInLimits {
    fn default() -> Self {
        Self {
            account: Rule::ACCOUNT,
            source: Rule::SOURCE,
        }
    }
}

impl SignInLimits {
    /// How long an attempt must wait given its account's and (if known) its source's counter.
    pub fn retry_after(
        &self,
        account: &Counter,
        source: Option<&Counter>,
        now: OffsetDateTime,
    ) -> Option<Duration> {
        let source_wait = source.and_then(|c| self.source.retry_after(c, now));
        self.account.retry_after(account, now).max(source_wait)
    }

    /// Limits with other numbers than the defaults (operators tune them; tests make the waits
    /// long enough not to depend on how fast the machine is).
    pub fn new(free: u32, base_wait: Duration, source_limit: u32, source_window: Duration) -> Self {
        let Rule::Growing {
            max,
            window,
            lock_at,
            ..
        } = Rule::ACCOUNT
        else {
            return Self::default();
        };
        Self {
            account: Rule::Growing {
                free,
                base: base_wait,
                max: max.max(base_wait),
                window,
                lock_at,
            },
            source: Rule::Window {
                limit: source_limit,
                window: source_window,
            },
        }
    }
}

/// The counter key of sign-in attempts on one email address. The address is hashed so that
/// attempts on an unknown address are counted exactly like attempts on a real one, and the
/// table holds no addresses.
pub fn account_key(email: &crate::Email) -> String {
    account_key_for(Scope::SignIn, email)
}

/// What kind of attempt a counter counts: each has its own counters, so that a sync tool stuck
/// on a revoked app password does not throttle its owner's sign-in in the browser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Password sign-ins.
    SignIn,
    /// App passwords sent by sync tools.
    Sync,
    /// Second-step codes of every kind.
    Mfa,
    /// Password-reset requests.
    Reset,
    /// Sign-ups (per source).
    SignUp,
    /// Requests for a new sign-up link.
    Verify,
}

impl Scope {
    fn as_str(self) -> &'static str {
        match self {
            Self::SignIn => "sign_in",
            Self::Sync => "sync",
            Self::Mfa => "mfa",
            Self::Reset => "reset",
            Self::SignUp => "sign_up",
            Self::Verify => "verify",
        }
    }
}

/// [`account_key`] for attempts of another scope.
pub fn account_key_for(scope: Scope, email: &crate::Email) -> String {
    format!(
        "{}:email:{}",
        scope.as_str(),
        crate::TokenHash::of(email.as_str().as_bytes()).as_str()
    )
}

/// The counter of second-step failures of one account, across all its sign-ins.
pub fn mfa_account_key(account: &crate::UserId) -> String {
    format!("mfa:account:{account}")
}

/// The counter of second-step failures of one sign-in.
pub fn mfa_session_key(session: &crate::SessionId) -> String {
    format!("mfa:session:{session}")
}

/// How second-step failures are limited. One limiter serves every kind of code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MfaLimits {
    /// Per account: free attempts, growing waits, and a lock after `lock_at` consecutive
    /// failures (at most 100, NIST SP 800-63B §5.2.2): a day's wait after each failure from
    /// then on, until a success.
    pub account: Rule,
    pub source: Rule,
    /// Failures after which one sign-in is ended rather than left open for more guesses.
    pub per_sign_in: u32,
}

impl MfaLimits {
    /// The most consecutive failures any configuration may allow.
    pub const MAX_LOCK_AFTER: u32 = 100;

    pub fn new(free: u32, base_wait: Duration, lock_after: u32, per_sign_in: u32) -> Self {
        Self {
            account: Rule::Consecutive {
                free,
                base: base_wait,
                max: Duration::minutes(15).max(base_wait),
                lock_at: lock_after.clamp(1, Self::MAX_LOCK_AFTER),
                lock_for: Duration::hours(24),
            },
            source: Rule::SOURCE,
            per_sign_in: per_sign_in.max(1),
        }
    }

    /// Whether this many account failures lock the second step.
    pub fn locks(&self, failures: u32) -> bool {
        match self.account {
            Rule::Growing { lock_at, .. } | Rule::Consecutive { lock_at, .. } => {
                failures >= lock_at
            }
            Rule::Window { limit, .. } => failures >= limit,
        }
    }

    /// Whether a second-step attempt may be checked, given the account's, the sign-in's and
    /// the source's counters as locked: refused to wait while throttled, and ending the sign-in
    /// when the account's second step is locked or a pending sign-in used up its own attempts.
    pub fn refusal(
        &self,
        account: &Counter,
        sign_in: &Counter,
        source: Option<&Counter>,
        pending: bool,
        now: OffsetDateTime,
    ) -> Option<Refusal> {
        let account_wait = self.account.retry_after(account, now);
        if let Some(wait) = account_wait.filter(|_| self.locks(account.failures)) {
            return Some(Refusal::Ended(wait));
        }
        if pending && sign_in.failures >= self.per_sign_in {
            return Some(Refusal::Ended(account_wait.unwrap_or(Duration::SECOND)));
        }
        let source_wait = source.and_then(|c| self.source.retry_after(c, now));
        account_wait.max(source_wait).map(Refusal::Wait)
    }
}

/// Why the second-step limiter refused an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Wait this long; the sign-in stays open.
    Wait(Duration),
    /// The sign-in is over (its own limit, or the account's second step is locked); the
    /// account may try again after this long.
    Ended(Duration),
}

impl Default for MfaLimits {
    fn default() -> Self {
        Self::new(5, Duration::seconds(1), Self::MAX_LOCK_AFTER, 10)
    }
}

/// The counter key of sign-in attempts from one source. IPv6 sources are counted per /64,
/// the smallest block one customer is usually given, so rotating addresses inside it does not
/// reset the count.
pub fn source_key(ip: std::net::IpAddr) -> String {
    source_key_for(Scope::SignIn, ip)
}

/// [`source_key`] for attempts of another scope.
pub fn source_key_for(scope: Scope, ip: std::net::IpAddr) -> String {
    use std::net::IpAddr;
    let scope = scope.as_str();
    match ip {
        IpAddr::V4(v4) => format!("{scope}:ip:{v4}"),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => format!("{scope}:ip:{v4}"),
            None => {
                let s = v6.segments();
                format!(
                    "{scope}:ip:{:x}:{:x}:{:x}:{:x}::/64",
                    s[0], s[1], s[2], s[3]
                )
            }
        },
    }
}

/// Whole seconds to put in `Retry-After`, never zero (RFC 9110 §10.2.3).
pub fn retry_after_secs(wait: Duration) -> u64 {
    let secs = wait.whole_seconds() + i64::from(wait.subsec_nanoseconds() > 0);
    u64::try_from(secs.max(1)).unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const T0: OffsetDateTime = datetime!(2026-01-01 00:00 UTC);

    fn counter(failures: u32, last: OffsetDateTime) -> Counter {
        Counter {
            failures,
            window_start: T0,
            last_failure_at: last,
        }
    }

    #[test]
    fn accounts_get_free_attempts_then_growing_waits() {
        let r = Rule::ACCOUNT;
        assert_eq!(r.retry_after(&counter(4, T0), T0), None);
        assert_eq!(
            r.retry_after(&counter(5, T0), T0),
            Some(Duration::seconds(1))
        );
        assert_eq!(
            r.retry_after(&counter(6, T0), T0),
            Some(Duration::seconds(2))
        );
        assert_eq!(
            r.retry_after(&counter(10, T0), T0),
            Some(Duration::seconds(32))
        );
        assert_eq!(
            r.retry_after(&counter(60, T0), T0),
            Some(Duration::minutes(15))
        );
        assert_eq!(
            r.retry_after(&counter(6, T0), T0 + Duration::seconds(2)),
            None
        );
    }

    #[test]
    fn a_hundred_failures_lock_the_account_until_the_window_ends() {
        let r = Rule::ACCOUNT;
        let c = counter(100, T0 + Duration::hours(1));
        assert_eq!(
            r.retry_after(&c, T0 + Duration::hours(2)),
            Some(Duration::hours(22))
        );
    }

    #[test]
    fn counters_forget_after_their_window() {
        let r = Rule::ACCOUNT;
        assert_eq!(
            r.retry_after(&counter(100, T0), T0 + Duration::hours(24)),
            None
        );
    }

    #[test]
    fn sources_are_limited_per_window() {
        let r = Rule::SOURCE;
        assert_eq!(r.retry_after(&counter(49, T0), T0), None);
        assert_eq!(
            r.retry_after(&counter(50, T0), T0 + Duration::minutes(4)),
            Some(Duration::minutes(6))
        );
        assert_eq!(
            r.retry_after(&counter(50, T0), T0 + Duration::minutes(10)),
            None
        );
    }

    #[test]
    fn ipv6_sources_are_counted_per_64() {
        let a = source_key(
            "2001:db8:1:2:aaaa::1"
                .parse()
                .unwrap_or(std::net::Ipv6Addr::LOCALHOST.into()),
        );
        let b = source_key(
            "2001:db8:1:2:bbbb::9"
                .parse()
                .unwrap_or(std::net::Ipv6Addr::LOCALHOST.into()),
        );
        let c = source_key(
            "2001:db8:1:3::1"
                .parse()
                .unwrap_or(std::net::Ipv6Addr::LOCALHOST.into()),
        );
        assert_eq!(a, b);
        assert_ne!(a, c);
        let mapped = source_key(
            "::ffff:192.0.2.7"
                .parse()
                .unwrap_or(std::net::Ipv6Addr::LOCALHOST.into()),
        );
        assert_eq!(mapped, "sign_in:ip:192.0.2.7");
    }

    #[test]
    fn second_step_limits_lock_at_no_more_than_100_failures() {
        let l = MfaLimits::default();
        assert!(!l.locks(99));
        assert!(l.locks(100));
        let configured = MfaLimits::new(5, Duration::seconds(1), 1000, 0);
        assert!(
            configured.locks(100),
            "a configuration cannot raise the lock past 100"
        );
        assert_eq!(configured.per_sign_in, 1);
        let locked = Counter {
            failures: 100,
            window_start: T0,
            last_failure_at: T0 + Duration::hours(1),
        };
        assert_eq!(
            l.account.retry_after(&locked, T0 + Duration::hours(2)),
            Some(Duration::hours(23)),
            "a day after the last failure"
        );
        let long_ago = Counter {
            failures: 60,
            window_start: T0,
            last_failure_at: T0,
        };
        let next_year = T0 + Duration::days(365);
        assert!(
            l.account.reset_before(next_year) < long_ago.window_start,
            "time alone never resets consecutive failures"
        );
        assert_eq!(l.account.retry_after(&long_ago, next_year), None);
    }

    #[test]
    fn each_kind_of_attempt_has_its_own_counters() {
        let email = crate::Email::parse("ann@example.org").unwrap_or_else(|e| panic!("{e}"));
        let ip: std::net::IpAddr = "192.0.2.7".parse().unwrap_or_else(|e| panic!("{e}"));
        let keys = [
            account_key_for(Scope::SignIn, &email),
            account_key_for(Scope::Sync, &email),
            account_key_for(Scope::Mfa, &email),
            source_key_for(Scope::SignIn, ip),
            source_key_for(Scope::Sync, ip),
            source_key_for(Scope::Mfa, ip),
        ];
        for (i, a) in keys.iter().enumerate() {
            for b in &keys[i + 1..] {
                assert_ne!(a, b);
            }
        }
        assert_eq!(account_key(&email), keys[0]);
        assert_eq!(source_key(ip), keys[3]);
    }

    #[test]
    fn retry_after_is_at_least_one_second() {
        assert_eq!(retry_after_secs(Duration::milliseconds(10)), 1);
        assert_eq!(retry_after_secs(Duration::milliseconds(1500)), 2);
        assert_eq!(retry_after_secs(Duration::seconds(60)), 60);
    }

    proptest::proptest! {
        #[test]
        fn waits_never_exceed_the_window(failures in 0u32..1000, secs in 0i64..200_000) {
            let now = T0 + Duration::seconds(secs);
            for rule in [Rule::ACCOUNT, Rule::SOURCE] {
                if let Some(w) = rule.retry_after(&counter(failures, T0), now) {
                    proptest::prop_assert!(w > Duration::ZERO);
                    proptest::prop_assert!(w <= Duration::hours(24));
                }
            }
        }
    }
}
