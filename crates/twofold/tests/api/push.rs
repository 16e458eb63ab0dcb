//! Push approval over the API, with `twofold authenticator` as a separate process for the
//! device: enrolling and confirming it, approving a sign-in by picking its number, a wrong pick,
//! an expired challenge, a replayed or forged signature, "this wasn't me", the device's offline
//! code, and approval from another signed-in session of the account.

use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::{Signer, SigningKey};
use serde_json::{Value, json};

use crate::backend_tests_with;
use crate::helpers::{
    Res, TestApp, User, binary, enroll_totp, passed_token, post_at_once, second_step,
    sign_in_pending, str_of, wait_for_emails,
};

/// The proxy in front of these servers tells the client's place in `X-Geo-Place`.
pub const PUSH_ENV: [(&str, &str); 2] = [
    ("TWOFOLD_MFA_THROTTLE__BASE_WAIT_SECONDS", "120"),
    ("TWOFOLD_PLACE_HEADER", "x-geo-place"),
];
backend_tests_with!(&crate::push::PUSH_ENV;
    a_device_enrolls_and_approves_a_sign_in_by_its_number,
    a_wrong_pick_or_a_denial_refuses_the_sign_in,
    replayed_and_forged_answers_are_refused,
    this_wasnt_me_is_recorded_told_and_pauses_pushes,
    another_signed_in_session_approves_with_the_number,
);

/// Sign-ins wait 5 seconds for approval, so that expiry is seen quickly.
pub const SHORT_PUSH: [(&str, &str); 2] = [
    ("TWOFOLD_MFA__PUSH_SECONDS", "5"),
    ("TWOFOLD_MFA_THROTTLE__BASE_WAIT_SECONDS", "120"),
];
backend_tests_with!(&crate::push::SHORT_PUSH; an_expired_sign_in_cannot_be_approved);

/// Runs `twofold authenticator ARGS --state STATE`; returns its exit success and output.
async fn authenticator(state: &Path, args: &[&str]) -> (bool, String) {
    let out = tokio::process::Command::new(binary())
        .arg("authenticator")
        .args(args)
        .arg("--state")
        .arg(state)
        .env_remove("TWOFOLD_AUTHENTICATOR_STATE")
        .stdin(std::process::Stdio::null())
        .output()
        .await
        .unwrap_or_else(|e| panic!("cannot run the authenticator: {e}"));
    crate::helpers::outcome(&out)
}

fn state_file(app: &TestApp) -> PathBuf {
    app.dir.path().join("authenticator.json")
}

/// Adds a device for `user` with the authenticator, confirmed with its code; returns the method.
pub(crate) async fn enroll_device(app: &TestApp, user: &User) -> Value {
    let started = app
        .post("/api/v1/me/mfa/push", Some(&user.token), json!({}))
        .await;
    let body = started.assert_status(201).clone();
    let (ok, out) = authenticator(
        &state_file(app),
        &[
            "enroll",
            &str_of(&body["enrollment_uri"]),
            "--name",
            "Ann's laptop",
        ],
    )
    .await;
    assert!(ok, "{out}");
    let code = offline_code(app).await;
    let res = app
        .post(
            &format!("/api/v1/me/mfa/push/{}/verify", str_of(&body["id"])),
            Some(&user.token),
            json!({"code": code}),
        )
        .await;
    res.assert_status(200).clone()
}

async fn offline_code(app: &TestApp) -> String {
    let (ok, out) = authenticator(&state_file(app), &["code"]).await;
    assert!(ok, "{out}");
    let code = out.trim().to_owned();
    assert!(
        code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()),
        "{out}"
    );
    code
}

/// Holds the sign-in `token` for approval; returns the challenge and the number shown.
pub(crate) async fn push(app: &TestApp, token: &str) -> (String, u8) {
    let res = second_step(app, token, json!({"type": "push"})).await;
    let body = res.assert_status(202);
    let number = body["number"].as_u64().unwrap_or(0);
    assert!((10..=99).contains(&number), "{}", res.text);
    (
        str_of(&body["challenge_id"]),
        u8::try_from(number).unwrap_or(0),
    )
}

async fn poll(app: &TestApp, token: &str, challenge: &str) -> Res {
    second_step(
        app,
        token,
        json!({"type": "push", "challenge_id": challenge}),
    )
    .await
}

