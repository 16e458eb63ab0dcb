//! Apps that sign an organization's people in through twofold (OpenID Connect clients):
//! registered, listed and removed by the organization's owners and administrators.

use domain::audit::AuditAction;
use domain::oidc::{AppKind, ClientType, MAX_REDIRECT_URIS, RedirectUri, SigningAlg};
use domain::{ClientId, OrgId, SecretToken, UserId, ValidationError};
use store::clients::{Client, NewClient};

use crate::error::{AppError, AppResult};
use crate::services::audit;
use crate::services::factors::require_recent_second_factor;
use crate::services::org_access::{event, manager_of};
use crate::services::signed_in::Authenticated;
use crate::services::work::Work;
use crate::state::AppState;

/// The most apps one organization may register.
const MAX_CLIENTS: i64 = 100;

/// An app to register, already parsed.
pub struct Registration {
    pub name: String,
    pub client_type: ClientType,
    pub app_kind: AppKind,
    pub redirect_uris: Vec<RedirectUri>,
    pub post_logout_redirect_uris: Vec<RedirectUri>,
    pub id_token_alg: SigningAlg,
    pub backchannel_logout_uri: Option<RedirectUri>,
}

impl Registration {
    /// Adds what OpenID Connect Dynamic Client Registration names
    /// `id_token_signed_response_alg` (ES256 unless RS256) and `backchannel_logout_uri`
    /// (OpenID Connect Back-Channel Logout 1.0: `https`, or `http` on a loopback address).
    ///
    /// # Errors
    /// `Validation` naming the field.
    pub fn with_options(
        mut self,
        id_token_alg: Option<&str>,
        backchannel_logout_uri: Option<&str>,
    ) -> Result<Self, ValidationError> {
        if let Some(alg) = id_token_alg {
            self.id_token_alg = SigningAlg::parse(alg)?;
        }
        self.backchannel_logout_uri = backchannel_logout_uri
            .filter(|u| !u.is_empty())
            .map(|u| RedirectUri::parse(u, AppKind::Web, "backchannel_logout_uri"))
            .transpose()?;
        Ok(self)
    }

    /// Parses what a manager sends.
    ///
    /// # Errors
    /// `Validation` naming the field.
    pub fn parse(
        name: &str,
        client_type: &str,
        kind: &str,
        redirect_uris: &[String],
        post_logout: &[String],
    ) -> Result<Self, ValidationError> {
        let name = domain::method::parse_label(name)
            .map_err(|_| ValidationError::because("name", domain::error::Invalid::Chars(1, 64)))?;
        let client_type = ClientType::parse(client_type)?;
        let app_kind = AppKind::parse(kind)?;
        let parse_all = |raw: &[String], field: &'static str| {
            if raw.len() > MAX_REDIRECT_URIS {
                return Err(ValidationError::because(
                    field,
                    domain::error::Invalid::AtMost(20),
                ));
            }
            raw.iter()
                .map(|u| RedirectUri::parse(u, app_kind, field))
                .collect::<Result<Vec<_>, _>>()
        };
        let redirect_uris = parse_all(redirect_uris, "redirect_uris")?;
        if redirect_uris.is_empty() {
            return Err(ValidationError::because(
                "redirect_uris",
                domain::error::Invalid::AtLeastOne,
            ));
        }
        Ok(Self {
            name,
            client_type,
            app_kind,
            redirect_uris,
            post_logout_redirect_uris: parse_all(post_logout, "post_logout_redirect_uris")?,
            id_token_alg: SigningAlg::Es256,
            backchannel_logout_uri: None,
        })
    }
}

/// Whether `url`'s host is this machine or a private network (by its literal address or the
/// name `localhost`).
fn internal_host(url: &str) -> bool {
    use std::net::IpAddr;
    let Ok(u) = url::Url::parse(url) else {
        return true;
    };
    match u.host() {
        Some(url::Host::Ipv4(ip)) => {
            let ip = IpAddr::V4(ip);
            ip.is_loopback()
                || ip.is_unspecified()
                || matches!(ip, IpAddr::V4(v4) if v4.is_private() || v4.is_link_local())
        }
        Some(url::Host::Ipv6(ip)) => {
            ip.is_loopback()
                || ip.is_unspecified()
                || ip.is_unique_local()
                || ip.is_unicast_link_local()
        }
        Some(url::Host::Domain(d)) => d == "localhost" || d.ends_with(".localhost"),
        None => true,
    }
}

