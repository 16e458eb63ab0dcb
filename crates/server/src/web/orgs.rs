//! Organization pages: the overview, and for managers the member list with each member's 2FA
//! status, reminders and security alerts.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::UserId;
use domain::effective_policy::Standing;
use domain::page::{Cursor, Limit};
use serde::Deserialize;
use store::orgs::MemberFilter;

use super::extract::{CsrfForm, Full, Here, Members, NoFields, WebSession};
use super::session::{Chrome, WebError, day, org_id, page, query_escape};
use crate::error::AppError;
use crate::extract::ClientIp;
use crate::i18n::{self, Arg, Tr};
use crate::services::reminders;
use crate::services::{adoption, compliance, management, orgs};
use crate::state::AppState;

type WebResult = Result<Response, WebError>;

pub(super) fn user_id(raw: &str, path: &str) -> Result<UserId, WebError> {
    UserId::parse(raw).map_err(|_| WebError::from_app(AppError::NotFound("member"), path))
}

#[derive(Template)]
#[template(path = "org.html")]
struct OrgPage {
    chrome: Chrome,
    id: String,
    name: String,
    /// The caller's role, in words.
    role: String,
    enforced: bool,
    deadline: Option<String>,
    manager: bool,
    /// How many members have 2FA, in words.
    enrolled_text: String,
    /// The adoption chart (SVG) and its figures: day, members, with 2FA, percent.
    chart: String,
    adoption: Vec<(String, String, String, String)>,
    /// How many enforcing stops (or would stop), in words.
    stopped: String,
}

pub async fn org_get(
    State(st): State<AppState>,
    WebSession {
        auth, back: path, ..
    }: WebSession<Full, Here>,
    Path(raw): Path<String>,
) -> WebResult {
    let org = org_id(&raw)?;
    let me = auth
        .orgs
        .iter()
        .find(|o| o.org.id == org)
        .ok_or_else(|| WebError::from_app(AppError::NotFound("organization"), &path))?;
    let (found, counts) = orgs::view(&st, &auth.session.account_id, &org)
        .await
        .map_err(|e| WebError::from_app(e, &path))?;
    let deadline = me
        .policy
        .deadline_for(&me.terms)
        .filter(|d| *d > st.clock.now())
        .map(day);
    let manager = me.membership.role.is_manager();
    let adoption = if manager {
        adoption::recent(&st, &auth, &org, 30)
            .await
            .map_err(|e| WebError::from_app(e, &path))?
            .into_iter()
            .map(|(day, members, with_2fa)| super::chart::Day {
                day,
                members,
                with_2fa,
            })
            .collect()
    } else {
        Vec::new()
    };
    let without = (counts.members - counts.mfa_enabled).max(0);
    let tr = i18n::current();
    let stopped = stopped_text(&tr, me.policy.enforced, deadline.as_deref(), without);
    Ok(page(
        StatusCode::OK,
        &OrgPage {
            chart: super::chart::svg(&adoption, "adoption-caption", &tr),
            adoption: super::chart::rows(&adoption, &tr),
            stopped,
            chrome: Chrome::signed_in(&st, &auth),
            id: org.to_string(),
            name: found.name,
            role: role_text(&tr, me.membership.role, me.membership.kind.is_external()),
            enforced: me.policy.enforced,
            deadline,
            manager: me.membership.role.is_manager(),
            enrolled_text: enrolled_text(&tr, counts),
        },
    ))
}

/// A member's role in words, saying when they are external.
pub(super) fn role_text(tr: &Tr, role: domain::Role, external: bool) -> String {
    let role = tr.role(role);
    if external {
        tr.t1("org-external", "name", role)
    } else {
        role
    }
}

/// How many members have two-factor authentication, and a phishing-resistant factor, in words.
pub(super) fn enrolled_text(tr: &Tr, counts: store::orgs::Counts) -> String {
    enrolled_words(tr, "org-enrolled", counts)
}

/// How many members have a second factor (in the words of the message `id`, which counts what
/// its page means by one), and a phishing-resistant one.
pub(super) fn enrolled_words(tr: &Tr, id: &str, counts: store::orgs::Counts) -> String {
    let enrolled = tr.with(
        id,
        &[
            ("enrolled", Arg::from(counts.mfa_enabled)),
            ("members", Arg::from(counts.members)),
            ("percentage", Arg::from(compliance::percentage(counts))),
        ],
    );
    let resistant = tr.with(
        "org-phishing-resistant",
        &[
            ("count", Arg::from(counts.phishing_resistant)),
            ("members", Arg::from(counts.members)),
        ],
    );
    format!("{enrolled} {resistant}")
}

