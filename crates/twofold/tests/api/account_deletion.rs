//! Leaving for good (issue 16): `DELETE /api/v1/me` needs the password and a recent second
//! factor, is refused while the account is an organization's last owner, erases the account
//! and keeps the organizations' audit log with the person pseudonymised.

use reqwest::Method;
use serde_json::json;

use crate::backend_tests;
use crate::csrf::{csrf_field, form_body};
use crate::helpers::{PASSWORD, Res, TestApp, enroll_totp, str_of};

backend_tests!(
    deleting_needs_the_password_and_a_recent_second_factor,
    the_last_owner_is_refused_with_the_organizations_named,
    a_deleted_account_is_gone_and_the_audit_log_keeps_a_pseudonym,
    the_console_deletes_the_account_after_its_password,
);

async fn delete_me(app: &TestApp, token: &str, password: &str) -> Res {
    app.call(
        Method::DELETE,
        "/api/v1/me",
        Some(token),
        Some(json!({"password": password})),
    )
    .await
}

async fn deleting_needs_the_password_and_a_recent_second_factor(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    enroll_totp(&app, &ann).await;
    delete_me(&app, &ann.token, "not the password")
        .await
        .assert_problem(401, "invalid_credentials");
    // The factor passed at enrollment is recent for ten minutes.
    app.clock.advance(11 * 60);
    delete_me(&app, &ann.token, PASSWORD)
        .await
        .assert_problem(403, "reauthentication_required");
    assert_eq!(app.get("/api/v1/me", &ann.token).await.status.as_u16(), 200);
    app.call(
        Method::DELETE,
        "/api/v1/me",
        Some(&ann.token),
        Some(json!({})),
    )
    .await
    .assert_problem(422, "validation_failed");
}

async fn the_last_owner_is_refused_with_the_organizations_named(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    let bob = app.user("bob@example.org").await;
    let acme = app.org(&ann, "Acme").await;
    let globex = app.org(&ann, "Globex").await;
    app.add_member(&globex, &ann, &bob, "owner", false).await;
    let res = delete_me(&app, &ann.token, PASSWORD).await;
    res.assert_problem(409, "last_owner");
    let named: Vec<String> = res.body["organizations"]
        .as_array()
        .map(|o| o.iter().map(|o| str_of(&o["org_id"])).collect())
        .unwrap_or_default();
    assert_eq!(
        named,
        vec![acme.clone()],
        "only Acme has no other owner: {}",
        res.text
    );
    assert!(res.text.contains("Acme"), "{}", res.text);
    assert_eq!(
        app.get("/api/v1/me", &ann.token).await.status.as_u16(),
        200,
        "nothing erased"
    );
}

async fn a_deleted_account_is_gone_and_the_audit_log_keeps_a_pseudonym(app: TestApp) {
    let owner = app.user("owner@example.org").await;
    let ann = app.user("ann@example.org").await;
    let org = app.org(&owner, "Acme").await;
    app.add_member(&org, &owner, &ann, "member", false).await;
    let other = str_of(&app.sign_in(&ann.email, PASSWORD).await.assert_status(201)["token"]);

    delete_me(&app, &ann.token, PASSWORD)
        .await
        .assert_status(204);
    assert_eq!(app.get("/api/v1/me", &ann.token).await.status.as_u16(), 401);
    assert_eq!(app.get("/api/v1/me", &other).await.status.as_u16(), 401);
    app.sign_in(&ann.email, PASSWORD)
        .await
        .assert_problem(401, "invalid_credentials");
    app.wait_for_email(&ann.email, "was deleted").await;

    let members = app
        .get(&format!("/api/v1/orgs/{org}/members"), &owner.token)
        .await;
    let body = members.assert_status(200);
    assert_eq!(body["counts"]["members"], 1, "{}", members.text);
    assert!(!members.text.contains("ann@example.org"));
    let audit = app
        .get(&format!("/api/v1/orgs/{org}/audit"), &owner.token)
        .await;
    audit.assert_status(200);
    assert!(
        !audit.text.contains(&ann.id),
        "the id is gone from the log: {}",
        audit.text
    );
    assert!(!audit.text.contains("ann@example.org"), "{}", audit.text);
    assert!(audit.text.contains("deleted-account-"), "{}", audit.text);
    assert!(audit.text.contains("org.member_left"), "{}", audit.text);

    // The address is free again.
    app.sign_up(&ann.email).await.assert_status(201);
}

async fn the_console_deletes_the_account_after_its_password(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    let org = app.org(&ann, "Acme").await;
    let cookie = format!("twofold_session={}", ann.token);
    let get = |path: &'static str| app.send(app.http.get(app.url(path)).header("cookie", &cookie));
    let security = get("/account/security").await;
    assert!(
        security.text.contains("href=\"/account/delete\""),
        "{}",
        security.text
    );
    assert!(
        security.text.contains("href=\"/api/v1/me/export\""),
        "{}",
        security.text
    );
    // The download link works with the browser's cookie.
    let export = get("/api/v1/me/export").await;
    assert_eq!(export.status.as_u16(), 200, "{}", export.text);
    assert!(export.text.contains("ann@example.org"), "{}", export.text);
    let page = get("/account/delete").await;
    assert_eq!(page.status.as_u16(), 200, "{}", page.text);
    let post = |csrf: String, password: &'static str| {
        app.send(
            app.http
                .post(app.url("/account/delete"))
                .header("cookie", &cookie)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(form_body(&[("csrf", &csrf), ("password", password)])),
        )
    };
    // A last owner is refused first, naming the organization (no attempt is counted).
    let last_owner = post(csrf_field(&page.text), PASSWORD).await;
    assert_eq!(last_owner.status.as_u16(), 409, "{}", last_owner.text);
    assert!(last_owner.text.contains("Acme"), "{}", last_owner.text);
    let bob = app.user("bob@example.org").await;
    app.add_member(&org, &ann, &bob, "owner", false).await;
    let wrong = post(csrf_field(&last_owner.text), "not the password").await;
    assert_eq!(wrong.status.as_u16(), 401, "{}", wrong.text);
    assert!(wrong.text.contains("nothing was deleted"), "{}", wrong.text);
    let deleted = post(csrf_field(&wrong.text), PASSWORD).await;
    assert_eq!(deleted.status.as_u16(), 303, "{}", deleted.text);
    let to = deleted
        .headers
        .get("location")
        .and_then(|v| v.to_str().ok());
    assert_eq!(to, Some("/sign-in?flash=account_deleted"));
    let cleared = deleted
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|c| c.starts_with("twofold_session=;"));
    assert!(cleared, "{:?}", deleted.headers);
    assert_eq!(app.get("/api/v1/me", &ann.token).await.status.as_u16(), 401);
    app.sign_in(&ann.email, PASSWORD)
        .await
        .assert_problem(401, "invalid_credentials");
}
