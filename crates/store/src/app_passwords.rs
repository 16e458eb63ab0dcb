//! Application passwords, stored as keyed hashes.

use domain::{AppPasswordId, UserId};
use time::OffsetDateTime;

use crate::{Access, StoreError, from_ms, to_ms};

#[derive(Debug, Clone)]
pub struct AppPasswordRecord {
    pub id: AppPasswordId,
    pub label: String,
    pub created_at: OffsetDateTime,
    pub last_used_at: Option<OffsetDateTime>,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    label: String,
    created_at: i64,
    last_used_at: Option<i64>,
}

impl TryFrom<Row> for AppPasswordRecord {
    type Error = StoreError;
    fn try_from(r: Row) -> Result<Self, StoreError> {
        Ok(Self {
            id: AppPasswordId::from_trusted(r.id),
            label: r.label,
            created_at: from_ms(r.created_at)?,
            last_used_at: r.last_used_at.map(from_ms).transpose()?,
        })
    }
}

/// # Errors
/// On database failure.
pub async fn insert(
    a: &mut impl Access,
    id: &AppPasswordId,
    account: &UserId,
    label: &str,
    hash: &str,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    execute!(
        a.conn(),
        "INSERT INTO app_password (id, account_id, label, password_hash, created_at)
         VALUES ($1, $2, $3, $4, $5)",
        id.as_str(),
        account.as_str(),
        label,
        hash,
        to_ms(now),
    );
    Ok(())
}

/// # Errors
/// On database failure.
pub async fn list(
    a: &mut impl Access,
    account: &UserId,
) -> Result<Vec<AppPasswordRecord>, StoreError> {
    let rows = fetch!(
        a.conn(),
        fetch_all,
        Row,
        "SELECT id, label, created_at, last_used_at FROM app_password
         WHERE account_id = $1 ORDER BY created_at, id",
        account.as_str(),
    );
    rows.into_iter().map(AppPasswordRecord::try_from).collect()
}

/// Marks the account's app password with this hash as used now, answering when it was created
/// (what an organization's exemption looks at); `None` when there is none.
///
/// # Errors
/// On database failure.
pub async fn use_password(
    a: &mut impl Access,
    account: &UserId,
    hash: &str,
    now: OffsetDateTime,
) -> Result<Option<OffsetDateTime>, StoreError> {
    let created: Option<i64> = fetch!(
        a.conn(),
        fetch_optional,
        (i64,),
        "UPDATE app_password SET last_used_at = $3 WHERE account_id = $1 AND password_hash = $2
         RETURNING created_at",
        account.as_str(),
        hash,
        to_ms(now),
    )
    .map(|(c,)| c);
    created.map(from_ms).transpose()
}

/// # Errors
/// On database failure.
pub async fn delete(
    a: &mut impl Access,
    account: &UserId,
    id: &AppPasswordId,
) -> Result<bool, StoreError> {
    let n = execute!(
        a.conn(),
        "DELETE FROM app_password WHERE id = $1 AND account_id = $2",
        id.as_str(),
        account.as_str(),
    );
    Ok(n > 0)
}

/// Revokes every app password of the account; returns how many there were.
///
/// # Errors
/// On database failure.
pub async fn delete_all(a: &mut impl Access, account: &UserId) -> Result<u64, StoreError> {
    Ok(execute!(
        a.conn(),
        "DELETE FROM app_password WHERE account_id = $1",
        account.as_str(),
    ))
}
