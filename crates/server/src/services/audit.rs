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
