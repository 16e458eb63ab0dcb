//! Remembered devices, as their holder sees and revokes them.

use domain::audit::AuditAction;
use domain::{DeviceId, UserId};
use store::audit::NewEvent;
use store::devices::Device;

use crate::error::{AppError, AppResult};
use crate::services::audit;
use crate::services::sessions::Authenticated;
use crate::state::AppState;

/// # Errors
/// On database failure.
pub async fn list(st: &AppState, account: &UserId) -> AppResult<Vec<Device>> {
    let now = st.clock.now();
    let mut c = st.store.read().await?;
    Ok(store::devices::list(&mut c, account, now).await?)
}

/// Forgets one device: its next sign-in asks for the second step again.
///
/// # Errors
/// `NotFound` when it is not the holder's.
pub async fn forget(
    st: &AppState,
    auth: &Authenticated,
    id: &DeviceId,
    ip: Option<&str>,
) -> AppResult<()> {
    let now = st.clock.now();
    let account = &auth.session.account_id;
    let mut tx = st.store.begin().await?;
    if !store::devices::delete(&mut tx, account, id).await? {
        return Err(AppError::NotFound("device"));
    }
    // The sessions that skipped the second step with it end too.
    store::sessions::delete_by_device(&mut tx, account, id).await?;
    audit::record(
        &mut tx,
        &NewEvent {
            org_id: None,
            actor_id: Some(account),
            action: AuditAction::DeviceForgotten,
            target: Some(id.as_str()),
            ip,
            detail: None,
            at: now,
        },
    )
    .await?;
    tx.commit().await?;
    st.sessions.evict_account(account);
    Ok(())
}
