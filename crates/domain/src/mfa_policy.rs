//! An organization's two-factor policy: whether it is enforced, from when, for which clients,
//! with which methods, and whether remembered devices may skip the second step.

use time::OffsetDateTime;

use crate::network::{DeviceNetworks, TrustedNetworks};
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
    /// Where a remembered browser may skip the second step from: anywhere, or only from the
    /// network it was remembered on and `trusted_networks`.
    pub remembered_device_networks: DeviceNetworks,
    /// The organization's own networks (offices, VPN exits), from which a remembered browser
    /// skips the step under `known` wherever it was remembered.
    pub trusted_networks: TrustedNetworks,
    /// The enrollment period of a member who joins after enforcement began (0: at once).
    pub new_member_days: u32,
    /// Whether members may use app passwords (a "security keys only" organization says no).
    pub allow_app_passwords: bool,
    /// Turn enforcement on by itself the moment every member is compliant.
    pub auto_enforce: bool,
    /// When enforcement was last turned on: the start of new members' periods, and what
    /// per-member deadlines set by an admin belong to (older ones no longer count).
    pub enforced_since: Option<OffsetDateTime>,
}

/// One member's side of a policy: when they joined, and a deadline an admin set for them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemberTerms {
    pub joined_at: OffsetDateTime,
    /// An admin's deadline for this member and when it was set.
    pub deadline: Option<(OffsetDateTime, OffsetDateTime)>,
}

impl MemberTerms {
    /// A member since the beginning of time, with no deadline of their own.
    pub const FOUNDING: MemberTerms = MemberTerms {
        joined_at: OffsetDateTime::UNIX_EPOCH,
        deadline: None,
    };
}

/// A scheduled reminder before a member's deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReminderStage {
    WeekBefore,
    DayBefore,
}

impl ReminderStage {
    /// The stage's bit in a membership's record of reminders sent.
    pub fn bit(self) -> i64 {
        match self {
            Self::WeekBefore => 1,
            Self::DayBefore => 2,
        }
    }

    /// The reminder due at `now` for a deadline, if any: a week before, then a day before;
    /// when the week-before window was missed the day-before one still goes.
    pub fn due(deadline: OffsetDateTime, now: OffsetDateTime) -> Option<ReminderStage> {
        if now >= deadline {
            None
        } else if deadline - now <= time::Duration::days(1) {
            Some(Self::DayBefore)
        } else if deadline - now <= time::Duration::days(7) {
            Some(Self::WeekBefore)
        } else {
            None
        }
    }
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
            remembered_device_networks: DeviceNetworks::Any,
            trusted_networks: TrustedNetworks::default(),
            new_member_days: 0,
            allow_app_passwords: true,
            auto_enforce: false,
            enforced_since: None,
        }
    }
}

impl MfaPolicy {
    /// Whether a member with these methods satisfies the policy.
    pub fn accepts(&self, methods: &[MethodKind]) -> bool {
        methods.iter().any(|m| self.allowed_methods.contains(m))
    }

    /// When enforcement blocks the organization as a whole: `enforce_from`, or the moment it
    /// was turned on; `None` while not enforced.
    pub fn org_deadline(&self) -> Option<OffsetDateTime> {
        self.enforced.then(|| {
            self.enforce_from
                .or(self.enforced_since)
                .unwrap_or(OffsetDateTime::UNIX_EPOCH)
        })
    }

    /// When enforcement blocks this member; `None` while not enforced. A deadline an admin
    /// set for the member since enforcement began wins, earlier or later (so shortening applies
    /// at once); otherwise a member who joined after enforcement began has `new_member_days`
    /// from joining — computed from the join time, so nothing renews it.
    pub fn deadline_for(&self, member: &MemberTerms) -> Option<OffsetDateTime> {
        let org = self.org_deadline()?;
        let since = self.enforced_since.unwrap_or(OffsetDateTime::UNIX_EPOCH);
        if let Some((deadline, set_at)) = member.deadline
            && set_at >= since
        {
            return Some(deadline);
        }
        if self.new_member_days > 0 && member.joined_at > since {
            return Some(
                org.max(member.joined_at + time::Duration::days(i64::from(self.new_member_days))),
            );
        }
        Some(org)
    }

