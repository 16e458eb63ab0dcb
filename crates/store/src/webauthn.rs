//! WebAuthn ceremonies waiting for the authenticator's answer.

use domain::{CeremonyId, SessionId, UserId};
use time::OffsetDateTime;

use crate::{Access, StoreError, to_ms};

/// How long a passkey sign-in challenge's record of use outlives the challenge.
pub const USED_KEPT_AFTER_EXPIRY: time::Duration = time::Duration::minutes(5);

/// What a ceremony is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Adding a security key or passkey to the account.
    Register,
    /// Passing the second step (or confirming it's you) with one.
    Authenticate,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Register => "register",
            Self::Authenticate => "authenticate",
        }
    }
}

/// A ceremony to remember until its answer comes.
pub struct NewCeremony<'a> {
    pub id: &'a CeremonyId,
    pub account_id: &'a UserId,
    /// The session that must answer (authentication); `None`: any of the account's.
    pub session_id: Option<&'a SessionId>,
    pub purpose: Purpose,
    /// The label the new credential will get (registration), else empty.
    pub label: &'a str,
    /// The relying-party library's serialized state.
    pub state: &'a str,
    pub expires_at: OffsetDateTime,
}

/// # Errors
/// On database failure.
pub async fn insert(
    a: &mut impl Access,
    c: &NewCeremony<'_>,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    execute!(
        a.conn(),
        "INSERT INTO webauthn_ceremony (id, account_id, purpose, label, state, created_at,
                                        expires_at, session_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        c.id.as_str(),
        c.account_id.as_str(),
        c.purpose.as_str(),
        c.label,
        c.state,
        to_ms(now),
        to_ms(c.expires_at),
        c.session_id.map(SessionId::as_str),
    );
    Ok(())
}

/// A ceremony taken back: its label and state.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Taken {
    pub label: String,
    pub state: String,
}

/// Takes the ceremony `id` of `account` (and, when it was bound to one, of `session`) for
/// `purpose`, once: the row is deleted in the same statement that reads it, so of two
/// concurrent answers to one challenge only one gets it. `None` when it does not exist, belongs
/// to someone else, is for another purpose, has expired or was already taken.
///
/// # Errors
/// On database failure.
pub async fn take(
    a: &mut impl Access,
    id: &CeremonyId,
    account: &UserId,
    session: &SessionId,
    purpose: Purpose,
    now: OffsetDateTime,
) -> Result<Option<Taken>, StoreError> {
    Ok(fetch!(
        a.conn(),
        fetch_optional,
        Taken,
        "DELETE FROM webauthn_ceremony
         WHERE id = $1 AND account_id = $2 AND purpose = $3 AND expires_at > $4
           AND (session_id IS NULL OR session_id = $5)
         RETURNING label, state",
        id.as_str(),
        account.as_str(),
        purpose.as_str(),
        to_ms(now),
        session.as_str(),
    ))
}

/// Deletes ceremonies that expired before `now`; returns how many.
///
/// # Errors
/// On database failure.
pub async fn delete_expired(a: &mut impl Access, now: OffsetDateTime) -> Result<u64, StoreError> {
    let ceremonies = execute!(
        a.conn(),
        "DELETE FROM webauthn_ceremony WHERE expires_at <= $1",
        to_ms(now),
    );
    // An expired challenge can no longer be answered: its record of use is kept a while
    // longer all the same, for an answer checked just before expiry or on a node whose clock
    // is behind.
    let used = execute!(
        a.conn(),
        "DELETE FROM passkey_challenge_used WHERE expires_at <= $1",
        to_ms(now - USED_KEPT_AFTER_EXPIRY),
    );
    Ok(ceremonies + used)
}

/// Marks a passkey sign-in's challenge (its look-up hash) as answered; false when an answer
/// already took it. One statement decides between concurrent answers.
///
/// # Errors
/// On database failure.
pub async fn use_sign_in_challenge(
    a: &mut impl Access,
    challenge: &str,
    expires_at: OffsetDateTime,
) -> Result<bool, StoreError> {
    let n = execute!(
        a.conn(),
        "INSERT INTO passkey_challenge_used (challenge, expires_at) VALUES ($1, $2)
         ON CONFLICT (challenge) DO NOTHING",
        challenge,
        to_ms(expires_at),
    );
    Ok(n == 1)
}
