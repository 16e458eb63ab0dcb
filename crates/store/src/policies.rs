//! Organizations' two-factor policies.

use domain::method::{kinds_from_text, kinds_to_text};
use domain::{ClientKind, MfaPolicy, OrgId, UserId};
use time::OffsetDateTime;

use crate::{Access, StoreError, from_ms, to_ms};

/// The stored columns of a policy, as they come back from a query (all nullable, for joins).
#[derive(sqlx::FromRow, Default)]
pub(crate) struct PolicyColumns {
    pub enforced: Option<bool>,
    pub enforce_from: Option<i64>,
    pub require_all_enrolled: Option<bool>,
    pub exempt_clients: Option<String>,
    pub allowed_methods: Option<String>,
    pub allow_remembered_devices: Option<bool>,
    pub remembered_device_days: Option<i64>,
    pub new_member_days: Option<i64>,
    pub allow_app_passwords: Option<bool>,
    pub auto_enforce: Option<bool>,
    pub enforced_since: Option<i64>,
}

impl PolicyColumns {
    /// The policy, or the default one when the organization has no row.
    pub(crate) fn into_policy(self) -> Result<MfaPolicy, StoreError> {
        let (
            Some(enforced),
            Some(require_all_enrolled),
            Some(exempt),
            Some(allowed),
            Some(allow_remembered_devices),
            Some(days),
            Some(new_member_days),
            Some(allow_app_passwords),
            Some(auto_enforce),
        ) = (
            self.enforced,
            self.require_all_enrolled,
            self.exempt_clients,
            self.allowed_methods,
            self.allow_remembered_devices,
            self.remembered_device_days,
            self.new_member_days,
            self.allow_app_passwords,
            self.auto_enforce,
        )
        else {
            return Ok(MfaPolicy::default());
        };
        Ok(MfaPolicy {
            enforced,
            enforce_from: self.enforce_from.map(from_ms).transpose()?,
            require_all_enrolled,
            exempt_clients: exempt
                .split(',')
                .filter(|c| !c.is_empty())
                .map(ClientKind::parse)
                .collect::<Result<_, _>>()?,
            allowed_methods: kinds_from_text(&allowed)?,
            allow_remembered_devices,
            remembered_device_days: u32::try_from(days).unwrap_or(30),
            new_member_days: u32::try_from(new_member_days).unwrap_or(0),
            allow_app_passwords,
            auto_enforce,
            enforced_since: self.enforced_since.map(from_ms).transpose()?,
        })
    }
}

/// The organization's policy (the default one if it never set one).
///
/// # Errors
/// On database failure.
pub async fn get(a: &mut impl Access, org: &OrgId) -> Result<MfaPolicy, StoreError> {
    let row = fetch!(
        a.conn(),
        fetch_optional,
        PolicyColumns,
        concat!(
            "SELECT ",
            policy_columns!(),
            " FROM org_mfa_policy p WHERE p.org_id = $1"
        ),
        org.as_str(),
    );
    row.unwrap_or_default().into_policy()
}

/// Stores the organization's policy: one row, whatever the organization's size. `announce`
/// leaves the announcement of enforcement to members for the background job
/// ([`take_announcement`]); `by` is `None` when twofold changed it itself (auto-enforcement).
///
/// # Errors
/// On database failure.
pub async fn put(
    a: &mut impl Access,
    org: &OrgId,
    p: &MfaPolicy,
    announce: bool,
    by: Option<&UserId>,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    let exempt = p
        .exempt_clients
        .iter()
        .map(|c| c.as_str())
        .collect::<Vec<_>>()
        .join(",");
    execute!(
        a.conn(),
        "INSERT INTO org_mfa_policy (org_id, enforced, enforce_from, require_all_enrolled,
                exempt_clients, allowed_methods, allow_remembered_devices, remembered_device_days,
                new_member_days, allow_app_passwords, auto_enforce, enforced_since,
                announce_pending, updated_at, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
         ON CONFLICT (org_id) DO UPDATE SET
           enforced = excluded.enforced, enforce_from = excluded.enforce_from,
           require_all_enrolled = excluded.require_all_enrolled,
           exempt_clients = excluded.exempt_clients, allowed_methods = excluded.allowed_methods,
           allow_remembered_devices = excluded.allow_remembered_devices,
           remembered_device_days = excluded.remembered_device_days,
           new_member_days = excluded.new_member_days,
           allow_app_passwords = excluded.allow_app_passwords,
           auto_enforce = excluded.auto_enforce, enforced_since = excluded.enforced_since,
           announce_pending = excluded.announce_pending
                              OR (org_mfa_policy.announce_pending AND excluded.enforced),
           updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        org.as_str(),
        p.enforced,
        p.enforce_from.map(to_ms),
        p.require_all_enrolled,
        exempt,
        kinds_to_text(&p.allowed_methods),
        p.allow_remembered_devices,
        i64::from(p.remembered_device_days),
        i64::from(p.new_member_days),
        p.allow_app_passwords,
        p.auto_enforce,
        p.enforced_since.map(to_ms),
        announce,
        to_ms(now),
        by.map(UserId::as_str),
    );
    Ok(())
}

