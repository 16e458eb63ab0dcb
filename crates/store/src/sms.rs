//! SMS codes waiting to be typed, and the log of texts sent that the sending limits count.
//! Codes arrive keyed-hashed and numbers as keyed hashes: nothing here can be typed or called.

use domain::sms::{History, Sent};
use domain::{MethodId, SessionId, SmsChallengeId, UserId};
use time::OffsetDateTime;

use crate::{Access, StoreError, from_ms, to_ms};

/// A code to remember until it is typed.
pub struct NewChallenge<'a> {
    pub id: &'a SmsChallengeId,
    pub account_id: &'a UserId,
    pub method_id: &'a MethodId,
    /// The sign-in that must answer; `None` for an enrollment's code.
    pub session_id: Option<&'a SessionId>,
    pub code_hash: &'a str,
    pub expires_at: OffsetDateTime,
}

/// Stores a code, replacing the one its method (and sign-in) had: after a resend only the
/// newest code works.
///
/// # Errors
/// On database failure.
pub async fn replace_challenge(
    a: &mut impl Access,
    c: &NewChallenge<'_>,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    let session = c.session_id.map_or("", SessionId::as_str);
    execute!(
        a.conn(),
        "DELETE FROM sms_challenge WHERE method_id = $1 AND COALESCE(session_id, '') = $2",
        c.method_id.as_str(),
        session,
    );
    execute!(
        a.conn(),
        "INSERT INTO sms_challenge (id, account_id, method_id, session_id, code_hash, created_at,
                                    expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        c.id.as_str(),
        c.account_id.as_str(),
        c.method_id.as_str(),
        c.session_id.map(SessionId::as_str),
        c.code_hash,
        to_ms(now),
        to_ms(c.expires_at),
    );
    Ok(())
}

/// A code that is still valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge {
    pub id: SmsChallengeId,
    pub method_id: MethodId,
    pub code_hash: String,
    pub attempts: u32,
    pub expires_at: OffsetDateTime,
}

#[derive(sqlx::FromRow)]
struct ChallengeRow {
    id: String,
    method_id: String,
    code_hash: String,
    attempts: i64,
    expires_at: i64,
}

impl TryFrom<ChallengeRow> for Challenge {
    type Error = StoreError;
    fn try_from(r: ChallengeRow) -> Result<Self, StoreError> {
        Ok(Self {
            id: SmsChallengeId::from_trusted(r.id),
            method_id: MethodId::from_trusted(r.method_id),
            code_hash: r.code_hash,
            attempts: u32::try_from(r.attempts).unwrap_or(u32::MAX),
            expires_at: from_ms(r.expires_at)?,
        })
    }
}

/// The unexpired codes of `account` waiting for `session` (a sign-in), or for an enrollment
/// when `session` is `None`, of one method when `method` is given.
///
/// # Errors
/// On database failure.
pub async fn live(
    a: &mut impl Access,
    account: &UserId,
    session: Option<&SessionId>,
    method: Option<&MethodId>,
    now: OffsetDateTime,
) -> Result<Vec<Challenge>, StoreError> {
    let rows = fetch!(
        a.conn(),
        fetch_all,
        ChallengeRow,
        "SELECT id, method_id, code_hash, attempts, expires_at FROM sms_challenge
         WHERE account_id = $1 AND COALESCE(session_id, '') = $2
           AND ($3 = '' OR method_id = $3) AND expires_at > $4
         ORDER BY created_at",
        account.as_str(),
        session.map_or("", SessionId::as_str),
        method.map_or("", MethodId::as_str),
        to_ms(now),
    );
    rows.into_iter().map(Challenge::try_from).collect()
}

/// Takes a code once: of two requests with the right code at the same moment, only one gets
/// `true`.
///
/// # Errors
/// On database failure.
pub async fn take(
    a: &mut impl Access,
    id: &SmsChallengeId,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    let taken = fetch!(
        a.conn(),
        fetch_optional,
        (String,),
        "DELETE FROM sms_challenge WHERE id = $1 AND expires_at > $2 RETURNING id",
        id.as_str(),
        to_ms(now),
    );
    Ok(taken.is_some())
}

