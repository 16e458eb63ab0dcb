//! Two-step sign-in: authenticator apps (codes computed by Debian's `oathtool`), recovery codes,
//! attempt limiting, re-authentication, remembered devices and the admin reset.

use std::process::{Command, Stdio};

use reqwest::Method;
use serde_json::{Value, json};

use crate::backend_tests_with;
use crate::helpers::{
    PASSWORD, RECOVERY_ALPHABET, Res, TEST_HASHING, TestApp, binary, emails_to, enroll_totp,
    enroll_totp_with, passed_token, recovery_step, retry_after, second_step, set_cookie_line,
    set_cookie_value, sign_in_pending, sign_in_with_device, str_of, strings_of, totp_step,
    wait_for_emails,
};

backend_tests_with!(&crate::helpers::MFA_ENV;
    enrolling_an_authenticator_app_makes_sign_in_take_two_steps,
    a_pending_method_is_neither_listed_nor_usable,
    a_wrong_code_is_refused_and_the_session_stays_pending,
    a_code_is_accepted_once_even_on_a_new_sign_in,
    a_code_from_the_previous_step_is_accepted_for_clock_drift,
    two_concurrent_requests_with_one_code_succeed_once,
    failures_beyond_the_free_attempts_must_wait,
    each_recovery_code_works_once,
    one_recovery_code_raced_on_two_sign_ins_succeeds_once,
    regenerating_recovery_codes_voids_the_old_set,
    a_pending_session_may_only_finish_the_step_or_sign_out,
    removing_methods_one_by_one_or_all_at_once_turns_two_factor_off,
    the_default_method_is_the_oldest_until_one_is_chosen,
    a_session_that_skipped_the_step_on_a_remembered_device_must_reauthenticate,
    a_remembered_device_skips_the_second_step_for_its_own_account_only,
    revoking_a_remembered_device_makes_sign_in_ask_again,
    turning_two_factor_off_forgets_remembered_devices,
    changing_the_password_forgets_remembered_devices,
    bad_second_step_input_is_refused_and_names_the_field,
    the_reset_mfa_command_turns_two_factor_off_and_tells_the_holder,
    turning_two_factor_on_ends_the_sessions_opened_with_the_password_alone,
    forgetting_a_device_ends_the_sessions_it_let_in,
    a_replayed_code_is_told_to_the_holder,
    a_database_dump_holds_no_usable_secret,
);

/// Many attempts per sign-in are free, but three failures end the sign-in.
pub const PER_SIGN_IN_ENV: [(&str, &str); 3] = [
    ("TWOFOLD_MFA_THROTTLE__BASE_WAIT_SECONDS", "120"),
    ("TWOFOLD_MFA_THROTTLE__FREE_ATTEMPTS", "10"),
    ("TWOFOLD_MFA_THROTTLE__PER_SIGN_IN", "3"),
];

/// Four failures lock the account's second step; each sign-in allows two.
pub const LOCK_ENV: [(&str, &str); 4] = [
    ("TWOFOLD_MFA_THROTTLE__BASE_WAIT_SECONDS", "120"),
    ("TWOFOLD_MFA_THROTTLE__FREE_ATTEMPTS", "50"),
    ("TWOFOLD_MFA_THROTTLE__LOCK_AFTER", "4"),
    ("TWOFOLD_MFA_THROTTLE__PER_SIGN_IN", "2"),
];

backend_tests_with!(&crate::mfa::PER_SIGN_IN_ENV; too_many_failures_in_one_sign_in_end_it);
backend_tests_with!(&crate::mfa::LOCK_ENV;
    reaching_the_lock_threshold_locks_the_second_step_and_tells_the_holder,
);

/// A well-formed id that was never issued.
const UNKNOWN_ID: &str = "00000000-0000-0000-0000-000000000000";

/// Ids that were never issued and are not even well-formed: still "not found" (as on the
/// organization routes), not a validation error.
fn malformed_ids() -> [String; 3] {
    [
        "nope".to_owned(),
        "x".repeat(300),
        "%27%20OR%201%3D1".to_owned(),
    ]
}

fn is_recovery_code(code: &str) -> bool {
    let groups: Vec<&str> = code.split('-').collect();
    groups.len() == 3
        && groups
            .iter()
            .all(|g| g.len() == 4 && g.bytes().all(|b| RECOVERY_ALPHABET.contains(&b)))
}

/// The `methods` of `GET /me/mfa`.
async fn mfa_methods(app: &TestApp, token: &str) -> Vec<Value> {
    let res = app.get("/api/v1/me/mfa", token).await;
    res.assert_status(200)["methods"]
        .as_array()
        .cloned()
        .unwrap_or_else(|| panic!("no methods in {}", res.text))
}

async fn recovery_codes_left(app: &TestApp, token: &str) -> i64 {
    let res = app.get("/api/v1/me/mfa", token).await;
    res.assert_status(200)["recovery_codes_left"]
        .as_i64()
        .unwrap_or_else(|| panic!("no recovery_codes_left in {}", res.text))
}

async fn mfa_enabled(app: &TestApp, token: &str) -> bool {
    let res = app.get("/api/v1/me", token).await;
    res.assert_status(200)["mfa_enabled"]
        .as_bool()
        .unwrap_or_else(|| panic!("no mfa_enabled in {}", res.text))
}

async fn session_state(app: &TestApp, token: &str) -> (String, String) {
    let res = app.get("/api/v1/sessions/current", token).await;
    let body = res.assert_status(200);
    (str_of(&body["state"]), str_of(&body["aal"]))
}

async fn delete(app: &TestApp, path: &str, token: &str) -> Res {
    app.call(Method::DELETE, path, Some(token), None).await
}

/// Completes the second step with `remember_device`; returns the device cookie's value and the
/// session's new token.
async fn remember_device(app: &TestApp, token: &str, code: &str) -> (String, String) {
    let res = second_step(
        app,
        token,
        json!({"type": "totp", "code": code, "remember_device": true}),
    )
    .await;
    let passed = passed_token(&res);
    let device = set_cookie_value(&res, "twofold_device")
        .unwrap_or_else(|| panic!("no twofold_device cookie: {:?}", res.headers));
    (device, passed)
}

/// A token that a passed second step replaced: it no longer works.
async fn assert_replaced(app: &TestApp, old: &str) {
    app.get("/api/v1/sessions/current", old)
        .await
        .assert_problem(401, "unauthenticated");
}

