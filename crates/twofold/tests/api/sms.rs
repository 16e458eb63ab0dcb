//! SMS codes over the API: adding a phone number with the code read from the outbox (the `.json`
//! files a texting gateway would have received), signing in with a texted code, the country
//! allow-list, expired, reused and concurrent codes, the sending limits, an HTTP gateway that is
//! down and then comes back, and organizations that do not accept SMS.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tokio::sync::Mutex;

use crate::helpers::{
    TestApp, User, enroll_totp, passed_token, post_at_once, put_policy, retry_after, second_step,
    sign_in_pending, spawn_app_with, str_of, wait_for_emails,
};
use crate::{backend_tests_on, backend_tests_with};

pub const PHONE: &str = "+41 79 123 45 67";
pub const E164: &str = "+41791234567";

/// A 2-second wait between texts to one number, so that both the wait and a text after it are
/// seen quickly.
pub const QUICK_RESEND: [(&str, &str); 2] = [
    ("TWOFOLD_SMS__RESEND_SECONDS", "2"),
    ("TWOFOLD_MFA_THROTTLE__BASE_WAIT_SECONDS", "120"),
];
backend_tests_with!(&crate::sms::QUICK_RESEND;
    a_phone_is_added_with_the_texted_code_and_signs_in,
    an_organization_may_refuse_sms,
);

/// No wait between texts (each test that texts twice at once says so).
pub const NO_RESEND_WAIT: [(&str, &str); 2] = [
    ("TWOFOLD_SMS__RESEND_SECONDS", "0"),
    ("TWOFOLD_MFA_THROTTLE__BASE_WAIT_SECONDS", "120"),
];
backend_tests_with!(&crate::sms::NO_RESEND_WAIT;
    numbers_outside_the_allowed_countries_are_refused,
    a_sign_in_code_works_once_even_under_concurrent_requests,
    a_code_is_void_after_its_tries,
);

/// Codes live 5 seconds, so that expiry is seen without a long wait.
pub const SHORT_CODES: [(&str, &str); 3] = [
    ("TWOFOLD_SMS__CODE_SECONDS", "5"),
    ("TWOFOLD_SMS__RESEND_SECONDS", "0"),
    ("TWOFOLD_MFA_THROTTLE__BASE_WAIT_SECONDS", "120"),
];
backend_tests_with!(&crate::sms::SHORT_CODES; an_expired_code_is_refused);

/// Small limits: no wait between texts, 2 an hour per number, 3 per account, 12 for the server
/// (6 of them for enrollments).
pub const SMALL_LIMITS: [(&str, &str); 5] = [
    ("TWOFOLD_SMS__RESEND_SECONDS", "0"),
    ("TWOFOLD_SMS__PER_NUMBER_HOURLY", "2"),
    ("TWOFOLD_SMS__PER_ACCOUNT_HOURLY", "3"),
    ("TWOFOLD_SMS__GLOBAL_HOURLY", "12"),
    ("TWOFOLD_MFA_THROTTLE__BASE_WAIT_SECONDS", "120"),
];
backend_tests_with!(&crate::sms::SMALL_LIMITS; texts_are_limited_per_number_account_and_server);

backend_tests_on!(texts_wait_for_a_gateway_that_is_down_and_go_when_it_returns);

/// Every text sent to `e164` so far (oldest first: files are named by time-ordered ids).
pub fn texts_to(app: &TestApp, e164: &str) -> Vec<String> {
    let mut files: Vec<_> = std::fs::read_dir(app.outbox_dir())
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|x| x == "json"));
    files.sort();
    files
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .filter_map(|t| serde_json::from_str::<Value>(&t).ok())
        .filter(|v| v["to"] == e164)
        .map(|v| str_of(&v["text"]))
        .collect()
}

/// The code in a text: its first six digits.
pub fn code_in(text: &str) -> String {
    let code: String = text.chars().take_while(char::is_ascii_digit).collect();
    assert_eq!(code.len(), 6, "no code at the start of {text:?}");
    code
}

