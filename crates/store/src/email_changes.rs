//! Pending changes of an account's email address, confirmed by a link sent to the new one.

use domain::{Email, TokenHash, UserId};
use time::OffsetDateTime;

use crate::{Access, StoreError, to_ms};

/// Stores a pending change (the caller retired the account's earlier ones).
///
/// # Errors
/// On database failure.
pub async fn insert(
    a: &mut impl Access,
    token_hash: &TokenHash,
    account: &UserId,
    new_email: &Email,
    now: OffsetDateTime,
    expires_at: OffsetDateTime,
) -> Result<(), StoreError> {
    execute!(
        a.conn(),
        "INSERT INTO email_change (token_hash, account_id, new_email, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5)",
        token_hash.as_str(),
        account.as_str(),
        new_email.as_str(),
        to_ms(now),
        to_ms(expires_at),
    );
    Ok(())
}

/// Uses a live link of `account`: the new address, for the one request that did; `None` when
/// it is unknown, another account's, used, retired or expired.
///
/// # Errors
/// On database failure.
pub async fn take(
    a: &mut impl Access,
    token_hash: &TokenHash,
    account: &UserId,
    now: OffsetDateTime,
) -> Result<Option<Email>, StoreError> {
    let row = fetch!(
        a.conn(),
        fetch_optional,
        (String,),
        "UPDATE email_change SET used_at = $3
         WHERE token_hash = $1 AND account_id = $2 AND used_at IS NULL AND expires_at > $3
         RETURNING new_email",
        token_hash.as_str(),
        account.as_str(),
        to_ms(now),
    );
    Ok(row.map(|(e,)| Email::from_trusted(e)))
}

/// Retires every pending change of the account.
///
/// # Errors
/// On database failure.
pub async fn retire_all(
    a: &mut impl Access,
    account: &UserId,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    execute!(
        a.conn(),
        "UPDATE email_change SET used_at = $2 WHERE account_id = $1 AND used_at IS NULL",
        account.as_str(),
        to_ms(now),
    );
    Ok(())
}

/// Forgets links that no longer work.
///
/// # Errors
/// On database failure.
pub async fn delete_old(a: &mut impl Access, before: OffsetDateTime) -> Result<u64, StoreError> {
    Ok(execute!(
        a.conn(),
        "DELETE FROM email_change WHERE expires_at < $1",
        to_ms(before),
    ))
}
