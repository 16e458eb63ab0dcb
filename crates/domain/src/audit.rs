//! The vocabulary of the audit log: every security-relevant action has one stable name.

/// What happened. Stored and shown by `as_str`, so names never change once released.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditAction {
    AccountCreated,
    SignInSucceeded,
    SignInFailed,
    SignedOut,
    OrgCreated,
    InvitationCreated,
    InvitationAccepted,
    MemberRoleChanged,
    MemberRemoved,
    MemberLeft,
}

impl AuditAction {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AccountCreated => "account.created",
            Self::SignInSucceeded => "session.sign_in_succeeded",
            Self::SignInFailed => "session.sign_in_failed",
            Self::SignedOut => "session.signed_out",
            Self::OrgCreated => "org.created",
            Self::InvitationCreated => "org.invitation_created",
            Self::InvitationAccepted => "org.invitation_accepted",
            Self::MemberRoleChanged => "org.member_role_changed",
            Self::MemberRemoved => "org.member_removed",
            Self::MemberLeft => "org.member_left",
        }
    }
}
