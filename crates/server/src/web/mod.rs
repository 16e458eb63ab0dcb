//! The web console: server-rendered pages over the same services as the API (no rule lives
//! here), with a strict Content-Security-Policy, CSRF tokens on every form, and no script.
//!
//! A page answers a stopped session the way the API answers 403: it redirects to where the
//! person can act (sign in, the second step, the setup-required page) and comes back after.

mod account;
mod approvals;
mod assets;
mod factors;
mod orgs;
mod policy;
mod second_step;
mod security;
mod session;

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::routing::{get, post};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::state::AppState;

pub use assets::{script_path, stylesheet_path};

/// Scripts and styles only from this origin's files (none inline), no plugin, no frame, forms
/// and fetches only to this origin (the script asks for sign-ins waiting for approval), images
/// only from here or inline (the QR code is inline SVG).
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The pages and their assets.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(account::home_get))
        .route(
            "/sign-in",
            get(account::sign_in_get).post(account::sign_in_post),
        )
        .route(
            "/sign-up",
            get(account::sign_up_get).post(account::sign_up_post),
        )
        .route(
            "/sign-in/second-step",
            get(second_step::second_step_get).post(second_step::second_step_post),
        )
        .route("/sign-in/second-step/sms", post(second_step::sms_post))
        .route("/sign-in/second-step/push", post(second_step::push_post))
        .route(
            "/sign-in/second-step/push/{id}",
            get(second_step::push_wait_get),
        )
        .route(
            "/sign-in/second-step/push/{id}/status",
            get(second_step::push_status_get),
        )
        .route("/sign-out", post(account::sign_out_post))
        .route("/account/security", get(security::security_get))
        .route("/account/security/totp", post(security::totp_start_post))
        .route(
            "/account/security/totp/{id}/verify",
            post(security::totp_verify_post),
        )
        .route(
            "/account/security/methods/{id}/default",
            post(security::method_default_post),
        )
        .route(
            "/account/security/methods/{id}/remove",
            get(security::method_remove_get).post(security::method_remove_post),
        )
        .route("/account/reauth", post(security::reauth_post))
        .route("/account/security/sms", post(factors::sms_start_post))
        .route(
            "/account/security/sms/{id}/verify",
            post(factors::sms_verify_post),
        )
        .route("/account/security/push", post(factors::push_start_post))
        .route(
            "/account/security/push/{id}/verify",
            post(factors::push_verify_post),
        )
        .route(
            "/account/security/webauthn",
            post(security::webauthn_start_post),
        )
        .route(
            "/account/security/webauthn/{id}/verify",
            post(security::webauthn_verify_post),
        )
        .route(
            "/account/security/recovery-codes",
            post(security::recovery_codes_post),
        )
        .route(
            "/account/security/off",
            get(security::mfa_off_get).post(security::mfa_off_post),
        )
        .route(
            "/account/security/app-passwords",
            post(security::app_password_post),
        )
        .route(
            "/account/security/app-passwords/{id}/revoke",
            post(security::app_password_revoke_post),
        )
        .route(
            "/account/security/devices/{id}/forget",
            post(security::device_forget_post),
        )
        .route("/account/sign-in-requests", get(approvals::requests_get))
        .route(
            "/account/sign-in-requests/{id}",
            post(approvals::request_post),
        )
        .route("/setup-required", get(account::setup_required_get))
        .route("/orgs/{org}/leave", post(account::org_leave_post))
        .route("/orgs/{org}", get(orgs::org_get))
        .route("/orgs/{org}/members", get(orgs::members_get))
        .route("/orgs/{org}/reminders", post(orgs::reminders_post))
        .route(
            "/orgs/{org}/members/{user}/security-alert",
            post(orgs::security_alert_post),
        )
        .route("/orgs/{org}/members/{user}", get(orgs::member_get))
        .route("/orgs/{org}/members/{user}/role", post(orgs::role_post))
        .route(
            "/orgs/{org}/members/{user}/remove",
            get(orgs::remove_get).post(orgs::remove_post),
        )
        .route(
            "/orgs/{org}/policy",
            get(policy::policy_get).post(policy::policy_post),
        )
        .route(
            "/orgs/{org}/invitations",
            get(policy::invite_get).post(policy::invite_post),
        )
        .route("/orgs/{org}/audit", get(policy::audit_get))
        .route(
            "/invitations/{token}",
            get(policy::invitation_get).post(policy::invitation_post),
        )
        .route("/static/{file}", get(assets::static_get))
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        ))
}
