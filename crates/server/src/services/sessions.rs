//! Signing in and out, and recognising a session on every request.

use domain::audit::AuditAction;
use domain::session::SessionClock;
use domain::throttle::{Rule, retry_after_secs};
use domain::{Aal, ClientKind, Email, SecretToken, SessionId, SessionState, TokenHash};
use store::audit::NewEvent;
use store::sessions::{NewSession, Session};
use time::Duration;

use crate::error::{AppError, AppResult};
use crate::services::audit;
use crate::state::AppState;

/// A request's session, found by its token.
#[derive(Debug, Clone)]
pub struct Authenticated {
    pub session: Session,
}

impl Authenticated {
    pub fn csrf_token(&self, st: &AppState) -> String {
        domain::token::csrf_token(st.key.bytes(), &self.session.token_hash)
    }
}

/// What a sign-in attempt carries, already parsed.
pub struct SignIn {
    pub email: Email,
    pub password: String,
    pub client: ClientKind,
    pub remember: bool,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

/// A successful sign-in.
pub struct SignedIn {
    pub token: SecretToken,
    pub csrf_token: String,
    pub state: SessionState,
    pub aal: Aal,
    /// Cookie lifetime: `None` for a browser-session cookie.
    pub cookie_max_age: Option<Duration>,
}

/// The throttle keys of one attempt. The account key hashes the email, so attempts on an
/// unknown address are counted exactly like attempts on a real one.
fn throttle_keys(email: &Email, ip: Option<&str>) -> (String, Option<String>) {
    (
        format!(
            "sign_in:email:{}",
            TokenHash::of(email.as_str().as_bytes()).as_str()
        ),
        ip.map(|ip| format!("sign_in:ip:{ip}")),
    )
}

/// Checks the password and opens a session.
///
/// # Errors
/// `InvalidCredentials` for an unknown email or a wrong password alike; `TooManyAttempts`
/// while throttled.
pub async fn sign_in(st: &AppState, input: SignIn) -> AppResult<SignedIn> {
    let now = st.clock.now();
    let (account_key, ip_key) = throttle_keys(&input.email, input.ip.as_deref());

    let account = {
        let mut c = st.store.read().await?;
        let mut wait = None;
        if let Some(counter) = store::throttle::get(&mut c, &account_key).await? {
            wait = Rule::ACCOUNT.retry_after(&counter, now);
        }
        if let Some(key) = &ip_key
            && let Some(counter) = store::throttle::get(&mut c, key).await?
        {
            wait = wait.max(Rule::SOURCE.retry_after(&counter, now));
        }
        if let Some(wait) = wait {
            return Err(AppError::TooManyAttempts {
                retry_after: retry_after_secs(wait),
            });
        }
        store::accounts::find_by_email(&mut c, &input.email).await?
    };

    let ok = st
        .hasher
        .verify(
            &input.password,
            account.as_ref().map(|a| a.password_hash.as_str()),
        )
        .await?;
    let now = st.clock.now();

    let Some(account) = account.filter(|_| ok) else {
        let mut tx = st.store.begin().await?;
        store::throttle::record_failure(
            &mut tx,
            &account_key,
            now,
            Rule::ACCOUNT.reset_before(now),
        )
        .await?;
        if let Some(key) = &ip_key {
            store::throttle::record_failure(&mut tx, key, now, Rule::SOURCE.reset_before(now))
                .await?;
        }
        audit::record(
            &mut tx,
            &NewEvent {
                org_id: None,
                actor_id: None,
                action: AuditAction::SignInFailed,
                target: Some(input.email.as_str()),
                ip: input.ip.as_deref(),
                detail: None,
                at: now,
            },
        )
        .await?;
        tx.commit().await?;
        return Err(AppError::InvalidCredentials);
    };

    let token = SecretToken::generate()?;
    let token_hash = token.hash();
    let lifetime = st.lifetimes.for_sign_in(input.client, input.remember);
    let (state, aal) = if account.mfa_enabled {
        (SessionState::MfaPending, Aal::Aal1)
    } else {
        (SessionState::Active, Aal::Aal1)
    };
    let id = SessionId::generate();
    let mut tx = st.store.begin().await?;
    store::throttle::clear(&mut tx, &account_key).await?;
    store::sessions::insert(
        &mut tx,
        &NewSession {
            id: &id,
            token_hash: &token_hash,
            account_id: &account.id,
            client: input.client,
            state,
            aal,
            remember: input.remember,
            ip: input.ip.as_deref(),
            user_agent: input.user_agent.as_deref(),
            clock: SessionClock::start(now, lifetime),
        },
    )
    .await?;
    audit::record(
        &mut tx,
        &NewEvent {
            org_id: None,
            actor_id: Some(&account.id),
            action: AuditAction::SignInSucceeded,
            target: Some(id.as_str()),
            ip: input.ip.as_deref(),
            detail: Some(input.client.as_str()),
            at: now,
        },
    )
    .await?;
    tx.commit().await?;

    Ok(SignedIn {
        csrf_token: domain::token::csrf_token(st.key.bytes(), &token_hash),
        token,
        state,
        aal,
        cookie_max_age: (input.remember || input.client != ClientKind::Web)
            .then_some(lifetime.absolute),
    })
}

/// Finds the live session holding `raw_token`.
///
/// # Errors
/// `Unauthenticated` when the token is malformed, unknown or expired.
pub async fn authenticate(st: &AppState, raw_token: &str) -> AppResult<Authenticated> {
    let token = SecretToken::parse(raw_token).ok_or(AppError::Unauthenticated)?;
    let mut c = st.store.read().await?;
    let session = store::sessions::find_by_token(&mut c, &token.hash())
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let now = st.clock.now();
    if session.clock.is_expired(now) {
        store::sessions::delete(&mut c, &session.id).await?;
        return Err(AppError::Unauthenticated);
    }
    let mut session = session;
    if session.clock.needs_touch(now) {
        store::sessions::touch(&mut c, &session.id, now).await?;
        session.clock.last_seen_at = now;
    }
    Ok(Authenticated { session })
}

/// Ends a session.
///
/// # Errors
/// On database failure.
pub async fn sign_out(st: &AppState, auth: &Authenticated, ip: Option<&str>) -> AppResult<()> {
    let now = st.clock.now();
    let mut tx = st.store.begin().await?;
    store::sessions::delete(&mut tx, &auth.session.id).await?;
    audit::record(
        &mut tx,
        &NewEvent {
            org_id: None,
            actor_id: Some(&auth.session.account_id),
            action: AuditAction::SignedOut,
            target: Some(auth.session.id.as_str()),
            ip,
            detail: None,
            at: now,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
