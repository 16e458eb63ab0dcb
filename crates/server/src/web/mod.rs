//! The web console: server-rendered pages over the same services as the API (no rule lives
//! here), with a strict Content-Security-Policy and a CSRF token on every form.
//!
//! A page answers a stopped session the way the API answers 403: it redirects to where the
//! person can act (sign in, the second step, the setup-required page) and comes back after.
//! Pages take their session and their forms through the extractors of `extract.rs`, so that a
//! page cannot skip the access decision or a form's token; the route table below records every
//! route it registers, so that a test can send each unsafe one a form without its token.

mod account;
mod approvals;
mod apps;
mod assets;
mod audit;
mod audit_words;
mod chart;
mod email;
mod enroll;
mod extract;
mod factors;
pub(crate) mod forward_auth;
mod home;
mod invitations;
mod join;
mod language;
mod leave;
mod member_admin;
mod my_invitations;
mod oidc;
mod orgs;
mod policy;
mod reset;
mod second_step;
mod security;
mod session;
mod sessions;
mod verify;

use axum::Router;
use axum::handler::Handler;
use axum::http::{HeaderValue, Method, header};
use axum::routing::{MethodRouter, get, post};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::state::AppState;
use extract::EndsInCheckedForm;

pub use assets::{script_path, stylesheet_path};
pub use session::not_found;

/// Scripts and styles only from this origin's files (none inline), no plugin, no frame, forms
/// and fetches only to this origin (the script asks for sign-ins waiting for approval), images
/// only from here or inline (the QR code is inline SVG).
pub(super) const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The pages and their assets.
pub fn router() -> Router<AppState> {
    pages().router.layer(SetResponseHeaderLayer::overriding(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    ))
}

/// Every route of the console with a method other than `GET`, as the router registers it
/// (path with its `{parameters}`, method).
pub fn unsafe_routes() -> Vec<(&'static str, Method)> {
    pages()
        .routes
        .into_iter()
        .filter(|(_, m)| m != Method::GET)
        .collect()
}

/// The router being built, and each route it was given.
#[derive(Default)]
struct Pages {
    router: Router<AppState>,
    routes: Vec<(&'static str, Method)>,
}

impl Pages {
    fn get<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, h: H) -> Self {
        self.add(path, Method::GET, get(h))
    }

