//! Writing audit events from services, inside their transactions.

use store::audit::NewEvent;
use store::{Access, StoreError};

/// Appends `event` with a fresh time-ordered id.
///
/// # Errors
/// On database failure.
pub async fn record(a: &mut impl Access, event: &NewEvent<'_>) -> Result<(), StoreError> {
    let id = uuid_v7();
    store::audit::append(a, &id, event).await
}

fn uuid_v7() -> String {
    // Audit ids only need to be unique and sort by time, exactly what the domain ids give.
    domain::ids::SessionId::generate().as_str().to_owned()
}
