//! Sign-up that proves the address: a new account waits, unverified, until the link emailed to
//! it is used, and cannot sign in meanwhile. Nobody can squat an address: an unverified account
//! is replaced by the next sign-up with its address and deleted after a week. An invitation
//! proves the address too (its link went there), so a newcomer invited by an organization
//! signs up verified.

use domain::audit::AuditAction;
use domain::throttle::{ResetLimits, Scope, account_key_for, source_key_for};
use domain::{Email, InvitationId, SecretToken, UserId, signup};

use crate::error::{AppError, AppResult, on_conflict};
use crate::services::accounts::SignUp;
use crate::services::audit;
use crate::services::mail;
use crate::services::throttle::charge_all;
use crate::services::work::Work;
use crate::state::AppState;

/// A new account, and whether its address still waits for the emailed link.
#[derive(Debug)]
pub struct SignedUp {
    pub id: UserId,
    pub verified: bool,
}

/// How many sign-ups one address may see per hour, from anywhere: each one mails it and
/// replaces an unverified account, so many sources must not flood it or keep its holder's
/// sign-up from ever being confirmed.
const PER_ADDRESS_PER_HOUR: u32 = 5;

/// Creates an account. Every attempt counts against the source's and the address's hourly
/// limits. With a link to follow (the default), the account cannot sign in until it is used;
/// an unverified account holding the address is replaced.
///
/// # Errors
/// `SignUpDisabled`; `TooManyAttempts`; `EmailTaken` when a verified account has the address.
pub async fn sign_up(st: &AppState, input: SignUp, ip: Option<&str>) -> AppResult<SignedUp> {
    if !st.config.signup_enabled {
        return Err(AppError::SignUpDisabled);
    }
    charge(st, &input.email, ip).await?;
    let hash = st.hasher.hash(input.password.expose()).await?;
    let now = st.clock.now();
    let id = UserId::generate();
    let link = st
        .config
        .signup
        .verify_email
        .then(SecretToken::generate)
        .transpose()?;
    let mut tx = Work::begin(st).await?;
    replace_unverified(&mut tx, &input.email, ip, now).await?;
    let (email, name) = (&input.email, input.name.as_str());
    let inserted = match &link {
        Some(token) => {
            store::accounts::insert_unverified(&mut tx, &id, email, name, &hash, &token.hash(), now)
                .await
        }
        None => store::accounts::insert(&mut tx, &id, email, name, &hash, now).await,
    };
    inserted.map_err(email_taken)?;
    created(&mut tx, &id, email, ip, None, now).await?;
    if let Some(token) = &link {
        mail::verify_address(&mut tx, st, email, token.expose(), now, now).await?;
    }
    tx.commit().await?;
    Ok(SignedUp {
        id,
        verified: link.is_none(),
    })
}

fn email_taken(e: store::StoreError) -> AppError {
    on_conflict("account_email_key", "account.email", AppError::EmailTaken)(e)
}

/// Deletes an unverified account holding `email` (someone signs up with it, or proves it),
/// and says so in the log.
async fn replace_unverified(
    tx: &mut Work<'_>,
    email: &Email,
    ip: Option<&str>,
    now: time::OffsetDateTime,
) -> AppResult<()> {
    if let Some(replaced) = store::accounts::delete_unverified(tx, email).await? {
        let event = audit::account_event(
            Some(&replaced),
            AuditAction::UnverifiedAccountReplaced,
            Some(email.as_str()),
            ip,
            None,
            now,
        );
        audit::record(tx, &event).await?;
    }
    Ok(())
}

async fn created(
    tx: &mut Work<'_>,
    id: &UserId,
    email: &Email,
    ip: Option<&str>,
    detail: Option<&str>,
    now: time::OffsetDateTime,
) -> AppResult<()> {
    let event = audit::account_event(
        Some(id),
        AuditAction::AccountCreated,
        Some(email.as_str()),
        ip,
        detail,
        now,
    );
    audit::record(tx, &event).await?;
    // The account speaks the language its browser asked for (then its holder's choice).
    if let Some(l) = crate::i18n::chosen() {
        store::accounts::set_locale(tx, id, Some(l)).await?;
    }
    Ok(())
}

/// Counts a sign-up against its source's and its address's hourly limits, refusing it beyond.
async fn charge(st: &AppState, email: &Email, ip: Option<&str>) -> AppResult<()> {
    let now = st.clock.now();
    let source = signup::source_limit(st.config.signup.per_source_per_hour);
    let address = signup::source_limit(PER_ADDRESS_PER_HOUR);
    let mut keys = vec![(account_key_for(Scope::SignUp, email), address)];
    if let Some(ip) = ip.and_then(|ip| ip.parse().ok()) {
        keys.push((source_key_for(Scope::SignUp, ip), source));
    }
    let mut tx = Work::begin(st).await?;
    charge_all(&mut tx, keys, now).await?;
    tx.commit().await?;
    Ok(())
}

