//! A new email address (issue 16): asked with a recent second factor, confirmed by a link to the
//! new address while signed in; sign-in moves to the new address only then; the old address is
//! told; member lists follow.

use serde_json::json;

use crate::backend_tests;
use crate::csrf::{csrf_field, form_body};
use crate::helpers::{PASSWORD, Res, TestApp, enroll_totp, put_policy, reset_token, str_of};

backend_tests!(
    a_new_address_counts_only_once_confirmed_and_the_old_one_is_told,
    a_link_works_once_for_its_own_account_within_the_hour,
    a_change_needs_a_recent_second_factor_and_never_reveals_a_taken_address,
    without_2fa_the_password_is_asked_and_requests_are_limited,
    the_console_asks_on_the_security_page_and_confirms_from_the_link,
    a_stopped_member_stays_stopped_after_a_new_address_or_password,
);

async fn ask(app: &TestApp, token: &str, email: &str) -> Res {
    app.post(
        "/api/v1/me/email",
        Some(token),
        json!({"email": email, "password": PASSWORD}),
    )
    .await
}

async fn confirm(app: &TestApp, token: &str, link: &str) -> Res {
    app.post(
        "/api/v1/me/email/confirm",
        Some(token),
        json!({"token": link}),
    )
    .await
}

/// The token of the confirmation link in the email to `to`.
async fn link_token(app: &TestApp, to: &str) -> String {
    let text = app.wait_for_email(to, "/account/email/confirm/").await;
    let unfolded = text.replace("=\r\n", "").replace("=\n", "");
    let start = unfolded
        .find("/account/email/confirm/")
        .unwrap_or_else(|| panic!("no link in {text}"))
        + "/account/email/confirm/".len();
    unfolded[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

async fn a_new_address_counts_only_once_confirmed_and_the_old_one_is_told(app: TestApp) {
    let owner = app.user("owner@example.org").await;
    let ann = app.user("ann@example.org").await;
    let org = app.org(&owner, "Acme").await;
    app.add_member(&org, &owner, &ann, "member", false).await;

    ask(&app, &ann.token, "ann@new.example.org")
        .await
        .assert_status(202);
    app.wait_for_email(&ann.email, "about to change").await;
    // Until confirmed, the old address signs in and the new one does not.
    app.sign_in("ann@new.example.org", PASSWORD)
        .await
        .assert_problem(401, "invalid_credentials");
    app.sign_in(&ann.email, PASSWORD).await.assert_status(201);

    let link = link_token(&app, "ann@new.example.org").await;
    let res = confirm(&app, &ann.token, &link).await;
    assert_eq!(res.assert_status(200)["email"], "ann@new.example.org");
    app.sign_in("ann@new.example.org", PASSWORD)
        .await
        .assert_status(201);
    app.sign_in(&ann.email, PASSWORD)
        .await
        .assert_problem(401, "invalid_credentials");
    let me = app.get("/api/v1/me", &ann.token).await;
    assert_eq!(me.assert_status(200)["email"], "ann@new.example.org");
    app.wait_for_email(&ann.email, "was changed").await;
    let members = app
        .get(&format!("/api/v1/orgs/{org}/members"), &owner.token)
        .await;
    assert!(
        members.text.contains("ann@new.example.org"),
        "the member list follows: {}",
        members.text
    );
}

async fn a_link_works_once_for_its_own_account_within_the_hour(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    let bob = app.user("bob@example.org").await;
    ask(&app, &ann.token, "ann2@example.org")
        .await
        .assert_status(202);
    let link = link_token(&app, "ann2@example.org").await;
    confirm(&app, &bob.token, &link)
        .await
        .assert_problem(404, "email_change_invalid");
    confirm(&app, &ann.token, "not-a-token")
        .await
        .assert_problem(404, "email_change_invalid");
    confirm(&app, &ann.token, &link).await.assert_status(200);
    confirm(&app, &ann.token, &link)
        .await
        .assert_problem(404, "email_change_invalid");

    // A newer request retires the older link; an hour later a link is dead.
    ask(&app, &ann.token, "ann3@example.org")
        .await
        .assert_status(202);
    let first = link_token(&app, "ann3@example.org").await;
    ask(&app, &ann.token, "ann4@example.org")
        .await
        .assert_status(202);
    confirm(&app, &ann.token, &first)
        .await
        .assert_problem(404, "email_change_invalid");
    let second = link_token(&app, "ann4@example.org").await;
    app.clock.advance(3_601);
    let token = str_of(
        &app.sign_in("ann2@example.org", PASSWORD)
            .await
            .assert_status(201)["token"],
    );
    confirm(&app, &token, &second)
        .await
        .assert_problem(404, "email_change_invalid");
}

async fn a_change_needs_a_recent_second_factor_and_never_reveals_a_taken_address(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    app.user("bob@example.org").await;
    enroll_totp(&app, &ann).await;
    // Taken or not, the same answer; the holder of the taken address is told, nothing moves.
    ask(&app, &ann.token, "bob@example.org")
        .await
        .assert_status(202);
    app.wait_for_email("bob@example.org", "already has it")
        .await;
    ask(&app, &ann.token, "ann@example.org")
        .await
        .assert_problem(422, "validation_failed");
    ask(&app, &ann.token, "not an address")
        .await
        .assert_problem(422, "validation_failed");
    app.clock.advance(11 * 60);
    ask(&app, &ann.token, "ann@new.example.org")
        .await
        .assert_problem(403, "reauthentication_required");
}

async fn the_console_asks_on_the_security_page_and_confirms_from_the_link(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    let cookie = format!("twofold_session={}", ann.token);
    let get = |path: String| app.http.get(app.url(&path)).header("cookie", &cookie);
    let post = |path: String| {
        app.http
            .post(app.url(&path))
            .header("cookie", &cookie)
            .header("content-type", "application/x-www-form-urlencoded")
    };
    let security = app.send(get("/account/security".into())).await;
    assert!(
        security.text.contains("action=\"/account/email\""),
        "{}",
        security.text
    );
    let csrf = csrf_field(&security.text);
    let asked = app
        .send(post("/account/email".into()).body(form_body(&[
            ("csrf", &csrf),
            ("email", "ann@new.example.org"),
            ("password", PASSWORD),
        ])))
        .await;
    assert_eq!(asked.status.as_u16(), 303, "{}", asked.text);
    let link = link_token(&app, "ann@new.example.org").await;
    let page = app
        .send(get(format!("/account/email/confirm/{link}")))
        .await;
    assert_eq!(page.status.as_u16(), 200, "{}", page.text);
    // Opening the link changed nothing yet.
    let me = app.get("/api/v1/me", &ann.token).await;
    assert_eq!(me.assert_status(200)["email"], "ann@example.org");
    let done = app
        .send(
            post(format!("/account/email/confirm/{link}"))
                .body(form_body(&[("csrf", &csrf_field(&page.text))])),
        )
        .await;
    assert_eq!(done.status.as_u16(), 303, "{}", done.text);
    assert_eq!(
        done.headers.get("location").and_then(|v| v.to_str().ok()),
        Some("/account/security?flash=email_changed")
    );
    let me = app.get("/api/v1/me", &ann.token).await;
    assert_eq!(me.assert_status(200)["email"], "ann@new.example.org");
}

async fn without_2fa_the_password_is_asked_and_requests_are_limited(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    for body in [
        json!({"email": "ann@new.example.org"}),
        json!({"email": "ann@new.example.org", "password": "not it"}),
    ] {
        app.post("/api/v1/me/email", Some(&ann.token), body)
            .await
            .assert_problem(401, "invalid_credentials");
    }
    // Each request mails two addresses: five an hour.
    for n in 0..5 {
        ask(&app, &ann.token, &format!("ann{n}@example.net"))
            .await
            .assert_status(202);
    }
    let res = ask(&app, &ann.token, "ann9@example.net").await;
    res.assert_problem(429, "too_many_attempts");
}

async fn a_stopped_member_stays_stopped_after_a_new_address_or_password(app: TestApp) {
    let owner = app.user("owner@example.org").await;
    enroll_totp(&app, &owner).await;
    let bob = app.user("bob@example.org").await;
    let org = app.org(&owner, "Acme").await;
    app.add_member(&org, &owner, &bob, "member", false).await;
    put_policy(
        &app,
        &org,
        &owner.token,
        json!({"enforced": true, "confirm": "ENFORCE"}),
    )
    .await
    .assert_status(200);
    let stopped = |res: Res, status: u16| {
        let body = res.assert_status(status);
        assert_eq!(body["state"], "setup_required", "{}", res.text);
        assert_eq!(body["aal"], "aal1", "{}", res.text);
    };
    stopped(app.get("/api/v1/sessions/current", &bob.token).await, 200);
    // A new address, confirmed from the stopped session, changes nothing about the stop.
    ask(&app, &bob.token, "bob@new.example.org")
        .await
        .assert_status(202);
    let link = link_token(&app, "bob@new.example.org").await;
    confirm(&app, &bob.token, &link).await.assert_status(200);
    stopped(app.get("/api/v1/sessions/current", &bob.token).await, 200);
    // Nor does a new password: the next sign-in is stopped as before.
    app.post(
        "/api/v1/password-reset",
        None,
        json!({"email": "bob@new.example.org"}),
    )
    .await
    .assert_status(202);
    let reset = reset_token(&app, "bob@new.example.org").await;
    let new = "a brand new passphrase 42";
    app.post(
        &format!("/api/v1/password-reset/{reset}"),
        None,
        json!({"new_password": new}),
    )
    .await
    .assert_status(204);
    stopped(app.sign_in("bob@new.example.org", new).await, 201);
}
