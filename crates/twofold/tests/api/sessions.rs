use reqwest::Method;
use serde_json::json;

use crate::helpers::{PASSWORD, TestApp};
use crate::{backend_tests, backend_tests_alone};

backend_tests!(
    unknown_email_and_wrong_password_get_the_same_answer,
    repeated_failures_are_throttled_with_retry_after,
    throttling_counts_unknown_emails_like_real_ones,
    session_cookie_is_http_only_and_lax_and_dies_with_the_browser,
    remembered_sessions_get_a_persistent_cookie,
    current_session_reports_state_and_expiry,
    sign_out_ends_the_session,
    cookie_sessions_need_csrf_proof_on_unsafe_requests,
    tokens_that_were_never_issued_are_rejected,
    bearer_scheme_is_case_insensitive,
    a_session_in_use_outlives_its_idle_timeout_across_restarts,
);

backend_tests_alone!(
    a_burst_of_concurrent_guesses_gets_no_more_than_the_free_attempts,
    concurrent_correct_sign_ins_never_fail,
);

async fn concurrent_correct_sign_ins_never_fail(app: TestApp) {
    app.verified_sign_up("ann@example.org").await;
    let app = std::sync::Arc::new(app);
    let mut tasks = Vec::new();
    for _ in 0..12 {
        let app = std::sync::Arc::clone(&app);
        tasks.push(tokio::spawn(async move {
            let res = app.sign_in("ann@example.org", PASSWORD).await;
            (res.status.as_u16(), res.text)
        }));
    }
    let mut ok = 0;
    for t in tasks {
        let (status, text) = t.await.unwrap_or((0, String::new()));
        // Attempts are counted before the check, so a crowd of them may be told to wait;
        // none may fail.
        assert!(status == 201 || status == 429, "{status}: {text}");
        ok += usize::from(status == 201);
    }
    assert!(ok >= 1);
}

async fn a_burst_of_concurrent_guesses_gets_no_more_than_the_free_attempts(app: TestApp) {
    app.verified_sign_up("ann@example.org").await;
    let app = std::sync::Arc::new(app);
    let mut tasks = Vec::new();
    for i in 0..30 {
        let app = std::sync::Arc::clone(&app);
        tasks.push(tokio::spawn(async move {
            app.sign_in("ann@example.org", &format!("guess number {i}"))
                .await
                .status
                .as_u16()
        }));
    }
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap_or(0));
    }
    let checked = statuses.iter().filter(|s| **s == 401).count();
    let refused = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!(checked + refused, 30, "{statuses:?}");
    assert!(
        checked <= 5,
        "only the 5 free attempts may reach the password check: {statuses:?}"
    );
    app.sign_in("ann@example.org", PASSWORD)
        .await
        .assert_problem(429, "too_many_attempts");
}

async fn bearer_scheme_is_case_insensitive(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    let res = app
        .send(
            app.http
                .get(app.url("/api/v1/me"))
                .header("authorization", format!("bearer {}", ann.token)),
        )
        .await;
    res.assert_status(200);
}

async fn unknown_email_and_wrong_password_get_the_same_answer(app: TestApp) {
    app.verified_sign_up("ann@example.org").await;
    let wrong = app
        .sign_in("ann@example.org", "not the password at all")
        .await;
    let unknown = app.sign_in("nobody@example.org", PASSWORD).await;
    wrong.assert_problem(401, "invalid_credentials");
    unknown.assert_problem(401, "invalid_credentials");
    assert_eq!(wrong.text, unknown.text, "the bodies must not differ");
}

async fn repeated_failures_are_throttled_with_retry_after(app: TestApp) {
    app.verified_sign_up("ann@example.org").await;
    for _ in 0..5 {
        app.sign_in("ann@example.org", "wrong password!!")
            .await
            .assert_problem(401, "invalid_credentials");
    }
    // The sixth attempt waits, even with the right password.
    let res = app.sign_in("ann@example.org", PASSWORD).await;
    res.assert_problem(429, "too_many_attempts");
    let retry: u64 = res
        .headers
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    assert!((100..=120).contains(&retry), "Retry-After {retry}");
    // Another account from the same address is not locked out by ann's counter.
    app.verified_sign_up("bob@example.org").await;
    app.sign_in("bob@example.org", PASSWORD)
        .await
        .assert_status(201);
}

async fn throttling_counts_unknown_emails_like_real_ones(app: TestApp) {
    for _ in 0..5 {
        app.sign_in("ghost@example.org", "whatever password")
            .await
            .assert_problem(401, "invalid_credentials");
    }
    app.sign_in("ghost@example.org", "whatever password")
        .await
        .assert_problem(429, "too_many_attempts");
}

