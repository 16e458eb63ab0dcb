//! The authorization endpoint (OpenID Connect Core §3.1.2): a browser arrives from an app; it
//! signs in, passes the second step or sets up 2FA as the access decision and the request
//! require, and goes back to the app with a code — or with an error, never to a redirect URI
//! the app did not register.

use domain::access::Decision;
use domain::oidc::flow::{self, Access, AuthParams, Next, OAuthError, RawParams, Seen};
use domain::oidc::{RedirectUri, find_redirect};
use domain::{ClientId, GrantId, SecretToken, SessionState};
use store::clients::Client;
use store::oidc::{Grant, NewCode};
use time::{Duration, OffsetDateTime};

use crate::error::AppResult;
use crate::services::signed_in::{self, Authenticated};
use crate::services::work::Work;
use crate::state::AppState;

// Why a request cannot be answered (`Outcome::Invalid`), as the page says it in English; the
// console matches these to its messages in other languages.
pub const UNKNOWN_CLIENT: &str = "This app is not registered here (unknown client_id).";
pub const NO_REDIRECT_URI: &str = "The app sent no redirect_uri.";
pub const UNREGISTERED_REDIRECT_URI: &str =
    "The app asked to be answered at an address it did not register (redirect_uri).";

/// How long a code may wait for its exchange (OAuth 2.0 Security BCP: short).
pub const CODE_LIFETIME: Duration = Duration::seconds(60);

/// An authorization request as it arrived.
pub struct Request<'a> {
    pub client_id: Option<&'a str>,
    pub redirect_uri: Option<&'a str>,
    pub state: Option<&'a str>,
    pub raw: RawParams<'a>,
    /// The query string, to come back to after a page.
    pub query: &'a str,
}

/// Where the browser goes.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The request cannot be answered at any redirect URI: say why on a page of ours.
    Invalid(&'static str),
    /// A page of twofold's (sign-in, second step, setup), which comes back after.
    Page(String),
    /// Back to the app, with a code or an error.
    App(String),
}

/// Answers an authorization request for the browser's session, if it has one.
///
/// # Errors
/// On database failure.
pub async fn authorize(
    st: &AppState,
    auth: Option<&Authenticated>,
    req: &Request<'_>,
) -> AppResult<Outcome> {
    let Some(client) = find_client(st, req.client_id).await? else {
        return Ok(Outcome::Invalid(UNKNOWN_CLIENT));
    };
    let Some(presented) = req.redirect_uri else {
        return Ok(Outcome::Invalid(NO_REDIRECT_URI));
    };
    if find_redirect(&client.redirect_uris, presented, client.app_kind).is_none() {
        return Ok(Outcome::Invalid(UNREGISTERED_REDIRECT_URI));
    }
    let too_long = req.state.is_some_and(|s| s.len() > flow::MAX_ECHO_LEN);
    let back = Back {
        redirect: presented,
        state: req.state.filter(|_| !too_long),
        issuer: &st.public_url,
    };
    if too_long {
        let why = "state is longer than 1024 characters";
        return Ok(Outcome::App(
            back.error(OAuthError::InvalidRequest, Some(why)),
        ));
    }
    let params = match AuthParams::parse(&req.raw, client.client_type) {
        Ok(p) => p,
        Err(e) => return Ok(Outcome::App(back.error(e.error, Some(e.description)))),
    };
    let now = st.clock.now();
    let seen = auth.map(|a| seen(st, a, &client));
    match flow::next(&params.want, seen.as_ref(), now) {
        Next::SignIn { fresh_factor } => {
            let next = continuation(req.query, true, now);
            let fresh = if fresh_factor { "&fresh=1" } else { "" };
            Ok(Outcome::Page(format!(
                "/sign-in?next={}{fresh}",
                escape(&next)
            )))
        }
        Next::SecondStep => Ok(Outcome::Page(format!(
            "/sign-in/second-step?next={}",
            escape(&continuation(req.query, false, now))
        ))),
        Next::Setup => {
            // Stopped by an organization: the setup-required page (which offers leaving);
            // asked for a factor by the app alone: the security page.
            let next = escape(&continuation(req.query, false, now));
            let stopped = seen.is_some_and(|s| s.access == Access::SetupRequired);
            let page = if stopped {
                "/setup-required"
            } else {
                "/account/security"
            };
            Ok(Outcome::Page(format!("{page}?next={next}")))
        }
        Next::Refuse(e) => Ok(Outcome::App(back.error(e, None))),
        Next::Issue => {
            let Some(auth) = auth else {
                return Ok(Outcome::App(back.error(OAuthError::LoginRequired, None)));
            };
            let code = issue(st, auth, &client, &params, presented, now).await?;
            Ok(Outcome::App(back.code(code.expose())))
        }
    }
}

async fn find_client(st: &AppState, raw: Option<&str>) -> AppResult<Option<Client>> {
    let Some(id) = raw.and_then(|r| ClientId::parse(r).ok()) else {
        return Ok(None);
    };
    let mut c = st.store.read().await?;
    Ok(store::clients::find(&mut c, &id).await?)
}

