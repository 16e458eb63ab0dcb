//! Which organization manages an account: at most one (the table's primary key), and only while
//! the account is its member (the reference to the membership ends it with the membership).

use domain::{OrgId, UserId};
use time::OffsetDateTime;

use crate::{Access, StoreError, to_ms};

/// The organization that manages an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manager {
    pub org_id: OrgId,
    pub name: String,
}

/// Makes `org` the manager of `account`, which must be its member.
///
/// # Errors
/// `Conflict` on `account_manager_pkey` when another organization already manages it.
pub async fn grant(
    a: &mut impl Access,
    account: &UserId,
    org: &OrgId,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    execute!(
        a.conn(),
        "INSERT INTO account_manager (account_id, org_id, created_at) VALUES ($1, $2, $3)",
        account.as_str(),
        org.as_str(),
        to_ms(now),
    );
    Ok(())
}

/// The organization managing `account`, if any.
///
/// # Errors
/// On database failure.
pub async fn of_account(
    a: &mut impl Access,
    account: &UserId,
) -> Result<Option<Manager>, StoreError> {
    let row = fetch!(
        a.conn(),
        fetch_optional,
        (String, String),
        "SELECT o.id, o.name FROM account_manager m JOIN org o ON o.id = m.org_id
         WHERE m.account_id = $1",
        account.as_str(),
    );
    Ok(row.map(|(id, name)| Manager {
        org_id: OrgId::from_trusted(id),
        name,
    }))
}
