//! Leaving for good (issue 16): `DELETE /api/v1/me` needs the password and a recent second
//! factor, is refused while the account is an organization's last owner, erases the account
//! and keeps the organizations' audit log with the person pseudonymised.

use reqwest::Method;
use serde_json::json;

use crate::backend_tests;
use crate::helpers::{PASSWORD, Res, TestApp, enroll_totp, str_of};

backend_tests!(
    deleting_needs_the_password_and_a_recent_second_factor,
    the_last_owner_is_refused_with_the_organizations_named,
    a_deleted_account_is_gone_and_the_audit_log_keeps_a_pseudonym,
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
