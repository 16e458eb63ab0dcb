//! Sessions: who signed in from what kind of client, how strongly, and for how long.

use time::{Duration, OffsetDateTime};

use crate::ValidationError;
use crate::error::Invalid;

/// The kind of client a session belongs to (PRODUCT.md, "client kind").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClientKind {
    Web,
    Native,
    Sync,
}

impl ClientKind {
    /// # Errors
    /// When `raw` is not `web`, `native` or `sync`.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        match raw {
            "web" => Ok(Self::Web),
            "native" => Ok(Self::Native),
            "sync" => Ok(Self::Sync),
            _ => Err(ValidationError::because(
                "client",
                Invalid::OneOf("web, native, sync"),
            )),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Web => "web",
            Self::Native => "native",
            Self::Sync => "sync",
        }
    }
}

/// Authenticator assurance level (NIST SP 800-63B §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Aal {
    /// Password only.
    Aal1,
    /// Password and a second factor.
    Aal2,
}

impl Aal {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Aal1 => "aal1",
            Self::Aal2 => "aal2",
        }
    }

    /// # Errors
    /// When `raw` is not `aal1` or `aal2`.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        match raw {
            "aal1" => Ok(Self::Aal1),
            "aal2" => Ok(Self::Aal2),
            _ => Err(ValidationError::because(
                "aal",
                Invalid::Either("aal1", "aal2"),
            )),
        }
    }
}

/// Where a session stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionState {
    Active,
    /// The password was right; the second step is still owed.
    MfaPending,
    /// An organization requires 2FA that the account has not set up.
    SetupRequired,
}

impl SessionState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::MfaPending => "mfa_pending",
            Self::SetupRequired => "setup_required",
        }
    }

    /// # Errors
    /// When `raw` is not a known state.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        match raw {
            "active" => Ok(Self::Active),
            "mfa_pending" => Ok(Self::MfaPending),
            "setup_required" => Ok(Self::SetupRequired),
            _ => Err(ValidationError::because("state", Invalid::NotSessionState)),
        }
    }
}

/// How long a session lives: it ends after `idle` without use or `absolute` after sign-in,
/// whichever comes first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lifetime {
    pub idle: Duration,
    pub absolute: Duration,
}

/// The lifetimes a deployment grants, by whether the person asked to be remembered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LifetimePolicy {
    /// A browser session that ends with the browser: NIST SP 800-63B §4.2.3's AAL2 limits
    /// (30 minutes idle, 12 hours in all).
    pub transient: Lifetime,
    /// A remembered sign-in, and any native or sync client.
    pub remembered: Lifetime,
}

impl Default for LifetimePolicy {
    fn default() -> Self {
        Self {
            transient: Lifetime {
                idle: Duration::minutes(30),
                absolute: Duration::hours(12),
            },
            remembered: Lifetime {
                idle: Duration::days(14),
                absolute: Duration::days(30),
            },
        }
    }
}

impl LifetimePolicy {
    pub fn for_sign_in(&self, client: ClientKind, remember: bool) -> Lifetime {
        if remember || client != ClientKind::Web {
            self.remembered
        } else {
            self.transient
        }
    }
}

/// The moments that bound one session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionClock {
    pub created_at: OffsetDateTime,
    pub last_seen_at: OffsetDateTime,
    pub idle_timeout: Duration,
    pub absolute_expires_at: OffsetDateTime,
}

impl SessionClock {
    /// Don't write `last_seen_at` more often than this: a write per request would make every
    /// authenticated read a database write, for a precision nobody needs.
    pub const TOUCH_EVERY: Duration = Duration::seconds(60);

    pub fn start(now: OffsetDateTime, lifetime: Lifetime) -> Self {
        Self {
            created_at: now,
            last_seen_at: now,
            idle_timeout: lifetime.idle,
            absolute_expires_at: now + lifetime.absolute,
        }
    }

    /// When the session ends if it is not used again.
    pub fn expires_at(&self) -> OffsetDateTime {
        (self.last_seen_at + self.idle_timeout).min(self.absolute_expires_at)
    }

    pub fn is_expired(&self, now: OffsetDateTime) -> bool {
        now >= self.expires_at()
    }

    pub fn needs_touch(&self, now: OffsetDateTime) -> bool {
        now - self.last_seen_at >= Self::TOUCH_EVERY
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn sessions_end_when_idle_or_too_old() {
        let t0 = datetime!(2026-01-01 00:00 UTC);
        let policy = LifetimePolicy::default();
        let mut s = SessionClock::start(t0, policy.for_sign_in(ClientKind::Web, false));
        assert!(!s.is_expired(t0 + Duration::minutes(29)));
        assert!(s.is_expired(t0 + Duration::minutes(30)));
        // Used every 20 minutes it lives until the absolute limit, never beyond.
        while s.last_seen_at + Duration::minutes(20) < t0 + Duration::hours(13) {
            s.last_seen_at += Duration::minutes(20);
        }
        assert!(s.is_expired(t0 + Duration::hours(12)));
        assert_eq!(s.expires_at(), t0 + Duration::hours(12));
    }

    #[test]
    fn remembered_and_native_sessions_live_longer() {
        let p = LifetimePolicy::default();
        assert_eq!(p.for_sign_in(ClientKind::Web, true), p.remembered);
        assert_eq!(p.for_sign_in(ClientKind::Native, false), p.remembered);
        assert_eq!(p.for_sign_in(ClientKind::Web, false), p.transient);
    }

    #[test]
    fn touches_are_rate_limited() {
        let t0 = datetime!(2026-01-01 00:00 UTC);
        let s = SessionClock::start(t0, LifetimePolicy::default().transient);
        assert!(!s.needs_touch(t0 + Duration::seconds(59)));
        assert!(s.needs_touch(t0 + Duration::seconds(60)));
    }

    #[test]
    fn enums_round_trip() {
        for c in [ClientKind::Web, ClientKind::Native, ClientKind::Sync] {
            assert_eq!(ClientKind::parse(c.as_str()), Ok(c));
        }
        for s in [
            SessionState::Active,
            SessionState::MfaPending,
            SessionState::SetupRequired,
        ] {
            assert_eq!(SessionState::parse(s.as_str()), Ok(s));
        }
        assert!(ClientKind::parse("WEB").is_err());
    }
}
