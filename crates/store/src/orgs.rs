//! Organizations and their memberships.

use domain::page::{Cursor, Limit};
use domain::{Email, MembershipKind, MethodKind, OrgId, Role, UserId};
use time::OffsetDateTime;

use crate::{Access, StoreError, to_ms};

/// An organization.
#[derive(Debug, Clone)]
pub struct Org {
    pub id: OrgId,
    pub name: String,
}

#[derive(sqlx::FromRow)]
struct OrgRow {
    id: String,
    name: String,
}

/// One person's place in one organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Membership {
    pub role: Role,
    pub kind: MembershipKind,
}

#[derive(sqlx::FromRow)]
struct MembershipRow {
    role: String,
    external: bool,
}

impl TryFrom<MembershipRow> for Membership {
    type Error = StoreError;
    fn try_from(r: MembershipRow) -> Result<Self, StoreError> {
        Ok(Self {
            role: Role::parse(&r.role)?,
            kind: MembershipKind::from_external(r.external),
        })
    }
}

/// An organization seen from one of its members.
#[derive(Debug, Clone)]
pub struct OrgOfMember {
    pub org: Org,
    pub membership: Membership,
    /// The organization's two-factor policy (the default one if it never set one).
    pub policy: domain::MfaPolicy,
    /// The member's side of it: when they joined, a deadline of their own.
    pub terms: domain::mfa_policy::MemberTerms,
    /// This organization manages the member's account (see [`crate::managers`]).
    pub manages_account: bool,
}

#[derive(sqlx::FromRow)]
struct OrgOfMemberRow {
    id: String,
    name: String,
    role: String,
    external: bool,
    joined_at: i64,
    mfa_deadline: Option<i64>,
    mfa_deadline_set_at: Option<i64>,
    manages_account: bool,
    #[sqlx(flatten)]
    policy: crate::policies::PolicyColumns,
}

/// A row of the member list.
#[derive(Debug, Clone)]
pub struct Member {
    pub user_id: UserId,
    pub email: Email,
    pub name: String,
    pub membership: Membership,
    /// The kinds of the member's verified methods.
    pub methods: Vec<domain::MethodKind>,
    /// When they joined, and a deadline of their own.
    pub terms: domain::mfa_policy::MemberTerms,
    /// When a manager last reminded them to set up 2FA.
    pub reminded_at: Option<OffsetDateTime>,
}

#[derive(sqlx::FromRow)]
struct MemberRow {
    account_id: String,
    email: String,
    name: String,
    role: String,
    external: bool,
    mfa_kinds: i64,
    created_at: i64,
    mfa_deadline: Option<i64>,
    mfa_deadline_set_at: Option<i64>,
    reminded_at: Option<i64>,
}

impl TryFrom<MemberRow> for Member {
    type Error = StoreError;
    fn try_from(r: MemberRow) -> Result<Self, StoreError> {
        Ok(Self {
            user_id: UserId::from_trusted(r.account_id),
            email: Email::from_trusted(r.email),
            name: r.name,
            membership: Membership::try_from(MembershipRow {
                role: r.role,
                external: r.external,
            })?,
            methods: domain::method::kinds_from_mask(r.mfa_kinds),
            terms: terms(r.created_at, r.mfa_deadline, r.mfa_deadline_set_at)?,
            reminded_at: r.reminded_at.map(crate::from_ms).transpose()?,
        })
    }
}

/// Head counts of an organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub members: i64,
    /// Members with one of the allowed methods.
    pub mfa_enabled: i64,
    /// Members with a phishing-resistant factor (a security key or passkey), allowed or not.
    pub phishing_resistant: i64,
}

/// Filters of the member list.
#[derive(Debug, Clone, Default)]
pub struct MemberFilter {
    /// With (`true`) or without (`false`) one of the methods in `allowed`.
    pub mfa_enabled: Option<bool>,
    /// The allowed methods, a [`kinds_to_mask`](domain::method::kinds_to_mask) mask.
    pub allowed: i64,
    pub role: Option<Role>,
    /// Matched case-insensitively anywhere in the email or the name.
    pub query: Option<String>,
}

/// # Errors
/// On database failure.
pub async fn insert(
    a: &mut impl Access,
    id: &OrgId,
    name: &str,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    execute!(
        a.conn(),
        "INSERT INTO org (id, name, created_at, updated_at) VALUES ($1, $2, $3, $3)",
        id.as_str(),
        name,
        to_ms(now),
    );
    Ok(())
}

