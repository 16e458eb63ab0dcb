//! Getting every member onto a second factor: who would be blocked, the CSV export, reminders
//! (by hand, and scheduled before deadlines), security alerts, per-member deadlines,
//! auto-enforcement, and the background job that sends what enforcing
//! owes. Bulk emails are queued in the outbox by one `INSERT … SELECT`, inside a transaction
//! that holds the organization's lock, so that they go exactly once whatever the node count.

use domain::audit::AuditAction;
use domain::method::kinds_to_mask;
use domain::mfa_policy::ReminderStage;
use domain::page::{Cursor, Limit};
use domain::sending::quoted;
use domain::{MethodKind, MfaPolicy, OrgId, Role, UserId};
use store::Access;
use store::audit::NewEvent;
use store::orgs::{Counts, MemberFilter, OrgOfMember};
use store::policies::{BulkEmail, DeadlineGroup, NonCompliant, ReminderTarget};
use time::{Duration, OffsetDateTime};

use crate::error::{AppError, AppResult};
use crate::services::mfa::require_recent_second_factor;
use crate::services::orgs::{event, manager_of};
use crate::services::sessions::Authenticated;
use crate::services::{audit, mail};
use crate::state::AppState;

/// The share of members with an allowed method, in percent with one decimal, rounded down so
/// that 100 means everyone; 100 for an empty organization (nobody lacks it).
pub fn percentage(c: Counts) -> f64 {
    if c.members <= 0 {
        return 100.0;
    }
    #[allow(clippy::cast_precision_loss)] // head counts are far below 2^52
    let p = (c.mfa_enabled as f64) * 1000.0 / (c.members as f64);
    p.floor() / 10.0
}

fn day(t: OffsetDateTime) -> String {
    t.format(time::macros::format_description!(
        "[year]-[month]-[day] [hour]:[minute] UTC"
    ))
    .unwrap_or_default()
}

/// Who enforcing would block — every member without an allowed method — and the counts. With
/// `allowed`, for a change of allowed methods not yet saved.
///
/// # Errors
/// `NotFound` / `Forbidden`.
pub async fn preview(
    st: &AppState,
    caller: &UserId,
    org: &OrgId,
    allowed: Option<&[MethodKind]>,
) -> AppResult<(Vec<NonCompliant>, Counts)> {
    let mut c = st.store.read().await?;
    manager_of(&mut c, org, caller).await?;
    let policy = store::policies::get(&mut c, org).await?;
    let mask = kinds_to_mask(allowed.unwrap_or(&policy.allowed_methods));
    let list = store::policies::non_compliant(&mut c, org, mask, i64::MAX).await?;
    let counts = store::orgs::counts(&mut c, org, mask).await?;
    Ok((list, counts))
}

/// A spreadsheet cell that cannot run as a formula: a value starting with `=`, `+`, `-`, `@`,
/// tab or carriage return gets a leading apostrophe (OWASP "CSV injection").
fn cell(raw: &str) -> String {
    if raw.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{raw}")
    } else {
        raw.to_owned()
    }
}

/// The member list with each member's 2FA status as CSV, by email, read page by page along
/// the list's index.
///
/// # Errors
/// `NotFound` / `Forbidden`.
pub async fn export_csv(st: &AppState, caller: &UserId, org: &OrgId) -> AppResult<Vec<u8>> {
    let mut c = st.store.read().await?;
    manager_of(&mut c, org, caller).await?;
    let policy = store::policies::get(&mut c, org).await?;
    let filter = MemberFilter {
        allowed: kinds_to_mask(&policy.allowed_methods),
        ..MemberFilter::default()
    };
    let limit = Limit::parse(Some(200))?;
    let mut out = csv::Writer::from_writer(Vec::new());
    let csv_err = |e: csv::Error| AppError::internal_from("writing the CSV", e);
    out.write_record([
        "email",
        "name",
        "role",
        "external",
        "mfa_enabled",
        "methods",
        "deadline",
    ])
    .map_err(csv_err)?;
    let mut cursor: Option<Cursor> = None;
    loop {
        let rows = store::orgs::list_members(&mut c, org, &filter, cursor.as_ref(), limit).await?;
        let more = rows.len() > 200;
        for m in rows.iter().take(200) {
            let methods: Vec<&str> = m.methods.iter().map(|k| k.as_str()).collect();
            let deadline = policy
                .deadline_for(&m.terms)
                .filter(|_| !policy.accepts(&m.methods))
                .map(day)
                .unwrap_or_default();
            out.write_record([
                cell(m.email.as_str()),
                cell(&m.name),
                m.membership.role.as_str().to_owned(),
                m.membership.kind.is_external().to_string(),
                policy.accepts(&m.methods).to_string(),
                methods.join(" "),
                deadline,
            ])
            .map_err(csv_err)?;
        }
        if !more {
            break;
        }
        cursor = rows.get(199).map(|m| Cursor {
            key: m.email.as_str().to_owned(),
            id: m.user_id.as_str().to_owned(),
        });
    }
    out.into_inner()
        .map_err(|e| AppError::internal_from("writing the CSV", e.into_error()))
}

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
                day(d)
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
             from your account's security page: {url}/api/v1/me/mfa\n",
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
    let mut tx = st.store.begin().await?;
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
        allowed: kinds_to_mask(&policy.allowed_methods),
        not_since: now - window,
        only,
    };
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
    st.outbox_wake.notify_one();
    Ok(queued)
}

