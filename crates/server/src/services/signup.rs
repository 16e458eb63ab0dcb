//! Sign-up that proves the address: a new account waits, unverified, until the link emailed to
//! it is used, and cannot sign in meanwhile. Nobody can squat an address: an unverified account
//! is replaced by the next sign-up with its address and deleted after a week. An invitation
//! proves the address too (its link went there), so a newcomer invited by an organization
//! signs up verified.

use domain::audit::AuditAction;
use domain::throttle::{ResetLimits, Scope, account_key_for, source_key_for};
use domain::{Email, SecretToken, UserId, signup};

use crate::error::{AppError, AppResult, on_conflict};
use crate::services::accounts::SignUp;
use crate::services::audit;
use crate::services::mail;
use crate::services::throttle::{Counters, Key, too_many};
use crate::services::work::Work;
use crate::state::AppState;

/// A new account, and whether its address still waits for the emailed link.
#[derive(Debug)]
pub struct SignedUp {
    pub id: UserId,
    pub verified: bool,
}

/// How a sign-up proves its address.
pub enum Proof<'a> {
    /// Not yet: a link is emailed (when the operator asks for proof at all).
    Link,
    /// The token of a live invitation to the same address.
    Invitation(&'a str),
}

/// Creates an account. Every attempt counts against the source's hourly limit. With a link to
/// follow, the account cannot sign in until it is used; an unverified account holding the
/// address is replaced. An invitation proves the address, and is also let in when the operator
/// turned sign-up off: the organization chose to invite this person.
///
/// # Errors
/// `SignUpDisabled`; `TooManyAttempts`; `EmailTaken` when a verified account has the address;
/// `InvitationInvalid` for an invitation that is not live or is addressed to someone else.
pub async fn sign_up(
    st: &AppState,
    input: SignUp,
    proof: Proof<'_>,
    ip: Option<&str>,
) -> AppResult<SignedUp> {
    let invited = matches!(proof, Proof::Invitation(_));
    if !invited && !st.config.signup_enabled {
        return Err(AppError::SignUpDisabled);
    }
    if !invited {
        charge_source(st, ip).await?;
    }
    let hash = st.hasher.hash(input.password.expose()).await?;
    let now = st.clock.now();
    let id = UserId::generate();
    let mut tx = Work::begin(st).await?;
    if let Proof::Invitation(raw) = proof {
        invitation_for(&mut tx, raw, &input.email, now).await?;
    }
    let link = (!invited && st.config.signup.verify_email)
        .then(SecretToken::generate)
        .transpose()?;
    if let Some(replaced) = store::accounts::delete_unverified(&mut tx, &input.email).await? {
        let event = audit::account_event(
            Some(&replaced),
            AuditAction::UnverifiedAccountReplaced,
            Some(input.email.as_str()),
            ip,
            None,
            now,
        );
        audit::record(&mut tx, &event).await?;
    }
    let (email, name) = (&input.email, input.name.as_str());
    let inserted = match &link {
        Some(token) => {
            store::accounts::insert_unverified(&mut tx, &id, email, name, &hash, &token.hash(), now)
                .await
        }
        None => store::accounts::insert(&mut tx, &id, email, name, &hash, now).await,
    };
    inserted.map_err(on_conflict(
        "account_email_key",
        "account.email",
        AppError::EmailTaken,
    ))?;
    let event = audit::account_event(
        Some(&id),
        AuditAction::AccountCreated,
        Some(email.as_str()),
        ip,
        None,
        now,
    );
    audit::record(&mut tx, &event).await?;
    if let Some(token) = &link {
        let until = now + signup::UNVERIFIED_LIFETIME;
        mail::verify_address(&mut tx, st, email, token.expose(), until, now).await?;
    }
    tx.commit().await?;
    Ok(SignedUp {
        id,
        verified: link.is_none(),
    })
}

