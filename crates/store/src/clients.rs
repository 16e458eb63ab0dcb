//! Apps that sign people in through twofold (OpenID Connect clients): what they registered,
//! their secret as a hash.

use domain::oidc::{AppKind, ClientType, RedirectUri, SigningAlg};
use domain::{ClientId, OrgId, TokenHash, UserId};
use time::OffsetDateTime;

use crate::{Access, StoreError, from_ms, to_ms};

/// A registered app.
#[derive(Debug, Clone)]
pub struct Client {
    pub id: ClientId,
    /// `None` for an instance-wide app the operator registered.
    pub org_id: Option<OrgId>,
    pub name: String,
    pub client_type: ClientType,
    pub app_kind: AppKind,
    pub redirect_uris: Vec<RedirectUri>,
    pub post_logout_redirect_uris: Vec<RedirectUri>,
    pub created_at: OffsetDateTime,
    /// How its ID tokens are signed.
    pub id_token_alg: SigningAlg,
    /// Where back-channel logout tokens go.
    pub backchannel_logout_uri: Option<String>,
    /// SHA-256 of a confidential client's secret.
    pub secret_hash: Option<TokenHash>,
}

/// What registering an app stores.
pub struct NewClient<'a> {
    pub id: &'a ClientId,
    pub org_id: Option<&'a OrgId>,
    pub name: &'a str,
    pub client_type: ClientType,
    pub app_kind: AppKind,
    /// SHA-256 of a confidential client's secret.
    pub secret_hash: Option<&'a str>,
    pub redirect_uris: &'a [RedirectUri],
    pub post_logout_redirect_uris: &'a [RedirectUri],
    pub created_by: Option<&'a UserId>,
    pub id_token_alg: SigningAlg,
    pub backchannel_logout_uri: Option<&'a str>,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    org_id: Option<String>,
    name: String,
    client_type: String,
    app_kind: String,
    redirect_uris: String,
    post_logout_redirect_uris: String,
    created_at: i64,
    id_token_alg: String,
    backchannel_logout_uri: Option<String>,
    secret_hash: Option<String>,
}

fn uris(stored: &str, kind: AppKind) -> Result<Vec<RedirectUri>, StoreError> {
    stored
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| RedirectUri::parse(l, kind, "redirect_uris").map_err(StoreError::from))
        .collect()
}

fn lines(uris: &[RedirectUri]) -> String {
    uris.iter()
        .map(RedirectUri::as_str)
        .collect::<Vec<_>>()
        .join("\n")
}

impl TryFrom<Row> for Client {
    type Error = StoreError;
    fn try_from(r: Row) -> Result<Self, StoreError> {
        let app_kind = AppKind::parse(&r.app_kind)?;
        Ok(Self {
            id: ClientId::from_trusted(r.id),
            org_id: r.org_id.map(OrgId::from_trusted),
            name: r.name,
            client_type: ClientType::parse(&r.client_type)?,
            app_kind,
            redirect_uris: uris(&r.redirect_uris, app_kind)?,
            post_logout_redirect_uris: uris(&r.post_logout_redirect_uris, app_kind)?,
            created_at: from_ms(r.created_at)?,
            id_token_alg: SigningAlg::parse(&r.id_token_alg)?,
            backchannel_logout_uri: r.backchannel_logout_uri,
            secret_hash: r.secret_hash.map(TokenHash::from_trusted),
        })
    }
}

/// # Errors
/// On database failure.
pub async fn insert(
    a: &mut impl Access,
    c: &NewClient<'_>,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    execute!(
        a.conn(),
        "INSERT INTO oidc_client (id, org_id, name, client_type, app_kind, secret_hash,
                                  redirect_uris, post_logout_redirect_uris, created_by, created_at,
                                  id_token_alg, backchannel_logout_uri)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        c.id.as_str(),
        c.org_id.map(OrgId::as_str),
        c.name,
        c.client_type.as_str(),
        c.app_kind.as_str(),
        c.secret_hash,
        lines(c.redirect_uris),
        lines(c.post_logout_redirect_uris),
        c.created_by.map(UserId::as_str),
        to_ms(now),
        c.id_token_alg.as_str(),
        c.backchannel_logout_uri,
    );
    Ok(())
}

/// The organization's apps, oldest first.
///
/// # Errors
/// On database failure.
pub async fn of_org(a: &mut impl Access, org: &OrgId) -> Result<Vec<Client>, StoreError> {
    let rows = fetch!(
        a.conn(),
        fetch_all,
        Row,
        "SELECT id, org_id, name, client_type, app_kind, redirect_uris,
                post_logout_redirect_uris, created_at, id_token_alg, backchannel_logout_uri,
                secret_hash
         FROM oidc_client WHERE org_id = $1 ORDER BY created_at, id",
        org.as_str(),
    );
    rows.into_iter().map(Client::try_from).collect()
}

/// The instance-wide apps (no organization's), oldest first.
///
/// # Errors
/// On database failure.
pub async fn instance_wide(a: &mut impl Access) -> Result<Vec<Client>, StoreError> {
    let rows = fetch!(
        a.conn(),
        fetch_all,
        Row,
        "SELECT id, org_id, name, client_type, app_kind, redirect_uris,
                post_logout_redirect_uris, created_at, id_token_alg, backchannel_logout_uri,
                secret_hash
         FROM oidc_client WHERE org_id IS NULL ORDER BY created_at, id",
    );
    rows.into_iter().map(Client::try_from).collect()
}

/// The app with this id, whichever organization's (for the operator).
///
/// # Errors
/// On database failure.
pub async fn find(a: &mut impl Access, id: &ClientId) -> Result<Option<Client>, StoreError> {
    let row = fetch!(
        a.conn(),
        fetch_optional,
        Row,
        "SELECT id, org_id, name, client_type, app_kind, redirect_uris,
                post_logout_redirect_uris, created_at, id_token_alg, backchannel_logout_uri,
                secret_hash
         FROM oidc_client WHERE id = $1",
        id.as_str(),
    );
    row.map(Client::try_from).transpose()
}

/// Removes an app whichever organization's (for the operator); `false` when there is none.
///
/// # Errors
/// On database failure.
pub async fn delete_any(a: &mut impl Access, id: &ClientId) -> Result<bool, StoreError> {
    Ok(execute!(
        a.conn(),
        "DELETE FROM oidc_client WHERE id = $1",
        id.as_str()
    ) > 0)
}

/// Counts the organization's apps (registration is bounded).
///
/// # Errors
/// On database failure.
pub async fn count_of_org(a: &mut impl Access, org: &OrgId) -> Result<i64, StoreError> {
    Ok(scalar!(
        a.conn(),
        i64,
        "SELECT COUNT(*) FROM oidc_client WHERE org_id = $1",
        org.as_str(),
    ))
}

/// Removes one of the organization's apps; `false` when it has no such app.
///
/// # Errors
/// On database failure.
pub async fn delete(a: &mut impl Access, org: &OrgId, id: &ClientId) -> Result<bool, StoreError> {
    Ok(execute!(
        a.conn(),
        "DELETE FROM oidc_client WHERE org_id = $1 AND id = $2",
        org.as_str(),
        id.as_str(),
    ) > 0)
}
