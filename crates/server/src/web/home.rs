//! Home: where a signed-in person lands. Their organizations (role, whether each requires 2FA,
//! their own standing and deadline), invitations waiting for them, what to do next, and a form
//! to create an organization.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::OrgName;
use serde::Deserialize;

use super::extract::{CsrfForm, Full, Gate, Home, Step, WebSession};
use super::session::{Chrome, WebError, day, page};
use crate::error::AppError;
use crate::extract::ClientIp;
use crate::i18n::{self, Tr};
use crate::services::signed_in::{self, Authenticated};
use crate::services::{invitation_lists, mfa, orgs, push};
use crate::state::AppState;

type WebResult = Result<Response, WebError>;

/// Fewer recovery codes than this and home says to make new ones.
const FEW_RECOVERY_CODES: u32 = 3;

/// One thing to do next, most pressing first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum NextStep {
    /// No second factor, and an organization requires one by this day (or now).
    SetUpFor { org: String, by: Option<String> },
    /// No second factor at all.
    SetUp,
    /// Sign-ins from elsewhere wait for approval here.
    Approve(usize),
    /// Few recovery codes left.
    RecoveryCodes(u32),
    /// Invitations wait.
    Invitations(usize),
}

/// What the account has, as home needs it.
pub(super) struct Standing<'a> {
    pub has_2fa: bool,
    /// Organizations whose requirement the account does not meet: name, deadline if any.
    pub unmet: &'a [(String, Option<String>)],
    pub recovery_codes_left: u32,
    pub sign_ins_waiting: usize,
    pub invitations: usize,
}

/// What to do next, in the order it matters: a requirement first, then a second factor at all,
/// then what waits for an answer, then upkeep.
pub(super) fn next_steps(s: &Standing<'_>) -> Vec<NextStep> {
    let mut steps: Vec<NextStep> = s
        .unmet
        .iter()
        .map(|(org, by)| NextStep::SetUpFor {
            org: org.clone(),
            by: by.clone(),
        })
        .collect();
    if !s.has_2fa && steps.is_empty() {
        steps.push(NextStep::SetUp);
    }
    if s.sign_ins_waiting > 0 {
        steps.push(NextStep::Approve(s.sign_ins_waiting));
    }
    if s.has_2fa && s.recovery_codes_left < FEW_RECOVERY_CODES {
        steps.push(NextStep::RecoveryCodes(s.recovery_codes_left));
    }
    if s.invitations > 0 {
        steps.push(NextStep::Invitations(s.invitations));
    }
    steps
}

/// A next step as the page shows it: what, and the link that does it.
struct StepRow {
    text: String,
    href: &'static str,
    action: String,
}

/// `n` for a message's `count`.
fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

impl StepRow {
    /// `step` in the words of `tr`.
    fn new(step: NextStep, tr: &Tr) -> Self {
        let set_up = || tr.t("home-action-set-up");
        let (text, href, action) = match step {
            NextStep::SetUpFor { org, by: Some(by) } => (
                tr.t2("home-step-set-up-by", "org", org, "date", by),
                "/account/security",
                set_up(),
            ),
            NextStep::SetUpFor { org, by: None } => (
                tr.t1("home-step-set-up-now", "org", org),
                "/account/security",
                set_up(),
            ),
            NextStep::SetUp => (tr.t("home-step-set-up"), "/account/security", set_up()),
            NextStep::Approve(n) => (
                tr.n("home-step-approve", "count", count(n)),
                "/account/sign-in-requests",
                tr.t("home-action-approve"),
            ),
            NextStep::RecoveryCodes(n) => (
                tr.n("home-step-recovery-codes", "count", n),
                "/account/security",
                tr.t("home-action-recovery-codes"),
            ),
            NextStep::Invitations(n) => (
                tr.n("home-step-invitations", "count", count(n)),
                "/account/invitations",
                tr.t("home-see-invitations"),
            ),
        };
        Self { text, href, action }
    }
}

