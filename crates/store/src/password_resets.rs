//! Password-reset links: stored as the hash of their token, used once.

use domain::{TokenHash, UserId};
use time::OffsetDateTime;

use crate::{Access, StoreError, from_ms, to_ms};

/// # Errors
/// On database failure.
pub async fn insert(
    a: &mut impl Access,
    token_hash: &TokenHash,
    account: &UserId,
    now: OffsetDateTime,
    expires_at: OffsetDateTime,
) -> Result<(), StoreError> {
    execute!(
        a.conn(),
        "INSERT INTO password_reset (token_hash, account_id, created_at, expires_at)
         VALUES ($1, $2, $3, $4)",
        token_hash.as_str(),
        account.as_str(),
        to_ms(now),
        to_ms(expires_at),
    );
    Ok(())
}

/// The account a live link (unused, unexpired) resets, and until when it works.
///
/// # Errors
/// On database failure.
pub async fn find_live(
    a: &mut impl Access,
    token_hash: &TokenHash,
    now: OffsetDateTime,
) -> Result<Option<(UserId, OffsetDateTime)>, StoreError> {
    let row = fetch!(
        a.conn(),
        fetch_optional,
        (String, i64),
        "SELECT account_id, expires_at FROM password_reset
         WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
        token_hash.as_str(),
        to_ms(now),
    );
    row.map(|(id, until)| Ok((UserId::from_trusted(id), from_ms(until)?)))
        .transpose()
}

/// Uses the link: true for the one request that did, false when it was used (or retired)
/// before, expired, or belongs to another account. Every other live link of the account is
/// retired with it.
///
/// # Errors
/// On database failure.
pub async fn use_link(
    a: &mut impl Access,
    token_hash: &TokenHash,
    account: &UserId,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    let won = execute!(
        a.conn(),
        "UPDATE password_reset SET used_at = $3
         WHERE token_hash = $1 AND account_id = $2 AND used_at IS NULL AND expires_at > $3",
        token_hash.as_str(),
        account.as_str(),
        to_ms(now),
    ) == 1;
    if won {
        retire_all(a, account, now).await?;
    }
    Ok(won)
}

/// Retires every live link of the account (its password changed another way).
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
        "UPDATE password_reset SET used_at = $2 WHERE account_id = $1 AND used_at IS NULL",
        account.as_str(),
        to_ms(now),
    );
    Ok(())
}

/// Forgets links that no longer work, a day after they stopped.
///
/// # Errors
/// On database failure.
pub async fn delete_old(a: &mut impl Access, before: OffsetDateTime) -> Result<u64, StoreError> {
    Ok(execute!(
        a.conn(),
        "DELETE FROM password_reset WHERE expires_at < $1",
        to_ms(before),
    ))
}
