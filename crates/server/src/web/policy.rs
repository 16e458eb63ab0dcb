//! The organization's two-factor policy page with the preview of who would be stopped and the
//! typed confirmation (`ENFORCE`, `STOP`).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::mfa_policy::PolicyInput;
use domain::network::DeviceNetworks;
use domain::{ClientKind, MethodKind, MfaPolicy, OrgId};
use serde::Deserialize;
use time::OffsetDateTime;

use super::extract::{CsrfForm, Full, Here, WebSession};
use super::session::{Chrome, WebError, org_id, page};
use crate::error::AppError;
use crate::extract::ClientIp;
use crate::i18n::{self, Arg, Tr};
use crate::services::signed_in::Authenticated;
use crate::services::{compliance, orgs, policies};
use crate::state::AppState;

type WebResult = Result<Response, WebError>;

/// How many of the members who would be stopped a page lists (the CSV has them all).
const LISTED: usize = 100;

/// How the start of enforcement is typed and shown, in every language: a browser's date picker
/// would write it in the browser's language, not the console's. A `T` between date and time
/// (what `datetime-local` fields send) is taken too.
const START_FORMAT: &[time::format_description::FormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]");

#[derive(Template)]
#[template(path = "policy.html")]
struct PolicyPage {
    chrome: Chrome,
    id: String,
    name: String,
    /// How many members have an allowed method, in words.
    enrolled_text: String,
    missing: Vec<String>,
    /// "Stopped now (3)", "Stopped on … unless …", or "Who enforcing would stop (3)", and
    /// "And 2 more…" when the page does not list them all.
    preview_heading: String,
    more: Option<String>,
    /// On, scheduled (with its date), or off.
    status: String,
    enforced: bool,
    enforce_from: String,
    /// The start written in the page's language.
    enforce_from_text: Option<String>,
    start_example: String,
    /// The options beyond the requirement and its date are unfolded (after an error).
    open_more: bool,
    strict: bool,
    auto: bool,
    methods: Vec<(&'static str, String, bool)>,
    /// Only security keys and passkeys count.
    phishing_resistant_only: bool,
    clients: Vec<(&'static str, String, bool)>,
    remembered: bool,
    remembered_days: u32,
    known_networks: bool,
    /// One block per line.
    trusted_networks: String,
    new_member_days: u32,
    app_passwords: bool,
}

async fn policy_page(
    st: &AppState,
    auth: &Authenticated,
    org: &OrgId,
    typed: Option<&PolicyForm>,
    error: Option<String>,
    flash: Option<String>,
) -> WebResult {
    let path = format!("/orgs/{org}/policy");
    let caller = &auth.session.account_id;
    let (found, _) = orgs::view(st, caller, org)
        .await
        .map_err(|e| WebError::from_app(e, &path))?;
    let saved = policies::get(st, caller, org)
        .await
        .map_err(|e| WebError::from_app(e, &path))?;
    let p = &saved;
    let (known_networks, trusted_networks) = network_fields(p, typed);
    let (missing, counts) = compliance::preview(st, caller, org, Some(&p.allowed_methods))
        .await
        .map_err(|e| WebError::from_app(e, &path))?;
    let tr = i18n::current();
    let mut chrome = Chrome::signed_in(st, auth);
    chrome.error = error;
    chrome.flash = flash;
    let now = st.clock.now();
    let (status, preview_heading) = state_words(&tr, p, missing.len(), now);
    let (more, missing) = preview(&tr, &missing);
    let open_more = chrome.error.is_some();
    Ok(page(
        if chrome.error.is_some() {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::OK
        },
        &PolicyPage {
            chrome,
            id: org.to_string(),
            name: found.name,
            enrolled_text: super::orgs::enrolled_words(&tr, "policy-enrolled", counts),
            phishing_resistant_only: p.allowed_methods == [MethodKind::Webauthn],
            preview_heading,
            more,
            missing,
            status,
            enforced: p.enforced,
            enforce_from: p
                .enforce_from
                .and_then(|t| t.format(START_FORMAT).ok())
                .unwrap_or_default(),
            enforce_from_text: p.enforce_from.map(|t| tr.date_time(t)),
            start_example: (now + time::Duration::days(14))
                .replace_time(time::Time::from_hms(9, 0, 0).unwrap_or(time::Time::MIDNIGHT))
                .format(START_FORMAT)
                .unwrap_or_default(),
            open_more,
            strict: p.require_all_enrolled,
            auto: p.auto_enforce,
            methods: MethodKind::ALL
                .iter()
                .map(|k| (k.as_str(), tr.method(*k), p.allowed_methods.contains(k)))
                .collect(),
            clients: [
                (ClientKind::Native, tr.t("policy-client-native")),
                (ClientKind::Sync, tr.t("policy-client-sync")),
                (ClientKind::Web, tr.t("policy-client-web")),
            ]
            .into_iter()
            .map(|(c, label)| (c.as_str(), label, p.exempt_clients.contains(&c)))
            .collect(),
            remembered: p.allow_remembered_devices,
            remembered_days: p.remembered_device_days,
            known_networks,
            trusted_networks,
            new_member_days: p.new_member_days,
            app_passwords: p.allow_app_passwords,
        },
    ))
}

/// The known-networks box and the trusted networks, one per line: as saved, or as typed when
/// the page comes back with an error (a list refused for one typo is not lost).
fn network_fields(p: &MfaPolicy, typed: Option<&PolicyForm>) -> (bool, String) {
    match typed {
        Some(f) => (
            f.remembered_device_networks.is_some(),
            f.trusted_networks.clone().unwrap_or_default(),
        ),
        None => (
            p.remembered_device_networks == DeviceNetworks::Known,
            p.trusted_networks.to_strings().join("\n"),
        ),
    }
}

/// What the policy page says of the requirement (on, scheduled from a date, off) and the
/// heading of its list of members without an allowed method, which it names accordingly:
/// stopped now, stopped from the date, or who enforcing would stop.
fn state_words(tr: &Tr, p: &MfaPolicy, missing: usize, now: OffsetDateTime) -> (String, String) {
    let n = count(missing);
    match p.org_deadline() {
        Some(_) if p.in_force(now) => (
            tr.t("policy-enforcement-on"),
            tr.n("policy-preview-heading-on", "count", n),
        ),
        Some(from) => {
            let date = tr.date_time(from);
            (
                tr.t1("policy-enforcement-scheduled", "date", date.clone()),
                tr.with(
                    "policy-preview-heading-scheduled",
                    &[("date", Arg::from(date)), ("count", Arg::from(n))],
                ),
            )
        }
        None => (
            tr.t("policy-enforcement-off"),
            tr.n("policy-preview-heading", "count", n),
        ),
    }
}

/// Who lacks an allowed method, as the policy page lists them: what it says of those it does
/// not list, and the first of them (email addresses, saying who is external).
fn preview(tr: &Tr, missing: &[store::policies::NonCompliant]) -> (Option<String>, Vec<String>) {
    let total = count(missing.len());
    let more = (missing.len() > LISTED)
        .then(|| tr.n("policy-preview-more", "count", total - count(LISTED)));
    let listed = missing
        .iter()
        .take(LISTED)
        .map(|m| {
            let email = m.email.to_string();
            if m.external {
                tr.t1("org-external", "name", email)
            } else {
                email
            }
        })
        .collect();
    (more, listed)
}

/// `n` for a message's `count`.
fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

#[derive(Deserialize, Default)]
pub struct FlashQuery {
    pub(super) flash: Option<String>,
}

pub async fn policy_get(
    State(st): State<AppState>,
    WebSession { auth, .. }: WebSession<Full, Here>,
    Path(raw): Path<String>,
    Query(q): Query<FlashQuery>,
) -> WebResult {
    let org = org_id(&raw)?;
    let flash =
        (q.flash.as_deref() == Some("saved")).then(|| i18n::current().t("policy-flash-saved"));
    policy_page(&st, &auth, &org, None, None, flash).await
}

/// The policy form: one field per checkbox, since HTML repeats names for lists.
#[derive(Deserialize, Default, Clone)]
pub struct PolicyForm {
    enforced: Option<String>,
    enforce_from: Option<String>,
    require_all_enrolled: Option<String>,
    auto_enforce: Option<String>,
    allow_totp: Option<String>,
    allow_webauthn: Option<String>,
    allow_sms: Option<String>,
    allow_push: Option<String>,
    exempt_native: Option<String>,
    exempt_sync: Option<String>,
    exempt_web: Option<String>,
    allow_remembered_devices: Option<String>,
    remembered_device_days: Option<String>,
    /// A checkbox: `known` when ticked.
    remembered_device_networks: Option<String>,
    /// CIDR blocks, one per line (or separated by spaces or commas).
    trusted_networks: Option<String>,
    new_member_days: Option<String>,
    allow_app_passwords: Option<String>,
    confirm: Option<String>,
}

/// The policy form's fields that are not checkboxes, parsed.
struct Parsed {
    enforce_from: Option<OffsetDateTime>,
    remembered_days: Option<u32>,
    new_member_days: Option<u32>,
}

impl PolicyForm {
    /// The fields a confirmation page carries back, as they came.
    fn fields(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        let mut put = |name: &'static str, v: &Option<String>| {
            if let Some(v) = v {
                out.push((name, v.clone()));
            }
        };
        put("enforced", &self.enforced);
        put("enforce_from", &self.enforce_from);
        put("require_all_enrolled", &self.require_all_enrolled);
        put("auto_enforce", &self.auto_enforce);
        put("allow_totp", &self.allow_totp);
        put("allow_webauthn", &self.allow_webauthn);
        put("allow_sms", &self.allow_sms);
        put("allow_push", &self.allow_push);
        put("exempt_native", &self.exempt_native);
        put("exempt_sync", &self.exempt_sync);
        put("exempt_web", &self.exempt_web);
        put("allow_remembered_devices", &self.allow_remembered_devices);
        put("remembered_device_days", &self.remembered_device_days);
        put(
            "remembered_device_networks",
            &self.remembered_device_networks,
        );
        put("trusted_networks", &self.trusted_networks);
        put("new_member_days", &self.new_member_days);
        put("allow_app_passwords", &self.allow_app_passwords);
        out
    }

    /// The methods ticked.
    fn allowed(&self) -> Vec<String> {
        [
            ("totp", &self.allow_totp),
            ("webauthn", &self.allow_webauthn),
            ("sms", &self.allow_sms),
            ("push", &self.allow_push),
        ]
        .into_iter()
        .filter(|(_, v)| v.is_some())
        .map(|(k, _)| k.to_owned())
        .collect()
    }

    /// Where remembered devices may skip the step from: `known` when ticked.
    fn networks(&self) -> &'static str {
        if self.remembered_device_networks.is_some() {
            DeviceNetworks::Known.as_str()
        } else {
            DeviceNetworks::Any.as_str()
        }
    }

