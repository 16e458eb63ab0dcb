//! Organizations' two-factor policy: changing it (confirmation words, who may, strict mode, bad
//! input) and what enforcing does to members' sessions.

use reqwest::Method;
use serde_json::{Value, json};

use crate::backend_tests;
use crate::helpers::{
    PASSWORD, Res, TestApp, User, enroll_totp, sign_in_native, str_of, wait_for_emails,
};

backend_tests!(
    enforcing_needs_its_word_and_stops_members_without_2fa_but_apps_signed_in_before,
    only_admins_with_a_recent_second_factor_change_the_policy,
    strict_mode_refuses_and_names_who_is_missing,
    bad_policy_input_names_the_field,
    a_grace_period_tells_the_deadline_without_blocking,
    the_last_method_cannot_be_removed_while_an_organization_enforces,
    a_stopped_member_may_leave_instead_and_is_free_again,
    an_invitee_must_set_up_2fa_before_joining_an_enforcing_organization,
    a_scheduled_date_cleared_stops_members_only_after_enforce_and_tells_them,
);

async fn put_policy(app: &TestApp, org: &str, token: &str, body: Value) -> Res {
    app.call(
        Method::PUT,
        &format!("/api/v1/orgs/{org}/mfa-policy"),
        Some(token),
        Some(body),
    )
    .await
}

/// An owner with 2FA (a recent second factor in this session) and a member without.
async fn org_with_member(app: &TestApp) -> (User, User, String) {
    let ann = app.user("ann@example.org").await;
    enroll_totp(app, &ann).await;
    let bob = app.user("bob@example.org").await;
    let org = app.org(&ann, "Acme").await;
    app.add_member(&org, &ann, &bob, "member", false).await;
    (ann, bob, org)
}

async fn enforcing_needs_its_word_and_stops_members_without_2fa_but_apps_signed_in_before(
    app: TestApp,
) {
    let (ann, bob, org) = org_with_member(&app).await;
    let org_path = format!("/api/v1/orgs/{org}");
    app.get(&org_path, &bob.token).await.assert_status(200);

    for confirm in [None, Some("enforce"), Some("STOP")] {
        let mut body = json!({"enforced": true});
        if let Some(c) = confirm {
            body["confirm"] = json!(c);
        }
        let res = put_policy(&app, &org, &ann.token, body).await;
        res.assert_problem(422, "confirmation_required");
        assert_eq!(res.body["field"], "confirm", "{}", res.text);
    }
    app.get(&org_path, &bob.token).await.assert_status(200);
    // A desktop app of Bob's, signed in before enforcement.
    let res = sign_in_native(&app, "bob@example.org").await;
    assert_eq!(res.assert_status(201)["state"], "active", "{}", res.text);
    let native = str_of(&res.body["token"]);

    let res = put_policy(
        &app,
        &org,
        &ann.token,
        json!({"enforced": true, "confirm": "ENFORCE"}),
    )
    .await;
    assert_eq!(res.assert_status(200)["enforced"], true, "{}", res.text);
    let res = app
        .get(&format!("/api/v1/orgs/{org}/mfa-policy"), &ann.token)
        .await;
    assert_eq!(res.assert_status(200)["enforced"], true);
    wait_for_emails(&app, "bob@example.org", &["requires two-factor"], 1).await;

    // Bob's web session is stopped at his next request, naming who stops him, but may still see
    // himself and set up 2FA.
    let stopped = app.get(&org_path, &bob.token).await;
    stopped.assert_problem(403, "mfa_setup_required");
    assert_eq!(
        stopped.body["organizations"],
        json!([{"org_id": org, "name": "Acme"}]),
        "{}",
        stopped.text
    );
    assert!(
        stopped.body["detail"]
            .as_str()
            .is_some_and(|d| d.contains("\"Acme\""))
    );
    app.get("/api/v1/me", &bob.token).await.assert_status(200);
    let res = app.get("/api/v1/sessions/current", &bob.token).await;
    let body = res.assert_status(200);
    assert_eq!(body["state"], "setup_required", "{}", res.text);
    assert_eq!(body["setup_required_by"][0]["org_id"], org.as_str());
    assert_eq!(body["setup_required_by"][0]["deadline"], Value::Null);
    // The owner, who has 2FA, is not.
    app.get(&org_path, &ann.token).await.assert_status(200);
    // Bob's desktop app, signed in before, keeps working.
    app.get(&org_path, &native).await.assert_status(200);
    let res = app.get("/api/v1/sessions/current", &native).await;
    let body = res.assert_status(200);
    assert_eq!(body["state"], "active", "{}", res.text);
    assert_eq!(body["setup_required_by"], json!([]), "{}", res.text);
    // But an app signing in now is stopped like the browser: saying "native" earns nothing.
    let res = sign_in_native(&app, "bob@example.org").await;
    let body = res.assert_status(201);
    assert_eq!(body["state"], "setup_required", "{}", res.text);
    assert_eq!(body["setup_required_by"][0]["org_id"], org.as_str());
    app.get(&org_path, &str_of(&body["token"]))
        .await
        .assert_problem(403, "mfa_setup_required");
    // A new web sign-in is told at once.
    let res = app.sign_in("bob@example.org", PASSWORD).await;
    let body = res.assert_status(201);
    assert_eq!(body["state"], "setup_required", "{}", res.text);
    assert_eq!(body["setup_required_by"][0]["org_id"], org.as_str());
    assert_eq!(body["setup_required_by"][0]["name"], "Acme");

    // Stopping needs STOP and tells the owners.
    put_policy(
        &app,
        &org,
        &ann.token,
        json!({"enforced": false, "confirm": "ENFORCE"}),
    )
    .await
    .assert_problem(422, "confirmation_required");
    put_policy(
        &app,
        &org,
        &ann.token,
        json!({"enforced": false, "confirm": "STOP"}),
    )
    .await
    .assert_status(200);
    wait_for_emails(&app, "ann@example.org", &["stopped"], 1).await;
    app.get(&org_path, &bob.token).await.assert_status(200);
}

