//! The transactional outbox: messages are rows written in the same transaction as the change
//! that causes them, and delivered afterwards by a worker that claims, sends and marks them.

use time::{Duration, OffsetDateTime};

use crate::{Access, StoreError, to_ms};

/// How a message goes out (the `kind` column).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Email,
    /// A text message: `recipient` is a number in E.164, `body` the text.
    Sms,
    /// An OpenID Connect back-channel logout: `recipient` is the app's
    /// `backchannel_logout_uri`, `body` the signed logout token.
    Logout,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Email => "email",
            Self::Sms => "sms",
            Self::Logout => "backchannel_logout",
        }
    }
}

impl TryFrom<String> for Channel {
    type Error = StoreError;
    fn try_from(raw: String) -> Result<Self, StoreError> {
        match raw.as_str() {
            "email" => Ok(Self::Email),
            "sms" => Ok(Self::Sms),
            "backchannel_logout" => Ok(Self::Logout),
            _ => Err(StoreError::Corrupt(format!("outbox kind {raw:?}"))),
        }
    }
}

/// A message waiting to be sent or being sent.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OutboxMessage {
    pub id: String,
    #[sqlx(try_from = "String")]
    pub kind: Channel,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    /// Delivery attempts so far, including the one that claimed it.
    pub attempts: i64,
    /// The claim's lease (milliseconds since the epoch): marks only apply while it is held.
    pub locked_until: Option<i64>,
    /// After this (milliseconds since the epoch) the message is not worth sending (a text
    /// whose code expired).
    pub expires_at: Option<i64>,
}

impl OutboxMessage {
    /// Whether the message is no longer worth sending at `now`.
    pub fn expired(&self, now: OffsetDateTime) -> bool {
        self.expires_at.is_some_and(|t| t <= to_ms(now))
    }
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

/// A text message to queue: `to` in E.164, sent only until `expires_at`.
#[derive(Debug, Clone)]
pub struct NewSms<'a> {
    pub id: &'a str,
    pub to: &'a str,
    pub text: &'a str,
    pub expires_at: OffsetDateTime,
}

/// Queues a text message. Call inside the transaction that causes it.
///
/// # Errors
/// On database failure.
pub async fn enqueue_sms(
    a: &mut impl Access,
    m: &NewSms<'_>,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    execute!(
        a.conn(),
        "INSERT INTO outbox (id, kind, recipient, subject, body, created_at, next_attempt_at,
                             expires_at)
         VALUES ($1, 'sms', $2, '', $3, $4, $4, $5)",
        m.id,
        m.to,
        m.text,
        to_ms(now),
        to_ms(m.expires_at),
    );
    Ok(())
}

/// A back-channel logout to queue: POSTed to `uri` until `expires_at` (the token's expiry).
#[derive(Debug, Clone)]
pub struct NewLogout<'a> {
    pub id: &'a str,
    pub uri: &'a str,
    pub logout_token: &'a str,
    pub expires_at: OffsetDateTime,
}

/// Queues a back-channel logout. Call inside the transaction that ends the session.
///
/// # Errors
/// On database failure.
pub async fn enqueue_logout(
    a: &mut impl Access,
    m: &NewLogout<'_>,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    execute!(
        a.conn(),
        "INSERT INTO outbox (id, kind, recipient, subject, body, created_at, next_attempt_at,
                             expires_at)
         VALUES ($1, 'backchannel_logout', $2, '', $3, $4, $4, $5)",
        m.id,
        m.uri,
        m.logout_token,
        to_ms(now),
        to_ms(m.expires_at),
    );
    Ok(())
}

/// Claims up to `limit` due messages for `lease`, counting the attempt; texts first (their codes
/// expire in minutes, and a bulk of reminders must not hold them back). A message whose lease
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
                      ORDER BY CASE WHEN kind = 'sms' THEN 0 ELSE 1 END, next_attempt_at
                      LIMIT $3)
           AND (locked_until IS NULL OR locked_until <= $1)
         RETURNING id, kind, recipient, subject, body, attempts, locked_until, expires_at",
        to_ms(now),
        to_ms(now + lease),
        limit,
    ))
}