    /// Whether enforcement blocks this member at `now` (it may be announced and not yet
    /// blocking).
    pub fn blocks(&self, member: &MemberTerms, now: OffsetDateTime) -> bool {
        self.deadline_for(member).is_some_and(|d| d <= now)
    }

    /// Whether auto-enforcement turns enforcement on, given how many members lack an allowed
    /// method.
    pub fn auto_enforce_due(&self, non_compliant: u64) -> bool {
        self.auto_enforce && !self.enforced && non_compliant == 0
    }

    /// Whether someone joining at `now` must have an accepted method already: the organization
    /// blocks a newcomer at once (no enrollment period, no grace period left).
    pub fn newcomer_must_have_2fa(&self, now: OffsetDateTime) -> bool {
        self.blocks(
            &MemberTerms {
                joined_at: now,
                deadline: None,
            },
            now,
        )
    }

    /// Whether an admin may give a member `deadline` of their own at `now` (`None` returns them
    /// to the organization's): only while the organization enforces, not in the past (a
    /// minute's leeway for the clock of whoever typed it), at most a year ahead.
    ///
    /// # Errors
    /// A `deadline` validation error saying which.
    pub fn check_member_deadline(
        &self,
        deadline: Option<OffsetDateTime>,
        now: OffsetDateTime,
    ) -> Result<(), crate::ValidationError> {
        use crate::ValidationError as V;
        if !self.enforced {
            return Err(V::new(
                "deadline",
                "the organization does not enforce two-factor authentication",
            ));
        }
        match deadline {
            Some(d) if d < now - time::Duration::minutes(1) => {
                Err(V::new("deadline", "must not be in the past"))
            }
            Some(d) if d > now + time::Duration::days(366) => {
                Err(V::new("deadline", "must be within a year"))
            }
            _ => Ok(()),
        }
    }

    /// The policy auto-enforcement turns this one into at `now`, given how many members lack an
    /// allowed method: enforced from now on, or `None` when it is not due.
    pub fn auto_enforced(&self, non_compliant: u64, now: OffsetDateTime) -> Option<MfaPolicy> {
        self.auto_enforce_due(non_compliant).then(|| MfaPolicy {
            enforced: true,
            enforced_since: Some(now),
            ..self.clone()
        })
    }
}

/// How soon a change must stop someone to count as stopping them at once: a date brought to a
/// few minutes from now leaves no time to set anything up, and asks for `ENFORCE` like one
/// brought to now. (Later than that, the deadline reminders tell them: a day before, at once.)
pub const NOTICE: time::Duration = time::Duration::hours(1);

/// What a policy change does at once to the members without an allowed method
/// ([`MfaPolicy::impact`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Impact {
    /// Stopped in the web console by the new policy, not by the old one.
    pub newly_stopped: usize,
    /// While in force, an app kind, app passwords or a method they relied on is taken away.
    pub apps_narrowed: bool,
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
    pub remembered_device_networks: Option<&'a str>,
    pub trusted_networks: Option<&'a [String]>,
    pub new_member_days: Option<u32>,
    pub allow_app_passwords: Option<bool>,
    pub auto_enforce: Option<bool>,
}

