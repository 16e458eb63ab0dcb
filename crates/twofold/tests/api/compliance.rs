//! Compliance: preview, CSV export, reminders, security alerts, per-member deadlines,
//! auto-enforcement, admin reset and app passwords under a policy.

use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::join;
use crate::helpers::{
    KillOnDrop, PASSWORD, Res, TestApp, User, audit_events, create_app_password, email_day,
    emails_to, enroll_totp, enroll_totp_with, passed_token, put_policy, recovery_step, second_step,
    set_cookie_value, sign_in_native, sign_in_pending, sign_in_with_device, start_server, str_of,
    sync_whoami, unix_of, wait_for_emails,
};
use crate::{backend_tests, backend_tests_alone, backend_tests_with};

backend_tests!(
    the_preview_names_who_enforcing_would_block_under_the_saved_or_proposed_methods,
    the_member_list_counts_filters_and_shows_methods_by_what_the_policy_allows,
    the_csv_export_lists_each_member_and_no_cell_can_run_as_a_formula,
    reminders_go_once_per_window_to_members_without_an_allowed_method,
    an_invitee_joins_without_2fa_and_has_the_new_member_period,
    a_new_members_period_runs_from_joining_shortens_at_once_and_never_renews,
    an_admins_deadline_for_one_member_extends_or_shortens_at_once_and_is_audited,
    auto_enforcement_turns_on_when_the_last_member_sets_up_2fa,
    auto_enforcement_turns_on_when_the_last_member_without_2fa_leaves_or_is_removed,
    stopping_an_auto_enforced_organization_stops_it,
    app_passwords_are_refused_while_an_organization_of_the_account_forbids_them,
    the_head_counts_follow_joins_leaves_and_method_changes,
);

backend_tests_alone!(members_removed_while_setting_up_2fa_leave_the_head_counts_true);

backend_tests_with!(&crate::helpers::MFA_ENV;
    a_security_alert_describes_the_members_settings_without_a_secret,
    an_admin_reset_removes_the_members_factors_and_ends_every_way_in,
    only_owners_and_admins_with_a_recent_second_factor_reset_managed_members_but_themselves,
);

/// Reminders are never de-duplicated: every request sends again.
pub const NO_WINDOW_ENV: [(&str, &str); 1] = [("TWOFOLD_REMINDERS__WINDOW_HOURS", "0")];

backend_tests_with!(&crate::compliance::NO_WINDOW_ENV;
    without_a_window_each_request_reminds_again,
);

/// Every node looks for reminders due every second.
pub const TICK_ENV: [(&str, &str); 1] = [("TWOFOLD_REMINDERS__TICK_SECONDS", "1")];

backend_tests_with!(&crate::compliance::TICK_ENV;
    scheduled_reminders_go_once_a_week_and_once_a_day_before_even_with_two_nodes,
);

const DAY: i64 = 86_400;

/// Ann, the owner of Acme, with 2FA and a recent second factor in her session.
async fn acme(app: &TestApp) -> (User, String) {
    let ann = app.user("ann@example.org").await;
    enroll_totp(app, &ann).await;
    let org = app.org(&ann, "Acme").await;
    (ann, org)
}

/// A new account with a display name of its choosing, signed in.
async fn named_user(app: &TestApp, email: &str, name: &str) -> User {
    let res = app
        .post(
            "/api/v1/accounts",
            None,
            json!({"email": email, "password": PASSWORD, "name": name}),
        )
        .await;
    let id = str_of(&res.assert_status(201)["id"]);
    app.verify(email).await;
    let res = app.sign_in(email, PASSWORD).await;
    User {
        id,
        email: email.to_owned(),
        token: str_of(&res.assert_status(201)["token"]),
    }
}

async fn enforce(app: &TestApp, org: &str, by: &User, extra: Value) -> Value {
    let mut body = json!({"enforced": true, "confirm": "ENFORCE"});
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        b.extend(e.clone());
    }
    let res = put_policy(app, org, &by.token, body).await;
    assert_eq!(res.assert_status(200)["enforced"], true, "{}", res.text);
    res.body
}

async fn policy(app: &TestApp, org: &str, token: &str) -> Value {
    let res = app
        .get(&format!("/api/v1/orgs/{org}/mfa-policy"), token)
        .await;
    res.assert_status(200).clone()
}

async fn members(app: &TestApp, org: &str, token: &str, query: &str) -> Res {
    app.get(&format!("/api/v1/orgs/{org}/members{query}"), token)
        .await
}

/// The member list's rows (asserting a 200).
async fn member_rows(app: &TestApp, org: &str, token: &str, query: &str) -> Vec<Value> {
    let res = members(app, org, token, query).await;
    res.assert_status(200)["members"]
        .as_array()
        .cloned()
        .unwrap_or_else(|| panic!("no members in {}", res.text))
}

fn emails_in(rows: &[Value]) -> Vec<String> {
    rows.iter().map(|r| str_of(&r["email"])).collect()
}

#[track_caller]
fn row<'a>(rows: &'a [Value], email: &str) -> &'a Value {
    rows.iter()
        .find(|r| r["email"] == email)
        .unwrap_or_else(|| panic!("{email} not in {rows:?}"))
}

#[track_caller]
fn assert_counts(body: &Value, members: i64, mfa_enabled: i64, percentage: f64) {
    let c = &body["counts"];
    assert_eq!(c["members"], members, "{body}");
    assert_eq!(c["mfa_enabled"], mfa_enabled, "{body}");
    let p = c["percentage"]
        .as_f64()
        .unwrap_or_else(|| panic!("no percentage in {body}"));
    assert!(
        (p - percentage).abs() < 1e-9,
        "percentage {p}, expected {percentage}: {body}"
    );
}

/// `(email, user_id, external)` of each member a preview or a strict-mode refusal lists.
fn listed(v: &Value) -> Vec<(String, String, bool)> {
    v.as_array()
        .map(|a| {
            a.iter()
                .map(|m| {
                    (
                        str_of(&m["email"]),
                        str_of(&m["user_id"]),
                        m["external"].as_bool().unwrap_or_else(|| panic!("{m}")),
                    )
                })
                .collect()
        })
        .unwrap_or_else(|| panic!("not a list: {v}"))
}

fn entry(user: &User, external: bool) -> (String, String, bool) {
    (user.email.clone(), user.id.clone(), external)
}

async fn assert_blocked(app: &TestApp, org: &str, token: &str) {
    app.get(&format!("/api/v1/orgs/{org}"), token)
        .await
        .assert_problem(403, "mfa_setup_required");
}

async fn assert_let_through(app: &TestApp, org: &str, token: &str) {
    app.get(&format!("/api/v1/orgs/{org}"), token)
        .await
        .assert_status(200);
}

/// `GET /sessions/current`.
async fn current(app: &TestApp, token: &str) -> Value {
    let res = app.get("/api/v1/sessions/current", token).await;
    res.assert_status(200).clone()
}

/// A web sign-in with the password alone (an account without 2FA); returns the answer.
async fn web_sign_in(app: &TestApp, email: &str) -> Value {
    let res = app.sign_in(email, PASSWORD).await;
    res.assert_status(201).clone()
}

/// The actions of the audit log, newest first.
fn actions(events: &[Value]) -> Vec<String> {
    events.iter().map(|e| str_of(&e["action"])).collect()
}

#[track_caller]
fn event<'a>(events: &'a [Value], action: &str) -> &'a Value {
    events
        .iter()
        .find(|e| e["action"] == action)
        .unwrap_or_else(|| panic!("no {action} in {:?}", actions(events)))
}

async fn reminders(app: &TestApp, org: &str, token: &str, body: Option<Value>) -> Res {
    app.call(
        Method::POST,
        &format!("/api/v1/orgs/{org}/mfa-reminders"),
        Some(token),
        body,
    )
    .await
}

#[track_caller]
fn assert_queued(res: &Res, n: u64) {
    assert_eq!(res.assert_status(202)["queued"], n, "{}", res.text);
}

async fn set_deadline(app: &TestApp, org: &str, user: &str, token: &str, deadline: Value) -> Res {
    app.call(
        Method::PUT,
        &format!("/api/v1/orgs/{org}/members/{user}/mfa-deadline"),
        Some(token),
        Some(json!({"deadline": deadline})),
    )
    .await
}

async fn reset_mfa(app: &TestApp, org: &str, user: &str, token: &str) -> Res {
    app.call(
        Method::DELETE,
        &format!("/api/v1/orgs/{org}/members/{user}/mfa"),
        Some(token),
        None,
    )
    .await
}