struct OrgRow {
    id: String,
    name: String,
    role: String,
    /// Whether it requires 2FA: yes, from a date (scheduled), or no.
    requires_2fa: String,
    /// The member's own standing: "Set up", "Missing: due …", in the page's language.
    standing: String,
    ok: bool,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    chrome: Chrome,
    name: String,
    steps: Vec<StepRow>,
    orgs: Vec<OrgRow>,
    invitations: usize,
    org_name: String,
}

/// Signed in with nothing owed, home; a session that owes something goes where the gates send
/// it (the security page lets them through to it); signed out, sign-in.
#[derive(Deserialize, Default)]
pub struct HomeQuery {
    flash: Option<String>,
}

pub async fn home_get(
    State(st): State<AppState>,
    session: Option<WebSession<Step>>,
    Query(q): Query<HomeQuery>,
) -> WebResult {
    match session {
        Some(s) if <Full as Gate>::admit(&st, &s.auth).is_ok() => {
            let said = Said {
                error: None,
                flash: super::account::flash_text(q.flash.as_deref()),
            };
            render(&st, &s.auth, StatusCode::OK, said, String::new()).await
        }
        Some(_) => Ok(Redirect::to("/account/security").into_response()),
        None => Ok(Redirect::to("/sign-in").into_response()),
    }
}

/// What the page says above its content.
#[derive(Default)]
struct Said {
    error: Option<String>,
    flash: Option<String>,
}

async fn render(
    st: &AppState,
    auth: &Authenticated,
    status: StatusCode,
    said: Said,
    org_name: String,
) -> WebResult {
    let fail = |e| WebError::from_app(e, "/");
    let s = &auth.session;
    let has_2fa = !s.methods.is_empty();
    let policies = signed_in::OrgPolicies::of(&auth.orgs);
    let refs = policies.refs();
    let now = st.clock.now();
    let unmet = domain::access::unmet(&s.methods, s.credential(), &refs, now);
    let unmet: Vec<(domain::OrgId, String, Option<String>)> = unmet
        .iter()
        .map(|(o, by)| (o.org_id.clone(), o.name.to_owned(), by.map(day)))
        .collect();
    let (left, waiting) = if has_2fa {
        let (_, left) = mfa::overview(st, &s.account_id).await.map_err(fail)?;
        let waiting = push::session_requests(st, auth).await.map_err(fail)?.len();
        (left, waiting)
    } else {
        (0, 0)
    };
    let invitations = invitation_lists::mine(st, auth).await.map_err(fail)?.len();
    let named: Vec<(String, Option<String>)> = unmet
        .iter()
        .map(|(_, n, by)| (n.clone(), by.clone()))
        .collect();
    let steps = next_steps(&Standing {
        has_2fa,
        unmet: &named,
        recovery_codes_left: left,
        sign_ins_waiting: waiting,
        invitations,
    });
    let tr = i18n::current();
    let orgs = auth
        .orgs
        .iter()
        .map(|m| {
            let missing = unmet.iter().find(|(id, _, _)| *id == m.org.id);
            let (standing, ok) = match missing {
                Some((_, _, Some(by))) => (tr.t1("home-standing-due", "date", by), false),
                Some((_, _, None)) => (tr.t("home-standing-stopped"), false),
                None if has_2fa => (tr.t("home-standing-set-up"), true),
                None => (tr.t("home-standing-not-required"), true),
            };
            OrgRow {
                id: m.org.id.to_string(),
                name: m.org.name.clone(),
                role: tr.role(m.membership.role),
                requires_2fa: match m.policy.org_deadline() {
                    Some(_) if m.policy.in_force(now) => tr.t("home-yes"),
                    Some(from) => tr.t1("home-from", "date", day(from)),
                    None => tr.t("home-no"),
                },
                standing,
                ok,
            }
        })
        .collect();
    let mut chrome = Chrome::signed_in(st, auth);
    chrome.error = said.error;
    chrome.flash = said.flash;
    Ok(page(
        status,
        &HomePage {
            chrome,
            name: s.name.clone(),
            steps: steps.into_iter().map(|s| StepRow::new(s, &tr)).collect(),
            orgs,
            invitations,
            org_name,
        },
    ))
}

