//! What a person's organizations require of them, folded into one answer — the strictest wins:
//! whether and how long a remembered device may stand in for the second step, whether app
//! passwords work, which organizations a credential leaves unmet — and, per organization, the
//! one answer to "is this member compliant, and by when" ([`Standing`]).
//!
//! The access decision, the member list and its export, the reminders and the pages ask these;
//! nothing else computes compliance. The store filters member lists with the same rule in its
//! mask form ([`MfaPolicy::allowed_mask`], [`compliant_by_mask`]); the tests below hold the two
//! forms together.

use std::net::IpAddr;

use time::{Duration, OffsetDateTime};

use crate::access::{Credential, OrgPolicy};
use crate::method::kinds_to_mask;
use crate::mfa_policy::{MemberTerms, ReminderStage};
use crate::network::{DeviceNetworks, DevicePlace, same_network};
use crate::{MethodKind, MfaPolicy, OrgId};

/// A member's standing in one organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Has a method the organization accepts.
    Compliant,
    /// Lacks one, and the organization does not enforce: asked, never stopped.
    Asked,
    /// Lacks one; enforcement stops the member from `deadline`, still ahead.
    Due { deadline: OffsetDateTime },
    /// Lacks one; enforcement has stopped the member since `since`.
    Blocked { since: OffsetDateTime },
}

impl Standing {
    /// The member's standing at `now`, given their methods.
    pub fn of(
        policy: &MfaPolicy,
        member: &MemberTerms,
        methods: &[MethodKind],
        now: OffsetDateTime,
    ) -> Self {
        if policy.accepts(methods) {
            return Self::Compliant;
        }
        match policy.deadline_for(member) {
            None => Self::Asked,
            Some(deadline) if deadline > now => Self::Due { deadline },
            Some(since) => Self::Blocked { since },
        }
    }

    /// Whether the member has a method the organization accepts (the list's `mfa_enabled`).
    pub fn is_compliant(self) -> bool {
        self == Self::Compliant
    }

    /// The deadline shown beside a member without 2FA: ahead or passed; `None` when compliant
    /// or not required.
    pub fn deadline(self) -> Option<OffsetDateTime> {
        match self {
            Self::Due { deadline } => Some(deadline),
            Self::Blocked { since } => Some(since),
            Self::Compliant | Self::Asked => None,
        }
    }

    /// The scheduled reminder owed at `now`: only to a member still due, a week and a day
    /// before the deadline.
    pub fn reminder(self, now: OffsetDateTime) -> Option<(OffsetDateTime, ReminderStage)> {
        match self {
            Self::Due { deadline } => ReminderStage::due(deadline, now).map(|s| (deadline, s)),
            _ => None,
        }
    }
}

impl MfaPolicy {
    /// The accepted methods as the mask the store filters members with: a member whose
    /// methods' mask shares a bit with it is compliant ([`compliant_by_mask`]).
    pub fn allowed_mask(&self) -> i64 {
        kinds_to_mask(&self.allowed_methods)
    }
}

/// The compliance rule in the store's form: `(membership.mfa_kinds & allowed) <> 0` in SQL.
pub fn compliant_by_mask(member_kinds: i64, allowed_mask: i64) -> bool {
    member_kinds & allowed_mask != 0
}

/// The policies of a person's organizations, folded.
#[derive(Debug, Clone, Copy)]
pub struct EffectivePolicy<'a> {
    orgs: &'a [OrgPolicy<'a>],
    /// The longest a remembered device may stand in, in days; `None` when an organization
    /// forbids remembered devices; `u32::MAX` when no organization limits them.
    remembered_device_days: Option<u32>,
    app_passwords: bool,
}