/// The deadline `setup_required_by` gives for `org` (`None` once it blocks).
#[track_caller]
fn deadline_in(body: &Value, org: &str) -> Option<i64> {
    let list = body["setup_required_by"]
        .as_array()
        .unwrap_or_else(|| panic!("no setup_required_by in {body}"));
    let entry = list
        .iter()
        .find(|o| o["org_id"] == org)
        .unwrap_or_else(|| panic!("{org} not in {body}"));
    (!entry["deadline"].is_null()).then(|| unix_of(&entry["deadline"]))
}

#[track_caller]
fn assert_near(actual: i64, expected: i64, what: &str) {
    assert!(
        (actual - expected).abs() <= 120,
        "{what}: {actual} is not within two minutes of {expected}"
    );
}

// ---------------------------------------------------------------------------------------------

async fn the_preview_names_who_enforcing_would_block_under_the_saved_or_proposed_methods(
    app: TestApp,
) {
    let (ann, org) = acme(&app).await;
    let adam = join(&app, &org, &ann, "adam@example.org", "admin", false).await;
    let lea = join(
        &app,
        &org,
        &ann,
        "lea@example.org",
        "legal_representative",
        false,
    )
    .await;
    let bob = join(&app, &org, &ann, "bob@example.org", "member", false).await;
    let erin = join(&app, &org, &ann, "erin@example.org", "member", true).await;
    let carl = join(&app, &org, &ann, "carl@example.org", "member", false).await;
    enroll_totp(&app, &carl).await;
    let eve = app.user("eve@example.org").await;
    let path = format!("/api/v1/orgs/{org}/mfa-policy/preview");

    let without_2fa = vec![
        entry(&adam, false),
        entry(&bob, false),
        entry(&erin, true),
        entry(&lea, false),
    ];
    for token in [&ann.token, &adam.token, &lea.token] {
        let res = app.get(&path, token).await;
        let body = res.assert_status(200);
        assert_eq!(listed(&body["would_block"]), without_2fa, "{}", res.text);
        assert_counts(body, 6, 2, 33.3);
    }
    // Listing both methods is the saved policy's answer; security keys only would block the
    // two with an authenticator app too.
    let res = app
        .get(&format!("{path}?allowed_methods=webauthn,totp"), &ann.token)
        .await;
    assert_eq!(listed(&res.assert_status(200)["would_block"]), without_2fa);
    let res = app
        .get(&format!("{path}?allowed_methods=webauthn"), &ann.token)
        .await;
    let body = res.assert_status(200);
    let mut everyone = without_2fa.clone();
    everyone.extend([entry(&ann, false), entry(&carl, false)]);
    everyone.sort();
    assert_eq!(listed(&body["would_block"]), everyone, "{}", res.text);
    assert_counts(body, 6, 0, 0.0);

    // A preview changes nothing.
    let saved = policy(&app, &org, &ann.token).await;
    assert_eq!(saved["enforced"], false);
    assert_eq!(
        saved["allowed_methods"]
            .as_array()
            .map(Vec::len)
            .unwrap_or_default(),
        4,
        "{saved}"
    );
    assert_let_through(&app, &org, &bob.token).await;

    // Once security keys only are saved, the preview follows, and can still try another set.
    put_policy(
        &app,
        &org,
        &ann.token,
        json!({"enforced": false, "allowed_methods": ["webauthn"]}),
    )
    .await
    .assert_status(200);
    let res = app.get(&path, &ann.token).await;
    assert_eq!(listed(&res.assert_status(200)["would_block"]), everyone);
    let res = app
        .get(&format!("{path}?allowed_methods=totp"), &ann.token)
        .await;
    let body = res.assert_status(200);
    assert_eq!(listed(&body["would_block"]), without_2fa, "{}", res.text);
    assert_counts(body, 6, 2, 33.3);

    for bad in ["password", "", ",", "totp,fax"] {
        let res = app
            .get(&format!("{path}?allowed_methods={bad}"), &ann.token)
            .await;
        res.assert_problem(422, "validation_failed");
        assert_eq!(res.body["field"], "allowed_methods", "{bad}: {}", res.text);
    }
    app.get(&path, &bob.token)
        .await
        .assert_problem(403, "forbidden");
    app.get(&path, &eve.token)
        .await
        .assert_problem(404, "not_found");
}

async fn the_member_list_counts_filters_and_shows_methods_by_what_the_policy_allows(app: TestApp) {
    let (ann, org) = acme(&app).await;
    let bob = join(&app, &org, &ann, "bob@example.org", "member", false).await;
    enroll_totp(&app, &bob).await;
    let carl = join(&app, &org, &ann, "carl@example.org", "member", true).await;
    let eve = app.user("eve@example.org").await;

    // Two of three: 66.6 %, rounded down.
    let res = members(&app, &org, &ann.token, "").await;
    let body = res.assert_status(200);
    assert_counts(body, 3, 2, 66.6);
    let rows = body["members"].as_array().cloned().unwrap_or_default();
    assert_eq!(
        emails_in(&rows),
        ["ann@example.org", "bob@example.org", "carl@example.org"]
    );
    let a = row(&rows, "ann@example.org");
    assert_eq!(a["user_id"], ann.id.as_str());
    assert_eq!(a["role"], "owner");
    assert_eq!(a["name"], "ann");
    assert_eq!(a["external"], false);
    assert_eq!(a["mfa_enabled"], true);
    assert_eq!(a["methods"], json!(["totp"]));
    assert!(a["mfa_deadline"].is_null(), "not enforced: {a}");
    let c = row(&rows, "carl@example.org");
    assert_eq!(c["user_id"], carl.id.as_str());
    assert_eq!(c["external"], true);
    assert_eq!(c["mfa_enabled"], false);
    assert_eq!(c["methods"], json!([]));
    assert!(c["mfa_deadline"].is_null(), "not enforced: {c}");

    // Filters; the counts stay the organization's.
    let res = members(&app, &org, &ann.token, "?mfa=enabled").await;
    let body = res.assert_status(200);
    assert_counts(body, 3, 2, 66.6);
    assert_eq!(
        emails_in(body["members"].as_array().map_or(&[][..], |v| v)),
        ["ann@example.org", "bob@example.org"]
    );
    assert_eq!(
        emails_in(&member_rows(&app, &org, &ann.token, "?mfa=disabled").await),
        ["carl@example.org"]
    );
    assert_eq!(
        emails_in(&member_rows(&app, &org, &ann.token, "?role=owner").await),
        ["ann@example.org"]
    );
    assert_eq!(
        emails_in(&member_rows(&app, &org, &ann.token, "?q=CARL&mfa=disabled").await),
        ["carl@example.org"]
    );
    let res = members(&app, &org, &ann.token, "?mfa=maybe").await;
    res.assert_problem(422, "validation_failed");
    assert_eq!(res.body["field"], "mfa", "{}", res.text);

    // Page by page, every member once, in order.
    let mut seen = Vec::new();
    let mut query = "?limit=1".to_owned();
    for _ in 0..5 {
        let res = members(&app, &org, &ann.token, &query).await;
        let body = res.assert_status(200);
        seen.extend(emails_in(body["members"].as_array().map_or(&[][..], |v| v)));
        match body["next_cursor"].as_str() {
            Some(c) => query = format!("?limit=1&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(
        seen,
        ["ann@example.org", "bob@example.org", "carl@example.org"]
    );

    // Security keys only: an authenticator app no longer counts, though it is still listed.
    put_policy(
        &app,
        &org,
        &ann.token,
        json!({"enforced": false, "allowed_methods": ["webauthn"]}),
    )
    .await
    .assert_status(200);
    let res = members(&app, &org, &ann.token, "").await;
    let body = res.assert_status(200);
    assert_counts(body, 3, 0, 0.0);
    let rows = body["members"].as_array().cloned().unwrap_or_default();
    let b = row(&rows, "bob@example.org");
    assert_eq!(b["mfa_enabled"], false, "{b}");
    assert_eq!(b["methods"], json!(["totp"]), "{b}");
    assert_eq!(
        member_rows(&app, &org, &ann.token, "?mfa=enabled").await,
        Vec::<Value>::new()
    );
    assert_eq!(
        emails_in(&member_rows(&app, &org, &ann.token, "?mfa=disabled").await),
        ["ann@example.org", "bob@example.org", "carl@example.org"]
    );

    // Enforced with a grace period: who lacks an allowed method gets the deadline.
    enforce(
        &app,
        &org,
        &ann,
        json!({"allowed_methods": ["totp", "webauthn"], "enforce_from": "2099-01-01T00:00:00Z"}),
    )
    .await;
    let rows = member_rows(&app, &org, &ann.token, "").await;
    assert_eq!(
        row(&rows, "carl@example.org")["mfa_deadline"],
        "2099-01-01T00:00:00Z"
    );
    assert!(row(&rows, "bob@example.org")["mfa_deadline"].is_null());

    // Everyone: 100 %.
    enroll_totp(&app, &carl).await;
    let res = members(&app, &org, &ann.token, "").await;
    assert_counts(res.assert_status(200), 3, 3, 100.0);
    assert!(
        row(
            &member_rows(&app, &org, &ann.token, "").await,
            "carl@example.org"
        )["mfa_deadline"]
            .is_null()
    );
    assert_eq!(
        member_rows(&app, &org, &ann.token, "?mfa=disabled").await,
        Vec::<Value>::new()
    );

    members(&app, &org, &bob.token, "")
        .await
        .assert_problem(403, "forbidden");
    members(&app, &org, &eve.token, "")
        .await
        .assert_problem(404, "not_found");
}

/// RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks.
fn csv_records(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    field.push('"');
                    chars.next();
                }
                '"' => quoted = false,
                _ => field.push(c),
            }
        } else {
            match c {
                '"' => quoted = true,
                ',' => record.push(std::mem::take(&mut field)),
                '\r' => {}
                '\n' => {
                    record.push(std::mem::take(&mut field));
                    records.push(std::mem::take(&mut record));
                }
                _ => field.push(c),
            }
        }
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push(record);
    }
    records
}

