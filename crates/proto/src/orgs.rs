//! Organizations, members, invitations, the 2FA policy and the audit log.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};

use crate::names::{ClientKind, MethodType, Role};

/// `POST /api/v1/orgs`
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateOrg {
    /// 1 to 100 characters, no control characters.
    #[schema(
        min_length = 1,
        max_length = 100,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$"
    )]
    pub name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct OrgCreated {
    pub id: String,
    pub name: String,
}

/// Head counts; `mfa_enabled` counts the members with a method the policy allows.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, ToSchema)]
pub struct Counts {
    pub members: i64,
    pub mfa_enabled: i64,
    /// `mfa_enabled` of `members`, in percent with one decimal (100 for no members).
    pub percentage: f64,
    /// Members with a phishing-resistant factor: a security key or passkey.
    pub phishing_resistant: i64,
}

/// An organization's 2FA policy.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MfaPolicy {
    pub enforced: bool,
    /// Grace period: enforcement starts at this moment.
    #[serde(with = "time::serde::rfc3339::option")]
    pub enforce_from: Option<OffsetDateTime>,
    /// Strict mode: enforcing is refused unless every member already has 2FA.
    pub require_all_enrolled: bool,
    pub exempt_clients: Vec<ClientKind>,
    pub allowed_methods: Vec<MethodType>,
    pub allow_remembered_devices: bool,
    pub remembered_device_days: u32,
    /// `known`: a remembered browser skips the second step only from the network it was
    /// remembered on (the same IPv4 /24 or IPv6 /64) or from `trusted_networks`.
    pub remembered_device_networks: crate::names::DeviceNetworks,
    /// The organization's networks, as CIDR blocks (`203.0.113.0/24`).
    pub trusted_networks: Vec<String>,
    /// Days a member who joins after enforcement began has to set up 2FA (0: at once).
    pub new_member_days: u32,
    /// Whether members may use app passwords.
    pub allow_app_passwords: bool,
    /// Turn enforcement on by itself the moment every member has an allowed method.
    pub auto_enforce: bool,
    /// When enforcement was last turned on (read only).
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub enforced_since: Option<OffsetDateTime>,
}

/// `GET /api/v1/orgs/{org}`
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct OrgView {
    pub id: String,
    pub name: String,
    pub mfa_policy: MfaPolicy,
    pub counts: Counts,
}

/// `POST /api/v1/orgs/{org}/invitations`
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateInvitation {
    #[schema(format = Email, max_length = 254)]
    pub email: String,
    /// `owner`, `legal_representative`, `admin` or `member`.
    #[schema(value_type = crate::names::Role)]
    pub role: String,
    /// A guest from outside the organization. Defaults to `false`.
    pub external: Option<bool>,
    /// Ask to manage the invitee's account (reset their two-factor authentication); they must
    /// consent when accepting. Defaults to `false`.
    #[serde(default)]
    pub manage_account: Option<bool>,
}

/// Body of `POST /api/v1/invitations/{token}/accept` (optional).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AcceptInvitation {
    /// Consent to the organization managing the account, when the invitation asks for it.
    #[serde(default)]
    pub accept_management: Option<bool>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct InvitationCreated {
    pub id: String,
    /// The secret of the invitation link; also sent to the invitee by email.
    pub token: String,
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
}

/// `POST /api/v1/invitations/{token}/accept`
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct InvitationAccepted {
    pub org_id: String,
    pub name: String,
    pub role: Role,
    pub external: bool,
    /// The organization now manages the account (may reset its two-factor authentication).
    pub manages_account: bool,
}

/// Query of `GET /api/v1/orgs/{org}/members`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct MemberQuery {
    /// `enabled` or `disabled`.
    #[param(value_type = Option<crate::names::MfaFilter>, inline)]
    pub mfa: Option<String>,
    #[param(value_type = Option<crate::names::Role>, inline)]
    pub role: Option<String>,
    /// Part of an email or name.
    #[param(max_length = 254)]
    pub q: Option<String>,
    pub cursor: Option<String>,
    /// 1 to 200; 50 by default.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Member {
    pub user_id: String,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub external: bool,
    /// Whether the member has a method the policy allows.
    pub mfa_enabled: bool,
    /// Without an allowed method while the organization enforces: when they are (or were)
    /// blocked.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub mfa_deadline: Option<OffsetDateTime>,
    /// The kinds of the member's methods (allowed or not).
    pub methods: Vec<MethodType>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MemberList {
    pub members: Vec<Member>,
    pub next_cursor: Option<String>,
    pub counts: Counts,
}

/// `PATCH /api/v1/orgs/{org}/members/{user}`
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateMember {
    #[schema(value_type = crate::names::Role)]
    pub role: String,
}