    /// The trusted networks typed, one block per word (lines, spaces or commas between them).
    fn trusted(&self) -> Vec<String> {
        self.trusted_networks
            .as_deref()
            .unwrap_or("")
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|b| !b.is_empty())
            .map(str::to_owned)
            .collect()
    }

    /// The kinds of client ticked as exempt.
    fn exempt(&self) -> Vec<String> {
        [
            ("native", &self.exempt_native),
            ("sync", &self.exempt_sync),
            ("web", &self.exempt_web),
        ]
        .into_iter()
        .filter(|(_, v)| v.is_some())
        .map(|(k, _)| k.to_owned())
        .collect()
    }

    /// The start of enforcement (a `datetime-local` value, taken as UTC) and the two numbers
    /// of days, each left out when empty.
    fn parsed(&self) -> Result<Parsed, AppError> {
        let enforce_from = match self
            .enforce_from
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            None => None,
            Some(s) => Some(
                time::PrimitiveDateTime::parse(&s.replacen('T', " ", 1), START_FORMAT)
                    .map_err(|_| {
                        domain::ValidationError::new(
                            "enforce_from",
                            "must be a date and time: year-month-day hour:minute",
                        )
                    })?
                    .assume_utc(),
            ),
        };
        Ok(Parsed {
            enforce_from,
            remembered_days: Self::days(
                self.remembered_device_days.as_deref(),
                "remembered_device_days",
            )?,
            new_member_days: Self::days(self.new_member_days.as_deref(), "new_member_days")?,
        })
    }

    fn days(raw: Option<&str>, field: &'static str) -> Result<Option<u32>, AppError> {
        match raw.map(str::trim).filter(|s| !s.is_empty()) {
            None => Ok(None),
            Some(s) => s.parse().map(Some).map_err(|_| {
                domain::ValidationError::new(field, "must be a number of days").into()
            }),
        }
    }
}