/// Counts a wrong code against each of `ids`; a code with `max_attempts` wrong tries is void.
///
/// # Errors
/// On database failure.
pub async fn record_wrong(
    a: &mut impl Access,
    ids: &[SmsChallengeId],
    max_attempts: u32,
) -> Result<(), StoreError> {
    for id in ids {
        execute!(
            a.conn(),
            "UPDATE sms_challenge SET attempts = attempts + 1 WHERE id = $1",
            id.as_str(),
        );
        execute!(
            a.conn(),
            "DELETE FROM sms_challenge WHERE id = $1 AND attempts >= $2",
            id.as_str(),
            i64::from(max_attempts),
        );
    }
    Ok(())
}

/// Deletes codes that expired before `now`, and sent-text records older than `sent_before`.
///
/// # Errors
/// On database failure.
pub async fn delete_expired(
    a: &mut impl Access,
    now: OffsetDateTime,
    sent_before: OffsetDateTime,
) -> Result<u64, StoreError> {
    let codes = execute!(
        a.conn(),
        "DELETE FROM sms_challenge WHERE expires_at <= $1",
        to_ms(now),
    );
    let sent = execute!(
        a.conn(),
        "DELETE FROM sms_send WHERE sent_at < $1",
        to_ms(sent_before),
    );
    Ok(codes + sent)
}

/// Serializes every decision to send a text, so that the hourly counts hold across nodes: on
/// PostgreSQL a transaction-scoped advisory lock; SQLite transactions here already hold the
/// database's write lock.
///
/// # Errors
/// On database failure.
pub async fn lock_sending(a: &mut impl Access) -> Result<(), StoreError> {
    if let crate::db::Conn::Postgres(c) = a.conn() {
        sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended('sms_send', 0))")
            .execute(&mut *c)
            .await?;
    }
    Ok(())
}

#[derive(sqlx::FromRow)]
struct SentRow {
    count: i64,
    oldest: Option<i64>,
    newest: Option<i64>,
}

impl TryFrom<SentRow> for Sent {
    type Error = StoreError;
    fn try_from(r: SentRow) -> Result<Self, StoreError> {
        Ok(Sent {
            count: u32::try_from(r.count).unwrap_or(u32::MAX),
            oldest: r.oldest.map(from_ms).transpose()?,
            newest: r.newest.map(from_ms).transpose()?,
        })
    }
}

/// The texts sent since `since`: to the number with this hash, by `account`, and by everyone.
///
/// # Errors
/// On database failure.
pub async fn history(
    a: &mut impl Access,
    number_hash: &str,
    account: &UserId,
    since: OffsetDateTime,
) -> Result<History, StoreError> {
    let since = to_ms(since);
    let number = fetch!(
        a.conn(),
        fetch_one,
        SentRow,
        "SELECT COUNT(*) AS count, MIN(sent_at) AS oldest, MAX(sent_at) AS newest
         FROM sms_send WHERE number_hash = $1 AND sent_at > $2",
        number_hash,
        since,
    );
    let by_account = fetch!(
        a.conn(),
        fetch_one,
        SentRow,
        "SELECT COUNT(*) AS count, MIN(sent_at) AS oldest, MAX(sent_at) AS newest
         FROM sms_send WHERE account_id = $1 AND sent_at > $2",
        account.as_str(),
        since,
    );
    let global = fetch!(
        a.conn(),
        fetch_one,
        SentRow,
        "SELECT COUNT(*) AS count, MIN(sent_at) AS oldest, MAX(sent_at) AS newest
         FROM sms_send WHERE sent_at > $1",
        since,
    );
    let enrolling = fetch!(
        a.conn(),
        fetch_one,
        SentRow,
        "SELECT COUNT(*) AS count, MIN(sent_at) AS oldest, MAX(sent_at) AS newest
         FROM sms_send WHERE sent_at > $1 AND purpose = 'enroll'",
        since,
    );
    Ok(History {
        number: number.try_into()?,
        account: by_account.try_into()?,
        global: global.try_into()?,
        global_enrolling: enrolling.try_into()?,
    })
}

/// Records a text sent (queued) now.
///
/// # Errors
/// On database failure.
pub async fn record_send(
    a: &mut impl Access,
    id: &str,
    number_hash: &str,
    account: &UserId,
    purpose: domain::sms::Purpose,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    execute!(
        a.conn(),
        "INSERT INTO sms_send (id, account_id, number_hash, purpose, sent_at)
         VALUES ($1, $2, $3, $4, $5)",
        id,
        account.as_str(),
        number_hash,
        purpose.as_str(),
        to_ms(now),
    );
    Ok(())
}
