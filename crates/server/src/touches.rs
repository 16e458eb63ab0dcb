//! Touches: a session's last-seen time is written at most once a minute while it is used
//! (`SessionClock::needs_touch`), which keeps it from ending idle. Written one request at a time,
//! 100,000 sessions in use made 1,700 commits a second; gathered here and written together
//! every [`FLUSH_EVERY`], they make a few statements.
//!
//! A touch not yet written is what this node goes by when it reads the session again
//! ([`Touches::seen`], looked up by token before the read, so that a write landing in between
//! is seen by one or the other), so it never judges idle a session it saw a moment ago. Other
//! nodes see it at most [`FLUSH_EVERY`] late, against idle timeouts of minutes. A session the
//! write finds gone (it ended behind this node's back) is evicted from the session cache: its
//! next request here is refused. A node killed loses at most its last quarter second of
//! touches; a graceful stop writes them.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

use domain::{SessionId, TokenHash};
use store::{Store, StoreError};
use time::OffsetDateTime;

use crate::session_cache::SessionCache;
use crate::state::AppState;

/// How often waiting touches are written.
pub const FLUSH_EVERY: std::time::Duration = std::time::Duration::from_millis(250);

/// Uses by token: a session passing its second step gets a new token, and the cache knows it
/// by token.
type Batch = HashMap<TokenHash, (SessionId, OffsetDateTime)>;

/// Touches waiting to be written, and those being written now.
#[derive(Default)]
pub struct Touches {
    state: Mutex<(Batch, Batch)>,
    /// One write at a time (the last one, at shutdown, waits for the one under way).
    writing: tokio::sync::Mutex<()>,
}

/// Adds a use to `batch`, keeping the latest time.
fn add(batch: &mut Batch, hash: TokenHash, id: SessionId, at: OffsetDateTime) {
    let e = batch.entry(hash).or_insert_with(|| (id, at));
    e.1 = e.1.max(at);
}

/// The batch as rows to write: one per session, at its latest use, in id order.
fn rows(batch: &Batch) -> Vec<(SessionId, OffsetDateTime)> {
    let mut latest: HashMap<&SessionId, OffsetDateTime> = HashMap::with_capacity(batch.len());
    for (id, at) in batch.values() {
        let e = latest.entry(id).or_insert(*at);
        *e = (*e).max(*at);
    }
    let mut rows: Vec<_> = latest
        .into_iter()
        .map(|(id, at)| (id.clone(), at))
        .collect();
    rows.sort_unstable();
    rows
}

impl Touches {
    /// Records that the session `id` was used at `at` with the token hashed `hash`.
    pub fn note(&self, id: &SessionId, hash: &TokenHash, at: OffsetDateTime) {
        if let Ok(mut s) = self.state.lock() {
            add(&mut s.0, hash.clone(), id.clone(), at);
        }
    }

    /// The latest use of the token this node noted and may not have written yet.
    pub fn seen(&self, hash: &TokenHash) -> Option<OffsetDateTime> {
        let s = self.state.lock().ok()?;
        let (waiting, sent) = (s.0.get(hash), s.1.get(hash));
        waiting.into_iter().chain(sent).map(|(_, at)| *at).max()
    }

    /// Writes the waiting touches and evicts from `cache` the sessions found gone; those
    /// another transaction held wait for the next write, as do all on failure.
    ///
    /// # Errors
    /// On database failure.
    pub async fn flush(&self, store: &Store, cache: &SessionCache) -> Result<(), StoreError> {
        let _one = self.writing.lock().await;
        let rows = {
            let Ok(mut s) = self.state.lock() else {
                return Ok(());
            };
            let s = &mut *s;
            // What a cancelled write left (the task is stopped at shutdown) goes again.
            for (hash, (id, at)) in std::mem::take(&mut s.1) {
                add(&mut s.0, hash, id, at);
            }
            s.1 = std::mem::take(&mut s.0);
            rows(&s.1)
        };
        if rows.is_empty() {
            return Ok(());
        }
        let written = async {
            let mut c = store.write().await?;
            store::sessions::touch_many(&mut c, &rows).await
        }
        .await;
        let Ok(mut s) = self.state.lock() else {
            return Ok(());
        };
        let s = &mut *s;
        let sent = std::mem::take(&mut s.1);
        let (done, busy): (HashSet<SessionId>, HashSet<SessionId>) = match written {
            Ok(t) => (t.done.into_iter().collect(), t.busy.into_iter().collect()),
            Err(e) => {
                for (hash, (id, at)) in sent {
                    add(&mut s.0, hash, id, at);
                }
                return Err(e);
            }
        };
        for (hash, (id, at)) in sent {
            if busy.contains(&id) {
                add(&mut s.0, hash, id, at);
            } else if !done.contains(&id) {
                // Neither written nor held: gone.
                cache.evict(&hash);
            }
        }
        Ok(())
    }
}

/// Writes the waiting touches every [`FLUSH_EVERY`].
pub async fn run(st: AppState) {
    let mut every = tokio::time::interval(FLUSH_EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        if let Err(e) = st.touches.flush(&st.store, &st.sessions).await {
            tracing::warn!(error = %e, "writing sessions' last-seen times failed");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const T0: OffsetDateTime = datetime!(2026-01-01 00:00 UTC);

    #[test]
    fn the_latest_use_is_kept() {
        let t = Touches::default();
        let (id, hash) = (SessionId::generate(), TokenHash::of(b"a"));
        assert_eq!(t.seen(&hash), None);
        t.note(&id, &hash, T0 + time::Duration::seconds(2));
        t.note(&id, &hash, T0);
        assert_eq!(t.seen(&hash), Some(T0 + time::Duration::seconds(2)));
    }

    #[test]
    fn a_session_used_with_two_tokens_is_written_once_at_its_latest_use() {
        let mut batch = Batch::new();
        let (id, other) = (SessionId::generate(), SessionId::generate());
        let later = T0 + time::Duration::seconds(1);
        add(&mut batch, TokenHash::of(b"old"), id.clone(), later);
        add(&mut batch, TokenHash::of(b"new"), id.clone(), T0);
        add(&mut batch, TokenHash::of(b"x"), other.clone(), T0);
        let mut expected = vec![(id, later), (other, T0)];
        expected.sort_unstable();
        assert_eq!(rows(&batch), expected);
    }
}
