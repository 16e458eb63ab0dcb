//! The security page: the account's second factors (default, removal, turning 2FA off,
//! re-authentication), app passwords and remembered devices. Adding a factor is in `enroll.rs`
//! and `factors.rs`.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use domain::MethodKind;
use domain::method::StepKind;
use serde::Deserialize;

use super::account::flash_text;
use super::extract::{CsrfForm, Full, Here, NoFields, Security, Setup, WebSession};
use super::session::{Chrome, WebError, day, page, query_escape, safe_next};
use crate::error::AppError;
use crate::extract::ClientIp;
use crate::extract::user_agent;
use crate::i18n::{self, Arg, Tr};
use crate::services::signed_in;
use crate::services::{app_passwords, devices, mfa, second_step};
use crate::state::AppState;

type WebResult = Result<Response, WebError>;

// ----- security page ---------------------------------------------------------------------

struct MethodRow {
    id: String,
    label: String,
    /// The kind of second factor, in the page's language.
    describe: String,
    is_default: bool,
    added: String,
}

struct AppPasswordRow {
    id: String,
    label: String,
    created: String,
    used: String,
}

struct DeviceRow {
    id: String,
    label: String,
    /// The network it was remembered on (`192.0.2.0/24`).
    network: String,
    /// Its holder remembered it on that network only.
    only_there: bool,
    /// When and from where it last skipped the second step.
    last_used: String,
    created: String,
    until: String,
}

/// How many methods of each kind the account has: each kind's card says it.
#[derive(Default)]
struct Counts {
    keys: u32,
    apps: u32,
    devices: u32,
    phones: u32,
}

impl Counts {
    fn of(methods: &[proto::mfa::MethodView]) -> Self {
        use proto::names::MethodType as T;
        let mut c = Self::default();
        for m in methods {
            match m.kind {
                T::Webauthn => c.keys += 1,
                T::Totp => c.apps += 1,
                T::Push => c.devices += 1,
                T::Sms => c.phones += 1,
            }
        }
        c
    }
}

/// A kind of second factor, in brackets after its label: `security key`, `passkey, synced`.
fn describe(tr: Tr, m: &proto::mfa::MethodView) -> String {
    use proto::names::MethodType as T;
    match m.kind {
        T::Webauthn => match &m.webauthn {
            Some(w) if w.passkey && w.backup_eligible => tr.t("sec-kind-passkey-synced"),
            Some(w) if w.passkey => tr.t("sec-kind-passkey"),
            _ => tr.t("sec-kind-webauthn"),
        },
        T::Push => tr.t("sec-kind-push"),
        T::Totp => tr.t("sec-kind-totp"),
        T::Sms => tr.t("sec-kind-sms"),
    }
}

#[derive(Template)]
#[template(path = "security.html")]
struct SecurityPage {
    chrome: Chrome,
    next: String,
    methods: Vec<MethodRow>,
    counts: Counts,
    recovery_codes_left: u32,
    requirements: Vec<String>,
    /// For each organization that stops the account and counts it as a guest: its id, and the
    /// words of a link to leave it instead.
    leave: Vec<(String, String)>,
    /// The organization that manages the account (may reset its 2FA), if any.
    managed_by: Option<String>,
    reauth: bool,
    app_passwords: Vec<AppPasswordRow>,
    new_app_password: Option<String>,
    devices: Vec<DeviceRow>,
}

#[derive(Deserialize, Default)]
pub struct SecurityQuery {
    next: Option<String>,
    flash: Option<String>,
    reauth: Option<String>,
}

/// What the security page shows besides the account's state.
#[derive(Default)]
pub(super) struct SecurityExtras {
    pub status: Option<StatusCode>,
    pub flash: Option<String>,
    pub error: Option<String>,
    pub reauth: bool,
    pub new_app_password: Option<String>,
}

