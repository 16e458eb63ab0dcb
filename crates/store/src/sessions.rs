//! Sign-in sessions, looked up by the hash of their token.

use domain::network::DevicePlace;
use domain::session::SessionClock;
use domain::{Aal, ClientKind, DeviceId, Email, SessionId, SessionState, TokenHash, UserId};
use time::{Duration, OffsetDateTime};

use crate::{Access, StoreError, from_ms, to_ms};

/// What a new session is made of.
#[derive(Debug, Clone)]
pub struct NewSession<'a> {
    pub id: &'a SessionId,
    pub token_hash: &'a TokenHash,
    pub account_id: &'a UserId,
    pub client: ClientKind,
    pub state: SessionState,
    pub aal: Aal,
    pub remember: bool,
    pub ip: Option<&'a str>,
    pub user_agent: Option<&'a str>,
    pub clock: SessionClock,
    /// Set when the second step was passed at sign-in (not skipped).
    pub mfa_verified_at: Option<OffsetDateTime>,
    /// The remembered device that let the sign-in skip the second step.
    pub device: Option<&'a Skipped>,
    /// What proved the second factor at sign-in (a passkey), if anything did.
    pub passed: Option<domain::method::StepKind>,
}

/// A session with the account it belongs to: what every authenticated request needs.
#[derive(Debug, Clone)]
pub struct Session {
    pub id: SessionId,
    pub token_hash: TokenHash,
    pub account_id: UserId,
    pub email: Email,
    pub name: String,
    pub mfa_enabled: bool,
    /// The account's 2FA was reset and it has not set up a new second factor yet.
    pub mfa_setup_due: bool,
    /// The kinds of the account's verified methods.
    pub methods: Vec<domain::MethodKind>,
    pub client: ClientKind,
    pub state: SessionState,
    pub aal: Aal,
    pub remember: bool,
    pub clock: SessionClock,
    /// When this session last passed a second factor.
    pub mfa_verified_at: Option<OffsetDateTime>,
    /// The remembered device it skipped the second step with.
    pub device: Option<Skipped>,
    /// The factor this session last passed the second step with.
    pub passed: Option<domain::method::StepKind>,
    /// The language the account chose, if it did.
    pub locale: Option<domain::Locale>,
}

/// The remembered device a sign-in skipped the second step with: since when it is remembered,
/// and where the sign-in came from (the session's address, and whether that was the device's
/// own network), for the decisions of every later request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub id: DeviceId,
    pub since: OffsetDateTime,
    pub place: DevicePlace,
}

impl Session {
    /// What this session presents to the access decision: the client it was issued to and when.
    pub fn credential(&self) -> domain::access::Credential {
        domain::access::Credential {
            client: self.client,
            issued_at: self.clock.created_at,
        }
    }
}

#[derive(sqlx::FromRow)]
struct SessionRow {
    id: String,
    token_hash: String,
    account_id: String,
    email: String,
    name: String,
    mfa_enabled: bool,
    mfa_setup_due: bool,
    mfa_methods: String,
    client: String,
    state: String,
    aal: String,
    remember: bool,
    created_at: i64,
    last_seen_at: i64,
    idle_timeout_ms: i64,
    absolute_expires_at: i64,
    mfa_verified_at: Option<i64>,
    device_id: Option<String>,
    device_since: Option<i64>,
    device_home: Option<bool>,
    ip: Option<String>,
    mfa_method: Option<String>,
    locale: Option<String>,
}

impl TryFrom<SessionRow> for Session {
    type Error = StoreError;
    fn try_from(r: SessionRow) -> Result<Self, StoreError> {
        Ok(Self {
            id: SessionId::from_trusted(r.id),
            token_hash: TokenHash::from_trusted(r.token_hash),
            account_id: UserId::from_trusted(r.account_id),
            email: Email::from_trusted(r.email),
            name: r.name,
            mfa_enabled: r.mfa_enabled,
            mfa_setup_due: r.mfa_setup_due,
            methods: domain::method::kinds_from_text(&r.mfa_methods)?,
            client: ClientKind::parse(&r.client)?,
            state: SessionState::parse(&r.state)?,
            aal: Aal::parse(&r.aal)?,
            remember: r.remember,
            clock: SessionClock {
                created_at: from_ms(r.created_at)?,
                last_seen_at: from_ms(r.last_seen_at)?,
                idle_timeout: Duration::milliseconds(r.idle_timeout_ms),
                absolute_expires_at: from_ms(r.absolute_expires_at)?,
            },
            mfa_verified_at: r.mfa_verified_at.map(from_ms).transpose()?,
            device: match (r.device_id, r.device_since) {
                (Some(id), Some(since)) => Some(Skipped {
                    id: DeviceId::from_trusted(id),
                    since: from_ms(since)?,
                    // A session from before networks were recorded is taken as away from home.
                    place: DevicePlace {
                        home: r.device_home.unwrap_or(false),
                        from: r.ip.as_deref().and_then(|ip| ip.parse().ok()),
                    },
                }),
                _ => None,
            },
            passed: r
                .mfa_method
                .as_deref()
                .and_then(|m| domain::method::StepKind::from_stored(m).ok()),
            locale: r
                .locale
                .as_deref()
                .and_then(|l| domain::Locale::parse(l).ok()),
        })
    }
}

