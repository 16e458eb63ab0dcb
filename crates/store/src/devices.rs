//! Remembered devices: browsers allowed to skip the second step for a while, found by the hash
//! of their cookie's secret.

use domain::{DeviceId, TokenHash, UserId};
use time::OffsetDateTime;

use crate::{Access, StoreError, from_ms, to_ms};

#[derive(Debug, Clone)]
pub struct Device {
    pub id: DeviceId,
    pub account_id: UserId,
    pub label: String,
    pub ip: Option<String>,
    pub created_at: OffsetDateTime,
    pub last_used_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    account_id: String,
    label: String,
    ip: Option<String>,
    created_at: i64,
    last_used_at: i64,
    expires_at: i64,
}

impl TryFrom<Row> for Device {
    type Error = StoreError;
    fn try_from(r: Row) -> Result<Self, StoreError> {
        Ok(Self {
            id: DeviceId::from_trusted(r.id),
            account_id: UserId::from_trusted(r.account_id),
            label: r.label,
            ip: r.ip,
            created_at: from_ms(r.created_at)?,
            last_used_at: from_ms(r.last_used_at)?,
            expires_at: from_ms(r.expires_at)?,
        })
    }
}

macro_rules! device_columns {
    () => {
        "id, account_id, label, ip, created_at, last_used_at, expires_at"
    };
}

pub struct NewDevice<'a> {
    pub id: &'a DeviceId,
    pub account_id: &'a UserId,
    pub token_hash: &'a TokenHash,
    pub label: &'a str,
    pub ip: Option<&'a str>,
    pub expires_at: OffsetDateTime,
}

/// # Errors
/// On database failure.
pub async fn insert(
    a: &mut impl Access,
    d: &NewDevice<'_>,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    execute!(
        a.conn(),
        "INSERT INTO remembered_device (id, account_id, token_hash, label, ip, created_at,
                                        last_used_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6, $7)",
        d.id.as_str(),
        d.account_id.as_str(),
        d.token_hash.as_str(),
        d.label,
        d.ip,
        to_ms(now),
        to_ms(d.expires_at),
    );
    Ok(())
}

/// The unexpired device of this account holding this token hash, marked as used now.
///
/// # Errors
/// On database failure.
pub async fn use_device(
    a: &mut impl Access,
    account: &UserId,
    token_hash: &TokenHash,
    now: OffsetDateTime,
) -> Result<Option<Device>, StoreError> {
    let row = fetch!(
        a.conn(),
        fetch_optional,
        Row,
        concat!(
            "UPDATE remembered_device SET last_used_at = $3
             WHERE token_hash = $1 AND account_id = $2 AND expires_at > $3
             RETURNING ",
            device_columns!(),
            ""
        ),
        token_hash.as_str(),
        account.as_str(),
        to_ms(now),
    );
    row.map(Device::try_from).transpose()
}

/// The account's unexpired devices, newest first.
///
/// # Errors
/// On database failure.
pub async fn list(
    a: &mut impl Access,
    account: &UserId,
    now: OffsetDateTime,
) -> Result<Vec<Device>, StoreError> {
    let rows = fetch!(
        a.conn(),
        fetch_all,
        Row,
        concat!(
            "SELECT ",
            device_columns!(),
            " FROM remembered_device WHERE account_id = $1 AND expires_at > $2
             ORDER BY created_at DESC, id DESC"
        ),
        account.as_str(),
        to_ms(now),
    );
    rows.into_iter().map(Device::try_from).collect()
}

/// # Errors
/// On database failure.
pub async fn delete(
    a: &mut impl Access,
    account: &UserId,
    id: &DeviceId,
) -> Result<bool, StoreError> {
    let n = execute!(
        a.conn(),
        "DELETE FROM remembered_device WHERE id = $1 AND account_id = $2",
        id.as_str(),
        account.as_str(),
    );
    Ok(n > 0)
}

/// Forgets every device of the account; returns how many.
///
/// # Errors
/// On database failure.
pub async fn delete_all(a: &mut impl Access, account: &UserId) -> Result<u64, StoreError> {
    Ok(execute!(
        a.conn(),
        "DELETE FROM remembered_device WHERE account_id = $1",
        account.as_str(),
    ))
}
