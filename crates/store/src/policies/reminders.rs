//! Reminders and announcements to the members of an organization who lack an allowed method,
//! queued into the outbox in bulk, and the scheduler's reads of what is owed.

use domain::{Locale, MfaPolicy, OrgId, UserId};
use time::OffsetDateTime;

use super::PolicyColumns;
use crate::{Access, StoreError, from_ms, to_ms};

/// An email to queue for many members at once, in one language: it goes to the members whose
/// account chose `locale` (English: also those that chose none). A bulk send takes one per
/// language, so that each member gets exactly one, in theirs. `{id}` is made per member.
#[derive(Debug, Clone, Copy)]
pub struct BulkEmail<'a> {
    /// Prefix of the outbox ids (each is `{prefix}:{org}:{account}:{now}`).
    pub id_prefix: &'a str,
    pub locale: Locale,
    pub subject: &'a str,
    pub body: &'a str,
}

/// The condition "member `m` reads `$N`" of a bulk statement (an account without a language
/// reads English). A semi-join rather than a lookup per member: PostgreSQL hashes the accounts
/// of the language once (a per-row sub-select made reminders to 100,000 members 40 % slower).
macro_rules! reads {
    ($n:literal) => {
        concat!(
            " AND m.account_id IN (SELECT a.id FROM account a WHERE COALESCE(a.locale, 'en') = $",
            $n,
            ")"
        )
    };
}

/// Which members a reminder goes to: those without an allowed method who were not reminded
/// since `not_since`, all of them or one.
#[derive(Debug, Clone, Copy)]
pub struct ReminderTarget<'a> {
    pub allowed: i64,
    pub not_since: OffsetDateTime,
    pub only: Option<&'a UserId>,
}

/// Queues one of `emails` (the one in their language) to each member `target` selects and
/// records the reminder on the membership, in a fixed number of statements whatever the number
/// of members (an `INSERT … SELECT` into the outbox per language, then the matching `UPDATE`); call inside a transaction that has locked the organization, so that two
/// nodes cannot both send. Returns how many were queued.
///
/// # Errors
/// On database failure.
pub async fn queue_reminders(
    a: &mut impl Access,
    org: &OrgId,
    target: &ReminderTarget<'_>,
    emails: &[BulkEmail<'_>],
    now: OffsetDateTime,
) -> Result<u64, StoreError> {
    let now_ms = to_ms(now);
    let not_since = to_ms(target.not_since);
    let mut queued = 0;
    for email in emails {
        queued += insert_reminders(a, org, target, email, now).await?;
    }
    match target.only {
        None => execute!(
            a.conn(),
            "UPDATE membership SET reminded_at = $4
             WHERE org_id = $1 AND (mfa_kinds & $2) = 0
               AND (reminded_at IS NULL OR reminded_at <= $3)",
            org.as_str(),
            target.allowed,
            not_since,
            now_ms,
        ),
        Some(user) => execute!(
            a.conn(),
            "UPDATE membership SET reminded_at = $4
             WHERE org_id = $1 AND account_id = $5 AND (mfa_kinds & $2) = 0
               AND (reminded_at IS NULL OR reminded_at <= $3)",
            org.as_str(),
            target.allowed,
            not_since,
            now_ms,
            user.as_str(),
        ),
    };
    Ok(queued)
}

/// How many of the members `target` selects were reminded after `target.not_since`: those a
/// reminder now skips. Ask before [`queue_reminders`], which marks the others reminded.
///
/// # Errors
/// On database failure.
pub async fn recently_reminded(
    a: &mut impl Access,
    org: &OrgId,
    target: &ReminderTarget<'_>,
) -> Result<u64, StoreError> {
    let not_since = to_ms(target.not_since);
    let n = match target.only {
        None => scalar!(
            a.conn(),
            i64,
            "SELECT COUNT(*) FROM membership
             WHERE org_id = $1 AND (mfa_kinds & $2) = 0 AND reminded_at > $3",
            org.as_str(),
            target.allowed,
            not_since,
        ),
        Some(user) => scalar!(
            a.conn(),
            i64,
            "SELECT COUNT(*) FROM membership
             WHERE org_id = $1 AND account_id = $4 AND (mfa_kinds & $2) = 0 AND reminded_at > $3",
            org.as_str(),
            target.allowed,
            not_since,
            user.as_str(),
        ),
    };
    Ok(u64::try_from(n).unwrap_or(0))
}

/// The `INSERT … SELECT` of [`queue_reminders`] for one language.
async fn insert_reminders(
    a: &mut impl Access,
    org: &OrgId,
    target: &ReminderTarget<'_>,
    email: &BulkEmail<'_>,
    now: OffsetDateTime,
) -> Result<u64, StoreError> {
    let now_ms = to_ms(now);
    let not_since = to_ms(target.not_since);
    Ok(match target.only {
        None => execute!(
            a.conn(),
            concat!(
                "INSERT INTO outbox (id, kind, recipient, subject, body, created_at,
                                     next_attempt_at)
                 SELECT $5 || ':' || m.org_id || ':' || m.account_id || ':' || $8, 'email',
                        m.email, $6, $7, $4, $4
                 FROM membership m
                 WHERE m.org_id = $1 AND (m.mfa_kinds & $2) = 0
                   AND (m.reminded_at IS NULL OR m.reminded_at <= $3)",
                reads!("9"),
                " ON CONFLICT (id) DO NOTHING"
            ),
            org.as_str(),
            target.allowed,
            not_since,
            now_ms,
            email.id_prefix,
            email.subject,
            email.body,
            now_ms.to_string(),
            email.locale.as_str(),
        ),
        Some(user) => execute!(
            a.conn(),
            concat!(
                "INSERT INTO outbox (id, kind, recipient, subject, body, created_at,
                                     next_attempt_at)
                 SELECT $5 || ':' || m.org_id || ':' || m.account_id || ':' || $8, 'email',
                        m.email, $6, $7, $4, $4
                 FROM membership m
                 WHERE m.org_id = $1 AND m.account_id = $9 AND (m.mfa_kinds & $2) = 0
                   AND (m.reminded_at IS NULL OR m.reminded_at <= $3)",
                reads!("10"),
                " ON CONFLICT (id) DO NOTHING"
            ),
            org.as_str(),
            target.allowed,
            not_since,
            now_ms,
            email.id_prefix,
            email.subject,
            email.body,
            now_ms.to_string(),
            user.as_str(),
            email.locale.as_str(),
        ),
    })
}

