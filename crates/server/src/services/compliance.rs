//! Getting every member onto a second factor: who would be blocked, the CSV export, reminders
//! (by hand, and scheduled before deadlines), security alerts, per-member deadlines,
//! auto-enforcement, and the background job that sends what enforcing
//! owes. Bulk emails are queued in the outbox by one `INSERT … SELECT`, inside a transaction
//! that holds the organization's lock, so that they go exactly once whatever the node count.

use domain::audit::AuditAction;
use domain::effective_policy::Standing;
use domain::method::kinds_to_mask;
use domain::page::{Cursor, Limit};
use domain::sending::quoted;
use domain::{MethodKind, OrgId, UserId};
use store::orgs::{Counts, MemberFilter};
use store::policies::NonCompliant;
use time::{Duration, OffsetDateTime};

use crate::error::{AppError, AppResult};
use crate::i18n::{Arg, Tr};
use crate::services::factors::require_recent_second_factor;
use crate::services::mail::Notice;
use crate::services::org_access::{event, manager_of, org_name};
use crate::services::signed_in::Authenticated;
use crate::services::work::Work;
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

/// A moment as the CSV export and the audit log write it: `2026-12-01 14:05 UTC`.
fn iso_moment(t: OffsetDateTime) -> String {
    t.format(time::macros::format_description!(
        "[year]-[month]-[day] [hour]:[minute] UTC"
    ))
    .unwrap_or_default()
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
    let now = st.clock.now();
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
            let standing = Standing::of(&policy, &m.terms, &m.methods, now);
            out.write_record([
                cell(m.email.as_str()),
                cell(&m.name),
                m.membership.role.as_str().to_owned(),
                m.membership.kind.is_external().to_string(),
                standing.is_compliant().to_string(),
                methods.join(" "),
                standing.deadline().map(iso_moment).unwrap_or_default(),
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
    let mut tx = Work::begin(st).await?;
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
    let summary = |tr: &Tr| security_summary(tr, &methods, codes_left, &app_passwords, &devices);
    mail::security_alert(
        &mut tx,
        &account.email,
        (&name, auth.session.email.as_str()),
        summary,
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
    Ok(())
}

/// A member's security settings as the alert lists them, in `tr`'s language: never a secret.
fn security_summary(
    tr: &Tr,
    methods: &[store::mfa::Method],
    codes_left: u32,
    app_passwords: &[store::app_passwords::AppPasswordRecord],
    devices: &[store::devices::Device],
) -> String {
    let count = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
    let mut lines = Vec::new();
    if methods.is_empty() {
        lines.push(format!("- {}", tr.t("mail-summary-mfa-off")));
    } else {
        lines.push(format!("- {}", tr.t("mail-summary-methods")));
        for m in methods {
            let method = &[
                ("method", Arg::from(mail::method_name(tr, m.kind))),
                ("label", Arg::from(m.label.as_str())),
                ("added", Arg::from(tr.date_time(m.created_at))),
            ];
            lines.push(format!("    - {}", tr.with("mail-summary-method", method)));
        }
        lines.push(format!(
            "- {}",
            tr.n("mail-summary-codes-left", "count", codes_left)
        ));
    }
    let n = count(app_passwords.len());
    lines.push(format!(
        "- {}",
        tr.n("mail-summary-app-passwords", "count", n)
    ));
    for p in app_passwords {
        let (label, created) = (p.label.as_str(), tr.date_time(p.created_at));
        let line = match p.last_used_at {
            Some(used) => tr.with(
                "mail-summary-app-password",
                &[
                    ("label", Arg::from(label)),
                    ("created", Arg::from(created)),
                    ("used", Arg::from(tr.date_time(used))),
                ],
            ),
            None => tr.t2(
                "mail-summary-app-password-unused",
                "label",
                label,
                "created",
                created,
            ),
        };
        lines.push(format!("    - {line}"));
    }
    let n = count(devices.len());
    lines.push(format!("- {}", tr.n("mail-summary-devices", "count", n)));
    for d in devices {
        let device = &[
            ("label", Arg::from(d.label.as_str())),
            ("remembered", Arg::from(tr.date_time(d.created_at))),
            ("used", Arg::from(tr.date_time(d.last_used_at))),
        ];
        lines.push(format!("    - {}", tr.with("mail-summary-device", device)));
    }
    lines.iter().map(|l| format!("{l}\n")).collect()
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
    let now = st.clock.now();
    let caller = &auth.session.account_id;
    let mut tx = Work::begin(st).await?;
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
    policy.check_member_deadline(deadline, now)?;
    store::orgs::set_member_deadline(&mut tx, org, user, deadline, now).await?;
    let after = store::orgs::member_terms(&mut tx, org, user)
        .await?
        .ok_or(AppError::NotFound("member"))?;
    let (old, new) = (policy.deadline_for(&before), policy.deadline_for(&after));
    let detail = format!(
        "{} -> {}",
        old.map_or_else(|| "none".to_owned(), iso_moment),
        new.map_or_else(|| "none".to_owned(), iso_moment)
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
        let notice = match new {
            Some(d) => Notice::new("mail-notice-deadline-changed").moment("deadline", d),
            None => Notice::new("mail-notice-deadline-removed"),
        };
        mail::notice(&mut tx, &account.email, &notice.text("org", &name), now).await?;
    }
    tx.changed(user);
    tx.commit().await?;
    Ok(new)
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
                phishing_resistant: 0,
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
