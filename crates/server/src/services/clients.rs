//! Apps that sign an organization's people in through twofold (OpenID Connect clients):
//! registered, listed and removed by the organization's owners and administrators.

use domain::audit::AuditAction;
use domain::oidc::{AppKind, ClientType, MAX_REDIRECT_URIS, RedirectUri};
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
}

impl Registration {
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
            .map_err(|_| ValidationError::new("name", "must be 1 to 64 characters"))?;
        let client_type = ClientType::parse(client_type)?;
        let app_kind = AppKind::parse(kind)?;
        let parse_all = |raw: &[String], field: &'static str| {
            if raw.len() > MAX_REDIRECT_URIS {
                return Err(ValidationError::new(field, "at most 20"));
            }
            raw.iter()
                .map(|u| RedirectUri::parse(u, app_kind, field))
                .collect::<Result<Vec<_>, _>>()
        };
        let redirect_uris = parse_all(redirect_uris, "redirect_uris")?;
        if redirect_uris.is_empty() {
            return Err(ValidationError::new(
                "redirect_uris",
                "must name at least one",
            ));
        }
        Ok(Self {
            name,
            client_type,
            app_kind,
            redirect_uris,
            post_logout_redirect_uris: parse_all(post_logout, "post_logout_redirect_uris")?,
        })
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
    let now = st.clock.now();
    let mut tx = Work::begin(st).await?;
    if !store::orgs::lock(&mut tx, org).await? {
        return Err(AppError::NotFound("organization"));
    }
    app_manager(st, &mut tx, auth, org, now).await?;
    if store::clients::count_of_org(&mut tx, org).await? >= MAX_CLIENTS {
        return Err(ValidationError::new("name", "the organization has 100 apps already").into());
    }
    let id = ClientId::generate();
    let secret = match app.client_type {
        ClientType::Confidential => Some(SecretToken::generate()?),
        ClientType::Public => None,
    };
    let secret_hash = secret.as_ref().map(|s| s.hash());
    store::clients::insert(
        &mut tx,
        &NewClient {
            id: &id,
            org_id: Some(org),
            name: &app.name,
            client_type: app.client_type,
            app_kind: app.app_kind,
            secret_hash: secret_hash.as_ref().map(|h| h.as_str()),
            redirect_uris: &app.redirect_uris,
            post_logout_redirect_uris: &app.post_logout_redirect_uris,
            created_by: Some(&auth.session.account_id),
        },
        now,
    )
    .await?;
    let detail = format!(
        "name={:?} type={} kind={}",
        app.name,
        app.client_type.as_str(),
        app.app_kind.as_str()
    );
    let me = &auth.session.account_id;
    let what = event(
        org,
        me,
        AuditAction::ClientRegistered,
        Some(id.as_str()),
        ip,
        Some(&detail),
        now,
    );
    audit::record(&mut tx, &what).await?;
    tx.commit().await?;
    let client = Client {
        id,
        org_id: Some(org.clone()),
        name: app.name,
        client_type: app.client_type,
        app_kind: app.app_kind,
        redirect_uris: app.redirect_uris,
        post_logout_redirect_uris: app.post_logout_redirect_uris,
        created_at: now,
    };
    Ok((client, secret))
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