async fn org_name(a: &mut impl Access, org: &OrgId) -> AppResult<String> {
    Ok(store::orgs::find(a, org)
        .await?
        .ok_or(AppError::NotFound("organization"))?
        .name)
}

/// Emails one member a summary of their own security settings (methods, recovery codes left,
/// app passwords, remembered devices — never a secret), at a manager's request: at most one
/// per member and organization within the reminders' window.
///
/// # Errors
/// `NotFound` / `Forbidden`; `RateLimited` within the window.
pub async fn security_alert(
    st: &AppState,
    auth: &Authenticated,
    org: &OrgId,
    user: &UserId,
    ip: Option<&str>,
) -> AppResult<()> {
    let now = st.clock.now();
    let caller = &auth.session.account_id;
    let mut tx = st.store.begin().await?;
    manager_of(&mut tx, org, caller).await?;
    store::orgs::membership(&mut tx, org, user)
        .await?
        .ok_or(AppError::NotFound("member"))?;
    let window = Duration::hours(i64::from(st.config.reminders.window_hours));
    if let Err(last) = store::orgs::claim_alert(&mut tx, org, user, now - window, now).await? {
        let wait = domain::sending::retry_after(Some(last), window, now).unwrap_or(window);
        return Err(AppError::RateLimited {
            what: "this member had a security alert from this organization recently",
            retry_after: domain::throttle::retry_after_secs(wait),
        });
    }
    let account = store::accounts::find_by_id(&mut tx, user)
        .await?
        .ok_or(AppError::NotFound("member"))?;
    let name = org_name(&mut tx, org).await?;
    let methods = store::mfa::list_confirmed(&mut tx, user).await?;
    let codes_left = store::mfa::recovery_codes_left(&mut tx, user).await?;
    let app_passwords = store::app_passwords::list(&mut tx, user).await?;
    let devices = store::devices::list(&mut tx, user, now).await?;
    let mut summary = String::new();
    if methods.is_empty() {
        summary.push_str(
            "- Two-factor authentication: OFF. Your account is protected by its password alone.\n",
        );
    } else {
        summary.push_str("- Two-factor methods:\n");
        for m in &methods {
            summary.push_str(&format!(
                "    - {} \"{}\", added {}\n",
                m.kind.describe(),
                m.label,
                day(m.created_at)
            ));
        }
        summary.push_str(&format!("- Recovery codes left: {codes_left}\n"));
    }
    summary.push_str(&format!("- App passwords: {}\n", app_passwords.len()));
    for p in &app_passwords {
        summary.push_str(&format!(
            "    - \"{}\", created {}, last used {}\n",
            p.label,
            day(p.created_at),
            p.last_used_at.map_or_else(|| "never".to_owned(), day)
        ));
    }
    summary.push_str(&format!("- Remembered devices: {}\n", devices.len()));
    for d in &devices {
        summary.push_str(&format!(
            "    - \"{}\", remembered {}, last used {}\n",
            d.label,
            day(d.created_at),
            day(d.last_used_at)
        ));
    }
    mail::security_alert(
        &mut tx,
        &account.email,
        &name,
        auth.session.email.as_str(),
        &summary,
        &st.public_url,
        now,
    )
    .await?;
    audit::record(
        &mut tx,
        &event(
            org,
            caller,
            AuditAction::SecurityAlertSent,
            Some(user.as_str()),
            ip,
            None,
            now,
        ),
    )
    .await?;
    tx.commit().await?;
    st.outbox_wake.notify_one();
    Ok(())
}

