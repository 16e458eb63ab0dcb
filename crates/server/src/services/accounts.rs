//! Creating accounts.

use domain::audit::AuditAction;
use domain::{DisplayName, Email, NewPassword, UserId};
use store::audit::NewEvent;

use crate::error::{AppError, AppResult, on_conflict};
use crate::services::audit;
use crate::state::AppState;

/// What sign-up needs, already parsed.
pub struct SignUp {
    pub email: Email,
    pub password: NewPassword,
    pub name: DisplayName,
}

/// Creates an account through the API, where the operator may have turned sign-up off.
///
/// # Errors
/// `SignUpDisabled`; `EmailTaken` when the email already has an account.
pub async fn sign_up(st: &AppState, input: SignUp, ip: Option<&str>) -> AppResult<UserId> {
    if !st.config.signup_enabled {
        return Err(AppError::SignUpDisabled);
    }
    create(st, input, ip).await
}

/// Creates an account (also for operators, whatever the sign-up setting).
///
/// # Errors
/// `EmailTaken` when the email already has an account.
pub async fn create(st: &AppState, input: SignUp, ip: Option<&str>) -> AppResult<UserId> {
    let hash = st.hasher.hash(input.password.expose()).await?;
    let now = st.clock.now();
    let id = UserId::generate();
    let mut tx = st.store.begin().await?;
    store::accounts::insert(&mut tx, &id, &input.email, input.name.as_str(), &hash, now)
        .await
        .map_err(on_conflict(
            "account_email_key",
            "account.email",
            AppError::EmailTaken,
        ))?;
    audit::record(
        &mut tx,
        &NewEvent {
            org_id: None,
            actor_id: Some(&id),
            action: AuditAction::AccountCreated,
            target: Some(input.email.as_str()),
            ip,
            detail: None,
            at: now,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}