impl<'a> EffectivePolicy<'a> {
    /// Folds the organizations' policies: a remembered device only where every organization
    /// allows it, for the shortest validity any allows; app passwords only where none turned
    /// them off.
    pub fn fold(orgs: &'a [OrgPolicy<'a>]) -> Self {
        let remembered_device_days = orgs.iter().try_fold(u32::MAX, |days, o| {
            o.policy
                .allow_remembered_devices
                .then(|| days.min(o.policy.remembered_device_days))
        });
        Self {
            orgs,
            remembered_device_days,
            app_passwords: orgs.iter().all(|o| o.policy.allow_app_passwords),
        }
    }

    /// Whether a device remembered since `since` may stand in for the second step at `now`.
    pub fn remembered_device_allowed(&self, since: OffsetDateTime, now: OffsetDateTime) -> bool {
        self.remembered_device_days
            .is_some_and(|days| now - since < Duration::days(i64::from(days)))
    }

    /// Whether a browser remembered from `remembered_from`, which its holder bound to that
    /// network or not (`own`), may skip the second step signing in from `from`. Anywhere, unless
    /// its holder or an organization says `known`; then the holder's word accepts only the
    /// network it was remembered on (its /24 or /64), and each such organization also accepts
    /// its own trusted networks. Every one of them must accept it (the strictest wins), and an
    /// address twofold does not know is on no network.
    pub fn remembered_device_place_allowed(
        &self,
        own: DeviceNetworks,
        remembered_from: Option<IpAddr>,
        from: Option<IpAddr>,
    ) -> bool {
        let home = same_network(remembered_from, from);
        (own == DeviceNetworks::Any || home)
            && self.remembered_place_accepted(DevicePlace { home, from })
    }

    /// Whether every organization accepts a remembered browser where it signed in: anywhere
    /// under `any`; under `known`, on its own network or one of the organization's trusted
    /// networks. Asked again of the sessions and app grants it opened, so that an organization
    /// turning to `known` reaches them too. (The holder's own choice cannot change afterwards,
    /// and was checked at the sign-in.)
    pub fn remembered_place_accepted(&self, place: DevicePlace) -> bool {
        self.orgs.iter().all(|o| {
            o.policy.remembered_device_networks == DeviceNetworks::Any
                || place.home
                || place
                    .from
                    .is_some_and(|ip| o.policy.trusted_networks.contains(ip))
        })
    }

    /// For how many days a browser is remembered, within the server's own limit (at most a
    /// year, at least a day); `None` when an organization forbids remembering (or allows it for
    /// no time at all: such a device could never stand in).
    pub fn remember_days(&self, server_max_days: u32) -> Option<u32> {
        self.remembered_device_days
            .filter(|days| *days > 0)
            .map(|days| days.min(server_max_days.min(365)).max(1))
    }

    /// Whether the account's app passwords may sign in.
    pub fn app_passwords_allowed(&self) -> bool {
        self.app_passwords
    }

    /// The organizations whose enforced policy the account does not meet with this credential,
    /// each with its deadline while a grace period runs (`None` once it blocks).
    pub fn unmet(
        &self,
        methods: &[MethodKind],
        credential: Credential,
        now: OffsetDateTime,
    ) -> Vec<(&'a OrgPolicy<'a>, Option<OffsetDateTime>)> {
        self.orgs
            .iter()
            .filter(|o| o.unmet_by(methods, credential))
            .map(|o| {
                let standing = Standing::of(o.policy, &o.member, methods, now);
                let deadline = match standing {
                    Standing::Due { deadline } => Some(deadline),
                    _ => None,
                };
                (o, deadline)
            })
            .collect()
    }

    /// The organizations that stop this credential now: enforced, unmet, past the deadline.
    pub fn blocking(
        &self,
        methods: &[MethodKind],
        credential: Credential,
        now: OffsetDateTime,
    ) -> Vec<OrgId> {
        self.unmet(methods, credential, now)
            .into_iter()
            .filter(|(_, deadline)| deadline.is_none())
            .map(|(o, _)| o.org_id.clone())
            .collect()
    }

    /// The enforcing organizations that would no longer accept an account keeping only
    /// `remaining` methods (also during a grace period: the member would be stopped later).
    pub fn refusing_to_keep_only(&self, remaining: &[MethodKind]) -> Vec<OrgId> {
        self.orgs
            .iter()
            .filter(|o| o.policy.enforced && !o.policy.accepts(remaining))
            .map(|o| o.org_id.clone())
            .collect()
    }
}

#[cfg(test)]
mod tests;
