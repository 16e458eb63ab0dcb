//! The console's extractors: who asks for a page and whether the access decision lets them see
//! it ([`WebSession`]), and forms whose CSRF token is checked before the handler runs
//! ([`CsrfForm`] for a signed-in session's forms, [`PublicForm`] for the signed-out ones).
//! Pages take these instead of reading the cookie or the token themselves, so that no page can
//! forget either check. No rule lives here: the access decision is `crate::extract::decide`.

use std::marker::PhantomData;

use axum::body::Body;
use axum::body::Bytes;
use axum::extract::{
    Form, FromRequest, FromRequestParts, OptionalFromRequestParts, RawForm, Request,
};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, Uri, header};
use axum::response::{IntoResponse, Response};
use domain::SecretToken;
use domain::access::Decision;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::session::WebError;
use crate::cookies::{self, Jar};
use crate::error::AppError;
use crate::extract::decide;
use crate::services::signed_in::{self, Authenticated};
use crate::state::AppState;

/// Which sessions a page lets through, and what it answers the others.
pub trait Gate: Send + Sync + 'static {
    /// Lets `auth` through, or says why not.
    ///
    /// # Errors
    /// What the page answers instead (a redirect, by [`Gate::refuse`]).
    fn admit(st: &AppState, auth: &Authenticated) -> Result<(), AppError>;

    /// The page's answer to a missing or refused session, for a request that comes back to
    /// `back` afterwards.
    fn refuse(e: AppError, back: &str) -> WebError {
        WebError::from_app(e, back)
    }
}

/// Everything: the access decision must allow the session.
pub struct Full;

/// The pages that set up a second factor or leave an organization: open to a session that an
/// organization stops (`setup_required`), not to one still at the second step.
pub struct Setup;

/// The second step of signing in (and its helpers): any live session, whatever its state.
pub struct Step;

/// Signing out: any live session; without one, the browser is sent to sign in.
pub struct SignOut;

impl Gate for Full {
    fn admit(st: &AppState, auth: &Authenticated) -> Result<(), AppError> {
        crate::extract::require_allowed(st, auth)
    }
}

impl Gate for Setup {
    fn admit(st: &AppState, auth: &Authenticated) -> Result<(), AppError> {
        match decide(st, auth) {
            Decision::Allow | Decision::SetupRequired { .. } => Ok(()),
            Decision::SecondFactorRequired => Err(AppError::MfaRequired),
        }
    }
}

impl Gate for Step {
    fn admit(_: &AppState, _: &Authenticated) -> Result<(), AppError> {
        Ok(())
    }
}

impl Gate for SignOut {
    fn admit(_: &AppState, _: &Authenticated) -> Result<(), AppError> {
        Ok(())
    }

    fn refuse(_: AppError, _: &str) -> WebError {
        WebError::Redirect("/sign-in".to_owned())
    }
}

/// Where a page sends the browser back to (`?next=`) after signing in, the second step or the
/// setup: the page itself, or the page its form was on.
pub trait Back: Send + Sync + 'static {
    /// The path to come back to, from the request's path.
    fn back(path: &str) -> String;

    /// The same, from the whole request target; only its path counts unless a page says
    /// otherwise.
    fn back_from(uri: &Uri) -> String {
        Self::back(uri.path())
    }
}

/// The request's own path.
pub struct Here;

/// The security page.
pub struct Security;

/// The setup-required page.
pub struct SetupRequired;

/// The list of sign-ins waiting for approval.
pub struct Requests;

/// The list of where the account is signed in.
pub struct Sessions;

/// The second step of signing in.
pub struct SecondStep;

/// The member list of the organization in the path (`/orgs/{org}/…`).
pub struct Members;

/// The request itself with its query: a page whose query says where it goes next (the
/// forward-auth entry's `rd`, which it checks on every visit).
pub struct HereWithQuery;

impl Back for Here {
    fn back(path: &str) -> String {
        path.to_owned()
    }
}

/// Home.
pub struct Home;

impl Back for Home {
    fn back(_: &str) -> String {
        "/".to_owned()
    }
}

/// The invitations addressed to the account.
pub struct MyInvitations;

impl Back for MyInvitations {
    fn back(_: &str) -> String {
        "/account/invitations".to_owned()
    }
}

impl Back for Security {
    fn back(_: &str) -> String {
        "/account/security".to_owned()
    }
}

impl Back for SetupRequired {
    fn back(_: &str) -> String {
        "/setup-required".to_owned()
    }
}

impl Back for Requests {
    fn back(_: &str) -> String {
        "/account/sign-in-requests".to_owned()
    }
}

impl Back for Sessions {
    fn back(_: &str) -> String {
        "/account/sessions".to_owned()
    }
}

impl Back for SecondStep {
    fn back(_: &str) -> String {
        "/sign-in/second-step".to_owned()
    }
}

impl Back for HereWithQuery {
    fn back(path: &str) -> String {
        path.to_owned()
    }

