//! A short-lived, in-process cache of sessions by token hash, with the account's memberships,
//! so that a burst of requests on one session costs two database reads, not one each.
//!
//! A session enters the cache on its second read within the lifetime: a doorkeeper (a fixed
//! array of token-hash fingerprints and the time each was last read) remembers the first, so a
//! session used once fills no memory. The doorkeeper has room for 262,144 sessions: with fewer
//! slots than sessions, a mark is overwritten before the second read and nothing is admitted.
//!
//! # Security
//! An entry is trusted for at most `ttl` after it was read (default one second), or `heard`
//! (five minutes) while this node hears every change as it commits (`fanout`; on SQLite through
//! the change log), which evicts it; each entry's lifetime is between three quarters of that and
//! all of it. A touch does not lengthen it. Expiry is still checked against the clock on every
//! hit. `ttl = 0` turns the cache off. Memberships here serve display (`/me`) and the access
//! decision; organization routes authorize against the database.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::RwLock;
use std::sync::atomic::{AtomicU64, Ordering};

use domain::{TokenHash, UserId};
use store::orgs::OrgOfMember;
use store::sessions::Session;
use time::{Duration, OffsetDateTime};

/// A session and the organizations of its account, read together. Shared, so that a hit costs
/// two reference counts, not a copy of the session's strings.
#[derive(Debug, Clone)]
pub struct Cached {
    pub session: Arc<Session>,
    pub orgs: Arc<[OrgOfMember]>,
    /// When they were read from the database: the lifetime counts from here, whatever touches
    /// the session got since.
    pub read_at: OffsetDateTime,
}

/// A token hash's first 128 bits: the map's key (16 bytes instead of a 64-character string).
/// A hit is checked against the whole hash.
fn key(hash: &TokenHash) -> u128 {
    hash.as_str()
        .get(..32)
        .and_then(|h| u128::from_str_radix(h, 16).ok())
        .unwrap_or(0)
}

/// Sessions read recently, by token hash.
pub struct SessionCache {
    ttl: Duration,
    /// While the flag is up (this node hears every change as it commits, `fanout`), entries
    /// are trusted for this longer time: an eviction, not the lifetime, ends them.
    heard: Option<(Duration, Arc<std::sync::atomic::AtomicBool>)>,
    capacity: usize,
    entries: RwLock<HashMap<u128, Cached>>,
    /// Bumped by every eviction. A reader notes it before reading the database and may only
    /// store what it read if no eviction happened meanwhile: otherwise a request that read a
    /// session just before a change committed could cache the old state after the change's
    /// eviction.
    generation: std::sync::atomic::AtomicU64,
    /// The doorkeeper: per slot, a token hash's fingerprint (high 32 bits) and the millisecond
    /// (low 32 bits, wrapping) it was last read from the database.
    seen: Box<[AtomicU64]>,
    hits: AtomicU64,
    misses: AtomicU64,
}

/// Doorkeeper sets (a power of two) of four slots: 2 MiB.
const SEEN_SETS: usize = 1 << 16;
const SEEN_WAYS: usize = 4;

/// Drops the stale entries, then if need be the read longest ago, down to nine tenths of
/// `capacity`: a full map is scanned once per tenth of its capacity of new entries, not at
/// every put.
fn make_room(
    entries: &mut HashMap<u128, Cached>,
    capacity: usize,
    now: OffsetDateTime,
    ttl: Duration,
) {
    entries.retain(|_, e| now - e.read_at < ttl);
    let keep = capacity - capacity.div_ceil(10);
    if entries.len() <= keep {
        return;
    }
    let mut times: Vec<OffsetDateTime> = entries.values().map(|e| e.read_at).collect();
    let (_, cut, _) = times.select_nth_unstable(entries.len() - keep - 1);
    let cut = *cut;
    entries.retain(|_, e| e.read_at > cut);
}