/// The session as the authorization rules see it.
fn seen(st: &AppState, auth: &Authenticated, client: &Client) -> Seen {
    let s = &auth.session;
    let access = match signed_in::decide(st, auth) {
        Decision::Allow => Access::Allow,
        Decision::SecondFactorRequired => Access::SecondFactorRequired,
        Decision::SetupRequired { .. } => Access::SetupRequired,
    };
    Seen {
        pending: s.state == SessionState::MfaPending,
        access,
        member: client
            .org_id
            .as_ref()
            .is_none_or(|org| auth.orgs.iter().any(|m| &m.org.id == org)),
        auth_time: auth_time(auth),
        aal2: s.mfa_verified_at.is_some(),
        has_factor: !s.methods.is_empty(),
    }
}

/// When the person last authenticated in this session: its sign-in (finished when its second
/// step passed, or another session approved it), or a later second factor.
fn auth_time(auth: &Authenticated) -> OffsetDateTime {
    let s = &auth.session;
    s.mfa_verified_at
        .map_or(s.clock.created_at, |v| v.max(s.clock.created_at))
}

/// Stores the grant and its code (60 seconds, once); returns the code.
async fn issue(
    st: &AppState,
    auth: &Authenticated,
    client: &Client,
    params: &AuthParams,
    redirect_uri: &str,
    now: OffsetDateTime,
) -> AppResult<SecretToken> {
    let s = &auth.session;
    let (amr, acr) = flow::assurance(s.mfa_verified_at.and(s.passed));
    let grant = Grant {
        id: GrantId::generate().to_string(),
        client_id: client.id.clone(),
        account_id: s.account_id.clone(),
        session_id: s.id.clone(),
        scopes: params.scopes.granted(),
        nonce: params.nonce.clone(),
        auth_time: auth_time(auth),
        amr: amr.join(" "),
        acr: acr.as_str().to_owned(),
        mfa_verified_at: s.mfa_verified_at,
        device_since: s.device.as_ref().map(|d| d.since),
        device_place: s.device.as_ref().map(|d| d.place),
        created_at: now,
    };
    let code = SecretToken::generate()?;
    let mut tx = Work::begin(st).await?;
    store::oidc::insert_grant(&mut tx, &grant).await?;
    store::oidc::insert_code(
        &mut tx,
        &NewCode {
            hash: &code.hash(),
            grant_id: &grant.id,
            redirect_uri,
            code_challenge: params.challenge.as_ref().map(|c| c.as_str()),
            expires_at: now + CODE_LIFETIME,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(code)
}

/// The app's redirect URI with what goes back to it (RFC 9207's `iss` too, so an app talking to
/// several providers knows which one answered).
struct Back<'a> {
    redirect: &'a str,
    state: Option<&'a str>,
    issuer: &'a str,
}

impl Back<'_> {
    fn with(&self, pairs: &[(&str, &str)]) -> String {
        let mut url = self.redirect.to_owned();
        let mut q = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in pairs {
            q.append_pair(k, v);
        }
        if let Some(s) = self.state {
            q.append_pair("state", s);
        }
        q.append_pair("iss", self.issuer);
        url.push(if url.contains('?') { '&' } else { '?' });
        url.push_str(&q.finish());
        url
    }

    fn code(&self, code: &str) -> String {
        self.with(&[("code", code)])
    }

    fn error(&self, e: OAuthError, description: Option<&str>) -> String {
        match description {
            Some(d) => self.with(&[("error", e.as_str()), ("error_description", d)]),
            None => self.with(&[("error", e.as_str())]),
        }
    }
}

/// The authorization URL to come back to after a page. After a sign-in (`fresh`), `prompt=login`
/// and `max_age` become "signed in after this millisecond": the new sign-in satisfies both, and
/// the request would otherwise ask for a sign-in forever (`max_age=0`, or `prompt=login`).
fn continuation(query: &str, fresh: bool, now: OffsetDateTime) -> String {
    let mut q = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in url::form_urlencoded::parse(query.as_bytes()) {
        match &*k {
            "login_after" | "max_age" if fresh => {}
            "prompt" if fresh => {
                let rest: Vec<&str> = v.split(' ').filter(|w| *w != "login").collect();
                if !rest.is_empty() {
                    q.append_pair("prompt", &rest.join(" "));
                }
            }
            _ => {
                q.append_pair(&k, &v);
            }
        }
    }
    if fresh {
        let ms = now.unix_timestamp_nanos() / 1_000_000;
        q.append_pair("login_after", &ms.to_string());
    }
    format!("/oidc/authorize?{}", q.finish())
}

fn escape(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// A redirect URI registered for the app, for RP-initiated logout's `post_logout_redirect_uri`.
pub fn registered(uris: &[RedirectUri], presented: &str, client: &Client) -> bool {
    find_redirect(uris, presented, client.app_kind).is_some()
}
