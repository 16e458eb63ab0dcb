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
    /// The newcomer's link, which only the invitation email carries.
    pub join_hash: &'a TokenHash,
    pub email: &'a Email,
    pub role: Role,
    pub kind: MembershipKind,
    pub invited_by: &'a UserId,
    /// It asks to manage the account (its holder must consent when accepting).
    pub manage_account: bool,
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
    /// It asks to manage the account.
    pub manage_account: bool,
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
    manage_account: bool,
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
                                 created_at, expires_at, manage_account, join_hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        i.id.as_str(),
        i.org_id.as_str(),
        i.token_hash.as_str(),
        i.email.as_str(),
        i.role.as_str(),
        i.kind.is_external(),
        i.invited_by.as_str(),
        to_ms(i.created_at),
        to_ms(i.expires_at),
        i.manage_account,
        i.join_hash.as_str(),
    );
    Ok(())
}

/// Retires the pending invitation of `email` to `org`, if there is one: its link stops working
/// (a re-invitation replaces it). The row stays, so that the sending limits still count it.
/// Returns whether there was one.
///
/// # Errors
/// On database failure.
pub async fn replace_pending(
    a: &mut impl Access,
    org: &OrgId,
    email: &Email,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    let n = execute!(
        a.conn(),
        "UPDATE invitation SET replaced_at = $3
         WHERE org_id = $1 AND email = $2 AND accepted_at IS NULL AND replaced_at IS NULL",
        org.as_str(),
        email.as_str(),
        to_ms(now),
    );
    Ok(n > 0)
}