impl SessionCache {
    pub fn new(ttl: Duration, capacity: usize) -> Self {
        Self {
            ttl,
            heard: None,
            capacity: capacity.max(1),
            entries: RwLock::new(HashMap::new()),
            generation: std::sync::atomic::AtomicU64::new(0),
            seen: (0..SEEN_SETS * SEEN_WAYS)
                .map(|_| AtomicU64::new(0))
                .collect(),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
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
        let k = key(hash);
        let hit = self.entries.read().ok().and_then(|entries| {
            let e = entries.get(&k)?;
            let fresh = now - e.read_at < self.lifetime(k) && now >= e.read_at;
            (fresh && e.session.token_hash == *hash).then(|| e.clone())
        });
        let counter = if hit.is_some() {
            &self.hits
        } else {
            &self.misses
        };
        counter.fetch_add(1, Ordering::Relaxed);
        hit
    }

    /// How many looks found their session here, and how many did not.
    pub fn counts(&self) -> (u64, u64) {
        (
            self.hits.load(Ordering::Relaxed),
            self.misses.load(Ordering::Relaxed),
        )
    }

    /// An entry's own lifetime: between three quarters of `ttl` and all of it, by its hash, so
    /// that the sessions read together (after a restart, or all morning at nine) are not all
    /// read again together.
    fn lifetime(&self, k: u128) -> Duration {
        let share = 1024 - i32::try_from(k & 0xff).unwrap_or(0);
        self.ttl() * share / 1024
    }

    /// Notes that `hash` was read from the database now; whether it was also read less than
    /// `ttl` before (then it is worth caching). The doorkeeper is 4-way set-associative: a mark
    /// displaces the oldest of its set's four, so two sessions sharing a set do not keep erasing
    /// each other's mark (with one way, a third of 100,000 sessions shared a slot and half of
    /// those were never admitted).
    fn seen_again(&self, hash: &TokenHash, now: OffsetDateTime) -> bool {
        let k = key(hash);
        let fingerprint = u64::try_from(k >> 96).unwrap_or(0);
        let set = usize::try_from(k & (SEEN_SETS as u128 - 1)).unwrap_or(0) * SEEN_WAYS;
        let Some(ways) = self.seen.get(set..set + SEEN_WAYS) else {
            return false;
        };
        let ms = u64::try_from(now.unix_timestamp_nanos() / 1_000_000).unwrap_or(0) & 0xffff_ffff;
        let age = |v: u64| ms.wrapping_sub(v & 0xffff_ffff) & 0xffff_ffff;
        // The way holding this session's mark, else the one marked longest ago.
        let mut pick = (0, 0);
        for (i, way) in ways.iter().enumerate() {
            let v = way.load(Ordering::Relaxed);
            if v >> 32 == fingerprint {
                pick = (i, u64::MAX);
                break;
            }
            if i == 0 || age(v) > pick.1 {
                pick = (i, age(v));
            }
        }
        let before = ways
            .get(pick.0)
            .map_or(0, |w| w.swap(fingerprint << 32 | ms, Ordering::Relaxed));
        before >> 32 == fingerprint && i128::from(age(before)) < self.ttl().whole_milliseconds()
    }

    /// Remembers a session read from the database when the cache was at `generation`, if it
    /// was read once already within `ttl` or is cached already (then it is replaced: by a newer
    /// read, or by the same one with a touch); nothing is stored if an eviction happened since.
    pub fn put(&self, cached: &Cached, now: OffsetDateTime, generation: u64) {
        if !self.enabled() {
            return;
        }
        let hash = &cached.session.token_hash;
        if !self.seen_again(hash, now)
            && !self
                .entries
                .read()
                .is_ok_and(|entries| entries.contains_key(&key(hash)))
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
            make_room(&mut entries, self.capacity, now, self.ttl());
        }
        entries.insert(key(hash), cached.clone());
    }

