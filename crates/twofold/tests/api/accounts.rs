use serde_json::json;

use crate::backend_tests;
use crate::helpers::{PASSWORD, TestApp};

backend_tests!(
    sign_up_creates_an_account_that_can_sign_in_once_verified,
    the_same_email_cannot_sign_up_twice_in_any_case,
    weak_passwords_are_refused_with_weak_password,
    me_shows_the_account_and_its_organizations,
);

async fn sign_up_creates_an_account_that_can_sign_in_once_verified(app: TestApp) {
    let res = app
        .post(
            "/api/v1/accounts",
            None,
            json!({"email": " Ann@Example.org ", "password": PASSWORD, "name": "Ann Lee"}),
        )
        .await;
    let body = res.assert_status(201);
    assert_eq!(body["email"], "ann@example.org");
    assert_eq!(body["email_verified"], false);
    assert!(body["id"].as_str().is_some_and(|s| !s.is_empty()));
    app.sign_in("ann@example.org", PASSWORD)
        .await
        .assert_problem(403, "email_unverified");
    app.verify("ann@example.org").await;

    let session = app.sign_in("ANN@example.org", PASSWORD).await;
    let s = session.assert_status(201);
    assert_eq!(s["state"], "active");
    assert_eq!(s["aal"], "aal1");
    assert_eq!(s["methods"], json!([]));
}

async fn the_same_email_cannot_sign_up_twice_in_any_case(app: TestApp) {
    app.verified_sign_up("bob@example.org").await;
    app.sign_up("BOB@example.org")
        .await
        .assert_problem(409, "email_taken");
}

async fn weak_passwords_are_refused_with_weak_password(app: TestApp) {
    for pw in [
        "short",
        "password123",
        "aaaaaaaaaaaaaa",
        "carol@example.org",
    ] {
        let res = app
            .post(
                "/api/v1/accounts",
                None,
                json!({"email": "carol@example.org", "password": pw}),
            )
            .await;
        res.assert_problem(422, "weak_password");
        assert_eq!(res.body["field"], "password");
    }
    // Nothing was half-created: the address is still free.
    app.sign_up("carol@example.org").await.assert_status(201);
}

async fn me_shows_the_account_and_its_organizations(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    let org = app.org(&ann, "Acme").await;
    let me = app.get("/api/v1/me", &ann.token).await;
    let body = me.assert_status(200);
    assert_eq!(body["id"], ann.id.as_str());
    assert_eq!(body["email"], "ann@example.org");
    assert_eq!(body["name"], "ann");
    assert_eq!(body["mfa_enabled"], false);
    assert_eq!(body["methods"], json!([]));
    assert_eq!(
        body["orgs"],
        json!([{"id": org, "name": "Acme", "role": "owner", "external": false, "requires_mfa": false}])
    );
}
