//! Macros that run one query, written once, on whichever backend a connection belongs to.
//! They expand to a `match` over [`crate::Conn`] with the same SQL and binds in both arms, and
//! use `?` so they must be called inside functions returning `Result<_, StoreError>`.

/// Runs a statement; evaluates to the number of rows affected.
macro_rules! execute {
    ($conn:expr, $sql:expr $(, $arg:expr)* $(,)?) => {
        match $conn {
            $crate::db::Conn::Sqlite(c) => sqlx::query($sql)$(.bind($arg))*.execute(c).await?.rows_affected(),
            $crate::db::Conn::Postgres(c) => sqlx::query($sql)$(.bind($arg))*.execute(c).await?.rows_affected(),
        }
    };
}

/// Fetches rows into a `FromRow` type; `$how` is `fetch_one`, `fetch_optional` or `fetch_all`.
macro_rules! fetch {
    ($conn:expr, $how:ident, $ty:ty, $sql:expr $(, $arg:expr)* $(,)?) => {
        match $conn {
            $crate::db::Conn::Sqlite(c) => sqlx::query_as::<_, $ty>($sql)$(.bind($arg))*.$how(c).await?,
            $crate::db::Conn::Postgres(c) => sqlx::query_as::<_, $ty>($sql)$(.bind($arg))*.$how(c).await?,
        }
    };
}

/// Fetches one single-column value.
macro_rules! scalar {
    ($conn:expr, $ty:ty, $sql:expr $(, $arg:expr)* $(,)?) => {
        match $conn {
            $crate::db::Conn::Sqlite(c) => sqlx::query_scalar::<_, $ty>($sql)$(.bind($arg))*.fetch_one(c).await?,
            $crate::db::Conn::Postgres(c) => sqlx::query_scalar::<_, $ty>($sql)$(.bind($arg))*.fetch_one(c).await?,
        }
    };
}

/// The policy columns, prefixed `p.`, for queries that join `org_mfa_policy p`.
macro_rules! policy_columns {
    () => {
        "p.enforced, p.enforce_from, p.require_all_enrolled, p.exempt_clients, p.allowed_methods,
         p.allow_remembered_devices, p.remembered_device_days, p.new_member_days,
         p.allow_app_passwords, p.auto_enforce, p.enforced_since, p.remembered_device_networks,
         p.trusted_networks"
    };
}