/// twofold posts back-channel logout tokens from inside the operator's network: to an address
/// there only when twofold itself is served on one (a development or test set-up), so that an
/// organization's manager cannot make the server call its neighbours. (A public name that
/// resolves to a private address is not caught here.)
fn check_backchannel(st: &AppState, app: &Registration) -> Result<(), ValidationError> {
    match &app.backchannel_logout_uri {
        Some(u) if internal_host(u.as_str()) && !internal_host(&st.public_url) => {
            Err(ValidationError::because(
                "backchannel_logout_uri",
                domain::error::Invalid::PublicHttps,
            ))
        }
        _ => Ok(()),
    }
}

/// Checks that the caller may manage the organization's apps: an owner or an administrator,
/// with a second factor passed in the last minutes.
async fn app_manager(
    st: &AppState,
    tx: &mut Work<'_>,
    auth: &Authenticated,
    org: &OrgId,
    now: time::OffsetDateTime,
) -> AppResult<()> {
    let me = manager_of(tx, org, &auth.session.account_id).await?;
    if !me.role.may_manage_apps() {
        return Err(AppError::Forbidden(
            "only owners and administrators may manage the organization's apps",
        ));
    }
    require_recent_second_factor(st, auth, true, now)
}

/// Registers an app of the organization; a confidential one gets a 256-bit secret, returned
/// this once and stored as its hash. Audited in the organization's log.
///
/// # Errors
/// `NotFound` / `Forbidden`; `ReauthenticationRequired`; `RateLimited` beyond 100 apps.
pub async fn register(
    st: &AppState,
    auth: &Authenticated,
    org: &OrgId,
    app: Registration,
    ip: Option<&str>,
) -> AppResult<(Client, Option<SecretToken>)> {
    check_backchannel(st, &app)?;
    keys_for(st, app.id_token_alg).await?;
    let now = st.clock.now();
    let mut tx = Work::begin(st).await?;
    if !store::orgs::lock(&mut tx, org).await? {
        return Err(AppError::NotFound("organization"));
    }
    app_manager(st, &mut tx, auth, org, now).await?;
    if store::clients::count_of_org(&mut tx, org).await? >= MAX_CLIENTS {
        return Err(
            ValidationError::because("name", domain::error::Invalid::TooManyApps(100)).into(),
        );
    }
    let (client, secret) =
        insert_app(&mut tx, Some(org), app, Some(&auth.session.account_id), now).await?;
    let detail = format!(
        "name={:?} type={} kind={}",
        client.name,
        client.client_type.as_str(),
        client.app_kind.as_str()
    );
    let me = &auth.session.account_id;
    let target = Some(client.id.as_str());
    let what = event(
        org,
        me,
        AuditAction::ClientRegistered,
        target,
        ip,
        Some(&detail),
        now,
    );
    audit::record(&mut tx, &what).await?;
    tx.commit().await?;
    Ok((client, secret))
}

/// Makes the key the app's ID tokens need (an RS256 one is made only when an app asks), before
/// the app is stored: a registration never leaves an app whose tokens cannot be signed.
async fn keys_for(st: &AppState, alg: SigningAlg) -> AppResult<()> {
    crate::signing::Keyring::ensure(st, alg).await.map(drop)
}

/// The organization's apps, for its managers (never a secret).
///
/// # Errors
/// `NotFound` for outsiders, `Forbidden` for plain members.
pub async fn list(st: &AppState, caller: &UserId, org: &OrgId) -> AppResult<Vec<Client>> {
    let mut c = st.store.read().await?;
    manager_of(&mut c, org, caller).await?;
    Ok(store::clients::of_org(&mut c, org).await?)
}

/// Removes one of the organization's apps. Audited.
///
/// # Errors
/// `NotFound` (also for another organization's app); `Forbidden`; `ReauthenticationRequired`.
pub async fn remove(
    st: &AppState,
    auth: &Authenticated,
    org: &OrgId,
    id: &ClientId,
    ip: Option<&str>,
) -> AppResult<()> {
    let now = st.clock.now();
    let mut tx = Work::begin(st).await?;
    app_manager(st, &mut tx, auth, org, now).await?;
    if !store::clients::delete(&mut tx, org, id).await? {
        return Err(AppError::NotFound("client"));
    }
    let me = &auth.session.account_id;
    let what = event(
        org,
        me,
        AuditAction::ClientRemoved,
        Some(id.as_str()),
        ip,
        None,
        now,
    );
    audit::record(&mut tx, &what).await?;
    tx.commit().await?;
    Ok(())
}