    fn back_from(uri: &Uri) -> String {
        uri.path_and_query()
            .map_or_else(|| uri.path().to_owned(), |pq| pq.as_str().to_owned())
    }
}

impl Back for Members {
    fn back(path: &str) -> String {
        let org = path
            .strip_prefix("/orgs/")
            .and_then(|rest| rest.split('/').next())
            .unwrap_or_default();
        format!("/orgs/{org}/members")
    }
}

/// The signed-in session of the browser's cookie, let through by the gate `N`; else the
/// redirect (to sign in, the second step, the setup-required page) that comes back to `B`.
pub struct WebSession<N = Full, B = Here> {
    pub auth: Authenticated,
    /// The path errors of the page's service come back to (`?next=`).
    pub back: String,
    gate: PhantomData<fn() -> (N, B)>,
}

impl<N: Gate, B: Back> FromRequestParts<AppState> for WebSession<N, B> {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, WebError> {
        let back = B::back_from(&parts.uri);
        let auth = match from_cookie(st, &parts.headers).await {
            Ok(auth) => auth,
            Err(e) => return Err(N::refuse(e, &back)),
        };
        N::admit(st, &auth).map_err(|e| N::refuse(e, &back))?;
        Ok(Self {
            auth,
            back,
            gate: PhantomData,
        })
    }
}

/// A page that looks different signed in and signed out: `None` for any failure.
impl<N: Gate, B: Back> OptionalFromRequestParts<AppState> for WebSession<N, B> {
    type Rejection = WebError;

    async fn from_request_parts(
        parts: &mut Parts,
        st: &AppState,
    ) -> Result<Option<Self>, WebError> {
        Ok(
            <Self as FromRequestParts<AppState>>::from_request_parts(parts, st)
                .await
                .ok(),
        )
    }
}

/// The session of the browser's cookie, if any.
///
/// # Errors
/// `Unauthenticated` without a live session.
async fn from_cookie(st: &AppState, headers: &HeaderMap) -> Result<Authenticated, AppError> {
    let token = cookies::get(st, Jar::Session, headers).ok_or(AppError::Unauthenticated)?;
    let auth = signed_in::authenticate_cookie(st, &token).await?;
    if let Some(l) = auth.session.locale {
        crate::i18n::choose(l);
    }
    Ok(auth)
}

/// A form that carries nothing but its CSRF token.
#[derive(Deserialize)]
pub struct NoFields {}

/// The token every form carries (`csrf`), read apart from the form's own fields.
#[derive(Deserialize)]
struct Token {
    csrf: Option<String>,
}

/// A signed-in session's form (`application/x-www-form-urlencoded`): the session as
/// [`WebSession`] checks it, then the form's `csrf` field checked against that session, then
/// the fields `T` (without `csrf`). A missing or wrong token answers 403 "This form has
/// expired" before the handler runs.
pub struct CsrfForm<T, N = Full, B = Here> {
    pub auth: Authenticated,
    /// The path errors of the page's service come back to (`?next=`).
    pub back: String,
    pub form: T,
    gate: PhantomData<fn() -> (N, B)>,
}

impl<T, N, B> FromRequest<AppState> for CsrfForm<T, N, B>
where
    T: DeserializeOwned + Send,
    N: Gate,
    B: Back,
{
    type Rejection = Response;

    async fn from_request(req: Request, st: &AppState) -> Result<Self, Response> {
        let (mut parts, body) = req.into_parts();
        let WebSession { auth, back, .. } =
            <WebSession<N, B> as FromRequestParts<AppState>>::from_request_parts(&mut parts, st)
                .await
                .map_err(IntoResponse::into_response)?;
        let bytes = raw_form(parts, body, st).await?;
        let presented = token_of(&bytes).await;
        let key = st.key.bytes();
        if !presented
            .is_some_and(|p| domain::token::csrf_token_matches(key, &auth.session.token_hash, &p))
        {
            return Err(expired());
        }
        Ok(Self {
            auth,
            back,
            form: fields(bytes).await?,
            gate: PhantomData,
        })
    }
}

/// A signed-out form (sign-in, sign-up): its `csrf` field must match the browser's form cookie
/// (a double-submit token, since there is no session to bind one to yet: a MAC of the cookie
/// under the server's key, so that a cookie planted by a sibling site cannot come with a
/// matching field). A missing or wrong token answers 403 before the handler runs.
pub struct PublicForm<T> {
    /// The token as presented (checked), for a page that shows the form again.
    pub csrf: String,
    pub form: T,
}

impl<T: DeserializeOwned + Send> FromRequest<AppState> for PublicForm<T> {
    type Rejection = Response;

    async fn from_request(req: Request, st: &AppState) -> Result<Self, Response> {
        let (parts, body) = req.into_parts();
        let cookie =
            cookies::get(st, Jar::Form, &parts.headers).and_then(|c| SecretToken::parse(&c));
        let bytes = raw_form(parts, body, st).await?;
        let presented = token_of(&bytes).await;
        let key = st.key.bytes();
        let csrf = match (cookie, presented) {
            // The MAC compares in constant time.
            (Some(c), Some(p)) if domain::token::csrf_token_matches(key, &c.hash(), &p) => p,
            _ => return Err(expired()),
        };
        Ok(Self {
            csrf,
            form: fields(bytes).await?,
        })
    }
}

