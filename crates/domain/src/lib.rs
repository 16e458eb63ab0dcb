//! twofold's pure rules: types that parse and cannot hold bad values, roles and what they may do,
//! session lifetimes, sign-in throttling, the clock. No I/O, no async, no SQL.

pub mod access;
pub mod app_password;
pub mod audit;
pub mod clock;
pub mod effective_policy;
pub mod email;
pub mod error;
pub mod forward_auth;
pub mod ids;
pub mod known_device;
pub mod locale;
pub mod method;
pub mod mfa_policy;
pub mod name;
pub mod network;
pub mod oidc;
pub mod page;
pub mod password;
pub mod phone;
pub mod push;
pub mod recovery;
pub mod role;
pub mod sending;
pub mod session;
pub mod signup;
pub mod sms;
pub mod throttle;
pub mod token;
pub mod totp;
pub mod user_agent;

pub use clock::{Clock, SystemClock};
pub use email::Email;
pub use error::ValidationError;
pub use ids::{
    AppPasswordId, AuditEventId, CeremonyId, ClientId, DeviceId, GrantId, InvitationId, MethodId,
    OrgId, OutboxId, PushChallengeId, SessionId, SmsChallengeId, UserId,
};
pub use locale::Locale;
pub use method::MethodKind;
pub use mfa_policy::MfaPolicy;
pub use name::{DisplayName, OrgName};
pub use password::NewPassword;
pub use role::{MembershipKind, Role};
pub use session::{Aal, ClientKind, SessionState};
pub use token::{SecretToken, TokenHash};
