//! Invitations to join an organization, redeemed once by their token.

use domain::{Email, InvitationId, MembershipKind, OrgId, Role, TokenHash, UserId};
use time::OffsetDateTime;

use crate::{Access, StoreError, from_ms, to_ms};

/// What a new invitation is made of.
#[derive(Debug, Clone)]
pub struct NewInvitation<'a> {
    pub id: &'a InvitationId,
    pub org_id: &'a OrgId,
    pub token_hash: &'a TokenHash,
    pub email: &'a Email,
    pub role: Role,
    pub kind: MembershipKind,
    pub invited_by: &'a UserId,
    pub created_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
}

/// An invitation as stored, with its organization's name.
#[derive(Debug, Clone)]
pub struct Invitation {
    pub id: InvitationId,
    pub org_id: OrgId,
    pub org_name: String,
    pub email: Email,
    pub role: Role,
    pub kind: MembershipKind,
    pub expires_at: OffsetDateTime,
    pub accepted: bool,
    /// Who sent it, while that account exists.
    pub invited_by: Option<UserId>,
}

#[derive(sqlx::FromRow)]
struct InvitationRow {
    id: String,
    org_id: String,
    org_name: String,
    email: String,
    role: String,
    external: bool,
    expires_at: i64,
    accepted_at: Option<i64>,
    invited_by: Option<String>,
}

/// # Errors
/// On database failure.
pub async fn insert(a: &mut impl Access, i: &NewInvitation<'_>) -> Result<(), StoreError> {
    execute!(
        a.conn(),
        "INSERT INTO invitation (id, org_id, token_hash, email, role, external, invited_by,
                                 created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        i.id.as_str(),
        i.org_id.as_str(),
        i.token_hash.as_str(),
        i.email.as_str(),
        i.role.as_str(),
        i.kind.is_external(),
        i.invited_by.as_str(),
        to_ms(i.created_at),
        to_ms(i.expires_at),
    );
    Ok(())
}

/// # Errors
/// On database failure.
pub async fn find_by_token(
    a: &mut impl Access,
    token_hash: &TokenHash,
) -> Result<Option<Invitation>, StoreError> {
    let row = fetch!(
        a.conn(),
        fetch_optional,
        InvitationRow,
        "SELECT i.id, i.org_id, o.name AS org_name, i.email, i.role, i.external, i.expires_at,
                i.accepted_at, i.invited_by
         FROM invitation i JOIN org o ON o.id = i.org_id
         WHERE i.token_hash = $1",
        token_hash.as_str(),
    );
    row.map(|r| {
        Ok(Invitation {
            id: InvitationId::from_trusted(r.id),
            org_id: OrgId::from_trusted(r.org_id),
            org_name: r.org_name,
            email: Email::from_trusted(r.email),
            role: Role::parse(&r.role)?,
            kind: MembershipKind::from_external(r.external),
            expires_at: from_ms(r.expires_at)?,
            accepted: r.accepted_at.is_some(),
            invited_by: r.invited_by.map(UserId::from_trusted),
        })
    })
    .transpose()
}

/// Marks the invitation used. Returns false when it already was: the conditional update makes
/// redemption single-use even when two requests race.
///
/// # Errors
/// On database failure.
pub async fn mark_accepted(
    a: &mut impl Access,
    id: &InvitationId,
    by: &UserId,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    let n = execute!(
        a.conn(),
        "UPDATE invitation SET accepted_at = $2, accepted_by = $3
         WHERE id = $1 AND accepted_at IS NULL",
        id.as_str(),
        to_ms(now),
        by.as_str(),
    );
    Ok(n == 1)
}
