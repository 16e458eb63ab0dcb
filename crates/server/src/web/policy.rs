//! The organization's two-factor policy page with the preview of who would be stopped and the
//! typed confirmation (`ENFORCE`, `STOP`); invitations (sending, accepting); the audit log.

use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use domain::mfa_policy::PolicyInput;
use domain::page::Limit;
use domain::{ClientKind, Email, MembershipKind, MethodKind, MfaPolicy, OrgId, Role};
use serde::Deserialize;
use time::OffsetDateTime;

use super::session::{Chrome, Need, WebError, check_csrf, org_id, page, query_escape, require};
use crate::error::AppError;
use crate::extract::ClientIp;
use crate::services::invitations;
use crate::services::{compliance, orgs, policies};
use crate::state::AppState;

type WebResult = Result<Response, WebError>;

/// How many of the members who would be stopped a page lists (the CSV has them all).
const LISTED: usize = 100;

const DATETIME_LOCAL: &[time::format_description::FormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]");

#[derive(Template)]
#[template(path = "policy.html")]
struct PolicyPage {
    chrome: Chrome,
    id: String,
    name: String,
    members: i64,
    enrolled: i64,
    percentage: f64,
    missing: Vec<String>,
    missing_total: usize,
    enforced: bool,
    enforce_from: String,
    strict: bool,
    auto: bool,
    methods: Vec<(&'static str, &'static str, bool)>,
    clients: Vec<(&'static str, &'static str, bool)>,
    remembered: bool,
    remembered_days: u32,
    new_member_days: u32,
    app_passwords: bool,
}

async fn policy_page(
    st: &AppState,
    auth: &crate::services::signed_in::Authenticated,
    org: &OrgId,
    shown: Option<&MfaPolicy>,
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
    let p = shown.unwrap_or(&saved);
    let (missing, counts) = compliance::preview(st, caller, org, Some(&p.allowed_methods))
        .await
        .map_err(|e| WebError::from_app(e, &path))?;
    let mut chrome = Chrome::signed_in(st, auth);
    chrome.error = error;
    chrome.flash = flash;
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
            members: counts.members,
            enrolled: counts.mfa_enabled,
            percentage: compliance::percentage(counts),
            missing_total: missing.len(),
            missing: missing
                .iter()
                .take(LISTED)
                .map(|m| format!("{}{}", m.email, if m.external { " (external)" } else { "" }))
                .collect(),
            enforced: p.enforced,
            enforce_from: p
                .enforce_from
                .and_then(|t| t.format(DATETIME_LOCAL).ok())
                .unwrap_or_default(),
            strict: p.require_all_enrolled,
            auto: p.auto_enforce,
            methods: MethodKind::ALL
                .iter()
                .map(|k| (k.as_str(), k.describe(), p.allowed_methods.contains(k)))
                .collect(),
            clients: [
                (ClientKind::Native, "Desktop and mobile apps"),
                (ClientKind::Sync, "Sync tools (app passwords)"),
                (ClientKind::Web, "The web console"),
            ]
            .into_iter()
            .map(|(c, label)| (c.as_str(), label, p.exempt_clients.contains(&c)))
            .collect(),
            remembered: p.allow_remembered_devices,
            remembered_days: p.remembered_device_days,
            new_member_days: p.new_member_days,
            app_passwords: p.allow_app_passwords,
        },
    ))
}

#[derive(Deserialize, Default)]
pub struct FlashQuery {
    flash: Option<String>,
}

pub async fn policy_get(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(raw): Path<String>,
    Query(q): Query<FlashQuery>,
) -> WebResult {
    let path = format!("/orgs/{raw}/policy");
    let auth = require(&st, &headers, &path, Need::Full).await?;
    let org = org_id(&raw)?;
    let flash = (q.flash.as_deref() == Some("saved")).then(|| "The policy was saved.".to_owned());
    policy_page(&st, &auth, &org, None, None, flash).await
}

