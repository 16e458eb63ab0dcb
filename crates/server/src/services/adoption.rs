//! An organization's 2FA adoption over time: the background jobs record every organization's
//! day; managers read the last weeks for the overview's chart.

use domain::OrgId;

use crate::error::AppResult;
use crate::services::org_access::manager_of;
use crate::services::signed_in::Authenticated;
use crate::state::AppState;

/// The day of `at` (UTC) as the table keeps it.
fn day_of(at: time::OffsetDateTime) -> String {
    at.date().to_string()
}

/// Writes today's figures of every organization (one statement; the last of the day stays).
///
/// # Errors
/// On database failure.
pub async fn record_today(st: &AppState) -> AppResult<()> {
    let today = day_of(st.clock.now());
    let mut c = st.store.write().await?;
    store::adoption::record_day(&mut c, &today).await?;
    Ok(())
}

/// The organization's figures of the last `days` days, oldest first: day, members, with 2FA.
/// Managers only.
///
/// # Errors
/// `NotFound`, `Forbidden`; database failures.
pub async fn recent(
    st: &AppState,
    caller: &Authenticated,
    org: &OrgId,
    days: i64,
) -> AppResult<Vec<(String, i64, i64)>> {
    let since = day_of(st.clock.now() - time::Duration::days(days - 1));
    let mut c = st.store.read().await?;
    manager_of(&mut c, org, &caller.session.account_id).await?;
    Ok(store::adoption::days(&mut c, org, &since).await?)
}
