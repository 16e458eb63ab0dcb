//! The store's one error type.

/// What can go wrong below the services.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A uniqueness constraint refused the write; `constraint` names it (PostgreSQL's constraint
    /// name, or SQLite's `table.column`).
    #[error("conflict on {constraint}")]
    Conflict { constraint: String },
    /// A stored value does not parse back into its domain type.
    #[error("corrupt row: {0}")]
    Corrupt(String),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("database error: {0}")]
    Database(sqlx::Error),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        if let Some(db) = e.as_database_error()
            && db.is_unique_violation()
        {
            let constraint = db.constraint().map_or_else(
                || {
                    // SQLite names no constraint, only "UNIQUE constraint failed: table.column".
                    db.message()
                        .rsplit(": ")
                        .next()
                        .unwrap_or_default()
                        .to_owned()
                },
                str::to_owned,
            );
            return StoreError::Conflict { constraint };
        }
        StoreError::Database(e)
    }
}

impl From<domain::ValidationError> for StoreError {
    fn from(e: domain::ValidationError) -> Self {
        StoreError::Corrupt(e.to_string())
    }
}

impl StoreError {
    /// Whether the database could not be reached or dropped the connection (an outage, a
    /// restart, a failover), as opposed to refusing the statement: the request changed nothing
    /// and may be retried. Constraint violations and bad rows are never this.
    pub fn is_unavailable(&self) -> bool {
        let StoreError::Database(e) = self else {
            return false;
        };
        match e {
            sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::Io(_)
            | sqlx::Error::Tls(_)
            | sqlx::Error::Protocol(_)
            | sqlx::Error::WorkerCrashed => true,
            // SQLSTATE class 08 (connection exception), 57P01–57P03 (the server shuts down or
            // is starting), 53300 (too many connections).
            sqlx::Error::Database(db) => db.code().is_some_and(|c| {
                c.starts_with("08") || matches!(c.as_ref(), "57P01" | "57P02" | "57P03" | "53300")
            }),
            _ => false,
        }
    }

    /// Whether this is a uniqueness conflict on the given constraint (PostgreSQL name) or column
    /// (SQLite `table.column`).
    pub fn is_conflict_on(&self, pg_constraint: &str, sqlite_column: &str) -> bool {
        matches!(self, StoreError::Conflict { constraint } if constraint == pg_constraint || constraint.starts_with(sqlite_column))
    }
}
