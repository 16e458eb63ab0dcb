//! Second-factor methods and recovery codes. Secrets arrive sealed and codes hashed: this module
//! never sees a usable secret.

use domain::{MethodId, MethodKind, UserId};
use time::OffsetDateTime;

use crate::{Access, StoreError, from_ms, to_ms};

/// A method as stored.
#[derive(Debug, Clone)]
pub struct Method {
    pub id: MethodId,
    pub account_id: UserId,
    pub kind: MethodKind,
    pub label: String,
    /// The sealed secret (TOTP).
    pub secret: Option<Vec<u8>>,
    pub confirmed: bool,
    pub pending_expires_at: Option<OffsetDateTime>,
    /// The holder pinned this one as their default.
    pub pinned: bool,
    pub last_step: Option<u64>,
    pub created_at: OffsetDateTime,
    pub last_used_at: Option<OffsetDateTime>,
    /// WebAuthn only: what the credential is (see [`WebauthnFlags`]).
    pub webauthn: WebauthnFlags,
}

/// What a WebAuthn credential is: a passkey (discoverable, user verification required: it may
/// sign in alone), and the backup flags its authenticator last reported.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WebauthnFlags {
    pub passkey: bool,
    pub backup_eligible: bool,
    pub backed_up: bool,
}

#[derive(sqlx::FromRow)]
struct MethodRow {
    id: String,
    account_id: String,
    kind: String,
    label: String,
    secret: Option<Vec<u8>>,
    confirmed_at: Option<i64>,
    pending_expires_at: Option<i64>,
    is_default: bool,
    last_step: Option<i64>,
    created_at: i64,
    last_used_at: Option<i64>,
    passkey: bool,
    backup_eligible: bool,
    backed_up: bool,
}

impl TryFrom<MethodRow> for Method {
    type Error = StoreError;
    fn try_from(r: MethodRow) -> Result<Self, StoreError> {
        Ok(Self {
            id: MethodId::from_trusted(r.id),
            account_id: UserId::from_trusted(r.account_id),
            kind: MethodKind::parse(&r.kind)?,
            label: r.label,
            secret: r.secret,
            confirmed: r.confirmed_at.is_some(),
            pending_expires_at: r.pending_expires_at.map(from_ms).transpose()?,
            pinned: r.is_default,
            last_step: r.last_step.and_then(|s| u64::try_from(s).ok()),
            created_at: from_ms(r.created_at)?,
            last_used_at: r.last_used_at.map(from_ms).transpose()?,
            webauthn: WebauthnFlags {
                passkey: r.passkey,
                backup_eligible: r.backup_eligible,
                backed_up: r.backed_up,
            },
        })
    }
}

macro_rules! method_columns {
    () => {
        "id, account_id, kind, label, secret, confirmed_at, pending_expires_at,
    is_default, last_step, created_at, last_used_at, passkey, backup_eligible, backed_up"
    };
}

/// A method waiting for its first correct code.
pub struct NewPending<'a> {
    pub id: &'a MethodId,
    pub account_id: &'a UserId,
    pub kind: MethodKind,
    pub label: &'a str,
    pub secret: &'a [u8],
    pub expires_at: OffsetDateTime,
}

/// # Errors
/// On database failure.
pub async fn insert_pending(
    a: &mut impl Access,
    m: &NewPending<'_>,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    execute!(
        a.conn(),
        "INSERT INTO mfa_method (id, account_id, kind, label, secret, pending_expires_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        m.id.as_str(),
        m.account_id.as_str(),
        m.kind.as_str(),
        m.label,
        m.secret,
        to_ms(m.expires_at),
        to_ms(now),
    );
    Ok(())
}

/// One method of one account, pending or not: another account's id is simply not found.
///
/// # Errors
/// On database failure.
pub async fn find(
    a: &mut impl Access,
    account: &UserId,
    id: &MethodId,
) -> Result<Option<Method>, StoreError> {
    let row = fetch!(
        a.conn(),
        fetch_optional,
        MethodRow,
        concat!(
            "SELECT ",
            method_columns!(),
            " FROM mfa_method WHERE id = $1 AND account_id = $2"
        ),
        id.as_str(),
        account.as_str(),
    );
    row.map(Method::try_from).transpose()
}

/// The account's verified methods, oldest first.
///
/// # Errors
/// On database failure.
pub async fn list_confirmed(
    a: &mut impl Access,
    account: &UserId,
) -> Result<Vec<Method>, StoreError> {
    let rows = fetch!(
        a.conn(),
        fetch_all,
        MethodRow,
        concat!(
            "SELECT ",
            method_columns!(),
            " FROM mfa_method
             WHERE account_id = $1 AND confirmed_at IS NOT NULL ORDER BY created_at, id"
        ),
        account.as_str(),
    );
    rows.into_iter().map(Method::try_from).collect()
}

