//! Signing in and out, and recognising a session on every request.

use domain::audit::AuditAction;
use domain::effective_policy::EffectivePolicy;
use domain::method::StepKind;
use domain::session::SessionClock;
use domain::throttle;
use domain::{Aal, ClientKind, Email, NewPassword, SecretToken, SessionId, SessionState};
use store::accounts::Account;
use store::sessions::{NewSession, Session};
use time::Duration;

use crate::error::{AppError, AppResult};
use crate::services::signed_in::{Authenticated, OrgPolicies};
use crate::services::throttle::{Counters, Key, too_many};
use crate::services::work::Work;
use crate::services::{audit, devices, factors};
use crate::session_cache::Cached;
use crate::state::AppState;

/// Organizations requiring 2FA a sign-in lacks: id, name, deadline while in grace.
pub type Requirements = Vec<(domain::OrgId, String, Option<time::OffsetDateTime>)>;

/// What a sign-in attempt carries, already parsed.
pub struct SignIn {
    pub email: Email,
    pub password: String,
    pub caller: Caller,
}

/// Where a sign-in comes from, as its request says. `client` is the caller's own word: it
/// chooses a lifetime, never an exemption.
pub struct Caller {
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
    pub requirements: Requirements,
    /// A new device cookie for this client, when it did not carry a valid one.
    pub known_device: Option<String>,
    /// A remembered browser was asked for the second step because of where it signs in from.
    pub new_network: bool,
}

/// How long a device cookie is kept by the browser.
pub const KNOWN_DEVICE_LIFETIME: Duration = Duration::days(365);

/// Checks the password and opens a session.
///
/// # Errors
/// `InvalidCredentials` for an unknown email or a wrong password alike; `TooManyAttempts`
/// while throttled.
pub async fn sign_in(st: &AppState, input: SignIn) -> AppResult<SignedIn> {
    let signed_in = check_password(st, input).await;
    crate::observe::sign_in(match &signed_in {
        Ok(s) => s.state.as_str(),
        Err(e) => e.code().as_str(),
    });
    signed_in
}

async fn check_password(st: &AppState, input: SignIn) -> AppResult<SignedIn> {
    if !NewPassword::could_be_valid(&input.password) {
        // No stored password can match: refuse without spending a hash on it.
        return Err(AppError::InvalidCredentials);
    }
    // A browser that signed in to this account before has a counter of its own: guesses from
    // anywhere else lock out only untrusted clients, never the holder's own browsers.
    let known = input
        .caller
        .known_device
        .as_deref()
        .and_then(|c| domain::known_device::verify(st.key.bytes(), &input.email, c));
    let (counters, account) = count_attempt(st, &input, known.as_ref()).await?;
    let ok = st
        .hasher
        .verify(
            &input.password,
            account.as_ref().map(|a| a.password_hash.as_str()),
        )
        .await?;
    let now = st.clock.now();
    let Some(account) = account.filter(|_| ok) else {
        let mut tx = Work::begin(st).await?;
        audit::record(
            &mut tx,
            &audit::account_event(
                None,
                AuditAction::SignInFailed,
                Some(input.email.as_str()),
                input.caller.ip.as_deref(),
                None,
                now,
            ),
        )
        .await?;
        tx.commit().await?;
        return Err(AppError::InvalidCredentials);
    };
    if !account.verified {
        return refuse_unverified(st, &account, &counters, input.caller.ip.as_deref(), now).await;
    }
    // Hashes made with older parameters are upgraded while the password is at hand, which also
    // keeps their verification time equal to the dummy's.
    let rehashed = if st.hasher.needs_rehash(&account.password_hash) {
        Some(st.hasher.hash(&input.password).await?)
    } else {
        None
    };
    let mut signed_in = open_session(st, &input, &account, &counters, rehashed, now).await?;
    if known.is_none() {
        signed_in.known_device = Some(domain::known_device::issue(st.key.bytes(), &input.email)?);
    }
    Ok(signed_in)
}

