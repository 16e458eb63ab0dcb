//! Ending what apps hold: revoking grants (with their codes and tokens) and telling each app
//! that registered a `backchannel_logout_uri` at once, through the outbox (OpenID Connect
//! Back-Channel Logout 1.0), in the transaction that ends the session — a sign-out, a removal,
//! a 2FA reset, an organization's rule stopping the member, a reused refresh token.

use std::collections::HashMap;

use domain::{ClientId, SessionId, UserId};
use serde::Deserialize;
use serde::Serialize;
use store::clients::Client;
use store::oidc::Which;
use time::{Duration, OffsetDateTime};

use crate::error::AppResult;
use crate::services::app_access;
use crate::services::work::Work;
use crate::signing::Keyring;
use crate::state::AppState;

// Why a logout request cannot be followed, as the API and the page say it in English; the
// console matches these to its messages in other languages.
pub const RETRY: &str = "try again in a moment";
pub const FOREIGN_HINT: &str = "the id_token_hint was not issued by this server";
pub const CLIENT_DIFFERS: &str = "client_id differs from the id_token_hint's";
pub const NO_CLIENT: &str = "post_logout_redirect_uri needs the app's id_token_hint or client_id";
pub const UNREGISTERED_URI: &str = "post_logout_redirect_uri is not registered for this app";

/// How long a logout token is worth delivering (and valid for the app).
const LOGOUT_TOKEN_LIFETIME: Duration = Duration::minutes(10);

#[derive(Serialize)]
struct LogoutClaims<'a> {
    iss: &'a str,
    aud: &'a str,
    iat: i64,
    exp: i64,
    jti: String,
    sub: &'a str,
    sid: &'a str,
    events: serde_json::Value,
}

/// Revokes the grants `which` names and queues a logout token for each app that takes them.
///
/// # Errors
/// On database failure.
pub async fn revoke(
    st: &AppState,
    tx: &mut Work<'_>,
    which: Which<'_>,
    now: OffsetDateTime,
) -> AppResult<usize> {
    let revoked = store::oidc::revoke(tx, which, now).await?;
    if revoked.is_empty() {
        return Ok(0);
    }
    // Keys are read, never created, inside a transaction: an RS256 key is made when its first
    // app registers, an ES256 one at start.
    let keys = Keyring::current(st).await?;
    let mut clients: HashMap<String, Option<Client>> = HashMap::new();
    for g in &revoked {
        if !clients.contains_key(&g.client_id) {
            let id = ClientId::from_trusted(g.client_id.clone());
            let found = store::clients::find(tx, &id).await?;
            clients.insert(g.client_id.clone(), found);
        }
        let Some(Some(client)) = clients.get(&g.client_id) else {
            continue;
        };
        let Some(uri) = client.backchannel_logout_uri.as_deref() else {
            continue;
        };
        let claims = LogoutClaims {
            iss: &st.public_url,
            aud: client.id.as_str(),
            iat: now.unix_timestamp(),
            exp: (now + LOGOUT_TOKEN_LIFETIME).unix_timestamp(),
            jti: domain::GrantId::generate().to_string(),
            sub: &g.account_id,
            sid: &g.grant_id,
            events: serde_json::json!({
                "http://schemas.openid.net/event/backchannel-logout": {}
            }),
        };
        let token = match keys.sign(client.id_token_alg, "logout+jwt", &claims) {
            Ok(t) => t,
            Err(e) => {
                tracing::warn!(client = %client.id, error = %e, "no key to sign a logout token");
                continue;
            }
        };
        let id = domain::GrantId::generate().to_string();
        let m = store::outbox::NewLogout {
            id: &id,
            uri,
            logout_token: &token,
            expires_at: now + LOGOUT_TOKEN_LIFETIME,
        };
        store::outbox::enqueue_logout(tx, &m, now).await?;
        tx.queued();
    }
    Ok(revoked.len())
}

