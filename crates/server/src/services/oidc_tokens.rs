//! The token endpoint (codes and refresh tokens for tokens), userinfo, introspection (RFC 7662)
//! and revocation (RFC 7009). Access and refresh tokens are 256-bit random values stored as
//! hashes: every use looks the grant up and asks the access decision again, so an
//! organization's rule, a removal or a sign-out everywhere reaches apps at their next call.

use domain::oidc::SigningAlg;
use domain::oidc::flow::OAuthError;
use domain::{ClientId, SecretToken, TokenHash, UserId};
use serde::{Deserialize, Serialize};
use store::Access;
use store::clients::Client;
use store::oidc::{Grant, NewToken, TokenKind, Which};
use subtle::ConstantTimeEq;
use time::OffsetDateTime;

use crate::error::{AppError, AppResult};
use crate::services::app_access;
use crate::services::oidc_logout;
use crate::services::work::Work;
use crate::signing::Keyring;
use crate::state::AppState;

/// Why a token request failed, as OAuth says it (RFC 6749 §5.2).
#[derive(Debug)]
pub enum Refusal {
    OAuth(OAuthError, &'static str),
    App(AppError),
}

impl<E: Into<AppError>> From<E> for Refusal {
    fn from(e: E) -> Self {
        Self::App(e.into())
    }
}

fn refuse<T>(e: OAuthError, why: &'static str) -> Result<T, Refusal> {
    Err(Refusal::OAuth(e, why))
}

/// Who the caller says it is: `client_id` and, for a confidential client, its secret (from
/// HTTP Basic or the form).
pub struct ClientCredentials {
    pub client_id: String,
    pub client_secret: Option<String>,
}

/// Checks the client's credentials: a confidential client's secret is compared as a hash, in
/// constant time; a public client has none to show.
///
/// # Errors
/// `invalid_client` for an unknown client or a wrong or missing secret.
pub async fn authenticate_client(
    st: &AppState,
    creds: &ClientCredentials,
) -> Result<Client, Refusal> {
    let Ok(id) = ClientId::parse(&creds.client_id) else {
        return refuse(OAuthError::InvalidClient, "unknown client");
    };
    let client = {
        let mut c = st.store.read().await?;
        store::clients::find(&mut c, &id).await?
    };
    let Some(client) = client else {
        return refuse(OAuthError::InvalidClient, "unknown client");
    };
    match &client.secret_hash {
        None => Ok(client),
        Some(stored) => {
            let presented = creds
                .client_secret
                .as_deref()
                .and_then(SecretToken::parse)
                .map(|s| s.hash());
            let ok = presented.is_some_and(|p| {
                bool::from(p.as_str().as_bytes().ct_eq(stored.as_str().as_bytes()))
            });
            if ok {
                Ok(client)
            } else {
                refuse(OAuthError::InvalidClient, "client authentication failed")
            }
        }
    }
}

/// A token answer (RFC 6749 §5.1, OpenID Connect Core §3.1.3.3).
#[derive(Debug, Serialize, Deserialize)]
pub struct Issued {
    pub access_token: String,
    pub token_type: &'static str,
    pub expires_in: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_token: Option<String>,
    pub scope: String,
}

/// The claims of an ID token.
#[derive(Debug, Serialize, Deserialize)]
pub struct IdClaims {
    pub iss: String,
    pub sub: String,
    pub aud: String,
    pub azp: String,
    pub exp: i64,
    pub iat: i64,
    pub auth_time: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nonce: Option<String>,
    pub acr: String,
    pub amr: Vec<String>,
    /// The grant: what a back-channel logout token names (`sid`).
    pub sid: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_verified: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// What a token request exchanges.
pub enum Exchange {
    Code {
        code: String,
        redirect_uri: Option<String>,
        code_verifier: Option<String>,
    },
    Refresh {
        refresh_token: String,
    },
}

/// The token endpoint.
///
/// # Errors
/// `invalid_grant` for a code or refresh token that is unknown, expired, another client's,
/// reused (which revokes its whole family) or no longer allowed by the access decision.
pub async fn exchange(st: &AppState, client: &Client, ex: Exchange) -> Result<Issued, Refusal> {
    match ex {
        Exchange::Code {
            code,
            redirect_uri,
            code_verifier,
        } => {
            let presented = Presented {
                redirect_uri: redirect_uri.as_deref(),
                verifier: code_verifier.as_deref(),
            };
            code_grant(st, client, &code, &presented).await
        }
        Exchange::Refresh { refresh_token } => refresh_grant(st, client, &refresh_token).await,
    }
}

struct Presented<'a> {
    redirect_uri: Option<&'a str>,
    verifier: Option<&'a str>,
}

fn hash_of(raw: &str) -> Option<TokenHash> {
    SecretToken::parse(raw).map(|t| t.hash())
}

async fn code_grant(
    st: &AppState,
    client: &Client,
    raw: &str,
    presented: &Presented<'_>,
) -> Result<Issued, Refusal> {
    let now = st.clock.now();
    let Some(hash) = hash_of(raw) else {
        return refuse(OAuthError::InvalidGrant, "unknown authorization code");
    };
    let mut tx = Work::begin(st).await?;
    let Some(code) = store::oidc::use_code(&mut tx, &hash, now).await? else {
        return refuse(OAuthError::InvalidGrant, "unknown authorization code");
    };
    if !code.first_use {
        // RFC 6749 §4.1.2: a code used twice revokes what its first use issued.
        oidc_logout::revoke(st, &mut tx, Which::One(&code.grant.id), now).await?;
        tx.commit().await?;
        return refuse(
            OAuthError::InvalidGrant,
            "the authorization code was used before; what it issued is revoked",
        );
    }
    let checks = [
        (
            code.grant.client_id == client.id,
            "the code was issued to another client",
        ),
        (code.expires_at > now, "the authorization code expired"),
        (
            presented.redirect_uri == Some(code.redirect_uri.as_str()),
            "redirect_uri differs from the authorization request's",
        ),
        (
            pkce_holds(code.code_challenge.as_deref(), presented.verifier),
            "PKCE verification failed",
        ),
    ];
    if let Some((_, why)) = checks.iter().find(|(ok, _)| !ok) {
        // The code is spent either way: whoever holds it gets nothing more from it.
        tx.commit().await?;
        return refuse(OAuthError::InvalidGrant, why);
    }
    let account = account_of(&mut tx, &code.grant.account_id).await?;
    let Some(mut issued) = issue(st, &mut tx, &code.grant, None, now).await? else {
        return refuse(OAuthError::InvalidGrant, "the grant was revoked");
    };
    tx.commit().await?;
    // Signed after the commit: a signature takes longer than the transaction's statements
    // (docs/PERFORMANCE.md), and on SQLite every writer waits while a transaction is open.
    issued.id_token = Some(id_token(st, client, &code.grant, &account, now).await?);
    Ok(issued)
}

/// A challenge needs its verifier; without a challenge a verifier is refused too (RFC 9700
/// §4.8.2: it would hide a downgrade).
fn pkce_holds(challenge: Option<&str>, verifier: Option<&str>) -> bool {
    match (challenge, verifier) {
        (Some(c), Some(v)) => {
            domain::oidc::CodeChallenge::parse(c, Some("S256")).is_ok_and(|c| c.verifies(v))
        }
        (None, None) => true,
        _ => false,
    }
}

async fn refresh_grant(st: &AppState, client: &Client, raw: &str) -> Result<Issued, Refusal> {
    let now = st.clock.now();
    let Some(hash) = hash_of(raw) else {
        return refuse(OAuthError::InvalidGrant, "unknown refresh token");
    };
    // Everything is read first, on a connection of its own; the one write is a single
    // statement that stores the new tokens only if no exchange of this token stored any and
    // the grant still stands (`store::oidc::issue_tokens`). So single use holds under racing
    // requests, and on SQLite the writer's turn lasts one statement, not a transaction.
    let token = {
        let mut c = st.store.read().await?;
        let token = store::oidc::find_token(&mut c, &hash, now).await?;
        let Some(token) = token.filter(|t| t.kind == TokenKind::Refresh) else {
            return refuse(OAuthError::InvalidGrant, "unknown or expired refresh token");
        };
        if token.grant.client_id != client.id {
            return refuse(
                OAuthError::InvalidGrant,
                "the refresh token is another client's",
            );
        }
        if !token.used {
            let account = account_of(&mut c, &token.grant.account_id).await?;
            if !allowed(&mut c, client, &token.grant, &account, now).await? {
                return refuse(
                    OAuthError::InvalidGrant,
                    "the person must sign in again: an organization's two-factor rule stops this app's access",
                );
            }
        }
        token
    };
    if !token.used {
        let mut w = st.store.write().await?;
        if let Some(issued) = issue(st, &mut w, &token.grant, Some(&hash), now).await? {
            return Ok(issued);
        }
    }
    // Presented twice: one of the two holders stole it. The whole family goes. (Nothing is
    // stored either when the grant was revoked since the read; revoking it again changes
    // nothing.)
    let mut tx = Work::begin(st).await?;
    oidc_logout::revoke(st, &mut tx, Which::One(&token.grant.id), now).await?;
    tx.commit().await?;
    refuse(
        OAuthError::InvalidGrant,
        "the refresh token was used before; its whole family is revoked",
    )
}

/// What tokens need of the account.
struct AccountFacts {
    id: UserId,
    email: String,
    name: String,
    setup_due: bool,
    /// A link sent to the address was used (the `email_verified` claim).
    proved: bool,
}

async fn account_of(a: &mut impl Access, id: &UserId) -> Result<AccountFacts, Refusal> {
    let Some(a) = store::accounts::find_by_id(a, id).await? else {
        return refuse(OAuthError::InvalidGrant, "the account is gone");
    };
    Ok(AccountFacts {
        id: a.id,
        email: a.email.to_string(),
        name: a.name,
        setup_due: a.mfa_setup_due,
        proved: a.proved,
    })
}

/// The access decision for the grant now (see [`app_access::allowed`]).
async fn allowed(
    a: &mut impl Access,
    client: &Client,
    grant: &Grant,
    account: &AccountFacts,
    now: OffsetDateTime,
) -> AppResult<bool> {
    app_access::allowed(a, client, grant, account.setup_due, now).await
}

/// A new access token, and a new refresh token when `offline_access` was granted (rotation:
/// it replaces the refresh token presented, if any). `None` when nothing was stored: the
/// presented refresh token was exchanged before, or the grant was revoked meanwhile. A code's
/// ID token is the caller's to add.
async fn issue(
    st: &AppState,
    a: &mut impl Access,
    grant: &Grant,
    replaces: Option<&TokenHash>,
    now: OffsetDateTime,
) -> Result<Option<Issued>, Refusal> {
    let cfg = &st.config.oidc;
    let scopes = domain::oidc::Scopes::parse(&grant.scopes).unwrap_or_default();
    let access = SecretToken::generate()?;
    let refresh = if scopes.offline_access || replaces.is_some() {
        Some(SecretToken::generate()?)
    } else {
        None
    };
    let (access_hash, refresh_hash) = (access.hash(), refresh.as_ref().map(SecretToken::hash));
    let stored = store::oidc::issue_tokens(
        a,
        &store::oidc::Issue {
            grant_id: &grant.id,
            now,
            access: NewToken {
                hash: &access_hash,
                expires_at: now + cfg.access_token(),
            },
            refresh: refresh_hash.as_ref().map(|hash| NewToken {
                hash,
                expires_at: now + cfg.refresh_token(),
            }),
            replaces,
        },
    )
    .await?;
    if stored != store::oidc::Issued::Stored {
        return Ok(None);
    }
    Ok(Some(Issued {
        access_token: access.expose().to_owned(),
        token_type: "Bearer",
        expires_in: cfg.access_token().whole_seconds(),
        refresh_token: refresh.map(|r| r.expose().to_owned()),
        id_token: None,
        scope: grant.scopes.clone(),
    }))
}

async fn id_token(
    st: &AppState,
    client: &Client,
    grant: &Grant,
    account: &AccountFacts,
    now: OffsetDateTime,
) -> AppResult<String> {
    let scopes = domain::oidc::Scopes::parse(&grant.scopes).unwrap_or_default();
    let claims = IdClaims {
        iss: st.public_url.clone(),
        sub: account.id.to_string(),
        aud: client.id.to_string(),
        azp: client.id.to_string(),
        exp: (now + st.config.oidc.id_token()).unix_timestamp(),
        iat: now.unix_timestamp(),
        auth_time: grant.auth_time.unix_timestamp(),
        nonce: grant.nonce.clone(),
        acr: grant.acr.clone(),
        amr: grant.amr.split(' ').map(str::to_owned).collect(),
        sid: grant.id.clone(),
        email: scopes.email.then(|| account.email.clone()),
        // True only when a link sent to the address was used (not for accounts an operator
        // made, or made before sign-up asked for proof).
        email_verified: scopes.email.then_some(account.proved),
        name: scopes.profile.then(|| account.name.clone()),
    };
    let keys = Keyring::ensure(st, client.id_token_alg).await?;
    keys.sign(client.id_token_alg, "JWT", &claims)
}

/// The person an access token speaks for, while the rules still let it: `None` for an unknown,
/// expired or revoked token, or one the access decision now stops.
///
/// # Errors
/// On database failure.
pub async fn bearer(st: &AppState, raw: &str) -> AppResult<Option<Userinfo>> {
    let now = st.clock.now();
    let Some(hash) = hash_of(raw) else {
        return Ok(None);
    };
    // Reads only: a connection of its own, not the writer's turn.
    let mut tx = st.store.read().await?;
    let token = store::oidc::find_token(&mut tx, &hash, now).await?;
    let Some(token) = token.filter(|t| t.kind == TokenKind::Access) else {
        return Ok(None);
    };
    let Some(client) = store::clients::find(&mut tx, &token.grant.client_id).await? else {
        return Ok(None);
    };
    let account = match account_of(&mut tx, &token.grant.account_id).await {
        Ok(a) => a,
        Err(Refusal::App(e)) => return Err(e),
        Err(Refusal::OAuth(..)) => return Ok(None),
    };
    if !allowed(&mut tx, &client, &token.grant, &account, now).await? {
        return Ok(None);
    }
    let scopes = domain::oidc::Scopes::parse(&token.grant.scopes).unwrap_or_default();
    Ok(Some(Userinfo {
        sub: account.id.to_string(),
        email: scopes.email.then(|| account.email.clone()),
        email_verified: scopes.email.then_some(account.proved),
        name: scopes.profile.then(|| account.name.clone()),
    }))
}

/// The userinfo answer (OpenID Connect Core §5.3.2).
#[derive(Debug, Serialize, Deserialize)]
pub struct Userinfo {
    pub sub: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_verified: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// An introspection answer (RFC 7662 §2.2): only `active: false` for anything the caller may
/// not know about.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Introspection {
    pub active: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_type: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exp: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iat: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iss: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aud: Option<String>,
}

/// Introspects a token for the client it was issued to; any other client learns nothing.
///
/// # Errors
/// On database failure.
pub async fn introspect(st: &AppState, client: &Client, raw: &str) -> AppResult<Introspection> {
    let now = st.clock.now();
    let Some(hash) = hash_of(raw) else {
        return Ok(Introspection::default());
    };
    let mut tx = st.store.read().await?;
    let token = store::oidc::find_token(&mut tx, &hash, now).await?;
    let Some(token) = token.filter(|t| t.grant.client_id == client.id && !t.used) else {
        return Ok(Introspection::default());
    };
    let account = match account_of(&mut tx, &token.grant.account_id).await {
        Ok(a) => a,
        Err(Refusal::App(e)) => return Err(e),
        Err(Refusal::OAuth(..)) => return Ok(Introspection::default()),
    };
    if !allowed(&mut tx, client, &token.grant, &account, now).await? {
        return Ok(Introspection::default());
    }
    Ok(Introspection {
        active: true,
        scope: Some(token.grant.scopes.clone()),
        client_id: Some(client.id.to_string()),
        sub: Some(account.id.to_string()),
        token_type: Some(match token.kind {
            TokenKind::Access => "Bearer",
            TokenKind::Refresh => "refresh_token",
        }),
        exp: Some(token.expires_at.unix_timestamp()),
        iat: Some(token.created_at.unix_timestamp()),
        iss: Some(st.public_url.clone()),
        aud: Some(client.id.to_string()),
    })
}

/// Revokes a token of the calling client (RFC 7009): a refresh token takes its whole grant
/// with it, an access token only itself. Unknown tokens are no error (§2.2).
///
/// # Errors
/// On database failure.
pub async fn revoke(st: &AppState, client: &Client, raw: &str) -> AppResult<()> {
    let now = st.clock.now();
    let Some(hash) = hash_of(raw) else {
        return Ok(());
    };
    let mut tx = Work::begin(st).await?;
    let token = store::oidc::find_token(&mut tx, &hash, now).await?;
    match token.filter(|t| t.grant.client_id == client.id) {
        Some(t) if t.kind == TokenKind::Refresh => {
            oidc_logout::revoke(st, &mut tx, Which::One(&t.grant.id), now).await?;
        }
        Some(_) => store::oidc::delete_token(&mut tx, &hash).await?,
        None => return Ok(()),
    }
    tx.commit().await?;
    Ok(())
}

/// The algorithms ID tokens may be signed with, for discovery.
pub fn signing_algs() -> Vec<&'static str> {
    SigningAlg::ALL.iter().map(|a| a.as_str()).collect()
}
