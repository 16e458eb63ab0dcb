//! Organizations and their memberships.

use domain::page::{Cursor, Limit};
use domain::{Email, MembershipKind, OrgId, Role, UserId};
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
}

#[derive(sqlx::FromRow)]
struct OrgOfMemberRow {
    id: String,
    name: String,
    role: String,
    external: bool,
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
    pub mfa_enabled: bool,
}

#[derive(sqlx::FromRow)]
struct MemberRow {
    account_id: String,
    email: String,
    name: String,
    role: String,
    external: bool,
    mfa_enabled: bool,
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
            mfa_enabled: r.mfa_enabled,
        })
    }
}

/// Head counts of an organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, sqlx::FromRow)]
pub struct Counts {
    pub members: i64,
    pub mfa_enabled: i64,
}

/// Filters of the member list.
#[derive(Debug, Clone, Default)]
pub struct MemberFilter {
    pub mfa_enabled: Option<bool>,
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
    execute!(
        a.conn(),
        "INSERT INTO membership (org_id, account_id, role, external, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $5)",
        org.as_str(),
        user.as_str(),
        m.role.as_str(),
        m.kind.is_external(),
        to_ms(now),
    );
    Ok(())
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
    let n = execute!(
        a.conn(),
        "DELETE FROM membership WHERE org_id = $1 AND account_id = $2",
        org.as_str(),
        user.as_str(),
    );
    Ok(n > 0)
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

/// # Errors
/// On database failure.
pub async fn counts(a: &mut impl Access, org: &OrgId) -> Result<Counts, StoreError> {
    Ok(fetch!(
        a.conn(),
        fetch_one,
        Counts,
        "SELECT COUNT(*) AS members,
                COUNT(CASE WHEN a.mfa_enabled THEN 1 END) AS mfa_enabled
         FROM membership m JOIN account a ON a.id = m.account_id
         WHERE m.org_id = $1",
        org.as_str(),
    ))
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
        "SELECT o.id, o.name, m.role, m.external, p.enforced, p.enforce_from,
                p.require_all_enrolled, p.exempt_clients, p.allowed_methods,
                p.allow_remembered_devices, p.remembered_device_days
         FROM membership m JOIN org o ON o.id = m.org_id
         LEFT JOIN org_mfa_policy p ON p.org_id = o.id
         WHERE m.account_id = $1 ORDER BY o.name, o.id",
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
        "SELECT m.account_id, a.email, a.name, m.role, m.external, a.mfa_enabled
         FROM membership m JOIN account a ON a.id = m.account_id
         WHERE m.org_id = $1
           AND ($2 IS NULL OR a.mfa_enabled = $2)
           AND ($3 IS NULL OR m.role = $3)
           AND ($4 IS NULL OR a.email LIKE $4 ESCAPE '\\' OR LOWER(a.name) LIKE $4 ESCAPE '\\')
           AND ($5 IS NULL OR a.email > $5 OR (a.email = $5 AND m.account_id > $6))
         ORDER BY a.email, m.account_id
         LIMIT $7",
        org.as_str(),
        filter.mfa_enabled,
        filter.role.map(Role::as_str),
        pattern,
        cursor.map(|c| c.key.as_str()),
        cursor.map(|c| c.id.as_str()),
        i64::from(limit.get()) + 1,
    );
    rows.into_iter().map(Member::try_from).collect()
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
