//! Signing in and out, and recognising a session on every request.

use domain::audit::AuditAction;
use domain::session::SessionClock;
use domain::throttle::{self, retry_after_secs};
use domain::{Aal, ClientKind, Email, NewPassword, SecretToken, SessionId, SessionState};
use store::audit::NewEvent;
use store::sessions::{NewSession, Session};
use time::Duration;

use crate::error::{AppError, AppResult};
use crate::services::{audit, second_step};
use crate::session_cache::Cached;
use crate::state::AppState;

/// A request's session, found by its token.
#[derive(Debug, Clone)]
pub struct Authenticated {
    pub session: Session,
    /// The account's organizations, read with the session (possibly up to the session cache's
    /// lifetime ago).
    pub orgs: std::sync::Arc<[store::orgs::OrgOfMember]>,
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
    /// The `twofold_device` cookie, if the browser sent one.
    pub device_token: Option<String>,
    /// The device cookie of a browser that signed in to this account before, if any.
    pub known_device: Option<String>,
}

/// A successful sign-in.
pub struct SignedIn {
    pub token: SecretToken,
    pub csrf_token: String,
    pub state: SessionState,
    pub aal: Aal,
    /// Cookie lifetime: `None` for a browser-session cookie.
    pub cookie_max_age: Option<Duration>,
    /// The methods the second step can be passed with, when it is owed.
    pub methods: Vec<proto::mfa::MethodView>,
    /// Organizations requiring 2FA this sign-in lacks: id, name, deadline while in grace.
    pub requirements: Vec<(domain::OrgId, String, Option<time::OffsetDateTime>)>,
    /// A new device cookie for this client, when it did not carry a valid one.
    pub known_device: Option<String>,
}

/// How long a device cookie is kept by the browser.
pub const KNOWN_DEVICE_LIFETIME: Duration = Duration::days(365);

