//! twofold as an OpenID Connect provider: its signing keys (private halves sealed by the caller),
//! the grants apps hold, and their codes and tokens, stored by the hash of each.
//!
//! A grant is one authorization of one app by one person; its code, access tokens and refresh
//! tokens form a family that is revoked together (a reused code or refresh token, a removed
//! member, a sign-out everywhere).

use domain::network::DevicePlace;
use domain::{ClientId, SessionId, TokenHash, UserId};
use time::OffsetDateTime;

use crate::{Access, StoreError, from_ms, to_ms};

/// A signing key as stored.
#[derive(Debug, Clone)]
pub struct StoredKey {
    pub id: String,
    pub alg: String,
    pub sealed_private: Vec<u8>,
    pub public_jwk: String,
    pub created_at: OffsetDateTime,
    pub retired_at: Option<OffsetDateTime>,
}

#[derive(sqlx::FromRow)]
struct KeyRow {
    id: String,
    alg: String,
    sealed_private: Vec<u8>,
    public_jwk: String,
    created_at: i64,
    retired_at: Option<i64>,
}

/// # Errors
/// On database failure.
pub async fn insert_key(a: &mut impl Access, k: &StoredKey) -> Result<(), StoreError> {
    execute!(
        a.conn(),
        "INSERT INTO signing_key (id, alg, sealed_private, public_jwk, created_at, retired_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
        &k.id,
        &k.alg,
        &k.sealed_private,
        &k.public_jwk,
        to_ms(k.created_at),
        k.retired_at.map(to_ms),
    );
    Ok(())
}

/// Every key, newest first.
///
/// # Errors
/// On database failure.
pub async fn keys(a: &mut impl Access) -> Result<Vec<StoredKey>, StoreError> {
    let rows = fetch!(
        a.conn(),
        fetch_all,
        KeyRow,
        "SELECT id, alg, sealed_private, public_jwk, created_at, retired_at
         FROM signing_key ORDER BY created_at DESC, id",
    );
    rows.into_iter()
        .map(|r| {
            Ok(StoredKey {
                id: r.id,
                alg: r.alg,
                sealed_private: r.sealed_private,
                public_jwk: r.public_jwk,
                created_at: from_ms(r.created_at)?,
                retired_at: r.retired_at.map(from_ms).transpose()?,
            })
        })
        .collect()
}

/// Retires the signing keys of `alg` still in use but `keep`.
///
/// # Errors
/// On database failure.
pub async fn retire_keys(
    a: &mut impl Access,
    alg: &str,
    keep: &str,
    now: OffsetDateTime,
) -> Result<u64, StoreError> {
    Ok(execute!(
        a.conn(),
        "UPDATE signing_key SET retired_at = $3
         WHERE alg = $1 AND id <> $2 AND retired_at IS NULL",
        alg,
        keep,
        to_ms(now),
    ))
}

/// Forgets keys retired before `before` (their tokens expired long ago).
///
/// # Errors
/// On database failure.
pub async fn delete_keys_retired_before(
    a: &mut impl Access,
    before: OffsetDateTime,
) -> Result<u64, StoreError> {
    Ok(execute!(
        a.conn(),
        "DELETE FROM signing_key WHERE retired_at IS NOT NULL AND retired_at < $1",
        to_ms(before),
    ))
}

/// What an authorization granted, as stored with its family of codes and tokens.
#[derive(Debug, Clone)]
pub struct Grant {
    pub id: String,
    pub client_id: ClientId,
    pub account_id: UserId,
    pub session_id: SessionId,
    pub scopes: String,
    pub nonce: Option<String>,
    pub auth_time: OffsetDateTime,
    /// RFC 8176 values, space-separated.
    pub amr: String,
    pub acr: String,
    pub mfa_verified_at: Option<OffsetDateTime>,
    pub device_since: Option<OffsetDateTime>,
    /// Where the session's remembered device signed in from (with `device_since`).
    pub device_place: Option<DevicePlace>,
    pub created_at: OffsetDateTime,
}

/// # Errors
/// On database failure.
pub async fn insert_grant(a: &mut impl Access, g: &Grant) -> Result<(), StoreError> {
    execute!(
        a.conn(),
        "INSERT INTO oidc_grant (id, client_id, account_id, session_id, scopes, nonce, auth_time,
                                 amr, acr, mfa_verified_at, device_since, created_at,
                                 device_home, device_ip)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
        &g.id,
        g.client_id.as_str(),
        g.account_id.as_str(),
        g.session_id.as_str(),
        &g.scopes,
        g.nonce.as_deref(),
        to_ms(g.auth_time),
        &g.amr,
        &g.acr,
        g.mfa_verified_at.map(to_ms),
        g.device_since.map(to_ms),
        to_ms(g.created_at),
        g.device_place.map(|p| p.home),
        g.device_place.and_then(|p| p.from).map(|ip| ip.to_string()),
    );
    Ok(())
}

