//! Remembered devices: remembering a browser after a second step (where every organization
//! allows it), recognising it at the next sign-in, and their holder's list and revocation.

use domain::audit::AuditAction;
use domain::effective_policy::EffectivePolicy;
use std::net::IpAddr;

use domain::network::{DeviceNetworks, DevicePlace, home_network, same_network};
use domain::{DeviceId, SecretToken, UserId};
use store::accounts::Account;
use store::devices::{Device, NewDevice};
use store::sessions::Skipped;
use time::{Duration, OffsetDateTime};

use crate::error::{AppError, AppResult};
use crate::services::signed_in::{Authenticated, OrgPolicies};
use crate::services::work::Work;
use crate::services::{audit, mail};
use crate::state::AppState;

/// # Errors
/// On database failure.
pub async fn list(st: &AppState, account: &UserId) -> AppResult<Vec<Device>> {
    let now = st.clock.now();
    let mut c = st.store.read().await?;
    Ok(store::devices::list(&mut c, account, now).await?)
}

/// Forgets one device: its next sign-in asks for the second step again.
///
/// # Errors
/// `NotFound` when it is not the holder's.
pub async fn forget(
    st: &AppState,
    auth: &Authenticated,
    id: &DeviceId,
    ip: Option<&str>,
) -> AppResult<()> {
    let now = st.clock.now();
    let account = &auth.session.account_id;
    let mut tx = Work::begin(st).await?;
    if !store::devices::delete(&mut tx, account, id).await? {
        return Err(AppError::NotFound("device"));
    }
    // The sessions that skipped the second step with it end too, and what apps they authorized.
    for session in store::sessions::delete_by_device(&mut tx, account, id).await? {
        crate::services::oidc_logout::session_ended(st, &mut tx, &session, now).await?;
    }
    audit::record(
        &mut tx,
        &audit::account_event(
            Some(account),
            AuditAction::DeviceForgotten,
            Some(id.as_str()),
            ip,
            None,
            now,
        ),
    )
    .await?;
    tx.changed(account);
    tx.commit().await?;
    Ok(())
}

/// Remembers the browser, when every organization of the account allows it: a random token in
/// the cookie, its hash in the database, for the shortest validity any policy allows; on the
/// network of `ip` only when its holder says `Known` (an organization's `known` binds it there
/// anyway, at each sign-in).
pub(crate) async fn remember(
    st: &AppState,
    tx: &mut Work<'_>,
    auth: &Authenticated,
    (ip, user_agent): (Option<&str>, Option<&str>),
    networks: DeviceNetworks,
    now: OffsetDateTime,
) -> AppResult<Option<(SecretToken, Duration)>> {
    let orgs = store::orgs::of_account(tx, &auth.session.account_id).await?;
    let policies = OrgPolicies::of(&orgs);
    let refs = policies.refs();
    let Some(days) =
        EffectivePolicy::fold(&refs).remember_days(st.config.mfa.remembered_device_days)
    else {
        return Ok(None);
    };
    // "On this network only" without a network it could ever be on again: nothing to remember.
    if networks == DeviceNetworks::Known && ip.and_then(|ip| ip.parse::<IpAddr>().ok()).is_none() {
        return Ok(None);
    }
    let lifetime = Duration::days(i64::from(days));
    let token = SecretToken::generate()?;
    let id = DeviceId::generate();
    let label = user_agent
        .map(|ua| {
            ua.chars()
                .take(domain::method::LABEL_MAX)
                .collect::<String>()
        })
        .filter(|ua| !ua.trim().is_empty())
        .unwrap_or_else(|| "Unknown browser".to_owned());
    store::devices::insert(
        tx,
        &NewDevice {
            id: &id,
            account_id: &auth.session.account_id,
            token_hash: &token.hash(),
            label: &label,
            ip,
            networks,
            expires_at: now + lifetime,
        },
        now,
    )
    .await?;
    audit::record(
        tx,
        &audit::account_event(
            Some(&auth.session.account_id),
            AuditAction::DeviceRemembered,
            Some(id.as_str()),
            ip,
            Some(networks.as_str()),
            now,
        ),
    )
    .await?;
    mail::notice(
        tx,
        &auth.session.email,
        &mail::Notice::new("mail-notice-device-remembered")
            .text("label", &label)
            .count("days", days),
        now,
    )
    .await?;
    Ok(Some((token, lifetime)))
}