/// What enforcing means for the members without an allowed method, said on the overview.
fn stopped_text(tr: &Tr, enforced: bool, deadline: Option<&str>, without: i64) -> String {
    match (enforced, deadline) {
        (_, _) if without == 0 => tr.t("org-stopped-nobody"),
        (true, Some(d)) => tr.with(
            "org-stopped-from",
            &[("count", Arg::from(without)), ("date", Arg::from(d))],
        ),
        (true, None) => tr.n("org-stopped-now", "count", without),
        (false, _) => tr.n("org-would-stop", "count", without),
    }
}

struct Row {
    user_id: String,
    email: String,
    name: String,
    /// The role in words.
    role: String,
    enabled: bool,
    methods: String,
    deadline: Option<String>,
    /// The day a manager last reminded them.
    reminded: Option<String>,
}

#[derive(Template)]
#[template(path = "members.html")]
struct MembersPage {
    chrome: Chrome,
    id: String,
    name: String,
    enrolled_text: String,
    mfa: String,
    q: String,
    q_q: String,
    rows: Vec<Row>,
    next_cursor: Option<String>,
    /// Everyone has an allowed method: nobody to remind.
    all_enrolled: bool,
}

/// The role menu: each role's form value and label.
fn role_options(tr: &Tr) -> Vec<(&'static str, String)> {
    vec![
        ("member", tr.t("members-role-option-member")),
        ("admin", tr.t("members-role-option-admin")),
        (
            "legal_representative",
            tr.t("members-role-option-legal-representative"),
        ),
        ("owner", tr.t("members-role-option-owner")),
    ]
}

#[derive(Deserialize, Default)]
pub struct MembersQuery {
    mfa: Option<String>,
    q: Option<String>,
    cursor: Option<String>,
    flash: Option<String>,
    /// How many reminders the flash reports queued and skipped.
    queued: Option<u64>,
    skipped: Option<u64>,
}

pub async fn members_get(
    State(st): State<AppState>,
    WebSession {
        auth, back: path, ..
    }: WebSession<Full, Here>,
    Path(raw): Path<String>,
    Query(q): Query<MembersQuery>,
) -> WebResult {
    let fail = |e| WebError::from_app(e, &path);
    let org = org_id(&raw)?;
    let (mfa, query, filter) = member_filter(&q);
    let cursor = q
        .cursor
        .as_deref()
        .filter(|c| !c.is_empty())
        .map(Cursor::parse)
        .transpose()
        .map_err(|e| fail(e.into()))?;
    let limit = Limit::parse(Some(50)).map_err(|e| fail(e.into()))?;
    let caller = &auth.session.account_id;
    let list = orgs::members(&st, caller, &org, &filter, cursor.as_ref(), limit)
        .await
        .map_err(fail)?;
    let (found, _) = orgs::view(&st, caller, &org).await.map_err(fail)?;
    let now = st.clock.now();
    let tr = i18n::current();
    let rows = list
        .members
        .iter()
        .map(|m| row(&tr, m, &list.policy, now))
        .collect();
    let mut chrome = Chrome::signed_in(&st, &auth);
    chrome.flash = match q.flash.as_deref() {
        Some("reminded") => Some(reminded_text(
            &tr,
            q.queued.unwrap_or(0),
            q.skipped.unwrap_or(0),
            st.config.reminders.window_hours,
        )),
        Some("alerted") => Some(tr.t("members-flash-alerted")),
        Some("role_changed") => Some(tr.t("members-flash-role-changed")),
        Some("removed") => Some(tr.t("members-flash-removed")),
        _ => None,
    };
    Ok(page(
        StatusCode::OK,
        &MembersPage {
            chrome,
            id: org.to_string(),
            name: found.name,
            enrolled_text: enrolled_text(&tr, list.counts),
            mfa,
            q_q: query_escape(&query),
            q: query,
            rows,
            next_cursor: list.next_cursor,
            all_enrolled: list.counts.mfa_enabled >= list.counts.members,
        },
    ))
}

/// The list's filter from the query: the 2FA status (only the known values are kept, since the
/// value is echoed into the page's links) and the search text.
fn member_filter(q: &MembersQuery) -> (String, String, MemberFilter) {
    let mfa = match q.mfa.as_deref() {
        Some(v @ ("enabled" | "disabled")) => v.to_owned(),
        _ => String::new(),
    };
    let query = domain::page::search_lenient(q.q.as_deref());
    let filter = MemberFilter {
        mfa_enabled: match mfa.as_str() {
            "enabled" => Some(true),
            "disabled" => Some(false),
            _ => None,
        },
        role: None,
        query: (!query.is_empty()).then(|| query.clone()),
        allowed: 0,
    };
    (mfa, query, filter)
}

