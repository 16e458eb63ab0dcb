//! Forgotten passwords (issue 16): the same answer for every address, a link that works once
//! for 30 minutes, every session ended, the second factor never skipped, limits per address
//! and per source.

use std::time::Instant;

use serde_json::json;

use crate::backend_tests;
use crate::csrf::{csrf_field, form_body};
use crate::helpers::{PASSWORD, Res, TestApp, enroll_totp, reset_token, str_of};

backend_tests!(
    a_link_sets_a_new_password_ends_every_session_and_works_once,
    every_address_gets_the_same_answer_and_timing_and_only_accounts_get_mail,
    two_resets_with_one_link_at_once_one_wins,
    a_weak_password_changes_nothing_and_the_link_expires_after_30_minutes,
    a_reset_never_skips_the_second_factor,
    requests_are_limited_per_address_known_or_not,
    the_console_asks_for_a_link_and_sets_the_new_password,
);

const NEW: &str = "a brand new passphrase 42";

async fn ask(app: &TestApp, email: &str) -> Res {
    app.post("/api/v1/password-reset", None, json!({"email": email}))
        .await
}

async fn reset(app: &TestApp, token: &str, new: &str) -> Res {
    app.post(
        &format!("/api/v1/password-reset/{token}"),
        None,
        json!({"new_password": new}),
    )
    .await
}

async fn me_status(app: &TestApp, token: &str) -> u16 {
    app.get("/api/v1/me", token).await.status.as_u16()
}