/// The remembered device a sign-in's `twofold_device` cookie names, if it is this account's,
/// unexpired, and still allowed by every organization's policy, and by its holder's choice, to
/// stand in for the second step here: for so long, and from the network `ip` is on (see
/// [`EffectivePolicy::remembered_device_place_allowed`]). One that may not stand in from this
/// network is told to its holder, once per network.
///
/// # Errors
/// On database failure.
pub async fn device_for_sign_in(
    tx: &mut Work<'_>,
    account: &Account,
    device_token: Option<&str>,
    ip: Option<&str>,
    now: OffsetDateTime,
) -> AppResult<AtSignIn> {
    let Some(token) = device_token.and_then(SecretToken::parse) else {
        return Ok(AtSignIn::Nothing);
    };
    let Some(device) = store::devices::find(tx, &account.id, &token.hash(), now).await? else {
        return Ok(AtSignIn::Nothing);
    };
    let orgs = store::orgs::of_account(tx, &account.id).await?;
    let policies = OrgPolicies::of(&orgs);
    let refs = policies.refs();
    let policy = EffectivePolicy::fold(&refs);
    if !policy.remembered_device_allowed(device.created_at, now) {
        return Ok(AtSignIn::Nothing);
    }
    let from = ip.and_then(|ip| ip.parse::<IpAddr>().ok());
    let remembered_from = device.ip.as_deref().and_then(|ip| ip.parse().ok());
    if !policy.remembered_device_place_allowed(device.networks, remembered_from, from) {
        refused_here(tx, account, &device, from, ip, now).await?;
        return Ok(AtSignIn::NotFromHere);
    }
    store::devices::mark_used(tx, &device.id, ip, now).await?;
    Ok(AtSignIn::StandsIn(Skipped {
        id: device.id,
        since: device.created_at,
        place: DevicePlace {
            home: same_network(remembered_from, from),
            from,
        },
    }))
}

/// What a sign-in's `twofold_device` cookie does for it.
pub enum AtSignIn {
    /// No cookie, or none that stands in (not this account's, expired, remembered for longer
    /// than a policy allows).
    Nothing,
    /// It stands in for the second step.
    StandsIn(Skipped),
    /// A remembered browser, asked for the second step because of where it signs in from.
    NotFromHere,
}

/// A remembered browser asked for the second step because of where it signs in from: audited
/// and told to its holder the first time it happens on a network (a stolen laptop or a copied
/// cookie would be asked again and again; the holder hears of it once).
async fn refused_here(
    tx: &mut Work<'_>,
    account: &Account,
    device: &Device,
    from: Option<IpAddr>,
    ip: Option<&str>,
    now: OffsetDateTime,
) -> AppResult<()> {
    let network = from.map_or_else(|| "unknown".to_owned(), |ip| home_network(ip).to_string());
    // Every refusal is audited; the holder hears of each network once.
    audit::record(
        tx,
        &audit::account_event(
            Some(&account.id),
            AuditAction::DeviceNewNetwork,
            Some(device.id.as_str()),
            ip,
            Some(&network),
            now,
        ),
    )
    .await?;
    if !store::devices::note_refused(tx, &device.id, &network, now).await? {
        return Ok(());
    }
    mail::notice(
        tx,
        &account.email,
        &match ip {
            Some(ip) => mail::Notice::new("mail-notice-device-new-network").text("address", ip),
            None => mail::Notice::new("mail-notice-device-new-network")
                .words("address", "sec-device-network-unknown"),
        }
        .text("label", &device.label),
        now,
    )
    .await?;
    Ok(())
}