/// A sign-in that must have skipped (or not) the second step; returns the token.
#[track_caller]
fn expect_state(res: &Res, state: &str, aal: &str) -> String {
    let body = res.assert_status(201);
    assert_eq!(body["state"], state, "{}", res.text);
    assert_eq!(body["aal"], aal, "{}", res.text);
    str_of(&body["token"])
}

fn ids(methods: &[Value]) -> Vec<String> {
    methods.iter().map(|m| str_of(&m["id"])).collect()
}

fn default_of(methods: &[Value]) -> Vec<String> {
    methods
        .iter()
        .filter(|m| m["is_default"] == true)
        .map(|m| str_of(&m["id"]))
        .collect()
}

async fn enrolling_an_authenticator_app_makes_sign_in_take_two_steps(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    let started = app
        .post(
            "/api/v1/me/mfa/totp",
            Some(&ann.token),
            json!({"label": "Phone"}),
        )
        .await;
    let body = started.assert_status(201).clone();
    let id = str_of(&body["id"]);
    let secret = str_of(&body["secret"]);
    assert!(!id.is_empty(), "{}", started.text);
    assert_eq!(secret.len(), 32, "160 bits in base32: {secret}");
    assert!(
        secret
            .bytes()
            .all(|b| b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".contains(&b)),
        "{secret}"
    );
    let uri = str_of(&body["otpauth_uri"]);
    assert!(uri.starts_with("otpauth://totp/"), "{uri}");
    assert!(uri.contains("issuer="), "{uri}");
    assert!(uri.contains(&format!("secret={secret}")), "{uri}");
    assert!(str_of(&body["qr_svg"]).contains("<svg"), "{}", started.text);

    // Pending until verified: not listed, 2FA not on yet.
    assert_eq!(mfa_methods(&app, &ann.token).await, Vec::<Value>::new());
    assert!(!mfa_enabled(&app, &ann.token).await);

    let mut totp = app.totp(&secret);
    let code = totp.fresh();
    let verified = app
        .post(
            &format!("/api/v1/me/mfa/totp/{id}/verify"),
            Some(&ann.token),
            json!({"code": code}),
        )
        .await;
    let body = verified.assert_status(200);
    let method = &body["method"];
    assert_eq!(method["id"], id.as_str(), "{}", verified.text);
    assert_eq!(method["type"], "totp", "{}", verified.text);
    assert_eq!(method["label"], "Phone", "{}", verified.text);
    assert_eq!(method["is_default"], true, "{}", verified.text);
    assert!(method["created_at"].is_string(), "{}", verified.text);
    let codes = strings_of(&body["recovery_codes"]);
    assert_eq!(codes.len(), 10, "{}", verified.text);
    assert!(codes.iter().all(|c| is_recovery_code(c)), "{codes:?}");
    let mut distinct = codes.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), 10, "{codes:?}");

    // The enrolling session now has two factors, and the account has 2FA.
    assert_eq!(
        session_state(&app, &ann.token).await,
        ("active".to_owned(), "aal2".to_owned())
    );
    let me = app.get("/api/v1/me", &ann.token).await;
    let me_body = me.assert_status(200);
    assert_eq!(me_body["mfa_enabled"], true, "{}", me.text);
    assert_eq!(me_body["methods"][0]["id"], id.as_str(), "{}", me.text);
    assert_eq!(me_body["methods"][0]["type"], "totp", "{}", me.text);
    let listed = mfa_methods(&app, &ann.token).await;
    assert_eq!(ids(&listed), vec![id.clone()]);
    assert_eq!(recovery_codes_left(&app, &ann.token).await, 10);
    wait_for_emails(&app, "ann@example.org", &["added"], 1).await;

    // Signing in now takes two steps.
    let res = app.sign_in("ann@example.org", PASSWORD).await;
    let token = expect_state(&res, "mfa_pending", "aal1");
    assert_eq!(res.body["default_method"], id.as_str(), "{}", res.text);
    let offered = res.body["methods"].as_array().cloned().unwrap_or_default();
    assert_eq!(ids(&offered), vec![id.clone()], "{}", res.text);
    assert_eq!(offered[0]["type"], "totp", "{}", res.text);
    assert_eq!(offered[0]["is_default"], true, "{}", res.text);
    app.get("/api/v1/me", &token)
        .await
        .assert_problem(403, "mfa_required");

    let done = totp_step(&app, &token, &totp.fresh()).await;
    let body = done.assert_status(200);
    assert_eq!(body["state"], "active", "{}", done.text);
    assert_eq!(body["aal"], "aal2", "{}", done.text);
    // The step issued a new token; the pending one is over.
    let pending = token;
    let token = passed_token(&done);
    assert_ne!(token, pending);
    assert_replaced(&app, &pending).await;
    app.get("/api/v1/me", &token).await.assert_status(200);
    assert_eq!(
        session_state(&app, &token).await,
        ("active".to_owned(), "aal2".to_owned())
    );
    let listed = mfa_methods(&app, &token).await;
    assert!(
        listed[0]["last_used_at"].is_string(),
        "last_used_at after a sign-in: {listed:?}"
    );
}