/// # Errors
/// On database failure.
pub async fn insert(a: &mut impl Access, s: &NewSession<'_>) -> Result<(), StoreError> {
    let idle_ms = i64::try_from(s.clock.idle_timeout.whole_milliseconds()).unwrap_or(i64::MAX);
    execute!(
        a.conn(),
        "INSERT INTO session (id, token_hash, account_id, client, state, aal, remember, ip,
                              user_agent, created_at, last_seen_at, idle_timeout_ms,
                              absolute_expires_at, mfa_verified_at, device_id, device_since,
                              mfa_method, device_home)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
                 $18)",
        s.id.as_str(),
        s.token_hash.as_str(),
        s.account_id.as_str(),
        s.client.as_str(),
        s.state.as_str(),
        s.aal.as_str(),
        s.remember,
        s.ip,
        s.user_agent,
        to_ms(s.clock.created_at),
        to_ms(s.clock.last_seen_at),
        idle_ms,
        to_ms(s.clock.absolute_expires_at),
        s.mfa_verified_at.map(to_ms),
        s.device.map(|d| d.id.as_str()),
        s.device.map(|d| to_ms(d.since)),
        s.passed.map(domain::method::StepKind::as_str),
        s.device.map(|d| d.place.home),
    );
    Ok(())
}

/// The session holding this token hash, whether or not it has expired (the caller decides).
///
/// # Errors
/// On database failure.
pub async fn find_by_token(
    a: &mut impl Access,
    token_hash: &TokenHash,
) -> Result<Option<Session>, StoreError> {
    let row = fetch!(
        a.conn(),
        fetch_optional,
        SessionRow,
        "SELECT s.id, s.token_hash, s.account_id, a.email, a.name, a.mfa_enabled, a.mfa_setup_due,
                a.mfa_methods,
                s.client,
                s.state, s.aal, s.remember, s.created_at, s.last_seen_at, s.idle_timeout_ms,
                s.absolute_expires_at, s.mfa_verified_at, s.device_id, s.device_since,
                s.device_home, s.ip, s.mfa_method, a.locale
         FROM session s JOIN account a ON a.id = s.account_id
         WHERE s.token_hash = $1",
        token_hash.as_str(),
    );
    row.map(Session::try_from).transpose()
}

/// Rows per statement of [`touch_many`]: two parameters each, far below either database's limit.
const TOUCH_CHUNK: usize = 500;

/// What [`touch_many`] found.
#[derive(Debug, Default)]
pub struct Touched {
    /// Moved forward.
    pub done: Vec<SessionId>,
    /// There, but locked by another transaction at the time: not touched, to be tried again.
    pub busy: Vec<SessionId>,
}

/// Moves each session's last-seen time forward to its time in `touches` (never back: another
/// node may have written a later one); the sessions not named in the answer are gone. One
/// statement per 500 sessions.
///
/// On PostgreSQL a row another transaction holds is skipped (`SKIP LOCKED`) and said busy, so a
/// batch never waits for a lock: it can neither deadlock with a transaction locking sessions in
/// another order nor hold up sign-outs behind it.
///
/// # Errors
/// On database failure.
pub async fn touch_many(
    a: &mut impl Access,
    touches: &[(SessionId, OffsetDateTime)],
) -> Result<Touched, StoreError> {
    let mut touched = Touched::default();
    for chunk in touches.chunks(TOUCH_CHUNK) {
        // Placeholders only: the statement's text depends on the chunk's length alone.
        let values = (0..chunk.len())
            .map(|i| format!("(${}, CAST(${} AS BIGINT))", 2 * i + 1, 2 * i + 2))
            .collect::<Vec<_>>()
            .join(", ");
        let rows: Vec<(String, bool)> = match a.conn() {
            // The last SELECT reads the statement's snapshot: the rows there when it began.
            crate::db::Conn::Postgres(c) => {
                let sql = format!(
                    "WITH v (id, t) AS (VALUES {values}),
                     l AS (SELECT s.id, v.t FROM session s JOIN v ON v.id = s.id
                           FOR UPDATE OF s SKIP LOCKED),
                     u AS (UPDATE session s SET last_seen_at = GREATEST(s.last_seen_at, l.t)
                           FROM l WHERE s.id = l.id RETURNING s.id)
                     SELECT s.id, u.id IS NOT NULL FROM session s JOIN v ON v.id = s.id
                     LEFT JOIN u ON u.id = s.id"
                );
                // Placeholders and fixed text only; every value is bound.
                let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql));
                for (id, at) in chunk {
                    q = q.bind(id.as_str()).bind(to_ms(*at));
                }
                q.fetch_all(c).await?
            }
            // One writer at a time: nothing is ever busy.
            crate::db::Conn::Sqlite(c) => {
                let sql = format!(
                    "WITH v (id, t) AS (VALUES {values})
                     UPDATE session SET last_seen_at = MAX(session.last_seen_at, v.t)
                     FROM v WHERE session.id = v.id RETURNING id, TRUE"
                );
                // Placeholders and fixed text only; every value is bound.
                let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql));
                for (id, at) in chunk {
                    q = q.bind(id.as_str()).bind(to_ms(*at));
                }
                q.fetch_all(c).await?
            }
        };
        for (id, done) in rows {
            let list = if done {
                &mut touched.done
            } else {
                &mut touched.busy
            };
            list.push(SessionId::from_trusted(id));
        }
    }
    Ok(touched)
}