/// An extractor that checks its form's CSRF token.
pub trait CheckedForm {}

impl<T, N, B> CheckedForm for CsrfForm<T, N, B> {}

impl<T> CheckedForm for PublicForm<T> {}

/// The extractors of a handler, as axum's `Handler<(M, T1, …, Tn), S>` names them, whose last
/// one (the one that reads the body) is a [`CheckedForm`]. The route table registers only such
/// handlers for unsafe methods, so that a page which would skip the token does not compile.
pub trait EndsInCheckedForm {}

macro_rules! ends_in_checked_form {
    ($($ty:ident),*) => {
        impl<M, $($ty,)* Last: CheckedForm> EndsInCheckedForm for (M, $($ty,)* Last,) {}
    };
}

ends_in_checked_form!();
ends_in_checked_form!(T1);
ends_in_checked_form!(T1, T2);
ends_in_checked_form!(T1, T2, T3);
ends_in_checked_form!(T1, T2, T3, T4);
ends_in_checked_form!(T1, T2, T3, T4, T5);
ends_in_checked_form!(T1, T2, T3, T4, T5, T6);

/// The signed-out forms' token for a page, and the cookie to set when the browser has none.
pub fn form_token(st: &AppState, headers: &HeaderMap) -> (String, Option<String>) {
    if let Some(t) = cookies::get(st, Jar::Form, headers).and_then(|c| SecretToken::parse(&c)) {
        return (domain::token::csrf_token(st.key.bytes(), &t.hash()), None);
    }
    match SecretToken::generate() {
        Ok(t) => (
            domain::token::csrf_token(st.key.bytes(), &t.hash()),
            Some(t.expose().to_owned()),
        ),
        Err(_) => (String::new(), None),
    }
}

/// The `Set-Cookie` for a new signed-out form cookie.
pub fn form_cookie(st: &AppState, value: &str) -> String {
    cookies::set(st, Jar::Form, value, None)
}

/// The urlencoded body (refused with 415 under another content type, as `Form` refuses it).
async fn raw_form(parts: Parts, body: Body, st: &AppState) -> Result<Bytes, Response> {
    RawForm::from_request(Request::from_parts(parts, body), st)
        .await
        .map(|RawForm(bytes)| bytes)
        .map_err(IntoResponse::into_response)
}

/// The body's `csrf` field, if there is exactly one.
async fn token_of(bytes: &Bytes) -> Option<String> {
    decode::<Token>(bytes.clone()).await.ok()?.csrf
}

/// The form's own fields (unknown ones, such as `csrf`, ignored); a malformed form answers as
/// axum's `Form` does.
async fn fields<T: DeserializeOwned>(bytes: Bytes) -> Result<T, Response> {
    decode(bytes).await.map_err(IntoResponse::into_response)
}

async fn decode<T: DeserializeOwned>(
    bytes: Bytes,
) -> Result<T, axum::extract::rejection::FormRejection> {
    let mut req = Request::new(Body::from(bytes));
    *req.method_mut() = Method::POST;
    req.headers_mut().insert(
        header::CONTENT_TYPE,
        axum::http::HeaderValue::from_static("application/x-www-form-urlencoded"),
    );
    Form::<T>::from_request(req, &()).await.map(|Form(v)| v)
}

/// The answer to a form without its valid token.
fn expired() -> Response {
    WebError::from_app(AppError::CsrfFailed, "/").into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_come_back_where_they_always_did() {
        let path = "/orgs/o1/members/u1/remove";
        assert_eq!(Here::back(path), path);
        assert_eq!(Members::back(path), "/orgs/o1/members");
        assert_eq!(Members::back("/orgs/o1/reminders"), "/orgs/o1/members");
        assert_eq!(Security::back(path), "/account/security");
        assert_eq!(SetupRequired::back(path), "/setup-required");
        assert_eq!(Requests::back(path), "/account/sign-in-requests");
        assert_eq!(SecondStep::back(path), "/sign-in/second-step");
        let uri: Uri = "/forward-auth/sign-in?rd=http%3A//a/"
            .parse()
            .unwrap_or_default();
        assert_eq!(Here::back_from(&uri), "/forward-auth/sign-in");
        assert_eq!(
            HereWithQuery::back_from(&uri),
            "/forward-auth/sign-in?rd=http%3A//a/"
        );
    }

    #[test]
    fn signing_out_without_a_session_goes_to_sign_in() {
        for e in [AppError::Unauthenticated, AppError::Unavailable] {
            assert!(matches!(SignOut::refuse(e, "/x"), WebError::Redirect(to) if to == "/sign-in"));
        }
        assert!(matches!(
            Full::refuse(AppError::Unauthenticated, "/orgs/o1"),
            WebError::Redirect(to) if to == "/sign-in?next=/orgs/o1"
        ));
    }
}