async fn a_pending_method_is_neither_listed_nor_usable(app: TestApp) {
    // An account whose only method is unverified still signs in in one step.
    let ann = app.user("ann@example.org").await;
    let started = app
        .post("/api/v1/me/mfa/totp", Some(&ann.token), json!({}))
        .await;
    let body = started.assert_status(201);
    let id = str_of(&body["id"]);
    let pending = app.totp(&str_of(&body["secret"]));
    let res = app.sign_in("ann@example.org", PASSWORD).await;
    expect_state(&res, "active", "aal1");
    assert_eq!(res.body["methods"], json!([]), "{}", res.text);
    assert_eq!(res.body["default_method"], Value::Null, "{}", res.text);
    assert_eq!(mfa_methods(&app, &ann.token).await, Vec::<Value>::new());
    assert_eq!(recovery_codes_left(&app, &ann.token).await, 0);
    let me = app.get("/api/v1/me", &ann.token).await;
    assert_eq!(me.assert_status(200)["mfa_enabled"], false, "{}", me.text);
    assert_eq!(me.body["methods"], json!([]), "{}", me.text);

    // Verification needs the right code, of a method that exists.
    app.post(
        &format!("/api/v1/me/mfa/totp/{id}/verify"),
        Some(&ann.token),
        json!({"code": pending.wrong(0)}),
    )
    .await
    .assert_problem(401, "invalid_code");
    app.post(
        &format!("/api/v1/me/mfa/totp/{UNKNOWN_ID}/verify"),
        Some(&ann.token),
        json!({"code": pending.now_code()}),
    )
    .await
    .assert_problem(404, "not_found");
    assert!(!mfa_enabled(&app, &ann.token).await);

    // Next to a verified method, an unverified one opens nothing.
    let bob = app.user("bob@example.org").await;
    let verified = enroll_totp(&app, &bob).await;
    let started = app
        .post(
            "/api/v1/me/mfa/totp",
            Some(&bob.token),
            json!({"label": "Tablet"}),
        )
        .await;
    let body = started.assert_status(201);
    let tablet_id = str_of(&body["id"]);
    let tablet = app.totp(&str_of(&body["secret"]));
    assert_eq!(
        ids(&mfa_methods(&app, &bob.token).await),
        vec![verified.method_id.clone()]
    );
    let res = app.sign_in("bob@example.org", PASSWORD).await;
    let token = expect_state(&res, "mfa_pending", "aal1");
    let offered = res.body["methods"].as_array().cloned().unwrap_or_default();
    assert_eq!(
        ids(&offered),
        vec![verified.method_id.clone()],
        "{}",
        res.text
    );
    totp_step(&app, &token, &tablet.now_code())
        .await
        .assert_problem(401, "invalid_code");
    let named = second_step(
        &app,
        &token,
        json!({"method_id": tablet_id, "type": "totp", "code": tablet.now_code()}),
    )
    .await;
    assert!(
        matches!(named.status.as_u16(), 401 | 404),
        "an unverified method must not be usable: {}",
        named.text
    );
    assert_eq!(
        session_state(&app, &token).await,
        ("mfa_pending".to_owned(), "aal1".to_owned())
    );
    for bad in malformed_ids() {
        app.post(
            &format!("/api/v1/me/mfa/totp/{bad}/verify"),
            Some(&ann.token),
            json!({"code": pending.now_code()}),
        )
        .await
        .assert_problem(404, "not_found");
    }
}

async fn a_wrong_code_is_refused_and_the_session_stays_pending(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    let mut m = enroll_totp(&app, &ann).await;
    let token = sign_in_pending(&app, "ann@example.org").await;
    totp_step(&app, &token, &m.totp.wrong(0))
        .await
        .assert_problem(401, "invalid_code");
    second_step(
        &app,
        &token,
        json!({"method_id": m.method_id, "type": "totp", "code": m.totp.wrong(1)}),
    )
    .await
    .assert_problem(401, "invalid_code");
    recovery_step(&app, &token, "2222-2222-2222")
        .await
        .assert_problem(401, "invalid_code");
    assert_eq!(
        session_state(&app, &token).await,
        ("mfa_pending".to_owned(), "aal1".to_owned())
    );
    app.get("/api/v1/me", &token)
        .await
        .assert_problem(403, "mfa_required");
    // The right code, naming the method this time, still works.
    let code = m.totp.fresh();
    let res = second_step(
        &app,
        &token,
        json!({"method_id": m.method_id, "type": "totp", "code": code}),
    )
    .await;
    let passed = passed_token(&res);
    app.get("/api/v1/me", &passed).await.assert_status(200);
    assert_replaced(&app, &token).await;
}

async fn a_code_is_accepted_once_even_on_a_new_sign_in(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    let mut m = enroll_totp(&app, &ann).await;
    let enrollment_code = m.totp.at_step(m.totp.used_steps()[0]);

    let pending = sign_in_pending(&app, "ann@example.org").await;
    let code = m.totp.fresh();
    let first = passed_token(&totp_step(&app, &pending, &code).await);

    // The same code on a new sign-in, or the one used to verify the method: refused.
    let second = sign_in_pending(&app, "ann@example.org").await;
    totp_step(&app, &second, &code)
        .await
        .assert_problem(401, "invalid_code");
    totp_step(&app, &second, &enrollment_code)
        .await
        .assert_problem(401, "invalid_code");
    // Nor does it re-authenticate the session that used it (under its new token; the old one
    // is over).
    totp_step(&app, &first, &code)
        .await
        .assert_problem(401, "invalid_code");
    totp_step(&app, &pending, &code)
        .await
        .assert_problem(401, "unauthenticated");
    assert_eq!(
        session_state(&app, &second).await,
        ("mfa_pending".to_owned(), "aal1".to_owned())
    );
    // A code of a later step still works.
    totp_step(&app, &second, &m.totp.fresh())
        .await
        .assert_status(200);
}

async fn a_code_from_the_previous_step_is_accepted_for_clock_drift(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    let started = app
        .post("/api/v1/me/mfa/totp", Some(&ann.token), json!({}))
        .await;
    let body = started.assert_status(201);
    let id = str_of(&body["id"]);
    let totp = app.totp(&str_of(&body["secret"]));
    let step = app.clock.step();
    app.post(
        &format!("/api/v1/me/mfa/totp/{id}/verify"),
        Some(&ann.token),
        json!({"code": totp.at_step(step)}),
    )
    .await
    .assert_status(200);
    // Two steps later the previous step is one that was never used.
    app.clock.advance_to_step(step + 2);
    let token = sign_in_pending(&app, "ann@example.org").await;
    // Two steps ahead is beyond the allowed drift.
    totp_step(&app, &token, &totp.at_step(app.clock.step() + 2))
        .await
        .assert_problem(401, "invalid_code");
    let res = totp_step(&app, &token, &totp.at_step(app.clock.step() - 1)).await;
    let body = res.assert_status(200);
    assert_eq!(body["aal"], "aal2", "{}", res.text);
}

async fn two_concurrent_requests_with_one_code_succeed_once(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    let mut m = enroll_totp(&app, &ann).await;
    let token = sign_in_pending(&app, "ann@example.org").await;
    let code = m.totp.fresh();
    let (a, b) = tokio::join!(
        totp_step(&app, &token, &code),
        totp_step(&app, &token, &code)
    );
    let statuses = [a.status.as_u16(), b.status.as_u16()];
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        1,
        "exactly one may win: {}\n{}",
        a.text,
        b.text
    );
    assert!(
        statuses.iter().all(|s| matches!(s, 200 | 401 | 429)),
        "{}\n{}",
        a.text,
        b.text
    );
    let winner = if a.status.as_u16() == 200 { &a } else { &b };
    let passed = passed_token(winner);
    assert_eq!(
        session_state(&app, &passed).await,
        ("active".to_owned(), "aal2".to_owned())
    );
    assert_replaced(&app, &token).await;
}