/// The kinds of client a policy change lists as exempt.
fn exempt_clients(list: &[String]) -> Result<Vec<ClientKind>, crate::ValidationError> {
    let mut v = list
        .iter()
        .map(|c| {
            ClientKind::parse(c).map_err(|_| {
                crate::ValidationError::new("exempt_clients", "must list web, native or sync")
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    v.dedup();
    Ok(v)
}

/// The methods a policy change allows: at least one.
fn allowed_methods(list: &[String]) -> Result<Vec<MethodKind>, crate::ValidationError> {
    use crate::ValidationError as E;
    let v = list
        .iter()
        .map(|m| {
            MethodKind::parse(m)
                .map_err(|_| E::new("allowed_methods", "must list totp, webauthn, sms or push"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    if v.is_empty() {
        return Err(E::new("allowed_methods", "must allow at least one method"));
    }
    Ok(v)
}

/// 9999-01-01T00:00:00Z. Every time is stored as milliseconds and read back as a date, which
/// ends with the year 9999; a date written with a negative offset late on 31 Dec 9999 is
/// already in the year 10000 in UTC, and once saved no read of the policy would work again.
const YEAR_9999: i64 = 253_370_764_800;

impl MfaPolicy {
    /// The policy `input` makes of this one.
    ///
    /// # Errors
    /// For an unknown client kind or method, no allowed method, a number of days out of range,
    /// networks other than `any` or `known`, a trusted network that is not one, a new
    /// `enforce_from` in the past (beyond a few minutes: a date typed as "now", to the minute,
    /// is now, and asks for `ENFORCE` like a cleared one) or from the year 9999 on.
    pub fn with(
        &self,
        input: &PolicyInput<'_>,
        now: OffsetDateTime,
    ) -> Result<MfaPolicy, crate::ValidationError> {
        use crate::ValidationError as E;
        let exempt_clients = match input.exempt_clients {
            Some(list) => exempt_clients(list)?,
            None => self.exempt_clients.clone(),
        };
        let allowed_methods = match input.allowed_methods {
            Some(list) => allowed_methods(list)?,
            None => self.allowed_methods.clone(),
        };
        let remembered_device_days = input
            .remembered_device_days
            .unwrap_or(self.remembered_device_days);
        if !(1..=365).contains(&remembered_device_days) {
            return Err(E::new("remembered_device_days", "must be 1 to 365"));
        }
        let remembered_device_networks = match input.remembered_device_networks {
            Some(word) => DeviceNetworks::parse(word, "remembered_device_networks")?,
            None => self.remembered_device_networks,
        };
        let trusted_networks = match input.trusted_networks {
            Some(blocks) => TrustedNetworks::parse(blocks)?,
            None => self.trusted_networks.clone(),
        };
        let new_member_days = input.new_member_days.unwrap_or(self.new_member_days);
        let stopping = self.enforced && !input.enforced;
        if new_member_days > 365 {
            return Err(E::new("new_member_days", "must be 0 to 365"));
        }
        if let Some(from) = input.enforce_from
            && from < now - time::Duration::minutes(5)
            && Some(from) != self.enforce_from
        {
            return Err(E::new("enforce_from", "must not be in the past"));
        }
        if input
            .enforce_from
            .is_some_and(|from| from.unix_timestamp() >= YEAR_9999)
        {
            return Err(E::new("enforce_from", "must be before the year 9999"));
        }
        Ok(MfaPolicy {
            enforced: input.enforced,
            // In UTC, as every time the API answers (and as the database gives it back).
            enforce_from: input
                .enforce_from
                .map(|from| from.checked_to_offset(time::UtcOffset::UTC).unwrap_or(from)),
            require_all_enrolled: input
                .require_all_enrolled
                .unwrap_or(self.require_all_enrolled),
            exempt_clients,
            allowed_methods,
            allow_remembered_devices: input
                .allow_remembered_devices
                .unwrap_or(self.allow_remembered_devices),
            remembered_device_days,
            remembered_device_networks,
            trusted_networks,
            new_member_days,
            allow_app_passwords: input
                .allow_app_passwords
                .unwrap_or(self.allow_app_passwords),
            // Stopping enforcement also stops it from turning itself back on, unless the same
            // change asks for that again.
            auto_enforce: input.auto_enforce.unwrap_or(self.auto_enforce && !stopping),
            enforced_since: match (self.enforced, input.enforced) {
                (false, true) => Some(now),
                (_, false) => None,
                (true, true) => self.enforced_since,
            },
        })
    }

    /// Whether the requirement stops members without an allowed method at `now`: enforced,
    /// and the organization's deadline reached (members who joined since may still have days of
    /// their own). Enforced with a later date, it is scheduled.
    pub fn in_force(&self, now: OffsetDateTime) -> bool {
        self.org_deadline().is_some_and(|d| d <= now)
    }

    /// Whether `new` takes away what let members without 2FA into their apps: a kind of app no
    /// longer kept working, or app passwords no longer allowed.
    fn apps_narrowed_by(&self, new: &MfaPolicy) -> bool {
        self.exempt_clients
            .iter()
            .any(|c| !new.exempt_clients.contains(c))
            || (self.allow_app_passwords && !new.allow_app_passwords)
    }

    /// What going to `new` at `now` does to `lacking`, the members without a method `new`
    /// allows (their methods and terms): how many it stops, in the web console, earlier than
    /// this policy would and within [`NOTICE`] (a date brought to a minute from now stops as
    /// surely as one brought to now), and whether it takes from a member it stops what let
    /// their apps in.
    pub fn impact(
        &self,
        new: &MfaPolicy,
        lacking: &[(Vec<MethodKind>, MemberTerms)],
        now: OffsetDateTime,
    ) -> Impact {
        let deadline = |p: &MfaPolicy, (methods, terms): &(Vec<MethodKind>, MemberTerms)| {
            (!p.accepts(methods))
                .then(|| p.deadline_for(terms))
                .flatten()
        };
        let soon = now + NOTICE;
        let newly_stopped = lacking
            .iter()
            .filter(|m| match (deadline(self, m), deadline(new, m)) {
                (_, None) => false,
                (None, Some(d)) => d <= soon,
                (Some(old), Some(d)) => d <= soon && d < old,
            })
            .count();
        let stopped_now = lacking
            .iter()
            .any(|m| deadline(new, m).is_some_and(|d| d <= now));
        Impact {
            newly_stopped,
            apps_narrowed: stopped_now && self.apps_narrowed_by(new),
        }
    }

    /// The word an admin must type to go from this policy to `new` (seed 000): `ENFORCE` to
    /// turn enforcement on, `STOP` to turn it off, and `ENFORCE` again for any other change
    /// that stops members at once (`impact`): a date cleared or brought to now, fewer methods,
    /// apps or days for newcomers. A cleared date once stopped two members without a word
    /// asked. Nothing for changes that stop nobody.
    pub fn confirmation_for(&self, new: &MfaPolicy, impact: &Impact) -> Option<&'static str> {
        match (self.enforced, new.enforced) {
            (false, true) => Some("ENFORCE"),
            (true, false) => Some("STOP"),
            (true, true) if impact.newly_stopped > 0 || impact.apps_narrowed => Some("ENFORCE"),
            _ => None,
        }
    }

    /// Whether going to `new` is announced by email to the members without an allowed method:
    /// whenever it asks for `ENFORCE`.
    pub fn announced_by(&self, new: &MfaPolicy, impact: &Impact) -> bool {
        self.confirmation_for(new, impact) == Some("ENFORCE")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::Duration;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-06-01 12:00 UTC);

    fn enforced_at(since: OffsetDateTime) -> MfaPolicy {
        MfaPolicy {
            enforced: true,
            enforced_since: Some(since),
            ..MfaPolicy::default()
        }
    }

    fn joined(at: OffsetDateTime) -> MemberTerms {
        MemberTerms {
            joined_at: at,
            deadline: None,
        }
    }

    #[test]
    fn members_before_enforcement_share_the_org_deadline() {
        let mut p = enforced_at(NOW);
        p.new_member_days = 14;
        assert_eq!(
            p.deadline_for(&joined(NOW - Duration::days(400))),
            Some(NOW)
        );
        p.enforce_from = Some(NOW + Duration::days(30));
        assert_eq!(
            p.deadline_for(&joined(NOW - Duration::days(1))),
            Some(NOW + Duration::days(30))
        );
        assert_eq!(
            MfaPolicy::default().deadline_for(&MemberTerms::FOUNDING),
            None
        );
    }

    #[test]
    fn a_new_member_period_runs_from_joining_and_never_renews() {
        let mut p = enforced_at(NOW);
        p.new_member_days = 7;
        let member = joined(NOW + Duration::days(2));
        let deadline = Some(NOW + Duration::days(9));
        assert_eq!(p.deadline_for(&member), deadline);
        // Asking again later (sign-ins, policy re-saved with enforcement kept on) changes nothing.
        let resaved = p
            .with(
                &PolicyInput {
                    enforced: true,
                    ..PolicyInput::default()
                },
                NOW + Duration::days(5),
            )
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(resaved.deadline_for(&member), deadline);
        assert!(!p.blocks(&member, NOW + Duration::days(9) - Duration::seconds(1)));
        assert!(p.blocks(&member, NOW + Duration::days(9)));
        // Without an enrollment period, a new member is blocked at once.
        p.new_member_days = 0;
        assert!(p.blocks(&member, NOW + Duration::days(2)));
    }

    #[test]
    fn shortening_any_deadline_applies_at_once() {
        let mut p = enforced_at(NOW);
        p.new_member_days = 30;
        let member = joined(NOW + Duration::days(1));
        let later = NOW + Duration::days(3);
        assert!(!p.blocks(&member, later));
        p.new_member_days = 1;
        assert!(
            p.blocks(&member, later),
            "a shorter period applies to those already in it"
        );
        p.new_member_days = 30;
        let mut extended = member;
        extended.deadline = Some((NOW + Duration::days(60), NOW + Duration::days(2)));
        assert_eq!(p.deadline_for(&extended), Some(NOW + Duration::days(60)));
        extended.deadline = Some((NOW + Duration::days(2), NOW + Duration::days(2)));
        assert!(
            p.blocks(&extended, later),
            "an admin's shorter deadline applies too"
        );
        let mut grace = enforced_at(NOW);
        grace.enforce_from = Some(NOW + Duration::days(10));
        assert!(!grace.blocks(&MemberTerms::FOUNDING, later));
        grace.enforce_from = Some(NOW + Duration::days(2));
        assert!(grace.blocks(&MemberTerms::FOUNDING, later));
    }

    #[test]
    fn a_deadline_from_an_earlier_enforcement_no_longer_counts() {
        let p = enforced_at(NOW);
        let mut m = joined(NOW - Duration::days(100));
        m.deadline = Some((NOW + Duration::days(60), NOW - Duration::days(50)));
        assert_eq!(p.deadline_for(&m), Some(NOW));
    }

    #[test]
    fn reminders_go_a_week_then_a_day_before() {
        let d = NOW + Duration::days(10);
        assert_eq!(ReminderStage::due(d, NOW), None);
        assert_eq!(
            ReminderStage::due(d, d - Duration::days(7)),
            Some(ReminderStage::WeekBefore)
        );
        assert_eq!(
            ReminderStage::due(d, d - Duration::days(2)),
            Some(ReminderStage::WeekBefore)
        );
        assert_eq!(
            ReminderStage::due(d, d - Duration::hours(23)),
            Some(ReminderStage::DayBefore)
        );
        assert_eq!(ReminderStage::due(d, d), None);
    }

    #[test]
    fn turning_enforcement_on_records_when_and_auto_enforce_waits_for_everyone() {
        let on = MfaPolicy::default()
            .with(
                &PolicyInput {
                    enforced: true,
                    ..PolicyInput::default()
                },
                NOW,
            )
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(on.enforced_since, Some(NOW));
        let auto = MfaPolicy {
            auto_enforce: true,
            ..MfaPolicy::default()
        };
        assert!(!auto.auto_enforce_due(1));
        assert!(auto.auto_enforce_due(0));
        assert!(!on.auto_enforce_due(0), "already enforced");
        let auto_on = MfaPolicy {
            enforced: true,
            ..auto
        };
        let stopped = auto_on
            .with(&PolicyInput::default(), NOW)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            !stopped.enforced && !stopped.auto_enforce,
            "STOP stops auto too"
        );
    }

    #[test]
    fn turning_enforcement_on_or_off_needs_its_word() {
        let off = MfaPolicy::default();
        let on = MfaPolicy {
            enforced: true,
            ..MfaPolicy::default()
        };
        let none = Impact::default();
        assert_eq!(off.confirmation_for(&on, &none), Some("ENFORCE"));
        assert_eq!(on.confirmation_for(&off, &none), Some("STOP"));
        assert_eq!(on.confirmation_for(&on, &none), None);
        assert_eq!(off.confirmation_for(&off, &none), None);
    }

    #[test]
    fn every_change_that_stops_members_at_once_needs_enforce() {
        let scheduled = MfaPolicy {
            enforce_from: Some(NOW + Duration::days(14)),
            new_member_days: 7,
            ..enforced_at(NOW - Duration::days(30))
        };
        assert!(!scheduled.in_force(NOW));
        let app_only = vec![MethodKind::Totp];
        // Two members without 2FA since before enforcement, one who joined two days ago, one
        // with an authenticator app.
        let old_hand = (Vec::new(), joined(NOW - Duration::days(400)));
        let newcomer = (Vec::new(), joined(NOW - Duration::days(2)));
        let lacking = [old_hand.clone(), old_hand, newcomer];
        let with = |f: &dyn Fn(&mut MfaPolicy)| {
            let mut p = scheduled.clone();
            f(&mut p);
            p
        };
        let ask = |old: &MfaPolicy, new: &MfaPolicy, who: &[(Vec<MethodKind>, MemberTerms)]| {
            let impact = old.impact(new, who, NOW);
            (impact.newly_stopped, old.confirmation_for(new, &impact))
        };
        // The date cleared, or brought to now: the two old hands are stopped at once.
        for from in [None, Some(NOW)] {
            let new = with(&|p| p.enforce_from = from);
            assert_eq!(ask(&scheduled, &new, &lacking), (2, Some("ENFORCE")));
            assert!(scheduled.announced_by(&new, &scheduled.impact(&new, &lacking, NOW)));
        }
        // With nobody lacking it, the same change stops nobody and asks nothing.
        let cleared = with(&|p| p.enforce_from = None);
        assert_eq!(ask(&scheduled, &cleared, &[]), (0, None));
        // Brought to a minute from now: as good as now.
        let minute = with(&|p| p.enforce_from = Some(NOW + Duration::minutes(1)));
        assert_eq!(ask(&scheduled, &minute, &lacking), (2, Some("ENFORCE")));
        // Moved but still days ahead: nobody is stopped yet.
        let later = with(&|p| p.enforce_from = Some(NOW + Duration::days(2)));
        assert_eq!(ask(&scheduled, &later, &lacking), (0, None));
        // In force: fewer days for newcomers stops the newcomer only once their days are over.
        let in_force = with(&|p| p.enforce_from = None);
        let mut three = in_force.clone();
        three.new_member_days = 3;
        assert_eq!(ask(&in_force, &three, &lacking[2..]), (0, None));
        let mut two = in_force.clone();
        two.new_member_days = 2;
        assert_eq!(ask(&in_force, &two, &lacking[2..]), (1, Some("ENFORCE")));
        let mut none = in_force.clone();
        none.new_member_days = 0;
        assert_eq!(ask(&in_force, &none, &lacking[2..]), (1, Some("ENFORCE")));
        // Fewer methods stops who relied on the one taken away.
        let mut keys_only = in_force.clone();
        keys_only.allowed_methods = vec![MethodKind::Webauthn];
        let app_user = [(app_only, joined(NOW - Duration::days(400)))];
        assert_eq!(ask(&in_force, &keys_only, &app_user), (1, Some("ENFORCE")));
        // Apps no longer kept working, while someone it stops lacks it: asked too; a newcomer
        // still in their days is not stopped, and nothing is asked for them.
        let mut no_apps_yet = in_force.clone();
        no_apps_yet.exempt_clients.clear();
        assert_eq!(ask(&in_force, &no_apps_yet, &lacking[2..]), (0, None));
        let mut no_apps = in_force.clone();
        no_apps.exempt_clients.clear();
        assert_eq!(ask(&in_force, &no_apps, &lacking[..1]).1, Some("ENFORCE"));
        let mut no_app_passwords = in_force.clone();
        no_app_passwords.allow_app_passwords = false;
        assert_eq!(
            ask(&in_force, &no_app_passwords, &lacking[..1]).1,
            Some("ENFORCE")
        );
        // Accepting more asks nothing.
        let mut more_days = in_force.clone();
        more_days.remembered_device_days = 7;
        assert_eq!(ask(&in_force, &more_days, &lacking), (0, None));
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
        let year_10000 = OffsetDateTime::parse(
            "9999-12-31T23:30:00-01:00",
            &time::format_description::well_known::Rfc3339,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let bad: [(PolicyInput<'_>, &str); 5] = [
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
            (
                PolicyInput {
                    enforce_from: Some(year_10000),
                    ..PolicyInput::default()
                },
                "enforce_from",
            ),
        ];
        for (input, field) in bad {
            assert_eq!(current.with(&input, NOW).map_err(|e| e.field), Err(field));
        }
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn at() -> impl Strategy<Value = OffsetDateTime> {
            (-400i64..400).prop_map(|h| NOW + Duration::hours(h))
        }

        proptest! {
            #[test]
            fn deadlines_follow_the_rules_whenever_they_are_asked(
                since in at(),
                from in proptest::option::of(at()),
                days in 0u32..30,
                joined in at(),
                own in proptest::option::of((at(), at())),
                now in at(),
            ) {
                let policy = MfaPolicy {
                    enforced: true,
                    enforce_from: from,
                    enforced_since: Some(since),
                    new_member_days: days,
                    ..MfaPolicy::default()
                };
                let member = MemberTerms { joined_at: joined, deadline: own };
                let Some(d) = policy.deadline_for(&member) else {
                    return Err(TestCaseError::fail("enforced policies have deadlines"));
                };
                let org = policy.org_deadline().unwrap_or(NOW);
                match own {
                    // An admin's deadline since enforcement began wins, earlier or later.
                    Some((own, set_at)) if set_at >= since => prop_assert_eq!(d, own),
                    // Otherwise nobody's deadline is before the organization's, and only a
                    // member who joined after enforcement began has a later one, at most their
                    // period after joining.
                    _ => {
                        prop_assert!(d >= org);
                        if joined <= since || days == 0 {
                            prop_assert_eq!(d, org);
                        } else {
                            prop_assert!(d <= org.max(joined + Duration::days(i64::from(days))));
                        }
                    }
                }
                // Blocking is exactly "the deadline has come", at any moment it is asked.
                prop_assert_eq!(policy.blocks(&member, now), d <= now);
                // Not enforced: no deadline, never blocks.
                let off = MfaPolicy { enforced: false, ..policy.clone() };
                prop_assert_eq!(off.deadline_for(&member), None);
                prop_assert!(!off.blocks(&member, now));
            }
        }
    }
}
