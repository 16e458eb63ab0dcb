//! Copies of a SQLite database: taken while the server runs, and checked before a restore.
//! (PostgreSQL has its own tools: `pg_dump`, or a base backup with WAL archiving.)

use std::path::Path;
use std::str::FromStr;

use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sqlx::{ConnectOptions, Connection};

use crate::StoreError;

/// Why a copy was not taken or a file is not one to restore.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("only SQLite databases are copied by twofold; use pg_dump for PostgreSQL")]
    NotSqlite,
    #[error("{0}")]
    Unsound(&'static str),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for BackupError {
    fn from(e: sqlx::Error) -> Self {
        Self::Store(e.into())
    }
}

/// Writes a consistent copy of the SQLite database at `url` to `to` (which must not exist),
/// while other connections keep reading and writing: `VACUUM INTO` reads one snapshot of the
/// database and writes it out compacted.
///
/// # Errors
/// `NotSqlite` for a database other than SQLite; database failures.
pub async fn sqlite_copy(url: &str, to: &Path) -> Result<(), BackupError> {
    if !url.starts_with("sqlite:") {
        return Err(BackupError::NotSqlite);
    }
    let mut c = SqliteConnectOptions::from_str(url)?
        .busy_timeout(std::time::Duration::from_secs(30))
        .connect()
        .await?;
    let to = to.to_string_lossy().into_owned();
    sqlx::query("VACUUM INTO ?")
        .bind(to)
        .execute(&mut c)
        .await?;
    c.close().await?;
    Ok(())
}

/// Whether the file at `path` is a sound twofold SQLite database: SQLite's integrity check
/// passes and it has twofold's tables. Returns how many accounts it holds.
///
/// # Errors
/// `Unsound` when it is not one; database failures.
pub async fn sqlite_check(path: &Path) -> Result<i64, BackupError> {
    let mut c: SqliteConnection = SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .connect()
        .await?;
    let (verdict,): (String,) = sqlx::query_as("PRAGMA integrity_check")
        .fetch_one(&mut c)
        .await?;
    if verdict != "ok" {
        return Err(BackupError::Unsound(
            "the copy fails SQLite's integrity check",
        ));
    }
    let accounts: Result<(i64,), _> = sqlx::query_as("SELECT COUNT(*) FROM account")
        .fetch_one(&mut c)
        .await;
    c.close().await?;
    accounts
        .map(|(n,)| n)
        .map_err(|_| BackupError::Unsound("the file is not a twofold database"))
}

impl crate::Store {
    /// The database server's clock (PostgreSQL's, or this machine's for SQLite), to the second.
    ///
    /// # Errors
    /// On database failure.
    pub async fn clock(&self) -> Result<time::OffsetDateTime, StoreError> {
        use crate::Access as _;
        let mut c = self.read().await?;
        let sql = match c.conn() {
            crate::Conn::Sqlite(_) => "SELECT CAST(strftime('%s', 'now') AS INTEGER)",
            crate::Conn::Postgres(_) => "SELECT CAST(EXTRACT(EPOCH FROM now()) AS BIGINT)",
        };
        let secs = scalar!(c.conn(), i64, sql);
        time::OffsetDateTime::from_unix_timestamp(secs)
            .map_err(|e| StoreError::Corrupt(format!("database clock: {e}")))
    }
}
