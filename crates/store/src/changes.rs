//! Telling every node of a change that their caches must forget: PostgreSQL's `NOTIFY`, sent
//! inside the transaction that makes the change, so that it goes out exactly when (and only if)
//! the change commits, and `LISTEN` on a connection of its own. SQLite serves one server, but
//! the admin commands write from processes of their own: there the change goes into the
//! `change_log` table in the same transaction, and the server reads what is new every
//! [`SQLITE_POLL`].

use std::collections::VecDeque;

use sqlx::postgres::PgListener;

use crate::db::{Conn, Pool};
use crate::{Access, Store, StoreError};

/// The channel every node listens on.
pub const CHANNEL: &str = "twofold_changes";

/// Sends `payload` to every node listening, when the transaction of `a` commits (at once outside
/// one). Nothing on SQLite.
///
/// # Errors
/// On database failure.
pub async fn announce(a: &mut impl Access, payload: &str) -> Result<(), StoreError> {
    match a.conn() {
        Conn::Postgres(c) => {
            sqlx::query("SELECT pg_notify($1, $2)")
                .bind(CHANNEL)
                .bind(payload)
                .execute(c)
                .await?;
        }
        // SQLite's own clock: the log is pruned by age, whatever clock the server runs on.
        Conn::Sqlite(c) => {
            sqlx::query("INSERT INTO change_log (payload, at) VALUES ($1, unixepoch() * 1000)")
                .bind(payload)
                .execute(c)
                .await?;
        }
    }
    Ok(())
}

/// How often a server on SQLite reads the change log.
pub const SQLITE_POLL: std::time::Duration = std::time::Duration::from_millis(250);

/// Deletes the change log's rows older than ten minutes (none on PostgreSQL).
///
/// # Errors
/// On database failure.
pub async fn prune(a: &mut impl Access) -> Result<(), StoreError> {
    if let Conn::Sqlite(c) = a.conn() {
        sqlx::query("DELETE FROM change_log WHERE at < unixepoch() * 1000 - 600000")
            .execute(c)
            .await?;
    }
    Ok(())
}

/// A connection listening for the changes other nodes (and this one) announce.
pub enum Listener {
    Postgres(PgListener),
    /// The change log read from past `seq`; what the last read found, not yet handed out.
    Sqlite {
        store: Store,
        seq: i64,
        pending: VecDeque<String>,
    },
}

/// What [`Listener::next`] hears.
pub enum Heard {
    /// A payload [`announce`] sent.
    Change(String),
    /// The connection was lost and is being made again: changes announced meanwhile are lost.
    Gap,
}

impl Listener {
    /// Waits for the next change.
    ///
    /// # Errors
    /// When the connection cannot be made again.
    pub async fn next(&mut self) -> Result<Heard, StoreError> {
        match self {
            Self::Postgres(l) => Ok(match l.try_recv().await? {
                Some(n) => Heard::Change(n.payload().to_owned()),
                None => Heard::Gap,
            }),
            Self::Sqlite {
                store,
                seq,
                pending,
            } => loop {
                if let Some(p) = pending.pop_front() {
                    return Ok(Heard::Change(p));
                }
                // Real time: how often to look, not when anything is due.
                tokio::time::sleep(SQLITE_POLL).await;
                let mut c = store.read().await?;
                let rows = fetch!(
                    c.conn(),
                    fetch_all,
                    (i64, String),
                    "SELECT seq, payload FROM change_log WHERE seq > $1 ORDER BY seq",
                    *seq,
                );
                for (s, p) in rows {
                    *seq = s;
                    pending.push_back(p);
                }
            },
        }
    }
}

impl Store {
    /// Listens for the changes announced from now on.
    ///
    /// # Errors
    /// When the database cannot be reached.
    pub async fn listen(&self) -> Result<Listener, StoreError> {
        match &self.pool {
            Pool::Sqlite { .. } => {
                let mut c = self.read().await?;
                let seq = scalar!(
                    c.conn(),
                    i64,
                    "SELECT COALESCE(MAX(seq), 0) FROM change_log",
                );
                Ok(Listener::Sqlite {
                    store: self.clone(),
                    seq,
                    pending: VecDeque::new(),
                })
            }
            Pool::Postgres(p) => {
                let mut l = PgListener::connect_with(p).await?;
                l.listen(CHANNEL).await?;
                Ok(Listener::Postgres(l))
            }
        }
    }
}
