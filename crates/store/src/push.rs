//! Push devices (their enrollment code and access token as hashes, their public key) and the
//! sign-ins waiting for their approval.

use std::str::FromStr;

use domain::push::Outcome;
use domain::{MethodId, PushChallengeId, SessionId, UserId};
use time::OffsetDateTime;

use crate::{Access, StoreError, from_ms, to_ms};

/// Where a sign-in held for approval stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Waiting for an answer.
    Pending,
    /// Its session asked again: a newer challenge took its place.
    Replaced,
    /// Approved with the right number; its sign-in has not used it yet.
    Approved,
    /// Denied, or approved with the wrong number.
    Denied,
    /// Denied and reported as not the holder's.
    Reported,
    /// Approved, and its sign-in went through.
    Used,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Self::Pending,
        Self::Replaced,
        Self::Approved,
        Self::Denied,
        Self::Reported,
        Self::Used,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Replaced => "replaced",
            Self::Approved => "approved",
            Self::Denied => "denied",
            Self::Reported => "reported",
            Self::Used => "used",
        }
    }
}

impl FromStr for Status {
    type Err = StoreError;
    fn from_str(raw: &str) -> Result<Self, StoreError> {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == raw)
            .ok_or_else(|| StoreError::Corrupt(format!("push challenge status {raw:?}")))
    }
}

impl From<Outcome> for Status {
    fn from(o: Outcome) -> Self {
        match o {
            Outcome::Approved => Self::Approved,
            Outcome::Denied => Self::Denied,
            Outcome::Reported => Self::Reported,
        }
    }
}

/// Records a device to be enrolled with the code whose hash is `enroll_hash`.
///
/// # Errors
/// On database failure.
pub async fn insert_pending(
    a: &mut impl Access,
    method: &MethodId,
    account: &UserId,
    enroll_hash: &str,
    expires_at: OffsetDateTime,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    execute!(
        a.conn(),
        "INSERT INTO push_device (method_id, account_id, enroll_hash, enroll_expires_at, created_at)
         VALUES ($1, $2, $3, $4, $5)",
        method.as_str(),
        account.as_str(),
        enroll_hash,
        to_ms(expires_at),
        to_ms(now),
    );
    Ok(())
}

/// A device that used its enrollment code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enrolled {
    pub method_id: MethodId,
    pub account_id: UserId,
}

/// Uses an enrollment code once: the device gets its token and key. `None` for an unknown,
/// used or expired code.
///
/// # Errors
/// On database failure.
pub async fn enroll(
    a: &mut impl Access,
    enroll_hash: &str,
    token_hash: &str,
    public_key: &str,
    now: OffsetDateTime,
) -> Result<Option<Enrolled>, StoreError> {
    let row = fetch!(
        a.conn(),
        fetch_optional,
        (String, String),
        "UPDATE push_device
         SET enroll_hash = NULL, enroll_expires_at = NULL, token_hash = $2, public_key = $3,
             last_seen_at = $4
         WHERE enroll_hash = $1 AND enroll_expires_at > $4
         RETURNING method_id, account_id",
        enroll_hash,
        token_hash,
        public_key,
        to_ms(now),
    );
    Ok(row.map(|(m, acc)| Enrolled {
        method_id: MethodId::from_trusted(m),
        account_id: UserId::from_trusted(acc),
    }))
}

/// Whether the pending method `method` has been taken up by a device.
///
/// # Errors
/// On database failure.
pub async fn is_enrolled(a: &mut impl Access, method: &MethodId) -> Result<bool, StoreError> {
    Ok(scalar!(
        a.conn(),
        i64,
        "SELECT COUNT(*) FROM push_device WHERE method_id = $1 AND public_key IS NOT NULL",
        method.as_str(),
    ) > 0)
}

/// A device, as its token finds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    pub method_id: MethodId,
    pub account_id: UserId,
    pub public_key: String,
    /// The holder confirmed it (its method is verified).
    pub confirmed: bool,
}

