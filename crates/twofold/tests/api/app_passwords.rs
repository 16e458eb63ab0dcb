//! App passwords: for mail and DAV clients that cannot do the second step, usable with HTTP
//! Basic on the `sync` routes only, revocable, and throttled like passwords.

use reqwest::Method;
use serde_json::json;

use crate::backend_tests;
use crate::helpers::{PASSWORD, Res, TestApp, User, enroll_totp, retry_after, str_of};

backend_tests!(
    an_app_password_opens_the_sync_route_and_nothing_else,
    a_revoked_app_password_is_refused,
    failed_basic_attempts_are_throttled_like_passwords,
);

const WHOAMI: &str = "/api/v1/sync/whoami";

/// `GET /sync/whoami` with HTTP Basic `user:password`.
async fn whoami(app: &TestApp, user: &str, password: &str) -> Res {
    app.send(
        app.http
            .get(app.url(WHOAMI))
            .basic_auth(user, Some(password)),
    )
    .await
}

/// A 401 that asks for Basic credentials.
#[track_caller]
fn assert_basic_challenge(res: &Res) {
    res.assert_problem(401, "unauthenticated");
    let challenge = res
        .headers
        .get("www-authenticate")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(
        challenge.starts_with("Basic"),
        "WWW-Authenticate {challenge:?}: {:?}",
        res.headers
    );
}

/// Creates an app password as `user`; returns `(id, password)`.
async fn create(app: &TestApp, user: &User, label: &str) -> (String, String) {
    let res = app
        .post(
            "/api/v1/me/app-passwords",
            Some(&user.token),
            json!({"label": label}),
        )
        .await;
    let body = res.assert_status(201);
    assert_eq!(body["label"], label, "{}", res.text);
    let id = str_of(&body["id"]);
    let password = str_of(&body["password"]);
    assert!(!id.is_empty(), "{}", res.text);
    assert!(password.len() >= 16, "{}", res.text);
    (id, password)
}

async fn listed(app: &TestApp, user: &User) -> Res {
    let res = app.get("/api/v1/me/app-passwords", &user.token).await;
    res.assert_status(200);
    res
}

async fn an_app_password_opens_the_sync_route_and_nothing_else(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    enroll_totp(&app, &ann).await;
    let (id, password) = create(&app, &ann, "Thunderbird").await;

    // Listed without the secret, unused so far.
    let list = listed(&app, &ann).await;
    let rows = list.body["app_passwords"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(rows.len(), 1, "{}", list.text);
    assert_eq!(rows[0]["id"], id.as_str(), "{}", list.text);
    assert_eq!(rows[0]["label"], "Thunderbird", "{}", list.text);
    assert!(rows[0]["created_at"].is_string(), "{}", list.text);
    assert!(rows[0]["last_used_at"].is_null(), "{}", list.text);
    assert!(rows[0].get("password").is_none(), "{}", list.text);
    assert!(!list.text.contains(&password), "the secret is shown once");

    // The sync route takes it, without a second step.
    let res = whoami(&app, "ann@example.org", &password).await;
    let body = res.assert_status(200);
    assert_eq!(body["id"], ann.id.as_str(), "{}", res.text);
    assert_eq!(body["email"], "ann@example.org", "{}", res.text);
    let list = listed(&app, &ann).await;
    assert!(
        list.body["app_passwords"][0]["last_used_at"].is_string(),
        "last_used_at after use: {}",
        list.text
    );

    // The sync route takes nothing else.
    assert_basic_challenge(&whoami(&app, "ann@example.org", PASSWORD).await);
    assert_basic_challenge(&whoami(&app, "ann@example.org", &ann.token).await);
    assert_basic_challenge(&whoami(&app, "ann@example.org", "not-the-app-password").await);
    assert_basic_challenge(&whoami(&app, "nobody@example.org", &password).await);
    app.user("bob@example.org").await;
    assert_basic_challenge(&whoami(&app, "bob@example.org", &password).await);
    assert_basic_challenge(&app.send(app.http.get(app.url(WHOAMI))).await);
    whoami(&app, "ann@example.org", &password)
        .await
        .assert_status(200);

    // And it opens nothing but the sync routes.
    app.get("/api/v1/me", &password)
        .await
        .assert_problem(401, "unauthenticated");
    app.send(
        app.http
            .get(app.url("/api/v1/me"))
            .basic_auth("ann@example.org", Some(&password)),
    )
    .await
    .assert_problem(401, "unauthenticated");
    app.sign_in("ann@example.org", &password)
        .await
        .assert_problem(401, "invalid_credentials");
    whoami(&app, "ann@example.org", &password)
        .await
        .assert_status(200);
}

async fn a_revoked_app_password_is_refused(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    enroll_totp(&app, &ann).await;
    let (laptop_id, laptop) = create(&app, &ann, "Laptop").await;
    let (phone_id, phone) = create(&app, &ann, "Phone").await;
    assert_ne!(laptop, phone);
    let list = listed(&app, &ann).await;
    assert_eq!(
        list.body["app_passwords"].as_array().map(Vec::len),
        Some(2),
        "{}",
        list.text
    );

    let path = format!("/api/v1/me/app-passwords/{laptop_id}");
    app.call(Method::DELETE, &path, Some(&ann.token), None)
        .await
        .assert_status(204);
    assert_basic_challenge(&whoami(&app, "ann@example.org", &laptop).await);
    whoami(&app, "ann@example.org", &phone)
        .await
        .assert_status(200);
    let list = listed(&app, &ann).await;
    let rows = list.body["app_passwords"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(rows.len(), 1, "{}", list.text);
    assert_eq!(rows[0]["id"], phone_id.as_str(), "{}", list.text);

    // Unknown ids, already revoked ones and other people's: not found.
    app.call(Method::DELETE, &path, Some(&ann.token), None)
        .await
        .assert_problem(404, "not_found");
    app.call(
        Method::DELETE,
        "/api/v1/me/app-passwords/00000000-0000-0000-0000-000000000000",
        Some(&ann.token),
        None,
    )
    .await
    .assert_problem(404, "not_found");
    let bob = app.user("bob@example.org").await;
    app.call(
        Method::DELETE,
        &format!("/api/v1/me/app-passwords/{phone_id}"),
        Some(&bob.token),
        None,
    )
    .await
    .assert_problem(404, "not_found");
    let res = app.get("/api/v1/me/app-passwords", &bob.token).await;
    assert_eq!(
        res.assert_status(200)["app_passwords"],
        json!([]),
        "{}",
        res.text
    );
    whoami(&app, "ann@example.org", &phone)
        .await
        .assert_status(200);
    // Ids that are not even well-formed are unknown too, not a validation error.
    for bad in ["nope", "%27%20OR%201%3D1"] {
        app.call(
            Method::DELETE,
            &format!("/api/v1/me/app-passwords/{bad}"),
            Some(&ann.token),
            None,
        )
        .await
        .assert_problem(404, "not_found");
    }
}

async fn failed_basic_attempts_are_throttled_like_passwords(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    enroll_totp(&app, &ann).await;
    let (_, password) = create(&app, &ann, "Thunderbird").await;
    for i in 0..5 {
        assert_basic_challenge(&whoami(&app, "ann@example.org", &format!("wrong guess {i}")).await);
    }
    let res = whoami(&app, "ann@example.org", "wrong guess 5").await;
    res.assert_problem(429, "too_many_attempts");
    let wait = retry_after(&res);
    assert!(wait >= 100, "Retry-After {wait}: {:?}", res.headers);
    // Even the right one waits now.
    whoami(&app, "ann@example.org", &password)
        .await
        .assert_problem(429, "too_many_attempts");
}