/// Gives one member a deadline of their own (later: an extension; earlier: applies at once),
/// or with `None` returns them to the organization's. Never one's own, an owner's or legal
/// representative's only by an owner, and with a recent second factor of the caller's own.
/// Audited, and the member is told. Returns the member's deadline now.
///
/// # Errors
/// `NotFound` / `Forbidden` (see [`Role::may_set_deadline`]); `ReauthenticationRequired`;
/// `Validation` when the organization does not enforce, or for a deadline in the past or more
/// than a year ahead.
pub async fn set_member_deadline(
    st: &AppState,
    auth: &Authenticated,
    org: &OrgId,
    user: &UserId,
    deadline: Option<OffsetDateTime>,
    ip: Option<&str>,
) -> AppResult<Option<OffsetDateTime>> {
    use domain::ValidationError as V;
    let now = st.clock.now();
    let caller = &auth.session.account_id;
    let mut tx = st.store.begin().await?;
    if !store::orgs::lock(&mut tx, org).await? {
        return Err(AppError::NotFound("organization"));
    }
    let me = manager_of(&mut tx, org, caller).await?;
    let target = store::orgs::membership(&mut tx, org, user)
        .await?
        .ok_or(AppError::NotFound("member"))?;
    me.role
        .may_set_deadline(target.role, user == caller)
        .map_err(AppError::Forbidden)?;
    require_recent_second_factor(st, auth, true, now)?;
    let before = store::orgs::member_terms(&mut tx, org, user)
        .await?
        .ok_or(AppError::NotFound("member"))?;
    let policy = store::policies::get(&mut tx, org).await?;
    if !policy.enforced {
        return Err(V::new(
            "deadline",
            "the organization does not enforce two-factor authentication",
        )
        .into());
    }
    if let Some(d) = deadline {
        if d < now - Duration::minutes(1) {
            return Err(V::new("deadline", "must not be in the past").into());
        }
        if d > now + Duration::days(366) {
            return Err(V::new("deadline", "must be within a year").into());
        }
    }
    store::orgs::set_member_deadline(&mut tx, org, user, deadline, now).await?;
    let after = store::orgs::member_terms(&mut tx, org, user)
        .await?
        .ok_or(AppError::NotFound("member"))?;
    let (old, new) = (policy.deadline_for(&before), policy.deadline_for(&after));
    let detail = format!(
        "{} -> {}",
        old.map_or_else(|| "none".to_owned(), day),
        new.map_or_else(|| "none".to_owned(), day)
    );
    audit::record(
        &mut tx,
        &event(
            org,
            caller,
            AuditAction::MemberDeadlineChanged,
            Some(user.as_str()),
            ip,
            Some(&detail),
            now,
        ),
    )
    .await?;
    let name = quoted(&org_name(&mut tx, org).await?);
    if let Some(account) = store::accounts::find_by_id(&mut tx, user).await? {
        mail::notice(
            &mut tx,
            &account.email,
            &format!("Your deadline to set up two-factor authentication in {name} changed"),
            &format!(
                "Your deadline to set up two-factor authentication for the organization \
                 {name} is now {}.",
                new.map_or_else(|| "gone".to_owned(), day)
            ),
            now,
        )
        .await?;
    }
    tx.commit().await?;
    st.outbox_wake.notify_one();
    st.sessions.evict_account(user);
    Ok(new)
}

/// Tells an organization's managers that enforcement turned itself on.
///
/// # Errors
/// On database failure.
pub(crate) async fn tell_managers_of_auto_enforcement(
    a: &mut impl Access,
    org: &OrgId,
    name: &str,
    now: OffsetDateTime,
) -> AppResult<()> {
    let name = &quoted(name);
    let managers = store::policies::emails_of_roles(
        a,
        org,
        &[Role::Owner, Role::LegalRepresentative, Role::Admin],
    )
    .await?;
    for to in managers {
        mail::notice(
            a,
            &to,
            &format!("{name} now enforces two-factor authentication"),
            &format!(
                "Every member of {name} has set up two-factor authentication, so enforcement \
                 turned on by itself, as the organization's policy asked. Members who join later \
                 must set it up too."
            ),
            now,
        )
        .await?;
    }
    Ok(())
}

