//! A short-lived, in-process cache of sessions by token hash, with the account's memberships,
//! so that a burst of requests on one session costs two database reads, not one each.
//!
//! A session enters the cache on its second read within the lifetime: a doorkeeper (a fixed
//! array of token-hash fingerprints and the time each was last read) remembers the first, so a
//! session used once fills no memory. The doorkeeper has room for 262,144 sessions: with fewer
//! slots than sessions, a mark is overwritten before the second read and nothing is admitted.
//!
//! # Security
//! An entry is trusted for at most `ttl` after it was read, or `heard` while this node hears
//! every change as it commits (`fanout`; on SQLite through the change log), which evicts it. Ending a session on this node
//! evicts it at once; on another node sharing the database, the end is seen within `ttl`
//! (default one second). Expiry is still checked against the clock on every hit. `ttl = 0`
//! turns the cache off. Memberships here serve display (`/me`) and, later, the access
//! decision; organization routes authorize against the database.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::RwLock;
use std::sync::atomic::{AtomicU64, Ordering};

use domain::{TokenHash, UserId};
use store::orgs::OrgOfMember;
use store::sessions::Session;
use time::{Duration, OffsetDateTime};

/// A session and the organizations of its account, read together.
#[derive(Debug, Clone)]
pub struct Cached {
    pub session: Session,
    pub orgs: Arc<[OrgOfMember]>,
}

struct Entry {
    cached: Cached,
    read_at: OffsetDateTime,
}

/// Sessions read recently, by token hash.
pub struct SessionCache {
    ttl: Duration,
    /// While the flag is up (this node hears every change as it commits, `fanout`), entries
    /// are trusted for this longer time: an eviction, not the lifetime, ends them.
    heard: Option<(Duration, Arc<std::sync::atomic::AtomicBool>)>,
    capacity: usize,
    entries: RwLock<HashMap<TokenHash, Entry>>,
    /// Bumped by every eviction. A reader notes it before reading the database and may only
    /// store what it read if no eviction happened meanwhile: otherwise a request that read a
    /// session just before a change committed could cache the old state after the change's
    /// eviction.
    generation: std::sync::atomic::AtomicU64,
    /// The doorkeeper: per slot, a token hash's fingerprint (high 32 bits) and the millisecond
    /// (low 32 bits, wrapping) it was last read from the database.
    seen: Box<[AtomicU64]>,
}

/// Doorkeeper slots (a power of two): 2 MiB. Two sessions sharing a slot only cost each other
/// their admission.
const SEEN_SLOTS: usize = 1 << 18;

impl SessionCache {
    pub fn new(ttl: Duration, capacity: usize) -> Self {
        Self {
            ttl,
            heard: None,
            capacity: capacity.max(1),
            entries: RwLock::new(HashMap::new()),
            generation: std::sync::atomic::AtomicU64::new(0),
            seen: (0..SEEN_SLOTS).map(|_| AtomicU64::new(0)).collect(),
        }
    }

    /// Trusts entries for `ttl` while `live` is up.
    #[must_use]
    pub fn while_heard(mut self, ttl: Duration, live: Arc<std::sync::atomic::AtomicBool>) -> Self {
        self.heard = Some((ttl, live));
        self
    }

    /// How long an entry is trusted now.
    fn ttl(&self) -> Duration {
        match &self.heard {
            Some((ttl, live)) if live.load(Ordering::Acquire) => *ttl,
            _ => self.ttl,
        }
    }

    /// The eviction count to pass to [`SessionCache::put`]; read it before reading the
    /// database.
    pub fn generation(&self) -> u64 {
        self.generation.load(std::sync::atomic::Ordering::Acquire)
    }

    fn enabled(&self) -> bool {
        self.ttl > Duration::ZERO
    }

    /// The cached session, if it was read less than `ttl` ago.
    pub fn get(&self, hash: &TokenHash, now: OffsetDateTime) -> Option<Cached> {
        if !self.enabled() {
            return None;
        }
        let entries = self.entries.read().ok()?;
        let e = entries.get(hash)?;
        (now - e.read_at < self.ttl() && now >= e.read_at).then(|| e.cached.clone())
    }