async fn failures_beyond_the_free_attempts_must_wait(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    let mut m = enroll_totp(&app, &ann).await;
    let token = sign_in_pending(&app, "ann@example.org").await;
    // Five free failures, of both kinds: they share one count.
    for i in 0..3 {
        totp_step(&app, &token, &m.totp.wrong(i))
            .await
            .assert_problem(401, "invalid_code");
    }
    for code in ["2222-2222-2222", "3333-3333-3333"] {
        recovery_step(&app, &token, code)
            .await
            .assert_problem(401, "invalid_code");
    }
    // The sixth waits, even with the right code.
    let code = m.totp.fresh();
    let res = totp_step(&app, &token, &code).await;
    res.assert_problem(429, "too_many_attempts");
    let wait = retry_after(&res);
    assert!(wait >= 100, "Retry-After {wait}: {:?}", res.headers);
    recovery_step(&app, &token, &m.recovery_codes[0])
        .await
        .assert_problem(429, "too_many_attempts");
    // The sign-in is kept, waiting.
    assert_eq!(
        session_state(&app, &token).await,
        ("mfa_pending".to_owned(), "aal1".to_owned())
    );
    // The wait is the account's, not the session's.
    let other = sign_in_pending(&app, "ann@example.org").await;
    totp_step(&app, &other, &code)
        .await
        .assert_problem(429, "too_many_attempts");
}

async fn too_many_failures_in_one_sign_in_end_it(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    let mut m = enroll_totp(&app, &ann).await;
    let token = sign_in_pending(&app, "ann@example.org").await;
    for i in 0..2 {
        totp_step(&app, &token, &m.totp.wrong(i))
            .await
            .assert_problem(401, "invalid_code");
    }
    let res = totp_step(&app, &token, &m.totp.wrong(2)).await;
    res.assert_problem(429, "too_many_attempts");
    // The sign-in is over: even the right code does not revive it.
    app.get("/api/v1/sessions/current", &token)
        .await
        .assert_problem(401, "unauthenticated");
    let code = m.totp.fresh();
    totp_step(&app, &token, &code)
        .await
        .assert_problem(401, "unauthenticated");
    // The account is not locked: a new sign-in with that code works.
    let again = sign_in_pending(&app, "ann@example.org").await;
    totp_step(&app, &again, &code).await.assert_status(200);
}

async fn reaching_the_lock_threshold_locks_the_second_step_and_tells_the_holder(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    let mut m = enroll_totp(&app, &ann).await;
    let mut nth = 0;
    for _ in 0..2 {
        let token = sign_in_pending(&app, "ann@example.org").await;
        totp_step(&app, &token, &m.totp.wrong(nth))
            .await
            .assert_problem(401, "invalid_code");
        // The second failure of a sign-in ends it.
        let res = totp_step(&app, &token, &m.totp.wrong(nth + 1)).await;
        res.assert_problem(429, "too_many_attempts");
        nth += 2;
        app.get("/api/v1/sessions/current", &token)
            .await
            .assert_problem(401, "unauthenticated");
    }
    // Four failures: locked, and the holder is told.
    wait_for_emails(&app, "ann@example.org", &["second step", "locked"], 1).await;
    // The password still starts a sign-in, but no code finishes it, not even a right one.
    let token = sign_in_pending(&app, "ann@example.org").await;
    let res = totp_step(&app, &token, &m.totp.fresh()).await;
    res.assert_problem(429, "too_many_attempts");
    let wait = retry_after(&res);
    assert!(
        wait >= 23 * 3600,
        "locked for a day, Retry-After {wait}: {:?}",
        res.headers
    );
    let token = sign_in_pending(&app, "ann@example.org").await;
    recovery_step(&app, &token, &m.recovery_codes[0])
        .await
        .assert_problem(429, "too_many_attempts");
}

async fn each_recovery_code_works_once(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    let m = enroll_totp(&app, &ann).await;
    assert_eq!(m.recovery_codes.len(), 10);
    assert_eq!(recovery_codes_left(&app, &ann.token).await, 10);
    // Let the enrollment emails arrive before counting the recovery-code ones.
    wait_for_emails(&app, "ann@example.org", &["added"], 1).await;
    let before = emails_to(&app, "ann@example.org", &["recovery code"]).len();
    for (i, code) in m.recovery_codes.iter().enumerate() {
        // As shown, in capitals, or without the dashes: all accepted.
        let typed = match i % 3 {
            0 => code.clone(),
            1 => code.to_uppercase(),
            _ => code.replace('-', ""),
        };
        let pending = sign_in_pending(&app, "ann@example.org").await;
        let res = recovery_step(&app, &pending, &typed).await;
        let body = res.assert_status(200);
        assert_eq!(body["state"], "active", "{}", res.text);
        assert_eq!(body["aal"], "aal2", "{}", res.text);
        let token = passed_token(&res);
        let left = 9 - i64::try_from(i).unwrap_or(0);
        assert_eq!(recovery_codes_left(&app, &token).await, left);
        if i == 0 {
            wait_for_emails(&app, "ann@example.org", &["recovery code"], before + 1).await;
        }
    }
    // Each only once.
    let token = sign_in_pending(&app, "ann@example.org").await;
    for code in [&m.recovery_codes[0], &m.recovery_codes[9]] {
        recovery_step(&app, &token, code)
            .await
            .assert_problem(401, "invalid_code");
    }
    assert_eq!(
        session_state(&app, &token).await,
        ("mfa_pending".to_owned(), "aal1".to_owned())
    );
}

async fn one_recovery_code_raced_on_two_sign_ins_succeeds_once(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    let m = enroll_totp(&app, &ann).await;
    let first = sign_in_pending(&app, "ann@example.org").await;
    let second = sign_in_pending(&app, "ann@example.org").await;
    let code = &m.recovery_codes[3];
    let (a, b) = tokio::join!(
        recovery_step(&app, &first, code),
        recovery_step(&app, &second, code)
    );
    let results = [(a, &first), (b, &second)];
    let winners: Vec<String> = results
        .iter()
        .filter(|(r, _)| r.status.as_u16() == 200)
        .map(|(r, _)| passed_token(r))
        .collect();
    assert_eq!(
        winners.len(),
        1,
        "exactly one may win: {}\n{}",
        results[0].0.text,
        results[1].0.text
    );
    for (res, token) in &results {
        match res.status.as_u16() {
            200 => assert_replaced(&app, token).await,
            401 | 429 => assert_eq!(
                session_state(&app, token).await,
                ("mfa_pending".to_owned(), "aal1".to_owned())
            ),
            _ => panic!("unexpected answer: {}", res.text),
        }
    }
    assert_eq!(recovery_codes_left(&app, &winners[0]).await, 9);
}