/// The right password of an account whose address is not proved yet: no session opens, and
/// the count charged in advance is taken back (a holder waiting for the link is not locked
/// out). The answer says only that: the password was right, so it tells nothing new. Once the
/// account has expired it is as if it did not exist.
async fn refuse_unverified(
    st: &AppState,
    account: &Account,
    counters: &Counters,
    ip: Option<&str>,
    now: time::OffsetDateTime,
) -> AppResult<SignedIn> {
    let waiting = domain::signup::still_waiting(account.created_at, now);
    let mut tx = Work::begin(st).await?;
    if waiting {
        counters.forget(&mut tx, 0, true).await?;
        counters.refund(&mut tx, 1).await?;
    }
    let detail = if waiting {
        "email_unverified"
    } else {
        "expired unverified account"
    };
    let event = audit::account_event(
        waiting.then_some(&account.id),
        AuditAction::SignInFailed,
        Some(account.email.as_str()),
        ip,
        Some(detail),
        now,
    );
    audit::record(&mut tx, &event).await?;
    tx.commit().await?;
    Err(if waiting {
        AppError::EmailUnverified
    } else {
        AppError::InvalidCredentials
    })
}

/// Decides and counts the attempt before the password is checked: the counters are locked while
/// deciding, so concurrent guesses are each counted before any of them is verified. A success
/// refunds the count afterwards ([`open_session`]). Returns the counters and the account the
/// email names, if any.
async fn count_attempt(
    st: &AppState,
    input: &SignIn,
    known: Option<&domain::known_device::KnownDevice>,
) -> AppResult<(Counters, Option<Account>)> {
    let limits = st.sign_in_limits;
    let now = st.clock.now();
    let account_key = known.map_or_else(
        || throttle::account_key(&input.email),
        domain::known_device::KnownDevice::throttle_key,
    );
    let mut keys = vec![Key {
        name: account_key,
        reset_before: limits.account.reset_before(now),
    }];
    keys.extend(
        input
            .caller
            .ip
            .as_deref()
            .and_then(|ip| ip.parse().ok())
            .map(|ip| Key {
                name: throttle::source_key(ip),
                reset_before: limits.source.reset_before(now),
            }),
    );
    let mut tx = Work::begin(st).await?;
    let counters = Counters::lock(&mut tx, keys, now).await?;
    let wait = counters
        .found(0)
        .and_then(|c| limits.retry_after(c, counters.found(1), now));
    if let Some(wait) = wait {
        // Dropping the transaction rolls back: a refused attempt is not counted.
        return Err(too_many(wait));
    }
    counters.charge(&mut tx, now).await?;
    let account = store::accounts::find_by_email(&mut tx, &input.email).await?;
    tx.commit().await?;
    Ok((counters, account))
}

/// How a new session starts: its state, assurance, clock, and (when the second step is owed)
/// the methods it can be passed with.
struct Start {
    state: SessionState,
    aal: Aal,
    clock: SessionClock,
    methods: Vec<proto::mfa::MethodView>,
    kinds: Vec<domain::MethodKind>,
    device: Option<store::sessions::Skipped>,
    /// What proved the second factor at sign-in (a passkey), if anything did.
    passed: Option<StepKind>,
    /// A remembered browser was asked for the step because of where it signs in from.
    new_network: bool,
}

/// The start of a session for `account`: owing the second step, or passed by a remembered
/// device, or active for an account without 2FA.
async fn start_of(
    st: &AppState,
    tx: &mut Work<'_>,
    caller: &Caller,
    account: &Account,
    now: time::OffsetDateTime,
) -> AppResult<Start> {
    let lifetime = st.lifetimes.for_sign_in(caller.client, caller.remember);
    let at_sign_in = if account.mfa_enabled {
        let token = caller.device_token.as_deref();
        devices::device_for_sign_in(tx, account, token, caller.ip.as_deref(), now).await?
    } else {
        devices::AtSignIn::Nothing
    };
    let new_network = matches!(at_sign_in, devices::AtSignIn::NotFromHere);
    let device = match at_sign_in {
        devices::AtSignIn::StandsIn(skipped) => Some(skipped),
        _ => None,
    };
    let methods = if account.mfa_enabled {
        store::mfa::list_confirmed(tx, &account.id).await?
    } else {
        Vec::new()
    };
    let kinds = methods.iter().map(|m| m.kind).collect();
    Ok(if account.mfa_enabled && device.is_none() {
        // The second step is owed: a short-lived session that can do nothing else.
        let wait = Duration::minutes(st.config.mfa.second_step_minutes.clamp(1, 60));
        Start {
            state: SessionState::MfaPending,
            aal: Aal::Aal1,
            clock: SessionClock::start(
                now,
                domain::session::Lifetime {
                    idle: wait,
                    absolute: wait,
                },
            ),
            methods: factors::views(&methods),
            kinds,
            device,
            passed: None,
            new_network,
        }
    } else {
        Start {
            state: SessionState::Active,
            aal: if device.is_some() {
                Aal::Aal2
            } else {
                Aal::Aal1
            },
            clock: SessionClock::start(now, lifetime),
            methods: Vec::new(),
            kinds,
            device,
            passed: None,
            new_network,
        }
    })
}