/// Turns a pending method into a verified one, consuming the time step its first code used.
/// Returns `false` if it was no longer pending (a concurrent verification won).
///
/// # Errors
/// On database failure.
pub async fn confirm(
    a: &mut impl Access,
    id: &MethodId,
    step: u64,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    let n = execute!(
        a.conn(),
        "UPDATE mfa_method SET confirmed_at = $2, pending_expires_at = NULL, last_step = $3,
                last_used_at = $2
         WHERE id = $1 AND confirmed_at IS NULL",
        id.as_str(),
        to_ms(now),
        i64::try_from(step).unwrap_or(i64::MAX),
    );
    Ok(n > 0)
}

/// Accepts a TOTP time step for a method if no equal or later step was accepted before: one
/// conditional update, so two requests racing with one code cannot both succeed (RFC 6238 §5.2).
///
/// # Errors
/// On database failure.
pub async fn accept_step(
    a: &mut impl Access,
    id: &MethodId,
    step: u64,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    let n = execute!(
        a.conn(),
        "UPDATE mfa_method SET last_step = $2, last_used_at = $3
         WHERE id = $1 AND confirmed_at IS NOT NULL AND (last_step IS NULL OR last_step < $2)",
        id.as_str(),
        i64::try_from(step).unwrap_or(i64::MAX),
        to_ms(now),
    );
    Ok(n > 0)
}

/// Pins one verified method as the account's default (and unpins the others).
///
/// # Errors
/// On database failure.
pub async fn pin_default(
    a: &mut impl Access,
    account: &UserId,
    id: &MethodId,
) -> Result<bool, StoreError> {
    let n = execute!(
        a.conn(),
        "UPDATE mfa_method SET is_default = (id = $2)
         WHERE account_id = $1 AND confirmed_at IS NOT NULL",
        account.as_str(),
        id.as_str(),
    );
    Ok(n > 0)
}

/// # Errors
/// On database failure.
pub async fn delete(
    a: &mut impl Access,
    account: &UserId,
    id: &MethodId,
) -> Result<bool, StoreError> {
    let n = execute!(
        a.conn(),
        "DELETE FROM mfa_method WHERE id = $1 AND account_id = $2",
        id.as_str(),
        account.as_str(),
    );
    Ok(n > 0)
}

/// Deletes every method of the account, pending or not; returns how many were verified.
///
/// # Errors
/// On database failure.
pub async fn delete_all(a: &mut impl Access, account: &UserId) -> Result<u64, StoreError> {
    let confirmed = scalar!(
        a.conn(),
        i64,
        "SELECT COUNT(*) FROM mfa_method WHERE account_id = $1 AND confirmed_at IS NOT NULL",
        account.as_str(),
    );
    execute!(
        a.conn(),
        "DELETE FROM mfa_method WHERE account_id = $1",
        account.as_str(),
    );
    execute!(
        a.conn(),
        "DELETE FROM recovery_code WHERE account_id = $1",
        account.as_str(),
    );
    Ok(u64::try_from(confirmed).unwrap_or(0))
}

/// Deletes the account's enrollments that were never verified in time.
///
/// # Errors
/// On database failure.
pub async fn delete_expired_pending(
    a: &mut impl Access,
    account: &UserId,
    now: OffsetDateTime,
) -> Result<u64, StoreError> {
    Ok(execute!(
        a.conn(),
        "DELETE FROM mfa_method
         WHERE account_id = $1 AND confirmed_at IS NULL AND pending_expires_at <= $2",
        account.as_str(),
        to_ms(now),
    ))
}

/// Replaces the account's recovery codes with these hashes (the old set stops working).
///
/// # Errors
/// On database failure.
pub async fn replace_recovery_codes(
    a: &mut impl Access,
    account: &UserId,
    hashes: &[String],
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    execute!(
        a.conn(),
        "DELETE FROM recovery_code WHERE account_id = $1",
        account.as_str(),
    );
    for h in hashes {
        execute!(
            a.conn(),
            "INSERT INTO recovery_code (account_id, code_hash, created_at) VALUES ($1, $2, $3)",
            account.as_str(),
            h.as_str(),
            to_ms(now),
        );
    }
    Ok(())
}

/// Uses a recovery code if it is the account's and unused: one conditional update, so a code
/// raced by two requests works for exactly one.
///
/// # Errors
/// On database failure.
pub async fn use_recovery_code(
    a: &mut impl Access,
    account: &UserId,
    hash: &str,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    let n = execute!(
        a.conn(),
        "UPDATE recovery_code SET used_at = $3
         WHERE account_id = $1 AND code_hash = $2 AND used_at IS NULL",
        account.as_str(),
        hash,
        to_ms(now),
    );
    Ok(n > 0)
}