/// The policy form: one field per checkbox, since HTML repeats names for lists.
#[derive(Deserialize, Default, Clone)]
pub struct PolicyForm {
    csrf: String,
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
    new_member_days: Option<String>,
    allow_app_passwords: Option<String>,
    confirm: Option<String>,
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
        put("new_member_days", &self.new_member_days);
        put("allow_app_passwords", &self.allow_app_passwords);
        out
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
    heading: &'static str,
    text: String,
    word: &'static str,
    button: &'static str,
    missing: Vec<String>,
    missing_total: usize,
    fields: Vec<(&'static str, String)>,
}

pub async fn policy_post(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Path(raw): Path<String>,
    Form(f): Form<PolicyForm>,
) -> WebResult {
    let path = format!("/orgs/{raw}/policy");
    let auth = require(&st, &headers, &path, Need::Full).await?;
    check_csrf(&st, &auth, &f.csrf)?;
    let org = org_id(&raw)?;
    let allowed: Vec<String> = [
        ("totp", &f.allow_totp),
        ("webauthn", &f.allow_webauthn),
        ("sms", &f.allow_sms),
        ("push", &f.allow_push),
    ]
    .into_iter()
    .filter(|(_, v)| v.is_some())
    .map(|(k, _)| k.to_owned())
    .collect();
    let exempt: Vec<String> = [
        ("native", &f.exempt_native),
        ("sync", &f.exempt_sync),
        ("web", &f.exempt_web),
    ]
    .into_iter()
    .filter(|(_, v)| v.is_some())
    .map(|(k, _)| k.to_owned())
    .collect();
    let parsed = (|| {
        let enforce_from = match f
            .enforce_from
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            None => None,
            Some(s) => Some(
                time::PrimitiveDateTime::parse(s, DATETIME_LOCAL)
                    .map_err(|_| {
                        domain::ValidationError::new("enforce_from", "must be a date and time")
                    })?
                    .assume_utc(),
            ),
        };
        Ok::<_, AppError>((
            enforce_from,
            PolicyForm::days(
                f.remembered_device_days.as_deref(),
                "remembered_device_days",
            )?,
            PolicyForm::days(f.new_member_days.as_deref(), "new_member_days")?,
        ))
    })();
    let (enforce_from, remembered_days, new_member_days) = match parsed {
        Ok(v) => v,
        Err(e) => return policy_page(&st, &auth, &org, None, Some(e.to_string()), None).await,
    };
    let input = PolicyInput {
        enforced: f.enforced.is_some(),
        enforce_from,
        require_all_enrolled: Some(f.require_all_enrolled.is_some()),
        exempt_clients: Some(&exempt),
        allowed_methods: Some(&allowed),
        allow_remembered_devices: Some(f.allow_remembered_devices.is_some()),
        remembered_device_days: remembered_days,
        new_member_days,
        allow_app_passwords: Some(f.allow_app_passwords.is_some()),
        auto_enforce: Some(f.auto_enforce.is_some()),
    };
    let confirm = f.confirm.as_deref().filter(|c| !c.trim().is_empty());
    match policies::update(&st, &auth, &org, &input, confirm, ip.as_deref()).await {
        Ok(_) => Ok(Redirect::to(&format!("{path}?flash=saved")).into_response()),
        Err(AppError::ConfirmationRequired(word)) => {
            let caller = &auth.session.account_id;
            let kinds: Vec<MethodKind> = allowed
                .iter()
                .filter_map(|k| MethodKind::parse(k).ok())
                .collect();
            let missing = if word == "ENFORCE" {
                compliance::preview(&st, caller, &org, (!kinds.is_empty()).then_some(&kinds[..]))
                    .await
                    .map_err(|e| WebError::from_app(e, &path))?
                    .0
            } else {
                Vec::new()
            };
            let (heading, text, button) = if word == "ENFORCE" {
                (
                    "Turn on two-factor enforcement?",
                    match enforce_from {
                        Some(_) => "Members without an allowed second factor are emailed now and \
                                    stopped in the web console from the date you chose."
                            .to_owned(),
                        None => "Members without an allowed second factor are stopped in the \
                                 web console at their next request, and emailed."
                            .to_owned(),
                    },
                    "Turn on enforcement",
                )
            } else {
                (
                    "Stop two-factor enforcement?",
                    "Members without two-factor authentication will be let in again. The owners \
                     are emailed."
                        .to_owned(),
                    "Stop enforcement",
                )
            };
            let mut chrome = Chrome::signed_in(&st, &auth);
            if confirm.is_some() {
                chrome.error = Some(format!("Type {word} exactly, in capitals."));
            }
            Ok(page(
                if confirm.is_some() {
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
                    missing_total: missing.len(),
                    missing: missing
                        .iter()
                        .take(LISTED)
                        .map(|m| m.email.to_string())
                        .collect(),
                    fields: f.fields(),
                },
            ))
        }
        Err(AppError::MembersWithoutMfa { members, total }) => {
            let names: Vec<String> = members.iter().map(|m| m.email.clone()).collect();
            policy_page(
                &st,
                &auth,
                &org,
                None,
                Some(format!(
                    "Strict mode: {total} members do not have two-factor authentication yet ({}). \
                     Remind them, then try again.",
                    names.join(", ")
                )),
                None,
            )
            .await
        }
        Err(AppError::ReauthenticationRequired(_)) => {
            Err(WebError::Redirect("/account/security?reauth=1".to_owned()))
        }
        Err(e @ AppError::Validation(_)) => {
            policy_page(&st, &auth, &org, None, Some(e.to_string()), None).await
        }
        Err(e) => Err(WebError::from_app(e, &path)),
    }
}