/// The security page for `auth`, with `extras`.
pub(super) async fn security_page(
    st: &AppState,
    auth: &signed_in::Authenticated,
    next: String,
    extras: SecurityExtras,
) -> WebResult {
    let account = &auth.session.account_id;
    let fail = |e| WebError::from_app(e, "/account/security");
    let (methods, left) = mfa::overview(st, account).await.map_err(fail)?;
    let app_passwords = app_passwords::list(st, account).await.map_err(fail)?;
    let devices = devices::list(st, account).await.map_err(fail)?;
    let managed_by = auth
        .orgs
        .iter()
        .find(|o| o.manages_account)
        .map(|o| o.org.name.clone());
    let mut chrome = Chrome::signed_in(st, auth);
    chrome.flash = extras.flash;
    chrome.error = extras.error;
    let tr = chrome.tr;
    Ok(page(
        extras.status.unwrap_or(StatusCode::OK),
        &SecurityPage {
            app_passwords: app_passwords
                .into_iter()
                .map(|a| AppPasswordRow {
                    id: a.id.to_string(),
                    label: a.label,
                    created: day(a.created_at),
                    used: a.last_used_at.map_or_else(|| tr.t("sec-never"), day),
                })
                .collect(),
            new_app_password: extras.new_app_password,
            devices: devices
                .into_iter()
                .map(|d| DeviceRow {
                    id: d.id.to_string(),
                    network: domain::network::network_of(d.ip.as_deref())
                        .map_or_else(|| tr.t("sec-device-network-unknown"), |n| n.to_string()),
                    only_there: d.networks == domain::network::DeviceNetworks::Known,
                    last_used: match (&d.last_ip, d.last_used_at > d.created_at) {
                        (_, false) => tr.t("sec-never"),
                        (None, true) => day(d.last_used_at),
                        (Some(ip), true) => tr.with(
                            "sec-device-used-from",
                            &[
                                ("date", Arg::from(day(d.last_used_at))),
                                ("address", Arg::from(ip.clone())),
                            ],
                        ),
                    },
                    label: d.label,
                    created: day(d.created_at),
                    until: day(d.expires_at),
                })
                .collect(),
            chrome,
            next,
            counts: Counts::of(&methods),
            methods: methods
                .into_iter()
                .map(|m| MethodRow {
                    describe: describe(tr, &m),
                    id: m.id,
                    label: m.label,
                    is_default: m.is_default,
                    added: day(m.created_at),
                })
                .collect(),
            recovery_codes_left: left,
            managed_by,
            leave: guest_ways_out(st, auth, &tr),
            requirements: requirements(st, auth, tr),
            reauth: extras.reauth,
        },
    ))
}

/// What the account owes: a new second factor after a reset, and each organization's
/// requirement it does not meet yet.
fn requirements(st: &AppState, auth: &signed_in::Authenticated, tr: Tr) -> Vec<String> {
    let policies = signed_in::OrgPolicies::of(&auth.orgs);
    let refs = policies.refs();
    let unmet = domain::access::unmet(
        &auth.session.methods,
        auth.session.credential(),
        &refs,
        st.clock.now(),
    );
    let mut requirements = Vec::new();
    if auth.session.mfa_setup_due {
        requirements.push(tr.t("sec-req-reset"));
    }
    requirements.extend(unmet.iter().map(|(o, deadline)| match deadline {
        Some(d) => tr.t2("sec-req-deadline", "org", o.name, "date", tr.date(*d)),
        None => tr.t1("sec-req-now", "org", o.name),
    }));
    requirements
}

/// The organizations whose requirement the account does not meet and that count it as a
/// guest, with the words of a link to leave instead.
fn guest_ways_out(
    st: &AppState,
    auth: &signed_in::Authenticated,
    tr: &Tr,
) -> Vec<(String, String)> {
    let policies = signed_in::OrgPolicies::of(&auth.orgs);
    let refs = policies.refs();
    let now = st.clock.now();
    domain::access::unmet(&auth.session.methods, auth.session.credential(), &refs, now)
        .iter()
        .filter(|(o, _)| {
            auth.orgs
                .iter()
                .any(|m| &m.org.id == o.org_id && m.membership.kind.is_external())
        })
        .map(|(o, _)| (o.org_id.to_string(), tr.t1("sec-req-leave", "org", o.name)))
        .collect()
}