/// Queues one of `emails` (the one in their language) to every member without an allowed
/// method, with no de-duplication: the announcement that enforcement begins. Returns how many were queued.
///
/// # Errors
/// On database failure.
pub async fn queue_to_non_compliant(
    a: &mut impl Access,
    org: &OrgId,
    allowed: i64,
    emails: &[BulkEmail<'_>],
    now: OffsetDateTime,
) -> Result<u64, StoreError> {
    let now_ms = to_ms(now);
    let mut queued = 0;
    for email in emails {
        queued += execute!(
            a.conn(),
            concat!(
                "INSERT INTO outbox (id, kind, recipient, subject, body, created_at,
                                     next_attempt_at)
                 SELECT $3 || ':' || m.org_id || ':' || m.account_id || ':' || $6, 'email',
                        m.email, $4, $5, $7, $7
                 FROM membership m
                 WHERE m.org_id = $1 AND (m.mfa_kinds & $2) = 0",
                reads!("8"),
                " ON CONFLICT (id) DO NOTHING"
            ),
            org.as_str(),
            allowed,
            email.id_prefix,
            email.subject,
            email.body,
            now_ms.to_string(),
            now_ms,
            email.locale.as_str(),
        );
    }
    Ok(queued)
}

/// The organizations whose announcement of enforcement is still owed.
///
/// # Errors
/// On database failure.
pub async fn announcements_pending(a: &mut impl Access) -> Result<Vec<OrgId>, StoreError> {
    let rows = fetch!(
        a.conn(),
        fetch_all,
        (String,),
        "SELECT org_id FROM org_mfa_policy WHERE announce_pending",
    );
    Ok(rows
        .into_iter()
        .map(|(id,)| OrgId::from_trusted(id))
        .collect())
}

/// Marks the organization's announcement as done; false when another node already did it (or
/// none was owed), so exactly one node sends it.
///
/// # Errors
/// On database failure.
pub async fn take_announcement(a: &mut impl Access, org: &OrgId) -> Result<bool, StoreError> {
    let n = execute!(
        a.conn(),
        "UPDATE org_mfa_policy SET announce_pending = false WHERE org_id = $1 AND announce_pending",
        org.as_str(),
    );
    Ok(n > 0)
}

