//! Invitations: inviting by email (within sending limits, one pending per address), the offer a
//! link shows, and accepting it — as a member, or with the organization managing the account.

use domain::audit::AuditAction;
use domain::{Email, InvitationId, MembershipKind, OrgId, Role, SecretToken, UserId};
use store::orgs::{Membership, Org};
use time::Duration;

use crate::error::{AppError, AppResult, on_conflict};
use crate::services::org_access::{event, manager_of};
use crate::services::signed_in::Authenticated;
use crate::services::work::Work;
use crate::services::{audit, mail};
use crate::state::AppState;

/// How long an invitation link stays valid.
pub const INVITATION_TTL: Duration = Duration::days(7);

/// What an invitation needs, already parsed.
pub struct Invite {
    pub email: Email,
    pub role: Role,
    pub kind: MembershipKind,
    /// Ask to manage the invitee's account (they consent when accepting).
    pub manage_account: bool,
}

/// Invites someone by email; the link is emailed through the outbox in the same transaction.
/// A pending invitation of the same address to the organization is replaced (its link stops
/// working). The organization, the inviter and the address each have a sending limit.
///
/// # Errors
/// `Forbidden` when the caller may not give that role; `AlreadyMember`; `RateLimited`.
pub async fn invite(
    st: &AppState,
    caller: &Authenticated,
    org: &OrgId,
    input: Invite,
    ip: Option<&str>,
) -> AppResult<(InvitationId, SecretToken, time::OffsetDateTime)> {
    let me = &caller.session.account_id;
    let now = st.clock.now();
    let mut tx = Work::begin(st).await?;
    let found = inviting_org(&mut tx, org, me, &input).await?;
    within_sending_limits(st, &mut tx, org, me, &input.email, now).await?;
    store::invitations::replace_pending(&mut tx, org, &input.email, now).await?;
    let id = InvitationId::generate();
    let token = SecretToken::generate()?;
    // The token is shown to the inviter too; the newcomer's link (which creates an account
    // with the address proved) is a second secret only the email carries.
    let join = SecretToken::generate()?;
    let expires_at = now + INVITATION_TTL;
    store::invitations::insert(
        &mut tx,
        &store::invitations::NewInvitation {
            id: &id,
            org_id: org,
            token_hash: &token.hash(),
            join_hash: &join.hash(),
            email: &input.email,
            role: input.role,
            kind: input.kind,
            invited_by: me,
            manage_account: input.manage_account,
            created_at: now,
            expires_at,
        },
    )
    .await?;
    // Said when accepting would need 2FA already (the rule `accept` applies).
    let requires_mfa = store::policies::get(&mut tx, org)
        .await?
        .newcomer_must_have_2fa(now);
    mail::invitation(
        &mut tx,
        st,
        &mail::Invitation {
            to: &input.email,
            org_name: &found.name,
            inviter: &caller.session.name,
            role: input.role,
            token: token.expose(),
            join: join.expose(),
            expires_at,
            requires_mfa,
            manage_account: input.manage_account,
        },
        now,
    )
    .await?;
    let detail = format!(
        "role={} external={} manage_account={}",
        input.role,
        input.kind.is_external(),
        input.manage_account
    );
    audit::record(
        &mut tx,
        &event(
            org,
            me,
            AuditAction::InvitationCreated,
            Some(input.email.as_str()),
            ip,
            Some(&detail),
            now,
        ),
    )
    .await?;
    tx.commit().await?;
    Ok((id, token, expires_at))
}

/// The organization `me` invites `input` to, once the organization is locked (the sending
/// count and the pending invitation an invitation replaces are decided one at a time), `me` may
/// give the role, and the address is no member yet.
async fn inviting_org(
    tx: &mut Work<'_>,
    org: &OrgId,
    me: &UserId,
    input: &Invite,
) -> AppResult<Org> {
    if !store::orgs::lock(tx, org).await? {
        return Err(AppError::NotFound("organization"));
    }
    let m = manager_of(tx, org, me).await?;
    if !m.role.may_invite(input.role) {
        return Err(AppError::Forbidden(
            "only owners may invite owners or legal representatives",
        ));
    }
    let found = store::orgs::find(tx, org)
        .await?
        .ok_or(AppError::NotFound("organization"))?;
    if let Some(existing) = store::accounts::find_by_email(tx, &input.email).await?
        && store::orgs::membership(tx, org, &existing.id)
            .await?
            .is_some()
    {
        return Err(AppError::AlreadyMember);
    }
    Ok(found)
}

