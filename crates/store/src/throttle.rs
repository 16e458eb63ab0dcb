//! Failure counters for sign-in throttling, shared by every node through the database.

use domain::throttle::Counter;
use time::OffsetDateTime;

use crate::{Access, StoreError, from_ms, to_ms};

#[derive(sqlx::FromRow)]
struct CounterRow {
    failures: i64,
    window_start: i64,
    last_failure_at: i64,
}

impl TryFrom<CounterRow> for Counter {
    type Error = StoreError;
    fn try_from(r: CounterRow) -> Result<Self, StoreError> {
        Ok(Counter {
            failures: u32::try_from(r.failures).unwrap_or(u32::MAX),
            window_start: from_ms(r.window_start)?,
            last_failure_at: from_ms(r.last_failure_at)?,
        })
    }
}

/// # Errors
/// On database failure.
pub async fn get(a: &mut impl Access, key: &str) -> Result<Option<Counter>, StoreError> {
    let row = fetch!(
        a.conn(),
        fetch_optional,
        CounterRow,
        "SELECT failures, window_start, last_failure_at FROM throttle WHERE key = $1",
        key,
    );
    row.map(Counter::try_from).transpose()
}

/// Reads a counter for a decision that must not race: concurrent attempts on one key decide one
/// after another, each seeing the failures counted before it. A missing counter reads as no
/// failures.
///
/// # Errors
/// On database failure.
pub async fn lock(
    a: &mut impl Access,
    key: &str,
    now: OffsetDateTime,
) -> Result<Counter, StoreError> {
    let row = match a.conn() {
        // SQLite transactions here begin IMMEDIATE and so already hold the database's write
        // lock: a plain read is serialized against every writer, and writes nothing.
        crate::db::Conn::Sqlite(c) => {
            sqlx::query_as::<_, CounterRow>(
                "SELECT failures, window_start, last_failure_at FROM throttle WHERE key = $1",
            )
            .bind(key)
            .fetch_optional(c)
            .await?
        }
        // A transaction-scoped advisory lock on the key serializes the deciders without writing
        // anything, also when the counter does not exist yet (a row lock would need the row,
        // and creating rows only to lock them leaves one behind per sign-in). A hash collision
        // merely makes two keys wait for each other.
        crate::db::Conn::Postgres(c) => {
            sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
                .bind(key)
                .execute(&mut *c)
                .await?;
            sqlx::query_as::<_, CounterRow>(
                "SELECT failures, window_start, last_failure_at FROM throttle WHERE key = $1",
            )
            .bind(key)
            .fetch_optional(c)
            .await?
        }
    };
    match row {
        Some(r) => Counter::try_from(r),
        None => Ok(Counter {
            failures: 0,
            window_start: now,
            last_failure_at: now,
        }),
    }
}

/// Takes back one failure counted in advance for an attempt that then succeeded.
///
/// # Errors
/// On database failure.
pub async fn refund(a: &mut impl Access, key: &str) -> Result<(), StoreError> {
    execute!(
        a.conn(),
        "UPDATE throttle SET failures = failures - 1 WHERE key = $1 AND failures > 0",
        key,
    );
    Ok(())
}

/// Counts one more failure in a single atomic statement, so that concurrent failures on several
/// nodes are all counted. A counter whose window began at or before `reset_before` restarts at 1.
///
/// # Errors
/// On database failure.
pub async fn record_failure(
    a: &mut impl Access,
    key: &str,
    now: OffsetDateTime,
    reset_before: OffsetDateTime,
) -> Result<Counter, StoreError> {
    let row = fetch!(
        a.conn(),
        fetch_one,
        CounterRow,
        "INSERT INTO throttle (key, failures, window_start, last_failure_at) VALUES ($1, 1, $2, $2)
         ON CONFLICT (key) DO UPDATE SET
           failures = CASE WHEN throttle.window_start <= $3 THEN 1 ELSE throttle.failures + 1 END,
           window_start = CASE WHEN throttle.window_start <= $3 THEN $2 ELSE throttle.window_start END,
           last_failure_at = $2
         RETURNING failures, window_start, last_failure_at",
        key,
        to_ms(now),
        to_ms(reset_before),
    );
    Counter::try_from(row)
}

/// Forgets a counter (after a successful sign-in).
///
/// # Errors
/// On database failure.
pub async fn clear(a: &mut impl Access, key: &str) -> Result<(), StoreError> {
    execute!(a.conn(), "DELETE FROM throttle WHERE key = $1", key);
    Ok(())
}

/// Deletes counters whose last failure is older than `before`, except the second step's
/// per-account counters, which count consecutive failures until a success and must not be
/// forgotten with time; returns how many.
///
/// # Errors
/// On database failure.
pub async fn delete_stale(a: &mut impl Access, before: OffsetDateTime) -> Result<u64, StoreError> {
    Ok(execute!(
        a.conn(),
        "DELETE FROM throttle WHERE last_failure_at < $1 AND key NOT LIKE 'mfa:account:%'",
        to_ms(before),
    ))
}

#[derive(sqlx::FromRow)]
struct KeyedCounterRow {
    key: String,
    failures: i64,
    window_start: i64,
    last_failure_at: i64,
}

/// [`lock`] for up to three keys at once, in their order, with as few statements as each
/// backend allows (every attempt decides on several counters, and statements are what a sign-in
/// spends its non-hashing time on). Returns the counters in the order of `keys`.
///
/// # Errors
/// On database failure; `Corrupt` for more than three keys.
pub async fn lock_all(
    a: &mut impl Access,
    keys: &[&str],
    now: OffsetDateTime,
) -> Result<Vec<Counter>, StoreError> {
    if keys.len() > 3 {
        return Err(StoreError::Corrupt("at most three counters at once".into()));
    }
    let rows = match a.conn() {
        // Already serialized by the transaction's write lock (see `lock`); the unused slots
        // hold the empty key, which no counter has.
        crate::db::Conn::Sqlite(c) => {
            let slot = |i: usize| keys.get(i).copied().unwrap_or_default();
            sqlx::query_as::<_, KeyedCounterRow>(
                "SELECT key, failures, window_start, last_failure_at FROM throttle
                 WHERE key IN ($1, $2, $3)",
            )
            .bind(slot(0))
            .bind(slot(1))
            .bind(slot(2))
            .fetch_all(c)
            .await?
        }
        // The advisory locks are taken in the array's order, so every transaction locks the
        // keys it shares with another in the same order.
        crate::db::Conn::Postgres(c) => {
            let list: Vec<String> = keys.iter().map(|k| (*k).to_owned()).collect();
            sqlx::query(
                "SELECT pg_advisory_xact_lock(hashtextextended(k, 0))
                 FROM unnest($1::text[]) WITH ORDINALITY AS t(k, i) ORDER BY i",
            )
            .bind(&list)
            .execute(&mut *c)
            .await?;
            sqlx::query_as::<_, KeyedCounterRow>(
                "SELECT key, failures, window_start, last_failure_at FROM throttle
                 WHERE key = ANY($1)",
            )
            .bind(&list)
            .fetch_all(c)
            .await?
        }
    };
    keys.iter()
        .map(|k| match rows.iter().find(|r| r.key == *k) {
            Some(r) => Counter::try_from(CounterRow {
                failures: r.failures,
                window_start: r.window_start,
                last_failure_at: r.last_failure_at,
            }),
            None => Ok(Counter {
                failures: 0,
                window_start: now,
                last_failure_at: now,
            }),
        })
        .collect()
}