/// Whether the organization's announcement that enforcement began is still to be sent.
///
/// # Errors
/// On database failure.
pub async fn announcement_pending(a: &mut impl Access, org: &OrgId) -> Result<bool, StoreError> {
    Ok(scalar!(
        a.conn(),
        bool,
        "SELECT COALESCE((SELECT announce_pending FROM org_mfa_policy WHERE org_id = $1), false)",
        org.as_str(),
    ))
}

/// An enforced organization, for the scheduler of reminders before deadlines.
#[derive(Debug, Clone)]
pub struct Enforcing {
    pub org_id: OrgId,
    pub policy: MfaPolicy,
}

#[derive(sqlx::FromRow)]
struct EnforcingRow {
    org_id: String,
    #[sqlx(flatten)]
    policy: PolicyColumns,
}

/// Every organization that enforces 2FA (now or from a date), with its policy.
///
/// # Errors
/// On database failure.
pub async fn enforcing(a: &mut impl Access) -> Result<Vec<Enforcing>, StoreError> {
    let rows = fetch!(
        a.conn(),
        fetch_all,
        EnforcingRow,
        concat!(
            "SELECT p.org_id, ",
            policy_columns!(),
            " FROM org_mfa_policy p WHERE p.enforced"
        ),
    );
    rows.into_iter()
        .map(|r| {
            Ok(Enforcing {
                org_id: OrgId::from_trusted(r.org_id),
                policy: r.policy.into_policy()?,
            })
        })
        .collect()
}

/// The organizations that enforce with a deadline still ahead (a grace period) or with an
/// enrollment period for new members.
///
/// # Errors
/// On database failure.
pub async fn enforcing_with_deadlines(
    a: &mut impl Access,
    now: OffsetDateTime,
) -> Result<Vec<Enforcing>, StoreError> {
    let rows = fetch!(
        a.conn(),
        fetch_all,
        EnforcingRow,
        concat!(
            "SELECT p.org_id, ",
            policy_columns!(),
            " FROM org_mfa_policy p
              WHERE p.enforced AND (p.enforce_from > $1 OR p.new_member_days > 0
                                    OR EXISTS (SELECT 1 FROM membership m
                                               WHERE m.org_id = p.org_id
                                                 AND m.mfa_deadline > $1))"
        ),
        to_ms(now),
    );
    rows.into_iter()
        .map(|r| {
            Ok(Enforcing {
                org_id: OrgId::from_trusted(r.org_id),
                policy: r.policy.into_policy()?,
            })
        })
        .collect()
}

/// A member with a deadline of their own (joined after enforcement, or given one by an admin)
/// and no allowed method.
#[derive(Debug, Clone)]
pub struct OwnDeadline {
    pub user_id: UserId,
    pub email: domain::Email,
    pub terms: domain::mfa_policy::MemberTerms,
    /// The member's verified methods (none the organization accepts, by the query's filter).
    pub methods: Vec<domain::MethodKind>,
    /// The scheduled reminders already sent (bits) and for which deadline.
    pub reminded: i64,
    pub reminded_for: Option<OffsetDateTime>,
}

#[derive(sqlx::FromRow)]
struct OwnDeadlineRow {
    account_id: String,
    email: String,
    created_at: i64,
    mfa_kinds: i64,
    mfa_deadline: Option<i64>,
    mfa_deadline_set_at: Option<i64>,
    deadline_reminders: i64,
    deadline_reminded_for: Option<i64>,
}

/// The members without an allowed method whose deadline is their own: joined after `since`
/// (when the organization gives new members a period), or given a deadline by an admin since.
///
/// # Errors
/// On database failure.
pub async fn own_deadlines(
    a: &mut impl Access,
    org: &OrgId,
    allowed: i64,
    since: OffsetDateTime,
    new_member_period: bool,
) -> Result<Vec<OwnDeadline>, StoreError> {
    let since = to_ms(since);
    let rows = fetch!(
        a.conn(),
        fetch_all,
        OwnDeadlineRow,
        "SELECT account_id, email, created_at, mfa_kinds, mfa_deadline, mfa_deadline_set_at,
                deadline_reminders, deadline_reminded_for
         FROM membership
         WHERE org_id = $1 AND (mfa_kinds & $2) = 0
           AND (($4 AND created_at > $3) OR mfa_deadline_set_at >= $3)",
        org.as_str(),
        allowed,
        since,
        new_member_period,
    );
    rows.into_iter()
        .map(|r| {
            let deadline = match (r.mfa_deadline, r.mfa_deadline_set_at) {
                (Some(d), Some(at)) => Some((from_ms(d)?, from_ms(at)?)),
                _ => None,
            };
            Ok(OwnDeadline {
                methods: domain::method::kinds_from_mask(r.mfa_kinds),
                user_id: UserId::from_trusted(r.account_id),
                email: domain::Email::from_trusted(r.email),
                terms: domain::mfa_policy::MemberTerms {
                    joined_at: from_ms(r.created_at)?,
                    deadline,
                },
                reminded: r.deadline_reminders,
                reminded_for: r.deadline_reminded_for.map(from_ms).transpose()?,
            })
        })
        .collect()
}

