//! An organization's apps (OpenID Connect clients): the list, registering one (its secret
//! shown once, on the page that answers the form), removing one.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::extract::{CsrfForm, Full, Here, NoFields, WebSession};
use super::session::{Chrome, WebError, org_id, page};
use crate::error::AppError;
use crate::extract::ClientIp;
use crate::i18n::{self, Tr};
use crate::services::clients::{self, Registration};
use crate::services::orgs;
use crate::services::signed_in::Authenticated;
use crate::state::AppState;

type WebResult = Result<Response, WebError>;

/// One app as the list shows it.
struct Row {
    id: String,
    name: String,
    kind: String,
    uris: String,
}

#[derive(Template)]
#[template(path = "apps.html")]
struct AppsPage {
    chrome: Chrome,
    org: String,
    name: String,
    apps: Vec<Row>,
    /// The app just registered: its id and, for a confidential one, its secret.
    created: Option<(String, Option<String>)>,
}

async fn apps_page(
    st: &AppState,
    auth: &Authenticated,
    org: &domain::OrgId,
    path: &str,
    created: Option<(String, Option<String>)>,
) -> WebResult {
    let caller = &auth.session.account_id;
    let fail = |e| WebError::from_app(e, path);
    let apps = clients::list(st, caller, org).await.map_err(fail)?;
    let (found, _) = orgs::view(st, caller, org).await.map_err(fail)?;
    let tr = i18n::current();
    let rows = apps
        .iter()
        .map(|a| Row {
            id: a.id.to_string(),
            name: a.name.clone(),
            kind: type_text(&tr, a.client_type, a.app_kind),
            uris: a
                .redirect_uris
                .iter()
                .map(|u| u.as_str())
                .collect::<Vec<_>>()
                .join(" "),
        })
        .collect();
    let status = if created.is_some() {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok(page(
        status,
        &AppsPage {
            chrome: Chrome::signed_in(st, auth),
            org: org.to_string(),
            name: found.name,
            apps: rows,
            created,
        },
    ))
}

/// An app's type and kind in words: `confidential, web`.
fn type_text(
    tr: &Tr,
    client_type: domain::oidc::ClientType,
    kind: domain::oidc::AppKind,
) -> String {
    let client_type = match client_type {
        domain::oidc::ClientType::Confidential => tr.t("apps-type-confidential"),
        domain::oidc::ClientType::Public => tr.t("apps-type-public"),
    };
    let kind = match kind {
        domain::oidc::AppKind::Web => tr.t("apps-kind-web"),
        domain::oidc::AppKind::Native => tr.t("apps-kind-native"),
    };
    tr.t2("apps-row-type", "type", client_type, "kind", kind)
}

pub async fn apps_get(
    State(st): State<AppState>,
    WebSession {
        auth, back: path, ..
    }: WebSession<Full, Here>,
    Path(raw): Path<String>,
) -> WebResult {
    let org = org_id(&raw)?;
    apps_page(&st, &auth, &org, &path, None).await
}

#[derive(Deserialize)]
pub struct AppForm {
    name: String,
    #[serde(rename = "type")]
    client_type: String,
    kind: String,
    /// One per line.
    redirect_uris: String,
    /// One per line.
    #[serde(default)]
    post_logout_redirect_uris: String,
    #[serde(default)]
    backchannel_logout_uri: String,
    id_token_signed_response_alg: Option<String>,
}

fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

pub async fn apps_post(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    Path(raw): Path<String>,
    CsrfForm {
        auth,
        back: path,
        form: f,
        ..
    }: CsrfForm<AppForm, Full, Here>,
) -> WebResult {
    let org = org_id(&raw)?;
    let (uris, after) = (lines(&f.redirect_uris), lines(&f.post_logout_redirect_uris));
    let app = Registration::parse(&f.name, &f.client_type, &f.kind, &uris, &after)
        .and_then(|a| {
            a.with_options(
                f.id_token_signed_response_alg.as_deref(),
                Some(f.backchannel_logout_uri.trim()),
            )
        })
        .map_err(|e| WebError::from_app(AppError::from(e), &path))?;
    let (c, secret) = clients::register(&st, &auth, &org, app, ip.as_deref())
        .await
        .map_err(|e| WebError::from_app(e, &path))?;
    let created = (c.id.to_string(), secret.map(|s| s.expose().to_owned()));
    apps_page(&st, &auth, &org, &path, Some(created)).await
}

pub async fn app_remove_post(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    Path((raw, client)): Path<(String, String)>,
    CsrfForm {
        auth, back: path, ..
    }: CsrfForm<NoFields, Full, Here>,
) -> WebResult {
    let org = org_id(&raw)?;
    let id = domain::ClientId::parse(&client)
        .map_err(|_| WebError::from_app(AppError::NotFound("client"), &path))?;
    clients::remove(&st, &auth, &org, &id, ip.as_deref())
        .await
        .map_err(|e| WebError::from_app(e, &path))?;
    Ok(Redirect::to(&format!("/orgs/{org}/apps")).into_response())
}
