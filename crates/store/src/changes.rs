//! Telling every node of a change that their caches must forget: PostgreSQL's `NOTIFY`, sent
//! inside the transaction that makes the change, so that it goes out exactly when (and only if)
//! the change commits, and `LISTEN` on a connection of its own. SQLite serves one node: nothing
//! to tell.

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
    if let Conn::Postgres(c) = a.conn() {
        sqlx::query("SELECT pg_notify($1, $2)")
            .bind(CHANNEL)
            .bind(payload)
            .execute(c)
            .await?;
    }
    Ok(())
}

/// A connection listening for the changes other nodes (and this one) announce.
pub struct Listener(PgListener);

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
        Ok(match self.0.try_recv().await? {
            Some(n) => Heard::Change(n.payload().to_owned()),
            None => Heard::Gap,
        })
    }
}

impl Store {
    /// Listens for changes: `None` on SQLite, where there is no other node.
    ///
    /// # Errors
    /// When PostgreSQL cannot be reached.
    pub async fn listen(&self) -> Result<Option<Listener>, StoreError> {
        match &self.pool {
            Pool::Sqlite { .. } => Ok(None),
            Pool::Postgres(p) => {
                let mut l = PgListener::connect_with(p).await?;
                l.listen(CHANNEL).await?;
                Ok(Some(Listener(l)))
            }
        }
    }
}
