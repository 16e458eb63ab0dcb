//! Reminders to members without an accepted second factor: sent by a manager, and scheduled —
//! the announcement when enforcement begins, then a week and a day before each deadline —
//! by the background job every node runs. Bulk emails are queued by one `INSERT … SELECT`
//! inside a transaction that holds the organization's lock, so they go exactly once whatever
//! the node count. Each goes in its member's account language, else English: a bulk send holds
//! the email in every language and gives each member theirs.

use domain::audit::AuditAction;
use domain::effective_policy::Standing;
use domain::mfa_policy::ReminderStage;
use domain::sending::quoted;
use domain::{Locale, MfaPolicy, OrgId, UserId};
use store::policies::{BulkEmail, DeadlineGroup, ReminderTarget};
use time::{Duration, OffsetDateTime};

use crate::error::{AppError, AppResult};
use crate::i18n::Tr;
use crate::services::audit;
use crate::services::mail;
use crate::services::org_access::{event, manager_of, org_name};
use crate::services::signed_in::Authenticated;
use crate::services::work::Work;
use crate::state::AppState;

/// What a reminder says, in `tr`'s language: the organization requires 2FA (or asks for it,
/// before it enforces), from when, and where to set it up.
fn reminder_email(
    st: &AppState,
    tr: &Tr,
    org_name: &str,
    enforced: bool,
    deadline: Option<OffsetDateTime>,
    now: OffsetDateTime,
) -> (String, String) {
    let org = &quoted(org_name);
    let (subject, situation, when) = match (enforced, deadline.filter(|d| *d > now)) {
        (false, _) => (
            tr.t1("mail-reminder-asks-subject", "org", org),
            tr.t1("mail-reminder-asks", "org", org),
            tr.t("mail-reminder-quick"),
        ),
        (true, Some(d)) => (
            tr.t1("mail-reminder-requires-subject", "org", org),
            tr.t1("mail-reminder-requires", "org", org),
            tr.t1("mail-reminder-before", "deadline", tr.date_time(d)),
        ),
        (true, None) => (
            tr.t1("mail-reminder-requires-subject", "org", org),
            tr.t1("mail-reminder-requires", "org", org),
            tr.t("mail-reminder-stopped"),
        ),
    };
    let url = format!("{}/account/security", st.public_url);
    let p = [
        format!("{situation} {when}"),
        tr.t1("mail-reminder-add", "url", url),
        tr.t1("mail-guests-may-leave", "org", org),
    ];
    (subject, mail::letter(tr, &p))
}

/// One email in every language, for a bulk send that gives each member the one in theirs.
struct Letters {
    prefix: &'static str,
    texts: Vec<(Locale, String, String)>,
}

impl Letters {
    /// `render` writes the subject and body in a language.
    fn new(prefix: &'static str, render: impl Fn(&Tr) -> (String, String)) -> Self {
        let texts = Locale::ALL
            .into_iter()
            .map(|l| {
                let (subject, body) = render(&Tr::new(l));
                (l, subject, body)
            })
            .collect();
        Self { prefix, texts }
    }

    fn bulk(&self) -> Vec<BulkEmail<'_>> {
        self.texts
            .iter()
            .map(|(locale, subject, body)| BulkEmail {
                id_prefix: self.prefix,
                locale: *locale,
                subject,
                body,
            })
            .collect()
    }
}

/// What a request for reminders did: how many were queued, and how many members without an
/// allowed method were skipped because they were reminded within the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reminded {
    pub queued: u64,
    pub skipped: u64,
}

/// Sends 2FA reminders: to the given members, or to every member without an allowed method.
/// Members who have one, or were reminded within the configured window, are skipped.
///
/// # Errors
/// `NotFound` / `Forbidden`.
pub async fn remind(
    st: &AppState,
    auth: &Authenticated,
    org: &OrgId,
    only: Option<&[UserId]>,
    ip: Option<&str>,
) -> AppResult<Reminded> {
    let now = st.clock.now();
    let caller = &auth.session.account_id;
    let mut tx = Work::begin(st).await?;
    if !store::orgs::lock(&mut tx, org).await? {
        return Err(AppError::NotFound("organization"));
    }
    manager_of(&mut tx, org, caller).await?;
    let Reminded { queued, skipped } = queue_reminders(st, &mut tx, org, only, now).await?;
    let detail = format!("queued={queued} skipped={skipped}");
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
    Ok(Reminded { queued, skipped })
}