async fn regenerating_recovery_codes_voids_the_old_set(app: TestApp) {
    // Without a method there is nothing to recover.
    let bob = app.user("bob@example.org").await;
    app.post("/api/v1/me/recovery-codes", Some(&bob.token), json!({}))
        .await
        .assert_problem(409, "mfa_not_enabled");

    let ann = app.user("ann@example.org").await;
    let m = enroll_totp(&app, &ann).await;
    let res = app
        .post("/api/v1/me/recovery-codes", Some(&ann.token), json!({}))
        .await;
    let fresh = strings_of(&res.assert_status(201)["recovery_codes"]);
    assert_eq!(fresh.len(), 10, "{}", res.text);
    assert!(fresh.iter().all(|c| is_recovery_code(c)), "{fresh:?}");
    assert!(
        fresh.iter().all(|c| !m.recovery_codes.contains(c)),
        "{fresh:?}"
    );
    assert_eq!(recovery_codes_left(&app, &ann.token).await, 10);

    let token = sign_in_pending(&app, "ann@example.org").await;
    recovery_step(&app, &token, &m.recovery_codes[0])
        .await
        .assert_problem(401, "invalid_code");
    let token = passed_token(&recovery_step(&app, &token, &fresh[0]).await);
    assert_eq!(recovery_codes_left(&app, &token).await, 9);
}

async fn a_pending_session_may_only_finish_the_step_or_sign_out(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    let mut m = enroll_totp(&app, &ann).await;
    let token = sign_in_pending(&app, "ann@example.org").await;
    for path in [
        "/api/v1/me",
        "/api/v1/me/mfa",
        "/api/v1/me/app-passwords",
        "/api/v1/me/devices",
    ] {
        let res = app.get(path, &token).await;
        res.assert_problem(403, "mfa_required");
    }
    for (path, body) in [
        ("/api/v1/orgs", json!({"name": "Acme"})),
        ("/api/v1/me/mfa/totp", json!({})),
        ("/api/v1/me/recovery-codes", json!({})),
        ("/api/v1/me/app-passwords", json!({"label": "Mail"})),
        (
            "/api/v1/me/password",
            json!({"current_password": PASSWORD, "new_password": "another long pass phrase"}),
        ),
    ] {
        app.post(path, Some(&token), body)
            .await
            .assert_problem(403, "mfa_required");
    }
    delete(&app, "/api/v1/me/mfa", &token)
        .await
        .assert_problem(403, "mfa_required");
    // Nothing changed.
    assert_eq!(
        ids(&mfa_methods(&app, &ann.token).await),
        vec![m.method_id.clone()]
    );
    assert_eq!(
        session_state(&app, &token).await,
        ("mfa_pending".to_owned(), "aal1".to_owned())
    );
    delete(&app, "/api/v1/sessions/current", &token)
        .await
        .assert_status(204);
    app.get("/api/v1/sessions/current", &token)
        .await
        .assert_problem(401, "unauthenticated");
    // Another sign-in finishes the step and may do everything.
    let token = sign_in_pending(&app, "ann@example.org").await;
    let token = passed_token(&totp_step(&app, &token, &m.totp.fresh()).await);
    app.get("/api/v1/me", &token).await.assert_status(200);
}

async fn removing_methods_one_by_one_or_all_at_once_turns_two_factor_off(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    let phone = enroll_totp(&app, &ann).await;
    let mut tablet = enroll_totp_with(&app, &ann.token, "Tablet").await;
    assert!(
        tablet.recovery_codes.is_empty(),
        "codes come only with the first method"
    );
    let listed = mfa_methods(&app, &ann.token).await;
    assert_eq!(
        ids(&listed),
        vec![phone.method_id.clone(), tablet.method_id.clone()]
    );
    assert_eq!(recovery_codes_left(&app, &ann.token).await, 10);

    delete(&app, &format!("/api/v1/me/mfa/{UNKNOWN_ID}"), &ann.token)
        .await
        .assert_problem(404, "not_found");
    wait_for_emails(&app, "ann@example.org", &["added"], 2).await;
    let before = emails_to(&app, "ann@example.org", &["removed"]).len();
    delete(
        &app,
        &format!("/api/v1/me/mfa/{}", phone.method_id),
        &ann.token,
    )
    .await
    .assert_status(204);
    wait_for_emails(&app, "ann@example.org", &["removed"], before + 1).await;
    let listed = mfa_methods(&app, &ann.token).await;
    assert_eq!(ids(&listed), vec![tablet.method_id.clone()]);
    assert_eq!(default_of(&listed), vec![tablet.method_id.clone()]);
    assert!(mfa_enabled(&app, &ann.token).await);

    // The remaining method still guards sign-in; removing it too turns 2FA off.
    let token = sign_in_pending(&app, "ann@example.org").await;
    let token = passed_token(&totp_step(&app, &token, &tablet.totp.fresh()).await);
    delete(
        &app,
        &format!("/api/v1/me/mfa/{}", tablet.method_id),
        &token,
    )
    .await
    .assert_status(204);
    let me = app.get("/api/v1/me", &token).await;
    assert_eq!(me.assert_status(200)["mfa_enabled"], false, "{}", me.text);
    assert_eq!(me.body["methods"], json!([]), "{}", me.text);
    let res = app.sign_in("ann@example.org", PASSWORD).await;
    let token = expect_state(&res, "active", "aal1");

    // On again, then off entirely in one call.
    let again = enroll_totp_with(&app, &token, "Phone").await;
    assert_eq!(again.recovery_codes.len(), 10, "first method again");
    assert!(mfa_enabled(&app, &token).await);
    delete(&app, "/api/v1/me/mfa", &token)
        .await
        .assert_status(204);
    assert_eq!(mfa_methods(&app, &token).await, Vec::<Value>::new());
    assert_eq!(recovery_codes_left(&app, &token).await, 0);
    assert!(!mfa_enabled(&app, &token).await);
    let res = app.sign_in("ann@example.org", PASSWORD).await;
    expect_state(&res, "active", "aal1");
    app.post("/api/v1/me/recovery-codes", Some(&token), json!({}))
        .await
        .assert_problem(409, "mfa_not_enabled");
    for bad in malformed_ids() {
        delete(&app, &format!("/api/v1/me/mfa/{bad}"), &token)
            .await
            .assert_problem(404, "not_found");
    }
}