/// Ends the apps' sessions of members an enforcing organization now stops (its rule took effect,
/// or a member's deadline passed): each such grant is revoked and its app told on the back
/// channel. Run by every node's background jobs; revoking is idempotent and only the node whose
/// revocation took the grant tells the app. Native apps a policy still lets through (authorized
/// before the deadline, `exempt_clients`) keep their grants.
///
/// # Errors
/// On database failure.
pub async fn end_apps_of_stopped_members(st: &AppState) -> AppResult<usize> {
    let now = st.clock.now();
    let orgs = {
        let mut c = st.store.read().await?;
        store::policies::enforcing(&mut c).await?
    };
    let mut ended = 0;
    for o in orgs
        .iter()
        .filter(|o| o.policy.enforce_from.is_none_or(|f| f <= now))
    {
        let grants = {
            let mut c = st.store.read().await?;
            store::oidc::live_grants_of_members_lacking(&mut c, &o.org_id, o.policy.allowed_mask())
                .await?
        };
        for g in grants {
            let mut tx = Work::begin(st).await?;
            let client = store::clients::find(&mut tx, &g.client_id).await?;
            let account = store::accounts::find_by_id(&mut tx, &g.account_id).await?;
            let (Some(client), Some(account)) = (client, account) else {
                continue;
            };
            let setup_due = account.mfa_setup_due;
            if !app_access::allowed(&mut tx, &client, &g, setup_due, now).await? {
                ended += revoke(st, &mut tx, Which::One(&g.id), now).await?;
                tx.commit().await?;
            }
        }
    }
    Ok(ended)
}

/// A browser session ended (signed out): the grants it authorized end with it.
///
/// # Errors
/// On database failure.
pub async fn session_ended(
    st: &AppState,
    tx: &mut Work<'_>,
    session: &SessionId,
    now: OffsetDateTime,
) -> AppResult<()> {
    revoke(st, tx, Which::Session(session), now).await.map(drop)
}

/// Everything the account's apps hold ends (sign-out everywhere, a 2FA reset, a new password).
///
/// # Errors
/// On database failure.
pub async fn account_ended(
    st: &AppState,
    tx: &mut Work<'_>,
    account: &UserId,
    now: OffsetDateTime,
) -> AppResult<()> {
    revoke(st, tx, Which::Account(account), now).await.map(drop)
}

/// What an RP-initiated logout request (OpenID Connect RP-Initiated Logout 1.0) names.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct EndSession {
    pub id_token_hint: Option<String>,
    pub post_logout_redirect_uri: Option<String>,
    pub state: Option<String>,
    pub client_id: Option<String>,
}

/// Where an RP-initiated logout goes, once checked.
#[derive(Debug, Default)]
pub struct LogoutTarget {
    /// The registered post-logout URI with `state`, if the app named one.
    pub redirect: Option<String>,
    /// The person an ID token we signed names: a session of theirs is ended without asking.
    pub hinted_sub: Option<String>,
}

#[derive(Deserialize)]
struct HintClaims {
    iss: String,
    sub: String,
    aud: String,
}

/// Checks an RP-initiated logout: an `id_token_hint` counts only if one of our keys signed it
/// for this issuer (expired is fine: it only names whom to sign out); a
/// `post_logout_redirect_uri` must be registered by the app the hint or `client_id` names.
///
/// # Errors
/// The sentence for the error page: nothing is redirected anywhere unregistered.
pub async fn end_session_target(
    st: &AppState,
    q: &EndSession,
) -> Result<LogoutTarget, &'static str> {
    let keys = Keyring::current(st).await.map_err(|_| RETRY)?;
    let hint = match q.id_token_hint.as_deref().filter(|h| !h.is_empty()) {
        Some(h) => Some(
            keys.verify::<HintClaims>(h)
                .filter(|c| c.iss == st.public_url)
                .ok_or(FOREIGN_HINT)?,
        ),
        None => None,
    };
    let client_id = match (&hint, q.client_id.as_deref()) {
        (Some(h), Some(c)) if h.aud != c => {
            return Err(CLIENT_DIFFERS);
        }
        (Some(h), _) => Some(h.aud.clone()),
        (None, c) => c.map(str::to_owned),
    };
    let mut target = LogoutTarget {
        redirect: None,
        hinted_sub: hint.map(|h| h.sub),
    };
    let Some(uri) = q
        .post_logout_redirect_uri
        .as_deref()
        .filter(|u| !u.is_empty())
    else {
        return Ok(target);
    };
    let client = match client_id.as_deref().map(ClientId::parse) {
        Some(Ok(id)) => {
            let mut c = st.store.read().await.map_err(|_| RETRY)?;
            store::clients::find(&mut c, &id).await.map_err(|_| RETRY)?
        }
        _ => None,
    };
    let Some(client) = client else {
        return Err(NO_CLIENT);
    };
    if !crate::services::oidc_authorize::registered(&client.post_logout_redirect_uris, uri, &client)
    {
        return Err(UNREGISTERED_URI);
    }
    let mut url = uri.to_owned();
    if let Some(state) = q.state.as_deref().filter(|s| s.len() <= 1024) {
        url.push(if url.contains('?') { '&' } else { '?' });
        url.push_str("state=");
        url.extend(url::form_urlencoded::byte_serialize(state.as_bytes()));
    }
    target.redirect = Some(url);
    Ok(target)
}