    /// Notes that `hash` was read from the database now; whether it was also read less than
    /// `ttl` before (then it is worth caching).
    fn seen_again(&self, hash: &TokenHash, now: OffsetDateTime) -> bool {
        let bits = hash
            .as_str()
            .get(..16)
            .and_then(|h| u64::from_str_radix(h, 16).ok())
            .unwrap_or(0);
        let fingerprint = bits >> 32;
        let slot = usize::try_from(bits & (SEEN_SLOTS as u64 - 1)).unwrap_or(0);
        let ms = u64::try_from(now.unix_timestamp_nanos() / 1_000_000).unwrap_or(0) & 0xffff_ffff;
        let before = self.seen[slot].swap(fingerprint << 32 | ms, Ordering::Relaxed);
        let since = ms.wrapping_sub(before & 0xffff_ffff) & 0xffff_ffff;
        before >> 32 == fingerprint && i128::from(since) < self.ttl().whole_milliseconds()
    }

    /// Remembers a session read from the database when the cache was at `generation`, if it
    /// was read once already within `ttl` or is cached already (then it is replaced); nothing is
    /// stored if an eviction happened since.
    pub fn put(&self, cached: &Cached, now: OffsetDateTime, generation: u64) {
        if !self.enabled() {
            return;
        }
        let hash = &cached.session.token_hash;
        if !self.seen_again(hash, now)
            && !self
                .entries
                .read()
                .is_ok_and(|entries| entries.contains_key(hash))
        {
            return;
        }
        let Ok(mut entries) = self.entries.write() else {
            return;
        };
        if self.generation() != generation {
            return;
        }
        if entries.len() >= self.capacity {
            // Stale entries first, then the older ones, the whole map only as a last resort.
            let ttl = self.ttl();
            for keep in [ttl, ttl / 4] {
                entries.retain(|_, e| now - e.read_at < keep);
                if entries.len() < self.capacity {
                    break;
                }
            }
            if entries.len() >= self.capacity {
                entries.clear();
            }
        }
        entries.insert(
            cached.session.token_hash.clone(),
            Entry {
                cached: cached.clone(),
                read_at: now,
            },
        );
    }

    /// Forgets every session of an account (its memberships changed).
    pub fn evict_account(&self, account: &UserId) {
        if let Ok(mut entries) = self.entries.write() {
            self.bump();
            entries.retain(|_, e| &e.cached.session.account_id != account);
        }
    }

    /// Forgets every session (an organization's policy changed: its members' next requests
    /// must be decided on the new one).
    pub fn clear(&self) {
        if let Ok(mut entries) = self.entries.write() {
            self.bump();
            entries.clear();
        }
    }

    /// Forgets a session (it ended or changed).
    pub fn evict(&self, hash: &TokenHash) {
        if let Ok(mut entries) = self.entries.write() {
            self.bump();
            entries.remove(hash);
        }
    }

