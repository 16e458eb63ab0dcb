//! Identifiers. Each kind of id is its own type so a user id can never be passed where an
//! organization id is expected. Ids are UUIDv7 (time-ordered, so indexes stay compact) rendered
//! as lowercase hyphenated text, and opaque to clients.

use crate::ValidationError;
use crate::error::Invalid;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $field:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            /// A fresh id.
            pub fn generate() -> Self {
                Self(uuid::Uuid::now_v7().hyphenated().to_string())
            }

            /// # Errors
            /// When `raw` is not a UUID.
            pub fn parse(raw: &str) -> Result<Self, ValidationError> {
                uuid::Uuid::try_parse(raw)
                    .map(|u| Self(u.hyphenated().to_string()))
                    .map_err(|_| ValidationError::because($field, Invalid::NotId))
            }

            /// Rebuilds an id read back from storage.
            pub fn from_trusted(stored: String) -> Self {
                Self(stored)
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

id_type!(
    /// An account.
    UserId, "user_id"
);
id_type!(
    /// An organization.
    OrgId, "org_id"
);
id_type!(
    /// A sign-in session (never the session's secret token).
    SessionId, "session_id"
);
id_type!(
    /// An invitation to an organization (never its secret token).
    InvitationId, "invitation_id"
);

id_type!(
    /// An audit event; time-ordered, so the log pages by id.
    AuditEventId, "audit_event_id"
);
id_type!(
    /// A message in the outbox; also the email's Message-ID.
    OutboxId, "outbox_id"
);
id_type!(
    /// A second-factor method of an account.
    MethodId, "method_id"
);
id_type!(
    /// An application password (never the password itself).
    AppPasswordId, "app_password_id"
);
id_type!(
    /// A remembered device (never its cookie's secret).
    DeviceId, "device_id"
);
id_type!(
    /// A WebAuthn ceremony (registration or authentication) waiting for the authenticator's
    /// answer.
    CeremonyId, "ceremony_id"
);
id_type!(
    /// A sign-in waiting for a push approval.
    PushChallengeId, "challenge_id"
);
id_type!(
    /// An SMS code sent and waiting to be typed (never the code itself).
    SmsChallengeId, "challenge_id"
);
id_type!(
    /// An app that signs people in through twofold (an OpenID Connect client): its
    /// `client_id`.
    ClientId, "client_id"
);
id_type!(
    /// What one authorization granted an app (its code and tokens are one family).
    GrantId, "grant_id"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_reject_garbage() {
        let id = UserId::generate();
        assert_eq!(UserId::parse(id.as_str()), Ok(id.clone()));
        assert_eq!(
            UserId::parse(&id.as_str().to_uppercase()),
            Ok(id),
            "ids are case-insensitive and normalised"
        );
        for bad in ["", "me", "123", "'; drop table account; --"] {
            assert!(OrgId::parse(bad).is_err());
        }
    }
}