/// The device's answer, signed by the test with the key the authenticator stored.
pub(crate) fn signed(app: &TestApp, challenge: &str, decision: &str, number: Option<u8>) -> Value {
    let state: Value = serde_json::from_str(
        &std::fs::read_to_string(state_file(app)).unwrap_or_else(|e| panic!("{e}")),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let seed: [u8; 32] = URL_SAFE_NO_PAD
        .decode(str_of(&state["signing_key"]))
        .ok()
        .and_then(|b| b.try_into().ok())
        .unwrap_or_else(|| panic!("no key in the state file"));
    let key = SigningKey::from_bytes(&seed);
    let n = number.map(|n| n.to_string()).unwrap_or_default();
    let msg = format!("twofold-push-v1\n{challenge}\n{decision}\n{n}\nfalse");
    json!({
        "decision": decision,
        "number": number,
        "signature": URL_SAFE_NO_PAD.encode(key.sign(msg.as_bytes()).to_bytes()),
    })
}

pub(crate) fn device_token(app: &TestApp) -> String {
    let state: Value = serde_json::from_str(
        &std::fs::read_to_string(state_file(app)).unwrap_or_else(|e| panic!("{e}")),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    str_of(&state["token"])
}

async fn a_device_enrolls_and_approves_a_sign_in_by_its_number(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    let started = app
        .post("/api/v1/me/mfa/push", Some(&ann.token), json!({}))
        .await;
    let body = started.assert_status(201).clone();
    assert!(
        str_of(&body["qr_svg"]).starts_with("<?xml") || str_of(&body["qr_svg"]).contains("<svg")
    );
    let verify = format!("/api/v1/me/mfa/push/{}/verify", str_of(&body["id"]));
    // No device yet: nothing to confirm.
    app.post(&verify, Some(&ann.token), json!({"code": "123456"}))
        .await
        .assert_problem(422, "validation_failed");
    let (ok, out) = authenticator(
        &state_file(&app),
        &[
            "enroll",
            &app.url(""),
            "--code",
            &str_of(&body["code"]),
            "--name",
            "Ann's laptop",
        ],
    )
    .await;
    assert!(ok && out.contains("enrolled for ann@example.org"), "{out}");
    // The code works once.
    let again = app
        .post(
            "/api/v1/push/enroll",
            None,
            json!({"code": str_of(&body["code"]), "public_key": URL_SAFE_NO_PAD.encode([9u8; 32])}),
        )
        .await;
    assert!(matches!(again.status.as_u16(), 404 | 422), "{}", again.text);
    // Until its holder confirms it, the device sees no sign-ins.
    let token = device_token(&app);
    app.get("/api/v1/push/challenges", &token)
        .await
        .assert_problem(403, "forbidden");
    let res = app
        .post(
            &verify,
            Some(&ann.token),
            json!({"code": offline_code(&app).await}),
        )
        .await;
    let method = res.assert_status(200).clone();
    assert_eq!(method["method"]["type"], "push", "{}", res.text);
    assert_eq!(method["method"]["label"], "Ann's laptop");
    assert_eq!(method["recovery_codes"].as_array().map(Vec::len), Some(10));
    wait_for_emails(&app, &ann.email, &["push approval app"], 1).await;

    let pending = sign_in_pending(&app, &ann.email).await;
    let started = app
        .send(
            app.http
                .post(app.url("/api/v1/sessions/current/mfa"))
                .bearer_auth(&pending)
                .header("x-geo-place", "Zurich, CH")
                .json(&json!({"type": "push"})),
        )
        .await;
    let body = started.assert_status(202).clone();
    let challenge = str_of(&body["challenge_id"]);
    let number = u8::try_from(body["number"].as_u64().unwrap_or(0)).unwrap_or(0);
    let waiting = poll(&app, &pending, &challenge).await;
    assert_eq!(
        waiting.assert_status(202)["status"],
        "pending",
        "{}",
        waiting.text
    );
    let requests = app.get("/api/v1/push/challenges", &token).await;
    let list = requests.assert_status(200)["requests"].clone();
    assert_eq!(list[0]["id"], challenge.as_str(), "{}", requests.text);
    assert!(
        list[0]["choices"]
            .as_array()
            .is_some_and(|c| c.len() == 3 && c.contains(&json!(number)))
    );
    assert_eq!(list[0]["ip"], "127.0.0.1");
    assert_eq!(list[0]["place"], "Zurich, CH", "{}", requests.text);

    let (ok, out) = authenticator(
        &state_file(&app),
        &[
            "watch",
            "--once",
            "--pick",
            &number.to_string(),
            "--timeout",
            "20",
        ],
    )
    .await;
    assert!(
        ok && out.contains("approved") && out.contains("near Zurich, CH"),
        "{out}"
    );
    let passed = poll(&app, &pending, &challenge).await;
    assert_eq!(
        passed.assert_status(200)["state"],
        "active",
        "{}",
        passed.text
    );
    // The approved sign-in goes on under a new token; the pending one is over.
    let signed_in = passed_token(&passed);
    let me = app.get("/api/v1/sessions/current", &signed_in).await;
    assert_eq!(me.assert_status(200)["aal"], "aal2");
    app.get("/api/v1/sessions/current", &pending)
        .await
        .assert_problem(401, "unauthenticated");
    // Used once.
    poll(&app, &signed_in, &challenge)
        .await
        .assert_problem(401, "push_denied");
}

async fn a_wrong_pick_or_a_denial_refuses_the_sign_in(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    enroll_device(&app, &ann).await;
    let pending = sign_in_pending(&app, &ann.email).await;
    let (challenge, number) = push(&app, &pending).await;
    let wrong = if number == 99 { 10 } else { number + 1 };
    let (ok, out) = authenticator(
        &state_file(&app),
        &[
            "watch",
            "--once",
            "--pick",
            &wrong.to_string(),
            "--timeout",
            "20",
        ],
    )
    .await;
    assert!(ok && out.contains("denied"), "{out}");
    poll(&app, &pending, &challenge)
        .await
        .assert_problem(401, "push_denied");

    // A new push on the same sign-in, denied outright.
    let (challenge, _) = push(&app, &pending).await;
    let (ok, out) = authenticator(
        &state_file(&app),
        &["watch", "--once", "--deny", "--timeout", "20"],
    )
    .await;
    assert!(ok && out.contains("denied"), "{out}");
    poll(&app, &pending, &challenge)
        .await
        .assert_problem(401, "push_denied");
    let me = app.get("/api/v1/sessions/current", &pending).await;
    assert_eq!(me.assert_status(200)["state"], "mfa_pending");
}

async fn an_expired_sign_in_cannot_be_approved(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    enroll_device(&app, &ann).await;
    let pending = sign_in_pending(&app, &ann.email).await;
    let (challenge, number) = push(&app, &pending).await;
    // Six seconds later (on the server's clock) the device no longer sees it, and an answer
    // comes too late.
    app.clock.advance(6);
    let list = app
        .get("/api/v1/push/challenges", &device_token(&app))
        .await;
    assert_eq!(
        list.assert_status(200)["requests"],
        json!([]),
        "{}",
        list.text
    );
    let late = app
        .post(
            &format!("/api/v1/push/challenges/{challenge}"),
            Some(&device_token(&app)),
            signed(&app, &challenge, "approve", Some(number)),
        )
        .await;
    late.assert_problem(409, "push_challenge_invalid");
    poll(&app, &pending, &challenge)
        .await
        .assert_problem(401, "push_denied");
}

async fn replayed_and_forged_answers_are_refused(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    enroll_device(&app, &ann).await;
    let token = device_token(&app);
    let pending = sign_in_pending(&app, &ann.email).await;
    let (challenge, number) = push(&app, &pending).await;
    let path = format!("/api/v1/push/challenges/{challenge}");

    // Signed for another challenge, or by another key, or for another number: refused.
    let other = domain_like_id();
    let mut for_other = signed(&app, &other, "approve", Some(number));
    for_other["number"] = json!(number);
    app.post(&path, Some(&token), for_other)
        .await
        .assert_problem(401, "invalid_signature");
    let mut forged = signed(&app, &challenge, "approve", Some(number));
    let stranger = SigningKey::from_bytes(&[5u8; 32]);
    let msg = format!("twofold-push-v1\n{challenge}\napprove\n{number}\nfalse");
    forged["signature"] = json!(URL_SAFE_NO_PAD.encode(stranger.sign(msg.as_bytes()).to_bytes()));
    app.post(&path, Some(&token), forged)
        .await
        .assert_problem(401, "invalid_signature");
    let mut swapped = signed(&app, &challenge, "deny", None);
    swapped["decision"] = json!("approve");
    swapped["number"] = json!(number);
    app.post(&path, Some(&token), swapped)
        .await
        .assert_problem(401, "invalid_signature");
    // Without the device's token, nothing.
    app.post(
        &path,
        None,
        signed(&app, &challenge, "approve", Some(number)),
    )
    .await
    .assert_problem(401, "unauthenticated");

    // The genuine answer, sent four times at once: taken once.
    let answer = signed(&app, &challenge, "approve", Some(number));
    let results = post_at_once(&app, 4, &path, &token, &answer).await;
    assert_eq!(
        results.iter().filter(|(s, _)| *s == 200).count(),
        1,
        "{results:?}"
    );
    assert!(
        results
            .iter()
            .all(|(s, b)| *s == 200 || (*s == 409 && b["code"] == "push_challenge_invalid")),
        "{results:?}"
    );
    // A replay later changes nothing either.
    app.post(&path, Some(&token), answer)
        .await
        .assert_problem(409, "push_challenge_invalid");
    let passed = poll(&app, &pending, &challenge).await;
    assert_eq!(passed.assert_status(200)["state"], "active");
}

/// A well-formed challenge id that names nothing.
fn domain_like_id() -> String {
    "0190f000-0000-7000-8000-000000000000".to_owned()
}

async fn this_wasnt_me_is_recorded_told_and_pauses_pushes(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    enroll_device(&app, &ann).await;
    let pending = sign_in_pending(&app, &ann.email).await;
    let (challenge, _) = push(&app, &pending).await;
    let (ok, out) = authenticator(
        &state_file(&app),
        &["watch", "--once", "--not-me", "--timeout", "20"],
    )
    .await;
    assert!(ok && out.contains("reported"), "{out}");
    poll(&app, &pending, &challenge)
        .await
        .assert_problem(401, "push_denied");
    wait_for_emails(
        &app,
        &ann.email,
        &["A sign-in you did not make was stopped"],
        1,
    )
    .await;
    let audit = app.db.dump_table("audit_event").await;
    assert!(audit.contains("mfa.push_reported"), "{audit}");
    // No more pushes for a while; the device's offline code still signs in.
    let again = second_step(&app, &pending, json!({"type": "push"})).await;
    again.assert_problem(429, "too_many_attempts");
    // (The code of this time step confirmed the device; each step is taken once, so the next
    // step's, which the server accepts as one step of drift.)
    let state: Value = serde_json::from_str(
        &std::fs::read_to_string(state_file(&app)).unwrap_or_else(|e| panic!("{e}")),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let code = app
        .totp(&str_of(&state["totp_secret"]))
        .at_step(app.clock.step() + 1);
    let passed = second_step(&app, &pending, json!({"type": "push", "code": code})).await;
    assert_eq!(
        passed.assert_status(200)["state"],
        "active",
        "{}",
        passed.text
    );
}

async fn another_signed_in_session_approves_with_the_number(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    enroll_totp(&app, &ann).await; // ann.token is now an aal2 browser session
    let pending = sign_in_pending(&app, &ann.email).await;
    let (challenge, number) = push(&app, &pending).await;

    // The waiting sign-in itself cannot see or answer its own request.
    let own = app.get("/api/v1/me/sign-in-requests", &pending).await;
    assert_ne!(own.status.as_u16(), 200, "{}", own.text);

    let list = app.get("/api/v1/me/sign-in-requests", &ann.token).await;
    let requests = list.assert_status(200)["requests"].clone();
    assert_eq!(requests[0]["id"], challenge.as_str(), "{}", list.text);
    let path = format!("/api/v1/me/sign-in-requests/{challenge}");
    let wrong = if number == 99 { 10 } else { number + 1 };
    let res = app
        .post(
            &path,
            Some(&ann.token),
            json!({"decision": "approve", "number": wrong}),
        )
        .await;
    assert_eq!(res.assert_status(200)["outcome"], "denied");
    poll(&app, &pending, &challenge)
        .await
        .assert_problem(401, "push_denied");

    let (challenge, number) = push(&app, &pending).await;
    let path = format!("/api/v1/me/sign-in-requests/{challenge}");
    app.post(&path, Some(&ann.token), json!({"decision": "approve"}))
        .await
        .assert_problem(422, "validation_failed");
    let res = app
        .post(
            &path,
            Some(&ann.token),
            json!({"decision": "approve", "number": number}),
        )
        .await;
    assert_eq!(
        res.assert_status(200)["outcome"],
        "approved",
        "{}",
        res.text
    );
    // Another session's word is enough to sign in, not to remember this browser.
    let passed = second_step(
        &app,
        &pending,
        json!({"type": "push", "challenge_id": challenge, "remember_device": true}),
    )
    .await;
    let body = passed.assert_status(200);
    assert_eq!(body["state"], "active", "{}", passed.text);
    assert_eq!(body["device_remembered"], false, "{}", passed.text);
    // Answered once.
    app.post(
        &path,
        Some(&ann.token),
        json!({"decision": "approve", "number": number}),
    )
    .await
    .assert_problem(409, "push_challenge_invalid");
}