/// Checks the password and opens a session.
///
/// # Errors
/// `InvalidCredentials` for an unknown email or a wrong password alike; `TooManyAttempts`
/// while throttled.
pub async fn sign_in(st: &AppState, input: SignIn) -> AppResult<SignedIn> {
    if !NewPassword::could_be_valid(&input.password) {
        // No stored password can match: refuse without spending a hash on it.
        return Err(AppError::InvalidCredentials);
    }
    let limits = st.sign_in_limits;
    // A browser that signed in to this account before has a counter of its own: guesses from
    // anywhere else lock out only untrusted clients, never the holder's own browsers.
    let known = input
        .known_device
        .as_deref()
        .and_then(|c| domain::known_device::verify(st.key.bytes(), &input.email, c));
    let account_key = known
        .as_ref()
        .map_or_else(|| throttle::account_key(&input.email), |d| d.throttle_key());
    let source_key = input
        .ip
        .as_deref()
        .and_then(|ip| ip.parse().ok())
        .map(throttle::source_key);

    // Decide and count the attempt before checking the password: the counters are locked while
    // deciding, so concurrent guesses are each counted before any of them is verified. A
    // success refunds the count afterwards.
    let account = {
        let now = st.clock.now();
        let mut tx = st.store.begin().await?;
        let mut wanted = vec![account_key.as_str()];
        wanted.extend(source_key.as_deref());
        let counters = store::throttle::lock_all(&mut tx, &wanted, now).await?;
        let wait = counters
            .first()
            .and_then(|c| limits.retry_after(c, counters.get(1), now));
        if let Some(wait) = wait {
            // Dropping the transaction rolls back: a refused attempt is not counted.
            return Err(AppError::TooManyAttempts {
                retry_after: retry_after_secs(wait),
            });
        }
        store::throttle::record_failure(
            &mut tx,
            &account_key,
            now,
            limits.account.reset_before(now),
        )
        .await?;
        if let Some(key) = &source_key {
            store::throttle::record_failure(&mut tx, key, now, limits.source.reset_before(now))
                .await?;
        }
        let account = store::accounts::find_by_email(&mut tx, &input.email).await?;
        tx.commit().await?;
        account
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

    // Hashes made with older parameters are upgraded while the password is at hand, which also
    // keeps their verification time equal to the dummy's.
    let rehashed = if st.hasher.needs_rehash(&account.password_hash) {
        Some(st.hasher.hash(&input.password).await?)
    } else {
        None
    };

    let token = SecretToken::generate()?;
    let token_hash = token.hash();
    let lifetime = st.lifetimes.for_sign_in(input.client, input.remember);
    let id = SessionId::generate();
    let generation = st.sessions.generation();
    let mut kinds = Vec::new();
    let mut tx = st.store.begin().await?;
    // The password was checked against the account as it was read before hashing. If it
    // changed meanwhile (a password change ending every other session, or 2FA turned on), this
    // sign-in is refused rather than opened on stale facts.
    let account = match store::accounts::lock(&mut tx, &account.id).await? {
        Some(now_stored) if now_stored.password_hash == account.password_hash => now_stored,
        _ => return Err(AppError::InvalidCredentials),
    };
    store::throttle::clear(&mut tx, &account_key).await?;
    if let Some(key) = &source_key {
        store::throttle::refund(&mut tx, key).await?;
    }
    if let Some(hash) = &rehashed {
        store::accounts::set_password_hash(&mut tx, &account, hash, now).await?;
    }
    let device = if account.mfa_enabled {
        second_step::device_for_sign_in(&mut tx, &account.id, input.device_token.as_deref(), now)
            .await?
    } else {
        None
    };
    let (state, aal, clock, methods) = if account.mfa_enabled && device.is_none() {
        // The second step is owed: a short-lived session that can do nothing else.
        let wait = Duration::minutes(st.config.mfa.second_step_minutes.clamp(1, 60));
        let pending = domain::session::Lifetime {
            idle: wait,
            absolute: wait,
        };
        let methods = store::mfa::list_confirmed(&mut tx, &account.id).await?;
        kinds = methods.iter().map(|m| m.kind).collect();
        (
            SessionState::MfaPending,
            Aal::Aal1,
            SessionClock::start(now, pending),
            crate::services::mfa::views(&methods),
        )
    } else if device.is_some() {
        kinds = store::mfa::list_confirmed(&mut tx, &account.id)
            .await?
            .iter()
            .map(|m| m.kind)
            .collect();
        (
            SessionState::Active,
            Aal::Aal2,
            SessionClock::start(now, lifetime),
            Vec::new(),
        )
    } else {
        (
            SessionState::Active,
            Aal::Aal1,
            SessionClock::start(now, lifetime),
            Vec::new(),
        )
    };
    // What the organizations' policies say of this sign-in, told in the answer: a blocking one
    // makes the session `setup_required` (decided again on every request), a grace period
    // gives its deadline.
    let (reported, requirements) = if state == SessionState::Active {
        let orgs = store::orgs::of_account(&mut tx, &account.id).await?;
        let policies = crate::services::mfa::OrgPolicies::of(&orgs);
        let refs = policies.refs();
        let credential = domain::access::Credential {
            client: input.client,
            issued_at: now,
        };
        let unmet = domain::access::unmet(&kinds, credential, &refs, now);
        (
            domain::access::reported_state(state, &unmet, account.mfa_setup_due),
            unmet
                .into_iter()
                .map(|(o, deadline)| (o.org_id.clone(), o.name.to_owned(), deadline))
                .collect(),
        )
    } else {
        (state, Vec::new())
    };
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
            clock,
            mfa_verified_at: None,
            device: device.as_ref().map(|(id, since)| (id, *since)),
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
    if state == SessionState::MfaPending {
        // The next request of a pending sign-in is its second step: it finds the session here
        // rather than reading it back. Organizations play no part before the step is passed
        // (and the session is evicted then), so none are loaded.
        st.sessions.put(
            &Cached {
                session: Session {
                    id: id.clone(),
                    token_hash: token_hash.clone(),
                    account_id: account.id.clone(),
                    email: account.email.clone(),
                    name: account.name.clone(),
                    mfa_enabled: account.mfa_enabled,
                    mfa_setup_due: account.mfa_setup_due,
                    methods: kinds,
                    client: input.client,
                    state,
                    aal,
                    remember: input.remember,
                    clock,
                    mfa_verified_at: None,
                    device: None,
                },
                orgs: std::sync::Arc::from(Vec::new()),
            },
            now,
            generation,
        );
    }

    Ok(SignedIn {
        csrf_token: domain::token::csrf_token(st.key.bytes(), &token_hash),
        token,
        state: reported,
        aal,
        cookie_max_age: (input.remember || input.client != ClientKind::Web)
            .then_some(lifetime.absolute),
        methods,
        requirements,
        known_device: if known.is_some() {
            None
        } else {
            Some(domain::known_device::issue(st.key.bytes(), &input.email)?)
        },
    })
}

/// Finds the live session holding `raw_token`.
///
/// # Errors
/// `Unauthenticated` when the token is malformed, unknown or expired.
pub async fn authenticate(st: &AppState, raw_token: &str) -> AppResult<Authenticated> {
    let token = SecretToken::parse(raw_token).ok_or(AppError::Unauthenticated)?;
    let hash = token.hash();
    let now = st.clock.now();
    let generation = st.sessions.generation();
    let mut cached = match st.sessions.get(&hash, now) {
        Some(c) => c,
        None => {
            let mut c = st.store.read().await?;
            let session = store::sessions::find_by_token(&mut c, &hash)
                .await?
                .ok_or(AppError::Unauthenticated)?;
            let orgs = store::orgs::of_account(&mut c, &session.account_id).await?;
            let cached = Cached {
                session,
                orgs: orgs.into(),
            };
            st.sessions.put(&cached, now, generation);
            cached
        }
    };
    if cached.session.clock.is_expired(now) {
        st.sessions.evict(&hash);
        let mut c = st.store.write().await?;
        store::sessions::delete(&mut c, &cached.session.id).await?;
        return Err(AppError::Unauthenticated);
    }
    if cached.session.clock.needs_touch(now) {
        let mut c = st.store.write().await?;
        store::sessions::touch(&mut c, &cached.session.id, now).await?;
        cached.session.clock.last_seen_at = now;
        st.sessions.put(&cached, now, generation);
    }
    Ok(Authenticated {
        session: cached.session,
        orgs: cached.orgs,
    })
}

/// Finds the live browser session holding the token of a `twofold_session` cookie. The cookie
/// is only ever a browser's: a native app's or sync tool's token sent as the cookie is refused,
/// so that a token signed in as something else never opens the console.
///
/// # Errors
/// `Unauthenticated` as [`authenticate`], and for a session of another kind of client.
pub async fn authenticate_cookie(st: &AppState, raw_token: &str) -> AppResult<Authenticated> {
    let auth = authenticate(st, raw_token).await?;
    if auth.session.client == ClientKind::Web {
        Ok(auth)
    } else {
        Err(AppError::Unauthenticated)
    }
}

/// Ends a session.
///
/// # Errors
/// On database failure.
pub async fn sign_out(st: &AppState, auth: &Authenticated, ip: Option<&str>) -> AppResult<()> {
    let now = st.clock.now();
    st.sessions.evict(&auth.session.token_hash);
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
    // Again after the commit: a request that read the session while it was being deleted may
    // have cached it in between.
    st.sessions.evict(&auth.session.token_hash);
    Ok(())
}
