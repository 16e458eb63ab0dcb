//! Where am I signed in: the account's live sessions, and ending one or all the others. Ending
//! a session ends what apps it authorized (back-channel logout included) and takes it out of
//! this node's session cache at once (other nodes' within `session.cache_ms`).

use domain::audit::AuditAction;
use domain::{ClientKind, SessionId};
use time::OffsetDateTime;

use crate::error::{AppError, AppResult};
use crate::services::audit;
use crate::services::oidc_logout;
use crate::services::signed_in::Authenticated;
use crate::services::work::Work;
use crate::state::AppState;

/// One live session, as its holder sees it.
#[derive(Debug, Clone)]
pub struct SessionView {
    pub id: SessionId,
    pub client: ClientKind,
    /// "Firefox on Linux": from the User-Agent the session signed in with.
    pub browser: String,
    pub ip: Option<String>,
    pub created_at: OffsetDateTime,
    pub last_seen_at: OffsetDateTime,
    /// The session asking.
    pub current: bool,
    /// Signed in with the password, the second step not passed yet.
    pub pending: bool,
}

/// The account's live sessions, the most recently seen first.
///
/// # Errors
/// On database failure.
pub async fn list(st: &AppState, auth: &Authenticated) -> AppResult<Vec<SessionView>> {
    let now = st.clock.now();
    let mut c = st.store.read().await?;
    let rows = store::sessions::list_live(&mut c, &auth.session.account_id, now).await?;
    Ok(rows
        .into_iter()
        .map(|s| SessionView {
            current: s.id == auth.session.id,
            pending: s.state == domain::SessionState::MfaPending,
            browser: domain::user_agent::describe(s.user_agent.as_deref()),
            id: s.id,
            client: s.client,
            ip: s.ip,
            created_at: s.created_at,
            last_seen_at: s.last_seen_at,
        })
        .collect())
}

/// Ends one session of the account (the current one too: that is signing out).
///
/// # Errors
/// `NotFound` when the account has no live session with this id; database failures.
pub async fn end_one(
    st: &AppState,
    auth: &Authenticated,
    id: &SessionId,
    ip: Option<&str>,
) -> AppResult<()> {
    let now = st.clock.now();
    let account = &auth.session.account_id;
    let mut tx = Work::begin(st).await?;
    let Some(token_hash) = store::sessions::delete_own(&mut tx, account, id).await? else {
        return Err(AppError::NotFound("session"));
    };
    oidc_logout::session_ended(st, &mut tx, id, now).await?;
    let action = if *id == auth.session.id {
        AuditAction::SignedOut
    } else {
        AuditAction::SessionEnded
    };
    audit::record(
        &mut tx,
        &audit::account_event(Some(account), action, Some(id.as_str()), ip, None, now),
    )
    .await?;
    tx.changed_session(&token_hash);
    tx.commit().await?;
    Ok(())
}

/// Ends every session of the account but the one asking; returns how many ended.
///
/// # Errors
/// On database failure.
pub async fn end_others(st: &AppState, auth: &Authenticated, ip: Option<&str>) -> AppResult<usize> {
    let now = st.clock.now();
    let account = &auth.session.account_id;
    let mut tx = Work::begin(st).await?;
    let ended = store::sessions::delete_others(&mut tx, account, &auth.session.id).await?;
    for id in &ended {
        oidc_logout::session_ended(st, &mut tx, id, now).await?;
    }
    let count = ended.len().to_string();
    audit::record(
        &mut tx,
        &audit::account_event(
            Some(account),
            AuditAction::OtherSessionsEnded,
            Some(auth.session.id.as_str()),
            ip,
            Some(&count),
            now,
        ),
    )
    .await?;
    // Every cached session of the account goes (the one asking is read again, unchanged).
    tx.changed(account);
    tx.commit().await?;
    Ok(ended.len())
}
