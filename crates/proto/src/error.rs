//! RFC 9457 problem documents and the stable `code` each carries.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The stable, machine-readable reason of an error. Never renamed once released.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    BadRequest,
    InvalidJson,
    UnsupportedMediaType,
    PayloadTooLarge,
    ValidationFailed,
    WeakPassword,
    EmailTaken,
    InvalidCredentials,
    TooManyAttempts,
    Unauthenticated,
    CsrfFailed,
    Forbidden,
    MfaRequired,
    MfaSetupRequired,
    NotFound,
    MethodNotAllowed,
    AlreadyMember,
    LastOwner,
    InvitationInvalid,
    PasswordResetInvalid,
    EmailChangeInvalid,
    VerificationInvalid,
    EmailUnverified,
    InvitationEmailMismatch,
    MfaRequiredToJoin,
    SignUpDisabled,
    InvalidCode,
    ReauthenticationRequired,
    MfaRequiredByOrg,
    MfaNotEnabled,
    ConfirmationRequired,
    MembersWithoutMfa,
    AppPasswordsNotAllowed,
    WebauthnUnavailable,
    WebauthnCeremonyInvalid,
    WebauthnRejected,
    CountryNotAllowed,
    SmsUnavailable,
    PushChallengeInvalid,
    PushDenied,
    InvalidSignature,
    Overloaded,
    Unavailable,
    ManagementConsentRequired,
    AlreadyManaged,
    RateLimited,
    Internal,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::BadRequest => "bad_request",
            Self::InvalidJson => "invalid_json",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::PayloadTooLarge => "payload_too_large",
            Self::ValidationFailed => "validation_failed",
            Self::WeakPassword => "weak_password",
            Self::EmailTaken => "email_taken",
            Self::InvalidCredentials => "invalid_credentials",
            Self::TooManyAttempts => "too_many_attempts",
            Self::Unauthenticated => "unauthenticated",
            Self::CsrfFailed => "csrf_failed",
            Self::Forbidden => "forbidden",
            Self::MfaRequired => "mfa_required",
            Self::MfaSetupRequired => "mfa_setup_required",
            Self::NotFound => "not_found",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::AlreadyMember => "already_member",
            Self::LastOwner => "last_owner",
            Self::InvitationInvalid => "invitation_invalid",
            Self::PasswordResetInvalid => "password_reset_invalid",
            Self::EmailChangeInvalid => "email_change_invalid",
            Self::VerificationInvalid => "verification_invalid",
            Self::EmailUnverified => "email_unverified",
            Self::InvitationEmailMismatch => "invitation_email_mismatch",
            Self::MfaRequiredToJoin => "mfa_required_to_join",
            Self::SignUpDisabled => "sign_up_disabled",
            Self::InvalidCode => "invalid_code",
            Self::ReauthenticationRequired => "reauthentication_required",
            Self::MfaRequiredByOrg => "mfa_required_by_org",
            Self::MfaNotEnabled => "mfa_not_enabled",
            Self::ConfirmationRequired => "confirmation_required",
            Self::MembersWithoutMfa => "members_without_mfa",
            Self::AppPasswordsNotAllowed => "app_passwords_not_allowed",
            Self::WebauthnUnavailable => "webauthn_unavailable",
            Self::WebauthnCeremonyInvalid => "webauthn_ceremony_invalid",
            Self::WebauthnRejected => "webauthn_rejected",
            Self::CountryNotAllowed => "country_not_allowed",
            Self::SmsUnavailable => "sms_unavailable",
            Self::PushChallengeInvalid => "push_challenge_invalid",
            Self::PushDenied => "push_denied",
            Self::InvalidSignature => "invalid_signature",
            Self::Overloaded => "overloaded",
            Self::Unavailable => "unavailable",
            Self::ManagementConsentRequired => "management_consent_required",
            Self::AlreadyManaged => "already_managed",
            Self::RateLimited => "rate_limited",
            Self::Internal => "internal",
        }
    }
}

/// An RFC 9457 problem document with twofold's `code` member.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Problem {
    /// A URI naming the problem type.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    pub code: ErrorCode,
    /// The input field at fault, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// With `members_without_mfa`: who is missing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub members: Option<Vec<crate::orgs::MemberWithoutMfa>>,
    /// With `mfa_setup_required`: the organizations that require it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organizations: Option<Vec<crate::orgs::OrgRef>>,
}
