//! Changes reach every node at once. A transaction that changes what sessions are decided on
//! (`services::work::Work`) announces it inside itself; PostgreSQL delivers the announcement to
//! every node when it commits (`store::changes`), and each evicts the sessions it cached and
//! wakes the devices waiting on it. On SQLite the announcement goes into a table the server reads
//! four times a second, so that admin commands run in other processes reach it too. While a node
//! hears every change, the session cache trusts an entry for `session.cache_heard_ms`; its
//! short lifetime (`session.cache_ms`) stays as the fallback while a node cannot listen (a lost
//! connection, or one silent for 15 s although every node announces a heartbeat every 5 s),
//! and devices' long polls then look again every second.

use std::sync::atomic::Ordering;

use domain::{TokenHash, UserId};
use store::changes::Heard;

use crate::state::AppState;

/// PostgreSQL refuses payloads of 8,000 bytes and more; past this, a change says "everything".
const MAX_PAYLOAD: usize = 7_000;

/// What one transaction changed, as the other nodes need to hear it.
#[derive(Debug, Default)]
pub struct Changes<'a> {
    pub accounts: &'a [UserId],
    pub sessions: &'a [TokenHash],
    pub everyone: bool,
    /// A sign-in waits for a device's approval.
    pub push: bool,
}

/// The announcement of `c` (comma-separated: `*`, `a:ACCOUNT`, `s:SESSION_HASH`, `p`), or
/// `None` when there is nothing to tell.
pub fn payload(c: &Changes<'_>) -> Option<String> {
    let mut items: Vec<String> = Vec::new();
    if c.everyone {
        items.push("*".to_owned());
    } else {
        items.extend(c.accounts.iter().map(|a| format!("a:{a}")));
        items.extend(c.sessions.iter().map(|s| format!("s:{}", s.as_str())));
    }
    if c.push {
        items.push("p".to_owned());
    }
    let joined = items.join(",");
    if joined.len() > MAX_PAYLOAD {
        return Some(if c.push { "*,p" } else { "*" }.to_owned());
    }
    (!joined.is_empty()).then_some(joined)
}

/// Does what an announcement says, on this node. Items it does not understand (a newer node's)
/// forget everything, to be safe.
pub fn apply(st: &AppState, payload: &str) {
    for item in payload.split(',') {
        match item.split_once(':') {
            Some(("a", id)) => st
                .sessions
                .evict_account(&UserId::from_trusted(id.to_owned())),
            Some(("s", hash)) => st.sessions.evict(&TokenHash::from_trusted(hash.to_owned())),
            None if item == "p" => st.push_wake.notify_waiters(),
            // A heartbeat: it only shows the connection still carries announcements.
            None if item == "h" => {}
            _ => forget_all(st),
        }
    }
}

/// What a node does when it may have missed announcements.
fn forget_all(st: &AppState) {
    st.sessions.clear();
    st.push_wake.notify_waiters();
}

/// How often each node announces a heartbeat (real time: this is about the network).
const HEARTBEAT: std::time::Duration = std::time::Duration::from_secs(5);

/// A listener that hears nothing, not even its own node's heartbeats, for this long is taken
/// for dead: a connection can break without either end noticing (a failover, a firewall
/// dropping idle connections), and while `fanout_live` stays up the cache trusts its entries
/// for minutes.
const SILENCE: std::time::Duration = std::time::Duration::from_secs(15);

/// Announces a heartbeat every [`HEARTBEAT`], over the pool (not the listening connection), so
/// that every node's listener hears something at least that often while its connection works.
pub async fn heartbeat(st: AppState) {
    let mut every = tokio::time::interval(HEARTBEAT);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        let sent = async {
            let mut c = st.store.write().await?;
            store::changes::announce(&mut c, "h").await
        }
        .await;
        if let Err(e) = sent {
            tracing::warn!(error = %e, "announcing a heartbeat failed");
        }
    }
}

/// Listens for announcements for as long as the server runs.
pub async fn run(st: AppState) {
    loop {
        match st.store.listen().await {
            Ok(mut listener) => {
                // Anything announced before now was missed.
                forget_all(&st);
                st.fanout_live.store(true, Ordering::Release);
                loop {
                    match tokio::time::timeout(SILENCE, listener.next()).await {
                        Ok(Ok(Heard::Change(p))) => apply(&st, &p),
                        Ok(Ok(Heard::Gap)) => break,
                        Ok(Err(e)) => {
                            tracing::warn!(error = %e, "lost the other nodes' announcements");
                            break;
                        }
                        Err(_) => {
                            tracing::warn!("heard no announcement, not even a heartbeat, for 15 s");
                            break;
                        }
                    }
                }
                st.fanout_live.store(false, Ordering::Release);
                forget_all(&st);
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot hear other nodes' changes; retrying");
                // Real time: this is about the network, not the test clock.
                tokio::time::sleep(std::time::Duration::from_secs(1)).await;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn announcements_name_what_changed_and_fall_back_to_everything() {
        assert_eq!(payload(&Changes::default()), None);
        let a = [UserId::from_trusted("u1".to_owned())];
        let s = [TokenHash::from_trusted("h1".to_owned())];
        let c = Changes {
            accounts: &a,
            sessions: &s,
            everyone: false,
            push: true,
        };
        assert_eq!(payload(&c).as_deref(), Some("a:u1,s:h1,p"));
        let all = Changes {
            everyone: true,
            ..c
        };
        assert_eq!(payload(&all).as_deref(), Some("*,p"));
        let many: Vec<UserId> = (0..1_000)
            .map(|i| UserId::from_trusted(format!("account-{i:08}")))
            .collect();
        let big = Changes {
            accounts: &many,
            ..Changes::default()
        };
        assert_eq!(payload(&big).as_deref(), Some("*"));
    }
}
