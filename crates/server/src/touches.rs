//! Touches: a session's last-seen time is written at most once a minute while it is used
//! (`SessionClock::needs_touch`), which keeps it from ending idle. Written one request at a time,
//! 100,000 sessions in use made 1,700 commits a second; gathered here and written together
//! every [`FLUSH_EVERY`], they make four statements.
//!
//! A touch not yet written is what this node goes by when it reads the session again
//! ([`Touches::seen`]), so it never judges idle a session it saw a moment ago. Other nodes see
//! it at most [`FLUSH_EVERY`] late, against idle timeouts of minutes. A session the write finds
//! gone (it ended on another node) is evicted from the session cache: its next request here is
//! refused. A node killed loses at most its last quarter second of touches.

use std::collections::HashMap;
use std::sync::Mutex;

use domain::{SessionId, TokenHash};
use store::{Store, StoreError};
use time::OffsetDateTime;

use crate::session_cache::SessionCache;
use crate::state::AppState;

/// How often waiting touches are written.
pub const FLUSH_EVERY: std::time::Duration = std::time::Duration::from_millis(250);

type Batch = HashMap<SessionId, (OffsetDateTime, TokenHash)>;

/// Touches waiting to be written, and those being written now.
#[derive(Default)]
pub struct Touches {
    state: Mutex<(Batch, Batch)>,
}

impl Touches {
    /// Records that the session holding `hash` was used at `at`.
    pub fn note(&self, id: &SessionId, hash: &TokenHash, at: OffsetDateTime) {
        if let Ok(mut s) = self.state.lock() {
            let e = s.0.entry(id.clone()).or_insert((at, hash.clone()));
            e.0 = e.0.max(at);
        }
    }

    /// The latest use of the session this node noted and may not have written yet.
    pub fn seen(&self, id: &SessionId) -> Option<OffsetDateTime> {
        let s = self.state.lock().ok()?;
        match (s.0.get(id), s.1.get(id)) {
            (Some((a, _)), Some((b, _))) => Some((*a).max(*b)),
            (Some((a, _)), None) | (None, Some((a, _))) => Some(*a),
            (None, None) => None,
        }
    }

    /// Writes the waiting touches and evicts from `cache` the sessions found gone. On failure
    /// the touches wait for the next write.
    ///
    /// # Errors
    /// On database failure.
    pub async fn flush(&self, store: &Store, cache: &SessionCache) -> Result<(), StoreError> {
        let rows: Vec<(SessionId, OffsetDateTime)> = {
            let Ok(mut s) = self.state.lock() else {
                return Ok(());
            };
            let s = &mut *s;
            s.1 = std::mem::take(&mut s.0);
            let mut rows: Vec<_> = s.1.iter().map(|(id, (at, _))| (id.clone(), *at)).collect();
            rows.sort_unstable();
            rows
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
        let done = std::mem::take(&mut s.1);
        match written {
            Ok(found) => {
                let found: std::collections::HashSet<SessionId> = found.into_iter().collect();
                for (id, (_, hash)) in done {
                    if !found.contains(&id) {
                        cache.evict(&hash);
                    }
                }
                Ok(())
            }
            Err(e) => {
                for (id, (at, hash)) in done {
                    let waiting = s.0.entry(id).or_insert((at, hash));
                    waiting.0 = waiting.0.max(at);
                }
                Err(e)
            }
        }
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

    #[test]
    fn the_latest_use_is_kept() {
        let t = Touches::default();
        let (id, hash) = (SessionId::generate(), TokenHash::of(b"a"));
        let t0 = datetime!(2026-01-01 00:00 UTC);
        assert_eq!(t.seen(&id), None);
        t.note(&id, &hash, t0 + time::Duration::seconds(2));
        t.note(&id, &hash, t0);
        assert_eq!(t.seen(&id), Some(t0 + time::Duration::seconds(2)));
    }
}
