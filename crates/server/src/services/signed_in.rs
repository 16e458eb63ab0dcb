//! Who is signed in: the session a request's token names (through the session cache), and the
//! policies of the account's organizations as the domain's rules borrow them. A leaf: it
//! imports no other service.

use domain::access::OrgPolicy;
use domain::mfa_policy::MemberTerms;
use domain::{ClientKind, MfaPolicy, OrgId, SecretToken};
use store::orgs::OrgOfMember;
use store::sessions::Session;

use crate::error::{AppError, AppResult};
use crate::session_cache::Cached;
use crate::state::AppState;

/// A request's session, found by its token.
#[derive(Debug, Clone)]
pub struct Authenticated {
    pub session: std::sync::Arc<Session>,
    /// The account's organizations, read with the session (possibly up to the session cache's
    /// lifetime ago).
    pub orgs: std::sync::Arc<[store::orgs::OrgOfMember]>,
}

impl Authenticated {
    pub fn csrf_token(&self, st: &AppState) -> String {
        domain::token::csrf_token(st.key.bytes(), &self.session.token_hash)
    }
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
    // An entry that looks expired is read again: another node's uses of the session (written
    // since this one read it) may have kept it alive.
    let (mut cached, hit) = match st.sessions.get(&hash, now) {
        Some(c) if !c.session.clock.is_expired(now) => (c, true),
        _ => (read(st, &hash, now).await?, false),
    };
    if cached.session.clock.is_expired(now) {
        st.sessions.evict(&hash);
        let mut c = st.store.write().await?;
        store::sessions::delete(&mut c, &cached.session.id).await?;
        return Err(AppError::Unauthenticated);
    }
    // Written with the others within a quarter second (`touches`); a cached session another
    // node ended is found gone then and evicted.
    let touched = cached.session.clock.needs_touch(now);
    if touched {
        st.touches.note(&cached.session.id, &hash, now);
        std::sync::Arc::make_mut(&mut cached.session)
            .clock
            .last_seen_at = now;
    }
    // One put per read from the database (the cache admits a session on its second), and one
    // per touch of a cached session.
    if !hit || touched {
        st.sessions.put(&cached, now, generation);
    }
    Ok(Authenticated {
        session: cached.session,
        orgs: cached.orgs,
    })
}

/// Reads the session holding `hash` and its account's organizations from the database.
async fn read(
    st: &AppState,
    hash: &domain::TokenHash,
    now: time::OffsetDateTime,
) -> AppResult<Cached> {
    // A use this node noted and has not written yet counts. Looked up before the read: a write
    // landing in between is then in one or the other.
    let noted = st.touches.seen(hash);
    let mut c = st.store.read().await?;
    let mut session = store::sessions::find_by_token(&mut c, hash)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let orgs = store::orgs::of_account(&mut c, &session.account_id).await?;
    if let Some(noted) = noted {
        let last = &mut session.clock.last_seen_at;
        *last = (*last).max(noted);
    }
    Ok(Cached {
        session: session.into(),
        orgs: orgs.into(),
        read_at: now,
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

/// The access decision for a session: the one function every route, page and app sign-in asks.
pub fn decide(st: &AppState, auth: &Authenticated) -> domain::access::Decision {
    use domain::access::{Decision, SecondFactor, Subject};
    if auth.session.state == domain::SessionState::MfaPending {
        return Decision::SecondFactorRequired;
    }
    let policies = OrgPolicies::of(&auth.orgs);
    let s = &auth.session;
    let second_factor = match (s.mfa_verified_at, &s.device) {
        (Some(_), _) => SecondFactor::Verified,
        (None, Some(d)) => SecondFactor::RememberedDevice {
            since: d.since,
            place: d.place,
        },
        (None, None) => SecondFactor::None,
    };
    domain::access::decide(&Subject {
        methods: &s.methods,
        second_factor,
        credential: s.credential(),
        orgs: &policies.refs(),
        now: st.clock.now(),
        setup_due: s.mfa_setup_due,
    })
}

/// The policies of an account's organizations, owned, for [`access`] to borrow.
pub struct OrgPolicies(Vec<(OrgId, String, MfaPolicy, MemberTerms)>);

impl OrgPolicies {
    /// The policies read with the account's memberships.
    pub fn of(orgs: &[OrgOfMember]) -> Self {
        Self(
            orgs.iter()
                .map(|o| {
                    (
                        o.org.id.clone(),
                        o.org.name.clone(),
                        o.policy.clone(),
                        o.terms,
                    )
                })
                .collect(),
        )
    }

    pub fn refs(&self) -> Vec<OrgPolicy<'_>> {
        self.0
            .iter()
            .map(|(org_id, name, policy, member)| OrgPolicy {
                org_id,
                name,
                policy,
                member: *member,
            })
            .collect()
    }
}

/// The organizations a decision names, with their names, as a problem document lists them.
pub fn org_refs(
    ids: &[domain::OrgId],
    orgs: &[store::orgs::OrgOfMember],
) -> Vec<proto::orgs::OrgRef> {
    ids.iter()
        .map(|id| proto::orgs::OrgRef {
            org_id: id.to_string(),
            name: orgs
                .iter()
                .find(|o| &o.org.id == id)
                .map(|o| o.org.name.clone())
                .unwrap_or_default(),
        })
        .collect()
}