/// A code waiting for its exchange.
pub struct NewCode<'a> {
    pub hash: &'a TokenHash,
    pub grant_id: &'a str,
    pub redirect_uri: &'a str,
    pub code_challenge: Option<&'a str>,
    pub expires_at: OffsetDateTime,
}

/// # Errors
/// On database failure.
pub async fn insert_code(a: &mut impl Access, c: &NewCode<'_>) -> Result<(), StoreError> {
    execute!(
        a.conn(),
        "INSERT INTO oidc_code (hash, grant_id, redirect_uri, code_challenge, expires_at)
         VALUES ($1, $2, $3, $4, $5)",
        c.hash.as_str(),
        c.grant_id,
        c.redirect_uri,
        c.code_challenge,
        to_ms(c.expires_at),
    );
    Ok(())
}

/// A code as presented at the token endpoint.
#[derive(Debug, Clone)]
pub struct Code {
    pub grant: Grant,
    pub redirect_uri: String,
    pub code_challenge: Option<String>,
    pub expires_at: OffsetDateTime,
    /// `false` when it had been exchanged before (or its grant was revoked): a replay.
    pub first_use: bool,
}

#[derive(sqlx::FromRow)]
struct CodeRow {
    redirect_uri: String,
    code_challenge: Option<String>,
    expires_at: i64,
    used_at: Option<i64>,
    revoked_at: Option<i64>,
    #[sqlx(flatten)]
    grant: GrantRow,
}

#[derive(sqlx::FromRow)]
struct GrantRow {
    grant_id: String,
    client_id: String,
    account_id: String,
    session_id: String,
    scopes: String,
    nonce: Option<String>,
    auth_time: i64,
    amr: String,
    acr: String,
    mfa_verified_at: Option<i64>,
    device_since: Option<i64>,
    device_home: Option<bool>,
    device_ip: Option<String>,
    grant_created_at: i64,
}

impl TryFrom<GrantRow> for Grant {
    type Error = StoreError;
    fn try_from(r: GrantRow) -> Result<Self, StoreError> {
        Ok(Self {
            id: r.grant_id,
            client_id: ClientId::from_trusted(r.client_id),
            account_id: UserId::from_trusted(r.account_id),
            session_id: SessionId::from_trusted(r.session_id),
            scopes: r.scopes,
            nonce: r.nonce,
            auth_time: from_ms(r.auth_time)?,
            amr: r.amr,
            acr: r.acr,
            mfa_verified_at: r.mfa_verified_at.map(from_ms).transpose()?,
            device_since: r.device_since.map(from_ms).transpose()?,
            device_place: r.device_since.map(|_| DevicePlace {
                home: r.device_home.unwrap_or(false),
                from: r.device_ip.as_deref().and_then(|ip| ip.parse().ok()),
            }),
            created_at: from_ms(r.grant_created_at)?,
        })
    }
}

macro_rules! grant_columns {
    () => {
        "g.id AS grant_id, g.client_id, g.account_id, g.session_id, g.scopes, g.nonce,
         g.auth_time, g.amr, g.acr, g.mfa_verified_at, g.device_since, g.device_home,
         g.device_ip, g.created_at AS grant_created_at, g.revoked_at"
    };
}

/// Marks the code used and returns it; a code used before comes back with `first_use: false`,
/// so the caller can revoke what its first use issued. Of two racing exchanges one wins.
///
/// # Errors
/// On database failure.
pub async fn use_code(
    a: &mut impl Access,
    hash: &TokenHash,
    now: OffsetDateTime,
) -> Result<Option<Code>, StoreError> {
    let won = execute!(
        a.conn(),
        "UPDATE oidc_code SET used_at = $2 WHERE hash = $1 AND used_at IS NULL",
        hash.as_str(),
        to_ms(now),
    ) > 0;
    let row = fetch!(
        a.conn(),
        fetch_optional,
        CodeRow,
        concat!(
            "SELECT c.redirect_uri, c.code_challenge, c.expires_at, c.used_at, ",
            grant_columns!(),
            " FROM oidc_code c JOIN oidc_grant g ON g.id = c.grant_id WHERE c.hash = $1"
        ),
        hash.as_str(),
    );
    let Some(r) = row else { return Ok(None) };
    let live = r.revoked_at.is_none() && r.used_at.is_some();
    Ok(Some(Code {
        redirect_uri: r.redirect_uri,
        code_challenge: r.code_challenge,
        expires_at: from_ms(r.expires_at)?,
        first_use: won && live,
        grant: r.grant.try_into()?,
    }))
}

/// An access or refresh token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Access,
    Refresh,
}