/// Registers an app from the operator's shell (`twofold client add`): for an organization, or
/// with `None` instance-wide (the console's own rules apply to whoever signs in). Audited with
/// no actor.
///
/// # Errors
/// `NotFound` for an unknown organization.
pub async fn register_by_operator(
    st: &AppState,
    org: Option<&OrgId>,
    app: Registration,
) -> AppResult<(Client, Option<SecretToken>)> {
    check_backchannel(st, &app)?;
    keys_for(st, app.id_token_alg).await?;
    let now = st.clock.now();
    let mut tx = Work::begin(st).await?;
    if let Some(org) = org
        && !store::orgs::lock(&mut tx, org).await?
    {
        return Err(AppError::NotFound("organization"));
    }
    let (client, secret) = insert_app(&mut tx, org, app, None, now).await?;
    let what = operator_event(org, AuditAction::ClientRegistered, &client.id, now);
    audit::record(&mut tx, &what).await?;
    tx.commit().await?;
    Ok((client, secret))
}

/// An app change the operator made: in the organization's log, or the instance's.
fn operator_event<'a>(
    org: Option<&'a OrgId>,
    action: AuditAction,
    id: &'a ClientId,
    at: time::OffsetDateTime,
) -> store::audit::NewEvent<'a> {
    store::audit::NewEvent {
        org_id: org,
        actor_id: None,
        action,
        target: Some(id.as_str()),
        ip: None,
        detail: Some("by the operator"),
        at,
    }
}

/// Apps for the operator: an organization's, or with `None` the instance-wide ones.
///
/// # Errors
/// On database failure.
pub async fn list_by_operator(st: &AppState, org: Option<&OrgId>) -> AppResult<Vec<Client>> {
    let mut c = st.store.read().await?;
    Ok(match org {
        Some(org) => store::clients::of_org(&mut c, org).await?,
        None => store::clients::instance_wide(&mut c).await?,
    })
}

/// Removes an app from the operator's shell, whichever organization's. Audited.
///
/// # Errors
/// `NotFound` for an unknown app.
pub async fn remove_by_operator(st: &AppState, id: &ClientId) -> AppResult<()> {
    let now = st.clock.now();
    let mut tx = Work::begin(st).await?;
    let client = store::clients::find(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound("client"))?;
    store::clients::delete_any(&mut tx, id).await?;
    let what = operator_event(client.org_id.as_ref(), AuditAction::ClientRemoved, id, now);
    audit::record(&mut tx, &what).await?;
    tx.commit().await?;
    Ok(())
}

/// Stores a new app; a confidential one gets a 256-bit secret, returned this once and stored
/// as its hash.
async fn insert_app(
    tx: &mut Work<'_>,
    org: Option<&OrgId>,
    app: Registration,
    created_by: Option<&UserId>,
    now: time::OffsetDateTime,
) -> AppResult<(Client, Option<SecretToken>)> {
    let id = ClientId::generate();
    let secret = match app.client_type {
        ClientType::Confidential => Some(SecretToken::generate()?),
        ClientType::Public => None,
    };
    let secret_hash = secret.as_ref().map(SecretToken::hash);
    store::clients::insert(
        tx,
        &NewClient {
            id: &id,
            org_id: org,
            name: &app.name,
            client_type: app.client_type,
            app_kind: app.app_kind,
            secret_hash: secret_hash.as_ref().map(|h| h.as_str()),
            redirect_uris: &app.redirect_uris,
            post_logout_redirect_uris: &app.post_logout_redirect_uris,
            created_by,
            id_token_alg: app.id_token_alg,
            backchannel_logout_uri: app.backchannel_logout_uri.as_ref().map(RedirectUri::as_str),
        },
        now,
    )
    .await?;
    let client = Client {
        id,
        org_id: org.cloned(),
        name: app.name,
        client_type: app.client_type,
        app_kind: app.app_kind,
        redirect_uris: app.redirect_uris,
        post_logout_redirect_uris: app.post_logout_redirect_uris,
        created_at: now,
        id_token_alg: app.id_token_alg,
        backchannel_logout_uri: app.backchannel_logout_uri.map(|u| u.as_str().to_owned()),
        secret_hash,
    };
    Ok((client, secret))
}

#[cfg(test)]
mod tests {
    use super::internal_host;

    #[test]
    fn back_channel_addresses_inside_the_network_are_told_apart() {
        for inside in [
            "http://127.0.0.1:8080/bc",
            "https://10.1.2.3/bc",
            "https://192.168.0.10/bc",
            "https://172.16.0.1/bc",
            "https://169.254.169.254/latest",
            "https://[::1]/bc",
            "https://[fd00::1]/bc",
            "http://localhost/bc",
            "https://api.localhost/bc",
            "https://0.0.0.0/bc",
        ] {
            assert!(internal_host(inside), "{inside}");
        }
        for outside in ["https://wiki.example.org/bc", "https://93.184.215.14/bc"] {
            assert!(!internal_host(outside), "{outside}");
        }
    }
}
