//! Opening the database, transactions, and the macros that run one query on either backend.

use std::str::FromStr;
use std::time::Duration;

use sqlx::pool::PoolConnection;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{
    Connection as _, PgConnection, PgPool, Postgres, Sqlite, SqliteConnection, SqlitePool,
    Transaction,
};
use tokio::sync::{Mutex, OwnedMappedMutexGuard, OwnedMutexGuard};

use crate::StoreError;

/// How long a request waits for a database connection before it is answered "unavailable":
/// while the database is down (connections refused), this is how long each request takes to
/// fail; under load, pooled connections free up within milliseconds.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(2);

#[derive(Clone)]
pub(crate) enum Pool {
    /// SQLite: one connection that every write goes through, and a pool for reads. SQLite
    /// drops a connection's whole page cache whenever another connection has written since its
    /// last transaction; with one writing connection, the writes keep a warm cache.
    Sqlite {
        write: Writer,
        read: SqlitePool,
    },
    Postgres(PgPool),
}

/// SQLite's one writing connection, outside sqlx's pool: a pool pings each connection handed
/// back to it (a round trip to the connection's thread, in a task of its own), and with a single
/// writer that round trip stood between every two write transactions. Writers queue on the
/// mutex in order and without spinning, instead of in SQLite's busy handler, which sleeps in
/// steps of up to 100 ms and so adds long tails under load while the CPU idles. `None` once
/// closed.
#[derive(Clone)]
pub(crate) struct Writer(std::sync::Arc<Mutex<Option<Writing>>>);

/// The writing connection, and whether a transaction may still be open on it: set before
/// `BEGIN`, cleared once `COMMIT` or `ROLLBACK` answered. A transaction whose rollback never ran
/// (no runtime left to run it, a failed `ROLLBACK`) is rolled back by the next writer, instead
/// of every later `BEGIN` failing and autocommit writes landing in it uncommitted.
pub struct Writing {
    conn: SqliteConnection,
    open: bool,
}

/// The writing connection, held: nobody else writes until it is dropped.
type Held = OwnedMappedMutexGuard<Option<Writing>, Writing>;

impl Writer {
    async fn hold(&self) -> Result<Held, StoreError> {
        let guard: OwnedMutexGuard<_> = std::sync::Arc::clone(&self.0).lock_owned().await;
        let mut held = OwnedMutexGuard::try_map(guard, Option::as_mut)
            .map_err(|_| StoreError::Database(sqlx::Error::PoolClosed))?;
        if held.open {
            // "No transaction is active" is the answer when it had ended after all.
            let _ = sqlx::raw_sql("ROLLBACK").execute(&mut held.conn).await;
            held.open = false;
        }
        Ok(held)
    }
}

/// A handle on the database; cheap to clone.
#[derive(Clone)]
pub struct Store {
    pub(crate) pool: Pool,
}

/// A borrowed connection of either backend, what the query macros run on.
pub enum Conn<'c> {
    Sqlite(&'c mut SqliteConnection),
    Postgres(&'c mut PgConnection),
}

/// Anything queries can run on: a transaction or a pooled connection.
pub trait Access: Send {
    fn conn(&mut self) -> Conn<'_>;
}

/// A write transaction. Dropped without `commit`, it rolls back.
pub enum Tx {
    Sqlite(SqliteTx),
    Postgres(Transaction<'static, Postgres>),
}

/// A SQLite transaction on the held writing connection (`Some` until the transaction ends). A
/// transaction dropped without commit (an early return, a cancelled request) rolls back before
/// it lets the connection go, so the next writer never finds a transaction still open. Commands
/// reach the connection's thread in order, so the rollback follows any statement still running.
pub struct SqliteTx {
    conn: Option<Held>,
}

impl Drop for SqliteTx {
    fn drop(&mut self) {
        let Some(conn) = self.conn.take() else {
            return;
        };
        if let Ok(rt) = tokio::runtime::Handle::try_current() {
            rt.spawn(rollback(conn));
        }
    }
}

async fn rollback(mut held: Held) {
    match sqlx::raw_sql("ROLLBACK").execute(&mut held.conn).await {
        Ok(_) => held.open = false,
        // Left marked open: the next writer tries again before anything else.
        Err(e) => tracing::warn!(error = %e, "rolling back a transaction failed"),
    }
}

/// A pooled connection for reads outside a transaction.
pub enum ReadConn {
    Sqlite(PoolConnection<Sqlite>),
    Postgres(PoolConnection<Postgres>),
}

impl Access for Tx {
    fn conn(&mut self) -> Conn<'_> {
        match self {
            Tx::Sqlite(SqliteTx { conn: Some(c) }) => Conn::Sqlite(&mut c.conn),
            // A transaction is only used before it ends (commit consumes it).
            Tx::Sqlite(SqliteTx { conn: None }) => {
                unreachable!("transaction used after it ended")
            }
            Tx::Postgres(t) => Conn::Postgres(&mut *t),
        }
    }
}

impl Access for ReadConn {
    fn conn(&mut self) -> Conn<'_> {
        match self {
            ReadConn::Sqlite(c) => Conn::Sqlite(&mut *c),
            ReadConn::Postgres(c) => Conn::Postgres(&mut *c),
        }
    }
}

