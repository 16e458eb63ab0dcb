//! The transactional outbox: messages are rows written in the same transaction as the change
//! that causes them, and delivered afterwards by a worker that claims, sends and marks them.

use time::{Duration, OffsetDateTime};

use crate::{Access, StoreError, to_ms};

/// A message waiting to be sent or being sent.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OutboxMessage {
    pub id: String,
    pub kind: String,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    /// Delivery attempts so far, including the one that claimed it.
    pub attempts: i64,
}

/// An email to queue.
#[derive(Debug, Clone)]
pub struct NewEmail<'a> {
    pub id: &'a str,
    pub recipient: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
}

/// Queues an email. Call inside the transaction that causes it.
///
/// # Errors
/// On database failure.
pub async fn enqueue_email(
    a: &mut impl Access,
    m: &NewEmail<'_>,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    execute!(
        a.conn(),
        "INSERT INTO outbox (id, kind, recipient, subject, body, created_at, next_attempt_at)
         VALUES ($1, 'email', $2, $3, $4, $5, $5)",
        m.id,
        m.recipient,
        m.subject,
        m.body,
        to_ms(now),
    );
    Ok(())
}

/// Claims up to `limit` due messages for `lease`, counting the attempt. A message whose lease
/// runs out without being marked (the worker crashed) becomes due again, so nothing is lost;
/// the outer condition makes a racing claim on PostgreSQL skip rows another node just took.
///
/// # Errors
/// On database failure.
pub async fn claim_due(
    a: &mut impl Access,
    now: OffsetDateTime,
    lease: Duration,
    limit: i64,
) -> Result<Vec<OutboxMessage>, StoreError> {
    Ok(fetch!(
        a.conn(),
        fetch_all,
        OutboxMessage,
        "UPDATE outbox SET locked_until = $2, attempts = attempts + 1
         WHERE id IN (SELECT id FROM outbox
                      WHERE delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $1
                        AND (locked_until IS NULL OR locked_until <= $1)
                      ORDER BY next_attempt_at LIMIT $3)
           AND (locked_until IS NULL OR locked_until <= $1)
         RETURNING id, kind, recipient, subject, body, attempts",
        to_ms(now),
        to_ms(now + lease),
        limit,
    ))
}

/// # Errors
/// On database failure.
pub async fn mark_delivered(
    a: &mut impl Access,
    id: &str,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    execute!(
        a.conn(),
        "UPDATE outbox SET delivered_at = $2, locked_until = NULL, last_error = NULL WHERE id = $1",
        id,
        to_ms(now),
    );
    Ok(())
}

/// Schedules another attempt at `next_attempt_at`.
///
/// # Errors
/// On database failure.
pub async fn mark_retry(
    a: &mut impl Access,
    id: &str,
    next_attempt_at: OffsetDateTime,
    error: &str,
) -> Result<(), StoreError> {
    execute!(
        a.conn(),
        "UPDATE outbox SET next_attempt_at = $2, locked_until = NULL, last_error = $3 WHERE id = $1",
        id,
        to_ms(next_attempt_at),
        error,
    );
    Ok(())
}

/// Gives up on a message after its last attempt; it stays in the table for operators.
///
/// # Errors
/// On database failure.
pub async fn mark_failed(
    a: &mut impl Access,
    id: &str,
    now: OffsetDateTime,
    error: &str,
) -> Result<(), StoreError> {
    execute!(
        a.conn(),
        "UPDATE outbox SET failed_at = $2, locked_until = NULL, last_error = $3 WHERE id = $1",
        id,
        to_ms(now),
        error,
    );
    Ok(())
}

/// How many messages still wait for delivery.
///
/// # Errors
/// On database failure.
pub async fn pending_count(a: &mut impl Access) -> Result<i64, StoreError> {
    Ok(scalar!(
        a.conn(),
        i64,
        "SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL",
    ))
}