/// Locks the organization's policy row until the transaction ends (PostgreSQL; SQLite
/// transactions here already hold the write lock). Taken after the tallies a change updated,
/// so that two members completing an organization one after the other cannot both miss it.
///
/// # Errors
/// On database failure.
pub async fn lock(a: &mut impl Access, org: &OrgId) -> Result<(), StoreError> {
    if let crate::Conn::Postgres(c) = a.conn() {
        sqlx::query("SELECT org_id FROM org_mfa_policy WHERE org_id = $1 FOR UPDATE")
            .bind(org.as_str())
            .fetch_optional(c)
            .await?;
    }
    Ok(())
}

/// A member who lacks an allowed method.
#[derive(Debug, Clone)]
pub struct NonCompliant {
    pub user_id: UserId,
    pub email: domain::Email,
    pub external: bool,
}

#[derive(sqlx::FromRow)]
struct NonCompliantRow {
    account_id: String,
    email: String,
    external: bool,
}

/// How many members have none of the methods in `allowed` (a [`kinds_to_mask`] mask), from
/// the organization's tally.
///
/// [`kinds_to_mask`]: domain::method::kinds_to_mask
///
/// # Errors
/// On database failure.
pub async fn count_non_compliant(
    a: &mut impl Access,
    org: &OrgId,
    allowed: i64,
) -> Result<u64, StoreError> {
    let n: i64 = crate::orgs::tally(a, org)
        .await?
        .into_iter()
        .filter(|(kinds, _)| kinds & allowed == 0)
        .map(|(_, n)| n)
        .sum();
    Ok(u64::try_from(n).unwrap_or(0))
}

/// The members with none of the methods in `allowed`, by email, at most `limit`.
///
/// # Errors
/// On database failure.
pub async fn non_compliant(
    a: &mut impl Access,
    org: &OrgId,
    allowed: i64,
    limit: i64,
) -> Result<Vec<NonCompliant>, StoreError> {
    let rows = fetch!(
        a.conn(),
        fetch_all,
        NonCompliantRow,
        "SELECT account_id, email, external FROM membership
         WHERE org_id = $1 AND (mfa_kinds & $2) = 0
         ORDER BY email, account_id LIMIT $3",
        org.as_str(),
        allowed,
        limit,
    );
    Ok(rows
        .into_iter()
        .map(|r| NonCompliant {
            user_id: UserId::from_trusted(r.account_id),
            email: domain::Email::from_trusted(r.email),
            external: r.external,
        })
        .collect())
}

/// The emails of the members with one of `roles`, by email.
///
/// # Errors
/// On database failure.
pub async fn emails_of_roles(
    a: &mut impl Access,
    org: &OrgId,
    roles: &[domain::Role],
) -> Result<Vec<domain::Email>, StoreError> {
    let mut out = Vec::new();
    for role in roles {
        let rows = fetch!(
            a.conn(),
            fetch_all,
            (String,),
            "SELECT email FROM membership WHERE org_id = $1 AND role = $2 ORDER BY email",
            org.as_str(),
            role.as_str(),
        );
        out.extend(rows.into_iter().map(|(e,)| domain::Email::from_trusted(e)));
    }
    Ok(out)
}

/// An email to queue for many members at once; `{id}` is made per member.
#[derive(Debug, Clone, Copy)]
pub struct BulkEmail<'a> {
    /// Prefix of the outbox ids (each is `{prefix}:{org}:{account}:{now}`).
    pub id_prefix: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
}

/// Which members a reminder goes to: those without an allowed method who were not reminded
/// since `not_since`, all of them or one.
#[derive(Debug, Clone, Copy)]
pub struct ReminderTarget<'a> {
    pub allowed: i64,
    pub not_since: OffsetDateTime,
    pub only: Option<&'a UserId>,
}

