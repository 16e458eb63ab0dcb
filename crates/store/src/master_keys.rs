//! What a master-key rotation keeps in the database: the rotation under way (the new key sealed
//! under the old), the keys carried over rotations, and the sealed values a rotation re-seals,
//! read page by page and written back only where no one changed them meanwhile.

use time::OffsetDateTime;

use crate::{Access, StoreError, from_ms, to_ms};

/// A rotation under way: sealed values move from `from_key` to `to_key` (key ids).
#[derive(Debug, Clone)]
pub struct Rotation {
    pub from_key: String,
    pub to_key: String,
    /// The new key, sealed under the old one.
    pub sealed_to: Vec<u8>,
    pub started_at: OffsetDateTime,
}

#[derive(sqlx::FromRow)]
struct RotationRow {
    from_key: String,
    to_key: String,
    sealed_to: Vec<u8>,
    started_at: i64,
}

/// The rotation under way, if any.
///
/// # Errors
/// On database failure.
pub async fn rotation(a: &mut impl Access) -> Result<Option<Rotation>, StoreError> {
    let row = fetch!(
        a.conn(),
        fetch_optional,
        RotationRow,
        "SELECT from_key, to_key, sealed_to, started_at FROM master_key_rotation WHERE id = 1",
    );
    row.map(|r| {
        Ok(Rotation {
            from_key: r.from_key,
            to_key: r.to_key,
            sealed_to: r.sealed_to,
            started_at: from_ms(r.started_at)?,
        })
    })
    .transpose()
}

/// Records a rotation; `false` when one is already under way.
///
/// # Errors
/// On database failure.
pub async fn start_rotation(a: &mut impl Access, r: &Rotation) -> Result<bool, StoreError> {
    Ok(execute!(
        a.conn(),
        "INSERT INTO master_key_rotation (id, from_key, to_key, sealed_to, started_at)
         VALUES (1, $1, $2, $3, $4) ON CONFLICT (id) DO NOTHING",
        &r.from_key,
        &r.to_key,
        &r.sealed_to,
        to_ms(r.started_at),
    ) == 1)
}

/// Forgets the rotation to `to_key`, once done.
///
/// # Errors
/// On database failure.
pub async fn end_rotation(a: &mut impl Access, to_key: &str) -> Result<(), StoreError> {
    execute!(
        a.conn(),
        "DELETE FROM master_key_rotation WHERE id = 1 AND to_key = $1",
        to_key,
    );
    Ok(())
}

/// A key carried over rotations, sealed under the master key.
///
/// # Errors
/// On database failure.
pub async fn carried(a: &mut impl Access, purpose: &str) -> Result<Option<Vec<u8>>, StoreError> {
    Ok(fetch!(
        a.conn(),
        fetch_optional,
        (Vec<u8>,),
        "SELECT sealed FROM carried_key WHERE purpose = $1",
        purpose,
    )
    .map(|(s,)| s))
}

/// Stores a carried key unless one is there already; `false` when it was.
///
/// # Errors
/// On database failure.
pub async fn carry(a: &mut impl Access, purpose: &str, sealed: &[u8]) -> Result<bool, StoreError> {
    Ok(execute!(
        a.conn(),
        "INSERT INTO carried_key (purpose, sealed) VALUES ($1, $2)
         ON CONFLICT (purpose) DO NOTHING",
        purpose,
        sealed,
    ) == 1)
}

/// Where sealed values live.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sealed {
    /// `mfa_method.secret`: authenticator secrets, security keys, phone numbers, devices' keys.
    Methods,
    /// `signing_key.sealed_private`: the OpenID Connect provider's private keys.
    SigningKeys,
    /// `carried_key.sealed`.
    CarriedKeys,
}

impl Sealed {
    pub const ALL: [Self; 3] = [Self::Methods, Self::SigningKeys, Self::CarriedKeys];

    pub fn name(self) -> &'static str {
        match self {
            Self::Methods => "second factors",
            Self::SigningKeys => "signing keys",
            Self::CarriedKeys => "carried keys",
        }
    }
}

/// One sealed value: its row's key, the account it belongs to (for second factors) and the
/// value.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SealedValue {
    pub id: String,
    pub account_id: String,
    pub sealed: Vec<u8>,
}

/// Up to `limit` sealed values of `kind` whose row key sorts after `after`, in that order.
///
/// # Errors
/// On database failure.
pub async fn page(
    a: &mut impl Access,
    kind: Sealed,
    after: &str,
    limit: i64,
) -> Result<Vec<SealedValue>, StoreError> {
    let sql = match kind {
        Sealed::Methods => {
            "SELECT id, account_id, secret AS sealed FROM mfa_method
             WHERE secret IS NOT NULL AND id > $1 ORDER BY id LIMIT $2"
        }
        Sealed::SigningKeys => {
            "SELECT id, '' AS account_id, sealed_private AS sealed FROM signing_key
             WHERE id > $1 ORDER BY id LIMIT $2"
        }
        Sealed::CarriedKeys => {
            "SELECT purpose AS id, '' AS account_id, sealed FROM carried_key
             WHERE purpose > $1 ORDER BY purpose LIMIT $2"
        }
    };
    Ok(fetch!(a.conn(), fetch_all, SealedValue, sql, after, limit))
}

/// Replaces the sealed value of row `id` with `new` if it still holds `old`; `false` when a
/// request changed (or deleted) it meanwhile.
///
/// # Errors
/// On database failure.
pub async fn reseal(
    a: &mut impl Access,
    kind: Sealed,
    id: &str,
    old: &[u8],
    new: &[u8],
) -> Result<bool, StoreError> {
    let sql = match kind {
        Sealed::Methods => "UPDATE mfa_method SET secret = $3 WHERE id = $1 AND secret = $2",
        Sealed::SigningKeys => {
            "UPDATE signing_key SET sealed_private = $3 WHERE id = $1 AND sealed_private = $2"
        }
        Sealed::CarriedKeys => {
            "UPDATE carried_key SET sealed = $3 WHERE purpose = $1 AND sealed = $2"
        }
    };
    Ok(execute!(a.conn(), sql, id, old, new) == 1)
}