/// # Errors
/// On database failure.
pub async fn find(a: &mut impl Access, id: &OrgId) -> Result<Option<Org>, StoreError> {
    let row = fetch!(
        a.conn(),
        fetch_optional,
        OrgRow,
        "SELECT id, name FROM org WHERE id = $1",
        id.as_str(),
    );
    Ok(row.map(|r| Org {
        id: OrgId::from_trusted(r.id),
        name: r.name,
    }))
}

/// Adds a member.
///
/// # Errors
/// `Conflict` on `membership_pkey` when already a member.
pub async fn insert_membership(
    a: &mut impl Access,
    org: &OrgId,
    user: &UserId,
    m: Membership,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    // The member's email and methods are copied onto the membership (see the migration); the
    // account's row is locked so that a concurrent change of its methods cannot slip between.
    let sql = match a.conn() {
        crate::Conn::Sqlite(_) => "SELECT email, mfa_methods FROM account WHERE id = $1",
        crate::Conn::Postgres(_) => {
            "SELECT email, mfa_methods FROM account WHERE id = $1 FOR UPDATE"
        }
    };
    let (email, methods) = fetch!(a.conn(), fetch_one, (String, String), sql, user.as_str());
    let kinds = domain::method::kinds_to_mask(&domain::method::kinds_from_text(&methods)?);
    execute!(
        a.conn(),
        "INSERT INTO membership (org_id, account_id, role, external, created_at, updated_at,
                                 email, mfa_kinds)
         VALUES ($1, $2, $3, $4, $5, $5, $6, $7)",
        org.as_str(),
        user.as_str(),
        m.role.as_str(),
        m.kind.is_external(),
        to_ms(now),
        email,
        kinds,
    );
    tally_add(a, org, kinds, 1).await
}

/// Moves `delta` members in or out of the organization's head count for `kinds`.
pub(crate) async fn tally_add(
    a: &mut impl Access,
    org: &OrgId,
    kinds: i64,
    delta: i64,
) -> Result<(), StoreError> {
    execute!(
        a.conn(),
        "INSERT INTO org_mfa_tally (org_id, mfa_kinds, members) VALUES ($1, $2, $3)
         ON CONFLICT (org_id, mfa_kinds)
         DO UPDATE SET members = org_mfa_tally.members + excluded.members",
        org.as_str(),
        kinds,
        delta,
    );
    Ok(())
}

/// The organization's head counts by combination of methods, from the tally.
///
/// # Errors
/// On database failure.
pub async fn tally(a: &mut impl Access, org: &OrgId) -> Result<Vec<(i64, i64)>, StoreError> {
    Ok(fetch!(
        a.conn(),
        fetch_all,
        (i64, i64),
        "SELECT mfa_kinds, members FROM org_mfa_tally WHERE org_id = $1 AND members <> 0",
        org.as_str(),
    ))
}

/// Sets (or clears) an admin's deadline for one member.
///
/// # Errors
/// On database failure.
pub async fn set_member_deadline(
    a: &mut impl Access,
    org: &OrgId,
    user: &UserId,
    deadline: Option<OffsetDateTime>,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    let n = execute!(
        a.conn(),
        "UPDATE membership SET mfa_deadline = $3, mfa_deadline_set_at = $4, updated_at = $5
         WHERE org_id = $1 AND account_id = $2",
        org.as_str(),
        user.as_str(),
        deadline.map(to_ms),
        deadline.map(|_| to_ms(now)),
        to_ms(now),
    );
    Ok(n > 0)
}

/// Records a security alert to a member unless one went out after `not_since`: one conditional
/// update, so racing requests (on any node) send one. `Err` carries when the last one went.
///
/// # Errors
/// On database failure.
pub async fn claim_alert(
    a: &mut impl Access,
    org: &OrgId,
    user: &UserId,
    not_since: OffsetDateTime,
    now: OffsetDateTime,
) -> Result<Result<(), OffsetDateTime>, StoreError> {
    let n = execute!(
        a.conn(),
        "UPDATE membership SET alerted_at = $4
         WHERE org_id = $1 AND account_id = $2 AND (alerted_at IS NULL OR alerted_at <= $3)",
        org.as_str(),
        user.as_str(),
        to_ms(not_since),
        to_ms(now),
    );
    if n > 0 {
        return Ok(Ok(()));
    }
    let last = fetch!(
        a.conn(),
        fetch_optional,
        (Option<i64>,),
        "SELECT alerted_at FROM membership WHERE org_id = $1 AND account_id = $2",
        org.as_str(),
        user.as_str(),
    );
    Ok(Err(crate::from_ms(
        last.and_then(|(at,)| at).unwrap_or_else(|| to_ms(now)),
    )?))
}

