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
    MfaMethodAdded,
    MfaMethodRemoved,
    MfaDefaultChanged,
    MfaDisabled,
    MfaResetByOperator,
    MfaStepSucceeded,
    MfaStepFailed,
    MfaLocked,
    TotpReplayed,
    RecoveryCodeUsed,
    RecoveryCodesRegenerated,
    AppPasswordCreated,
    AppPasswordRevoked,
    DeviceRemembered,
    DeviceForgotten,
    PasswordChanged,
    MfaPolicyChanged,
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
            Self::MfaMethodAdded => "mfa.method_added",
            Self::MfaMethodRemoved => "mfa.method_removed",
            Self::MfaDefaultChanged => "mfa.default_changed",
            Self::MfaDisabled => "mfa.disabled",
            Self::MfaResetByOperator => "mfa.reset_by_operator",
            Self::MfaStepSucceeded => "session.mfa_succeeded",
            Self::MfaStepFailed => "session.mfa_failed",
            Self::MfaLocked => "mfa.locked",
            Self::TotpReplayed => "mfa.totp_replayed",
            Self::RecoveryCodeUsed => "mfa.recovery_code_used",
            Self::RecoveryCodesRegenerated => "mfa.recovery_codes_regenerated",
            Self::AppPasswordCreated => "app_password.created",
            Self::AppPasswordRevoked => "app_password.revoked",
            Self::DeviceRemembered => "device.remembered",
            Self::DeviceForgotten => "device.forgotten",
            Self::PasswordChanged => "account.password_changed",
            Self::MfaPolicyChanged => "org.mfa_policy_changed",
        }
    }
}