async fn the_default_method_is_the_oldest_until_one_is_chosen(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    let phone = enroll_totp(&app, &ann).await;
    let tablet = enroll_totp_with(&app, &ann.token, "Tablet").await;
    let listed = mfa_methods(&app, &ann.token).await;
    assert_eq!(default_of(&listed), vec![phone.method_id.clone()]);
    let res = app.sign_in("ann@example.org", PASSWORD).await;
    expect_state(&res, "mfa_pending", "aal1");
    assert_eq!(
        res.body["default_method"],
        phone.method_id.as_str(),
        "{}",
        res.text
    );

    let res = app
        .post(
            &format!("/api/v1/me/mfa/{}/default", tablet.method_id),
            Some(&ann.token),
            json!({}),
        )
        .await;
    let body = res.assert_status(200);
    assert_eq!(
        body["method"]["id"],
        tablet.method_id.as_str(),
        "{}",
        res.text
    );
    assert_eq!(body["method"]["is_default"], true, "{}", res.text);
    let listed = mfa_methods(&app, &ann.token).await;
    assert_eq!(default_of(&listed), vec![tablet.method_id.clone()]);
    let me = app.get("/api/v1/me", &ann.token).await;
    let on_me = me.assert_status(200)["methods"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(default_of(&on_me), vec![tablet.method_id.clone()]);
    let res = app.sign_in("ann@example.org", PASSWORD).await;
    expect_state(&res, "mfa_pending", "aal1");
    assert_eq!(
        res.body["default_method"],
        tablet.method_id.as_str(),
        "{}",
        res.text
    );
    let offered = res.body["methods"].as_array().cloned().unwrap_or_default();
    assert_eq!(default_of(&offered), vec![tablet.method_id.clone()]);

    // Unknown methods, and other people's, cannot be chosen.
    app.post(
        &format!("/api/v1/me/mfa/{UNKNOWN_ID}/default"),
        Some(&ann.token),
        json!({}),
    )
    .await
    .assert_problem(404, "not_found");
    let bob = app.user("bob@example.org").await;
    enroll_totp(&app, &bob).await;
    app.post(
        &format!("/api/v1/me/mfa/{}/default", phone.method_id),
        Some(&bob.token),
        json!({}),
    )
    .await
    .assert_problem(404, "not_found");
    assert_eq!(
        default_of(&mfa_methods(&app, &ann.token).await),
        vec![tablet.method_id.clone()]
    );
    for bad in malformed_ids() {
        app.post(
            &format!("/api/v1/me/mfa/{bad}/default"),
            Some(&ann.token),
            json!({}),
        )
        .await
        .assert_problem(404, "not_found");
    }
}

async fn a_session_that_skipped_the_step_on_a_remembered_device_must_reauthenticate(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    let mut m = enroll_totp(&app, &ann).await;
    let token = sign_in_pending(&app, "ann@example.org").await;
    let (device, token) = remember_device(&app, &token, &m.totp.fresh()).await;
    let res = sign_in_with_device(&app, "ann@example.org", PASSWORD, &device).await;
    let skipped = expect_state(&res, "active", "aal2");
    app.get("/api/v1/me", &skipped).await.assert_status(200);

    let guarded = [
        (
            Method::POST,
            "/api/v1/me/mfa/totp".to_owned(),
            Some(json!({})),
        ),
        (
            Method::POST,
            format!("/api/v1/me/mfa/{}/default", m.method_id),
            Some(json!({})),
        ),
        (
            Method::DELETE,
            format!("/api/v1/me/mfa/{}", m.method_id),
            None,
        ),
        (Method::DELETE, "/api/v1/me/mfa".to_owned(), None),
        (
            Method::POST,
            "/api/v1/me/recovery-codes".to_owned(),
            Some(json!({})),
        ),
        (
            Method::POST,
            "/api/v1/me/app-passwords".to_owned(),
            Some(json!({"label": "Mail"})),
        ),
    ];
    for (method, path, body) in &guarded {
        app.call(method.clone(), path, Some(&skipped), body.clone())
            .await
            .assert_problem(403, "reauthentication_required");
    }
    // Nothing changed.
    assert_eq!(
        ids(&mfa_methods(&app, &skipped).await),
        vec![m.method_id.clone()]
    );
    assert_eq!(recovery_codes_left(&app, &skipped).await, 10);

    // A fresh code re-authenticates the session (under a new token: the old one is over), and
    // then changes are allowed.
    let res = totp_step(&app, &skipped, &m.totp.fresh()).await;
    let body = res.assert_status(200);
    assert_eq!(body["state"], "active", "{}", res.text);
    assert_eq!(body["aal"], "aal2", "{}", res.text);
    let old = skipped;
    let skipped = passed_token(&res);
    assert_replaced(&app, &old).await;
    let res = app
        .post("/api/v1/me/recovery-codes", Some(&skipped), json!({}))
        .await;
    assert_eq!(
        strings_of(&res.assert_status(201)["recovery_codes"]).len(),
        10
    );
    app.post(
        "/api/v1/me/app-passwords",
        Some(&skipped),
        json!({"label": "Mail"}),
    )
    .await
    .assert_status(201);
    // The session that did the step itself needs nothing more.
    app.post("/api/v1/me/recovery-codes", Some(&token), json!({}))
        .await
        .assert_status(201);
}

async fn a_remembered_device_skips_the_second_step_for_its_own_account_only(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    let mut m = enroll_totp(&app, &ann).await;
    let bob = app.user("bob@example.org").await;
    enroll_totp(&app, &bob).await;

    let token = sign_in_pending(&app, "ann@example.org").await;
    let res = second_step(
        &app,
        &token,
        json!({"type": "totp", "code": m.totp.fresh(), "remember_device": true}),
    )
    .await;
    let token = passed_token(&res);
    let line = set_cookie_line(&res, "twofold_device")
        .unwrap_or_else(|| panic!("no device cookie: {:?}", res.headers));
    for part in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=2592000"] {
        assert!(line.contains(part), "{part} missing: {line}");
    }
    let device = set_cookie_value(&res, "twofold_device").unwrap_or_default();
    assert!(device.len() >= 16, "{line}");

    let res = sign_in_with_device(&app, "ann@example.org", PASSWORD, &device).await;
    let skipped = expect_state(&res, "active", "aal2");
    app.get("/api/v1/me", &skipped).await.assert_status(200);
    let res = app.get("/api/v1/me/devices", &token).await;
    let devices = res.assert_status(200)["devices"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(devices.len(), 1, "{}", res.text);
    for field in [
        "id",
        "label",
        "ip",
        "created_at",
        "last_used_at",
        "expires_at",
    ] {
        assert!(
            devices[0].get(field).is_some(),
            "{field} missing: {}",
            res.text
        );
    }
    assert!(devices[0]["expires_at"].is_string(), "{}", res.text);

    // Not for another account, not without the password, not with a forged cookie.
    let res = sign_in_with_device(&app, "bob@example.org", PASSWORD, &device).await;
    expect_state(&res, "mfa_pending", "aal1");
    sign_in_with_device(&app, "ann@example.org", "not the password!", &device)
        .await
        .assert_problem(401, "invalid_credentials");
    let res = sign_in_with_device(&app, "ann@example.org", PASSWORD, "forged-device-cookie").await;
    expect_state(&res, "mfa_pending", "aal1");
    // Without the cookie the step is asked as before.
    sign_in_pending(&app, "ann@example.org").await;
}

async fn revoking_a_remembered_device_makes_sign_in_ask_again(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    let mut m = enroll_totp(&app, &ann).await;
    let token = sign_in_pending(&app, "ann@example.org").await;
    let (device, token) = remember_device(&app, &token, &m.totp.fresh()).await;
    let res = app.get("/api/v1/me/devices", &token).await;
    let id = str_of(&res.assert_status(200)["devices"][0]["id"]);
    assert!(!id.is_empty(), "{}", res.text);

    delete(&app, &format!("/api/v1/me/devices/{id}"), &token)
        .await
        .assert_status(204);
    let res = app.get("/api/v1/me/devices", &token).await;
    assert_eq!(res.assert_status(200)["devices"], json!([]), "{}", res.text);
    let res = sign_in_with_device(&app, "ann@example.org", PASSWORD, &device).await;
    expect_state(&res, "mfa_pending", "aal1");
}

async fn turning_two_factor_off_forgets_remembered_devices(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    let mut m = enroll_totp(&app, &ann).await;
    let token = sign_in_pending(&app, "ann@example.org").await;
    let (device, token) = remember_device(&app, &token, &m.totp.fresh()).await;
    delete(&app, "/api/v1/me/mfa", &token)
        .await
        .assert_status(204);
    let res = app.get("/api/v1/me/devices", &token).await;
    assert_eq!(res.assert_status(200)["devices"], json!([]), "{}", res.text);

    // Two-step sign-in on again: the old device does not skip it.
    enroll_totp_with(&app, &token, "New phone").await;
    let res = sign_in_with_device(&app, "ann@example.org", PASSWORD, &device).await;
    expect_state(&res, "mfa_pending", "aal1");
}

async fn changing_the_password_forgets_remembered_devices(app: TestApp) {
    const NEW_PASSWORD: &str = "a completely different pass phrase";
    let ann = app.user("ann@example.org").await;
    let mut m = enroll_totp(&app, &ann).await;
    let token = sign_in_pending(&app, "ann@example.org").await;
    let (device, token) = remember_device(&app, &token, &m.totp.fresh()).await;
    // The device works before the change.
    let res = sign_in_with_device(&app, "ann@example.org", PASSWORD, &device).await;
    expect_state(&res, "active", "aal2");

    app.post(
        "/api/v1/me/password",
        Some(&token),
        json!({"current_password": "not the password!", "new_password": NEW_PASSWORD}),
    )
    .await
    .assert_problem(401, "invalid_credentials");
    app.post(
        "/api/v1/me/password",
        Some(&token),
        json!({"current_password": PASSWORD, "new_password": NEW_PASSWORD}),
    )
    .await
    .assert_status(204);
    let res = sign_in_with_device(&app, "ann@example.org", NEW_PASSWORD, &device).await;
    expect_state(&res, "mfa_pending", "aal1");
}

async fn bad_second_step_input_is_refused_and_names_the_field(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    let mut m = enroll_totp(&app, &ann).await;
    let bob = app.user("bob@example.org").await;
    let bobs = enroll_totp(&app, &bob).await;
    let token = sign_in_pending(&app, "ann@example.org").await;

    for code in [
        "",
        "12345",
        "1234567",
        "12345678",
        "abcdef",
        "12345a",
        "12 3456",
        "1234 56",
        "1 2 3 4 5 6",
        "１２３４５６",
        "١٢٣٤٥٦",
        "۱۲۳۴۵۶",
        "12\u{0}456",
    ] {
        let res = totp_step(&app, &token, code).await;
        res.assert_problem(422, "validation_failed");
        assert_eq!(res.body["field"], "code", "{code:?}: {}", res.text);
    }
    for code in [
        "",
        "abc",
        "2222-2222-222",
        "2222-2222-2222-2222",
        "0000-1111-iiii",
        "２２２２-２２２２-２２２２",
    ] {
        let res = recovery_step(&app, &token, code).await;
        res.assert_problem(422, "validation_failed");
        assert_eq!(res.body["field"], "code", "{code:?}: {}", res.text);
    }
    for body in [
        json!({"type": "carrier_pigeon", "code": "123456"}),
        json!({"type": "", "code": "123456"}),
        json!({"type": 5, "code": "123456"}),
    ] {
        let res = second_step(&app, &token, body.clone()).await;
        res.assert_problem(422, "validation_failed");
        assert_eq!(res.body["field"], "type", "{body}: {}", res.text);
    }
    second_step(&app, &token, json!({"code": "123456"}))
        .await
        .assert_problem(422, "validation_failed");
    second_step(&app, &token, json!({"type": "totp", "code": 123_456}))
        .await
        .assert_problem(422, "validation_failed");

    // Methods that are not this account's: not found, even with their right code.
    for (id, code) in [
        (UNKNOWN_ID.to_owned(), m.totp.wrong(0)),
        (bobs.method_id.clone(), bobs.totp.now_code()),
    ] {
        second_step(
            &app,
            &token,
            json!({"method_id": id, "type": "totp", "code": code}),
        )
        .await
        .assert_problem(404, "not_found");
    }

    // None of that finished or ended the sign-in, and the right code still works.
    assert_eq!(
        session_state(&app, &token).await,
        ("mfa_pending".to_owned(), "aal1".to_owned())
    );
    totp_step(&app, &token, &m.totp.fresh())
        .await
        .assert_status(200);

    // Ids that are not even well-formed are unknown too.
    let token = sign_in_pending(&app, "ann@example.org").await;
    for bad in malformed_ids() {
        second_step(
            &app,
            &token,
            json!({"method_id": bad, "type": "totp", "code": m.totp.wrong(1)}),
        )
        .await
        .assert_problem(404, "not_found");
    }
}

pub(crate) fn reset_mfa(app: &TestApp, email: &str) -> std::process::Output {
    Command::new(binary())
        .args(["user", "reset-mfa", email])
        .arg("--database-url")
        .arg(&app.db.url)
        .arg("--data-dir")
        .arg(app.dir.path())
        .envs(TEST_HASHING)
        .env_remove("TWOFOLD_CONFIG")
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("{e}"))
}

