//! Accounts, sessions and the account's own view of itself.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

use crate::names::{Aal, ClientKind, MethodType, Role, SessionState};

/// `POST /api/v1/accounts`
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateAccount {
    #[schema(format = Email, max_length = 254)]
    pub email: String,
    /// 10 to 256 characters, not only one repeated character, not the email.
    #[schema(min_length = 10, max_length = 256)]
    pub password: String,
    /// 1 to 100 characters, no control characters; the email's local part by default.
    #[schema(
        max_length = 100,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$"
    )]
    pub name: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AccountCreated {
    pub id: String,
    pub email: String,
    /// `false` until the link emailed to the address is used: sign-in answers 403
    /// `email_unverified` meanwhile.
    pub email_verified: bool,
}

/// `POST /api/v1/accounts/verify`
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct VerifyAccount {
    /// The `token=` of the link emailed at sign-up.
    pub token: String,
}

/// The account whose address a link proved.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AccountVerified {
    pub id: String,
    pub email: String,
}

/// `POST /api/v1/accounts/verify/resend`
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ResendVerification {
    pub email: String,
}

/// `POST /api/v1/sessions`
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateSession {
    pub email: String,
    pub password: String,
    /// `web` (default), `native` or `sync`.
    #[schema(value_type = Option<crate::names::ClientKind>)]
    pub client: Option<String>,
    /// `false` gives a browser-session cookie that dies with the browser. Defaults to `false`.
    pub remember: Option<bool>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SessionCreated {
    /// The bearer token; for a browser (`client: "web"`) also set as the `twofold_session`
    /// cookie.
    pub token: String,
    pub state: SessionState,
    pub aal: Aal,
    /// The methods the second step can be passed with (empty when no step is owed).
    pub methods: Vec<MethodSummary>,
    /// The id of the method to propose first.
    pub default_method: Option<String>,
    /// Send this as `X-CSRF-Token` on unsafe requests authenticated by the cookie.
    pub csrf_token: String,
    /// Organizations that require 2FA this account lacks (with the deadline during a grace
    /// period).
    pub setup_required_by: Vec<SetupRequiredBy>,
}

/// An organization that requires 2FA the account lacks.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SetupRequiredBy {
    pub org_id: String,
    pub name: String,
    #[serde(with = "time::serde::rfc3339::option")]
    pub deadline: Option<OffsetDateTime>,
}

/// `POST /api/v1/sessions/passkey`: pass `options` to `navigator.credentials.get()` (it names
/// no credentials: the browser offers the passkeys it holds for this site), then send the answer
/// with `challenge_id` to `POST /api/v1/sessions/passkey/verify`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PasskeyChallenge {
    /// Opaque; answered once, before `expires_at`.
    pub challenge_id: String,
    /// `{"publicKey": {...}, "mediation": "conditional"}`, as the WebAuthn JSON serialization
    /// defines it; drop `mediation` for a sign-in the person starts with a button.
    #[schema(value_type = Object)]
    pub options: serde_json::Value,
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
}

/// `POST /api/v1/sessions/passkey/verify`
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasskeySignIn {
    pub challenge_id: Option<String>,
    /// The authenticator's answer (`PublicKeyCredential`, as JSON).
    #[schema(value_type = Option<Object>)]
    pub credential: Option<serde_json::Value>,
    /// `web` (default), `native` or `sync`.
    #[schema(value_type = Option<crate::names::ClientKind>)]
    pub client: Option<String>,
    /// `false` gives a browser-session cookie that dies with the browser. Defaults to `false`.
    pub remember: Option<bool>,
}

/// `GET /api/v1/sessions/current`
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CurrentSession {
    pub state: SessionState,
    pub aal: Aal,
    pub client: ClientKind,
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
    pub setup_required_by: Vec<SetupRequiredBy>,
    pub csrf_token: String,
}

/// One of the account's organizations, as `/me` lists it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MeOrg {
    pub id: String,
    pub name: String,
    pub role: Role,
    pub external: bool,
    pub requires_mfa: bool,
}

/// A second-factor method, as `/me` lists it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MethodSummary {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: MethodType,
    pub label: String,
    pub is_default: bool,
}

/// `GET /api/v1/me`
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Me {
    pub id: String,
    pub email: String,
    pub name: String,
    pub mfa_enabled: bool,
    pub methods: Vec<MethodSummary>,
    pub orgs: Vec<MeOrg>,
    /// The organization that manages the account (may reset its two-factor authentication),
    /// with the account holder's consent; `null` when none does.
    pub managed_by: Option<crate::orgs::OrgRef>,
    /// The language of the account's pages and emails (`en`, `fr`, `de`, `it`); `null` follows
    /// the browser's `Accept-Language`.
    #[serde(default)]
    pub locale: Option<String>,
}

/// `PATCH /api/v1/me`: a field left out stays as it is.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateMe {
    /// `en`, `fr`, `de` or `it`; `null` to follow the browser again.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub locale: Option<Option<String>>,
}

/// A field that is present, even as `null` (`Some(None)`), apart from a field left out (`None`).
fn present<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(d).map(Some)
}

/// One place the account is signed in, in `GET /api/v1/me/sessions`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SessionItem {
    pub id: String,
    pub client: ClientKind,
    /// The browser or program and its system ("Firefox on Linux"), from its User-Agent.
    pub browser: String,
    pub ip: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub last_seen_at: OffsetDateTime,
    /// The session this request came with.
    pub current: bool,
    /// Signed in with the password; the second step is not passed yet.
    pub pending: bool,
}

/// `GET /api/v1/me/sessions`
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SessionList {
    pub sessions: Vec<SessionItem>,
}

/// `POST /api/v1/password-reset`
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RequestPasswordReset {
    pub email: String,
}

/// `POST /api/v1/password-reset/{token}`
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ResetPassword {
    pub new_password: String,
}

/// `GET /api/v1/me/export`: everything twofold stores about the account, never a secret (no
/// password hash, no second-factor secret, no token, no recovery code).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AccountExport {
    #[serde(with = "time::serde::rfc3339")]
    pub exported_at: OffsetDateTime,
    /// The account and its organizations, as `GET /api/v1/me` shows them.
    pub account: Me,
    /// Second-factor methods and how many recovery codes are left.
    pub mfa: crate::mfa::MfaOverview,
    pub app_passwords: Vec<crate::mfa::AppPasswordView>,
    pub remembered_devices: Vec<crate::mfa::DeviceView>,
    pub sessions: Vec<SessionItem>,
    pub invitations: Vec<crate::orgs::MyInvitation>,
    /// Events the account acted in or was the target of, oldest first.
    pub audit_events: Vec<crate::orgs::AuditEvent>,
}

/// `DELETE /api/v1/me`
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DeleteAccount {
    pub password: String,
}

/// `POST /api/v1/me/email`
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ChangeEmail {
    pub email: String,
    /// The current password: required when the account has no second factor (with one, a
    /// recent second factor is asked instead).
    #[serde(default)]
    pub password: Option<String>,
}

/// `POST /api/v1/me/email/confirm`
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ConfirmEmail {
    pub token: String,
}

/// The account's address after a confirmed change.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct EmailChanged {
    pub email: String,
}