/// Counts a sign-up against its source's hourly limit, refusing it beyond.
async fn charge_source(st: &AppState, ip: Option<&str>) -> AppResult<()> {
    let Some(ip) = ip.and_then(|ip| ip.parse().ok()) else {
        return Ok(());
    };
    let now = st.clock.now();
    let rule = signup::source_limit(st.config.signup.per_source_per_hour);
    let keys = vec![Key {
        name: source_key_for(Scope::SignUp, ip),
        reset_before: rule.reset_before(now),
    }];
    let mut tx = Work::begin(st).await?;
    let counters = Counters::lock(&mut tx, keys, now).await?;
    if let Some(wait) = counters.found(0).and_then(|c| rule.retry_after(c, now)) {
        return Err(too_many(wait));
    }
    counters.charge(&mut tx, now).await?;
    tx.commit().await?;
    Ok(())
}

/// The live invitation `raw` names, when it is addressed to `email`.
async fn invitation_for(
    tx: &mut Work<'_>,
    raw: &str,
    email: &Email,
    now: time::OffsetDateTime,
) -> AppResult<()> {
    let token = SecretToken::parse(raw).ok_or(AppError::InvitationInvalid)?;
    let live = store::invitations::find_by_token(tx, &token.hash())
        .await?
        .filter(|i| !i.accepted && i.expires_at > now);
    match live {
        Some(inv) if inv.email == *email => Ok(()),
        Some(_) => Err(AppError::InvitationEmailMismatch),
        None => Err(AppError::InvitationInvalid),
    }
}

/// Proves an address with the link emailed at sign-up: the account can sign in from now on.
/// The link works once, and not after the account expired.
///
/// # Errors
/// `VerificationInvalid` for an unknown, used or expired link.
pub async fn verify(st: &AppState, raw: &str, ip: Option<&str>) -> AppResult<(UserId, Email)> {
    let token = SecretToken::parse(raw).ok_or(AppError::VerificationInvalid)?;
    let now = st.clock.now();
    let mut tx = Work::begin(st).await?;
    let (id, email) =
        store::accounts::verify(&mut tx, &token.hash(), signup::expired_before(now), now)
            .await?
            .ok_or(AppError::VerificationInvalid)?;
    let event = audit::account_event(
        Some(&id),
        AuditAction::EmailVerified,
        Some(email.as_str()),
        ip,
        None,
        now,
    );
    audit::record(&mut tx, &event).await?;
    tx.commit().await?;
    Ok((id, email))
}

/// Emails a new link to an account still waiting for one (the older link stops working);
/// answers the same whatever the address. Every request counts against the address's and the
/// source's limits, known address or not.
///
/// # Errors
/// `TooManyAttempts` beyond a limit; database failures.
pub async fn resend(st: &AppState, email: &Email, ip: Option<&str>) -> AppResult<()> {
    let now = st.clock.now();
    let limits = ResetLimits::default();
    let mut keys = vec![Key {
        name: account_key_for(Scope::Verify, email),
        reset_before: limits.address.reset_before(now),
    }];
    if let Some(ip) = ip.and_then(|ip| ip.parse().ok()) {
        keys.push(Key {
            name: source_key_for(Scope::Verify, ip),
            reset_before: limits.source.reset_before(now),
        });
    }
    let mut tx = Work::begin(st).await?;
    let counters = Counters::lock(&mut tx, keys, now).await?;
    for (i, rule) in [limits.address, limits.source].iter().enumerate() {
        if let Some(wait) = counters.found(i).and_then(|c| rule.retry_after(c, now)) {
            return Err(too_many(wait));
        }
    }
    counters.charge(&mut tx, now).await?;
    let waiting = store::accounts::find_by_email(&mut tx, email)
        .await?
        .filter(|a| !a.verified && signup::still_waiting(a.created_at, now));
    if let Some(account) = waiting {
        let token = SecretToken::generate()?;
        if store::accounts::set_verify_hash(&mut tx, &account.id, &token.hash()).await? {
            let until = account.created_at + signup::UNVERIFIED_LIFETIME;
            mail::verify_address(&mut tx, st, email, token.expose(), until, now).await?;
        }
    }
    tx.commit().await?;
    Ok(())
}