pub async fn security_get(
    State(st): State<AppState>,
    WebSession { auth, .. }: WebSession<Setup, Security>,
    Query(q): Query<SecurityQuery>,
) -> WebResult {
    let next = safe_next(q.next.as_deref(), "/account/security");
    security_page(
        &st,
        &auth,
        next,
        SecurityExtras {
            flash: flash_text(q.flash.as_deref()),
            reauth: q.reauth.is_some(),
            ..SecurityExtras::default()
        },
    )
    .await
}

/// The security page again, saying that an organization needs what was to be removed.
async fn refused_by_org(st: &AppState, auth: &signed_in::Authenticated) -> WebResult {
    security_page(
        st,
        auth,
        "/account/security".to_owned(),
        SecurityExtras {
            status: Some(StatusCode::CONFLICT),
            error: Some(i18n::error_text(&AppError::MfaRequiredByOrg)),
            ..SecurityExtras::default()
        },
    )
    .await
}

/// A change that needs a recent second factor asks for one on the security page; an account
/// without one needs a recent password sign-in instead, so it is sent to sign in again.
pub(super) fn reauth_or(e: AppError, auth: &signed_in::Authenticated, path: &str) -> WebError {
    match e {
        AppError::ReauthenticationRequired(_) if auth.session.methods.is_empty() => {
            WebError::Redirect(format!("/sign-in?next={}", query_escape(path)))
        }
        AppError::ReauthenticationRequired(_) => {
            WebError::Redirect("/account/security?reauth=1".to_owned())
        }
        other => WebError::from_app(other, path),
    }
}

fn method_id(raw: &str) -> Result<domain::MethodId, WebError> {
    domain::MethodId::parse(raw).map_err(|_| WebError::from_app(AppError::NotFound("method"), "/"))
}

pub async fn method_default_post(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    CsrfForm { auth, .. }: CsrfForm<NoFields, Setup, Security>,
) -> WebResult {
    mfa::set_default(&st, &auth, &method_id(&id)?, ip.as_deref())
        .await
        .map_err(|e| reauth_or(e, &auth, "/account/security"))?;
    Ok(Redirect::to("/account/security?flash=default_changed").into_response())
}

#[derive(Template)]
#[template(path = "confirm_remove.html")]
struct ConfirmRemovePage {
    chrome: Chrome,
    id: String,
    label: String,
    last: bool,
}

pub async fn method_remove_get(
    State(st): State<AppState>,
    WebSession { auth, .. }: WebSession<Setup, Security>,
    Path(id): Path<String>,
) -> WebResult {
    let methods = mfa::methods(&st, &auth.session.account_id)
        .await
        .map_err(|e| WebError::from_app(e, "/account/security"))?;
    let m = methods
        .iter()
        .find(|m| m.id == id)
        .ok_or_else(|| WebError::from_app(AppError::NotFound("method"), "/"))?;
    Ok(page(
        StatusCode::OK,
        &ConfirmRemovePage {
            chrome: Chrome::signed_in(&st, &auth),
            id: m.id.clone(),
            label: m.label.clone(),
            last: methods.len() == 1,
        },
    ))
}

pub async fn method_remove_post(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    CsrfForm { auth, .. }: CsrfForm<NoFields, Setup, Security>,
) -> WebResult {
    match mfa::remove(&st, &auth, &method_id(&id)?, ip.as_deref()).await {
        Ok(()) => Ok(Redirect::to("/account/security?flash=method_removed").into_response()),
        Err(AppError::MfaRequiredByOrg) => refused_by_org(&st, &auth).await,
        Err(e) => Err(reauth_or(e, &auth, "/account/security")),
    }
}

#[derive(Deserialize)]
pub struct ReauthForm {
    code: String,
}

pub async fn reauth_post(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    CsrfForm { auth, form: f, .. }: CsrfForm<ReauthForm, Setup, Security>,
) -> WebResult {
    let result = second_step::verify(
        &st,
        &auth,
        second_step::Attempt {
            kind: StepKind::Method(MethodKind::Totp),
            method_id: None,
            code: Some(f.code),
            challenge_id: None,
            credential: None,
            remember_device: None,
            ip,
            user_agent: user_agent(&headers),
        },
    )
    .await;
    match result {
        Ok(passed) => Ok(super::session::passed_redirect(
            &st,
            &passed,
            "/account/security?flash=confirmed",
        )),
        Err(
            e
            @ (AppError::InvalidCode | AppError::Validation(_) | AppError::TooManyAttempts { .. }),
        ) => {
            security_page(
                &st,
                &auth,
                "/account/security".to_owned(),
                SecurityExtras {
                    error: Some(i18n::error_text(&e)),
                    reauth: true,
                    ..SecurityExtras::default()
                },
            )
            .await
        }
        Err(e) => Err(WebError::from_app(e, "/account/security")),
    }
}

