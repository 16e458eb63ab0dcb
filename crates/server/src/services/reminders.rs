//! Reminders to members without an accepted second factor: sent by a manager, and scheduled —
//! the announcement when enforcement begins, then a week and a day before each deadline —
//! by the background job every node runs. Bulk emails are queued by one `INSERT … SELECT`
//! inside a transaction that holds the organization's lock, so they go exactly once whatever
//! the node count.

use domain::audit::AuditAction;
use domain::effective_policy::Standing;
use domain::mfa_policy::ReminderStage;
use domain::sending::quoted;
use domain::{MfaPolicy, OrgId, UserId};
use store::policies::{BulkEmail, DeadlineGroup, ReminderTarget};
use time::{Duration, OffsetDateTime};

use crate::error::{AppError, AppResult};
use crate::services::audit;
use crate::services::mail;
use crate::services::org_access::{event, manager_of, org_name};
use crate::services::signed_in::Authenticated;
use crate::services::work::Work;
use crate::state::AppState;

/// What a reminder says: the organization requires 2FA (or asks for it, before it enforces),
/// from when, and where to set it up.
fn reminder_email(
    st: &AppState,
    org_name: &str,
    enforced: bool,
    deadline: Option<OffsetDateTime>,
    now: OffsetDateTime,
) -> (String, String) {
    let org_name = &quoted(org_name);
    let (subject, asks, when) = match (enforced, deadline.filter(|d| *d > now)) {
        (false, _) => (
            format!("Reminder: {org_name} asks you to set up two-factor authentication"),
            "asks its members to set up two-factor authentication",
            "It takes two minutes.".to_owned(),
        ),
        (true, Some(d)) => (
            format!("Reminder: {org_name} requires two-factor authentication"),
            "requires two-factor authentication of its members",
            format!(
                "Please set it up before {}; from then on the web console stops you until you \
                 do.",
                mail::day_time(d)
            ),
        ),
        (true, None) => (
            format!("Reminder: {org_name} requires two-factor authentication"),
            "requires two-factor authentication of its members",
            "Until you set it up, the web console stops you; desktop and mobile apps keep \
             working."
                .to_owned(),
        ),
    };
    (
        subject,
        format!(
            "Hello,\n\nThe organization {org_name} {asks}, and your account does not have a \
             second factor it accepts yet. {when}\n\nAdd an authenticator app or a security key \
             from your account's security page: {url}/account/security\n",
            url = st.public_url,
        ),
    )
}