/// One member as the list shows them.
fn row(
    tr: &Tr,
    m: &store::orgs::Member,
    policy: &domain::MfaPolicy,
    now: time::OffsetDateTime,
) -> Row {
    let standing = Standing::of(policy, &m.terms, &m.methods, now);
    let enabled = standing.is_compliant();
    Row {
        user_id: m.user_id.to_string(),
        email: m.email.to_string(),
        name: m.name.clone(),
        role: role_text(tr, m.membership.role, m.membership.kind.is_external()),
        enabled,
        methods: methods_text(tr, &m.methods),
        deadline: deadline_text(tr, standing),
        reminded: m.reminded_at.map(day),
    }
}

/// The methods of a member, in words.
fn methods_text(tr: &Tr, methods: &[domain::MethodKind]) -> String {
    methods
        .iter()
        .map(|k| tr.method(*k))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A member's deadline, while they have no accepted method: `deadline 15 Jan 2031`, or
/// `deadline passed`.
fn deadline_text(tr: &Tr, standing: Standing) -> Option<String> {
    match standing {
        Standing::Due { deadline } => Some(tr.t1("members-deadline", "date", day(deadline))),
        Standing::Blocked { .. } => Some(tr.t("members-deadline-passed")),
        Standing::Compliant | Standing::Asked => None,
    }
}

#[derive(Deserialize)]
pub struct RemindForm {
    user_id: Option<String>,
}

pub async fn reminders_post(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    Path(raw): Path<String>,
    CsrfForm {
        auth,
        back: path,
        form: f,
        ..
    }: CsrfForm<RemindForm, Full, Members>,
) -> WebResult {
    let org = org_id(&raw)?;
    let only = f
        .user_id
        .as_deref()
        .map(|u| {
            UserId::parse(u).map_err(|_| WebError::from_app(AppError::NotFound("member"), &path))
        })
        .transpose()?;
    let done = reminders::remind(
        &st,
        &auth,
        &org,
        only.as_ref().map(std::slice::from_ref),
        ip.as_deref(),
    )
    .await
    .map_err(|e| WebError::from_app(e, &path))?;
    let (queued, skipped) = (done.queued, done.skipped);
    Ok(Redirect::to(&format!(
        "{path}?flash=reminded&queued={queued}&skipped={skipped}"
    ))
    .into_response())
}

/// What a request for reminders did, in words: how many went, how many were skipped and why.
fn reminded_text(tr: &Tr, queued: u64, skipped: u64, window_hours: u32) -> String {
    let sent = tr.n(
        "members-flash-reminded-count",
        "count",
        i64::try_from(queued).unwrap_or(i64::MAX),
    );
    if skipped == 0 {
        return sent;
    }
    let skipped = tr.with(
        "members-flash-reminded-skipped",
        &[
            (
                "count",
                Arg::from(i64::try_from(skipped).unwrap_or(i64::MAX)),
            ),
            ("hours", Arg::from(i64::from(window_hours))),
        ],
    );
    format!("{sent} {skipped}")
}

pub async fn security_alert_post(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    Path((raw, user)): Path<(String, String)>,
    CsrfForm {
        auth, back: path, ..
    }: CsrfForm<NoFields, Full, Members>,
) -> WebResult {
    let org = org_id(&raw)?;
    let user = user_id(&user, &path)?;
    compliance::security_alert(&st, &auth, &org, &user, ip.as_deref())
        .await
        .map_err(|e| WebError::from_app(e, &path))?;
    Ok(Redirect::to(&format!("{path}?flash=alerted")).into_response())
}

#[derive(Template)]
#[template(path = "member.html")]
struct MemberPage {
    chrome: Chrome,
    id: String,
    name: String,
    user_id: String,
    member_name: String,
    email: String,
    /// The role's form value, and the role in words.
    role: &'static str,
    role_text: String,
    enabled: bool,
    methods: String,
    deadline: Option<String>,
    roles: Vec<(&'static str, String)>,
    /// The member's own deadline (`YYYY-MM-DD`), empty when the organization's applies.
    own_deadline: String,
    /// The caller may reset the member's 2FA (the organization manages the account).
    may_reset: bool,
    /// The organization requires 2FA: members' deadlines mean something.
    enforced: bool,
}

/// One member, with the actions a manager may take: the member list's action menu.
pub async fn member_get(
    State(st): State<AppState>,
    WebSession {
        auth, back: path, ..
    }: WebSession<Full, Here>,
    Path((raw, user)): Path<(String, String)>,
    Query(q): Query<super::policy::FlashQuery>,
) -> WebResult {
    let org = org_id(&raw)?;
    let caller = &auth.session.account_id;
    let target = user_id(&user, &path)?;
    let (found, _) = orgs::view(&st, caller, &org)
        .await
        .map_err(|e| WebError::from_app(e, &path))?;
    let (m, policy) = orgs::member_of(&st, caller, &org, &target)
        .await
        .map_err(|e| WebError::from_app(e, &path))?;
    let standing = Standing::of(&policy, &m.terms, &m.methods, st.clock.now());
    let enabled = standing.is_compliant();
    let may_reset = management::may_reset(&st, &auth, &org, &target)
        .await
        .map_err(|e| WebError::from_app(e, &path))?;
    let tr = i18n::current();
    let mut chrome = Chrome::signed_in(&st, &auth);
    chrome.flash = match q.flash.as_deref() {
        Some("deadline") => Some(tr.t("member-flash-deadline")),
        Some("mfa_reset") => Some(tr.t("member-flash-mfa-reset")),
        _ => None,
    };
    let own_deadline = m
        .terms
        .deadline
        .map(|(d, _)| d.date().to_string())
        .unwrap_or_default();
    Ok(page(
        StatusCode::OK,
        &MemberPage {
            own_deadline,
            may_reset,
            enforced: policy.enforced,
            chrome,
            id: org.to_string(),
            name: found.name,
            user_id: target.to_string(),
            member_name: m.name.clone(),
            email: m.email.to_string(),
            role: m.membership.role.as_str(),
            role_text: role_text(&tr, m.membership.role, m.membership.kind.is_external()),
            enabled,
            methods: methods_text(&tr, &m.methods),
            deadline: deadline_text(&tr, standing),
            roles: role_options(&tr),
        },
    ))
}

#[derive(Deserialize)]
pub struct RoleForm {
    role: String,
}

pub async fn role_post(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    Path((raw, user)): Path<(String, String)>,
    CsrfForm {
        auth,
        back: path,
        form: f,
        ..
    }: CsrfForm<RoleForm, Full, Members>,
) -> WebResult {
    let org = org_id(&raw)?;
    let user = user_id(&user, &path)?;
    let role = domain::Role::parse(&f.role).map_err(|e| WebError::from_app(e.into(), &path))?;
    orgs::change_role(
        &st,
        &auth.session.account_id,
        &org,
        &user,
        role,
        ip.as_deref(),
    )
    .await
    .map_err(|e| WebError::from_app(e, &path))?;
    Ok(Redirect::to(&format!("{path}?flash=role_changed")).into_response())
}

#[derive(Template)]
#[template(path = "confirm_member_remove.html")]
struct ConfirmMemberRemovePage {
    chrome: Chrome,
    id: String,
    name: String,
    user_id: String,
    email: String,
}

pub async fn remove_get(
    State(st): State<AppState>,
    WebSession {
        auth, back: path, ..
    }: WebSession<Full, Members>,
    Path((raw, user)): Path<(String, String)>,
) -> WebResult {
    let org = org_id(&raw)?;
    let caller = &auth.session.account_id;
    let target = user_id(&user, &path)?;
    let (found, _) = orgs::view(&st, caller, &org)
        .await
        .map_err(|e| WebError::from_app(e, &path))?;
    let (m, _) = orgs::member_of(&st, caller, &org, &target)
        .await
        .map_err(|e| WebError::from_app(e, &path))?;
    Ok(page(
        StatusCode::OK,
        &ConfirmMemberRemovePage {
            chrome: Chrome::signed_in(&st, &auth),
            id: org.to_string(),
            name: found.name,
            user_id: target.to_string(),
            email: m.email.to_string(),
        },
    ))
}

pub async fn remove_post(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    Path((raw, user)): Path<(String, String)>,
    CsrfForm {
        auth, back: path, ..
    }: CsrfForm<NoFields, Full, Members>,
) -> WebResult {
    let org = org_id(&raw)?;
    let target = user_id(&user, &path)?;
    orgs::remove(&st, &auth.session.account_id, &org, &target, ip.as_deref())
        .await
        .map_err(|e| WebError::from_app(e, &path))?;
    Ok(Redirect::to(&format!("{path}?flash=removed")).into_response())
}