/// Answer of `PATCH /api/v1/orgs/{org}/members/{user}`: the member's role now.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MemberUpdated {
    pub user_id: String,
    #[schema(value_type = crate::names::Role)]
    pub role: String,
}

/// Query of `GET /api/v1/orgs/{org}/audit`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    pub cursor: Option<String>,
    /// 1 to 200; 50 by default.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AuditEvent {
    pub id: String,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// The account that acted, if any.
    pub actor: Option<String>,
    pub action: String,
    pub target: Option<String>,
    pub ip: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AuditList {
    pub events: Vec<AuditEvent>,
    pub next_cursor: Option<String>,
}

/// `PUT /api/v1/orgs/{org}/mfa-policy`: the policy; fields left out keep their value.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateMfaPolicy {
    pub enforced: bool,
    /// Grace period: enforcement blocks from this moment (null: at once).
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub enforce_from: Option<OffsetDateTime>,
    pub require_all_enrolled: Option<bool>,
    #[schema(value_type = Option<Vec<crate::names::ClientKind>>)]
    pub exempt_clients: Option<Vec<String>>,
    #[schema(value_type = Option<Vec<crate::names::MethodType>>)]
    pub allowed_methods: Option<Vec<String>>,
    pub allow_remembered_devices: Option<bool>,
    pub remembered_device_days: Option<u32>,
    /// `any` or `known`.
    #[schema(value_type = Option<crate::names::DeviceNetworks>)]
    pub remembered_device_networks: Option<String>,
    /// CIDR blocks (at most 500; none wider than an IPv4 /8 or an IPv6 /16).
    pub trusted_networks: Option<Vec<String>>,
    pub new_member_days: Option<u32>,
    pub allow_app_passwords: Option<bool>,
    pub auto_enforce: Option<bool>,
    /// `ENFORCE` to turn enforcement on, `STOP` to turn it off.
    #[schema(value_type = Option<crate::names::Confirm>)]
    pub confirm: Option<String>,
    /// What `GET` answers beside the policy, accepted so that its answer can be sent back
    /// changed, and ignored: when enforcement began is the server's record.
    #[serde(default, skip_serializing)]
    #[schema(value_type = Option<String>, read_only)]
    pub enforced_since: Option<serde::de::IgnoredAny>,
}

/// An organization named in an answer.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct OrgRef {
    pub org_id: String,
    pub name: String,
}

/// A member who lacks an allowed second factor.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MemberWithoutMfa {
    pub user_id: String,
    pub email: String,
    pub external: bool,
}

/// Query of `GET /api/v1/orgs/{org}/mfa-policy/preview`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PreviewQuery {
    /// Comma-separated methods to preview instead of the current policy's.
    pub allowed_methods: Option<String>,
}

/// `GET /api/v1/orgs/{org}/mfa-policy/preview`: who enforcing would block.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PolicyPreview {
    pub would_block: Vec<MemberWithoutMfa>,
    pub counts: Counts,
}

/// `POST /api/v1/orgs/{org}/mfa-reminders`
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SendReminders {
    /// The members to remind; every member without 2FA when left out.
    pub user_ids: Option<Vec<String>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RemindersQueued {
    /// How many reminders were queued (members already reminded within the window, or with
    /// 2FA, are skipped).
    pub queued: u64,
}

/// `PUT /api/v1/orgs/{org}/members/{user}/mfa-deadline`
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SetMemberDeadline {
    /// The member's own deadline; null returns them to the organization's.
    #[serde(with = "time::serde::rfc3339::option")]
    pub deadline: Option<OffsetDateTime>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MemberDeadline {
    /// When enforcement blocks this member; null while the organization does not enforce.
    #[serde(with = "time::serde::rfc3339::option")]
    pub deadline: Option<OffsetDateTime>,
}

/// A pending invitation, as the organization's managers see it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PendingInvitation {
    pub id: String,
    pub email: String,
    pub role: Role,
    pub external: bool,
    pub manage_account: bool,
    /// The address of who sent it, while that account exists.
    pub invited_by: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
}

/// `GET /api/v1/orgs/{org}/invitations`
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PendingInvitationList {
    pub invitations: Vec<PendingInvitation>,
}

/// An invitation addressed to the account asking.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MyInvitation {
    pub id: String,
    pub org: OrgRef,
    pub role: Role,
    pub external: bool,
    /// It asks to manage the account: accepting needs `accept_management: true`.
    pub manage_account: bool,
    pub invited_by: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
}

/// `GET /api/v1/me/invitations`
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MyInvitationList {
    pub invitations: Vec<MyInvitation>,
}