/// The device whose token has the hash `token_hash`, noting that it was seen.
///
/// # Errors
/// On database failure.
pub async fn by_token(a: &mut impl Access, token_hash: &str) -> Result<Option<Device>, StoreError> {
    let row = fetch!(
        a.conn(),
        fetch_optional,
        (String, String, String, Option<i64>),
        "SELECT d.method_id, d.account_id, d.public_key, m.confirmed_at
         FROM push_device d JOIN mfa_method m ON m.id = d.method_id
         WHERE d.token_hash = $1 AND d.public_key IS NOT NULL",
        token_hash,
    );
    Ok(row.map(|(m, acc, key, confirmed)| Device {
        method_id: MethodId::from_trusted(m),
        account_id: UserId::from_trusted(acc),
        public_key: key,
        confirmed: confirmed.is_some(),
    }))
}

/// A sign-in to hold for approval.
pub struct NewChallenge<'a> {
    pub id: &'a PushChallengeId,
    pub account_id: &'a UserId,
    pub session_id: &'a SessionId,
    pub number: u8,
    pub choices: &'a str,
    pub ip: Option<&'a str>,
    pub user_agent: Option<&'a str>,
    pub place: Option<&'a str>,
    pub expires_at: OffsetDateTime,
}

/// Holds a sign-in for approval; the one its session waited for before gives way.
///
/// # Errors
/// On database failure.
pub async fn insert_challenge(
    a: &mut impl Access,
    c: &NewChallenge<'_>,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    execute!(
        a.conn(),
        "UPDATE push_challenge SET status = 'replaced' WHERE session_id = $1 AND status = 'pending'",
        c.session_id.as_str(),
    );
    execute!(
        a.conn(),
        "INSERT INTO push_challenge (id, account_id, session_id, number, choices, ip, user_agent,
                                     place, status, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $10, 'pending', $8, $9)",
        c.id.as_str(),
        c.account_id.as_str(),
        c.session_id.as_str(),
        i64::from(c.number),
        c.choices,
        c.ip,
        c.user_agent,
        to_ms(now),
        to_ms(c.expires_at),
        c.place,
    );
    Ok(())
}

/// A sign-in held for approval.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge {
    pub id: PushChallengeId,
    pub session_id: SessionId,
    pub number: u8,
    pub choices: String,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub place: Option<String>,
    pub status: Status,
    pub created_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
}

#[derive(sqlx::FromRow)]
struct ChallengeRow {
    id: String,
    session_id: String,
    number: i64,
    choices: String,
    ip: Option<String>,
    user_agent: Option<String>,
    place: Option<String>,
    status: String,
    created_at: i64,
    expires_at: i64,
}

impl TryFrom<ChallengeRow> for Challenge {
    type Error = StoreError;
    fn try_from(r: ChallengeRow) -> Result<Self, StoreError> {
        Ok(Self {
            id: PushChallengeId::from_trusted(r.id),
            session_id: SessionId::from_trusted(r.session_id),
            number: u8::try_from(r.number)
                .map_err(|_| StoreError::Corrupt("push number".into()))?,
            choices: r.choices,
            ip: r.ip,
            user_agent: r.user_agent,
            place: r.place,
            status: r.status.parse()?,
            created_at: from_ms(r.created_at)?,
            expires_at: from_ms(r.expires_at)?,
        })
    }
}

macro_rules! challenge_columns {
    () => {
        "id, session_id, number, choices, ip, user_agent, place, status, created_at, expires_at"
    };
}

/// The account's sign-ins waiting for approval now, oldest first.
///
/// # Errors
/// On database failure.
pub async fn pending_for(
    a: &mut impl Access,
    account: &UserId,
    now: OffsetDateTime,
) -> Result<Vec<Challenge>, StoreError> {
    let rows = fetch!(
        a.conn(),
        fetch_all,
        ChallengeRow,
        concat!(
            "SELECT ",
            challenge_columns!(),
            " FROM push_challenge
             WHERE account_id = $1 AND status = 'pending' AND expires_at > $2
             ORDER BY created_at"
        ),
        account.as_str(),
        to_ms(now),
    );
    rows.into_iter().map(Challenge::try_from).collect()
}

/// One challenge of the account, whatever its state.
///
/// # Errors
/// On database failure.
pub async fn find(
    a: &mut impl Access,
    account: &UserId,
    id: &PushChallengeId,
) -> Result<Option<Challenge>, StoreError> {
    let row = fetch!(
        a.conn(),
        fetch_optional,
        ChallengeRow,
        concat!(
            "SELECT ",
            challenge_columns!(),
            " FROM push_challenge WHERE id = $1 AND account_id = $2"
        ),
        id.as_str(),
        account.as_str(),
    );
    row.map(Challenge::try_from).transpose()
}