/// After a change that may have made an organization fully compliant (a member added a method,
/// a member left), with the head counts already updated: turns enforcement on in each of `orgs` that asked for auto-enforcement and
/// now has no member without an allowed method. Returns whether one did.
///
/// # Errors
/// On database failure.
pub(crate) async fn auto_enforce_if_due(
    a: &mut impl Access,
    orgs: &[OrgId],
    now: OffsetDateTime,
) -> AppResult<bool> {
    let mut any = false;
    for org in orgs {
        // The policy row, not the organization's: a member's method change holds their account
        // and the tally rows by now, and must not wait for the organization (a removal holds
        // it, then waits for the account).
        store::policies::lock(a, org).await?;
        let policy = store::policies::get(a, org).await?;
        if !policy.auto_enforce || policy.enforced {
            continue;
        }
        let missing =
            store::policies::count_non_compliant(a, org, kinds_to_mask(&policy.allowed_methods))
                .await?;
        if !policy.auto_enforce_due(missing) {
            continue;
        }
        let new = MfaPolicy {
            enforced: true,
            enforced_since: Some(now),
            ..policy.clone()
        };
        store::policies::put(a, org, &new, false, None, now).await?;
        let detail = format!(
            "{} -> {}",
            crate::services::policies::summary(&policy),
            crate::services::policies::summary(&new)
        );
        audit::record(
            a,
            &NewEvent {
                org_id: Some(org),
                actor_id: None,
                action: AuditAction::MfaPolicyAutoEnforced,
                target: Some(org.as_str()),
                ip: None,
                detail: Some(&detail),
                at: now,
            },
        )
        .await?;
        let name = org_name(a, org).await?;
        tell_managers_of_auto_enforcement(a, org, &name, now).await?;
        any = true;
    }
    Ok(any)
}

/// The organizations among `orgs` waiting to auto-enforce.
pub(crate) fn awaiting_auto_enforce(orgs: &[OrgOfMember]) -> Vec<OrgId> {
    orgs.iter()
        .filter(|o| o.policy.auto_enforce && !o.policy.enforced)
        .map(|o| o.org.id.clone())
        .collect()
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

/// One round of the background jobs: announcements of enforcement owed, then the reminders
/// due before deadlines.
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
    Ok(())
}

/// Emails every member without an allowed method that enforcement began (with the deadline
/// when there is a grace period), once: the first node to take the announcement sends it.
async fn announce(st: &AppState, org: &OrgId, now: OffsetDateTime) -> AppResult<()> {
    let mut tx = st.store.begin().await?;
    store::orgs::lock(&mut tx, org).await?;
    if !store::policies::take_announcement(&mut tx, org).await? {
        return Ok(());
    }
    let policy = store::policies::get(&mut tx, org).await?;
    if policy.enforced {
        let name = quoted(&org_name(&mut tx, org).await?);
        let deadline = policy.org_deadline().filter(|d| *d > now);
        let when =
            deadline.map_or_else(|| "from now on".to_owned(), |d| format!("from {}", day(d)));
        let subject = format!("{name} requires two-factor authentication");
        let body = format!(
            "Hello,\n\nThe organization {name} requires two-factor authentication of its \
             members {when}. Set up a second factor (an authenticator app or a security key) \
             from your account's security page: {url}/api/v1/me/mfa\n\nUntil you do, the web \
             console will stop you, and so will a new sign-in from an app; desktop and mobile \
             apps signed in before then, and app passwords, keep working.\n",
            url = st.public_url,
        );
        let allowed = kinds_to_mask(&policy.allowed_methods);
        let email = BulkEmail {
            id_prefix: "enforced",
            subject: &subject,
            body: &body,
        };
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
    st.outbox_wake.notify_one();
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
    let mut tx = st.store.begin().await?;
    store::orgs::lock(&mut tx, org).await?;
    let policy = store::policies::get(&mut tx, org).await?;
    if !policy.enforced {
        return Ok(());
    }
    let allowed = kinds_to_mask(&policy.allowed_methods);
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
        let Some(d) = policy.deadline_for(&m.terms).filter(|d| *d > now) else {
            continue;
        };
        let Some(stage) = ReminderStage::due(d, now) else {
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
    tx.commit().await?;
    if queued > 0 {
        tracing::info!(org = %org, queued, "scheduled 2FA reminders queued");
        st.outbox_wake.notify_one();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_round_to_one_decimal_and_an_empty_org_is_complete() {
        let p = |members, mfa_enabled| {
            percentage(Counts {
                members,
                mfa_enabled,
            })
        };
        assert!((p(3, 1) - 33.3).abs() < 1e-9);
        assert!((p(3, 2) - 66.6).abs() < 1e-9);
        assert!(
            (p(100_000, 99_999) - 99.9).abs() < 1e-9,
            "100 only when everyone is"
        );
        assert!((p(7, 7) - 100.0).abs() < 1e-9);
        assert!((p(0, 0) - 100.0).abs() < 1e-9);
    }

    #[test]
    fn csv_cells_cannot_become_formulas() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(cell("+41 79"), "'+41 79");
        assert_eq!(cell("alice@example.org"), "alice@example.org");
    }
}