async fn the_reset_mfa_command_turns_two_factor_off_and_tells_the_holder(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    enroll_totp(&app, &ann).await;
    sign_in_pending(&app, "ann@example.org").await;
    wait_for_emails(&app, "ann@example.org", &["added"], 1).await;
    let before = emails_to(&app, "ann@example.org", &["reset"]).len();

    let out = reset_mfa(&app, "ann@example.org");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "exit {:?}\nstdout: {stdout}\nstderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!stdout.trim().is_empty(), "reset-mfa printed nothing");
    wait_for_emails(&app, "ann@example.org", &["reset"], before + 1).await;

    // Never password-only afterwards: the next sign-in must set up a new second factor first.
    let res = app.sign_in("ann@example.org", PASSWORD).await;
    let token = expect_state(&res, "setup_required", "aal1");
    assert!(!mfa_enabled(&app, &token).await);
    assert_eq!(mfa_methods(&app, &token).await, Vec::<Value>::new());
    assert_eq!(recovery_codes_left(&app, &token).await, 0);

    let missing = reset_mfa(&app, "nobody@example.org");
    assert!(
        !missing.status.success(),
        "stdout: {}",
        String::from_utf8_lossy(&missing.stdout)
    );
}

async fn turning_two_factor_on_ends_the_sessions_opened_with_the_password_alone(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    // A second, older session: say, a laptop left signed in, or a stolen cookie.
    let other = app.sign_in("ann@example.org", PASSWORD).await;
    let other = str_of(&other.assert_status(201)["token"]);
    // It may start an enrollment of its own while the account has no factor yet...
    let theirs = app
        .post("/api/v1/me/mfa/totp", Some(&other), json!({}))
        .await;
    let theirs_id = str_of(&theirs.assert_status(201)["id"]);
    let theirs_secret = str_of(&theirs.body["secret"]);

    enroll_totp(&app, &ann).await;
    // ...but once 2FA is on, that session is over and its enrollment void.
    app.get("/api/v1/me", &other)
        .await
        .assert_problem(401, "unauthenticated");
    let res = app
        .post(
            &format!("/api/v1/me/mfa/totp/{theirs_id}/verify"),
            Some(&ann.token),
            json!({"code": app.totp(&theirs_secret).now_code()}),
        )
        .await;
    res.assert_problem(404, "not_found");
    assert_eq!(mfa_methods(&app, &ann.token).await.len(), 1);
    // The enrolling session itself carries on at aal2.
    assert_eq!(
        session_state(&app, &ann.token).await,
        ("active".to_owned(), "aal2".to_owned())
    );
}

