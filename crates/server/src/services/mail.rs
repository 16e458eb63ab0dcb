//! The emails twofold sends, queued in the caller's transaction (the outbox delivers them).
//! Names other people chose (organizations', inviters', managers') appear only through
//! [`quoted`], so they cannot pose as twofold's own words.

use domain::sending::quoted;
use domain::{Email, Role};
use store::StoreError;
use store::outbox::NewEmail;
use time::OffsetDateTime;

use crate::services::work::Work;
use crate::state::AppState;

async fn queue(
    a: &mut Work<'_>,
    to: &Email,
    subject: &str,
    body: &str,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    a.queued();
    let id = domain::OutboxId::generate();
    store::outbox::enqueue_email(
        a,
        &NewEmail {
            id: id.as_str(),
            recipient: to.as_str(),
            subject,
            body,
        },
        now,
    )
    .await
}

/// What an invitation email says.
pub struct Invitation<'a> {
    pub to: &'a Email,
    pub org_name: &'a str,
    pub inviter: &'a str,
    pub role: Role,
    pub token: &'a str,
    /// The newcomer's link: creates the account (its address proved by this email) and joins.
    pub join: &'a str,
    pub expires_at: OffsetDateTime,
    /// The organization enforces 2FA: the invitee must set it up before accepting.
    pub requires_mfa: bool,
    /// The invitation asks to manage the invitee's account.
    pub manage_account: bool,
}

/// The invitation: a link holding the secret token.
///
/// # Errors
/// On database failure.
pub async fn invitation(
    a: &mut Work<'_>,
    st: &AppState,
    inv: &Invitation<'_>,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    let (org_name, inviter) = (quoted(inv.org_name), quoted(inv.inviter));
    let (role, token, join) = (inv.role, inv.token, inv.join);
    let subject = format!("Invitation to the organization {org_name} on twofold");
    let expires = inv
        .expires_at
        .format(time::macros::format_description!(
            "[year]-[month]-[day] [hour]:[minute] UTC"
        ))
        .unwrap_or_default();
    let mfa = if inv.requires_mfa {
        format!(
            "The organization {org_name} requires two-factor authentication: set up a second \
             factor (an authenticator app or a security key) on your account before you \
             accept.\n\n"
        )
    } else {
        String::new()
    };
    let manage = if inv.manage_account {
        format!(
            "The organization {org_name} also asks to manage your account. If you agree (you \
             will be asked when accepting), its owners and administrators will be able to reset \
             your two-factor authentication: remove your second factors and recovery codes, \
             revoke your app passwords and remembered devices, and sign you out everywhere. Only \
             one organization can manage an account, and it stops when you leave. To accept \
             with the API, send {{\"accept_management\": true}}.\n\n"
        )
    } else {
        String::new()
    };
    let body = format!(
        "Hello,\n\nThe person named {inviter} invited you to join the organization {org_name} \
         as {role}.\n\n{mfa}{manage}Accept the invitation here:\n{url}/invitations/{token}\n\n\
         New to twofold? Create your account and join in one step (the link works for this \
         address only, and only for you: keep it to yourself):\n{url}/join/{join}\n\n\
         Or with the API: POST {url}/api/v1/invitations/{token}/accept\n\n\
         The invitation expires at {expires}. If you did not expect it, ignore this email.\n",
        url = st.public_url,
    );
    queue(a, inv.to, &subject, &body, now).await
}

/// Tells a member their role changed.
///
/// # Errors
/// On database failure.
pub async fn role_changed(
    a: &mut Work<'_>,
    to: &Email,
    org_name: &str,
    role: Role,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    let org_name = quoted(org_name);
    let subject = format!("Your role in the organization {org_name} changed");
    let body = format!(
        "Hello,\n\nYour role in the organization {org_name} is now {role}.\n\
         If you did not expect this, contact the organization's owners.\n"
    );
    queue(a, to, &subject, &body, now).await
}

/// Tells a member they were removed.
///
/// # Errors
/// On database failure.
pub async fn removed(
    a: &mut Work<'_>,
    to: &Email,
    org_name: &str,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    let org_name = quoted(org_name);
    let subject = format!("You were removed from the organization {org_name}");
    let body = format!(
        "Hello,\n\nYou are no longer a member of the organization {org_name}.\n\
         If you did not expect this, contact the organization's owners.\n"
    );
    queue(a, to, &subject, &body, now).await
}