/// Waits (bounded) until `n` texts went to `e164`; returns the code of the `n`th.
pub async fn nth_code(app: &TestApp, e164: &str, n: usize) -> String {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let texts = texts_to(app, e164);
        if texts.len() >= n {
            return code_in(&texts[n - 1]);
        }
        assert!(
            Instant::now() < deadline,
            "only {} texts to {e164}: {texts:?}",
            texts.len()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Starts adding `phone` for `user`; returns the pending method's id.
pub async fn start_sms(app: &TestApp, user: &User, phone: &str) -> String {
    let res = app
        .post(
            "/api/v1/me/mfa/sms",
            Some(&user.token),
            json!({"phone": phone}),
        )
        .await;
    str_of(&res.assert_status(201)["id"])
}

/// Adds `PHONE` to `user` with the code texted to it (the `n`th text to it); returns the method.
pub async fn enroll_sms(app: &TestApp, user: &User, n: usize) -> Value {
    let id = start_sms(app, user, PHONE).await;
    let code = nth_code(app, E164, n).await;
    let res = app
        .post(
            &format!("/api/v1/me/mfa/sms/{id}/verify"),
            Some(&user.token),
            json!({"code": code}),
        )
        .await;
    res.assert_status(200).clone()
}

async fn text_me(app: &TestApp, token: &str) -> crate::helpers::Res {
    app.post("/api/v1/sessions/current/mfa/sms", Some(token), json!({}))
        .await
}

/// A well-formed code that is not `code`.
fn other_than(code: &str) -> String {
    let n: u32 = code.parse().unwrap_or(0);
    format!("{:06}", (n + 1) % 1_000_000)
}

async fn a_phone_is_added_with_the_texted_code_and_signs_in(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    let res = app
        .post(
            "/api/v1/me/mfa/sms",
            Some(&ann.token),
            json!({"phone": PHONE, "label": "Work phone"}),
        )
        .await;
    let body = res.assert_status(201).clone();
    assert_eq!(body["phone"], E164, "{}", res.text);
    let id = str_of(&body["id"]);
    let code = nth_code(&app, E164, 1).await;
    let text = &texts_to(&app, E164)[0];
    assert!(
        text.contains("twofold code") && text.contains("5 minutes"),
        "{text}"
    );

    // Not a method until proven; a resend straight away waits its turn.
    let mfa = app.get("/api/v1/me/mfa", &ann.token).await;
    assert_eq!(mfa.assert_status(200)["methods"], json!([]));
    let again = app
        .post(
            &format!("/api/v1/me/mfa/sms/{id}/resend"),
            Some(&ann.token),
            json!({}),
        )
        .await;
    again.assert_problem(429, "too_many_attempts");
    assert!(
        (1..=2).contains(&retry_after(&again)),
        "{:?}",
        again.headers
    );

    let verify = |c: String| {
        let (app, token, id) = (&app, ann.token.clone(), id.clone());
        async move {
            app.post(
                &format!("/api/v1/me/mfa/sms/{id}/verify"),
                Some(&token),
                json!({"code": c}),
            )
            .await
        }
    };
    verify(other_than(&code))
        .await
        .assert_problem(401, "invalid_code");
    verify("12345".into())
        .await
        .assert_problem(422, "validation_failed");
    let ok = verify(code.clone()).await;
    let body = ok.assert_status(200);
    assert_eq!(body["method"]["type"], "sms", "{}", ok.text);
    assert_eq!(body["method"]["label"], "Work phone");
    assert_eq!(body["recovery_codes"].as_array().map(Vec::len), Some(10));
    wait_for_emails(
        &app,
        &ann.email,
        &["two-factor method was added", "SMS code"],
        1,
    )
    .await;
    // A proven enrollment cannot be proven twice.
    verify(code).await.assert_problem(404, "not_found");

    // Sign in: the second step with a texted code (once the number may get another text).
    app.clock.advance(3);
    let pending = sign_in_pending(&app, &ann.email).await;
    second_step(&app, &pending, json!({"type": "sms", "code": "123456"}))
        .await
        .assert_problem(401, "invalid_code");
    let sent = text_me(&app, &pending).await;
    let body = sent.assert_status(202);
    assert_eq!(body["phone"], "+41 ••••••• 67", "{}", sent.text);
    assert_eq!(body["method_id"], ok.body["method"]["id"]);
    let code = nth_code(&app, E164, 2).await;
    let passed = second_step(&app, &pending, json!({"type": "sms", "code": code})).await;
    assert_eq!(
        passed.assert_status(200)["state"],
        "active",
        "{}",
        passed.text
    );
    // The sign-in goes on under a new token; the pending one is over.
    let signed_in = passed_token(&passed);
    let me = app.get("/api/v1/sessions/current", &signed_in).await;
    assert_eq!(me.assert_status(200)["aal"], "aal2");
    second_step(&app, &pending, json!({"type": "sms", "code": code}))
        .await
        .assert_problem(401, "unauthenticated");

    // The code is spent: neither this session nor another sign-in can use it again.
    second_step(&app, &signed_in, json!({"type": "sms", "code": code}))
        .await
        .assert_problem(401, "invalid_code");
    let other = sign_in_pending(&app, &ann.email).await;
    second_step(&app, &other, json!({"type": "sms", "code": code}))
        .await
        .assert_problem(401, "invalid_code");
}

async fn numbers_outside_the_allowed_countries_are_refused(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    for (phone, status, code) in [
        ("+1 202 555 0123", 422, "country_not_allowed"),
        ("+44 7400 123456", 422, "country_not_allowed"),
        ("+41 44 668 18 00", 422, "validation_failed"),
        ("+41 900 123 456", 422, "validation_failed"),
        ("079 123 45 67", 422, "validation_failed"),
        ("call me", 422, "validation_failed"),
    ] {
        let res = app
            .post(
                "/api/v1/me/mfa/sms",
                Some(&ann.token),
                json!({"phone": phone}),
            )
            .await;
        res.assert_problem(status, code);
        assert_eq!(res.body["field"], "phone", "{}", res.text);
    }
    let res = app
        .post(
            "/api/v1/me/mfa/sms",
            Some(&ann.token),
            json!({"phone": "+1 202 555 0123"}),
        )
        .await;
    let detail = str_of(&res.body["detail"]);
    assert!(
        detail.contains("US") && detail.contains("CH, FR, BE, DE"),
        "{detail}"
    );
    // Nothing was texted, and nothing is pending.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let any_json = std::fs::read_dir(app.outbox_dir())
        .map(|d| {
            d.flatten()
                .any(|e| e.path().extension().is_some_and(|x| x == "json"))
        })
        .unwrap_or(false);
    assert!(!any_json, "a text was written for a refused number");
    // A sign-in's text needs an SMS method.
    app.post(
        "/api/v1/sessions/current/mfa/sms",
        Some(&ann.token),
        json!({}),
    )
    .await
    .assert_problem(422, "validation_failed");
}

async fn a_sign_in_code_works_once_even_under_concurrent_requests(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    enroll_sms(&app, &ann, 1).await;
    let pending = sign_in_pending(&app, &ann.email).await;
    text_me(&app, &pending).await.assert_status(202);
    let code = nth_code(&app, E164, 2).await;
    let body = json!({"type": "sms", "code": code});
    let results = post_at_once(&app, 6, "/api/v1/sessions/current/mfa", &pending, &body).await;
    let passed = results.iter().filter(|(s, _)| *s == 200).count();
    assert_eq!(passed, 1, "{results:?}");
    // The others find the code taken, or (arriving after the winner) the token replaced by
    // the winner's rise in assurance.
    for (status, body) in results.iter().filter(|(s, _)| *s != 200) {
        assert_eq!(*status, 401, "{body}");
        assert!(
            body["code"] == "invalid_code" || body["code"] == "unauthenticated",
            "{body}"
        );
    }
}

async fn a_code_is_void_after_its_tries(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    let id = start_sms(&app, &ann, PHONE).await;
    let code = nth_code(&app, E164, 1).await;
    let path = format!("/api/v1/me/mfa/sms/{id}/verify");
    for _ in 0..5 {
        app.post(&path, Some(&ann.token), json!({"code": other_than(&code)}))
            .await
            .assert_problem(401, "invalid_code");
    }
    // The sixth try has the right code, but the code is void after five wrong ones.
    app.post(&path, Some(&ann.token), json!({"code": code}))
        .await
        .assert_problem(401, "invalid_code");
}

async fn an_expired_code_is_refused(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    enroll_sms(&app, &ann, 1).await;
    let pending = sign_in_pending(&app, &ann.email).await;
    text_me(&app, &pending).await.assert_status(202);
    let code = nth_code(&app, E164, 2).await;
    assert!(texts_to(&app, E164)[1].contains("5 seconds"));
    app.clock.advance(6);
    second_step(&app, &pending, json!({"type": "sms", "code": code}))
        .await
        .assert_problem(401, "invalid_code");
}

async fn texts_are_limited_per_number_account_and_server(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    // Per number: the enrollment's text and one resend, then the number waits.
    let id = start_sms(&app, &ann, PHONE).await;
    let resend = format!("/api/v1/me/mfa/sms/{id}/resend");
    app.post(&resend, Some(&ann.token), json!({}))
        .await
        .assert_status(202);
    let third = app.post(&resend, Some(&ann.token), json!({})).await;
    third.assert_problem(429, "too_many_attempts");
    assert!(retry_after(&third) > 3000, "{:?}", third.headers);
    // The resend replaced the first code: only the newest works.
    let first = nth_code(&app, E164, 1).await;
    let second = nth_code(&app, E164, 2).await;
    if first != second {
        app.post(
            &format!("/api/v1/me/mfa/sms/{id}/verify"),
            Some(&ann.token),
            json!({"code": first}),
        )
        .await
        .assert_problem(401, "invalid_code");
    }
    // Per account: a third text to another number, then the account waits.
    start_sms(&app, &ann, "+41 79 123 45 68").await;
    app.post(
        "/api/v1/me/mfa/sms",
        Some(&ann.token),
        json!({"phone": "+41 79 123 45 69"}),
    )
    .await
    .assert_problem(429, "too_many_attempts");
    // Another account's texts to the same number count for that account alone.
    let bob = app.user("bob@example.org").await;
    let bobs = start_sms(&app, &bob, PHONE).await;
    // For the server: enrollments may take 6 of its 12 texts an hour, whoever asks...
    let cy = app.user("cy@example.org").await;
    start_sms(&app, &cy, "+32 470 12 34 56").await;
    let dee = app.user("dee@example.org").await;
    start_sms(&app, &dee, "+49 151 23456789").await;
    let eve = app.user("eve@example.org").await;
    let paused = app
        .post(
            "/api/v1/me/mfa/sms",
            Some(&eve.token),
            json!({"phone": "+33 6 12 34 56 78"}),
        )
        .await;
    paused.assert_problem(503, "sms_unavailable");
    assert!(retry_after(&paused) > 0);
    assert_eq!(texts_to(&app, "+33612345678").len(), 0);
    // ...and sign-ins still get theirs.
    let code = nth_code(&app, E164, 3).await;
    app.post(
        &format!("/api/v1/me/mfa/sms/{bobs}/verify"),
        Some(&bob.token),
        json!({"code": code}),
    )
    .await
    .assert_status(200);
    let pending = sign_in_pending(&app, &bob.email).await;
    text_me(&app, &pending).await.assert_status(202);
    let code = nth_code(&app, E164, 4).await;
    second_step(&app, &pending, json!({"type": "sms", "code": code}))
        .await
        .assert_status(200);
}

/// One request the gateway received.
#[derive(Debug, Clone)]
struct Request {
    authorization: String,
    idempotency_key: String,
    body: Value,
    /// Whether the gateway was up and took it.
    taken: bool,
}

/// A gateway that answers 503 until it is told to come up, recording every request.
#[derive(Clone, Default)]
struct FakeGateway {
    up: Arc<AtomicBool>,
    seen: Arc<Mutex<Vec<Request>>>,
}

impl FakeGateway {
    async fn serve(&self) -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let addr = listener.local_addr().unwrap_or_else(|e| panic!("{e}"));
        let gw = self.clone();
        let app = axum::Router::new().route(
            "/send",
            axum::routing::post(
                move |headers: axum::http::HeaderMap, axum::Json(body): axum::Json<Value>| {
                    let gw = gw.clone();
                    async move {
                        let header = |n: &str| {
                            headers
                                .get(n)
                                .and_then(|v| v.to_str().ok())
                                .unwrap_or_default()
                                .to_owned()
                        };
                        let up = gw.up.load(Ordering::SeqCst);
                        gw.seen.lock().await.push(Request {
                            authorization: header("authorization"),
                            idempotency_key: header("idempotency-key"),
                            body,
                            taken: up,
                        });
                        if up {
                            axum::http::StatusCode::OK
                        } else {
                            axum::http::StatusCode::SERVICE_UNAVAILABLE
                        }
                    }
                },
            ),
        );
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        format!("http://{addr}/send")
    }

    /// Waits (bounded) until `pred` holds for the requests seen.
    async fn wait(&self, what: &str, pred: impl Fn(&[Request]) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if pred(&self.seen.lock().await) {
                return;
            }
            assert!(Instant::now() < deadline, "gateway never saw {what}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

async fn texts_wait_for_a_gateway_that_is_down_and_go_when_it_returns(
    backend: crate::helpers::Backend,
) {
    let gw = FakeGateway::default();
    let url = gw.serve().await;
    let template = r#"{"messages": [{"to": "{to}", "body": "{text}"}], "reference": "{id}"}"#;
    let app = spawn_app_with(
        backend,
        &[
            ("TWOFOLD_SMS__GATEWAY__URL", url.as_str()),
            ("TWOFOLD_SMS__GATEWAY__AUTH_HEADER", "Bearer gateway-key"),
            ("TWOFOLD_SMS__GATEWAY__TEMPLATE", template),
            ("TWOFOLD_SMS__RESEND_SECONDS", "0"),
        ],
    )
    .await;
    let ann = app.user("ann@example.org").await;
    let id = start_sms(&app, &ann, PHONE).await;
    // Down: refused twice or more, and retried.
    gw.wait("two refused attempts", |s| s.len() >= 2).await;
    gw.up.store(true, Ordering::SeqCst);
    gw.wait("a delivery", |s| s.iter().any(|r| r.taken)).await;
    let seen = gw.seen.lock().await.clone();
    let taken: Vec<_> = seen.iter().filter(|r| r.taken).collect();
    assert_eq!(taken.len(), 1, "delivered once: {seen:?}");
    let (key, body) = (&taken[0].idempotency_key, &taken[0].body);
    assert_eq!(taken[0].authorization, "Bearer gateway-key");
    assert!(
        seen.iter().all(|r| &r.idempotency_key == key),
        "one idempotency key for every attempt"
    );
    assert_eq!(body["messages"][0]["to"], E164, "{body}");
    assert_eq!(body["reference"], key.as_str());
    let code = code_in(&str_of(&body["messages"][0]["body"]));
    // Nothing went to the dev outbox instead.
    assert!(texts_to(&app, E164).is_empty());
    // The code that waited for the gateway still works.
    let res = app
        .post(
            &format!("/api/v1/me/mfa/sms/{id}/verify"),
            Some(&ann.token),
            json!({"code": code}),
        )
        .await;
    res.assert_status(200);

    // Sign-in codes go the same way.
    let pending = sign_in_pending(&app, &ann.email).await;
    text_me(&app, &pending).await.assert_status(202);
    gw.wait("the sign-in's text", |s| {
        s.iter().filter(|r| r.taken).count() >= 2
    })
    .await;
    let seen = gw.seen.lock().await.clone();
    let body = &seen
        .iter()
        .rfind(|r| r.taken)
        .unwrap_or_else(|| panic!("none"))
        .body;
    let code = code_in(&str_of(&body["messages"][0]["body"]));
    let passed = second_step(&app, &pending, json!({"type": "sms", "code": code})).await;
    assert_eq!(passed.assert_status(200)["state"], "active");
}

async fn an_organization_may_refuse_sms(app: TestApp) {
    let owner = app.user("owner@example.org").await;
    enroll_totp(&app, &owner).await;
    let org = app.org(&owner, "Acme").await;
    let sam = app.user("sam@example.org").await;
    app.add_member(&org, &owner, &sam, "member", false).await;
    enroll_sms(&app, &sam, 1).await;

    // SMS counts while the organization accepts it...
    let members = app
        .get(
            &format!("/api/v1/orgs/{org}/members?mfa=disabled"),
            &owner.token,
        )
        .await;
    assert_eq!(
        members.assert_status(200)["members"],
        json!([]),
        "{}",
        members.text
    );
    // ...and not once it accepts only apps and keys.
    let res = put_policy(
        &app,
        &org,
        &owner.token,
        json!({"enforced": true, "allowed_methods": ["totp", "webauthn"], "confirm": "ENFORCE"}),
    )
    .await;
    res.assert_status(200);
    let members = app
        .get(
            &format!("/api/v1/orgs/{org}/members?mfa=disabled"),
            &owner.token,
        )
        .await;
    let missing = members.assert_status(200)["members"].clone();
    assert_eq!(
        missing.as_array().map(Vec::len),
        Some(1),
        "{}",
        members.text
    );
    assert_eq!(missing[0]["email"], "sam@example.org");
    assert_eq!(missing[0]["methods"], json!(["sms"]));
    // Sam signs in with his text, and is sent to set up an accepted method (once the number may
    // get another text).
    app.clock.advance(3);
    let pending = sign_in_pending(&app, &sam.email).await;
    text_me(&app, &pending).await.assert_status(202);
    let code = nth_code(&app, E164, 2).await;
    let passed = second_step(&app, &pending, json!({"type": "sms", "code": code})).await;
    let token = passed_token(&passed);
    let current = app.get("/api/v1/sessions/current", &token).await;
    assert_eq!(
        current.assert_status(200)["state"],
        "setup_required",
        "{}",
        current.text
    );
}