// ----- invitations -----------------------------------------------------------------------

#[derive(Template)]
#[template(path = "invite.html")]
struct InvitePage {
    chrome: Chrome,
    id: String,
    name: String,
}

pub async fn invite_get(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(raw): Path<String>,
    Query(q): Query<FlashQuery>,
) -> WebResult {
    let path = format!("/orgs/{raw}/invitations");
    let auth = require(&st, &headers, &path, Need::Full).await?;
    let org = org_id(&raw)?;
    let (found, _) = orgs::view(&st, &auth.session.account_id, &org)
        .await
        .map_err(|e| WebError::from_app(e, &path))?;
    let mut chrome = Chrome::signed_in(&st, &auth);
    chrome.flash = q
        .flash
        .as_deref()
        .filter(|f| *f == "sent")
        .map(|_| "The invitation was sent.".to_owned());
    Ok(page(
        StatusCode::OK,
        &InvitePage {
            chrome,
            id: org.to_string(),
            name: found.name,
        },
    ))
}

#[derive(Deserialize)]
pub struct InviteForm {
    csrf: String,
    email: String,
    role: String,
    external: Option<String>,
    manage_account: Option<String>,
}

pub async fn invite_post(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Path(raw): Path<String>,
    Form(f): Form<InviteForm>,
) -> WebResult {
    let path = format!("/orgs/{raw}/invitations");
    let auth = require(&st, &headers, &path, Need::Full).await?;
    check_csrf(&st, &auth, &f.csrf)?;
    let org = org_id(&raw)?;
    let input = (|| {
        Ok::<_, AppError>(invitations::Invite {
            email: Email::parse(&f.email)?,
            role: Role::parse(&f.role)?,
            kind: MembershipKind::from_external(f.external.is_some()),
            manage_account: f.manage_account.is_some(),
        })
    })()
    .map_err(|e| WebError::from_app(e, &path))?;
    invitations::invite(&st, &auth, &org, input, ip.as_deref())
        .await
        .map_err(|e| WebError::from_app(e, &path))?;
    Ok(Redirect::to(&format!("{path}?flash=sent")).into_response())
}

/// The token of an invitation link, or 404 for anything that is not one.
fn invitation_token(raw: &str) -> Result<String, WebError> {
    domain::SecretToken::parse(raw)
        .map(|t| t.expose().to_owned())
        .ok_or_else(|| WebError::from_app(AppError::InvitationInvalid, "/"))
}

#[derive(Template)]
#[template(path = "invitation.html")]
struct InvitationPage {
    chrome: Chrome,
    token: String,
    org_name: String,
    role: String,
    /// The invitation asks to manage the account: the page explains it and asks for consent.
    manage_account: bool,
    needs_mfa: bool,
    back_q: String,
}

impl InvitationPage {
    fn new(
        chrome: Chrome,
        token: String,
        offer: &store::invitations::Invitation,
        path: &str,
    ) -> Self {
        Self {
            chrome,
            token,
            org_name: offer.org_name.clone(),
            role: offer.role.as_str().replace('_', " "),
            manage_account: offer.manage_account,
            needs_mfa: false,
            back_q: query_escape(path),
        }
    }
}