/// Refuses an invitation beyond a sending limit (see `InvitationsConfig`): counted from the
/// invitations stored, under the organization's lock (held by the caller) and the inviter's
/// and address's, so the limits hold across nodes. Replaced invitations count too.
async fn within_sending_limits(
    st: &AppState,
    tx: &mut Work<'_>,
    org: &OrgId,
    inviter: &UserId,
    email: &Email,
    now: time::OffsetDateTime,
) -> AppResult<()> {
    use store::invitations::Sent;
    let limits = st.config.invitations.limits();
    store::invitations::lock_senders(tx, inviter, email).await?;
    let since = now - limits.window;
    let checks = [
        (
            Sent::By(org),
            limits.per_org,
            "this organization sent too many invitations",
        ),
        (
            Sent::From(inviter),
            limits.per_inviter,
            "you sent too many invitations",
        ),
        (
            Sent::To(email),
            limits.per_recipient,
            "this address received too many invitations",
        ),
    ];
    for (who, limit, what) in checks {
        let counted = store::invitations::nth_newest_since(tx, who, since, limit).await?;
        if let Some(wait) = domain::sending::retry_after(counted, limits.window, now) {
            return Err(AppError::RateLimited {
                what,
                retry_after: domain::throttle::retry_after_secs(wait),
            });
        }
    }
    Ok(())
}

/// What a live invitation link offers (the organization, the role, whether it asks to manage
/// the account), for the page that accepts it.
///
/// # Errors
/// `InvitationInvalid` for an unknown, expired, replaced or used token.
pub async fn invitation_offer(
    st: &AppState,
    raw_token: &str,
) -> AppResult<store::invitations::Invitation> {
    let token = SecretToken::parse(raw_token).ok_or(AppError::InvitationInvalid)?;
    let now = st.clock.now();
    let mut c = st.store.read().await?;
    store::invitations::find_by_token(&mut c, &token.hash())
        .await?
        .filter(|i| !i.accepted && i.expires_at > now)
        .ok_or(AppError::InvitationInvalid)
}

/// An invitation as its page shows it: the offer, and who sent it (their address, while their
/// account exists).
pub struct Invited {
    pub offer: store::invitations::Invitation,
    pub inviter: Option<String>,
}

/// The live invitation `raw_token` names, with its sender.
///
/// # Errors
/// `InvitationInvalid` for an unknown, expired or used token.
pub async fn invitation_view(st: &AppState, raw_token: &str) -> AppResult<Invited> {
    let offer = invitation_offer(st, raw_token).await?;
    let inviter = match &offer.invited_by {
        Some(id) => {
            let mut c = st.store.read().await?;
            store::accounts::find_by_id(&mut c, id)
                .await?
                .map(|a| a.email.to_string())
        }
        None => None,
    };
    Ok(Invited { offer, inviter })
}

/// An accepted invitation: the organization, the membership, and whether the organization now
/// manages the account.
pub struct Accepted {
    pub org: Org,
    pub membership: Membership,
    pub manages_account: bool,
}

