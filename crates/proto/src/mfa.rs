//! Second factors: the account's methods, the second step of sign-in, recovery codes, app
//! passwords and remembered devices.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

use crate::names::{Aal, MethodType, SessionState};

/// A verified second-factor method.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MethodView {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: MethodType,
    pub label: String,
    pub is_default: bool,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_used_at: Option<OffsetDateTime>,
    /// Security keys and passkeys only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub webauthn: Option<WebauthnFacts>,
}

/// What a security key or passkey is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct WebauthnFacts {
    /// Registered as a passkey: with user verification required, and asked to be discoverable.
    pub passkey: bool,
    /// The authenticator may sync it to other devices (a synced passkey).
    pub backup_eligible: bool,
    /// The authenticator last said it is synced (backed up elsewhere).
    pub backed_up: bool,
}

/// `GET /api/v1/me/mfa`
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MfaOverview {
    pub methods: Vec<MethodView>,
    pub recovery_codes_left: u32,
}

/// `POST /api/v1/me/mfa/totp`
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateTotp {
    /// 1 to 64 characters, no control characters.
    #[schema(
        max_length = 64,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$"
    )]
    pub label: Option<String>,
}

/// A TOTP enrollment waiting for its first code.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TotpEnrollment {
    pub id: String,
    /// The 160-bit secret in base32, for typing into an app by hand.
    pub secret: String,
    pub otpauth_uri: String,
    /// The `otpauth://` URI as a QR code, an SVG document.
    pub qr_svg: String,
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
}

/// `POST /api/v1/me/mfa/totp/{id}/verify`
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VerifyTotp {
    /// The 6 digits the app shows (`123456`, `123 456` or `123-456`).
    #[schema(pattern = r"^\s*[0-9]{3}[ -]?[0-9]{3}\s*$")]
    pub code: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MethodVerified {
    pub method: MethodView,
    /// Only when this is the account's first method: shown once, keep them safe.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recovery_codes: Option<Vec<String>>,
}

/// `POST /api/v1/me/mfa/{id}/default`
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MethodUpdated {
    pub method: MethodView,
}

/// `POST /api/v1/me/recovery-codes`
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RecoveryCodes {
    pub recovery_codes: Vec<String>,
}

/// `POST /api/v1/sessions/current/mfa`
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SecondStep {
    pub method_id: Option<String>,
    /// `totp`, `recovery_code`, `sms`, `webauthn` or `push`.
    #[serde(rename = "type")]
    #[schema(value_type = crate::names::StepType)]
    pub kind: String,
    pub code: Option<String>,
    /// With `webauthn`: the ceremony started by `POST /api/v1/sessions/current/mfa/webauthn`.
    pub challenge_id: Option<String>,
    /// With `webauthn`: the authenticator's answer (`PublicKeyCredential`, as JSON).
    #[schema(value_type = Option<Object>)]
    pub credential: Option<serde_json::Value>,
    /// Skip the second step on this browser for a while (unless an organization forbids it).
    pub remember_device: Option<bool>,
    /// With `remember_device`: `known` to skip it only from this network (the same IPv4 /24 or
    /// IPv6 /64); `any`, the default, from wherever the browser goes (unless an organization
    /// says `known`).
    #[schema(value_type = Option<crate::names::DeviceNetworks>)]
    pub remember_device_networks: Option<String>,
}

/// `POST /api/v1/me/mfa/sms`
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateSms {
    /// In international form: `+41 79 123 45 67`. Only numbers of the allowed countries.
    pub phone: String,
    /// 1 to 64 characters, no control characters.
    #[schema(
        max_length = 64,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$"
    )]
    pub label: Option<String>,
}

/// An SMS enrollment waiting for the code just sent.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SmsEnrollment {
    pub id: String,
    /// The number in E.164 form, as it will be used.
    pub phone: String,
    /// When the code sent expires.
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
}

/// `POST /api/v1/me/mfa/sms/{id}/verify`
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VerifySms {
    /// The 6 digits of the text (spaces and hyphens are ignored).
    #[schema(pattern = r"^[\s0-9-]*$")]
    pub code: String,
}

/// `POST /api/v1/sessions/current/mfa/sms`
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SendSms {
    /// Which SMS method; by default the account's default one.
    pub method_id: Option<String>,
}

/// A code sent by SMS.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SmsSent {
    pub method_id: String,
    /// The number, mostly hidden: `+41 ••••••• 67`.
    pub phone: String,
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
}

/// `POST /api/v1/me/mfa/webauthn`
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StartWebauthn {
    /// `true`: a passkey (user verification required; the authenticator is asked to keep it
    /// discoverable) rather than a security key used only as a second factor. Refused when only
    /// attested keys may be added.
    #[serde(default)]
    pub passkey: Option<bool>,
    /// 1 to 64 characters, no control characters.
    #[schema(
        max_length = 64,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$"
    )]
    pub label: Option<String>,
}

/// A WebAuthn ceremony started: pass `options` to `navigator.credentials.create()` (or
/// `.get()`), then send the answer back with `id`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct WebauthnStarted {
    pub id: String,
    /// `{"publicKey": {...}}`, as the WebAuthn JSON serialization defines it.
    #[schema(value_type = Object)]
    pub options: serde_json::Value,
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
}

/// `POST /api/v1/me/mfa/webauthn/{id}/verify`
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FinishWebauthn {
    /// The authenticator's answer (`RegisterPublicKeyCredential`, as JSON).
    #[schema(value_type = Object)]
    pub credential: serde_json::Value,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SecondStepPassed {
    pub state: SessionState,
    pub aal: Aal,
    /// Whether the `twofold_device` cookie was set.
    pub device_remembered: bool,
    /// The session's new token: a rise in assurance issues one (and a new cookie for a
    /// browser), and the token the step was passed with stops working.
    pub token: String,
    /// The new token's `X-CSRF-Token` value.
    pub csrf_token: String,
}

/// `POST /api/v1/me/app-passwords`
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateAppPassword {
    /// 1 to 64 characters, no control characters.
    #[schema(
        min_length = 1,
        max_length = 64,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$"
    )]
    pub label: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AppPasswordCreated {
    pub id: String,
    pub label: String,
    /// Shown once.
    pub password: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AppPasswordView {
    pub id: String,
    pub label: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_used_at: Option<OffsetDateTime>,
}

/// `GET /api/v1/me/app-passwords`
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AppPasswordList {
    pub app_passwords: Vec<AppPasswordView>,
}

/// `GET /api/v1/sync/whoami`
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SyncWhoami {
    pub id: String,
    pub email: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DeviceView {
    pub id: String,
    /// The browser, as its User-Agent named it.
    pub label: String,
    /// The address it was remembered from.
    pub ip: Option<String>,
    /// The network it was remembered on: that address's IPv4 /24 or IPv6 /64.
    pub network: Option<String>,
    /// `known` when it skips the second step only from that network (its holder's choice).
    pub networks: crate::names::DeviceNetworks,
    /// The address it last skipped the second step from.
    pub last_ip: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub last_used_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
}

/// `GET /api/v1/me/devices`
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DeviceList {
    pub devices: Vec<DeviceView>,
}

/// `POST /api/v1/me/password`
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangePassword {
    pub current_password: String,
    /// 10 to 256 characters, not only one repeated character, not the email.
    #[schema(min_length = 10, max_length = 256)]
    pub new_password: String,
}
