//! Apps that sign an organization's people in through twofold (OpenID Connect clients).

use axum::extract::State;
use axum::http::StatusCode;
use domain::ClientId;
use proto::Problem;
use proto::clients::{ClientCreated, ClientList, ClientView, CreateClient};
use store::clients::Client;

use crate::error::{AppError, AppResult};
use crate::extract::{AppJson, AppPath, AuthSession, ClientIp};
use crate::proto_map::ToProto;
use crate::routes::orgs::org_id;
use crate::services::clients::{self, Registration};
use crate::state::AppState;

fn uris(u: &[domain::oidc::RedirectUri]) -> Vec<String> {
    u.iter().map(|r| r.as_str().to_owned()).collect()
}

fn view(c: &Client) -> ClientView {
    ClientView {
        client_id: c.id.to_string(),
        name: c.name.clone(),
        client_type: c.client_type.to_proto(),
        kind: c.app_kind.to_proto(),
        redirect_uris: uris(&c.redirect_uris),
        post_logout_redirect_uris: uris(&c.post_logout_redirect_uris),
        id_token_signed_response_alg: c.id_token_alg.to_proto(),
        backchannel_logout_uri: c.backchannel_logout_uri.clone(),
        created_at: c.created_at,
    }
}

/// Register an app; a confidential one's secret is in this answer only.
#[utoipa::path(post, path = "/api/v1/orgs/{org}/clients", tag = "clients",
    params(("org" = String, Path)), request_body = CreateClient, responses(
    (status = 201, body = ClientCreated),
    (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem),
    (status = 422, description = "validation_failed: name, type, kind, redirect_uris, post_logout_redirect_uris, id_token_signed_response_alg, backchannel_logout_uri", body = Problem),
))]
pub async fn client_create(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    AuthSession(auth): AuthSession,
    AppPath(org): AppPath<String>,
    AppJson(body): AppJson<CreateClient>,
) -> AppResult<(StatusCode, axum::Json<ClientCreated>)> {
    let org = org_id(&org)?;
    let post_logout = body.post_logout_redirect_uris.unwrap_or_default();
    let app = Registration::parse(
        &body.name,
        &body.client_type,
        &body.kind,
        &body.redirect_uris,
        &post_logout,
    )?
    .with_options(
        body.id_token_signed_response_alg.as_deref(),
        body.backchannel_logout_uri.as_deref(),
    )?;
    let (c, secret) = clients::register(&st, &auth, &org, app, ip.as_deref()).await?;
    let v = view(&c);
    Ok((
        StatusCode::CREATED,
        axum::Json(ClientCreated {
            client_id: v.client_id,
            client_secret: secret.map(|s| s.expose().to_owned()),
            name: v.name,
            client_type: v.client_type,
            kind: v.kind,
            redirect_uris: v.redirect_uris,
            post_logout_redirect_uris: v.post_logout_redirect_uris,
            id_token_signed_response_alg: v.id_token_signed_response_alg,
            backchannel_logout_uri: v.backchannel_logout_uri,
            created_at: v.created_at,
        }),
    ))
}

/// The organization's apps (never their secrets), for its managers.
#[utoipa::path(get, path = "/api/v1/orgs/{org}/clients", tag = "clients",
    params(("org" = String, Path)), responses(
    (status = 200, body = ClientList),
    (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem),
))]
pub async fn client_list(
    State(st): State<AppState>,
    AuthSession(auth): AuthSession,
    AppPath(org): AppPath<String>,
) -> AppResult<axum::Json<ClientList>> {
    let org = org_id(&org)?;
    let all = clients::list(&st, &auth.session.account_id, &org).await?;
    Ok(axum::Json(ClientList {
        clients: all.iter().map(view).collect(),
    }))
}

/// Remove an app.
#[utoipa::path(delete, path = "/api/v1/orgs/{org}/clients/{client_id}", tag = "clients",
    params(("org" = String, Path), ("client_id" = String, Path)), responses(
    (status = 204, description = "removed"),
    (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem),
))]
pub async fn client_delete(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    AuthSession(auth): AuthSession,
    AppPath((org, client)): AppPath<(String, String)>,
) -> AppResult<StatusCode> {
    let org = org_id(&org)?;
    let id = ClientId::parse(&client).map_err(|_| AppError::NotFound("client"))?;
    clients::remove(&st, &auth, &org, &id, ip.as_deref()).await?;
    Ok(StatusCode::NO_CONTENT)
}