async fn only_admins_with_a_recent_second_factor_change_the_policy(app: TestApp) {
    let (ann, bob, org) = org_with_member(&app).await;
    let enforce = json!({"enforced": true, "confirm": "ENFORCE"});
    put_policy(&app, &org, &bob.token, enforce.clone())
        .await
        .assert_problem(403, "forbidden");
    let eve = app.user("eve@example.org").await;
    put_policy(&app, &org, &eve.token, enforce.clone())
        .await
        .assert_problem(404, "not_found");
    app.get(&format!("/api/v1/orgs/{org}/mfa-policy"), &eve.token)
        .await
        .assert_problem(404, "not_found");
    // An administrator without 2FA of their own must set it up first.
    app.set_role(&org, &bob.id, "admin", &ann.token)
        .await
        .assert_status(200);
    put_policy(&app, &org, &bob.token, enforce)
        .await
        .assert_problem(403, "reauthentication_required");
}

async fn strict_mode_refuses_and_names_who_is_missing(app: TestApp) {
    let (ann, bob, org) = org_with_member(&app).await;
    let strict = json!({"enforced": true, "require_all_enrolled": true, "confirm": "ENFORCE"});
    let res = put_policy(&app, &org, &ann.token, strict.clone()).await;
    res.assert_problem(409, "members_without_mfa");
    let members = res.body["members"].as_array().cloned().unwrap_or_default();
    assert_eq!(members.len(), 1, "{}", res.text);
    assert_eq!(members[0]["email"], "bob@example.org");
    assert_eq!(members[0]["user_id"], bob.id.as_str());
    // Nothing changed.
    let res = app
        .get(&format!("/api/v1/orgs/{org}/mfa-policy"), &ann.token)
        .await;
    assert_eq!(res.assert_status(200)["enforced"], false);

    enroll_totp(&app, &bob).await;
    let res = put_policy(&app, &org, &ann.token, strict).await;
    assert_eq!(res.assert_status(200)["require_all_enrolled"], true);
}