/// A connection for autocommit writes (see [`Store::write`]).
pub enum WriteConn {
    Sqlite(Held),
    Postgres(PoolConnection<Postgres>),
}

impl Access for WriteConn {
    fn conn(&mut self) -> Conn<'_> {
        match self {
            WriteConn::Sqlite(c) => Conn::Sqlite(&mut c.conn),
            WriteConn::Postgres(c) => Conn::Postgres(&mut *c),
        }
    }
}

impl Tx {
    /// # Errors
    /// When the database refuses the commit.
    pub async fn commit(self) -> Result<(), StoreError> {
        match self {
            Tx::Sqlite(mut s) => {
                // The connection stays in the transaction until COMMIT answers: a failed COMMIT
                // (a deferred constraint) leaves the transaction open, and a request cancelled
                // meanwhile may leave it so too; dropping `s` then rolls back.
                if let Some(held) = s.conn.as_mut() {
                    sqlx::raw_sql("COMMIT").execute(&mut held.conn).await?;
                    held.open = false;
                    s.conn = None;
                }
            }
            Tx::Postgres(t) => t.commit().await?,
        }
        Ok(())
    }
}

impl Store {
    /// Opens a pool on `url`: `sqlite://PATH` (created if missing) or `postgres://…`.
    ///
    /// # Errors
    /// When the URL is not understood or the database cannot be reached.
    pub async fn connect(url: &str, max_connections: u32) -> Result<Self, StoreError> {
        let pool = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let opts = PgConnectOptions::from_str(url)?;
            Pool::Postgres(
                PgPoolOptions::new()
                    .max_connections(max_connections)
                    // A broken connection fails its query, which the caller sees anyway; pinging
                    // before every use doubled the round trips of each request.
                    .test_before_acquire(false)
                    .acquire_timeout(ACQUIRE_TIMEOUT)
                    .connect_with(opts)
                    .await?,
            )
        } else if url.starts_with("sqlite:") {
            let opts = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(5));
            // No memory map (`mmap_size` stays 0): a connection that maps the file unmaps it
            // at every read transaction after another connection wrote, and maps it again,
            // which under steady writes cost more than the page reads it saved (refresh-token
            // grants ≈ 2,750/s mapped against ≈ 3,100/s not; docs/PERFORMANCE.md).
            // Checkpoints are the server's background job ([`Store::checkpoint`]), not the
            // committing writer's: one run inside a commit holds every writer queued behind
            // it. The writer checkpoints only if that job falls far behind (≈ 40 MB of log).
            let write_opts = opts.clone().pragma("wal_autocheckpoint", "10000");
            let write = SqliteConnection::connect_with(&write_opts).await?;
            Pool::Sqlite {
                write: Writer(std::sync::Arc::new(Mutex::new(Some(Writing {
                    conn: write,
                    open: false,
                })))),
                read: SqlitePoolOptions::new()
                    .max_connections(max_connections)
                    .test_before_acquire(false)
                    .acquire_timeout(Duration::from_secs(5))
                    .connect_with(opts)
                    .await?,
            }
        } else {
            return Err(StoreError::Database(sqlx::Error::Configuration(
                "the database URL must start with sqlite: or postgres://".into(),
            )));
        };
        Ok(Self { pool })
    }

    /// Applies the migrations this binary carries. Safe to run on every start and from several
    /// nodes at once (sqlx takes an advisory lock on PostgreSQL).
    ///
    /// # Errors
    /// When a migration fails or the database holds one this binary does not know.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        match &self.pool {
            Pool::Sqlite { write, .. } => {
                let mut held = write.hold().await?;
                sqlx::migrate!("migrations/sqlite")
                    .run(&mut held.conn)
                    .await?;
            }
            Pool::Postgres(p) => sqlx::migrate!("migrations/postgres").run(p).await?,
        }
        Ok(())
    }

    /// Starts a write transaction. On SQLite it takes the write lock at once (`BEGIN
    /// IMMEDIATE`): a deferred transaction that reads and then writes can fail with "database is
    /// locked" when another writer got in between, which busy_timeout cannot repair.
    ///
    /// # Errors
    /// When no connection is available.
    pub async fn begin(&self) -> Result<Tx, StoreError> {
        Ok(match &self.pool {
            Pool::Sqlite { write, .. } => {
                // BEGIN runs through the transaction's value, so that a request cancelled while
                // it runs rolls back; a BEGIN that failed has nothing to roll back.
                let mut tx = SqliteTx {
                    conn: Some(write.hold().await?),
                };
                if let Some(held) = tx.conn.as_mut() {
                    held.open = true;
                    if let Err(e) = sqlx::raw_sql("BEGIN IMMEDIATE")
                        .execute(&mut held.conn)
                        .await
                    {
                        held.open = false;
                        tx.conn = None;
                        return Err(e.into());
                    }
                }
                Tx::Sqlite(tx)
            }
            Pool::Postgres(p) => Tx::Postgres(p.begin().await?),
        })
    }

    /// A connection for single-statement writes outside a transaction, which on SQLite also
    /// wait for their turn with the transactions instead of in SQLite's busy handler.
    ///
    /// # Errors
    /// When no connection can be had.
    pub async fn write(&self) -> Result<WriteConn, StoreError> {
        Ok(match &self.pool {
            Pool::Sqlite { write, .. } => WriteConn::Sqlite(write.hold().await?),
            Pool::Postgres(p) => WriteConn::Postgres(p.acquire().await?),
        })
    }

    /// A connection for reads that need no transaction.
    ///
    /// # Errors
    /// When no connection is available.
    pub async fn read(&self) -> Result<ReadConn, StoreError> {
        Ok(match &self.pool {
            Pool::Sqlite { read, .. } => ReadConn::Sqlite(read.acquire().await?),
            Pool::Postgres(p) => ReadConn::Postgres(p.acquire().await?),
        })
    }

    /// Whether the whole database has one writer at a time (SQLite), rather than locking rows.
    pub fn has_one_writer(&self) -> bool {
        matches!(self.pool, Pool::Sqlite { .. })
    }

    /// Whether this database wants [`Store::checkpoint`] run in the background (SQLite).
    pub fn wants_checkpoints(&self) -> bool {
        matches!(self.pool, Pool::Sqlite { .. })
    }

    /// Copies what SQLite's write-ahead log holds into the database file, so that the log can
    /// start over, without waiting for or holding up writers and readers (a `PASSIVE`
    /// checkpoint, on a reading connection). Nothing to do on PostgreSQL.
    ///
    /// # Errors
    /// On database failure.
    pub async fn checkpoint(&self) -> Result<(), StoreError> {
        if let Pool::Sqlite { read, .. } = &self.pool {
            let mut c = read.acquire().await?;
            sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
                .execute(&mut *c)
                .await?;
        }
        Ok(())
    }

    /// Whether the database answers: what `/readyz` reports.
    pub async fn ping(&self) -> bool {
        let Ok(mut c) = self.read().await else {
            return false;
        };
        let one: Result<i64, StoreError> =
            async { Ok(scalar!(c.conn(), i64, "SELECT CAST(1 AS BIGINT)")) }.await;
        one.is_ok()
    }

    pub async fn close(&self) {
        match &self.pool {
            Pool::Sqlite { write, read } => {
                let writing = write.0.lock().await.take();
                if let Some(writing) = writing
                    && let Err(e) = writing.conn.close().await
                {
                    tracing::warn!(error = %e, "closing the writing connection failed");
                }
                read.close().await;
            }
            Pool::Postgres(p) => p.close().await,
        }
    }
}
