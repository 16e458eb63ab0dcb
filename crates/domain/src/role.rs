//! Organization roles and what each may do to whom. The rules live here once; the services ask.

use crate::ValidationError;
use crate::error::Invalid;

/// A member's role, from most to least powerful.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Owner,
    LegalRepresentative,
    Admin,
    Member,
}

impl Role {
    pub const ALL: [Role; 4] = [
        Role::Owner,
        Role::LegalRepresentative,
        Role::Admin,
        Role::Member,
    ];

    /// # Errors
    /// When `raw` is not one of `owner`, `legal_representative`, `admin`, `member`.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        match raw {
            "owner" => Ok(Role::Owner),
            "legal_representative" => Ok(Role::LegalRepresentative),
            "admin" => Ok(Role::Admin),
            "member" => Ok(Role::Member),
            _ => Err(ValidationError::because(
                "role",
                Invalid::OneOf("owner, legal_representative, admin, member"),
            )),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::LegalRepresentative => "legal_representative",
            Role::Admin => "admin",
            Role::Member => "member",
        }
    }

    /// Owners, legal representatives and administrators manage the organization: its member
    /// list, alerts, reminders, audit log and 2FA policy (seed 000, seed 004).
    pub fn is_manager(self) -> bool {
        !matches!(self, Role::Member)
    }

    /// Whether a manager with this role may give `to` to someone, or take `from` away from them.
    /// Only owners hand out or take away the two roles that carry legal weight (owner, legal
    /// representative); other managers handle admins and members.
    pub fn may_change_role(self, from: Role, to: Role) -> bool {
        if !self.is_manager() {
            return false;
        }
        let privileged = |r: Role| matches!(r, Role::Owner | Role::LegalRepresentative);
        self == Role::Owner || (!privileged(from) && !privileged(to))
    }

    /// Whether a manager with this role may remove a member who has role `target`.
    pub fn may_remove(self, target: Role) -> bool {
        self.may_change_role(target, Role::Member)
    }

    /// Whether a manager with this role may reset the 2FA of a member: owners and
    /// administrators of the organization that manages the member's account (`manages`: the
    /// member consented to it), never for themselves (that is `/me/mfa`), and an administrator
    /// never for an owner or legal representative.
    ///
    /// # Errors
    /// Why not, for the person asking.
    pub fn may_reset_mfa(
        self,
        target: Role,
        manages: bool,
        is_self: bool,
    ) -> Result<(), &'static str> {
        if !matches!(self, Role::Owner | Role::Admin) {
            return Err(
                "only owners and administrators may reset a member's two-factor authentication",
            );
        }
        if is_self {
            return Err("reset your own two-factor authentication from your security page");
        }
        if !manages {
            return Err(
                "this organization does not manage the member's account (the member did not \
                 accept its management), so it cannot reset their two-factor authentication",
            );
        }
        if !self.may_remove(target) {
            return Err(
                "only an owner may reset the two-factor authentication of an owner or legal representative",
            );
        }
        Ok(())
    }

    /// Whether a manager with this role may move a member's deadline to set up 2FA: never
    /// their own, and an owner's or legal representative's only as an owner.
    ///
    /// # Errors
    /// Why not, for the person asking.
    pub fn may_set_deadline(self, target: Role, is_self: bool) -> Result<(), &'static str> {
        if !self.is_manager() {
            return Err("only owners, legal representatives and administrators may do this");
        }
        if is_self {
            return Err("nobody may move their own deadline; ask another manager");
        }
        if !self.may_remove(target) {
            return Err("only an owner may move the deadline of an owner or legal representative");
        }
        Ok(())
    }

    /// Whether a manager with this role may invite someone with role `invited`.
    pub fn may_invite(self, invited: Role) -> bool {
        self.may_change_role(Role::Member, invited)
    }

    /// Whether this role registers and removes the apps that sign the organization's people in
    /// (API.md: owners and administrators).
    pub fn may_manage_apps(self) -> bool {
        matches!(self, Role::Owner | Role::Admin)
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a member belongs to the organization or is a guest from outside (seed 000: an
/// external member may leave instead of complying).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MembershipKind {
    Internal,
    External,
}

impl MembershipKind {
    pub fn from_external(external: bool) -> Self {
        if external {
            MembershipKind::External
        } else {
            MembershipKind::Internal
        }
    }

    pub fn is_external(self) -> bool {
        self == MembershipKind::External
    }
}

/// Whether removing or demoting someone with `current` role would leave the organization without
/// an owner. `owners` counts the owners now, including that person.
pub fn would_orphan(current: Role, next: Option<Role>, owners: u64) -> bool {
    current == Role::Owner && next != Some(Role::Owner) && owners <= 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Ok(r));
        }
        assert!(Role::parse("Owner").is_err());
        assert!(Role::parse("").is_err());
    }

    #[test]
    fn only_owners_touch_privileged_roles() {
        use Role::*;
        let table = [
            (Owner, Member, Owner, true),
            (Owner, Owner, Member, true),
            (Owner, LegalRepresentative, Admin, true),
            (LegalRepresentative, Member, Admin, true),
            (LegalRepresentative, Member, Owner, false),
            (Admin, Member, Admin, true),
            (Admin, Admin, Member, true),
            (Admin, Member, LegalRepresentative, false),
            (Admin, Owner, Member, false),
            (Member, Member, Admin, false),
            (Member, Member, Member, false),
        ];
        for (actor, from, to, allowed) in table {
            assert_eq!(
                actor.may_change_role(from, to),
                allowed,
                "{actor} changing {from} to {to}"
            );
        }
        assert!(!Admin.may_remove(Owner));
        assert!(Admin.may_remove(Admin));
        assert!(Owner.may_remove(Owner));
        assert!(!Member.may_invite(Member));
    }

    #[test]
    fn the_last_owner_is_kept() {
        assert!(would_orphan(Role::Owner, None, 1));
        assert!(would_orphan(Role::Owner, Some(Role::Admin), 1));
        assert!(!would_orphan(Role::Owner, Some(Role::Owner), 1));
        assert!(!would_orphan(Role::Owner, None, 2));
        assert!(!would_orphan(Role::Admin, None, 1));
    }

    #[test]
    fn resetting_a_members_2fa_is_for_owners_and_admins_of_the_managing_organization() {
        use Role::*;
        let table = [
            (Owner, Owner, true, false, true),
            (Admin, Member, true, false, true),
            (Admin, Admin, true, false, true),
            (Admin, Owner, true, false, false),
            (Admin, LegalRepresentative, true, false, false),
            (Owner, Member, false, false, false),
            (Admin, Member, false, false, false),
            (Owner, Member, true, true, false),
            (LegalRepresentative, Member, true, false, false),
            (Member, Member, true, false, false),
        ];
        for (actor, target, manages, is_self, allowed) in table {
            assert_eq!(
                actor.may_reset_mfa(target, manages, is_self).is_ok(),
                allowed,
                "{actor} resetting {target}, manages={manages}, self={is_self}"
            );
        }
    }

    #[test]
    fn nobody_moves_their_own_deadline_and_admins_never_an_owners() {
        use Role::*;
        let table = [
            (Owner, Owner, false, true),
            (Owner, Member, false, true),
            (Admin, Member, false, true),
            (Admin, Admin, false, true),
            (LegalRepresentative, Member, false, true),
            (Admin, Owner, false, false),
            (Admin, LegalRepresentative, false, false),
            (Admin, Admin, true, false),
            (Owner, Owner, true, false),
            (Member, Member, false, false),
        ];
        for (actor, target, is_self, allowed) in table {
            assert_eq!(
                actor.may_set_deadline(target, is_self).is_ok(),
                allowed,
                "{actor} moving {target}'s deadline, self={is_self}"
            );
        }
    }
}
