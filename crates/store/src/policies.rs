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
        ) = (
            self.enforced,
            self.require_all_enrolled,
            self.exempt_clients,
            self.allowed_methods,
            self.allow_remembered_devices,
            self.remembered_device_days,
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
        "SELECT enforced, enforce_from, require_all_enrolled, exempt_clients, allowed_methods,
                allow_remembered_devices, remembered_device_days
         FROM org_mfa_policy WHERE org_id = $1",
        org.as_str(),
    );
    row.unwrap_or_default().into_policy()
}

/// Stores the organization's policy: one row, whatever the organization's size.
///
/// # Errors
/// On database failure.
pub async fn put(
    a: &mut impl Access,
    org: &OrgId,
    p: &MfaPolicy,
    by: &UserId,
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
                updated_at, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (org_id) DO UPDATE SET
           enforced = excluded.enforced, enforce_from = excluded.enforce_from,
           require_all_enrolled = excluded.require_all_enrolled,
           exempt_clients = excluded.exempt_clients, allowed_methods = excluded.allowed_methods,
           allow_remembered_devices = excluded.allow_remembered_devices,
           remembered_device_days = excluded.remembered_device_days,
           updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        org.as_str(),
        p.enforced,
        p.enforce_from.map(to_ms),
        p.require_all_enrolled,
        exempt,
        kinds_to_text(&p.allowed_methods),
        p.allow_remembered_devices,
        i64::from(p.remembered_device_days),
        to_ms(now),
        by.as_str(),
    );
    Ok(())
}

/// A member as the policy sees them.
#[derive(Debug, Clone)]
pub struct MemberMethods {
    pub user_id: UserId,
    pub email: domain::Email,
    pub external: bool,
    pub role: domain::Role,
    pub methods: Vec<domain::MethodKind>,
}

#[derive(sqlx::FromRow)]
struct MemberMethodsRow {
    account_id: String,
    email: String,
    external: bool,
    role: String,
    mfa_methods: String,
}

/// Every member with the kinds of their verified methods, by email.
///
/// # Errors
/// On database failure.
pub async fn members_with_methods(
    a: &mut impl Access,
    org: &OrgId,
) -> Result<Vec<MemberMethods>, StoreError> {
    let rows = fetch!(
        a.conn(),
        fetch_all,
        MemberMethodsRow,
        "SELECT m.account_id, a.email, m.external, m.role, a.mfa_methods
         FROM membership m JOIN account a ON a.id = m.account_id
         WHERE m.org_id = $1 ORDER BY a.email",
        org.as_str(),
    );
    rows.into_iter()
        .map(|r| {
            Ok(MemberMethods {
                user_id: UserId::from_trusted(r.account_id),
                email: domain::Email::from_trusted(r.email),
                external: r.external,
                role: domain::Role::parse(&r.role)?,
                methods: kinds_from_text(&r.mfa_methods)?,
            })
        })
        .collect()
}
