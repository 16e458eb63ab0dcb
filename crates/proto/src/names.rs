//! The fixed sets of names the API uses, as OpenAPI enums. Responses carry these types; request
//! bodies keep such fields as strings (`#[schema(value_type = …)]` points at these) that the
//! server parses into the domain's types, so a value outside the set is a 422 with the field
//! named, never a serde error. Each list must equal the domain type's `as_str` values (the
//! server maps the domain's types to these in one place and tests that they agree).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What kind of client a session was signed in from (the caller's own word).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ClientKind {
    Web,
    Native,
    Sync,
}

/// A kind of second-factor method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MethodType {
    Totp,
    Webauthn,
    Sms,
    Push,
}

/// What the second step is passed with: a method's kind, or a recovery code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StepType {
    Totp,
    RecoveryCode,
    Sms,
    Webauthn,
    Push,
}

/// A member's role in an organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Owner,
    LegalRepresentative,
    Admin,
    Member,
}

/// A session's state: `mfa_pending` may only finish the second step or sign out;
/// `setup_required` may only set up 2FA, leave an organization or sign out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SessionState {
    Active,
    MfaPending,
    SetupRequired,
}

/// Authenticator assurance level (NIST SP 800-63B): `aal2` once a second factor was passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Aal {
    Aal1,
    Aal2,
}

/// A filter on members by whether they have a method the policy allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MfaFilter {
    Enabled,
    Disabled,
}

/// The word that confirms turning enforcement on (`ENFORCE`) or off (`STOP`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "UPPERCASE")]
pub enum Confirm {
    Enforce,
    Stop,
}

/// An approver's answer to a sign-in waiting for approval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Approve,
    Deny,
}

/// What an answer did to the sign-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Approved,
    Denied,
    Reported,
}

/// A held sign-in whose approval has not come yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PushStatus {
    Pending,
}

/// Whether an app (an OpenID Connect client) can keep a secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ClientType {
    Confidential,
    Public,
}

/// What kind of app a client is: its tokens count as a browser's or a native app's for an
/// organization's `exempt_clients`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AppKind {
    Web,
    Native,
}

/// How an app's ID tokens are signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub enum SigningAlg {
    #[serde(rename = "ES256")]
    Es256,
    #[serde(rename = "RS256")]
    Rs256,
}

/// Where a remembered browser may skip the second step from: anywhere (`any`), or only from
/// the network it was remembered on and an organization's trusted networks (`known`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeviceNetworks {
    Any,
    Known,
}