/// Answers a waiting challenge once with `outcome`: `false` when it was answered already, replaced, or has
/// expired (so a replayed answer changes nothing).
///
/// # Errors
/// On database failure.
pub async fn answer(
    a: &mut impl Access,
    account: &UserId,
    id: &PushChallengeId,
    outcome: Outcome,
    answered_by: &str,
    approver_verified_at: Option<OffsetDateTime>,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    let n = execute!(
        a.conn(),
        "UPDATE push_challenge SET status = $3, answered_by = $4, answered_at = $5,
                                  approver_verified_at = $6
         WHERE id = $1 AND account_id = $2 AND status = 'pending' AND expires_at > $5",
        id.as_str(),
        account.as_str(),
        Status::from(outcome).as_str(),
        answered_by,
        to_ms(now),
        approver_verified_at.map(to_ms),
    );
    Ok(n == 1)
}

/// An approval used by its sign-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approval {
    /// The device (method id) or the session (`session:ID`) that approved.
    pub by: String,
    /// With a session's approval: when that session last passed a second factor.
    pub approver_verified_at: Option<OffsetDateTime>,
}

/// Uses an approved challenge for the sign-in `session` once, if it was approved after
/// `approved_since`.
///
/// # Errors
/// On database failure.
pub async fn take_approved(
    a: &mut impl Access,
    account: &UserId,
    session: &SessionId,
    id: &PushChallengeId,
    approved_since: OffsetDateTime,
) -> Result<Option<Approval>, StoreError> {
    let row = fetch!(
        a.conn(),
        fetch_optional,
        (Option<String>, Option<i64>),
        "UPDATE push_challenge SET status = 'used'
         WHERE id = $1 AND account_id = $2 AND session_id = $3 AND status = 'approved'
           AND answered_at > $4
         RETURNING answered_by, approver_verified_at",
        id.as_str(),
        account.as_str(),
        session.as_str(),
        to_ms(approved_since),
    );
    row.map(|(by, at)| {
        Ok(Approval {
            by: by.unwrap_or_default(),
            approver_verified_at: at.map(from_ms).transpose()?,
        })
    })
    .transpose()
}

/// How many pushes the account got since `since`, and when it last reported one as not its own.
///
/// # Errors
/// On database failure.
pub async fn recent(
    a: &mut impl Access,
    account: &UserId,
    since: OffsetDateTime,
) -> Result<(u32, Option<OffsetDateTime>), StoreError> {
    let count = scalar!(
        a.conn(),
        i64,
        "SELECT COUNT(*) FROM push_challenge WHERE account_id = $1 AND created_at > $2",
        account.as_str(),
        to_ms(since),
    );
    let reported = scalar!(
        a.conn(),
        Option<i64>,
        "SELECT MAX(answered_at) FROM push_challenge WHERE account_id = $1 AND status = 'reported'",
        account.as_str(),
    );
    Ok((
        u32::try_from(count).unwrap_or(u32::MAX),
        reported.map(from_ms).transpose()?,
    ))
}

/// Deletes challenges older than `before`, and enrollment codes that expired unused.
///
/// # Errors
/// On database failure.
pub async fn delete_old(
    a: &mut impl Access,
    before: OffsetDateTime,
    now: OffsetDateTime,
) -> Result<u64, StoreError> {
    let challenges = execute!(
        a.conn(),
        "DELETE FROM push_challenge WHERE created_at < $1",
        to_ms(before),
    );
    let codes = execute!(
        a.conn(),
        "UPDATE push_device SET enroll_hash = NULL
         WHERE enroll_hash IS NOT NULL AND enroll_expires_at <= $1",
        to_ms(now),
    );
    Ok(challenges + codes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_reads_back_as_itself_and_an_unknown_one_is_corrupt() {
        for s in Status::ALL {
            assert_eq!(s.as_str().parse::<Status>().ok(), Some(s));
        }
        assert!(matches!(
            "waiting".parse::<Status>(),
            Err(StoreError::Corrupt(_))
        ));
    }
}