/// Opens the session of a sign-in whose password was right.
async fn open_session(
    st: &AppState,
    input: &SignIn,
    account: &Account,
    counters: &Counters,
    rehashed: Option<String>,
    now: time::OffsetDateTime,
) -> AppResult<SignedIn> {
    let token = SecretToken::generate()?;
    let token_hash = token.hash();
    let id = SessionId::generate();
    let generation = st.sessions.generation();
    let mut tx = Work::begin(st).await?;
    // The password was checked against the account as it was read before hashing. If it
    // changed meanwhile (a password change ending every other session, or 2FA turned on), this
    // sign-in is refused rather than opened on stale facts.
    let account = match store::accounts::lock(&mut tx, &account.id).await? {
        Some(now_stored) if now_stored.password_hash == account.password_hash => now_stored,
        _ => return Err(AppError::InvalidCredentials),
    };
    counters.forget(&mut tx, 0, true).await?;
    counters.refund(&mut tx, 1).await?;
    if let Some(hash) = &rehashed {
        store::accounts::set_password_hash(&mut tx, &account, hash, now).await?;
    }
    let mut start = start_of(st, &mut tx, &input.caller, &account, now).await?;
    let (reported, requirements) =
        requirements(&mut tx, &input.caller, &account, &start, now).await?;
    insert(
        &mut tx,
        &input.caller,
        &account.id,
        (&id, &token_hash),
        &start,
    )
    .await?;
    audit::record(
        &mut tx,
        &audit::account_event(
            Some(&account.id),
            AuditAction::SignInSucceeded,
            Some(id.as_str()),
            input.caller.ip.as_deref(),
            Some(input.caller.client.as_str()),
            now,
        ),
    )
    .await?;
    tx.commit().await?;
    let lifetime = st
        .lifetimes
        .for_sign_in(input.caller.client, input.caller.remember);
    let signed_in = SignedIn {
        csrf_token: domain::token::csrf_token(st.key.bytes(), &token_hash),
        token,
        state: reported,
        aal: start.aal,
        cookie_max_age: (input.caller.remember || input.caller.client != ClientKind::Web)
            .then_some(lifetime.absolute),
        methods: std::mem::take(&mut start.methods),
        requirements,
        known_device: None,
        new_network: start.new_network,
    };
    if start.state == SessionState::MfaPending {
        cache_pending(
            st,
            &input.caller,
            &account,
            (id, token_hash),
            start,
            now,
            generation,
        );
    }
    Ok(signed_in)
}

/// What a sign-in proved before its transaction: the account, its methods' kinds and its
/// memberships, as read just before (the state they give is only what the answer reports: the
/// access decision is made again at every request).
pub struct Proved<'a> {
    pub account: &'a Account,
    pub kinds: Vec<domain::MethodKind>,
    pub orgs: &'a [store::orgs::OrgOfMember],
}

/// Opens the session of a sign-in a passkey proved on its own (its user verification makes it
/// two factors): active at `aal2` from the start, unless an organization's policy stops it like
/// any other sign-in. Runs in the transaction that used up the passkey's challenge.
///
/// # Errors
/// On database failure.
pub async fn open_proved(
    st: &AppState,
    tx: &mut Work<'_>,
    caller: &Caller,
    proved: Proved<'_>,
    now: time::OffsetDateTime,
) -> AppResult<SignedIn> {
    let account = proved.account;
    let token = SecretToken::generate()?;
    let token_hash = token.hash();
    let id = SessionId::generate();
    let lifetime = st.lifetimes.for_sign_in(caller.client, caller.remember);
    let start = Start {
        state: SessionState::Active,
        aal: Aal::Aal2,
        clock: SessionClock::start(now, lifetime),
        methods: Vec::new(),
        kinds: proved.kinds,
        device: None,
        passed: Some(StepKind::Passkey),
        new_network: false,
    };
    let (reported, requirements) = decide(caller, account, &start, proved.orgs, now);
    insert(tx, caller, &account.id, (&id, &token_hash), &start).await?;
    let detail = format!("passkey {}", caller.client.as_str());
    let event = audit::account_event(
        Some(&account.id),
        AuditAction::SignInSucceeded,
        Some(id.as_str()),
        caller.ip.as_deref(),
        Some(&detail),
        now,
    );
    audit::record(tx, &event).await?;
    Ok(SignedIn {
        csrf_token: domain::token::csrf_token(st.key.bytes(), &token_hash),
        token,
        state: reported,
        aal: start.aal,
        cookie_max_age: (caller.remember || caller.client != ClientKind::Web)
            .then_some(lifetime.absolute),
        methods: Vec::new(),
        requirements,
        known_device: None,
        new_network: false,
    })
}