/// A token to store: the hash of its value and when it expires.
#[derive(Debug, Clone, Copy)]
pub struct NewToken<'a> {
    pub hash: &'a TokenHash,
    pub expires_at: OffsetDateTime,
}

/// What one exchange issues: an access token and, with `offline_access`, a refresh token.
/// `replaces` is the refresh token a refresh exchange presented.
#[derive(Debug, Clone, Copy)]
pub struct Issue<'a> {
    pub grant_id: &'a str,
    pub now: OffsetDateTime,
    pub access: NewToken<'a>,
    pub refresh: Option<NewToken<'a>>,
    pub replaces: Option<&'a TokenHash>,
}

/// How storing an exchange's tokens went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Issued {
    Stored,
    /// The presented refresh token was exchanged before (perhaps a moment ago, by a racing
    /// request): nothing was stored.
    Replayed,
    /// The grant was revoked since the caller read it: nothing was stored.
    GrantEnded,
}

/// Stores an exchange's tokens in one statement, and only while the grant stands. A refresh
/// token names the token it `replaces`, and the unique index on that column lets one exchange
/// of a refresh token store anything: of racing exchanges one wins, the others store nothing
/// and get [`Issued::Replayed`]. Being one statement, it needs no transaction around it. (A
/// `replaces` without a `refresh` could not mark the presented token exchanged, so it stores
/// nothing either.)
///
/// # Errors
/// On database failure.
pub async fn issue_tokens(a: &mut impl Access, t: &Issue<'_>) -> Result<Issued, StoreError> {
    let stored = match (t.refresh, t.replaces) {
        (Some(refresh), replaces) => {
            // The grant's row is the guard: no row, no tokens.
            let sql = "INSERT INTO oidc_token
                           (hash, grant_id, kind, created_at, expires_at, parent_hash)
                       SELECT n.hash, g.id, n.kind, $4, n.expires_at, n.parent_hash
                       FROM oidc_grant g,
                            (SELECT $1 AS hash, 'access' AS kind, $5 AS expires_at,
                                    NULL AS parent_hash
                             UNION ALL SELECT $2, 'refresh', $6, $7) n
                       WHERE g.id = $3 AND g.revoked_at IS NULL";
            let run = async {
                Ok::<_, StoreError>(execute!(
                    a.conn(),
                    sql,
                    t.access.hash.as_str(),
                    refresh.hash.as_str(),
                    t.grant_id,
                    to_ms(t.now),
                    to_ms(t.access.expires_at),
                    to_ms(refresh.expires_at),
                    replaces.map(TokenHash::as_str),
                ))
            };
            match run.await {
                Err(e) if e.is_conflict_on("oidc_token_parent_idx", "oidc_token.parent_hash") => {
                    return Ok(Issued::Replayed);
                }
                r => r?,
            }
        }
        (None, Some(_)) => return Ok(Issued::Replayed),
        (None, None) => execute!(
            a.conn(),
            "INSERT INTO oidc_token (hash, grant_id, kind, created_at, expires_at)
             SELECT $1, g.id, 'access', $3, $4 FROM oidc_grant g
             WHERE g.id = $2 AND g.revoked_at IS NULL",
            t.access.hash.as_str(),
            t.grant_id,
            to_ms(t.now),
            to_ms(t.access.expires_at),
        ),
    };
    Ok(if stored == 0 {
        Issued::GrantEnded
    } else {
        Issued::Stored
    })
}

/// A live token (not expired, its grant not revoked) with its grant.
#[derive(Debug, Clone)]
pub struct Token {
    pub kind: TokenKind,
    pub grant: Grant,
    pub created_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
    /// A refresh token exchanged before (another names it as the one it replaced): presenting
    /// it again is a replay.
    pub used: bool,
}

#[derive(sqlx::FromRow)]
struct TokenRow {
    kind: String,
    created_at: i64,
    expires_at: i64,
    used: bool,
    revoked_at: Option<i64>,
    #[sqlx(flatten)]
    grant: GrantRow,
}

/// The token with this hash while it lives and its grant stands; `None` otherwise.
///
/// # Errors
/// On database failure.
pub async fn find_token(
    a: &mut impl Access,
    hash: &TokenHash,
    now: OffsetDateTime,
) -> Result<Option<Token>, StoreError> {
    let row = fetch!(
        a.conn(),
        fetch_optional,
        TokenRow,
        concat!(
            "SELECT t.kind, t.created_at, t.expires_at,
                    EXISTS (SELECT 1 FROM oidc_token c WHERE c.parent_hash = t.hash) AS used, ",
            grant_columns!(),
            " FROM oidc_token t JOIN oidc_grant g ON g.id = t.grant_id WHERE t.hash = $1"
        ),
        hash.as_str(),
    );
    let Some(r) = row else { return Ok(None) };
    if r.revoked_at.is_some() || r.expires_at <= to_ms(now) {
        return Ok(None);
    }
    Ok(Some(Token {
        kind: if r.kind == "refresh" {
            TokenKind::Refresh
        } else {
            TokenKind::Access
        },
        created_at: from_ms(r.created_at)?,
        expires_at: from_ms(r.expires_at)?,
        used: r.used,
        grant: r.grant.try_into()?,
    }))
}