    /// An unsafe route: its handler must take its form through a checked extractor
    /// (`CsrfForm`, `PublicForm`), else this does not compile.
    fn post<H, T>(self, path: &'static str, h: H) -> Self
    where
        H: Handler<T, AppState>,
        T: EndsInCheckedForm + 'static,
    {
        self.add(path, Method::POST, post(h))
    }

    fn add(mut self, path: &'static str, method: Method, route: MethodRouter<AppState>) -> Self {
        // A second method on a path joins the first.
        self.router = self.router.route(path, route);
        self.routes.push((path, method));
        self
    }
}

/// The route table.
fn pages() -> Pages {
    let pages = Pages::default()
        .get("/", home::home_get)
        .get("/static/{file}", assets::static_get);
    org_pages(security_pages(sign_in_pages(pages)))
}

/// Signing up, in and out, and the second step.
fn sign_in_pages(pages: Pages) -> Pages {
    pages
        .get("/sign-in", account::sign_in_get)
        .post("/sign-in", account::sign_in_post)
        .post("/sign-in/passkey", account::sign_in_passkey_post)
        .get("/password-reset", reset::request_get)
        .post("/password-reset", reset::request_post)
        .get("/password-reset/{token}", reset::password_get)
        .post("/password-reset/{token}", reset::password_post)
        .get("/sign-up", account::sign_up_get)
        .post("/sign-up", account::sign_up_post)
        .get("/accounts/verify", verify::verify_get)
        .post("/accounts/verify", verify::verify_post)
        .get("/accounts/verify/resend", verify::resend_get)
        .post("/accounts/verify/resend", verify::resend_post)
        .get("/oidc/authorize", oidc::authorize_get)
        .get("/oidc/end_session", oidc::end_session_get)
        .post("/oidc/end_session", oidc::end_session_post)
        .get("/sign-in/second-step", second_step::second_step_get)
        .post("/sign-in/second-step", second_step::second_step_post)
        .post("/sign-in/second-step/sms", second_step::sms_post)
        .post("/sign-in/second-step/push", second_step::push_post)
        .get("/sign-in/second-step/push/{id}", second_step::push_wait_get)
        .get(
            "/sign-in/second-step/push/{id}/status",
            second_step::push_status_get,
        )
        .post("/sign-out", account::sign_out_post)
        .get("/setup-required", account::setup_required_get)
        .get(forward_auth::SIGN_IN_ENTRY, forward_auth::sign_in_get)
}

/// The account's own security: second factors, app passwords, devices, sign-in requests.
fn security_pages(pages: Pages) -> Pages {
    pages
        .get("/account/security", security::security_get)
        .post("/account/reauth", security::reauth_post)
        .post(
            "/account/security/methods/{id}/default",
            security::method_default_post,
        )
        .get(
            "/account/security/methods/{id}/remove",
            security::method_remove_get,
        )
        .post(
            "/account/security/methods/{id}/remove",
            security::method_remove_post,
        )
        .get("/account/security/off", security::mfa_off_get)
        .post("/account/security/off", security::mfa_off_post)
        .post(
            "/account/security/app-passwords",
            security::app_password_post,
        )
        .post(
            "/account/security/app-passwords/{id}/revoke",
            security::app_password_revoke_post,
        )
        .post(
            "/account/security/devices/{id}/forget",
            security::device_forget_post,
        )
        .post("/account/security/totp", enroll::totp_start_post)
        .post(
            "/account/security/totp/{id}/verify",
            enroll::totp_verify_post,
        )
        .post("/account/security/webauthn", enroll::webauthn_start_post)
        .post(
            "/account/security/webauthn/{id}/verify",
            enroll::webauthn_verify_post,
        )
        .post(
            "/account/security/recovery-codes",
            enroll::recovery_codes_post,
        )
        .post("/account/security/sms", factors::sms_start_post)
        .post(
            "/account/security/sms/{id}/verify",
            factors::sms_verify_post,
        )
        .post("/account/security/push", factors::push_start_post)
        .post(
            "/account/security/push/{id}/verify",
            factors::push_verify_post,
        )
        .get("/account/sign-in-requests", approvals::requests_get)
        .get("/account/sessions", sessions::sessions_get)
        .get("/account/invitations", my_invitations::invitations_get)
        .get("/account/language", language::language_get)
        .post("/account/language", language::language_post)
        .get("/account/delete", leave::delete_get)
        .post("/account/delete", leave::delete_post)
        .post(
            "/account/invitations/{id}/accept",
            my_invitations::accept_post,
        )
        .post(
            "/account/invitations/{id}/decline",
            my_invitations::decline_post,
        )
        .post("/account/email", email::email_post)
        .get("/account/email/confirm/{token}", email::confirm_get)
        .post("/account/email/confirm/{token}", email::confirm_post)
        .post(
            "/account/sessions/end-others",
            sessions::sessions_end_others_post,
        )
        .post("/account/sessions/{id}/end", sessions::session_end_post)
        .post("/account/sign-in-requests/{id}", approvals::request_post)
}

/// Organizations: overview, members, policy, invitations, audit log; leaving one.
fn org_pages(pages: Pages) -> Pages {
    pages
        .post("/orgs", home::org_create_post)
        .get("/orgs/{org}/leave", leave::org_leave_get)
        .post("/orgs/{org}/leave", leave::org_leave_post)
        .get("/orgs/{org}", orgs::org_get)
        .get("/orgs/{org}/members", orgs::members_get)
        .post("/orgs/{org}/reminders", orgs::reminders_post)
        .post(
            "/orgs/{org}/members/{user}/security-alert",
            orgs::security_alert_post,
        )
        .get("/orgs/{org}/members/{user}", orgs::member_get)
        .post("/orgs/{org}/members/{user}/role", orgs::role_post)
        .post(
            "/orgs/{org}/members/{user}/deadline",
            member_admin::deadline_post,
        )
        .get(
            "/orgs/{org}/members/{user}/reset-mfa",
            member_admin::reset_get,
        )
        .post(
            "/orgs/{org}/members/{user}/reset-mfa",
            member_admin::reset_post,
        )
        .get("/orgs/{org}/members/{user}/remove", orgs::remove_get)
        .post("/orgs/{org}/members/{user}/remove", orgs::remove_post)
        .get("/orgs/{org}/policy", policy::policy_get)
        .post("/orgs/{org}/policy", policy::policy_post)
        .get("/orgs/{org}/invitations", invitations::invite_get)
        .post("/orgs/{org}/invitations", invitations::invite_post)
        .post(
            "/orgs/{org}/invitations/{id}/revoke",
            invitations::invitation_revoke_post,
        )
        .post(
            "/orgs/{org}/invitations/{id}/resend",
            invitations::invitation_resend_post,
        )
        .get("/orgs/{org}/audit", audit::audit_get)
        .get("/orgs/{org}/apps", apps::apps_get)
        .post("/orgs/{org}/apps", apps::apps_post)
        .post("/orgs/{org}/apps/{client}/remove", apps::app_remove_post)
        .get("/invitations/{token}", invitations::invitation_get)
        .post("/invitations/{token}", invitations::invitation_post)
        .post(
            "/invitations/{token}/decline",
            invitations::invitation_decline_post,
        )
        .get("/join/{token}", join::join_get)
        .post("/join/{token}", join::join_post)
}