/// Stores the new session.
async fn insert(
    tx: &mut Work<'_>,
    caller: &Caller,
    account: &domain::UserId,
    (id, token_hash): (&SessionId, &domain::TokenHash),
    start: &Start,
) -> AppResult<()> {
    store::sessions::insert(
        tx,
        &NewSession {
            id,
            token_hash,
            account_id: account,
            client: caller.client,
            state: start.state,
            aal: start.aal,
            remember: caller.remember,
            ip: caller.ip.as_deref(),
            user_agent: caller.user_agent.as_deref(),
            clock: start.clock,
            mfa_verified_at: start.passed.map(|_| start.clock.created_at),
            device: start.device.as_ref(),
            passed: start.passed,
        },
    )
    .await?;
    Ok(())
}

/// What the organizations' policies say of an active sign-in, told in the answer: a blocking
/// one makes the session `setup_required` (decided again on every request), a grace period
/// gives its deadline.
async fn requirements(
    tx: &mut Work<'_>,
    caller: &Caller,
    account: &Account,
    start: &Start,
    now: time::OffsetDateTime,
) -> AppResult<(SessionState, Requirements)> {
    if start.state != SessionState::Active {
        return Ok((start.state, Vec::new()));
    }
    let orgs = store::orgs::of_account(tx, &account.id).await?;
    Ok(decide(caller, account, start, &orgs, now))
}

/// [`requirements`] of memberships already read.
fn decide(
    caller: &Caller,
    account: &Account,
    start: &Start,
    orgs: &[store::orgs::OrgOfMember],
    now: time::OffsetDateTime,
) -> (SessionState, Requirements) {
    let policies = OrgPolicies::of(orgs);
    let refs = policies.refs();
    let credential = domain::access::Credential {
        client: caller.client,
        issued_at: now,
    };
    let unmet = EffectivePolicy::fold(&refs).unmet(&start.kinds, credential, now);
    (
        domain::access::reported_state(start.state, &unmet, account.mfa_setup_due),
        unmet
            .into_iter()
            .map(|(o, deadline)| (o.org_id.clone(), o.name.to_owned(), deadline))
            .collect(),
    )
}

/// The next request of a pending sign-in is its second step: it finds the session in the cache
/// rather than reading it back. Organizations play no part before the step is passed (and the
/// session is evicted then), so none are loaded.
fn cache_pending(
    st: &AppState,
    caller: &Caller,
    account: &Account,
    (id, token_hash): (SessionId, domain::TokenHash),
    start: Start,
    now: time::OffsetDateTime,
    generation: u64,
) {
    st.sessions.put(
        &Cached {
            session: Session {
                id,
                token_hash,
                account_id: account.id.clone(),
                email: account.email.clone(),
                name: account.name.clone(),
                mfa_enabled: account.mfa_enabled,
                mfa_setup_due: account.mfa_setup_due,
                methods: start.kinds,
                client: caller.client,
                state: start.state,
                aal: start.aal,
                remember: caller.remember,
                clock: start.clock,
                mfa_verified_at: None,
                device: None,
                passed: None,
                locale: account.locale,
            }
            .into(),
            orgs: std::sync::Arc::from(Vec::new()),
            read_at: now,
        },
        now,
        generation,
    );
}

/// Ends a session.
///
/// # Errors
/// On database failure.
pub async fn sign_out(st: &AppState, auth: &Authenticated, ip: Option<&str>) -> AppResult<()> {
    let now = st.clock.now();
    st.sessions.evict(&auth.session.token_hash);
    let mut tx = Work::begin(st).await?;
    store::sessions::delete(&mut tx, &auth.session.id).await?;
    crate::services::oidc_logout::session_ended(st, &mut tx, &auth.session.id, now).await?;
    audit::record(
        &mut tx,
        &audit::account_event(
            Some(&auth.session.account_id),
            AuditAction::SignedOut,
            Some(auth.session.id.as_str()),
            ip,
            None,
            now,
        ),
    )
    .await?;
    // Every node forgets it when the deletion commits (this one again after the commit: a
    // request that read the session while it was being deleted may have cached it in between).
    tx.changed_session(&auth.session.token_hash);
    tx.commit().await?;
    Ok(())
}