#[derive(Template)]
#[template(path = "confirm_off.html")]
struct ConfirmOffPage {
    chrome: Chrome,
    /// The organizations that require it, which turning it off would be refused by: said
    /// before, instead of the button.
    required_by: Option<String>,
}

pub async fn mfa_off_get(
    State(st): State<AppState>,
    WebSession { auth, .. }: WebSession<Setup, Here>,
) -> WebResult {
    let orgs = mfa::required_by(&st, &auth.session.account_id)
        .await
        .map_err(|e| WebError::from_app(e, "/account/security"))?;
    let required_by = (!orgs.is_empty()).then(|| {
        let names: Vec<String> = orgs.iter().map(|n| domain::sending::quoted(n)).collect();
        i18n::current().with(
            "sec-off-required-by",
            &[
                ("orgs", i18n::Arg::from(names.join(", "))),
                (
                    "count",
                    i18n::Arg::from(i64::try_from(names.len()).unwrap_or(i64::MAX)),
                ),
            ],
        )
    });
    Ok(page(
        StatusCode::OK,
        &ConfirmOffPage {
            chrome: Chrome::signed_in(&st, &auth),
            required_by,
        },
    ))
}

pub async fn mfa_off_post(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    CsrfForm { auth, .. }: CsrfForm<NoFields, Setup, Security>,
) -> WebResult {
    match mfa::disable(&st, &auth, ip.as_deref()).await {
        Ok(()) => Ok(Redirect::to("/account/security?flash=mfa_off").into_response()),
        Err(AppError::MfaRequiredByOrg) => refused_by_org(&st, &auth).await,
        Err(e) => Err(reauth_or(e, &auth, "/account/security")),
    }
}

#[derive(Deserialize)]
pub struct LabelForm {
    label: String,
}

pub async fn app_password_post(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    CsrfForm { auth, form: f, .. }: CsrfForm<LabelForm, Full, Security>,
) -> WebResult {
    let extras = match app_passwords::create(&st, &auth, &f.label, ip.as_deref()).await {
        Ok((_, _, password)) => SecurityExtras {
            new_app_password: Some(password.expose().to_owned()),
            ..SecurityExtras::default()
        },
        Err(e @ (AppError::Validation(_) | AppError::AppPasswordsNotAllowed)) => SecurityExtras {
            error: Some(i18n::error_text(&e)),
            ..SecurityExtras::default()
        },
        Err(e) => return Err(reauth_or(e, &auth, "/account/security")),
    };
    security_page(&st, &auth, "/account/security".to_owned(), extras).await
}

pub async fn app_password_revoke_post(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    CsrfForm { auth, .. }: CsrfForm<NoFields, Full, Security>,
) -> WebResult {
    let id = domain::AppPasswordId::parse(&id)
        .map_err(|_| WebError::from_app(AppError::NotFound("app password"), "/"))?;
    app_passwords::revoke(&st, &auth, &id, ip.as_deref())
        .await
        .map_err(|e| reauth_or(e, &auth, "/account/security"))?;
    Ok(Redirect::to("/account/security?flash=app_password_revoked").into_response())
}

pub async fn device_forget_post(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    CsrfForm { auth, .. }: CsrfForm<NoFields, Full, Security>,
) -> WebResult {
    let id = domain::DeviceId::parse(&id)
        .map_err(|_| WebError::from_app(AppError::NotFound("device"), "/"))?;
    devices::forget(&st, &auth, &id, ip.as_deref())
        .await
        .map_err(|e| reauth_or(e, &auth, "/account/security"))?;
    Ok(Redirect::to("/account/security?flash=device_forgotten").into_response())
}
