//! Writing audit events from services, inside their transactions.

use store::audit::NewEvent;
use store::{Access, StoreError};

/// Appends `event` with a fresh time-ordered id.
///
/// # Errors
/// On database failure.
pub async fn record(a: &mut impl Access, event: &NewEvent<'_>) -> Result<(), StoreError> {
    let id = domain::AuditEventId::generate();
    store::audit::append(a, id.as_str(), event).await
}

/// An event of one account (no organization's), by its holder (`actor`) or, with `None`, by
/// nobody signed in (a failed sign-in, an operator's command).
pub fn account_event<'a>(
    actor: Option<&'a domain::UserId>,
    action: domain::audit::AuditAction,
    target: Option<&'a str>,
    ip: Option<&'a str>,
    detail: Option<&'a str>,
    at: time::OffsetDateTime,
) -> NewEvent<'a> {
    NewEvent {
        org_id: None,
        actor_id: actor,
        action,
        target,
        ip,
        detail,
        at,
    }
}

/// A security change to one's own account, in the caller's transaction: audited, and the
/// holder told by email (every such change is both).
pub struct OwnChange<'a> {
    pub auth: &'a crate::services::signed_in::Authenticated,
    pub action: domain::audit::AuditAction,
    pub target: Option<&'a str>,
    pub detail: Option<&'a str>,
    pub ip: Option<&'a str>,
    pub at: time::OffsetDateTime,
}

impl OwnChange<'_> {
    /// Records the event and queues `notice` to the holder, in their language.
    ///
    /// # Errors
    /// On database failure.
    pub async fn record_and_tell(
        &self,
        a: &mut crate::services::work::Work<'_>,
        notice: crate::services::mail::Notice,
    ) -> Result<(), StoreError> {
        record(
            a,
            &NewEvent {
                org_id: None,
                actor_id: Some(&self.auth.session.account_id),
                action: self.action,
                target: self.target,
                ip: self.ip,
                detail: self.detail,
                at: self.at,
            },
        )
        .await?;
        crate::services::mail::notice(a, &self.auth.session.email, &notice, self.at).await
    }
}
