//! Organizations' two-factor policies: the policy itself, and who in an organization lacks an
//! allowed method. The reminders and announcements queued to those members are in `reminders`.

use domain::method::{kinds_from_text, kinds_to_text};
use domain::network::{DeviceNetworks, TrustedNetworks};
use domain::{ClientKind, MfaPolicy, OrgId, UserId};
use time::OffsetDateTime;

use crate::{Access, StoreError, from_ms, to_ms};

mod reminders;
pub use reminders::{
    BulkEmail, DeadlineGroup, Enforcing, OwnDeadline, ReminderTarget, announcement_pending,
    announcements_pending, enforcing, enforcing_with_deadlines, own_deadlines,
    queue_deadline_reminders, queue_reminders, queue_to_non_compliant, recently_reminded,
    take_announcement,
};

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
    pub remembered_device_networks: Option<String>,
    pub trusted_networks: Option<String>,
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
            remembered_device_networks: DeviceNetworks::parse(
                self.remembered_device_networks.as_deref().unwrap_or("any"),
                "remembered_device_networks",
            )?,
            trusted_networks: TrustedNetworks::parse_stored(
                self.trusted_networks.as_deref().unwrap_or(""),
            )?,
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
                announce_pending, updated_at, updated_by, remembered_device_networks,
                trusted_networks)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
         ON CONFLICT (org_id) DO UPDATE SET
           enforced = excluded.enforced, enforce_from = excluded.enforce_from,
           require_all_enrolled = excluded.require_all_enrolled,
           exempt_clients = excluded.exempt_clients, allowed_methods = excluded.allowed_methods,
           allow_remembered_devices = excluded.allow_remembered_devices,
           remembered_device_days = excluded.remembered_device_days,
           remembered_device_networks = excluded.remembered_device_networks,
           trusted_networks = excluded.trusted_networks,
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
        p.remembered_device_networks.as_str(),
        p.trusted_networks.to_stored(),
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

/// The methods and terms (joined, own deadline) of every member without a method in `allowed`:
/// what a policy change is weighed against (whom it stops at once).
///
/// # Errors
/// On database failure.
pub async fn lacking(
    a: &mut impl Access,
    org: &OrgId,
    allowed: i64,
) -> Result<Vec<(Vec<domain::MethodKind>, domain::mfa_policy::MemberTerms)>, StoreError> {
    let rows = fetch!(
        a.conn(),
        fetch_all,
        (i64, i64, Option<i64>, Option<i64>),
        "SELECT mfa_kinds, created_at, mfa_deadline, mfa_deadline_set_at FROM membership
         WHERE org_id = $1 AND (mfa_kinds & $2) = 0",
        org.as_str(),
        allowed,
    );
    rows.into_iter()
        .map(|(kinds, joined, d, at)| {
            Ok((
                domain::method::kinds_from_mask(kinds),
                crate::orgs::terms(joined, d, at)?,
            ))
        })
        .collect()
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