/// Queues `email` to each member `target` selects and records the reminder on the membership,
/// in two statements whatever the number (an `INSERT … SELECT` into the outbox, then the
/// matching `UPDATE`); call inside a transaction that has locked the organization, so that two
/// nodes cannot both send. Returns how many were queued.
///
/// # Errors
/// On database failure.
pub async fn queue_reminders(
    a: &mut impl Access,
    org: &OrgId,
    target: &ReminderTarget<'_>,
    email: &BulkEmail<'_>,
    now: OffsetDateTime,
) -> Result<u64, StoreError> {
    let now_ms = to_ms(now);
    let not_since = to_ms(target.not_since);
    let queued = match target.only {
        None => execute!(
            a.conn(),
            "INSERT INTO outbox (id, kind, recipient, subject, body, created_at, next_attempt_at)
             SELECT $5 || ':' || m.org_id || ':' || m.account_id || ':' || $8, 'email', m.email,
                    $6, $7, $4, $4
             FROM membership m
             WHERE m.org_id = $1 AND (m.mfa_kinds & $2) = 0
               AND (m.reminded_at IS NULL OR m.reminded_at <= $3)
             ON CONFLICT (id) DO NOTHING",
            org.as_str(),
            target.allowed,
            not_since,
            now_ms,
            email.id_prefix,
            email.subject,
            email.body,
            now_ms.to_string(),
        ),
        Some(user) => execute!(
            a.conn(),
            "INSERT INTO outbox (id, kind, recipient, subject, body, created_at, next_attempt_at)
             SELECT $5 || ':' || m.org_id || ':' || m.account_id || ':' || $8, 'email', m.email,
                    $6, $7, $4, $4
             FROM membership m
             WHERE m.org_id = $1 AND m.account_id = $9 AND (m.mfa_kinds & $2) = 0
               AND (m.reminded_at IS NULL OR m.reminded_at <= $3)
             ON CONFLICT (id) DO NOTHING",
            org.as_str(),
            target.allowed,
            not_since,
            now_ms,
            email.id_prefix,
            email.subject,
            email.body,
            now_ms.to_string(),
            user.as_str(),
        ),
    };
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

/// Queues `email` to every member without an allowed method, with no de-duplication: the
/// announcement that enforcement begins. Returns how many were queued.
///
/// # Errors
/// On database failure.
pub async fn queue_to_non_compliant(
    a: &mut impl Access,
    org: &OrgId,
    allowed: i64,
    email: &BulkEmail<'_>,
    now: OffsetDateTime,
) -> Result<u64, StoreError> {
    let now_ms = to_ms(now);
    Ok(execute!(
        a.conn(),
        "INSERT INTO outbox (id, kind, recipient, subject, body, created_at, next_attempt_at)
         SELECT $3 || ':' || m.org_id || ':' || m.account_id || ':' || $6, 'email', m.email,
                $4, $5, $7, $7
         FROM membership m
         WHERE m.org_id = $1 AND (m.mfa_kinds & $2) = 0
         ON CONFLICT (id) DO NOTHING",
        org.as_str(),
        allowed,
        email.id_prefix,
        email.subject,
        email.body,
        now_ms.to_string(),
        now_ms,
    ))
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
    /// The scheduled reminders already sent (bits) and for which deadline.
    pub reminded: i64,
    pub reminded_for: Option<OffsetDateTime>,
}

#[derive(sqlx::FromRow)]
struct OwnDeadlineRow {
    account_id: String,
    email: String,
    created_at: i64,
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
        "SELECT account_id, email, created_at, mfa_deadline, mfa_deadline_set_at,
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

/// Queues a scheduled reminder (`stage`, a bit) for `deadline` to the members `group` selects
/// that have not had it for this deadline, and records it — the conditional `UPDATE` is what
/// makes it once only, with the organization locked by the caller. Without `email`, only
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
    email: Option<&BulkEmail<'_>>,
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
    let queued = match email {
        Some(email) => execute!(
            a.conn(),
            concat!(
                "INSERT INTO outbox (id, kind, recipient, subject, body, created_at,
                                     next_attempt_at)
                 SELECT $8 || ':' || m.org_id || ':' || m.account_id || ':' || $11, 'email',
                        m.email, $9, $10, $12, $12
                 FROM membership m WHERE ",
                concerned!(),
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
        ),
        None => 0,
    };
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
    Ok(if email.is_some() { queued } else { marked })
}