/// Whom invitations are counted by, for the sending limits.
#[derive(Debug, Clone, Copy)]
pub enum Sent<'a> {
    /// By one organization.
    By(&'a OrgId),
    /// By one inviter, in every organization.
    From(&'a UserId),
    /// To one address, from every organization.
    To(&'a Email),
}

/// Serializes the sending decisions of one inviter and of one address across nodes, so that
/// [`nth_newest_since`] counts every invitation sent before this one: the caller holds the
/// organization's lock already; this takes the inviter's, then the address's (one order for
/// every sender). SQLite transactions here already hold the database's write lock.
///
/// # Errors
/// On database failure.
pub async fn lock_senders(
    a: &mut impl Access,
    inviter: &UserId,
    email: &Email,
) -> Result<(), StoreError> {
    if let crate::Conn::Postgres(c) = a.conn() {
        for key in [
            format!("invitation:from:{inviter}"),
            format!("invitation:to:{email}"),
        ] {
            sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
                .bind(key)
                .execute(&mut *c)
                .await?;
        }
    }
    Ok(())
}

/// When the `n`-th newest invitation (1 = the newest) sent by `who` after `since` was made,
/// replaced ones included: `None` when fewer than `n` were sent since then.
///
/// # Errors
/// On database failure.
pub async fn nth_newest_since(
    a: &mut impl Access,
    who: Sent<'_>,
    since: OffsetDateTime,
    n: u32,
) -> Result<Option<OffsetDateTime>, StoreError> {
    // One fixed statement per column: the SQL is never assembled from input.
    let (sql, value) = match who {
        Sent::By(org) => (
            "SELECT created_at FROM invitation WHERE org_id = $1 AND created_at > $2
             ORDER BY created_at DESC LIMIT 1 OFFSET $3",
            org.as_str(),
        ),
        Sent::From(user) => (
            "SELECT created_at FROM invitation WHERE invited_by = $1 AND created_at > $2
             ORDER BY created_at DESC LIMIT 1 OFFSET $3",
            user.as_str(),
        ),
        Sent::To(email) => (
            "SELECT created_at FROM invitation WHERE email = $1 AND created_at > $2
             ORDER BY created_at DESC LIMIT 1 OFFSET $3",
            email.as_str(),
        ),
    };
    let offset = i64::from(n.max(1) - 1);
    let at = fetch!(
        a.conn(),
        fetch_optional,
        (i64,),
        sql,
        value,
        to_ms(since),
        offset,
    );
    at.map(|(ms,)| from_ms(ms)).transpose()
}

/// An invitation with its organization's name, not replaced or revoked, where `$where`.
macro_rules! invitation_select {
    ($where:literal) => {
        concat!(
            "SELECT i.id, i.org_id, o.name AS org_name, i.email, i.role, i.external,
                    i.manage_account, i.expires_at, i.accepted_at, i.invited_by
             FROM invitation i JOIN org o ON o.id = i.org_id
             WHERE i.replaced_at IS NULL AND ",
            $where
        )
    };
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
        invitation_select!("i.token_hash = $1"),
        token_hash.as_str(),
    );
    row.map(Invitation::try_from).transpose()
}

/// The invitation whose newcomer's link hashes to `join_hash` (not replaced or revoked).
///
/// # Errors
/// On database failure.
pub async fn find_by_join_hash(
    a: &mut impl Access,
    join_hash: &TokenHash,
) -> Result<Option<Invitation>, StoreError> {
    let row = fetch!(
        a.conn(),
        fetch_optional,
        InvitationRow,
        invitation_select!("i.join_hash = $1"),
        join_hash.as_str(),
    );
    row.map(Invitation::try_from).transpose()
}

/// The invitation with this id (not replaced or revoked), for its addressee.
///
/// # Errors
/// On database failure.
pub async fn find_by_id(
    a: &mut impl Access,
    id: &InvitationId,
) -> Result<Option<Invitation>, StoreError> {
    let row = fetch!(
        a.conn(),
        fetch_optional,
        InvitationRow,
        invitation_select!("i.id = $1"),
        id.as_str(),
    );
    row.map(Invitation::try_from).transpose()
}

/// Declines a pending invitation addressed to `email`: its link stops working, as a revoked
/// one's does. False when it was accepted, replaced, revoked or addressed to someone else.
///
/// # Errors
/// On database failure.
pub async fn decline(
    a: &mut impl Access,
    id: &InvitationId,
    email: &Email,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    let n = execute!(
        a.conn(),
        "UPDATE invitation SET replaced_at = $3
         WHERE id = $1 AND email = $2 AND accepted_at IS NULL AND replaced_at IS NULL
           AND expires_at > $3",
        id.as_str(),
        email.as_str(),
        to_ms(now),
    );
    Ok(n == 1)
}

impl TryFrom<InvitationRow> for Invitation {
    type Error = StoreError;
    fn try_from(r: InvitationRow) -> Result<Self, StoreError> {
        Ok(Invitation {
            id: InvitationId::from_trusted(r.id),
            org_id: OrgId::from_trusted(r.org_id),
            org_name: r.org_name,
            email: Email::from_trusted(r.email),
            role: Role::parse(&r.role)?,
            kind: MembershipKind::from_external(r.external),
            manage_account: r.manage_account,
            expires_at: from_ms(r.expires_at)?,
            accepted: r.accepted_at.is_some(),
            invited_by: r.invited_by.map(UserId::from_trusted),
        })
    }
}

/// Marks the invitation used. Returns false when it already was, or was replaced by a newer
/// invitation meanwhile: the conditional update makes redemption single-use even when two
/// requests (or an accept and a re-invite) race.
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
         WHERE id = $1 AND accepted_at IS NULL AND replaced_at IS NULL",
        id.as_str(),
        to_ms(now),
        by.as_str(),
    );
    Ok(n == 1)
}

/// A pending invitation (not accepted, replaced, revoked or expired), as its organization's
/// managers or its addressee see it.
#[derive(Debug, Clone)]
pub struct Pending {
    pub id: InvitationId,
    pub org_id: OrgId,
    pub org_name: String,
    pub email: Email,
    pub role: Role,
    pub kind: MembershipKind,
    pub manage_account: bool,
    pub created_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
    /// The address of who sent it, while that account exists.
    pub invited_by: Option<Email>,
}