async fn bad_policy_input_names_the_field(app: TestApp) {
    let (ann, _bob, org) = org_with_member(&app).await;
    for (body, field) in [
        (
            json!({"enforced": true, "confirm": "ENFORCE", "enforce_from": "2001-01-01T00:00:00Z"}),
            "enforce_from",
        ),
        (
            json!({"enforced": false, "allowed_methods": ["password"]}),
            "allowed_methods",
        ),
        (
            json!({"enforced": false, "allowed_methods": []}),
            "allowed_methods",
        ),
        (
            json!({"enforced": false, "exempt_clients": ["fax"]}),
            "exempt_clients",
        ),
        (
            json!({"enforced": false, "remembered_device_days": 0}),
            "remembered_device_days",
        ),
        // The year 10000 in UTC: once saved, no read of the policy would work again.
        (
            json!({"enforced": false, "enforce_from": "9999-12-31T23:30:00-01:00"}),
            "enforce_from",
        ),
    ] {
        let res = put_policy(&app, &org, &ann.token, body).await;
        res.assert_problem(422, "validation_failed");
        assert_eq!(res.body["field"], field, "{}", res.text);
    }
    let res = put_policy(
        &app,
        &org,
        &ann.token,
        json!({"enforced": true, "confirm": "ENFORCE", "enforce_from": "tomorrow"}),
    )
    .await;
    assert!(res.status.is_client_error(), "{}", res.text);
}

async fn a_grace_period_tells_the_deadline_without_blocking(app: TestApp) {
    let (ann, bob, org) = org_with_member(&app).await;
    let res = put_policy(
        &app,
        &org,
        &ann.token,
        json!({"enforced": true, "confirm": "ENFORCE", "enforce_from": "2099-01-01T00:00:00Z"}),
    )
    .await;
    assert_eq!(
        res.assert_status(200)["enforce_from"],
        "2099-01-01T00:00:00Z"
    );
    app.get(&format!("/api/v1/orgs/{org}"), &bob.token)
        .await
        .assert_status(200);
    // Every sign-in tells the deadline.
    let res = app.sign_in("bob@example.org", PASSWORD).await;
    let body = res.assert_status(201);
    assert_eq!(body["state"], "active", "{}", res.text);
    assert_eq!(
        body["setup_required_by"][0]["deadline"],
        "2099-01-01T00:00:00Z"
    );
    let res = app.get("/api/v1/sessions/current", &bob.token).await;
    let body = res.assert_status(200);
    assert_eq!(body["state"], "active", "{}", res.text);
    assert_eq!(
        body["setup_required_by"][0]["deadline"],
        "2099-01-01T00:00:00Z"
    );
    wait_for_emails(&app, "bob@example.org", &["1 Jan 2099"], 1).await;

    // What GET answers goes back changed as it is; a time in another offset is kept in UTC.
    let path = format!("/api/v1/orgs/{org}/mfa-policy");
    let mut policy = app.get(&path, &ann.token).await.assert_status(200).clone();
    policy["enforce_from"] = json!("2099-01-01T02:00:00+02:00");
    let res = put_policy(&app, &org, &ann.token, policy).await;
    assert_eq!(
        res.assert_status(200)["enforce_from"],
        "2099-01-01T00:00:00Z"
    );
}

async fn the_last_method_cannot_be_removed_while_an_organization_enforces(app: TestApp) {
    let (ann, _bob, org) = org_with_member(&app).await;
    put_policy(
        &app,
        &org,
        &ann.token,
        json!({"enforced": true, "confirm": "ENFORCE"}),
    )
    .await
    .assert_status(200);
    app.call(Method::DELETE, "/api/v1/me/mfa", Some(&ann.token), None)
        .await
        .assert_problem(409, "mfa_required_by_org");
    let res = app.get("/api/v1/me", &ann.token).await;
    assert_eq!(res.assert_status(200)["mfa_enabled"], true);
    assert_eq!(res.body["orgs"][0]["requires_mfa"], true);
}