/// One member's terms under the policy: when they joined and their own deadline.
///
/// # Errors
/// On database failure.
pub async fn member_terms(
    a: &mut impl Access,
    org: &OrgId,
    user: &UserId,
) -> Result<Option<domain::mfa_policy::MemberTerms>, StoreError> {
    let row = fetch!(
        a.conn(),
        fetch_optional,
        (i64, Option<i64>, Option<i64>),
        "SELECT created_at, mfa_deadline, mfa_deadline_set_at FROM membership
         WHERE org_id = $1 AND account_id = $2",
        org.as_str(),
        user.as_str(),
    );
    row.map(|(joined, d, at)| terms(joined, d, at)).transpose()
}

pub(crate) fn terms(
    joined_at: i64,
    deadline: Option<i64>,
    set_at: Option<i64>,
) -> Result<domain::mfa_policy::MemberTerms, StoreError> {
    Ok(domain::mfa_policy::MemberTerms {
        joined_at: crate::from_ms(joined_at)?,
        deadline: match (deadline, set_at) {
            (Some(d), Some(at)) => Some((crate::from_ms(d)?, crate::from_ms(at)?)),
            _ => None,
        },
    })
}

/// The membership of `user` in `org`, if any.
///
/// # Errors
/// On database failure.
pub async fn membership(
    a: &mut impl Access,
    org: &OrgId,
    user: &UserId,
) -> Result<Option<Membership>, StoreError> {
    let row = fetch!(
        a.conn(),
        fetch_optional,
        MembershipRow,
        "SELECT role, external FROM membership WHERE org_id = $1 AND account_id = $2",
        org.as_str(),
        user.as_str(),
    );
    row.map(Membership::try_from).transpose()
}

/// # Errors
/// On database failure.
pub async fn set_role(
    a: &mut impl Access,
    org: &OrgId,
    user: &UserId,
    role: Role,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    let n = execute!(
        a.conn(),
        "UPDATE membership SET role = $3, updated_at = $4 WHERE org_id = $1 AND account_id = $2",
        org.as_str(),
        user.as_str(),
        role.as_str(),
        to_ms(now),
    );
    Ok(n > 0)
}

/// # Errors
/// On database failure.
pub async fn delete_membership(
    a: &mut impl Access,
    org: &OrgId,
    user: &UserId,
) -> Result<bool, StoreError> {
    let kinds = fetch!(
        a.conn(),
        fetch_optional,
        (i64,),
        "DELETE FROM membership WHERE org_id = $1 AND account_id = $2 RETURNING mfa_kinds",
        org.as_str(),
        user.as_str(),
    );
    match kinds {
        Some((kinds,)) => {
            tally_add(a, org, kinds, -1).await?;
            Ok(true)
        }
        None => Ok(false),
    }
}

/// How many owners the organization has.
///
/// # Errors
/// On database failure.
pub async fn count_owners(a: &mut impl Access, org: &OrgId) -> Result<u64, StoreError> {
    let n = scalar!(
        a.conn(),
        i64,
        "SELECT COUNT(*) FROM membership WHERE org_id = $1 AND role = 'owner'",
        org.as_str(),
    );
    Ok(u64::try_from(n).unwrap_or(0))
}

/// Head counts, with `mfa_enabled` counting the members with a method in `allowed` (a
/// [`kinds_to_mask`](domain::method::kinds_to_mask) mask): a few rows of the tally, whatever
/// the organization's size.
///
/// # Errors
/// On database failure.
pub async fn counts(a: &mut impl Access, org: &OrgId, allowed: i64) -> Result<Counts, StoreError> {
    Ok(tally(a, org)
        .await?
        .into_iter()
        .fold(Counts::default(), |c, (kinds, n)| Counts {
            members: c.members + n,
            mfa_enabled: c.mfa_enabled + if kinds & allowed != 0 { n } else { 0 },
            phishing_resistant: c.phishing_resistant
                + if kinds & MethodKind::Webauthn.bit() != 0 {
                    n
                } else {
                    0
                },
        }))
}