/// Queues the manager's reminders, each in its member's language; says how many, and how many
/// were skipped.
async fn queue_reminders(
    st: &AppState,
    tx: &mut Work<'_>,
    org: &OrgId,
    only: Option<&[UserId]>,
    now: OffsetDateTime,
) -> AppResult<Reminded> {
    let policy = store::policies::get(tx, org).await?;
    let name = org_name(tx, org).await?;
    let (enforced, deadline) = (policy.enforced, policy.org_deadline());
    let window = Duration::hours(i64::from(st.config.reminders.window_hours));
    let target = |only| ReminderTarget {
        allowed: policy.allowed_mask(),
        not_since: now - window,
        only,
    };
    let letters = Letters::new("reminder", |tr| {
        reminder_email(st, tr, &name, enforced, deadline, now)
    });
    let emails = letters.bulk();
    tx.queued();
    let targets: Vec<_> = match only {
        None => vec![target(None)],
        Some(ids) => ids.iter().map(|id| target(Some(id))).collect(),
    };
    let mut done = Reminded {
        queued: 0,
        skipped: 0,
    };
    for t in &targets {
        done.skipped += store::policies::recently_reminded(tx, org, t).await?;
        done.queued += store::policies::queue_reminders(tx, org, t, &emails, now).await?;
    }
    Ok(done)
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

/// What the announcement that enforcement began says, in `tr`'s language.
fn announcement(
    st: &AppState,
    tr: &Tr,
    org: &str,
    deadline: Option<OffsetDateTime>,
) -> (String, String) {
    let requires = match deadline {
        None => tr.t1("mail-announce-now", "org", org),
        Some(d) => tr.t2("mail-announce-from", "org", org, "date", tr.date_time(d)),
    };
    let url = format!("{}/account/security", st.public_url);
    let p = [
        format!("{requires} {}", tr.t1("mail-announce-set-up", "url", url)),
        tr.t("mail-announce-until"),
        tr.t1("mail-guests-may-leave", "org", org),
    ];
    (
        tr.t1("mail-announce-subject", "org", org),
        mail::letter(tr, &p),
    )
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
        let allowed = policy.allowed_mask();
        tx.queued();
        let letters = Letters::new("enforced", |tr| announcement(st, tr, &name, deadline));
        store::policies::queue_to_non_compliant(&mut tx, org, allowed, &letters.bulk(), now)
            .await?;
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
/// organization's own (in bulk) and members' own (one by one), each in its member's language.
async fn deadline_reminders(st: &AppState, org: &OrgId, now: OffsetDateTime) -> AppResult<()> {
    let mut tx = Work::begin(st).await?;
    store::orgs::lock(&mut tx, org).await?;
    let policy = store::policies::get(&mut tx, org).await?;
    // The announcement still to go names the deadline and settles the reminder due now (see
    // `announce`); one sent first would only repeat it. A node whose round read the pending
    // announcements before the change committed, and the enforced organizations after, ends here.
    if !policy.enforced || store::policies::announcement_pending(&mut tx, org).await? {
        return Ok(());
    }
    let allowed = policy.allowed_mask();
    let name = org_name(&mut tx, org).await?;
    let since = policy.enforced_since.unwrap_or(OffsetDateTime::UNIX_EPOCH);
    let own =
        store::policies::own_deadlines(&mut tx, org, allowed, since, policy.new_member_days > 0)
            .await?;
    let mut queued = org_deadline_reminders(st, &mut tx, org, &policy, now).await?;
    for m in own {
        let Some((d, stage)) = Standing::of(&policy, &m.terms, &m.methods, now).reminder(now)
        else {
            continue;
        };
        if m.reminded_for == Some(d) && m.reminded & stage.bit() != 0 {
            continue;
        }
        let letters = Letters::new("deadline", |tr| {
            reminder_email(st, tr, &name, true, Some(d), now)
        });
        queued += store::policies::queue_deadline_reminders(
            &mut tx,
            org,
            allowed,
            DeadlineGroup::One(&m.user_id),
            d,
            stage.bit(),
            Some(&letters.bulk()),
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

/// The reminder due before the organization's deadline, if one is, to the members whose
/// deadline it is (not those with their own), each in their language. Returns how many were
/// queued.
async fn org_deadline_reminders(
    st: &AppState,
    tx: &mut Work<'_>,
    org: &OrgId,
    policy: &MfaPolicy,
    now: OffsetDateTime,
) -> AppResult<u64> {
    let Some(d) = policy.org_deadline().filter(|d| *d > now) else {
        return Ok(0);
    };
    let Some(stage) = ReminderStage::due(d, now) else {
        return Ok(0);
    };
    let name = org_name(tx, org).await?;
    let letters = Letters::new("deadline", |tr| {
        reminder_email(st, tr, &name, true, Some(d), now)
    });
    Ok(store::policies::queue_deadline_reminders(
        tx,
        org,
        policy.allowed_mask(),
        org_group(policy),
        d,
        stage.bit(),
        Some(&letters.bulk()),
        now,
    )
    .await?)
}