/// The live invitation a newcomer's link names (its secret is only in the invitation email).
///
/// # Errors
/// `InvitationInvalid` for an unknown, used, revoked or expired link.
pub async fn join_offer(st: &AppState, raw: &str) -> AppResult<store::invitations::Invitation> {
    let secret = SecretToken::parse(raw).ok_or(AppError::InvitationInvalid)?;
    let now = st.clock.now();
    let mut c = st.store.read().await?;
    live_join(&mut c, &secret, now).await
}

async fn live_join(
    a: &mut impl store::Access,
    secret: &SecretToken,
    now: time::OffsetDateTime,
) -> AppResult<store::invitations::Invitation> {
    store::invitations::find_by_join_hash(a, &secret.hash())
        .await?
        .filter(|i| !i.accepted && i.expires_at > now)
        .ok_or(AppError::InvitationInvalid)
}

/// Creates a newcomer's account from an invitation's newcomer link, for the address it was
/// sent to: the link proves the address, so the account may sign in at once (also when the
/// operator turned sign-up off: the organization chose to invite this person). Joining is the
/// caller's next step, signed in. Returns the account and the invitation.
///
/// # Errors
/// `InvitationInvalid`; `TooManyAttempts`; `EmailTaken` when an account that may sign in has
/// the address (it accepts the invitation signed in instead).
pub async fn join(
    st: &AppState,
    raw: &str,
    input: SignUp,
    ip: Option<&str>,
) -> AppResult<(UserId, InvitationId)> {
    // Checked before a password is hashed for it.
    let offer = join_offer(st, raw).await?;
    if offer.email != input.email {
        return Err(AppError::InvitationInvalid);
    }
    charge(st, &input.email, ip).await?;
    let hash = st.hasher.hash(input.password.expose()).await?;
    let secret = SecretToken::parse(raw).ok_or(AppError::InvitationInvalid)?;
    let now = st.clock.now();
    let id = UserId::generate();
    let mut tx = Work::begin(st).await?;
    let invitation = live_join(&mut tx, &secret, now).await?;
    replace_unverified(&mut tx, &invitation.email, ip, now).await?;
    let name = input.name.as_str();
    store::accounts::insert(&mut tx, &id, &invitation.email, name, &hash, now)
        .await
        .map_err(email_taken)?;
    store::accounts::mark_proved(&mut tx, &id, signup::expired_before(now), now).await?;
    let detail = format!("invitation {}", invitation.id);
    created(&mut tx, &id, &invitation.email, ip, Some(&detail), now).await?;
    tx.commit().await?;
    Ok((id, invitation.id))
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

/// Proves an address in the browser: the link, and the password chosen at sign-up, so that
/// the holder of the address confirms only the account they made (someone who signed up with
/// it later replaced theirs, and the newest link is that one's).
///
/// # Errors
/// `VerificationInvalid` for an unknown, used or expired link; `InvalidCredentials` for
/// another password than the account's.
pub async fn verify_with_password(
    st: &AppState,
    raw: &str,
    password: &str,
    ip: Option<&str>,
) -> AppResult<(UserId, Email)> {
    let token = SecretToken::parse(raw).ok_or(AppError::VerificationInvalid)?;
    let waiting = {
        let now = st.clock.now();
        let mut c = st.store.read().await?;
        store::accounts::find_unverified(&mut c, &token.hash(), signup::expired_before(now))
            .await?
            .ok_or(AppError::VerificationInvalid)?
    };
    if !st.hasher.verify(password, Some(&waiting.1)).await? {
        return Err(AppError::InvalidCredentials);
    }
    verify(st, raw, ip).await
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
    let mut keys = vec![(account_key_for(Scope::Verify, email), limits.address)];
    if let Some(ip) = ip.and_then(|ip| ip.parse().ok()) {
        keys.push((source_key_for(Scope::Verify, ip), limits.source));
    }
    let mut tx = Work::begin(st).await?;
    charge_all(&mut tx, keys, now).await?;
    let waiting = store::accounts::find_by_email(&mut tx, email)
        .await?
        .filter(|a| !a.verified && signup::still_waiting(a.created_at, now));
    if let Some(account) = waiting {
        let token = SecretToken::generate()?;
        if store::accounts::set_verify_hash(&mut tx, &account.id, &token.hash()).await? {
            let at = account.created_at;
            mail::verify_address(&mut tx, st, email, token.expose(), at, now).await?;
        }
    }
    tx.commit().await?;
    Ok(())
}