/// Marks a claimed message delivered and forgets its body: bodies can hold secrets (invitation
/// links, codes) that must not outlive their delivery; a text's phone number goes too (texts
/// keep numbers only as keyed hashes). Does nothing if the claim's lease was lost to
/// another worker; returns whether it applied.
///
/// # Errors
/// On database failure.
pub async fn mark_delivered(
    a: &mut impl Access,
    msg: &OutboxMessage,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    let n = execute!(
        a.conn(),
        "UPDATE outbox SET delivered_at = $2, locked_until = NULL, last_error = NULL, body = '',
                recipient = CASE WHEN kind = 'sms' THEN '' ELSE recipient END
         WHERE id = $1 AND locked_until = $3",
        msg.id.as_str(),
        to_ms(now),
        msg.locked_until,
    );
    Ok(n == 1)
}

/// Extends a held claim's lease to `until` while its delivery is in flight, and records the new
/// lease in `msg` (the marks check it); does nothing (and returns false) if the lease was lost
/// to another worker or the message was marked.
///
/// # Errors
/// On database failure.
pub async fn renew_lease(
    a: &mut impl Access,
    msg: &mut OutboxMessage,
    until: OffsetDateTime,
) -> Result<bool, StoreError> {
    let n = execute!(
        a.conn(),
        "UPDATE outbox SET locked_until = $2
         WHERE id = $1 AND locked_until = $3 AND delivered_at IS NULL AND failed_at IS NULL",
        msg.id.as_str(),
        to_ms(until),
        msg.locked_until,
    );
    if n == 1 {
        msg.locked_until = Some(to_ms(until));
    }
    Ok(n == 1)
}

/// Schedules another attempt at `next_attempt_at`, if the claim is still held.
///
/// # Errors
/// On database failure.
pub async fn mark_retry(
    a: &mut impl Access,
    msg: &OutboxMessage,
    next_attempt_at: OffsetDateTime,
    error: &str,
) -> Result<bool, StoreError> {
    let n = execute!(
        a.conn(),
        "UPDATE outbox SET next_attempt_at = $2, locked_until = NULL, last_error = $3
         WHERE id = $1 AND locked_until = $4",
        msg.id.as_str(),
        to_ms(next_attempt_at),
        error,
        msg.locked_until,
    );
    Ok(n == 1)
}

/// Gives up on a message after its last attempt, if the claim is still held. The row stays for
/// operators (recipient, subject, error); the body is forgotten like a delivered one's.
///
/// # Errors
/// On database failure.
pub async fn mark_failed(
    a: &mut impl Access,
    msg: &OutboxMessage,
    now: OffsetDateTime,
    error: &str,
) -> Result<bool, StoreError> {
    let n = execute!(
        a.conn(),
        "UPDATE outbox SET failed_at = $2, locked_until = NULL, last_error = $3, body = '',
                recipient = CASE WHEN kind = 'sms' THEN '' ELSE recipient END
         WHERE id = $1 AND locked_until = $4",
        msg.id.as_str(),
        to_ms(now),
        error,
        msg.locked_until,
    );
    Ok(n == 1)
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

/// Hands back a claim this worker holds and did not attempt (the server is stopping): due at
/// once for any worker, and the claim's attempt not counted. Does nothing if the lease was lost.
///
/// # Errors
/// On database failure.
pub async fn release(a: &mut impl Access, msg: &OutboxMessage) -> Result<(), StoreError> {
    execute!(
        a.conn(),
        "UPDATE outbox SET locked_until = NULL, attempts = attempts - 1
         WHERE id = $1 AND locked_until = $2",
        msg.id.as_str(),
        msg.locked_until,
    );
    Ok(())
}

/// How many messages wait for delivery, and when the oldest of them was queued.
///
/// # Errors
/// On database failure.
pub async fn backlog(a: &mut impl Access) -> Result<(i64, Option<OffsetDateTime>), StoreError> {
    let (count, oldest): (i64, Option<i64>) = fetch!(
        a.conn(),
        fetch_one,
        (i64, Option<i64>),
        "SELECT COUNT(*), MIN(created_at) FROM outbox
         WHERE delivered_at IS NULL AND failed_at IS NULL",
    );
    Ok((count, oldest.map(crate::from_ms).transpose()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_channel_reads_back_as_itself_and_an_unknown_one_is_corrupt() {
        for c in [Channel::Email, Channel::Sms] {
            assert_eq!(Channel::try_from(c.as_str().to_owned()).ok(), Some(c));
        }
        assert!(matches!(
            Channel::try_from("fax".to_owned()),
            Err(StoreError::Corrupt(_))
        ));
    }
}
