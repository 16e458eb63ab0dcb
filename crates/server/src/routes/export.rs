//! The account's data to take away: `GET /api/v1/me/export`.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use proto::accounts::AccountExport;
use proto::orgs::AuditEvent;

use crate::error::AppResult;
use crate::extract::{AuthSession, MeSession};
use crate::routes::{accounts, app_passwords, invitations, mfa, my_sessions};
use crate::services::signed_in::Authenticated;
use crate::state::AppState;

/// Everything twofold stores about the account, as one JSON document to download: the account
/// and its organizations, second-factor methods, app passwords, remembered devices, sessions,
/// invitations addressed to it and the audit events about it. Never a secret.
#[utoipa::path(get, path = "/api/v1/me/export", tag = "me", responses(
    (status = 200, body = AccountExport),
))]
pub async fn me_export(
    State(st): State<AppState>,
    MeSession(auth): MeSession,
) -> AppResult<Response> {
    let export = AccountExport {
        exported_at: st.clock.now(),
        audit_events: audit_events(&st, &auth).await?,
        // The lists are what each of their own routes answers, so the export cannot drift
        // from them (and holds what they hold, never more).
        account: accounts::me_get(State(st.clone()), MeSession(auth.clone()))
            .await?
            .0,
        mfa: mfa::mfa_get(State(st.clone()), MeSession(auth.clone()))
            .await?
            .0,
        app_passwords: app_passwords::app_password_list(
            State(st.clone()),
            AuthSession(auth.clone()),
        )
        .await?
        .0
        .app_passwords,
        remembered_devices: app_passwords::device_list(
            State(st.clone()),
            AuthSession(auth.clone()),
        )
        .await?
        .0
        .devices,
        sessions: my_sessions::session_list(State(st.clone()), MeSession(auth.clone()))
            .await?
            .0
            .sessions,
        invitations: invitations::my_invitations(State(st.clone()), MeSession(auth))
            .await?
            .0
            .invitations,
    };
    let name = "attachment; filename=\"twofold-account.json\"";
    Ok(([(header::CONTENT_DISPOSITION, name)], axum::Json(export)).into_response())
}

async fn audit_events(st: &AppState, auth: &Authenticated) -> AppResult<Vec<AuditEvent>> {
    let mut c = st.store.read().await?;
    let events = store::audit::list_about_account(&mut c, &auth.session.account_id).await?;
    let me = auth.session.account_id.as_str();
    Ok(events
        .into_iter()
        .map(|e| AuditEvent {
            // Where another person acted on the account from is theirs, not the account's.
            ip: e.ip.filter(|_| e.actor.as_deref() == Some(me)),
            id: e.id,
            at: e.at,
            actor: e.actor,
            action: e.action,
            target: e.target,
        })
        .collect())
}