#[derive(Deserialize)]
pub struct CreateOrgForm {
    name: String,
}

/// Creates an organization owned by the caller, then opens it.
pub async fn org_create_post(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    CsrfForm { auth, form: f, .. }: CsrfForm<CreateOrgForm, Full, Home>,
) -> WebResult {
    let name = match OrgName::parse(&f.name) {
        Ok(n) => n,
        Err(e) => {
            let message = i18n::error_text(&AppError::from(e));
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            let said = Said {
                error: Some(message),
                flash: None,
            };
            return render(&st, &auth, status, said, f.name).await;
        }
    };
    let org = orgs::create(&st, &auth.session.account_id, name, ip.as_deref())
        .await
        .map_err(|e| WebError::from_app(e, "/"))?;
    Ok(Redirect::to(&format!("/orgs/{}", org.id)).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn standing(has_2fa: bool) -> Standing<'static> {
        Standing {
            has_2fa,
            unmet: &[],
            recovery_codes_left: 10,
            sign_ins_waiting: 0,
            invitations: 0,
        }
    }

    #[test]
    fn a_requirement_comes_first_and_replaces_the_general_advice() {
        let unmet = [("Acme".to_owned(), Some("24 Dec 2026".to_owned()))];
        let s = Standing {
            unmet: &unmet,
            invitations: 2,
            ..standing(false)
        };
        assert_eq!(
            next_steps(&s),
            vec![
                NextStep::SetUpFor {
                    org: "Acme".to_owned(),
                    by: Some("24 Dec 2026".to_owned())
                },
                NextStep::Invitations(2)
            ]
        );
    }

    #[test]
    fn without_2fa_the_next_step_is_to_set_it_up() {
        assert_eq!(next_steps(&standing(false)), vec![NextStep::SetUp]);
        // Recovery codes are no concern of an account without 2FA.
        let s = Standing {
            recovery_codes_left: 0,
            ..standing(false)
        };
        assert_eq!(next_steps(&s), vec![NextStep::SetUp]);
    }

    #[test]
    fn with_2fa_sign_ins_to_approve_and_few_codes_are_said() {
        assert_eq!(next_steps(&standing(true)), vec![]);
        let s = Standing {
            recovery_codes_left: 2,
            sign_ins_waiting: 1,
            ..standing(true)
        };
        assert_eq!(
            next_steps(&s),
            vec![NextStep::Approve(1), NextStep::RecoveryCodes(2)]
        );
        let s = Standing {
            recovery_codes_left: 3,
            ..standing(true)
        };
        assert_eq!(next_steps(&s), vec![]);
    }

    #[test]
    fn steps_read_in_the_language_of_the_page() {
        let by = NextStep::SetUpFor {
            org: "Acme".to_owned(),
            by: Some("15 Jan 2031".to_owned()),
        };
        let en = StepRow::new(by, &Tr::new(domain::Locale::En));
        assert_eq!(
            en.text,
            "Acme requires two-factor authentication: set it up by 15 Jan 2031."
        );
        assert_eq!(en.action, "Set up two-factor authentication");
        assert_eq!(en.href, "/account/security");
        let en = StepRow::new(NextStep::Invitations(2), &Tr::new(domain::Locale::En));
        assert_eq!(en.text, "2 invitation(s) wait for you.");
        let fr = StepRow::new(NextStep::Invitations(2), &Tr::new(domain::Locale::Fr));
        assert_eq!(fr.text, "2 invitations vous attendent.");
        assert_eq!(fr.href, "/account/invitations");
        let fr = StepRow::new(NextStep::RecoveryCodes(1), &Tr::new(domain::Locale::Fr));
        assert_eq!(fr.text, "Il ne vous reste qu’un code de récupération.");
        let de = StepRow::new(NextStep::SetUp, &Tr::new(domain::Locale::De));
        assert_eq!(de.action, "Zwei-Faktor-Authentifizierung einrichten");
    }
}