/// A security notice to an account holder: what changed on their account, and what to do if it
/// was not them. Never carries a secret.
///
/// # Errors
/// On database failure.
pub async fn notice(
    a: &mut Work<'_>,
    to: &Email,
    subject: &str,
    what_happened: &str,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    let at = now
        .format(time::macros::format_description!(
            "[year]-[month]-[day] [hour]:[minute] UTC"
        ))
        .unwrap_or_default();
    let body = format!(
        "Hello,\n\n{what_happened}\n\nWhen: {at}\n\n\
         If this was you, there is nothing to do. If it was not, change your password at once \
         and review the two-factor methods, app passwords and remembered devices on your \
         account's security page.\n"
    );
    queue(a, to, subject, &body, now).await
}

/// The link that proves a new account's address (the account cannot sign in before). It names
/// when that account signed up: a link for an account someone else made with the address (a
/// later sign-up replaces an earlier one) must not look like the holder's own.
///
/// # Errors
/// On database failure.
pub async fn verify_address(
    a: &mut Work<'_>,
    st: &AppState,
    to: &Email,
    token: &str,
    signed_up_at: OffsetDateTime,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    let body = format!(
        "Hello,\n\nSomeone signed up to twofold with this address at {at}. If it was you, \
         confirm that the address is yours to finish creating your account (the page asks for \
         the password you chose; the link works once, until {until}):\n\
         {url}/accounts/verify?token={token}\n\n\
         Or with the API: POST {url}/api/v1/accounts/verify with {{\"token\": \"{token}\"}}\n\n\
         If you did not sign up at that time, ignore this email: an account whose address is \
         not confirmed is deleted after 7 days, and never signs in.\n",
        at = day_time(signed_up_at),
        until = day_time(signed_up_at + domain::signup::UNVERIFIED_LIFETIME),
        url = st.public_url,
    );
    queue(a, to, "Confirm your email address", &body, now).await
}

/// A link that confirms a new address for an account.
///
/// # Errors
/// On database failure.
pub async fn email_change(
    a: &mut Work<'_>,
    st: &AppState,
    to: &Email,
    token: &str,
    expires_at: OffsetDateTime,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    let body = format!(
        "Hello,\n\nA twofold account asked to use this address. Signed in to that account, \
         confirm it here (the link works once, until {until}):\n\
         {url}/account/email/confirm/{token}\n\n\
         Or with the API: POST {url}/api/v1/me/email/confirm with {{\"token\": \"{token}\"}}\n\n\
         If you did not ask, ignore this email: nothing changes.\n",
        until = day_time(expires_at),
        url = st.public_url,
    );
    queue(a, to, "Confirm your new twofold address", &body, now).await
}

/// A link to choose a new password (asked for on the sign-in page or the API). Says that the
/// second factor is still asked at sign-in, and what to do when the holder did not ask.
///
/// # Errors
/// On database failure.
pub async fn password_reset(
    a: &mut Work<'_>,
    st: &AppState,
    to: &Email,
    token: &str,
    expires_at: OffsetDateTime,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    let body = format!(
        "Hello,\n\nSomeone asked to reset the password of the twofold account of this address. \
         Choose a new password here (the link works once, until {until}):\n\
         {url}/password-reset/{token}\n\n\
         Or with the API: POST {url}/api/v1/password-reset/{token} with {{\"new_password\": \"…\"}}\n\n\
         A new password signs out every session and forgets remembered devices. If your account \
         has two-factor authentication, you will still pass your second factor when you sign in \
         again.\n\nIf you did not ask, ignore this email: your password stays as it is.\n",
        until = day_time(expires_at),
        url = st.public_url,
    );
    queue(a, to, "Reset your twofold password", &body, now).await
}

/// A manager's "security alert": the member's own security settings, summarized.
///
/// # Errors
/// On database failure.
pub async fn security_alert(
    a: &mut Work<'_>,
    to: &Email,
    org_name: &str,
    sender: &str,
    summary: &str,
    public_url: &str,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    let (org_name, sender) = (quoted(org_name), quoted(sender));
    let body = format!(
        "Hello,\n\n{sender}, a manager of the organization {org_name}, asks you to review the \
         security of your twofold account. This is how it stands:\n\n{summary}\n\
         If something here is not yours (a method, an app password, a device), remove it from \
         your account's security page: {public_url}/account/security. If two-factor \
         authentication is off, turn it on there.\n"
    );
    queue(
        a,
        to,
        &format!("Security review of your account, from {org_name}"),
        &body,
        now,
    )
    .await
}

/// A moment as emails show it: `2026-12-01 14:05 UTC`.
pub fn day_time(t: OffsetDateTime) -> String {
    t.format(time::macros::format_description!(
        "[year]-[month]-[day] [hour]:[minute] UTC"
    ))
    .unwrap_or_default()
}