async fn a_link_sets_a_new_password_ends_every_session_and_works_once(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    let other = str_of(&app.sign_in(&ann.email, PASSWORD).await.assert_status(201)["token"]);
    let res = ask(&app, &ann.email).await;
    res.assert_status(202);
    assert!(res.text.is_empty(), "{}", res.text);
    let token = reset_token(&app, &ann.email).await;

    reset(&app, &token, NEW).await.assert_status(204);
    assert_eq!(me_status(&app, &ann.token).await, 401, "every session ends");
    assert_eq!(me_status(&app, &other).await, 401);
    app.sign_in(&ann.email, PASSWORD)
        .await
        .assert_problem(401, "invalid_credentials");
    app.sign_in(&ann.email, NEW).await.assert_status(201);
    reset(&app, &token, "yet another passphrase 7")
        .await
        .assert_problem(404, "password_reset_invalid");
    app.wait_for_email(&ann.email, "Your password was reset")
        .await;
    // Links that were never issued, or are malformed, are refused alike.
    reset(
        &app,
        "bm90LWEtdG9rZW4tYXQtYWxsLWp1c3QtNDMtY2hhcnMtbG9uZw",
        NEW,
    )
    .await
    .assert_problem(404, "password_reset_invalid");
    reset(&app, "x", NEW)
        .await
        .assert_problem(404, "password_reset_invalid");
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

async fn every_address_gets_the_same_answer_and_timing_and_only_accounts_get_mail(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    let (mut known, mut unknown) = (Vec::new(), Vec::new());
    for round in 0..30 {
        // Three requests an hour per address and twenty per source: a new hour every third.
        if round % 3 == 0 {
            app.clock.advance(3_601);
        }
        let started = Instant::now();
        let a = ask(&app, &ann.email).await;
        known.push(started.elapsed().as_secs_f64() * 1e3);
        let started = Instant::now();
        let b = ask(&app, &format!("nobody{round}@example.org")).await;
        unknown.push(started.elapsed().as_secs_f64() * 1e3);
        assert_eq!(a.status, b.status, "{} / {}", a.text, b.text);
        assert_eq!(a.status.as_u16(), 202);
        assert_eq!(a.text, b.text);
        for h in ["content-type", "content-length", "cache-control"] {
            assert_eq!(a.headers.get(h), b.headers.get(h), "{h}");
        }
    }
    let (k, u) = (median(known), median(unknown));
    eprintln!("password-reset request, median of 30: known address {k:.2} ms, unknown {u:.2} ms");
    // Not a speed test: a gross difference (a password hash, a mail sent inline) would show.
    assert!(
        u < 2.0 * k && k < 2.0 * u,
        "known {k:.2} ms, unknown {u:.2} ms"
    );
    app.wait_for_email(&ann.email, "/password-reset/").await;
    let mailed_strangers = std::fs::read_dir(app.outbox_dir())
        .map(|d| {
            d.flatten()
                .filter_map(|e| std::fs::read_to_string(e.path()).ok())
                .filter(|t| t.contains("To: nobody"))
                .count()
        })
        .unwrap_or_default();
    assert_eq!(
        mailed_strangers, 0,
        "no mail to addresses without an account"
    );
}

async fn two_resets_with_one_link_at_once_one_wins(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    ask(&app, &ann.email).await.assert_status(202);
    let token = reset_token(&app, &ann.email).await;
    let (a, b) = tokio::join!(
        reset(&app, &token, "first racing passphrase 1"),
        reset(&app, &token, "second racing passphrase 2")
    );
    let mut statuses = [a.status.as_u16(), b.status.as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [204, 404], "{} / {}", a.text, b.text);
    let winner = if a.status.as_u16() == 204 {
        "first racing passphrase 1"
    } else {
        "second racing passphrase 2"
    };
    let loser = if winner.starts_with("first") {
        "second racing passphrase 2"
    } else {
        "first racing passphrase 1"
    };
    app.sign_in(&ann.email, winner).await.assert_status(201);
    app.sign_in(&ann.email, loser)
        .await
        .assert_problem(401, "invalid_credentials");
}

async fn a_weak_password_changes_nothing_and_the_link_expires_after_30_minutes(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    ask(&app, &ann.email).await.assert_status(202);
    let token = reset_token(&app, &ann.email).await;
    reset(&app, &token, "short")
        .await
        .assert_problem(422, "weak_password");
    assert_eq!(me_status(&app, &ann.token).await, 200, "nothing ended");
    app.sign_in(&ann.email, PASSWORD).await.assert_status(201);

    app.clock.advance(30 * 60 + 1);
    reset(&app, &token, NEW)
        .await
        .assert_problem(404, "password_reset_invalid");
    app.sign_in(&ann.email, PASSWORD).await.assert_status(201);
}

async fn a_reset_never_skips_the_second_factor(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    enroll_totp(&app, &ann).await;
    ask(&app, &ann.email).await.assert_status(202);
    let token = reset_token(&app, &ann.email).await;
    reset(&app, &token, NEW).await.assert_status(204);
    let res = app.sign_in(&ann.email, NEW).await;
    let body = res.assert_status(201);
    assert_eq!(body["state"], "mfa_pending", "{}", res.text);
    assert_eq!(body["aal"], "aal1", "{}", res.text);
    let pending = str_of(&body["token"]);
    app.get("/api/v1/me", &pending)
        .await
        .assert_problem(403, "mfa_required");
}

async fn requests_are_limited_per_address_known_or_not(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    for email in [ann.email.as_str(), "nobody@example.org"] {
        for _ in 0..3 {
            ask(&app, email).await.assert_status(202);
        }
        let res = ask(&app, email).await;
        res.assert_problem(429, "too_many_attempts");
        assert!(res.headers.get("retry-after").is_some(), "{}", res.text);
    }
    // Another address from the same source is not held by those two.
    ask(&app, "carol@example.org").await.assert_status(202);
    // An hour later the address may ask again.
    app.clock.advance(3_601);
    ask(&app, &ann.email).await.assert_status(202);
    // Bad input is refused, never answered 500.
    ask(&app, "not an address")
        .await
        .assert_problem(422, "validation_failed");
}

async fn the_console_asks_for_a_link_and_sets_the_new_password(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    let browser = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let sign_in = app.send(browser.get(app.url("/sign-in"))).await;
    assert!(
        sign_in.text.contains("href=\"/password-reset\""),
        "{}",
        sign_in.text
    );
    let form = app.send(browser.get(app.url("/password-reset"))).await;
    assert_eq!(form.status.as_u16(), 200, "{}", form.text);
    let post = |path: String, fields: Vec<(&'static str, String)>| {
        let body = form_body(
            &fields
                .iter()
                .map(|(k, v)| (*k, v.as_str()))
                .collect::<Vec<_>>(),
        );
        browser
            .post(app.url(&path))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
    };
    let sent = app
        .send(post(
            "/password-reset".into(),
            vec![
                ("csrf", csrf_field(&form.text)),
                ("email", ann.email.clone()),
            ],
        ))
        .await;
    assert_eq!(sent.status.as_u16(), 200, "{}", sent.text);
    assert!(sent.text.contains("is on its way"), "{}", sent.text);
    let token = reset_token(&app, &ann.email).await;

    let page = app
        .send(browser.get(app.url(&format!("/password-reset/{token}"))))
        .await;
    assert_eq!(page.status.as_u16(), 200, "{}", page.text);
    let weak = app
        .send(post(
            format!("/password-reset/{token}"),
            vec![
                ("csrf", csrf_field(&page.text)),
                ("new_password", "short".into()),
            ],
        ))
        .await;
    assert_eq!(weak.status.as_u16(), 422, "{}", weak.text);
    let done = app
        .send(post(
            format!("/password-reset/{token}"),
            vec![
                ("csrf", csrf_field(&weak.text)),
                ("new_password", NEW.into()),
            ],
        ))
        .await;
    assert_eq!(done.status.as_u16(), 303, "{}", done.text);
    assert_eq!(
        done.headers.get("location").and_then(|v| v.to_str().ok()),
        Some("/sign-in?flash=password_reset")
    );
    app.sign_in(&ann.email, NEW).await.assert_status(201);
    assert_eq!(me_status(&app, &ann.token).await, 401);
}
