//! Opening the database, transactions, and the macros that run one query on either backend.

use std::str::FromStr;
use std::time::Duration;

use sqlx::pool::PoolConnection;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgConnection, PgPool, Postgres, Sqlite, SqliteConnection, SqlitePool, Transaction};

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
        write: SqlitePool,
        read: SqlitePool,
    },
    Postgres(PgPool),
}

/// A handle on the database; cheap to clone.
#[derive(Clone)]
pub struct Store {
    pub(crate) pool: Pool,
    /// SQLite allows one writer at a time. Writers queue here, in order and without spinning,
    /// instead of in SQLite's busy handler, which sleeps in steps of up to 100 ms and so adds
    /// long tails under load while the CPU idles.
    /// (Unused on PostgreSQL, whose writers lock rows, not the database.)
    writer: std::sync::Arc<tokio::sync::Semaphore>,
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

/// A SQLite transaction with its write turn. Both are `Some` until the transaction ends; a
/// transaction dropped without commit (an early return) rolls back before it gives up its turn,
/// so the next writer never finds the database still locked.
pub struct SqliteTx {
    tx: Option<Transaction<'static, Sqlite>>,
    turn: Option<tokio::sync::OwnedSemaphorePermit>,
}

impl Drop for SqliteTx {
    fn drop(&mut self) {
        let (Some(tx), Some(turn)) = (self.tx.take(), self.turn.take()) else {
            return;
        };
        if let Ok(rt) = tokio::runtime::Handle::try_current() {
            rt.spawn(async move {
                if let Err(e) = tx.rollback().await {
                    tracing::warn!(error = %e, "rolling back a dropped transaction failed");
                }
                drop(turn);
            });
        }
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
            Tx::Sqlite(SqliteTx { tx: Some(t), .. }) => Conn::Sqlite(&mut *t),
            // A transaction is only used before it ends (commit consumes it).
            Tx::Sqlite(SqliteTx { tx: None, .. }) => {
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
pub struct WriteConn {
    conn: ReadConn,
    _turn: Option<tokio::sync::OwnedSemaphorePermit>,
}

impl Access for WriteConn {
    fn conn(&mut self) -> Conn<'_> {
        self.conn.conn()
    }
}

impl Tx {
    /// # Errors
    /// When the database refuses the commit.
    pub async fn commit(self) -> Result<(), StoreError> {
        match self {
            Tx::Sqlite(mut s) => {
                if let Some(t) = s.tx.take() {
                    t.commit().await?;
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
            let pool = |n: u32| {
                SqlitePoolOptions::new()
                    .max_connections(n)
                    .test_before_acquire(false)
                    .acquire_timeout(Duration::from_secs(5))
            };
            // Checkpoints are the server's background job ([`Store::checkpoint`]), not the
            // committing writer's: one run inside a commit holds every writer queued behind
            // it. The writer checkpoints only if that job falls far behind (≈ 40 MB of log).
            let write_opts = opts.clone().pragma("wal_autocheckpoint", "10000");
            Pool::Sqlite {
                write: pool(1).connect_with(write_opts).await?,
                read: pool(max_connections).connect_with(opts).await?,
            }
        } else {
            return Err(StoreError::Database(sqlx::Error::Configuration(
                "the database URL must start with sqlite: or postgres://".into(),
            )));
        };
        Ok(Self {
            pool,
            writer: std::sync::Arc::new(tokio::sync::Semaphore::new(1)),
        })
    }

    /// Applies the migrations this binary carries. Safe to run on every start and from several
    /// nodes at once (sqlx takes an advisory lock on PostgreSQL).
    ///
    /// # Errors
    /// When a migration fails or the database holds one this binary does not know.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        match &self.pool {
            Pool::Sqlite { write, .. } => sqlx::migrate!("migrations/sqlite").run(write).await?,
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
            Pool::Sqlite { write: p, .. } => {
                let permit = std::sync::Arc::clone(&self.writer)
                    .acquire_owned()
                    .await
                    .map_err(|_| StoreError::Database(sqlx::Error::PoolClosed))?;
                Tx::Sqlite(SqliteTx {
                    tx: Some(p.begin_with("BEGIN IMMEDIATE").await?),
                    turn: Some(permit),
                })
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
            Pool::Sqlite { write: p, .. } => {
                let turn = std::sync::Arc::clone(&self.writer)
                    .acquire_owned()
                    .await
                    .map_err(|_| StoreError::Database(sqlx::Error::PoolClosed))?;
                WriteConn {
                    conn: ReadConn::Sqlite(p.acquire().await?),
                    _turn: Some(turn),
                }
            }
            Pool::Postgres(p) => WriteConn {
                conn: ReadConn::Postgres(p.acquire().await?),
                _turn: None,
            },
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
                write.close().await;
                read.close().await;
            }
            Pool::Postgres(p) => p.close().await,
        }
    }
}
