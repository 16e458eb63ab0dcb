//! Push approval: enrolling an authenticator device, sign-ins held for approval, and the
//! answers of devices and of other signed-in sessions.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

use crate::names::{Outcome, PushStatus, SessionState};

/// `POST /api/v1/me/mfa/push`
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreatePush {
    /// 1 to 64 characters, no control characters.
    #[schema(
        max_length = 64,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$"
    )]
    pub label: Option<String>,
}

/// A device enrollment waiting for the device: give it `code` (or `enrollment_uri`, as the QR
/// code shows it), then confirm with a code the device shows.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PushEnrollment {
    pub id: String,
    /// One-time, shown once.
    pub code: String,
    pub enrollment_uri: String,
    pub qr_svg: String,
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
}

/// `POST /api/v1/push/enroll`, by the device.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EnrollDevice {
    pub code: String,
    /// The device's Ed25519 public key, 32 bytes in base64url without padding.
    pub public_key: String,
    /// The device's name, shown on the security page.
    pub name: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DeviceEnrolled {
    pub device_id: String,
    /// The device's access token for `/api/v1/push/…`, shown once.
    pub token: String,
    /// The TOTP secret (base32) for offline codes.
    pub totp_secret: String,
    pub account_email: String,
    pub issuer: String,
}

/// Where a sign-in comes from, as an approver sees it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SignInRequest {
    pub id: String,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub ip: Option<String>,
    /// The browser, as its User-Agent names it.
    pub browser: Option<String>,
    /// An approximate place, when the server knows one.
    pub place: Option<String>,
    /// Pick the number the sign-in shows; a wrong pick denies it.
    pub choices: Vec<u8>,
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
}

/// `GET /api/v1/push/challenges`, `GET /api/v1/me/sign-in-requests`
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SignInRequests {
    pub requests: Vec<SignInRequest>,
}

/// `POST /api/v1/push/challenges/{id}` (signed) and `POST /api/v1/me/sign-in-requests/{id}`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerRequest {
    /// `approve` or `deny`.
    #[schema(value_type = crate::names::Decision)]
    pub decision: String,
    /// With `approve`: the number picked.
    pub number: Option<u8>,
    /// With `deny`: report the sign-in as not yours (the holder is emailed, pushes pause).
    #[serde(default)]
    pub not_me: bool,
    /// From a device: Ed25519 over `twofold-push-v1\n{id}\n{decision}\n{number}\n{not_me}`,
    /// base64url without padding.
    pub signature: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Answered {
    pub outcome: Outcome,
}

/// A sign-in held for approval (`POST /api/v1/sessions/current/mfa` with `type: "push"`).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PushStarted {
    pub state: SessionState,
    pub challenge_id: String,
    /// Show this; the approver must pick it.
    pub number: u8,
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
}

/// The approval has not come yet: ask again.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PushWaiting {
    pub state: SessionState,
    pub challenge_id: String,
    pub status: PushStatus,
}

/// The 202 of `POST /api/v1/sessions/current/mfa` with `type: "push"`: a sign-in just held
/// ([`PushStarted`]), or one still waiting ([`PushWaiting`]). For the OpenAPI document.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum PushHeld {
    Started(PushStarted),
    Waiting(PushWaiting),
}

/// `GET /api/v1/push/challenges`
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct WaitQuery {
    /// Hold the request up to this many seconds (at most 30) until a sign-in waits.
    pub wait: Option<u64>,
}