/// # Errors
/// On database failure.
pub async fn delete(a: &mut impl Access, id: &SessionId) -> Result<bool, StoreError> {
    let n = execute!(a.conn(), "DELETE FROM session WHERE id = $1", id.as_str());
    Ok(n > 0)
}

/// Deletes sessions that can no longer be used; returns how many.
///
/// # Errors
/// On database failure.
pub async fn delete_expired(a: &mut impl Access, now: OffsetDateTime) -> Result<u64, StoreError> {
    let now = to_ms(now);
    Ok(execute!(
        a.conn(),
        "DELETE FROM session WHERE absolute_expires_at <= $1 OR last_seen_at + idle_timeout_ms <= $1",
        now,
    ))
}

/// Records that the session passed a second factor now: it becomes `active` at `aal2` and, if
/// it was a short-lived pending sign-in, gets the lifetime of a full session, counted from
/// `clock.created_at`: a credential is issued when its sign-in is finished, so one finished
/// after an organization's deadline is no credential "from before" it. Only while the
/// session is still known by `current` (a concurrent step that passed first replaced it), and
/// from now on by `next` (a rise in assurance must not upgrade a token someone may have seen
/// before it; `next` may equal `current`). False when nothing was changed.
///
/// # Errors
/// On database failure.
pub async fn pass_second_factor(
    a: &mut impl Access,
    id: &SessionId,
    clock: &SessionClock,
    now: OffsetDateTime,
    (current, next): (&TokenHash, &TokenHash),
    factor: domain::method::StepKind,
) -> Result<bool, StoreError> {
    let idle_ms = i64::try_from(clock.idle_timeout.whole_milliseconds()).unwrap_or(i64::MAX);
    let n = execute!(
        a.conn(),
        "UPDATE session SET state = 'active', aal = 'aal2', mfa_verified_at = $2,
                last_seen_at = $2, idle_timeout_ms = $3, absolute_expires_at = $4,
                token_hash = $6, mfa_method = $7, created_at = $8
         WHERE id = $1 AND token_hash = $5",
        id.as_str(),
        to_ms(now),
        idle_ms,
        to_ms(clock.absolute_expires_at),
        current.as_str(),
        next.as_str(),
        factor.as_str(),
        to_ms(clock.created_at),
    );
    Ok(n > 0)
}

/// Sets when the session last passed a second factor (a sign-in approved by another session
/// counts as recent as that session's own factor).
///
/// # Errors
/// On database failure.
pub async fn set_mfa_verified_at(
    a: &mut impl Access,
    id: &SessionId,
    at: OffsetDateTime,
) -> Result<(), StoreError> {
    execute!(
        a.conn(),
        "UPDATE session SET mfa_verified_at = $2 WHERE id = $1",
        id.as_str(),
        to_ms(at),
    );
    Ok(())
}

/// Ends every session of an account but `except`; returns how many.
///
/// # Errors
/// On database failure.
pub async fn delete_for_account(
    a: &mut impl Access,
    account: &UserId,
    except: Option<&SessionId>,
) -> Result<u64, StoreError> {
    Ok(execute!(
        a.conn(),
        "DELETE FROM session WHERE account_id = $1 AND id <> $2",
        account.as_str(),
        except.map_or("", SessionId::as_str),
    ))
}