/// Which members a scheduled reminder goes to: without an allowed method, and with the
/// organization's deadline (not one of their own), or exactly one member.
#[derive(Debug, Clone, Copy)]
pub enum DeadlineGroup<'a> {
    /// Members whose deadline is the organization's: joined by `since` (or any time when new
    /// members have no period of their own) and no admin's deadline set since.
    OrgDeadline {
        since: OffsetDateTime,
        new_member_period: bool,
    },
    One(&'a UserId),
}

/// Queues a scheduled reminder (`stage`, a bit) for `deadline` — one of `emails`, in the
/// member's language — to the members `group` selects that have not had it for this deadline,
/// and records it — the conditional `UPDATE` is what makes it once only, with the organization
/// locked by the caller. Without `emails`, only
/// records it (an announcement already said as much). Returns how many.
///
/// # Errors
/// On database failure.
#[allow(clippy::too_many_arguments)]
pub async fn queue_deadline_reminders(
    a: &mut impl Access,
    org: &OrgId,
    allowed: i64,
    group: DeadlineGroup<'_>,
    deadline: OffsetDateTime,
    stage: i64,
    emails: Option<&[BulkEmail<'_>]>,
    now: OffsetDateTime,
) -> Result<u64, StoreError> {
    let (since, period, one) = match group {
        DeadlineGroup::OrgDeadline {
            since,
            new_member_period,
        } => (to_ms(since), new_member_period, None),
        DeadlineGroup::One(user) => (0, false, Some(user.as_str())),
    };
    let now_ms = to_ms(now);
    // The members concerned: $1 org, $2 allowed, $3 since, $4 new-member period, $5 one member,
    // $6 deadline, $7 stage bit.
    macro_rules! concerned {
        () => {
            "m.org_id = $1 AND (m.mfa_kinds & $2) = 0
             AND (($5 IS NULL AND NOT ($4 AND m.created_at > $3)
                   AND (m.mfa_deadline_set_at IS NULL OR m.mfa_deadline_set_at < $3))
                  OR m.account_id = $5)
             AND (m.deadline_reminded_for IS NULL OR m.deadline_reminded_for <> $6
                  OR (m.deadline_reminders & $7) = 0)"
        };
    }
    let mut queued = 0;
    for email in emails.unwrap_or_default() {
        queued += execute!(
            a.conn(),
            concat!(
                "INSERT INTO outbox (id, kind, recipient, subject, body, created_at,
                                     next_attempt_at)
                 SELECT $8 || ':' || m.org_id || ':' || m.account_id || ':' || $11, 'email',
                        m.email, $9, $10, $12, $12
                 FROM membership m WHERE ",
                concerned!(),
                reads!("13"),
                " ON CONFLICT (id) DO NOTHING"
            ),
            org.as_str(),
            allowed,
            since,
            period,
            one,
            to_ms(deadline),
            stage,
            email.id_prefix,
            email.subject,
            email.body,
            now_ms.to_string(),
            now_ms,
            email.locale.as_str(),
        );
    }
    let marked = execute!(
        a.conn(),
        concat!(
            "UPDATE membership SET
               deadline_reminders = CASE WHEN deadline_reminded_for = $6
                                         THEN deadline_reminders | $7 ELSE $7 END,
               deadline_reminded_for = $6
             WHERE account_id IN (SELECT m.account_id FROM membership m WHERE ",
            concerned!(),
            ") AND org_id = $1"
        ),
        org.as_str(),
        allowed,
        since,
        period,
        one,
        to_ms(deadline),
        stage,
    );
    Ok(if emails.is_some() { queued } else { marked })
}