    /// Forgets every session of an account (its memberships changed).
    pub fn evict_account(&self, account: &UserId) {
        if let Ok(mut entries) = self.entries.write() {
            self.bump();
            entries.retain(|_, e| &e.session.account_id != account);
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
            entries.remove(&key(hash));
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
        cache.put(&read_at(s, now), now, generation);
    }

    fn read_at(s: &Cached, at: OffsetDateTime) -> Cached {
        Cached {
            read_at: at,
            ..s.clone()
        }
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
        cache.put(&read_at(&a, later), later, cache.generation());
        assert!(cache.get(&a.session.token_hash, later).is_some());
        // Once cached, a touch replaces it, and its lifetime still counts from the read.
        let mut touched = read_at(&a, later);
        Arc::make_mut(&mut touched.session).clock.last_seen_at =
            later + Duration::milliseconds(100);
        cache.put(
            &touched,
            later + Duration::milliseconds(100),
            cache.generation(),
        );
        let hit = cache.get(&a.session.token_hash, later + Duration::milliseconds(100));
        assert_eq!(
            hit.map(|c| c.session.clock.last_seen_at),
            Some(later + Duration::milliseconds(100))
        );
        assert!(
            cache
                .get(&a.session.token_hash, later + Duration::milliseconds(1000))
                .is_none()
        );
    }

    #[test]
    fn lifetimes_spread_over_the_last_quarter_of_the_ttl() {
        let cache = SessionCache::new(Duration::seconds(1), 10);
        let lifetimes: Vec<Duration> = (0..64u8)
            .map(|i| cache.lifetime(key(&TokenHash::of(&[i]))))
            .collect();
        let (min, max) = (lifetimes.iter().min(), lifetimes.iter().max());
        assert!(
            min.is_some_and(|m| *m >= Duration::milliseconds(750)),
            "{min:?}"
        );
        assert!(max.is_some_and(|m| *m <= Duration::seconds(1)), "{max:?}");
        assert!(min < max, "spread");
    }

    #[test]
    fn sessions_sharing_a_doorkeeper_set_are_all_admitted() {
        let cache = SessionCache::new(Duration::seconds(10), 10);
        // Four sessions whose hashes fall in one set (the same bits 0-15 of the key).
        let shared: Vec<Cached> = (0..4)
            .map(|i| {
                let mut s = session(b"x");
                let hash = format!("{i:x}{}", "0".repeat(63));
                Arc::make_mut(&mut s.session).token_hash = TokenHash::from_trusted(hash);
                s
            })
            .collect();
        // Each read once, then each again: every mark must survive the others.
        for round in 0..2 {
            for (i, s) in shared.iter().enumerate() {
                let now = T0 + Duration::milliseconds(round * 100 + i64::try_from(i).unwrap_or(0));
                cache.put(&read_at(s, now), now, cache.generation());
            }
        }
        let now = T0 + Duration::milliseconds(200);
        for s in &shared {
            assert!(cache.get(&s.session.token_hash, now).is_some());
        }
    }

    #[test]
    fn a_full_cache_of_fresh_entries_drops_the_tenth_read_longest_ago() {
        let cache = SessionCache::new(Duration::seconds(10), 20);
        let all: Vec<Cached> = (0..21u8).map(|i| session(&[i])).collect();
        for (i, s) in all.iter().enumerate() {
            let now = T0 + Duration::milliseconds(i64::try_from(i).unwrap_or(0));
            admit(&cache, s, now, cache.generation());
        }
        // The 21st found it full: the two read first went, the others stay.
        let now = T0 + Duration::milliseconds(30);
        let kept: Vec<bool> = all
            .iter()
            .map(|s| cache.get(&s.session.token_hash, now).is_some())
            .collect();
        assert_eq!(kept.iter().filter(|k| **k).count(), 19, "{kept:?}");
        assert!(!kept[0] && !kept[1] && kept[2] && kept[20], "{kept:?}");
    }

    #[test]
    fn a_hit_needs_the_whole_token_hash() {
        let cache = SessionCache::new(Duration::seconds(1), 10);
        let a = session(b"a");
        admit(&cache, &a, T0, cache.generation());
        // Another hash with the same first 128 bits.
        let mut other = a.session.token_hash.as_str().to_owned();
        other.replace_range(63.., if other.ends_with('0') { "1" } else { "0" });
        let other = TokenHash::from_trusted(other);
        assert!(cache.get(&other, T0).is_none());
        assert!(cache.get(&a.session.token_hash, T0).is_some());
    }

    fn session(token: &[u8]) -> Cached {
        Cached {
            orgs: Arc::from(Vec::new()),
            read_at: T0,
            session: Arc::new(Session {
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
            }),
        }
    }

    #[test]
    fn entries_live_for_the_ttl_and_die_when_evicted() {
        let cache = SessionCache::new(Duration::seconds(1), 10);
        let s = session(b"a");
        admit(&cache, &s, T0, cache.generation());
        assert!(
            cache
                .get(&s.session.token_hash, T0 + Duration::milliseconds(749))
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
        Arc::make_mut(&mut a2.session).account_id = a.session.account_id.clone();
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