/// Ends the sessions that skipped the second step with this remembered device; returns how
/// many.
///
/// # Errors
/// On database failure.
pub async fn delete_by_device(
    a: &mut impl Access,
    account: &UserId,
    device: &DeviceId,
) -> Result<Vec<SessionId>, StoreError> {
    let ids = fetch!(
        a.conn(),
        fetch_all,
        (String,),
        "SELECT id FROM session WHERE account_id = $1 AND device_id = $2",
        account.as_str(),
        device.as_str(),
    );
    execute!(
        a.conn(),
        "DELETE FROM session WHERE account_id = $1 AND device_id = $2",
        account.as_str(),
        device.as_str(),
    );
    Ok(ids
        .into_iter()
        .map(|(id,)| SessionId::from_trusted(id))
        .collect())
}

/// What another live session of an account is, for rules that ask about it (who may approve a
/// sign-in: `domain::push::may_approve`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionFacts {
    pub client: ClientKind,
    pub state: SessionState,
    pub aal: Aal,
    /// It passed a second factor itself (not through a remembered device).
    pub verified_itself: bool,
}

#[derive(sqlx::FromRow)]
struct FactsRow {
    client: String,
    state: String,
    aal: String,
    mfa_verified_at: Option<i64>,
}

/// The facts of the account's live sessions other than `except`.
///
/// # Errors
/// On database failure.
pub async fn others_of_account(
    a: &mut impl Access,
    account: &UserId,
    except: &SessionId,
    now: OffsetDateTime,
) -> Result<Vec<SessionFacts>, StoreError> {
    let now = to_ms(now);
    let rows = fetch!(
        a.conn(),
        fetch_all,
        FactsRow,
        "SELECT client, state, aal, mfa_verified_at FROM session
         WHERE account_id = $1 AND id <> $2 AND absolute_expires_at > $3
           AND last_seen_at + idle_timeout_ms > $3",
        account.as_str(),
        except.as_str(),
        now,
    );
    rows.into_iter()
        .map(|r| {
            Ok(SessionFacts {
                client: ClientKind::parse(&r.client)?,
                state: SessionState::parse(&r.state)?,
                aal: Aal::parse(&r.aal)?,
                verified_itself: r.mfa_verified_at.is_some(),
            })
        })
        .collect()
}

/// A live session as its holder sees it in the list of where they are signed in.
#[derive(Debug, Clone)]
pub struct Listed {
    pub id: SessionId,
    pub client: ClientKind,
    pub state: SessionState,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub created_at: OffsetDateTime,
    pub last_seen_at: OffsetDateTime,
}

#[derive(sqlx::FromRow)]
struct ListedRow {
    id: String,
    client: String,
    state: String,
    ip: Option<String>,
    user_agent: Option<String>,
    created_at: i64,
    last_seen_at: i64,
}

/// The account's live sessions, the most recently seen first.
///
/// # Errors
/// On database failure.
pub async fn list_live(
    a: &mut impl Access,
    account: &UserId,
    now: OffsetDateTime,
) -> Result<Vec<Listed>, StoreError> {
    let rows = fetch!(
        a.conn(),
        fetch_all,
        ListedRow,
        "SELECT id, client, state, ip, user_agent, created_at, last_seen_at FROM session
         WHERE account_id = $1 AND absolute_expires_at > $2 AND last_seen_at + idle_timeout_ms > $2
         ORDER BY last_seen_at DESC, id",
        account.as_str(),
        to_ms(now),
    );
    rows.into_iter()
        .map(|r| {
            Ok(Listed {
                id: SessionId::from_trusted(r.id),
                client: ClientKind::parse(&r.client)?,
                state: SessionState::parse(&r.state)?,
                ip: r.ip,
                user_agent: r.user_agent,
                created_at: from_ms(r.created_at)?,
                last_seen_at: from_ms(r.last_seen_at)?,
            })
        })
        .collect()
}

/// Ends one session of the account; the hash of its token (to evict it from caches), or
/// `None` when the account has no session with this id.
///
/// # Errors
/// On database failure.
pub async fn delete_own(
    a: &mut impl Access,
    account: &UserId,
    id: &SessionId,
) -> Result<Option<TokenHash>, StoreError> {
    let row = fetch!(
        a.conn(),
        fetch_optional,
        (String,),
        "DELETE FROM session WHERE account_id = $1 AND id = $2 RETURNING token_hash",
        account.as_str(),
        id.as_str(),
    );
    Ok(row.map(|(h,)| TokenHash::from_trusted(h)))
}

/// Ends every session of the account but `except`; returns the ids of those it ended.
///
/// # Errors
/// On database failure.
pub async fn delete_others(
    a: &mut impl Access,
    account: &UserId,
    except: &SessionId,
) -> Result<Vec<SessionId>, StoreError> {
    let rows = fetch!(
        a.conn(),
        fetch_all,
        (String,),
        "DELETE FROM session WHERE account_id = $1 AND id <> $2 RETURNING id",
        account.as_str(),
        except.as_str(),
    );
    Ok(rows
        .into_iter()
        .map(|(id,)| SessionId::from_trusted(id))
        .collect())
}
