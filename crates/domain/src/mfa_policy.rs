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

/// A policy change as sent: the fields left out keep their current value.
#[derive(Debug, Clone, Default)]
pub struct PolicyInput<'a> {
    pub enforced: bool,
    pub enforce_from: Option<OffsetDateTime>,
    pub require_all_enrolled: Option<bool>,
    pub exempt_clients: Option<&'a [String]>,
    pub allowed_methods: Option<&'a [String]>,
    pub allow_remembered_devices: Option<bool>,
    pub remembered_device_days: Option<u32>,
}

impl MfaPolicy {
    /// The policy `input` makes of this one.
    ///
    /// # Errors
    /// For an unknown client kind or method, no allowed method, a validity outside 1–365 days,
    /// or a new `enforce_from` in the past.
    pub fn with(
        &self,
        input: &PolicyInput<'_>,
        now: OffsetDateTime,
    ) -> Result<MfaPolicy, crate::ValidationError> {
        use crate::ValidationError as E;
        let exempt_clients = match input.exempt_clients {
            Some(list) => {
                let mut v = list
                    .iter()
                    .map(|c| {
                        ClientKind::parse(c)
                            .map_err(|_| E::new("exempt_clients", "must list web, native or sync"))
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                v.dedup();
                v
            }
            None => self.exempt_clients.clone(),
        };
        let allowed_methods = match input.allowed_methods {
            Some(list) => {
                let v = list
                    .iter()
                    .map(|m| {
                        MethodKind::parse(m).map_err(|_| {
                            E::new("allowed_methods", "must list totp, webauthn, sms or push")
                        })
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                if v.is_empty() {
                    return Err(E::new("allowed_methods", "must allow at least one method"));
                }
                v
            }
            None => self.allowed_methods.clone(),
        };
        let remembered_device_days = input
            .remembered_device_days
            .unwrap_or(self.remembered_device_days);
        if !(1..=365).contains(&remembered_device_days) {
            return Err(E::new("remembered_device_days", "must be 1 to 365"));
        }
        if let Some(from) = input.enforce_from
            && from < now
            && Some(from) != self.enforce_from
        {
            return Err(E::new("enforce_from", "must not be in the past"));
        }
        Ok(MfaPolicy {
            enforced: input.enforced,
            enforce_from: input.enforce_from,
            require_all_enrolled: input
                .require_all_enrolled
                .unwrap_or(self.require_all_enrolled),
            exempt_clients,
            allowed_methods,
            allow_remembered_devices: input
                .allow_remembered_devices
                .unwrap_or(self.allow_remembered_devices),
            remembered_device_days,
        })
    }

    /// The word an admin must type to go from this policy to `new`: `ENFORCE` to turn
    /// enforcement on, `STOP` to turn it off (seed 000); nothing for other changes.
    pub fn confirmation_for(&self, new: &MfaPolicy) -> Option<&'static str> {
        match (self.enforced, new.enforced) {
            (false, true) => Some("ENFORCE"),
            (true, false) => Some("STOP"),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-06-01 12:00 UTC);

    #[test]
    fn turning_enforcement_on_or_off_needs_its_word() {
        let off = MfaPolicy::default();
        let on = MfaPolicy {
            enforced: true,
            ..MfaPolicy::default()
        };
        assert_eq!(off.confirmation_for(&on), Some("ENFORCE"));
        assert_eq!(on.confirmation_for(&off), Some("STOP"));
        assert_eq!(on.confirmation_for(&on), None);
        assert_eq!(off.confirmation_for(&off), None);
    }

    #[test]
    fn changes_are_validated_and_left_out_fields_kept() {
        let current = MfaPolicy::default();
        let keys = ["webauthn".to_owned()];
        let p = current
            .with(
                &PolicyInput {
                    enforced: true,
                    allowed_methods: Some(&keys),
                    ..PolicyInput::default()
                },
                NOW,
            )
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(p.allowed_methods, vec![MethodKind::Webauthn]);
        assert_eq!(p.exempt_clients, current.exempt_clients);
        let bad: [(PolicyInput<'_>, &str); 4] = [
            (
                PolicyInput {
                    allowed_methods: Some(&[]),
                    ..PolicyInput::default()
                },
                "allowed_methods",
            ),
            (
                PolicyInput {
                    exempt_clients: Some(&keys),
                    ..PolicyInput::default()
                },
                "exempt_clients",
            ),
            (
                PolicyInput {
                    remembered_device_days: Some(0),
                    ..PolicyInput::default()
                },
                "remembered_device_days",
            ),
            (
                PolicyInput {
                    enforce_from: Some(NOW - time::Duration::days(1)),
                    ..PolicyInput::default()
                },
                "enforce_from",
            ),
        ];
        for (input, field) in bad {
            assert_eq!(current.with(&input, NOW).map_err(|e| e.field), Err(field));
        }
    }
}
