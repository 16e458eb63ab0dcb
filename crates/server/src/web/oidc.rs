//! The browser's side of the OpenID Connect provider: the authorization endpoint (which sends
//! people through sign-in, the second step or 2FA setup and back) and RP-initiated logout.

use askama::Template;
use axum::extract::{Query, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::extract::{CsrfForm, SignOut, Step, WebSession};
use super::session::{Chrome, WebError, page};
use crate::cookies::{self, Jar};
use crate::extract::ClientIp;
use crate::i18n::{self, Tr};
use crate::services::oidc_authorize::{self, Outcome, Request};
use crate::services::oidc_logout::{self, EndSession};
use crate::services::sessions;
use crate::services::signed_in::Authenticated;
use crate::state::AppState;

/// The parameters of an authorization request (OpenID Connect Core §3.1.2.1).
#[derive(Deserialize, Default)]
pub struct AuthorizeQuery {
    client_id: Option<String>,
    redirect_uri: Option<String>,
    state: Option<String>,
    response_type: Option<String>,
    scope: Option<String>,
    nonce: Option<String>,
    code_challenge: Option<String>,
    code_challenge_method: Option<String>,
    prompt: Option<String>,
    max_age: Option<String>,
    acr_values: Option<String>,
    login_after: Option<String>,
}

/// The error page of a request that cannot be answered, saying `why`.
fn invalid(why: &str) -> Response {
    let tr = i18n::current();
    WebError::Message {
        status: StatusCode::BAD_REQUEST,
        heading: tr.t("sign-in-request-heading"),
        text: tr.t1("sign-in-request-text", "why", why_text(tr, why)),
    }
    .into_response()
}

/// The reason a service gave (`oidc_authorize`, `oidc_logout`: fixed English sentences), in the
/// page's language.
fn why_text(tr: Tr, why: &str) -> String {
    use crate::services::{oidc_authorize as authz, oidc_logout as logout};
    match why {
        MALFORMED => tr.t("sign-in-request-why-malformed"),
        authz::UNKNOWN_CLIENT => tr.t("sign-in-request-why-unknown-client"),
        authz::NO_REDIRECT_URI => tr.t("sign-in-request-why-no-redirect"),
        authz::UNREGISTERED_REDIRECT_URI => tr.t("sign-in-request-why-unregistered-redirect"),
        logout::RETRY => tr.t("end-session-why-retry"),
        logout::FOREIGN_HINT => tr.t("end-session-why-foreign-hint"),
        logout::CLIENT_DIFFERS => tr.t("end-session-why-client-differs"),
        logout::NO_CLIENT => tr.t("end-session-why-no-client"),
        logout::UNREGISTERED_URI => tr.t("end-session-why-unregistered"),
        other => other.to_owned(),
    }
}

const MALFORMED: &str = "The request's parameters are malformed (a parameter given twice?).";

pub async fn authorize_get(
    State(st): State<AppState>,
    session: Option<WebSession<Step>>,
    RawQuery(raw): RawQuery,
    query: Result<Query<AuthorizeQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let Ok(Query(q)) = query else {
        return invalid(MALFORMED);
    };
    let raw = raw.unwrap_or_default();
    let req = Request {
        client_id: q.client_id.as_deref(),
        redirect_uri: q.redirect_uri.as_deref(),
        state: q.state.as_deref(),
        raw: domain::oidc::flow::RawParams {
            response_type: q.response_type.as_deref(),
            scope: q.scope.as_deref(),
            nonce: q.nonce.as_deref(),
            code_challenge: q.code_challenge.as_deref(),
            code_challenge_method: q.code_challenge_method.as_deref(),
            prompt: q.prompt.as_deref(),
            max_age: q.max_age.as_deref(),
            acr_values: q.acr_values.as_deref(),
            login_after: q.login_after.as_deref(),
        },
        query: &raw,
    };
    let auth = session.as_ref().map(|s| &s.auth);
    match oidc_authorize::authorize(&st, auth, &req).await {
        Ok(Outcome::Invalid(why)) => invalid(why),
        Ok(Outcome::Page(to) | Outcome::App(to)) => Redirect::to(&to).into_response(),
        Err(e) => WebError::from_app(e, "/").into_response(),
    }
}

#[derive(Template)]
#[template(path = "end_session.html")]
struct EndSessionPage {
    chrome: Chrome,
    post_logout_redirect_uri: String,
    client_id: String,
    id_token_hint: String,
    state: String,
}

/// RP-initiated logout: with an ID token we signed for the signed-in person, at once;
/// otherwise after the person confirms (a link alone must not sign anyone out).
pub async fn end_session_get(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Option<WebSession<SignOut>>,
    Query(q): Query<EndSession>,
) -> Response {
    let target = match oidc_logout::end_session_target(&st, &q).await {
        Ok(t) => t,
        Err(why) => return invalid(why),
    };
    let Some(WebSession { auth, .. }) = session else {
        return signed_out(target.redirect, None, After::Link);
    };
    if target
        .hinted_sub
        .as_deref()
        .is_some_and(|s| s == auth.session.account_id.as_str())
    {
        return sign_out(&st, &auth, ip.as_deref(), target.redirect, After::Link).await;
    }
    page(
        StatusCode::OK,
        &EndSessionPage {
            chrome: Chrome::signed_in(&st, &auth),
            post_logout_redirect_uri: q.post_logout_redirect_uri.unwrap_or_default(),
            client_id: q.client_id.unwrap_or_default(),
            id_token_hint: q.id_token_hint.unwrap_or_default(),
            state: q.state.unwrap_or_default(),
        },
    )
}

pub async fn end_session_post(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    CsrfForm { auth, form, .. }: CsrfForm<EndSession, SignOut>,
) -> Response {
    match oidc_logout::end_session_target(&st, &form).await {
        Ok(t) => sign_out(&st, &auth, ip.as_deref(), t.redirect, After::Form).await,
        Err(why) => invalid(why),
    }
}

/// How the browser came: a link (a redirect may leave the site) or a form of ours (see
/// `session::after_form`).
#[derive(Clone, Copy)]
enum After {
    Link,
    Form,
}

async fn sign_out(
    st: &AppState,
    auth: &Authenticated,
    ip: Option<&str>,
    to: Option<String>,
    after: After,
) -> Response {
    if let Err(e) = sessions::sign_out(st, auth, ip).await {
        return WebError::from_app(e, "/").into_response();
    }
    signed_out(to, Some(cookies::expire(st, Jar::Session)), after)
}

fn signed_out(to: Option<String>, expire: Option<String>, after: After) -> Response {
    let to = to.unwrap_or_else(|| "/sign-in?flash=signed_out".to_owned());
    let mut res = match after {
        After::Link => Redirect::to(&to).into_response(),
        After::Form => super::session::after_form(&to),
    };
    if let Some(c) = expire
        && let Ok(v) = c.parse()
    {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    res
}