/// Sends MFA reminders: to the given members, or to every member without an allowed method.
/// Members who have one, or were reminded within the configured window, are skipped. Returns
/// how many were queued.
///
/// # Errors
/// `NotFound` / `Forbidden`.
pub async fn remind(
    st: &AppState,
    auth: &Authenticated,
    org: &OrgId,
    only: Option<&[UserId]>,
    ip: Option<&str>,
) -> AppResult<u64> {
    let now = st.clock.now();
    let caller = &auth.session.account_id;
    let mut tx = Work::begin(st).await?;
    if !store::orgs::lock(&mut tx, org).await? {
        return Err(AppError::NotFound("organization"));
    }
    manager_of(&mut tx, org, caller).await?;
    let policy = store::policies::get(&mut tx, org).await?;
    let name = org_name(&mut tx, org).await?;
    let (subject, body) = reminder_email(st, &name, policy.enforced, policy.org_deadline(), now);
    let email = BulkEmail {
        id_prefix: "reminder",
        subject: &subject,
        body: &body,
    };
    let window = Duration::hours(i64::from(st.config.reminders.window_hours));
    let target = |only| ReminderTarget {
        allowed: policy.allowed_mask(),
        not_since: now - window,
        only,
    };
    tx.queued();
    let queued = match only {
        None => store::policies::queue_reminders(&mut tx, org, &target(None), &email, now).await?,
        Some(ids) => {
            let mut n = 0;
            for id in ids {
                n += store::policies::queue_reminders(&mut tx, org, &target(Some(id)), &email, now)
                    .await?;
            }
            n
        }
    };
    let detail = format!("queued={queued}");
    audit::record(
        &mut tx,
        &event(
            org,
            caller,
            AuditAction::MfaRemindersSent,
            None,
            ip,
            Some(&detail),
            now,
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(queued)
}

/// Runs the background jobs on every tick of `reminders.tick_seconds`, and at once when a
/// change asks (`jobs_wake`). Every node may run them: each job takes the organization's lock
/// and records what it sent, so nothing goes twice.
pub async fn run_jobs(st: AppState) {
    let tick = std::time::Duration::from_secs(st.config.reminders.tick_seconds.clamp(1, 3600));
    loop {
        tokio::select! {
            () = tokio::time::sleep(tick) => {}
            () = st.jobs_wake.notified() => {}
        }
        if let Err(e) = jobs_once(&st).await {
            tracing::warn!(error = %e, "background jobs failed");
        }
    }
}

/// One round of the background jobs: announcements of enforcement owed, the reminders due
/// before deadlines, apps' grants of stopped members, and today's adoption figures.
///
/// # Errors
/// On database failure.
pub async fn jobs_once(st: &AppState) -> AppResult<()> {
    let now = st.clock.now();
    let pending = {
        let mut c = st.store.read().await?;
        store::policies::announcements_pending(&mut c).await?
    };
    for org in pending {
        announce(st, &org, now).await?;
    }
    let enforcing = {
        let mut c = st.store.read().await?;
        store::policies::enforcing_with_deadlines(&mut c, now).await?
    };
    for e in enforcing {
        deadline_reminders(st, &e.org_id, now).await?;
    }
    crate::services::oidc_logout::end_apps_of_stopped_members(st).await?;
    crate::services::adoption::record_today(st).await?;
    Ok(())
}

/// Emails every member without an allowed method that enforcement began (with the deadline
/// when there is a grace period), once: the first node to take the announcement sends it.
async fn announce(st: &AppState, org: &OrgId, now: OffsetDateTime) -> AppResult<()> {
    let mut tx = Work::begin(st).await?;
    store::orgs::lock(&mut tx, org).await?;
    if !store::policies::take_announcement(&mut tx, org).await? {
        return Ok(());
    }
    let policy = store::policies::get(&mut tx, org).await?;
    if policy.enforced {
        let name = quoted(&org_name(&mut tx, org).await?);
        let deadline = policy.org_deadline().filter(|d| *d > now);
        let when = deadline.map_or_else(
            || "from now on".to_owned(),
            |d| format!("from {}", mail::day_time(d)),
        );
        let subject = format!("{name} requires two-factor authentication");
        let body = format!(
            "Hello,\n\nThe organization {name} requires two-factor authentication of its \
             members {when}. Set up a second factor (an authenticator app or a security key) \
             from your account's security page: {url}/account/security\n\nUntil you do, the web \
             console will stop you, and so will a new sign-in from an app; desktop and mobile \
             apps signed in before then, and app passwords, keep working.\n",
            url = st.public_url,
        );
        let allowed = policy.allowed_mask();
        let email = BulkEmail {
            id_prefix: "enforced",
            subject: &subject,
            body: &body,
        };
        tx.queued();
        store::policies::queue_to_non_compliant(&mut tx, org, allowed, &email, now).await?;
        // The announcement names the deadline: the scheduled reminder due right now would only
        // repeat it.
        if let Some(d) = deadline
            && let Some(stage) = ReminderStage::due(d, now)
        {
            store::policies::queue_deadline_reminders(
                &mut tx,
                org,
                allowed,
                org_group(&policy),
                d,
                stage.bit(),
                None,
                now,
            )
            .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

fn org_group(policy: &MfaPolicy) -> DeadlineGroup<'static> {
    DeadlineGroup::OrgDeadline {
        since: policy.enforced_since.unwrap_or(OffsetDateTime::UNIX_EPOCH),
        new_member_period: policy.new_member_days > 0,
    }
}

/// Queues the reminders due a week and a day before each deadline of the organization: the
/// organization's own (in bulk) and members' own (one by one).
async fn deadline_reminders(st: &AppState, org: &OrgId, now: OffsetDateTime) -> AppResult<()> {
    let mut tx = Work::begin(st).await?;
    store::orgs::lock(&mut tx, org).await?;
    let policy = store::policies::get(&mut tx, org).await?;
    if !policy.enforced {
        return Ok(());
    }
    let allowed = policy.allowed_mask();
    let name = org_name(&mut tx, org).await?;
    let mut queued = 0;
    if let Some(d) = policy.org_deadline().filter(|d| *d > now)
        && let Some(stage) = ReminderStage::due(d, now)
    {
        let (subject, body) = reminder_email(st, &name, true, Some(d), now);
        let email = BulkEmail {
            id_prefix: "deadline",
            subject: &subject,
            body: &body,
        };
        queued += store::policies::queue_deadline_reminders(
            &mut tx,
            org,
            allowed,
            org_group(&policy),
            d,
            stage.bit(),
            Some(&email),
            now,
        )
        .await?;
    }
    let since = policy.enforced_since.unwrap_or(OffsetDateTime::UNIX_EPOCH);
    let own =
        store::policies::own_deadlines(&mut tx, org, allowed, since, policy.new_member_days > 0)
            .await?;
    for m in own {
        let Some((d, stage)) = Standing::of(&policy, &m.terms, &m.methods, now).reminder(now)
        else {
            continue;
        };
        if m.reminded_for == Some(d) && m.reminded & stage.bit() != 0 {
            continue;
        }
        let (subject, body) = reminder_email(st, &name, true, Some(d), now);
        let email = BulkEmail {
            id_prefix: "deadline",
            subject: &subject,
            body: &body,
        };
        queued += store::policies::queue_deadline_reminders(
            &mut tx,
            org,
            allowed,
            DeadlineGroup::One(&m.user_id),
            d,
            stage.bit(),
            Some(&email),
            now,
        )
        .await?;
    }
    if queued > 0 {
        tx.queued();
    }
    tx.commit().await?;
    if queued > 0 {
        tracing::info!(org = %org, queued, "scheduled 2FA reminders queued");
    }
    Ok(())
}