async fn the_csv_export_lists_each_member_and_no_cell_can_run_as_a_formula(app: TestApp) {
    let (ann, org) = acme(&app).await;
    let people = [
        (
            "formula@example.org",
            "=HYPERLINK(\"http://evil.example\",\"Click\")",
            "'=HYPERLINK(\"http://evil.example\",\"Click\")",
        ),
        ("plus@example.org", "+41 79 555 01 01", "'+41 79 555 01 01"),
        ("minus@example.org", "-2+3", "'-2+3"),
        ("at@example.org", "@SUM(A1:A9)", "'@SUM(A1:A9)"),
        (
            "plain@example.org",
            "Bob, \"the builder\"",
            "Bob, \"the builder\"",
        ),
    ];
    let mut plain = None;
    for (email, name, _) in people {
        let user = named_user(&app, email, name).await;
        app.add_member(&org, &ann, &user, "member", false).await;
        plain = Some(user);
    }
    let plain = plain.unwrap_or_else(|| panic!("nobody added"));
    // An address may start like a formula too.
    let odd = named_user(&app, "=1+1@example.org", "Odd").await;
    app.add_member(&org, &ann, &odd, "member", true).await;
    let eve = app.user("eve@example.org").await;
    enforce(
        &app,
        &org,
        &ann,
        json!({"enforce_from": "2099-01-01T00:00:00Z"}),
    )
    .await;

    let path = format!("/api/v1/orgs/{org}/members.csv");
    let res = app
        .send(app.http.get(app.url(&path)).bearer_auth(&ann.token))
        .await;
    assert_eq!(res.status.as_u16(), 200, "{}", res.text);
    let header = |name: &str| {
        res.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    assert!(
        header("content-type").starts_with("text/csv"),
        "{:?}",
        res.headers
    );
    assert!(
        header("content-disposition").starts_with("attachment"),
        "{:?}",
        res.headers
    );
    let records = csv_records(&res.text);
    assert_eq!(
        records.first().cloned().unwrap_or_default(),
        [
            "email",
            "name",
            "role",
            "external",
            "mfa_enabled",
            "methods",
            "deadline"
        ],
        "{}",
        res.text
    );
    assert_eq!(records.len(), 1 + 7, "{}", res.text);
    let by_email = |email: &str| {
        records
            .iter()
            .find(|r| r.first().is_some_and(|e| e == email))
            .cloned()
            .unwrap_or_else(|| panic!("{email} not in {}", res.text))
    };
    for (email, _, cell) in people {
        let r = by_email(email);
        assert_eq!(r.len(), 7, "{r:?}");
        assert_eq!(r[1], cell, "{r:?}");
        assert_eq!(
            r[2..],
            ["member", "false", "false", "", "2099-01-01 00:00 UTC"],
            "{r:?}"
        );
    }
    assert_eq!(
        by_email("ann@example.org")[1..],
        ["ann", "owner", "false", "true", "totp", ""]
    );
    assert_eq!(
        by_email("'=1+1@example.org")[1..],
        ["Odd", "member", "true", "false", "", "2099-01-01 00:00 UTC"]
    );
    for r in &records {
        for cell in r {
            assert!(
                !cell.starts_with(['=', '+', '-', '@']),
                "a cell a spreadsheet would run: {cell:?}"
            );
        }
    }

    let res = app
        .send(app.http.get(app.url(&path)).bearer_auth(&plain.token))
        .await;
    res.assert_problem(403, "forbidden");
    let res = app
        .send(app.http.get(app.url(&path)).bearer_auth(&eve.token))
        .await;
    res.assert_problem(404, "not_found");
}

const REMINDER: &str = "Reminder: \"Acme\"";

async fn reminders_go_once_per_window_to_members_without_an_allowed_method(app: TestApp) {
    let (ann, org) = acme(&app).await;
    let carl = join(&app, &org, &ann, "carl@example.org", "member", false).await;
    enroll_totp(&app, &carl).await;
    let bob = join(&app, &org, &ann, "bob@example.org", "member", false).await;
    let dave = join(&app, &org, &ann, "dave@example.org", "member", false).await;
    let erin = join(&app, &org, &ann, "erin@example.org", "member", true).await;
    let eve = app.user("eve@example.org").await;

    let res = reminders(&app, &org, &ann.token, Some(json!({}))).await;
    assert_queued(&res, 3);
    for who in [&bob, &dave, &erin] {
        let mail = wait_for_emails(&app, &who.email, &[REMINDER], 1).await;
        assert!(mail[0].contains("/account/security"), "{}", mail[0]);
    }
    for who in [&ann, &carl] {
        assert_eq!(
            emails_to(&app, &who.email, &[REMINDER]),
            Vec::<String>::new()
        );
    }

    // Within the window nobody is reminded twice, whichever way they are named.
    assert_queued(&reminders(&app, &org, &ann.token, Some(json!({}))).await, 0);
    assert_queued(&reminders(&app, &org, &ann.token, None).await, 0);
    assert_queued(
        &reminders(
            &app,
            &org,
            &ann.token,
            Some(json!({"user_ids": [bob.id, erin.id]})),
        )
        .await,
        0,
    );
    // Members with 2FA are never reminded.
    assert_queued(
        &reminders(
            &app,
            &org,
            &ann.token,
            Some(json!({"user_ids": [carl.id, ann.id]})),
        )
        .await,
        0,
    );
    // A newcomer is reminded once even when named twice; someone outside counts for nothing.
    let fay = join(&app, &org, &ann, "fay@example.org", "member", false).await;
    assert_queued(
        &reminders(
            &app,
            &org,
            &ann.token,
            Some(json!({"user_ids": [fay.id, fay.id, eve.id]})),
        )
        .await,
        1,
    );
    wait_for_emails(&app, &fay.email, &[REMINDER], 1).await;
    for who in [&bob, &dave, &erin, &fay] {
        assert_eq!(
            emails_to(&app, &who.email, &[REMINDER]).len(),
            1,
            "{}",
            who.email
        );
    }
    assert_eq!(
        emails_to(&app, &eve.email, &[REMINDER]),
        Vec::<String>::new()
    );

    // Bad input names the field.
    for body in [
        json!({"user_ids": ["nope"]}),
        json!({"user_ids": [bob.id, "' OR 1=1 --"]}),
        json!({"user_ids": vec![bob.id.clone(); 1001]}),
    ] {
        let res = reminders(&app, &org, &ann.token, Some(body)).await;
        res.assert_problem(422, "validation_failed");
        assert_eq!(res.body["field"], "user_ids", "{}", res.text);
    }
    // Managers only.
    reminders(&app, &org, &bob.token, Some(json!({})))
        .await
        .assert_problem(403, "forbidden");
    reminders(&app, &org, &eve.token, Some(json!({})))
        .await
        .assert_problem(404, "not_found");

    let events = audit_events(&app, &org, &ann.token).await;
    let sent = event(&events, "org.mfa_reminders_sent");
    assert_eq!(sent["actor"], ann.id.as_str(), "{sent}");
}

async fn without_a_window_each_request_reminds_again(app: TestApp) {
    let (ann, org) = acme(&app).await;
    let bob = join(&app, &org, &ann, "bob@example.org", "member", false).await;
    assert_queued(&reminders(&app, &org, &ann.token, None).await, 1);
    wait_for_emails(&app, &bob.email, &[REMINDER], 1).await;
    tokio::time::sleep(Duration::from_millis(20)).await;
    assert_queued(&reminders(&app, &org, &ann.token, None).await, 1);
    wait_for_emails(&app, &bob.email, &[REMINDER], 2).await;
    // Named twice in one request, he is reminded once.
    tokio::time::sleep(Duration::from_millis(20)).await;
    let res = reminders(
        &app,
        &org,
        &ann.token,
        Some(json!({"user_ids": [bob.id, bob.id]})),
    )
    .await;
    assert_queued(&res, 1);
    wait_for_emails(&app, &bob.email, &[REMINDER], 3).await;
}

async fn a_security_alert_describes_the_members_settings_without_a_secret(app: TestApp) {
    let (ann, org) = acme(&app).await;
    let bob = join(&app, &org, &ann, "bob@example.org", "member", false).await;
    let carl = join(&app, &org, &ann, "carl@example.org", "member", false).await;
    let eve = app.user("eve@example.org").await;
    let m = enroll_totp_with(&app, &bob.token, "Work phone").await;
    assert_eq!(m.recovery_codes.len(), 10);
    // Bob used a recovery code once (and had the browser remembered), and keeps a mail app.
    let pending = sign_in_pending(&app, &bob.email).await;
    let res = second_step(
        &app,
        &pending,
        json!({"type": "recovery_code", "code": m.recovery_codes[0], "remember_device": true}),
    )
    .await;
    res.assert_status(200);
    let device = set_cookie_value(&res, "twofold_device")
        .unwrap_or_else(|| panic!("no device cookie: {:?}", res.headers));
    let res = create_app_password(&app, &bob.token, "Thunderbird").await;
    let app_password = str_of(&res.assert_status(201)["password"]);

    let alert = |user: &str| format!("/api/v1/orgs/{org}/members/{user}/security-alert");
    app.post(&alert(&bob.id), Some(&ann.token), json!({}))
        .await
        .assert_status(202);
    let mail = wait_for_emails(
        &app,
        &bob.email,
        &["Security review of your account, from \"Acme\""],
        1,
    )
    .await
    .remove(0);
    for needle in [
        "ann@example.org",
        "authenticator app",
        "\"Work phone\"",
        "Recovery codes left: 9",
        "App passwords: 1",
        "\"Thunderbird\"",
        "Remembered devices: 1",
    ] {
        assert!(mail.contains(needle), "{needle:?} missing: {mail}");
    }
    let lower = mail.to_lowercase();
    let mut secrets = vec![
        m.totp.secret.clone(),
        app_password,
        device,
        bob.token.clone(),
        pending,
    ];
    secrets.extend(m.recovery_codes.iter().cloned());
    for secret in secrets {
        assert!(
            !lower.contains(&secret.to_lowercase()),
            "the alert holds a secret ({secret}): {mail}"
        );
    }

    app.post(&alert(&carl.id), Some(&ann.token), json!({}))
        .await
        .assert_status(202);
    wait_for_emails(
        &app,
        &carl.email,
        &[
            "Security review of your account",
            "Two-factor authentication: OFF",
        ],
        1,
    )
    .await;

    app.post(&alert(&carl.id), Some(&bob.token), json!({}))
        .await
        .assert_problem(403, "forbidden");
    app.post(&alert(&carl.id), Some(&eve.token), json!({}))
        .await
        .assert_problem(404, "not_found");
    app.post(&alert(&eve.id), Some(&ann.token), json!({}))
        .await
        .assert_problem(404, "not_found");
    assert_eq!(
        emails_to(&app, &eve.email, &["Security review"]),
        Vec::<String>::new()
    );
    let events = audit_events(&app, &org, &ann.token).await;
    let sent = event(&events, "org.security_alert_sent");
    assert_eq!(sent["target"], carl.id.as_str(), "newest first: {sent}");
    assert_eq!(sent["actor"], ann.id.as_str(), "{sent}");
}

async fn an_invitee_joins_without_2fa_and_has_the_new_member_period(app: TestApp) {
    let (ann, org) = acme(&app).await;
    let body = enforce(&app, &org, &ann, json!({"new_member_days": 14})).await;
    assert_eq!(body["new_member_days"], 14);
    let dave = app.user("dave@example.org").await;
    let token = app
        .invite(&org, &ann, "dave@example.org", "member", false)
        .await;
    let joined = app.clock.now();
    app.post(
        &format!("/api/v1/invitations/{token}/accept"),
        Some(&dave.token),
        json!({}),
    )
    .await
    .assert_status(200);
    // Not blocked during the period, and told when it ends.
    assert_let_through(&app, &org, &dave.token).await;
    let session = current(&app, &dave.token).await;
    assert_eq!(session["state"], "active", "{session}");
    let deadline = deadline_in(&session, &org).unwrap_or_else(|| panic!("no deadline: {session}"));
    assert_near(deadline, joined + 14 * DAY, "the new member's deadline");
    let rows = member_rows(&app, &org, &ann.token, "").await;
    assert_eq!(
        unix_of(&row(&rows, "dave@example.org")["mfa_deadline"]),
        deadline
    );
    // Signing in again does not renew it.
    let again = web_sign_in(&app, &dave.email).await;
    assert_eq!(again["state"], "active", "{again}");
    assert_eq!(deadline_in(&again, &org), Some(deadline), "{again}");
    // Without the period, a newcomer is blocked at once: a change that stops someone now asks
    // for the word, as turning enforcement on does.
    put_policy(
        &app,
        &org,
        &ann.token,
        json!({"enforced": true, "new_member_days": 0}),
    )
    .await
    .assert_problem(422, "confirmation_required");
    put_policy(
        &app,
        &org,
        &ann.token,
        json!({"enforced": true, "new_member_days": 0, "confirm": "ENFORCE"}),
    )
    .await
    .assert_status(200);
    assert_blocked(&app, &org, &dave.token).await;
    let fay = app.user("fay@example.org").await;
    let token = app
        .invite(&org, &ann, "fay@example.org", "member", false)
        .await;
    app.post(
        &format!("/api/v1/invitations/{token}/accept"),
        Some(&fay.token),
        json!({}),
    )
    .await
    .assert_problem(403, "mfa_required_to_join");
    // During a grace period a newcomer joins too, with the organization's deadline.
    let beta = app.org(&ann, "Beta").await;
    enforce(
        &app,
        &beta,
        &ann,
        json!({"enforce_from": "2099-01-01T00:00:00Z"}),
    )
    .await;
    app.add_member(&beta, &ann, &fay, "member", false).await;
    let session = current(&app, &fay.token).await;
    assert_eq!(
        deadline_in(&session, &beta),
        Some(unix_of(&json!("2099-01-01T00:00:00Z"))),
        "{session}"
    );
    assert_let_through(&app, &beta, &fay.token).await;
}

async fn a_new_members_period_runs_from_joining_shortens_at_once_and_never_renews(app: TestApp) {
    let (ann, org) = acme(&app).await;
    let old_timer = join(&app, &org, &ann, "olga@example.org", "member", false).await;
    enforce(&app, &org, &ann, json!({"new_member_days": 14})).await;
    // Dave joins without 2FA after enforcement began, so he has the new-member period, counted
    // from joining.
    let dave = app.user("dave@example.org").await;
    let invitation = app
        .invite(&org, &ann, "dave@example.org", "member", false)
        .await;
    let joined = app.clock.now();
    app.post(
        &format!("/api/v1/invitations/{invitation}/accept"),
        Some(&dave.token),
        json!({}),
    )
    .await
    .assert_status(200);

    let signed_in = web_sign_in(&app, &dave.email).await;
    assert_eq!(signed_in["state"], "active", "{signed_in}");
    let deadline =
        deadline_in(&signed_in, &org).unwrap_or_else(|| panic!("no deadline: {signed_in}"));
    assert_near(deadline, joined + 14 * DAY, "the new member's deadline");
    let token = str_of(&signed_in["token"]);
    assert_let_through(&app, &org, &token).await;
    let session = current(&app, &token).await;
    assert_eq!(deadline_in(&session, &org), Some(deadline), "{session}");
    let rows = member_rows(&app, &org, &ann.token, "").await;
    assert_eq!(
        unix_of(&row(&rows, "dave@example.org")["mfa_deadline"]),
        deadline
    );
    // The members of before have the organization's deadline, which has passed.
    assert_blocked(&app, &org, &old_timer.token).await;

    // Neither signing in again nor saving the policy again renews it.
    let again = web_sign_in(&app, &dave.email).await;
    assert_eq!(deadline_in(&again, &org), Some(deadline), "{again}");
    put_policy(
        &app,
        &org,
        &ann.token,
        json!({"enforced": true, "new_member_days": 14}),
    )
    .await
    .assert_status(200);
    let session = current(&app, &token).await;
    assert_eq!(deadline_in(&session, &org), Some(deadline), "{session}");

    // A shorter period applies at once to those in theirs.
    put_policy(
        &app,
        &org,
        &ann.token,
        json!({"enforced": true, "new_member_days": 3}),
    )
    .await
    .assert_status(200);
    let session = current(&app, &token).await;
    assert_eq!(
        deadline_in(&session, &org),
        Some(deadline - 11 * DAY),
        "{session}"
    );
    assert_let_through(&app, &org, &token).await;
    put_policy(
        &app,
        &org,
        &ann.token,
        json!({"enforced": true, "new_member_days": 0, "confirm": "ENFORCE"}),
    )
    .await
    .assert_status(200);
    assert_blocked(&app, &org, &token).await;
    let session = current(&app, &token).await;
    assert_eq!(session["state"], "setup_required", "{session}");
    assert_eq!(deadline_in(&session, &org), None, "{session}");
    let again = web_sign_in(&app, &dave.email).await;
    assert_eq!(again["state"], "setup_required", "{again}");
}

async fn an_admins_deadline_for_one_member_extends_or_shortens_at_once_and_is_audited(
    app: TestApp,
) {
    let (ann, org) = acme(&app).await;
    let bob = join(&app, &org, &ann, "bob@example.org", "member", false).await;
    let carl = join(&app, &org, &ann, "carl@example.org", "member", false).await;
    let dave = join(&app, &org, &ann, "dave@example.org", "member", false).await;
    enroll_totp(&app, &dave).await;
    let eve = app.user("eve@example.org").await;
    let week = app.clock.rfc3339_in(7 * DAY);

    // Only while the organization enforces.
    let res = set_deadline(&app, &org, &bob.id, &ann.token, json!(week)).await;
    res.assert_problem(422, "validation_failed");
    assert_eq!(res.body["field"], "deadline", "{}", res.text);

    let policy_now = enforce(&app, &org, &ann, json!({})).await;
    let since = unix_of(&policy_now["enforced_since"]);
    assert_blocked(&app, &org, &bob.token).await;

    // An extension lets a blocked member through at once, and only them.
    let res = set_deadline(&app, &org, &bob.id, &ann.token, json!(week)).await;
    assert_eq!(
        unix_of(&res.assert_status(200)["deadline"]),
        unix_of(&json!(week))
    );
    assert_let_through(&app, &org, &bob.token).await;
    assert_blocked(&app, &org, &carl.token).await;
    let session = current(&app, &bob.token).await;
    assert_eq!(session["state"], "active", "{session}");
    assert_eq!(deadline_in(&session, &org), Some(unix_of(&json!(week))));
    let signed_in = web_sign_in(&app, &bob.email).await;
    assert_eq!(signed_in["state"], "active", "{signed_in}");
    assert_eq!(deadline_in(&signed_in, &org), Some(unix_of(&json!(week))));
    let rows = member_rows(&app, &org, &ann.token, "").await;
    assert_eq!(row(&rows, "bob@example.org")["mfa_deadline"], json!(week));
    assert_eq!(
        unix_of(&row(&rows, "carl@example.org")["mfa_deadline"]),
        since
    );
    let events = audit_events(&app, &org, &ann.token).await;
    assert_eq!(events[0]["action"], "org.member_mfa_deadline_changed");
    assert_eq!(events[0]["actor"], ann.id.as_str());
    assert_eq!(events[0]["target"], bob.id.as_str());
    let unix_week = unix_of(&json!(week));
    wait_for_emails(
        &app,
        &bob.email,
        &[
            "Your deadline to set up two-factor authentication in \"Acme\" changed",
            &email_day(unix_week),
        ],
        1,
    )
    .await;

    // An earlier deadline applies at once too.
    let res = set_deadline(
        &app,
        &org,
        &bob.id,
        &ann.token,
        json!(app.clock.rfc3339_in(0)),
    )
    .await;
    res.assert_status(200);
    assert_blocked(&app, &org, &bob.token).await;
    set_deadline(
        &app,
        &org,
        &bob.id,
        &ann.token,
        json!(app.clock.rfc3339_in(2 * DAY)),
    )
    .await
    .assert_status(200);
    assert_let_through(&app, &org, &bob.token).await;
    // Null gives the organization's back.
    let res = set_deadline(&app, &org, &bob.id, &ann.token, Value::Null).await;
    assert_eq!(unix_of(&res.assert_status(200)["deadline"]), since);
    assert_blocked(&app, &org, &bob.token).await;
    let changes = audit_events(&app, &org, &ann.token)
        .await
        .iter()
        .filter(|e| e["action"] == "org.member_mfa_deadline_changed")
        .count();
    assert_eq!(changes, 4);

    // A deadline given during an earlier enforcement does not carry over.
    set_deadline(&app, &org, &bob.id, &ann.token, json!(week))
        .await
        .assert_status(200);
    assert_let_through(&app, &org, &bob.token).await;
    put_policy(
        &app,
        &org,
        &ann.token,
        json!({"enforced": false, "confirm": "STOP"}),
    )
    .await
    .assert_status(200);
    enforce(&app, &org, &ann, json!({})).await;
    assert_blocked(&app, &org, &bob.token).await;

    // Bad deadlines name the field.
    for bad in [app.clock.rfc3339_in(-DAY), app.clock.rfc3339_in(400 * DAY)] {
        let res = set_deadline(&app, &org, &carl.id, &ann.token, json!(bad)).await;
        res.assert_problem(422, "validation_failed");
        assert_eq!(res.body["field"], "deadline", "{bad}: {}", res.text);
    }
    let res = set_deadline(&app, &org, &carl.id, &ann.token, json!("next week")).await;
    assert!(res.status.is_client_error(), "{}", res.text);
    assert_blocked(&app, &org, &carl.token).await;

    // Managers only, for members only.
    set_deadline(&app, &org, &carl.id, &dave.token, json!(week))
        .await
        .assert_problem(403, "forbidden");
    set_deadline(&app, &org, &carl.id, &eve.token, json!(week))
        .await
        .assert_problem(404, "not_found");
    set_deadline(&app, &org, &eve.id, &ann.token, json!(week))
        .await
        .assert_problem(404, "not_found");
    assert_blocked(&app, &org, &carl.token).await;
}

const NOW_ENFORCES: &str = "\"Acme\" now enforces two-factor authentication";

async fn auto_enforcement_turns_on_when_the_last_member_sets_up_2fa(app: TestApp) {
    let (ann, org) = acme(&app).await;
    let adam = join(&app, &org, &ann, "adam@example.org", "admin", false).await;
    enroll_totp(&app, &adam).await;
    let lea = join(
        &app,
        &org,
        &ann,
        "lea@example.org",
        "legal_representative",
        false,
    )
    .await;
    enroll_totp(&app, &lea).await;
    let dave = join(&app, &org, &ann, "dave@example.org", "member", false).await;
    enroll_totp(&app, &dave).await;
    let bob = join(&app, &org, &ann, "bob@example.org", "member", false).await;
    let carl = join(&app, &org, &ann, "carl@example.org", "member", true).await;

    // No confirmation word: it does not enforce anything yet.
    let res = put_policy(
        &app,
        &org,
        &ann.token,
        json!({"enforced": false, "auto_enforce": true}),
    )
    .await;
    let body = res.assert_status(200);
    assert_eq!(body["auto_enforce"], true, "{}", res.text);
    assert_eq!(body["enforced"], false, "{}", res.text);
    assert!(body["enforced_since"].is_null(), "{}", res.text);

    enroll_totp(&app, &bob).await;
    assert_eq!(policy(&app, &org, &ann.token).await["enforced"], false);
    let before = app.clock.now();
    enroll_totp(&app, &carl).await;
    let now_on = policy(&app, &org, &ann.token).await;
    assert_eq!(now_on["enforced"], true, "{now_on}");
    assert_near(unix_of(&now_on["enforced_since"]), before, "enforced_since");

    let events = audit_events(&app, &org, &ann.token).await;
    let auto = event(&events, "org.mfa_policy_auto_enforced");
    assert!(auto["actor"].is_null(), "twofold did it itself: {auto}");
    assert_eq!(auto["target"], org.as_str(), "{auto}");
    for manager in [&ann, &adam, &lea] {
        wait_for_emails(&app, &manager.email, &[NOW_ENFORCES], 1).await;
    }
    for member in [&dave, &bob, &carl] {
        assert_eq!(
            emails_to(&app, &member.email, &[NOW_ENFORCES]),
            Vec::<String>::new(),
            "{}",
            member.email
        );
    }
    // From now on it is enforced like any other: a newcomer needs 2FA to join.
    let eve = app.user("eve@example.org").await;
    let invitation = app
        .invite(&org, &ann, "eve@example.org", "member", false)
        .await;
    app.post(
        &format!("/api/v1/invitations/{invitation}/accept"),
        Some(&eve.token),
        json!({}),
    )
    .await
    .assert_problem(403, "mfa_required_to_join");
}

async fn auto_enforcement_turns_on_when_the_last_member_without_2fa_leaves_or_is_removed(
    app: TestApp,
) {
    let (ann, org) = acme(&app).await;
    let bob = join(&app, &org, &ann, "bob@example.org", "member", false).await;
    let erin = join(&app, &org, &ann, "erin@example.org", "member", true).await;
    let auto = json!({"enforced": false, "auto_enforce": true});
    put_policy(&app, &org, &ann.token, auto.clone())
        .await
        .assert_status(200);

    app.remove(&org, &bob.id, &ann.token)
        .await
        .assert_status(204);
    assert_eq!(policy(&app, &org, &ann.token).await["enforced"], false);
    // The last one chooses to leave instead.
    app.remove(&org, "me", &erin.token).await.assert_status(204);
    assert_eq!(policy(&app, &org, &ann.token).await["enforced"], true);
    let events = audit_events(&app, &org, &ann.token).await;
    event(&events, "org.mfa_policy_auto_enforced");
    wait_for_emails(&app, &ann.email, &[NOW_ENFORCES], 1).await;

    // The last one is removed.
    let gamma = app.org(&ann, "Gamma").await;
    let frank = join(&app, &gamma, &ann, "frank@example.org", "member", false).await;
    put_policy(&app, &gamma, &ann.token, auto.clone())
        .await
        .assert_status(200);
    assert_eq!(policy(&app, &gamma, &ann.token).await["enforced"], false);
    app.remove(&gamma, &frank.id, &ann.token)
        .await
        .assert_status(204);
    assert_eq!(policy(&app, &gamma, &ann.token).await["enforced"], true);
    event(
        &audit_events(&app, &gamma, &ann.token).await,
        "org.mfa_policy_auto_enforced",
    );

    // Everyone has it already: enforced by the change itself.
    let beta = app.org(&ann, "Beta").await;
    let res = put_policy(&app, &beta, &ann.token, auto).await;
    let body = res.assert_status(200);
    assert_eq!(body["enforced"], true, "{}", res.text);
    assert!(body["enforced_since"].is_string(), "{}", res.text);
    let events = audit_events(&app, &beta, &ann.token).await;
    assert_eq!(events[0]["action"], "org.mfa_policy_auto_enforced");
    wait_for_emails(
        &app,
        &ann.email,
        &["\"Beta\" now enforces two-factor authentication"],
        1,
    )
    .await;
}

async fn stopping_an_auto_enforced_organization_stops_it(app: TestApp) {
    let (ann, org) = acme(&app).await;
    let bob = join(&app, &org, &ann, "bob@example.org", "member", false).await;
    put_policy(
        &app,
        &org,
        &ann.token,
        json!({"enforced": false, "auto_enforce": true}),
    )
    .await
    .assert_status(200);
    enroll_totp(&app, &bob).await;
    assert_eq!(policy(&app, &org, &ann.token).await["enforced"], true);

    let res = put_policy(
        &app,
        &org,
        &ann.token,
        json!({"enforced": false, "confirm": "STOP"}),
    )
    .await;
    assert_eq!(
        res.assert_status(200)["enforced"],
        false,
        "STOP answered: {}",
        res.text
    );
    assert_eq!(policy(&app, &org, &ann.token).await["enforced"], false);
    wait_for_emails(
        &app,
        &ann.email,
        &["Two-factor enforcement was stopped in \"Acme\""],
        1,
    )
    .await;
}

async fn an_admin_reset_removes_the_members_factors_and_ends_every_way_in(app: TestApp) {
    let (ann, org) = acme(&app).await;
    let bob = app.user("bob@example.org").await;
    app.add_managed_member(&org, &ann, &bob, "member").await;
    let mut m = enroll_totp(&app, &bob).await;
    let res = create_app_password(&app, &bob.token, "Mail").await;
    let app_password = str_of(&res.assert_status(201)["password"]);
    sync_whoami(&app, &bob.email, &app_password)
        .await
        .assert_status(200);
    let pending = sign_in_pending(&app, &bob.email).await;
    let res = second_step(
        &app,
        &pending,
        json!({"type": "totp", "code": m.totp.fresh(), "remember_device": true}),
    )
    .await;
    let passed = passed_token(&res);
    let device = set_cookie_value(&res, "twofold_device")
        .unwrap_or_else(|| panic!("no device cookie: {:?}", res.headers));
    let res = sign_in_native(&app, &bob.email).await;
    let native = str_of(&res.assert_status(201)["token"]);
    enforce(&app, &org, &ann, json!({})).await;
    assert_let_through(&app, &org, &bob.token).await;
    assert_let_through(&app, &org, &passed).await;

    reset_mfa(&app, &org, &bob.id, &ann.token)
        .await
        .assert_status(204);

    // Every session, app password and remembered device of his is gone.
    for token in [&bob.token, &pending, &passed, &native] {
        app.get("/api/v1/me", token)
            .await
            .assert_problem(401, "unauthenticated");
    }
    sync_whoami(&app, &bob.email, &app_password)
        .await
        .assert_problem(401, "unauthenticated");
    // His next sign-in must set 2FA up again, in the browser as in an app: an app signing in
    // now earns no exemption.
    let res = sign_in_with_device(&app, &bob.email, PASSWORD, &device).await;
    let body = res.assert_status(201);
    assert_eq!(body["state"], "setup_required", "{}", res.text);
    assert_eq!(body["setup_required_by"][0]["org_id"], org.as_str());
    let token = str_of(&body["token"]);
    assert_blocked(&app, &org, &token).await;
    let res = app.get("/api/v1/me/mfa", &token).await;
    let body = res.assert_status(200);
    assert_eq!(body["methods"], json!([]), "{}", res.text);
    assert_eq!(body["recovery_codes_left"], 0, "{}", res.text);
    let res = sign_in_native(&app, &bob.email).await;
    let body = res.assert_status(201);
    assert_eq!(body["state"], "setup_required", "{}", res.text);
    assert_eq!(body["setup_required_by"][0]["org_id"], org.as_str());
    assert_blocked(&app, &org, &str_of(&body["token"])).await;
    let rows = member_rows(&app, &org, &ann.token, "").await;
    let b = row(&rows, "bob@example.org");
    assert_eq!(b["mfa_enabled"], false, "{b}");
    assert_eq!(b["methods"], json!([]), "{b}");

    // He is told, and it is in the log.
    let mail = wait_for_emails(
        &app,
        &bob.email,
        &["Your two-factor authentication was reset"],
        1,
    )
    .await
    .remove(0);
    assert!(mail.contains("ann@example.org"), "{mail}");
    let events = audit_events(&app, &org, &ann.token).await;
    let reset = event(&events, "org.member_mfa_reset");
    assert_eq!(reset["actor"], ann.id.as_str(), "{reset}");
    assert_eq!(reset["target"], bob.id.as_str(), "{reset}");

    // Set up again: neither the old device nor an old recovery code stands in for it.
    let again = enroll_totp_with(&app, &token, "New phone").await;
    assert_eq!(again.recovery_codes.len(), 10, "a first method again");
    assert_let_through(&app, &org, &token).await;
    let res = sign_in_with_device(&app, &bob.email, PASSWORD, &device).await;
    assert_eq!(
        res.assert_status(201)["state"],
        "mfa_pending",
        "{}",
        res.text
    );
    let pending = str_of(&res.body["token"]);
    recovery_step(&app, &pending, &m.recovery_codes[0])
        .await
        .assert_problem(401, "invalid_code");
    recovery_step(&app, &pending, &again.recovery_codes[0])
        .await
        .assert_status(200);
}

async fn only_owners_and_admins_with_a_recent_second_factor_reset_managed_members_but_themselves(
    app: TestApp,
) {
    let (ann, org) = acme(&app).await;
    let mut people = Vec::new();
    for (email, role, external) in [
        ("adam@example.org", "admin", false),
        ("lea@example.org", "legal_representative", false),
        ("olga@example.org", "owner", false),
        ("bob@example.org", "member", false),
        ("erin@example.org", "member", true),
        ("mia@example.org", "member", false),
    ] {
        // Acme manages its internal members' accounts (they consented); not the external one's.
        let user = if external {
            join(&app, &org, &ann, email, role, external).await
        } else {
            let user = app.user(email).await;
            app.add_managed_member(&org, &ann, &user, role).await;
            user
        };
        enroll_totp(&app, &user).await;
        people.push(user);
    }
    let [adam, lea, olga, bob, erin, mia] =
        <[User; 6]>::try_from(people).unwrap_or_else(|_| panic!("six people"));
    let nadia = join(&app, &org, &ann, "nadia@example.org", "admin", false).await;
    let eve = app.user("eve@example.org").await;

    let forbidden = [
        (&adam, &olga, "an admin, for an owner"),
        (&adam, &lea, "an admin, for a legal representative"),
        (
            &adam,
            &erin,
            "an admin, for a member whose account Acme does not manage",
        ),
        (
            &ann,
            &erin,
            "an owner, for a member whose account Acme does not manage",
        ),
        (&adam, &adam, "an admin, for themselves"),
        (&ann, &ann, "an owner, for themselves"),
        (&lea, &bob, "a legal representative"),
        (&mia, &bob, "a plain member"),
    ];
    for (caller, target, who) in forbidden {
        let res = reset_mfa(&app, &org, &target.id, &caller.token).await;
        assert_eq!(res.status.as_u16(), 403, "{who}: {}", res.text);
        assert_eq!(res.body["code"], "forbidden", "{who}: {}", res.text);
    }
    reset_mfa(&app, &org, "me", &adam.token)
        .await
        .assert_problem(403, "forbidden");
    reset_mfa(&app, &org, &bob.id, &eve.token)
        .await
        .assert_problem(404, "not_found");
    reset_mfa(&app, &org, &eve.id, &ann.token)
        .await
        .assert_problem(404, "not_found");
    reset_mfa(&app, &org, "nope", &ann.token)
        .await
        .assert_problem(404, "not_found");
    // An administrator without a second factor of their own, or whose session skipped it on a
    // remembered browser, must pass one first.
    reset_mfa(&app, &org, &bob.id, &nadia.token)
        .await
        .assert_problem(403, "reauthentication_required");
    let mut m = enroll_totp_with(&app, &nadia.token, "Phone").await;
    let pending = sign_in_pending(&app, &nadia.email).await;
    let res = second_step(
        &app,
        &pending,
        json!({"type": "totp", "code": m.totp.fresh(), "remember_device": true}),
    )
    .await;
    let device = set_cookie_value(&res, "twofold_device")
        .unwrap_or_else(|| panic!("no device cookie: {:?}", res.headers));
    let res = sign_in_with_device(&app, &nadia.email, PASSWORD, &device).await;
    let skipped = str_of(&res.assert_status(201)["token"]);
    assert_eq!(res.body["state"], "active", "{}", res.text);
    reset_mfa(&app, &org, &bob.id, &skipped)
        .await
        .assert_problem(403, "reauthentication_required");
    // Nothing was reset so far.
    for user in [&adam, &lea, &olga, &bob, &erin, &mia] {
        let res = app.get("/api/v1/me", &user.token).await;
        assert_eq!(
            res.assert_status(200)["mfa_enabled"],
            true,
            "{}",
            user.email
        );
    }
    let reauthenticated = passed_token(&recovery_step(&app, &skipped, &m.recovery_codes[0]).await);
    reset_mfa(&app, &org, &bob.id, &skipped)
        .await
        .assert_problem(401, "unauthenticated");
    reset_mfa(&app, &org, &bob.id, &reauthenticated)
        .await
        .assert_status(204);
    // An owner may reset a legal representative or another owner.
    reset_mfa(&app, &org, &lea.id, &ann.token)
        .await
        .assert_status(204);
    reset_mfa(&app, &org, &olga.id, &ann.token)
        .await
        .assert_status(204);
    for user in [&bob, &lea, &olga] {
        let res = app.sign_in(&user.email, PASSWORD).await;
        let body = res.assert_status(201);
        assert_eq!(
            body["state"], "setup_required",
            "{}: {}",
            user.email, res.text
        );
        assert_eq!(body["aal"], "aal1", "{}: {}", user.email, res.text);
    }
}

async fn app_passwords_are_refused_while_an_organization_of_the_account_forbids_them(app: TestApp) {
    let (ann, org) = acme(&app).await;
    let bob = join(&app, &org, &ann, "bob@example.org", "member", false).await;
    enroll_totp(&app, &bob).await;
    let res = create_app_password(&app, &bob.token, "Mail").await;
    let password = str_of(&res.assert_status(201)["password"]);
    let eve = app.user("eve@example.org").await;
    enroll_totp(&app, &eve).await;
    let res = create_app_password(&app, &eve.token, "Mail").await;
    let eves = str_of(&res.assert_status(201)["password"]);
    sync_whoami(&app, &bob.email, &password)
        .await
        .assert_status(200);

    let res = put_policy(
        &app,
        &org,
        &ann.token,
        json!({"enforced": false, "allow_app_passwords": false}),
    )
    .await;
    assert_eq!(res.assert_status(200)["allow_app_passwords"], false);
    sync_whoami(&app, &bob.email, &password)
        .await
        .assert_problem(403, "app_passwords_not_allowed");
    create_app_password(&app, &bob.token, "Calendar")
        .await
        .assert_problem(403, "app_passwords_not_allowed");
    // A wrong one is still just wrong; an account outside the organization is not concerned.
    sync_whoami(&app, &bob.email, "not-the-app-password")
        .await
        .assert_problem(401, "unauthenticated");
    sync_whoami(&app, &eve.email, &eves)
        .await
        .assert_status(200);

    let res = put_policy(
        &app,
        &org,
        &ann.token,
        json!({"enforced": false, "allow_app_passwords": true}),
    )
    .await;
    assert_eq!(res.assert_status(200)["allow_app_passwords"], true);
    sync_whoami(&app, &bob.email, &password)
        .await
        .assert_status(200);
    create_app_password(&app, &bob.token, "Calendar")
        .await
        .assert_status(201);

    // The strictest organization wins, until Bob leaves it.
    let beta = app.org(&eve, "Beta").await;
    app.add_member(&beta, &eve, &bob, "member", true).await;
    put_policy(
        &app,
        &beta,
        &eve.token,
        json!({"enforced": false, "allow_app_passwords": false}),
    )
    .await
    .assert_status(200);
    sync_whoami(&app, &bob.email, &password)
        .await
        .assert_problem(403, "app_passwords_not_allowed");
    sync_whoami(&app, &eve.email, &eves)
        .await
        .assert_problem(403, "app_passwords_not_allowed");
    app.remove(&beta, "me", &bob.token).await.assert_status(204);
    sync_whoami(&app, &bob.email, &password)
        .await
        .assert_status(200);
}

/// `PUT /orgs/{org}/mfa-policy` on another node of the same database.
async fn put_policy_on(app: &TestApp, addr: &str, org: &str, token: &str, body: Value) -> Res {
    app.send(
        app.http
            .put(format!("http://{addr}/api/v1/orgs/{org}/mfa-policy"))
            .bearer_auth(token)
            .json(&body),
    )
    .await
}

async fn scheduled_reminders_go_once_a_week_and_once_a_day_before_even_with_two_nodes(
    app: TestApp,
) {
    let (child, second) = start_server(app.dir.path(), &app.db.url, &TICK_ENV);
    let _second = KillOnDrop(child);
    let (ann, org) = acme(&app).await;
    let bob = join(&app, &org, &ann, "bob@example.org", "member", false).await;
    let carl = join(&app, &org, &ann, "carl@example.org", "member", true).await;
    let dave = join(&app, &org, &ann, "dave@example.org", "member", false).await;
    enroll_totp(&app, &dave).await;
    let without = [&bob, &carl];
    const ANNOUNCED: &str = "Subject: \"Acme\" requires two-factor authentication";

    // Announced a month ahead: nothing else is due yet.
    enforce(
        &app,
        &org,
        &ann,
        json!({"enforce_from": app.clock.rfc3339_in(30 * DAY)}),
    )
    .await;
    for who in without {
        wait_for_emails(&app, &who.email, &[ANNOUNCED], 1).await;
    }

    // Three days ahead (changed on the other node): the week-before reminder, once.
    let in_3_days = app.clock.now() + 3 * DAY;
    let res = put_policy_on(
        &app,
        &second,
        &org,
        &ann.token,
        json!({"enforced": true, "enforce_from": crate::helpers::rfc3339_at(in_3_days)}),
    )
    .await;
    res.assert_status(200);
    let week_before = format!("Please set it up before {}", email_day(in_3_days));
    for who in without {
        wait_for_emails(&app, &who.email, &[REMINDER, &week_before], 1).await;
    }
    // More rounds of the jobs (a third node's, beside the two servers' own ticks) send nothing.
    let node = app.node().await;
    for _ in 0..3 {
        node.run_jobs().await;
    }
    node.drain_outbox().await;
    for who in without {
        assert_eq!(
            emails_to(&app, &who.email, &[REMINDER]).len(),
            1,
            "{}: week-before reminders",
            who.email
        );
    }

    // Twelve hours ahead: the day-before reminder, once.
    let in_12_hours = app.clock.now() + DAY / 2;
    put_policy(
        &app,
        &org,
        &ann.token,
        json!({"enforced": true, "enforce_from": crate::helpers::rfc3339_at(in_12_hours)}),
    )
    .await
    .assert_status(200);
    let day_before = format!("Please set it up before {}", email_day(in_12_hours));
    for who in without {
        wait_for_emails(&app, &who.email, &[REMINDER, &day_before], 1).await;
    }
    for _ in 0..3 {
        node.run_jobs().await;
    }
    node.drain_outbox().await;
    for who in without {
        assert_eq!(
            emails_to(&app, &who.email, &[REMINDER, &day_before]).len(),
            1,
            "{}: day-before reminders",
            who.email
        );
        assert_eq!(
            emails_to(&app, &who.email, &[REMINDER, &week_before]).len(),
            1,
            "{}: week-before reminders",
            who.email
        );
        assert_eq!(
            emails_to(&app, &who.email, &[ANNOUNCED]).len(),
            1,
            "{}: announcements",
            who.email
        );
    }
    for who in [&ann, &dave] {
        assert_eq!(
            emails_to(&app, &who.email, &[REMINDER]),
            Vec::<String>::new(),
            "{} has 2FA",
            who.email
        );
    }
}

/// The counts of the member list and of the organization's page are those of the list itself.
async fn assert_counts_are_the_lists(app: &TestApp, org: &str, token: &str, step: &str) {
    let res = members(app, org, token, "?limit=200").await;
    let body = res.assert_status(200);
    let rows = body["members"].as_array().cloned().unwrap_or_default();
    let with_2fa = rows.iter().filter(|r| r["mfa_enabled"] == true).count();
    let truth = (json!(rows.len()), json!(with_2fa));
    assert_eq!(
        (
            body["counts"]["members"].clone(),
            body["counts"]["mfa_enabled"].clone()
        ),
        truth,
        "{step}: {}",
        res.text
    );
    let res = app.get(&format!("/api/v1/orgs/{org}"), token).await;
    let view = res.assert_status(200);
    assert_eq!(
        (
            view["counts"]["members"].clone(),
            view["counts"]["mfa_enabled"].clone()
        ),
        truth,
        "{step}: {}",
        res.text
    );
}

async fn the_head_counts_follow_joins_leaves_and_method_changes(app: TestApp) {
    let (ann, org) = acme(&app).await;
    assert_counts_are_the_lists(&app, &org, &ann.token, "founded").await;
    let bob = join(&app, &org, &ann, "bob@example.org", "member", false).await;
    assert_counts_are_the_lists(&app, &org, &ann.token, "bob joined").await;
    let carl = app.user("carl@example.org").await;
    enroll_totp(&app, &carl).await;
    app.add_member(&org, &ann, &carl, "member", true).await;
    assert_counts_are_the_lists(&app, &org, &ann.token, "carl joined with 2FA").await;
    let first = enroll_totp(&app, &bob).await;
    assert_counts_are_the_lists(&app, &org, &ann.token, "bob set 2FA up").await;
    enroll_totp_with(&app, &bob.token, "Second phone").await;
    assert_counts_are_the_lists(&app, &org, &ann.token, "bob added a method").await;
    app.call(
        Method::DELETE,
        &format!("/api/v1/me/mfa/{}", first.method_id),
        Some(&bob.token),
        None,
    )
    .await
    .assert_status(204);
    assert_counts_are_the_lists(&app, &org, &ann.token, "bob removed one of two").await;
    app.call(Method::DELETE, "/api/v1/me/mfa", Some(&bob.token), None)
        .await
        .assert_status(204);
    assert_counts_are_the_lists(&app, &org, &ann.token, "bob turned 2FA off").await;
    app.remove(&org, "me", &carl.token).await.assert_status(204);
    assert_counts_are_the_lists(&app, &org, &ann.token, "carl left").await;
    let dave = app.user("dave@example.org").await;
    app.add_managed_member(&org, &ann, &dave, "admin").await;
    enroll_totp(&app, &dave).await;
    reset_mfa(&app, &org, &dave.id, &ann.token)
        .await
        .assert_status(204);
    assert_counts_are_the_lists(&app, &org, &ann.token, "dave's 2FA was reset").await;
    app.remove(&org, &bob.id, &ann.token)
        .await
        .assert_status(204);
    assert_counts_are_the_lists(&app, &org, &ann.token, "bob was removed").await;
    app.add_member(&org, &ann, &carl, "member", false).await;
    assert_counts_are_the_lists(&app, &org, &ann.token, "carl came back").await;
    let res = members(&app, &org, &ann.token, "").await;
    assert_counts(res.assert_status(200), 3, 2, 66.6);
}

async fn members_removed_while_setting_up_2fa_leave_the_head_counts_true(app: TestApp) {
    let (ann, org) = acme(&app).await;
    let mut people = Vec::new();
    for i in 0..40 {
        let user = join(
            &app,
            &org,
            &ann,
            &format!("m{i:02}@example.org"),
            "member",
            false,
        )
        .await;
        let res = app
            .post(
                "/api/v1/me/mfa/totp",
                Some(&user.token),
                json!({"label": "Phone"}),
            )
            .await;
        let body = res.assert_status(201);
        people.push((
            user,
            str_of(&body["id"]),
            app.totp(&str_of(&body["secret"])),
        ));
    }
    // Each one confirms an authenticator app at the moment the owner removes them.
    let mut racing = tokio::task::JoinSet::new();
    for (user, id, totp) in people {
        let http = app.http.clone();
        let base = app.url("");
        let owner = ann.token.clone();
        let org = org.clone();
        let code = totp.now_code();
        racing.spawn(async move {
            let verify = http
                .post(format!("{base}/api/v1/me/mfa/totp/{id}/verify"))
                .bearer_auth(&user.token)
                .json(&json!({"code": code}))
                .send();
            let remove = http
                .delete(format!("{base}/api/v1/orgs/{org}/members/{}", user.id))
                .bearer_auth(&owner)
                .send();
            let (v, r) = tokio::join!(verify, remove);
            let status = |r: Result<reqwest::Response, reqwest::Error>| {
                r.map(|r| r.status().as_u16())
                    .unwrap_or_else(|e| panic!("request failed: {e}"))
            };
            (user.email, status(v), status(r))
        });
    }
    let mut statuses = Vec::new();
    while let Some(done) = racing.join_next().await {
        statuses.push(done.unwrap_or_else(|e| panic!("{e}")));
    }
    statuses.sort();

    let mut problems = Vec::new();
    // Each request succeeded: nothing for anyone to retry.
    let failed: Vec<_> = statuses
        .iter()
        .filter(|(_, v, r)| (*v, *r) != (200, 204))
        .collect();
    if !failed.is_empty() {
        problems.push(format!("(email, verify, remove) that failed: {failed:?}"));
    }
    // Whatever the outcome of each race, the head counts are those of the member list.
    let res = members(&app, &org, &ann.token, "?limit=200").await;
    let body = res.assert_status(200);
    let rows = body["members"].as_array().cloned().unwrap_or_default();
    let with_2fa = rows.iter().filter(|r| r["mfa_enabled"] == true).count();
    if (&body["counts"]["members"], &body["counts"]["mfa_enabled"])
        != (&json!(rows.len()), &json!(with_2fa))
    {
        problems.push(format!(
            "counts {} but the list holds {} members, {with_2fa} with 2FA: {:?}",
            body["counts"],
            rows.len(),
            emails_in(&rows)
        ));
    }
    let res = app
        .get(
            &format!("/api/v1/orgs/{org}/mfa-policy/preview"),
            &ann.token,
        )
        .await;
    let preview = res.assert_status(200);
    if preview["counts"]["mfa_enabled"] != json!(with_2fa) {
        problems.push(format!("preview counts {}", preview["counts"]));
    }
    // Zed, who joins without 2FA, keeps strict mode from enforcing.
    let zed = join(&app, &org, &ann, "zed@example.org", "member", false).await;
    let res = put_policy(
        &app,
        &org,
        &ann.token,
        json!({"enforced": true, "require_all_enrolled": true, "confirm": "ENFORCE"}),
    )
    .await;
    if res.status.as_u16() != 409 {
        problems.push(format!(
            "strict mode enforced while zed has no 2FA: {}; zed's next request: {}",
            res.text,
            app.get(&format!("/api/v1/orgs/{org}"), &zed.token)
                .await
                .text
        ));
    }
    assert!(problems.is_empty(), "{problems:#?}");
    assert_eq!(emails_in(&rows), ["ann@example.org"]);
}