    fn bump(&self) {
        self.generation
            .fetch_add(1, std::sync::atomic::Ordering::AcqRel);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::session::{LifetimePolicy, SessionClock};
    use domain::{Aal, ClientKind, Email, SessionId, SessionState, UserId};
    use time::macros::datetime;

    const T0: OffsetDateTime = datetime!(2026-01-01 00:00 UTC);

    /// Puts `s` as read from the database for the second time at `now`.
    fn admit(cache: &SessionCache, s: &Cached, now: OffsetDateTime, generation: u64) {
        cache.seen_again(&s.session.token_hash, now);
        cache.put(s, now, generation);
    }

    #[test]
    fn a_session_is_cached_on_its_second_read_within_the_ttl() {
        let cache = SessionCache::new(Duration::seconds(1), 10);
        let (a, b) = (session(b"a"), session(b"b"));
        cache.put(&a, T0, cache.generation());
        assert!(cache.get(&a.session.token_hash, T0).is_none(), "read once");
        cache.put(&b, T0, cache.generation());
        cache.put(&b, T0 + Duration::seconds(1), cache.generation());
        assert!(
            cache
                .get(&b.session.token_hash, T0 + Duration::seconds(1))
                .is_none(),
            "read again a ttl later"
        );
        let later = T0 + Duration::milliseconds(500);
        cache.put(&a, later, cache.generation());
        assert!(cache.get(&a.session.token_hash, later).is_some());
        // Once cached, a newer read replaces it.
        let mut touched = a.clone();
        touched.session.clock.last_seen_at = later;
        cache.put(&touched, later, cache.generation());
        assert_eq!(
            cache
                .get(&a.session.token_hash, later)
                .map(|c| c.session.clock.last_seen_at),
            Some(later)
        );
    }

    fn session(token: &[u8]) -> Cached {
        Cached {
            orgs: Arc::from(Vec::new()),
            session: Session {
                id: SessionId::generate(),
                token_hash: TokenHash::of(token),
                account_id: UserId::generate(),
                email: Email::from_trusted("ann@example.org".into()),
                name: "Ann".into(),
                mfa_enabled: false,
                mfa_setup_due: false,
                methods: Vec::new(),
                client: ClientKind::Web,
                state: SessionState::Active,
                aal: Aal::Aal1,
                remember: false,
                clock: SessionClock::start(T0, LifetimePolicy::default().transient),
                mfa_verified_at: None,
                device: None,
                passed: None,
                locale: None,
            },
        }
    }

    #[test]
    fn entries_live_for_the_ttl_and_die_when_evicted() {
        let cache = SessionCache::new(Duration::seconds(1), 10);
        let s = session(b"a");
        admit(&cache, &s, T0, cache.generation());
        assert!(
            cache
                .get(&s.session.token_hash, T0 + Duration::milliseconds(999))
                .is_some()
        );
        assert!(
            cache
                .get(&s.session.token_hash, T0 + Duration::seconds(1))
                .is_none()
        );
        assert!(
            cache
                .get(&s.session.token_hash, T0 - Duration::seconds(1))
                .is_none()
        );
        admit(&cache, &s, T0, cache.generation());
        cache.evict(&s.session.token_hash);
        assert!(cache.get(&s.session.token_hash, T0).is_none());
    }

    #[test]
    fn membership_changes_evict_all_of_an_accounts_sessions() {
        let cache = SessionCache::new(Duration::seconds(1), 10);
        let a = session(b"a");
        let mut a2 = session(b"a2");
        a2.session.account_id = a.session.account_id.clone();
        let b = session(b"b");
        for s in [&a, &a2, &b] {
            admit(&cache, s, T0, cache.generation());
        }
        cache.evict_account(&a.session.account_id);
        assert!(cache.get(&a.session.token_hash, T0).is_none());
        assert!(cache.get(&a2.session.token_hash, T0).is_none());
        assert!(cache.get(&b.session.token_hash, T0).is_some());
    }

    #[test]
    fn a_read_that_raced_an_eviction_is_not_cached() {
        let cache = SessionCache::new(Duration::seconds(1), 10);
        let s = session(b"a");
        let before_read = cache.generation();
        // The session changes and is evicted while the request's database read is in flight.
        cache.evict(&s.session.token_hash);
        admit(&cache, &s, T0, before_read);
        assert!(cache.get(&s.session.token_hash, T0).is_none());
        admit(&cache, &s, T0, cache.generation());
        assert!(cache.get(&s.session.token_hash, T0).is_some());
    }

    #[test]
    fn a_zero_ttl_disables_the_cache() {
        let cache = SessionCache::new(Duration::ZERO, 10);
        let s = session(b"a");
        admit(&cache, &s, T0, cache.generation());
        assert!(cache.get(&s.session.token_hash, T0).is_none());
    }

    #[test]
    fn a_full_cache_drops_stale_entries_first() {
        let cache = SessionCache::new(Duration::seconds(1), 2);
        let (a, b, c) = (session(b"a"), session(b"b"), session(b"c"));
        admit(&cache, &a, T0, cache.generation());
        admit(&cache, &b, T0 + Duration::seconds(2), cache.generation());
        admit(&cache, &c, T0 + Duration::seconds(2), cache.generation());
        let now = T0 + Duration::seconds(2);
        assert!(cache.get(&a.session.token_hash, now).is_none());
        assert!(cache.get(&b.session.token_hash, now).is_some());
        assert!(cache.get(&c.session.token_hash, now).is_some());
    }
}