/// # Errors
/// On database failure.
pub async fn recovery_codes_left(a: &mut impl Access, account: &UserId) -> Result<u32, StoreError> {
    let n = scalar!(
        a.conn(),
        i64,
        "SELECT COUNT(*) FROM recovery_code WHERE account_id = $1 AND used_at IS NULL",
        account.as_str(),
    );
    Ok(u32::try_from(n).unwrap_or(0))
}

/// Deletes every enrollment of the account that was never verified.
///
/// # Errors
/// On database failure.
pub async fn delete_pending(a: &mut impl Access, account: &UserId) -> Result<u64, StoreError> {
    Ok(execute!(
        a.conn(),
        "DELETE FROM mfa_method WHERE account_id = $1 AND confirmed_at IS NULL",
        account.as_str(),
    ))
}

/// Keeps only the `keep` newest unverified enrollments of the account (so that starting
/// enrollments again and again cannot grow the table).
///
/// # Errors
/// On database failure.
pub async fn trim_pending(
    a: &mut impl Access,
    account: &UserId,
    keep: i64,
) -> Result<u64, StoreError> {
    Ok(execute!(
        a.conn(),
        "DELETE FROM mfa_method
         WHERE account_id = $1 AND confirmed_at IS NULL AND id NOT IN (
             SELECT id FROM mfa_method WHERE account_id = $1 AND confirmed_at IS NULL
             ORDER BY created_at DESC, id DESC LIMIT $2)",
        account.as_str(),
        keep,
    ))
}

/// Replaces a method's sealed data (a security key whose signature counter moved) and records
/// its use.
///
/// # Errors
/// On database failure.
pub async fn update_secret(
    a: &mut impl Access,
    id: &MethodId,
    secret: &[u8],
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    execute!(
        a.conn(),
        "UPDATE mfa_method SET secret = $2, last_used_at = $3 WHERE id = $1",
        id.as_str(),
        secret,
        to_ms(now),
    );
    Ok(())
}

/// Records what a WebAuthn credential is.
///
/// # Errors
/// On database failure.
pub async fn set_webauthn_flags(
    a: &mut impl Access,
    id: &MethodId,
    f: WebauthnFlags,
) -> Result<(), StoreError> {
    execute!(
        a.conn(),
        "UPDATE mfa_method SET passkey = $2, backup_eligible = $3, backed_up = $4 WHERE id = $1",
        id.as_str(),
        f.passkey,
        f.backup_eligible,
        f.backed_up,
    );
    Ok(())
}

/// Records a method's use.
///
/// # Errors
/// On database failure.
pub async fn touch(
    a: &mut impl Access,
    id: &MethodId,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    execute!(
        a.conn(),
        "UPDATE mfa_method SET last_used_at = $2 WHERE id = $1",
        id.as_str(),
        to_ms(now),
    );
    Ok(())
}

/// Renames a method (a device names itself when it enrolls).
///
/// # Errors
/// On database failure.
pub async fn set_label(a: &mut impl Access, id: &MethodId, label: &str) -> Result<(), StoreError> {
    execute!(
        a.conn(),
        "UPDATE mfa_method SET label = $2 WHERE id = $1",
        id.as_str(),
        label,
    );
    Ok(())
}

/// What a verified use of a WebAuthn credential changes: its sealed data (a signature counter
/// that moved), the backup flags its authenticator reported, or neither.
pub struct KeyUse<'a> {
    pub id: &'a MethodId,
    /// The sealed data as it was read before the answer was checked.
    pub seen: &'a [u8],
    pub sealed: Option<&'a [u8]>,
    pub flags: Option<WebauthnFlags>,
}

/// Records a use of a credential checked outside the transaction, in one statement and only
/// if the credential is still confirmed and unchanged since it was read (compare-and-swap on
/// its sealed data): false when it was removed or another use moved it first.
///
/// # Errors
/// On database failure.
pub async fn record_key_use(
    a: &mut impl Access,
    u: &KeyUse<'_>,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    let n = execute!(
        a.conn(),
        "UPDATE mfa_method SET secret = COALESCE($3, secret), last_used_at = $4,
                backup_eligible = COALESCE($5, backup_eligible),
                backed_up = COALESCE($6, backed_up)
         WHERE id = $1 AND secret = $2 AND confirmed_at IS NOT NULL",
        u.id.as_str(),
        u.seen,
        u.sealed,
        to_ms(now),
        u.flags.map(|f| f.backup_eligible),
        u.flags.map(|f| f.backed_up),
    );
    Ok(n == 1)
}
