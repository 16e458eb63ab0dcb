//! An organization's two-factor policy: whether it is enforced, from when, for which clients,
//! with which methods, and whether remembered devices may skip the second step.

use time::OffsetDateTime;

use crate::{ClientKind, MethodKind};

/// What an organization requires of its members' second factor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MfaPolicy {
    pub enforced: bool,
    /// Grace period: enforcement blocks from this moment; members are told before.
    pub enforce_from: Option<OffsetDateTime>,
    /// Strict mode: enforcing is refused unless every member already has 2FA.
    pub require_all_enrolled: bool,
    /// Clients that keep working for members without 2FA (apps and sync tools by default).
    pub exempt_clients: Vec<ClientKind>,
    /// Methods that count; a member whose methods are all outside this list is not compliant.
    pub allowed_methods: Vec<MethodKind>,
    pub allow_remembered_devices: bool,
    pub remembered_device_days: u32,
}

impl Default for MfaPolicy {
    fn default() -> Self {
        Self {
            enforced: false,
            enforce_from: None,
            require_all_enrolled: false,
            exempt_clients: vec![ClientKind::Native, ClientKind::Sync],
            allowed_methods: MethodKind::ALL.to_vec(),
            allow_remembered_devices: true,
            remembered_device_days: 30,
        }
    }
}

impl MfaPolicy {
    /// Whether a member with these methods satisfies the policy.
    pub fn accepts(&self, methods: &[MethodKind]) -> bool {
        methods.iter().any(|m| self.allowed_methods.contains(m))
    }

    /// Whether enforcement blocks at `now` (it may be announced and not yet blocking).
    pub fn blocks_at(&self, now: OffsetDateTime) -> bool {
        self.enforced && self.enforce_from.is_none_or(|from| from <= now)
    }
}