/// The invitation `token` names, once the caller may accept it: the account locked before the
/// organization (the order every change takes), the invitation live and addressed to the
/// caller, consent given to management it asks for, the inviter still able to send it, and the
/// second factor an enforcing organization requires of newcomers already set up.
async fn acceptable(
    tx: &mut Work<'_>,
    caller: &Authenticated,
    offer: &Offer<'_>,
    accept_management: bool,
    now: time::OffsetDateTime,
) -> AppResult<store::invitations::Invitation> {
    let me = &caller.session.account_id;
    // An account deleted since the request was authenticated accepts nothing.
    crate::services::factors::lock_account(tx, me).await?;
    let found = match offer {
        Offer::Link(raw) => {
            let token = SecretToken::parse(raw).ok_or(AppError::InvitationInvalid)?;
            store::invitations::find_by_token(tx, &token.hash()).await?
        }
        Offer::Id(id) => {
            address_proved(tx, me).await?;
            store::invitations::find_by_id(tx, id).await?
        }
    };
    let live = found.filter(|i| !i.accepted && i.expires_at > now);
    // By id, an invitation to someone else is as unknown as one that does not exist: ids are
    // not secrets, and the list they come from shows only the caller's own.
    let inv = match (live, offer) {
        (Some(i), Offer::Id(_)) if i.email != caller.session.email => None,
        (found, _) => found,
    }
    .ok_or(AppError::InvitationInvalid)?;
    if inv.email != caller.session.email {
        return Err(AppError::InvitationEmailMismatch);
    }
    if inv.manage_account && !accept_management {
        return Err(AppError::ManagementConsentRequired);
    }
    // Under the account's lock: no other acceptance can make another manager meanwhile.
    if inv.manage_account && store::managers::of_account(tx, me).await?.is_some() {
        return Err(AppError::AlreadyManaged);
    }
    if store::orgs::membership(tx, &inv.org_id, me)
        .await?
        .is_some()
    {
        return Err(AppError::AlreadyMember);
    }
    // The invitation speaks for whoever sent it: it stops working when they could no longer
    // send it (removed, or demoted below the role it grants).
    if !store::orgs::lock(tx, &inv.org_id).await? {
        return Err(AppError::InvitationInvalid);
    }
    let inviter = match &inv.invited_by {
        Some(by) => store::orgs::membership(tx, &inv.org_id, by).await?,
        None => None,
    };
    if !inviter.is_some_and(|m| m.role.may_invite(inv.role)) {
        return Err(AppError::InvitationInvalid);
    }
    // An organization that requires 2FA admits only people who have it (seed 004), unless it
    // gives new members an enrollment period (or is in its grace period): then they join
    // and are told their deadline.
    let policy = store::policies::get(tx, &inv.org_id).await?;
    if policy.newcomer_must_have_2fa(now) && !policy.accepts(&caller.session.methods) {
        return Err(AppError::MfaRequiredToJoin);
    }
    Ok(inv)
}

/// Refuses to answer an invitation by id for an account whose address no link proved (made
/// before sign-up asked for proof, or by an operator): the emailed link is its way.
///
/// # Errors
/// `Forbidden`; database failures.
pub(crate) async fn address_proved(a: &mut impl store::Access, me: &UserId) -> AppResult<()> {
    let proved = store::accounts::find_by_id(a, me)
        .await?
        .is_some_and(|acc| acc.proved);
    if proved {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "your address is not proved yet: use the link in the invitation email",
        ))
    }
}

/// Which invitation to accept: the secret token of its emailed link, or (for the addressee,
/// signed in with the address it was sent to, which sign-up proved) its id.
pub enum Offer<'a> {
    Link(&'a str),
    Id(&'a domain::InvitationId),
}

/// Joins the organization an invitation is for. An invitation that asks to manage the account
/// needs `accept_management` (the holder's consent); only then does the organization manage it.
///
/// # Errors
/// `InvitationInvalid` for an unknown, expired or used token; `InvitationEmailMismatch` when
/// the caller's email is not the invited one; `ManagementConsentRequired`; `AlreadyManaged`
/// when another organization manages the account; `AlreadyMember`.
pub async fn accept(
    st: &AppState,
    caller: &Authenticated,
    offer: Offer<'_>,
    accept_management: bool,
    ip: Option<&str>,
) -> AppResult<Accepted> {
    let me = &caller.session.account_id;
    let now = st.clock.now();
    let mut tx = Work::begin(st).await?;
    let inv = acceptable(&mut tx, caller, &offer, accept_management, now).await?;
    let membership = Membership {
        role: inv.role,
        kind: inv.kind,
    };
    if !store::invitations::mark_accepted(&mut tx, &inv.id, me, now).await? {
        return Err(AppError::InvitationInvalid);
    }
    store::orgs::insert_membership(&mut tx, &inv.org_id, me, membership, now)
        .await
        .map_err(on_conflict(
            "membership_pkey",
            "membership.org_id",
            AppError::AlreadyMember,
        ))?;
    if inv.manage_account {
        store::managers::grant(&mut tx, me, &inv.org_id, now)
            .await
            .map_err(on_conflict(
                "account_manager_pkey",
                "account_manager.account_id",
                AppError::AlreadyManaged,
            ))?;
    }
    let detail = format!("role={} manages_account={}", inv.role, inv.manage_account);
    audit::record(
        &mut tx,
        &event(
            &inv.org_id,
            me,
            AuditAction::InvitationAccepted,
            Some(inv.email.as_str()),
            ip,
            Some(&detail),
            now,
        ),
    )
    .await?;
    tx.changed(me);
    tx.commit().await?;
    Ok(Accepted {
        org: Org {
            id: inv.org_id,
            name: inv.org_name,
        },
        membership,
        manages_account: inv.manage_account,
    })
}