/// The organizations `user` belongs to, by name.
///
/// # Errors
/// On database failure.
pub async fn of_account(
    a: &mut impl Access,
    user: &UserId,
) -> Result<Vec<OrgOfMember>, StoreError> {
    let rows = fetch!(
        a.conn(),
        fetch_all,
        OrgOfMemberRow,
        concat!(
            "SELECT o.id, o.name, m.role, m.external, m.created_at AS joined_at,
                    m.mfa_deadline, m.mfa_deadline_set_at,
                    (am.org_id IS NOT NULL) AS manages_account, ",
            policy_columns!(),
            " FROM membership m JOIN org o ON o.id = m.org_id
              LEFT JOIN org_mfa_policy p ON p.org_id = o.id
              LEFT JOIN account_manager am
                     ON am.account_id = m.account_id AND am.org_id = m.org_id
              WHERE m.account_id = $1 ORDER BY o.name, o.id"
        ),
        user.as_str(),
    );
    rows.into_iter()
        .map(|r| {
            Ok(OrgOfMember {
                membership: Membership::try_from(MembershipRow {
                    role: r.role,
                    external: r.external,
                })?,
                org: Org {
                    id: OrgId::from_trusted(r.id),
                    name: r.name,
                },
                policy: r.policy.into_policy()?,
                terms: terms(r.joined_at, r.mfa_deadline, r.mfa_deadline_set_at)?,
                manages_account: r.manages_account,
            })
        })
        .collect()
}

/// One page of members ordered by email, after `cursor`. Returns one row more than `limit`
/// when there is a next page, so the caller knows without a second count.
///
/// # Errors
/// On database failure.
pub async fn list_members(
    a: &mut impl Access,
    org: &OrgId,
    filter: &MemberFilter,
    cursor: Option<&Cursor>,
    limit: Limit,
) -> Result<Vec<Member>, StoreError> {
    let pattern = filter.query.as_ref().map(|q| {
        let escaped = q
            .to_lowercase()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        format!("%{escaped}%")
    });
    let rows = fetch!(
        a.conn(),
        fetch_all,
        MemberRow,
        "SELECT m.account_id, m.email, a.name, m.role, m.external, m.mfa_kinds, m.created_at,
                m.mfa_deadline, m.mfa_deadline_set_at, m.reminded_at
         FROM membership m JOIN account a ON a.id = m.account_id
         WHERE m.org_id = $1
           AND ($2 IS NULL OR ((m.mfa_kinds & $8) <> 0) = $2)
           AND ($3 IS NULL OR m.role = $3)
           AND ($4 IS NULL OR m.email LIKE $4 ESCAPE '\\' OR LOWER(a.name) LIKE $4 ESCAPE '\\')
           AND ($5 IS NULL OR m.email > $5 OR (m.email = $5 AND m.account_id > $6))
         ORDER BY m.email, m.account_id
         LIMIT $7",
        org.as_str(),
        filter.mfa_enabled,
        filter.role.map(Role::as_str),
        pattern,
        cursor.map(|c| c.key.as_str()),
        cursor.map(|c| c.id.as_str()),
        i64::from(limit.get()) + 1,
        filter.allowed,
    );
    rows.into_iter().map(Member::try_from).collect()
}

/// One row of the member list.
///
/// # Errors
/// On database failure.
pub async fn member(
    a: &mut impl Access,
    org: &OrgId,
    user: &UserId,
) -> Result<Option<Member>, StoreError> {
    let row = fetch!(
        a.conn(),
        fetch_optional,
        MemberRow,
        "SELECT m.account_id, m.email, a.name, m.role, m.external, m.mfa_kinds, m.created_at,
                m.mfa_deadline, m.mfa_deadline_set_at, m.reminded_at
         FROM membership m JOIN account a ON a.id = m.account_id
         WHERE m.org_id = $1 AND m.account_id = $2",
        org.as_str(),
        user.as_str(),
    );
    row.map(Member::try_from).transpose()
}

/// Locks the organization's row until the transaction ends, so that checks like "is this the
/// last owner?" cannot race. SQLite transactions here already hold the database's write lock
/// (`BEGIN IMMEDIATE`), so only PostgreSQL needs `FOR UPDATE`. Returns false when there is no
/// such organization.
///
/// # Errors
/// On database failure.
pub async fn lock(a: &mut impl Access, org: &OrgId) -> Result<bool, StoreError> {
    Ok(match a.conn() {
        crate::Conn::Sqlite(c) => sqlx::query("SELECT id FROM org WHERE id = $1")
            .bind(org.as_str())
            .fetch_optional(c)
            .await?
            .is_some(),
        crate::Conn::Postgres(c) => sqlx::query("SELECT id FROM org WHERE id = $1 FOR UPDATE")
            .bind(org.as_str())
            .fetch_optional(c)
            .await?
            .is_some(),
    })
}