#[derive(Template)]
#[template(path = "policy_confirm.html")]
struct ConfirmPage {
    chrome: Chrome,
    id: String,
    heading: String,
    text: String,
    word: &'static str,
    button: String,
    missing: Vec<String>,
    /// "Members who will be stopped (3)".
    stopped_heading: String,
    fields: Vec<(&'static str, String)>,
}

pub async fn policy_post(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    Path(raw): Path<String>,
    CsrfForm {
        auth,
        back: path,
        form: f,
        ..
    }: CsrfForm<PolicyForm, Full, Here>,
) -> WebResult {
    let org = org_id(&raw)?;
    let (allowed, exempt, trusted) = (f.allowed(), f.exempt(), f.trusted());
    let Parsed {
        enforce_from,
        remembered_days,
        new_member_days,
    } = match f.parsed() {
        Ok(v) => v,
        Err(e) => {
            let error = Some(i18n::error_text(&e));
            return policy_page(&st, &auth, &org, Some(&f), error, None).await;
        }
    };
    let input = PolicyInput {
        enforced: f.enforced.is_some(),
        enforce_from,
        require_all_enrolled: Some(f.require_all_enrolled.is_some()),
        exempt_clients: Some(&exempt),
        allowed_methods: Some(&allowed),
        allow_remembered_devices: Some(f.allow_remembered_devices.is_some()),
        remembered_device_days: remembered_days,
        remembered_device_networks: Some(f.networks()),
        trusted_networks: Some(&trusted),
        new_member_days,
        allow_app_passwords: Some(f.allow_app_passwords.is_some()),
        auto_enforce: Some(f.auto_enforce.is_some()),
    };
    let confirm = f.confirm.as_deref().filter(|c| !c.trim().is_empty());
    match policies::update(&st, &auth, &org, &input, confirm, ip.as_deref()).await {
        Ok(_) => Ok(Redirect::to(&format!("{path}?flash=saved")).into_response()),
        Err(AppError::ConfirmationRequired(word)) => {
            confirm_page(&st, &auth, &org, &f, word, &path).await
        }
        Err(AppError::MembersWithoutMfa { members, total }) => {
            let names: Vec<String> = members.iter().map(|m| m.email.clone()).collect();
            let error = i18n::current().with(
                "policy-strict-error",
                &[
                    ("count", Arg::from(total)),
                    ("emails", Arg::from(names.join(", "))),
                ],
            );
            policy_page(&st, &auth, &org, None, Some(error), None).await
        }
        Err(AppError::ReauthenticationRequired(_)) => {
            Err(WebError::Redirect("/account/security?reauth=1".to_owned()))
        }
        Err(e @ AppError::Validation(_)) => {
            let error = Some(i18n::error_text(&e));
            policy_page(&st, &auth, &org, Some(&f), error, None).await
        }
        Err(e) => Err(WebError::from_app(e, &path)),
    }
}

/// The page that asks to type `word` (`ENFORCE`, `STOP`) to confirm the change in `f`, listing
/// who would be stopped; again with an error when the word typed was wrong.
async fn confirm_page(
    st: &AppState,
    auth: &Authenticated,
    org: &OrgId,
    f: &PolicyForm,
    word: &'static str,
    path: &str,
) -> WebResult {
    let enforcing = word == "ENFORCE";
    let kinds: Vec<MethodKind> = f
        .allowed()
        .iter()
        .filter_map(|k| MethodKind::parse(k).ok())
        .collect();
    let missing = if enforcing {
        let only = (!kinds.is_empty()).then_some(&kinds[..]);
        compliance::preview(st, &auth.session.account_id, org, only)
            .await
            .map_err(|e| WebError::from_app(e, path))?
            .0
    } else {
        Vec::new()
    };
    let now = st.clock.now();
    let scheduled = f
        .parsed()
        .ok()
        .and_then(|p| p.enforce_from)
        .is_some_and(|from| from > now);
    // Already enforced: the change stops members at once (a date cleared or brought forward,
    // fewer methods or apps accepted).
    let already = policies::get(st, &auth.session.account_id, org)
        .await
        .map_err(|e| WebError::from_app(e, path))?
        .enforced;
    let tr = i18n::current();
    let (heading, text, button) = confirm_words(&tr, enforcing, scheduled, already);
    let retry = f.confirm.as_deref().is_some_and(|c| !c.trim().is_empty());
    let mut chrome = Chrome::signed_in(st, auth);
    if retry {
        chrome.error = Some(tr.t1("policy-confirm-retry", "word", word));
    }
    Ok(page(
        if retry {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::OK
        },
        &ConfirmPage {
            chrome,
            id: org.to_string(),
            heading,
            text,
            word,
            button,
            stopped_heading: tr.n(
                "policy-confirm-stopped-heading",
                "count",
                count(missing.len()),
            ),
            missing: missing
                .iter()
                .take(LISTED)
                .map(|m| m.email.to_string())
                .collect(),
            fields: f.fields(),
        },
    ))
}

/// The confirmation page's heading, text and button.
fn confirm_words(
    tr: &Tr,
    enforcing: bool,
    scheduled: bool,
    already: bool,
) -> (String, String, String) {
    if !enforcing {
        return (
            tr.t("policy-stop-heading"),
            tr.t("policy-stop-text"),
            tr.t("policy-stop-button"),
        );
    }
    if already {
        return (
            tr.t("policy-enforce-now-heading"),
            tr.t("policy-enforce-text-now"),
            tr.t("policy-enforce-now-button"),
        );
    }
    let text = if scheduled {
        tr.t("policy-enforce-text-scheduled")
    } else {
        tr.t("policy-enforce-text-now")
    };
    (
        tr.t("policy-enforce-heading"),
        text,
        tr.t("policy-enforce-button"),
    )
}