#[derive(sqlx::FromRow)]
struct PendingRow {
    id: String,
    org_id: String,
    org_name: String,
    email: String,
    role: String,
    external: bool,
    manage_account: bool,
    created_at: i64,
    expires_at: i64,
    inviter_email: Option<String>,
}

impl TryFrom<PendingRow> for Pending {
    type Error = StoreError;

    fn try_from(r: PendingRow) -> Result<Self, StoreError> {
        Ok(Self {
            id: InvitationId::from_trusted(r.id),
            org_id: OrgId::from_trusted(r.org_id),
            org_name: r.org_name,
            email: Email::from_trusted(r.email),
            role: Role::parse(&r.role)?,
            kind: MembershipKind::from_external(r.external),
            manage_account: r.manage_account,
            created_at: from_ms(r.created_at)?,
            expires_at: from_ms(r.expires_at)?,
            invited_by: r.inviter_email.map(Email::from_trusted),
        })
    }
}

macro_rules! pending_select {
    ($where:literal) => {
        concat!(
            "SELECT i.id, i.org_id, o.name AS org_name, i.email, i.role, i.external,
                    i.manage_account, i.created_at, i.expires_at, a.email AS inviter_email
             FROM invitation i JOIN org o ON o.id = i.org_id
             LEFT JOIN account a ON a.id = i.invited_by
             WHERE i.accepted_at IS NULL AND i.replaced_at IS NULL AND i.expires_at > $1 AND ",
            $where,
            " ORDER BY i.created_at DESC, i.id"
        )
    };
}

/// The organization's pending invitations, the newest first.
///
/// # Errors
/// On database failure.
pub async fn pending_of_org(
    a: &mut impl Access,
    org: &OrgId,
    now: OffsetDateTime,
) -> Result<Vec<Pending>, StoreError> {
    let rows = fetch!(
        a.conn(),
        fetch_all,
        PendingRow,
        pending_select!("i.org_id = $2"),
        to_ms(now),
        org.as_str(),
    );
    rows.into_iter().map(Pending::try_from).collect()
}

/// The pending invitations addressed to `email`, the newest first.
///
/// # Errors
/// On database failure.
pub async fn pending_for(
    a: &mut impl Access,
    email: &Email,
    now: OffsetDateTime,
) -> Result<Vec<Pending>, StoreError> {
    let rows = fetch!(
        a.conn(),
        fetch_all,
        PendingRow,
        pending_select!("i.email = $2"),
        to_ms(now),
        email.as_str(),
    );
    rows.into_iter().map(Pending::try_from).collect()
}

/// One pending invitation of the organization.
///
/// # Errors
/// On database failure.
pub async fn find_pending(
    a: &mut impl Access,
    org: &OrgId,
    id: &InvitationId,
    now: OffsetDateTime,
) -> Result<Option<Pending>, StoreError> {
    let row = fetch!(
        a.conn(),
        fetch_optional,
        PendingRow,
        pending_select!("i.org_id = $2 AND i.id = $3"),
        to_ms(now),
        org.as_str(),
        id.as_str(),
    );
    row.map(Pending::try_from).transpose()
}

/// Revokes a pending invitation: its link stops working, as a replaced one's does (the row
/// stays, so that the sending limits still count it). False when it was accepted, replaced or
/// revoked meanwhile.
///
/// # Errors
/// On database failure.
pub async fn revoke(
    a: &mut impl Access,
    org: &OrgId,
    id: &InvitationId,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    let n = execute!(
        a.conn(),
        "UPDATE invitation SET replaced_at = $3
         WHERE org_id = $1 AND id = $2 AND accepted_at IS NULL AND replaced_at IS NULL",
        org.as_str(),
        id.as_str(),
        to_ms(now),
    );
    Ok(n == 1)
}