/// Clearing the date of a scheduled enforcement once saved at once and stopped two people
/// unasked: now it asks for ENFORCE, like turning enforcement on, and tells those it stops.
async fn a_scheduled_date_cleared_stops_members_only_after_enforce_and_tells_them(app: TestApp) {
    let (ann, bob, org) = org_with_member(&app).await;
    let scheduled =
        json!({"enforced": true, "confirm": "ENFORCE", "enforce_from": "2099-01-01T00:00:00Z"});
    put_policy(&app, &org, &ann.token, scheduled)
        .await
        .assert_status(200);
    // Moving the date while it stays ahead stops nobody: nothing to confirm.
    let later = json!({"enforced": true, "enforce_from": "2099-06-01T00:00:00Z"});
    put_policy(&app, &org, &ann.token, later)
        .await
        .assert_status(200);
    // Cleared, or brought to now: Bob would be stopped at once.
    for from in [Value::Null, json!(app.clock.rfc3339_in(0))] {
        let res = put_policy(
            &app,
            &org,
            &ann.token,
            json!({"enforced": true, "enforce_from": from}),
        )
        .await;
        res.assert_problem(422, "confirmation_required");
        assert_eq!(res.body["field"], "confirm", "{}", res.text);
    }
    app.get(&format!("/api/v1/orgs/{org}"), &bob.token)
        .await
        .assert_status(200);
    put_policy(
        &app,
        &org,
        &ann.token,
        json!({"enforced": true, "enforce_from": null, "confirm": "ENFORCE"}),
    )
    .await
    .assert_status(200);
    app.get(&format!("/api/v1/orgs/{org}"), &bob.token)
        .await
        .assert_problem(403, "mfa_setup_required");
    // Told by email that it applies from now on (after the first announcement, with its date).
    wait_for_emails(&app, "bob@example.org", &["from now on"], 1).await;
    // The owner's page for turning 2FA off says why it would be refused, before any button.
    let page = app
        .send(
            app.http
                .get(app.url("/account/security/off"))
                .header("cookie", format!("twofold_session={}", ann.token)),
        )
        .await;
    assert_eq!(page.status.as_u16(), 200, "{}", page.text);
    assert!(
        page.text
            .contains("requires two-factor authentication of its members"),
        "{}",
        page.text
    );
    assert!(!page.text.contains("Turn it off"), "{}", page.text);
}

async fn a_stopped_member_may_leave_instead_and_is_free_again(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    enroll_totp(&app, &ann).await;
    let bob = app.user("bob@example.org").await;
    let carl = app.user("carl@example.org").await;
    let org = app.org(&ann, "Acme").await;
    app.add_member(&org, &ann, &bob, "admin", true).await;
    app.add_member(&org, &ann, &carl, "member", false).await;
    put_policy(
        &app,
        &org,
        &ann.token,
        json!({"enforced": true, "confirm": "ENFORCE"}),
    )
    .await
    .assert_status(200);
    // Stopped: Bob may not remove others...
    app.remove(&org, &carl.id, &bob.token)
        .await
        .assert_problem(403, "mfa_setup_required");
    // ...but may leave.
    app.remove(&org, "me", &bob.token).await.assert_status(204);
    let res = app.get("/api/v1/sessions/current", &bob.token).await;
    let body = res.assert_status(200);
    assert_eq!(body["state"], "active", "{}", res.text);
    assert_eq!(body["setup_required_by"], json!([]));
    let res = app.get("/api/v1/me", &bob.token).await;
    assert_eq!(res.assert_status(200)["orgs"], json!([]));
}

async fn an_invitee_must_set_up_2fa_before_joining_an_enforcing_organization(app: TestApp) {
    let (ann, _bob, org) = org_with_member(&app).await;
    put_policy(
        &app,
        &org,
        &ann.token,
        json!({"enforced": true, "confirm": "ENFORCE"}),
    )
    .await
    .assert_status(200);
    let dave = app.user("dave@example.org").await;
    let token = app
        .invite(&org, &ann, "dave@example.org", "member", false)
        .await;
    wait_for_emails(
        &app,
        "dave@example.org",
        &["requires two-factor", "before you accept"],
        1,
    )
    .await;
    let accept = format!("/api/v1/invitations/{token}/accept");
    app.post(&accept, Some(&dave.token), json!({}))
        .await
        .assert_problem(403, "mfa_required_to_join");
    let res = app.get("/api/v1/me", &dave.token).await;
    assert_eq!(res.assert_status(200)["orgs"], json!([]), "not a member");

    enroll_totp(&app, &dave).await;
    app.post(&accept, Some(&dave.token), json!({}))
        .await
        .assert_status(200);
    app.get(&format!("/api/v1/orgs/{org}"), &dave.token)
        .await
        .assert_status(200);
}