/// Forgets one access token (RFC 7009 revocation of an access token).
///
/// # Errors
/// On database failure.
pub async fn delete_token(a: &mut impl Access, hash: &TokenHash) -> Result<(), StoreError> {
    execute!(
        a.conn(),
        "DELETE FROM oidc_token WHERE hash = $1",
        hash.as_str()
    );
    Ok(())
}

/// A grant that was just revoked, for back-channel logout.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Revoked {
    pub grant_id: String,
    pub client_id: String,
    pub account_id: String,
}

/// Which grants a revocation ends.
#[derive(Debug, Clone, Copy)]
pub enum Which<'a> {
    One(&'a str),
    /// Those of one session (it ended).
    Session(&'a SessionId),
    /// Every grant of the account.
    Account(&'a UserId),
    /// The account's grants to the apps of one organization (it left or was removed).
    Member(&'a UserId, &'a domain::OrgId),
}

/// Revokes the live grants `which` names; returns them.
///
/// # Errors
/// On database failure.
pub async fn revoke(
    a: &mut impl Access,
    which: Which<'_>,
    now: OffsetDateTime,
) -> Result<Vec<Revoked>, StoreError> {
    let found = match which {
        Which::One(id) => fetch!(
            a.conn(),
            fetch_all,
            Revoked,
            "SELECT id AS grant_id, client_id, account_id FROM oidc_grant
             WHERE revoked_at IS NULL AND id = $1",
            id,
        ),
        Which::Session(s) => fetch!(
            a.conn(),
            fetch_all,
            Revoked,
            "SELECT id AS grant_id, client_id, account_id FROM oidc_grant
             WHERE revoked_at IS NULL AND session_id = $1",
            s.as_str(),
        ),
        Which::Account(u) => fetch!(
            a.conn(),
            fetch_all,
            Revoked,
            "SELECT id AS grant_id, client_id, account_id FROM oidc_grant
             WHERE revoked_at IS NULL AND account_id = $1",
            u.as_str(),
        ),
        Which::Member(u, o) => fetch!(
            a.conn(),
            fetch_all,
            Revoked,
            "SELECT id AS grant_id, client_id, account_id FROM oidc_grant
             WHERE revoked_at IS NULL AND account_id = $1
               AND client_id IN (SELECT id FROM oidc_client WHERE org_id = $2)",
            u.as_str(),
            o.as_str(),
        ),
    };
    let mut revoked = Vec::with_capacity(found.len());
    for g in found {
        // Of two racing revocations (two nodes' sweeps) only one takes each grant, so its app
        // is told once.
        let took = execute!(
            a.conn(),
            "UPDATE oidc_grant SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL",
            &g.grant_id,
            to_ms(now),
        ) > 0;
        if took {
            revoked.push(g);
        }
    }
    Ok(revoked)
}

/// The live grants of the organization's members who have none of the `allowed` kinds of
/// second factor (a bit mask, as memberships record them): the candidates an enforcing
/// organization may have stopped.
///
/// # Errors
/// On database failure.
pub async fn live_grants_of_members_lacking(
    a: &mut impl Access,
    org: &domain::OrgId,
    allowed: i64,
) -> Result<Vec<Grant>, StoreError> {
    let rows = fetch!(
        a.conn(),
        fetch_all,
        GrantRow,
        concat!(
            "SELECT ",
            grant_columns!(),
            " FROM oidc_grant g JOIN membership m ON m.account_id = g.account_id
              WHERE m.org_id = $1 AND (m.mfa_kinds & $2) = 0 AND g.revoked_at IS NULL"
        ),
        org.as_str(),
        allowed,
    );
    rows.into_iter().map(Grant::try_from).collect()
}

/// Forgets codes and tokens that expired before `before`, and grants revoked before it.
///
/// # Errors
/// On database failure.
pub async fn delete_expired(
    a: &mut impl Access,
    before: OffsetDateTime,
) -> Result<u64, StoreError> {
    let t = to_ms(before);
    let codes = execute!(a.conn(), "DELETE FROM oidc_code WHERE expires_at < $1", t);
    let tokens = execute!(a.conn(), "DELETE FROM oidc_token WHERE expires_at < $1", t);
    let grants = execute!(
        a.conn(),
        "DELETE FROM oidc_grant WHERE revoked_at IS NOT NULL AND revoked_at < $1",
        t
    );
    Ok(codes + tokens + grants)
}