/// The accept form: the CSRF token and, for an invitation that asks to manage the account,
/// the consent checkbox.
#[derive(Deserialize)]
pub struct AcceptForm {
    csrf: String,
    accept_management: Option<String>,
}

pub async fn invitation_get(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> WebResult {
    // Only a well-formed token goes into the page (and its form's action).
    let token = invitation_token(&token)?;
    let path = format!("/invitations/{token}");
    let auth = require(&st, &headers, &path, Need::Full).await?;
    let offer = invitations::invitation_offer(&st, &token)
        .await
        .map_err(|e| WebError::from_app(e, &path))?;
    let chrome = Chrome::signed_in(&st, &auth);
    Ok(page(
        StatusCode::OK,
        &InvitationPage::new(chrome, token, &offer, &path),
    ))
}

pub async fn invitation_post(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Path(token): Path<String>,
    Form(f): Form<AcceptForm>,
) -> WebResult {
    let token = invitation_token(&token)?;
    let path = format!("/invitations/{token}");
    let auth = require(&st, &headers, &path, Need::Full).await?;
    check_csrf(&st, &auth, &f.csrf)?;
    let consent = f.accept_management.is_some();
    match invitations::accept(&st, &auth, &token, consent, ip.as_deref()).await {
        Ok(a) => Ok(Redirect::to(&format!("/orgs/{}", a.org.id)).into_response()),
        Err(e @ (AppError::MfaRequiredToJoin | AppError::ManagementConsentRequired)) => {
            let offer = invitations::invitation_offer(&st, &token)
                .await
                .map_err(|e| WebError::from_app(e, &path))?;
            let mut chrome = Chrome::signed_in(&st, &auth);
            chrome.error = Some(e.to_string());
            let status = if matches!(e, AppError::MfaRequiredToJoin) {
                StatusCode::FORBIDDEN
            } else {
                StatusCode::CONFLICT
            };
            let mut p = InvitationPage::new(chrome, token, &offer, &path);
            p.needs_mfa = matches!(e, AppError::MfaRequiredToJoin);
            Ok(page(status, &p))
        }
        Err(e) => Err(WebError::from_app(e, &path)),
    }
}

// ----- audit log -------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    chrome: Chrome,
    id: String,
    name: String,
    events: Vec<(String, String, String, String)>,
    next_cursor: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct AuditQuery {
    cursor: Option<String>,
}

pub async fn audit_get(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(raw): Path<String>,
    Query(q): Query<AuditQuery>,
) -> WebResult {
    let path = format!("/orgs/{raw}/audit");
    let auth = require(&st, &headers, &path, Need::Full).await?;
    let org = org_id(&raw)?;
    let caller = &auth.session.account_id;
    let before = q
        .cursor
        .as_deref()
        .filter(|c| !c.is_empty())
        .map(|c| {
            domain::AuditEventId::parse(c)
                .map_err(|_| WebError::from_app(AppError::NotFound("page"), &path))
        })
        .transpose()?;
    let limit = Limit::parse(Some(50)).map_err(|e| WebError::from_app(e.into(), &path))?;
    let (events, next) = orgs::audit_log(
        &st,
        caller,
        &org,
        before.as_ref().map(domain::AuditEventId::as_str),
        limit,
    )
    .await
    .map_err(|e| WebError::from_app(e, &path))?;
    let (found, _) = orgs::view(&st, caller, &org)
        .await
        .map_err(|e| WebError::from_app(e, &path))?;
    let when = |t: OffsetDateTime| {
        t.format(time::macros::format_description!(
            "[year]-[month]-[day] [hour]:[minute]:[second]"
        ))
        .unwrap_or_default()
    };
    Ok(page(
        StatusCode::OK,
        &AuditPage {
            chrome: Chrome::signed_in(&st, &auth),
            id: org.to_string(),
            name: found.name,
            events: events
                .into_iter()
                .map(|e| {
                    (
                        when(e.at),
                        e.actor.unwrap_or_else(|| "twofold".to_owned()),
                        e.action,
                        e.target.unwrap_or_default(),
                    )
                })
                .collect(),
            next_cursor: next,
        },
    ))
}
