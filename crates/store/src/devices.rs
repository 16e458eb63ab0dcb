//! Remembered devices: browsers allowed to skip the second step for a while, found by the hash
//! of their cookie's secret.

use domain::network::DeviceNetworks;
use domain::{DeviceId, TokenHash, UserId};
use time::OffsetDateTime;

use crate::{Access, StoreError, from_ms, to_ms};

#[derive(Debug, Clone)]
pub struct Device {
    pub id: DeviceId,
    pub account_id: UserId,
    pub label: String,
    /// The address it was remembered from: its network is this one's /24 or /64.
    pub ip: Option<String>,
    /// `Known` when its holder remembered it on that network only.
    pub networks: DeviceNetworks,
    /// The address it last skipped the second step from.
    pub last_ip: Option<String>,
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
    networks: String,
    last_ip: Option<String>,
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
            networks: DeviceNetworks::parse(&r.networks, "networks")?,
            last_ip: r.last_ip,
            created_at: from_ms(r.created_at)?,
            last_used_at: from_ms(r.last_used_at)?,
            expires_at: from_ms(r.expires_at)?,
        })
    }
}

macro_rules! device_columns {
    () => {
        "id, account_id, label, ip, networks, last_ip, created_at, last_used_at, expires_at"
    };
}

pub struct NewDevice<'a> {
    pub id: &'a DeviceId,
    pub account_id: &'a UserId,
    pub token_hash: &'a TokenHash,
    pub label: &'a str,
    pub ip: Option<&'a str>,
    pub networks: DeviceNetworks,
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
                                        last_used_at, expires_at, networks)
         VALUES ($1, $2, $3, $4, $5, $6, $6, $7, $8)",
        d.id.as_str(),
        d.account_id.as_str(),
        d.token_hash.as_str(),
        d.label,
        d.ip,
        to_ms(now),
        to_ms(d.expires_at),
        d.networks.as_str(),
    );
    Ok(())
}

/// The unexpired device of this account holding this token hash.
///
/// # Errors
/// On database failure.
pub async fn find(
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
            "SELECT ",
            device_columns!(),
            " FROM remembered_device
             WHERE token_hash = $1 AND account_id = $2 AND expires_at > $3"
        ),
        token_hash.as_str(),
        account.as_str(),
        to_ms(now),
    );
    row.map(Device::try_from).transpose()
}

/// Marks the device as having skipped the second step now, from `ip`.
///
/// # Errors
/// On database failure.
pub async fn mark_used(
    a: &mut impl Access,
    id: &DeviceId,
    ip: Option<&str>,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    execute!(
        a.conn(),
        "UPDATE remembered_device SET last_used_at = $2, last_ip = COALESCE($3, last_ip)
         WHERE id = $1",
        id.as_str(),
        to_ms(now),
        ip,
    );
    Ok(())
}

/// Records that the device was refused on `network`; whether that is news (it was never
/// refused there before), so that its holder is told once per network.
///
/// # Errors
/// On database failure.
pub async fn note_refused(
    a: &mut impl Access,
    id: &DeviceId,
    network: &str,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    let n = execute!(
        a.conn(),
        "INSERT INTO remembered_device_refusal (device_id, network, at) VALUES ($1, $2, $3)
         ON CONFLICT (device_id, network) DO NOTHING",
        id.as_str(),
        network,
        to_ms(now),
    );
    Ok(n > 0)
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
