//! The language an account chose for its pages and emails.

use domain::Locale;

use crate::error::AppResult;
use crate::services::signed_in::Authenticated;
use crate::services::work::Work;
use crate::state::AppState;

/// Sets the account's language; `None` follows the browser again. Not a security change: no
/// audit event, no notice.
///
/// # Errors
/// On database failure.
pub async fn set(st: &AppState, auth: &Authenticated, locale: Option<Locale>) -> AppResult<()> {
    let mut tx = Work::begin(st).await?;
    store::accounts::set_locale(&mut tx, &auth.session.account_id, locale).await?;
    // Cached sessions carry the language: the next page must speak the new one.
    tx.changed(&auth.session.account_id);
    tx.commit().await
}