fn set_cookie(res: &crate::helpers::Res) -> String {
    res.headers
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

async fn session_cookie_is_http_only_and_lax_and_dies_with_the_browser(app: TestApp) {
    app.verified_sign_up("ann@example.org").await;
    let res = app
        .post(
            "/api/v1/sessions",
            None,
            json!({"email": "ann@example.org", "password": PASSWORD, "remember": false}),
        )
        .await;
    res.assert_status(201);
    let cookie = set_cookie(&res);
    assert!(cookie.starts_with("twofold_session="), "{cookie}");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(
        !cookie.contains("Max-Age"),
        "a browser-session cookie: {cookie}"
    );
    assert!(
        !cookie.contains("Expires"),
        "a browser-session cookie: {cookie}"
    );
    assert!(
        !cookie.contains("Secure"),
        "plain http public URL: {cookie}"
    );
}

async fn remembered_sessions_get_a_persistent_cookie(app: TestApp) {
    app.verified_sign_up("ann@example.org").await;
    let res = app
        .post(
            "/api/v1/sessions",
            None,
            json!({"email": "ann@example.org", "password": PASSWORD, "remember": true}),
        )
        .await;
    res.assert_status(201);
    assert!(
        set_cookie(&res).contains("Max-Age="),
        "{}",
        set_cookie(&res)
    );
}

async fn current_session_reports_state_and_expiry(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    let res = app.get("/api/v1/sessions/current", &ann.token).await;
    let body = res.assert_status(200);
    assert_eq!(body["state"], "active");
    assert_eq!(body["aal"], "aal1");
    assert_eq!(body["client"], "web");
    assert_eq!(body["setup_required_by"], json!([]));
    let expires = body["expires_at"].as_str().unwrap_or_default();
    assert!(expires.ends_with('Z') && expires.contains('T'), "{expires}");

    let native = app
        .post(
            "/api/v1/sessions",
            None,
            json!({"email": "ann@example.org", "password": PASSWORD, "client": "native"}),
        )
        .await;
    let token = native.assert_status(201)["token"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let cur = app.get("/api/v1/sessions/current", &token).await;
    assert_eq!(cur.assert_status(200)["client"], "native");
}

/// A use is written with others a moment later (`touches`): the node that saw it goes by it
/// at once, and a graceful stop writes it before the process ends.
async fn a_session_in_use_outlives_its_idle_timeout_across_restarts(mut app: TestApp) {
    let ann = app.user("ann@example.org").await;
    // 30 minutes idle end a browser session that is not remembered.
    app.clock.advance(20 * 60);
    app.get("/api/v1/me", &ann.token).await.assert_status(200);
    app.clock.advance(20 * 60);
    app.get("/api/v1/me", &ann.token).await.assert_status(200);
    app.terminate();
    app.restart(&[]);
    app.clock.advance(29 * 60);
    app.get("/api/v1/me", &ann.token).await.assert_status(200);
    app.clock.advance(31 * 60);
    app.get("/api/v1/me", &ann.token)
        .await
        .assert_problem(401, "unauthenticated");
}

async fn sign_out_ends_the_session(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    let res = app
        .call(
            Method::DELETE,
            "/api/v1/sessions/current",
            Some(&ann.token),
            None,
        )
        .await;
    res.assert_status(204);
    app.get("/api/v1/me", &ann.token)
        .await
        .assert_problem(401, "unauthenticated");
}

async fn cookie_sessions_need_csrf_proof_on_unsafe_requests(app: TestApp) {
    app.verified_sign_up("ann@example.org").await;
    let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
    server::install_tls_provider();
    let browser = reqwest::Client::builder()
        .cookie_provider(jar)
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let signed_in = app
        .send(
            browser
                .post(app.url("/api/v1/sessions"))
                .json(&json!({"email": "ann@example.org", "password": PASSWORD})),
        )
        .await;
    let csrf = signed_in.assert_status(201)["csrf_token"]
        .as_str()
        .unwrap_or_default()
        .to_owned();

    // Reads with the cookie alone work.
    app.send(browser.get(app.url("/api/v1/me")))
        .await
        .assert_status(200);
    // A write with the cookie alone is refused…
    let bare = app
        .send(
            browser
                .post(app.url("/api/v1/orgs"))
                .json(&json!({"name": "Acme"})),
        )
        .await;
    bare.assert_problem(403, "csrf_failed");
    // …and so is one from a foreign origin, or with a forged token.
    app.send(
        browser
            .post(app.url("/api/v1/orgs"))
            .header("origin", "https://evil.example")
            .json(&json!({"name": "Acme"})),
    )
    .await
    .assert_problem(403, "csrf_failed");
    app.send(
        browser
            .post(app.url("/api/v1/orgs"))
            .header(
                "x-csrf-token",
                "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            )
            .json(&json!({"name": "Acme"})),
    )
    .await
    .assert_problem(403, "csrf_failed");
    // The session's token or the server's own origin passes.
    app.send(
        browser
            .post(app.url("/api/v1/orgs"))
            .header("x-csrf-token", &csrf)
            .json(&json!({"name": "Acme"})),
    )
    .await
    .assert_status(201);
    app.send(
        browser
            .post(app.url("/api/v1/orgs"))
            .header("origin", format!("http://{}", app.addr))
            .json(&json!({"name": "Beta"})),
    )
    .await
    .assert_status(201);
}

async fn tokens_that_were_never_issued_are_rejected(app: TestApp) {
    for token in [
        "",
        "garbage",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "' OR 1=1 --",
    ] {
        app.get("/api/v1/me", token)
            .await
            .assert_problem(401, "unauthenticated");
    }
    let res = app.call(Method::GET, "/api/v1/me", None, None).await;
    res.assert_problem(401, "unauthenticated");
}