async fn forgetting_a_device_ends_the_sessions_it_let_in(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    let mut m = enroll_totp(&app, &ann).await;
    let token = sign_in_pending(&app, "ann@example.org").await;
    let (device, token) = remember_device(&app, &token, &m.totp.fresh()).await;
    let res = sign_in_with_device(&app, "ann@example.org", PASSWORD, &device).await;
    let skipped = str_of(&res.assert_status(201)["token"]);
    app.get("/api/v1/me", &skipped).await.assert_status(200);

    let res = app.get("/api/v1/me/devices", &token).await;
    let id = str_of(&res.assert_status(200)["devices"][0]["id"]);
    delete(&app, &format!("/api/v1/me/devices/{id}"), &token)
        .await
        .assert_status(204);
    app.get("/api/v1/me", &skipped)
        .await
        .assert_problem(401, "unauthenticated");
    // The session that passed the step itself is untouched.
    app.get("/api/v1/me", &token).await.assert_status(200);
}

async fn a_replayed_code_is_told_to_the_holder(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    let mut m = enroll_totp(&app, &ann).await;
    let code = m.totp.fresh();
    let first = sign_in_pending(&app, "ann@example.org").await;
    totp_step(&app, &first, &code).await.assert_status(200);
    let second = sign_in_pending(&app, "ann@example.org").await;
    totp_step(&app, &second, &code)
        .await
        .assert_problem(401, "invalid_code");
    wait_for_emails(&app, "ann@example.org", &["used twice"], 1).await;
}

/// RFC 4648 base32 (no padding), as authenticator apps take TOTP secrets.
fn base32_decode(s: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let (mut bits, mut value, mut out) = (0u32, 0u32, Vec::new());
    for c in s.bytes() {
        let Some(v) = ALPHABET.iter().position(|a| *a == c) else {
            panic!("not base32: {s}");
        };
        value = (value << 5) | u32::try_from(v).unwrap_or(0);
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push(u8::try_from((value >> bits) & 0xff).unwrap_or(0));
        }
    }
    out
}

async fn a_database_dump_holds_no_usable_secret(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    let enrollment = app
        .post("/api/v1/me/mfa/totp", Some(&ann.token), json!({}))
        .await;
    let id = str_of(&enrollment.assert_status(201)["id"]);
    let secret = str_of(&enrollment.body["secret"]);
    let verified = app
        .post(
            &format!("/api/v1/me/mfa/totp/{id}/verify"),
            Some(&ann.token),
            json!({"code": app.totp(&secret).now_code()}),
        )
        .await;
    let codes = strings_of(&verified.assert_status(200)["recovery_codes"]);
    assert_eq!(codes.len(), 10);
    let app_password = app
        .post(
            "/api/v1/me/app-passwords",
            Some(&ann.token),
            json!({"label": "Mail"}),
        )
        .await;
    let app_password = str_of(&app_password.assert_status(201)["password"]);
    let pending = sign_in_pending(&app, "ann@example.org").await;
    let next = app.totp(&secret).at_step(app.clock.step() + 1);
    let (device, passed) = remember_device(&app, &pending, &next).await;

    let mut dump = String::new();
    for table in [
        "account",
        "mfa_method",
        "recovery_code",
        "app_password",
        "remembered_device",
        "session",
    ] {
        dump.push_str(&app.db.dump_table(table).await);
    }
    assert!(dump.contains(&id), "the dump has the method: {dump}");
    let raw = base32_decode(&secret);
    assert_eq!(raw.len(), 20);
    let hex: String = raw.iter().map(|b| format!("{b:02x}")).collect();
    let mut secrets = vec![
        secret.clone(),
        hex,
        app_password.clone(),
        app_password.replace('-', ""),
        device,
        pending,
        passed,
        ann.token.clone(),
    ];
    for c in &codes {
        secrets.push(c.clone());
        secrets.push(c.replace('-', ""));
    }
    for s in &secrets {
        assert!(
            !dump.to_lowercase().contains(&s.to_lowercase()),
            "{s} is in the dump"
        );
    }
}
