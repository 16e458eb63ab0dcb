//! Managers' pages for what was API-only (issue 17, part 4): a member's own deadline, and
//! resetting the 2FA of a member whose account the organization manages.

use crate::backend_tests;
use crate::csrf::{csrf_field, form_body};
use serde_json::json;

use crate::helpers::{Res, TestApp, User, enroll_totp, put_policy};

backend_tests!(
    a_manager_sets_a_members_deadline_from_the_member_page,
    a_managing_organization_resets_a_members_2fa_after_a_confirmation,
);

async fn get(app: &TestApp, who: &User, path: &str) -> Res {
    app.send(
        app.http
            .get(app.url(path))
            .header("cookie", format!("twofold_session={}", who.token)),
    )
    .await
}

async fn post(app: &TestApp, who: &User, path: &str, fields: &[(&str, &str)]) -> Res {
    app.send(
        app.http
            .post(app.url(path))
            .header("cookie", format!("twofold_session={}", who.token))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form_body(fields)),
    )
    .await
}

fn location(res: &Res) -> String {
    res.headers
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

async fn a_manager_sets_a_members_deadline_from_the_member_page(app: TestApp) {
    let owner = app.user("owner@example.org").await;
    enroll_totp(&app, &owner).await;
    let org = app.org(&owner, "Acme").await;
    let bob = app.user("bob@example.org").await;
    app.add_member(&org, &owner, &bob, "member", false).await;
    let member = format!("/orgs/{org}/members/{}", bob.id);
    let page = get(&app, &owner, &member).await;
    assert_eq!(page.status.as_u16(), 200, "{}", page.text);
    assert!(
        page.text.contains("does not require two-factor"),
        "{}",
        page.text
    );
    put_policy(
        &app,
        &org,
        &owner.token,
        json!({"enforced": true, "confirm": "ENFORCE", "enforce_from": app.clock.rfc3339_in(60 * 86_400)}),
    )
    .await
    .assert_status(200);
    let page = get(&app, &owner, &member).await;
    let day = crate::helpers::rfc3339_at(app.clock.now() + 90 * 86_400)[..10].to_owned();
    // Not a manageable organization's member: no reset offered.
    assert!(!page.text.contains("/reset-mfa"), "{}", page.text);
    let action = format!("{member}/deadline");
    let csrf = csrf_field(&page.text);
    let bad = post(
        &app,
        &owner,
        &action,
        &[("csrf", &csrf), ("deadline", "31/01/2031")],
    )
    .await;
    assert_eq!(bad.status.as_u16(), 422, "{}", bad.text);
    let set = post(
        &app,
        &owner,
        &action,
        &[("csrf", &csrf), ("deadline", day.as_str())],
    )
    .await;
    assert_eq!(set.status.as_u16(), 303, "{}", set.text);
    assert_eq!(location(&set), format!("{member}?flash=deadline"));
    let page = get(&app, &owner, &location(&set)).await;
    assert!(
        page.text.contains(&format!("value=\"{day}\"")),
        "{}",
        page.text
    );
    assert!(page.text.contains("deadline was changed"), "{}", page.text);
    // Empty returns the member to the organization's deadline.
    let cleared = post(&app, &owner, &action, &[("csrf", &csrf), ("deadline", "")]).await;
    assert_eq!(cleared.status.as_u16(), 303, "{}", cleared.text);
    let page = get(&app, &owner, &member).await;
    assert!(
        page.text
            .contains("id=\"deadline\" name=\"deadline\" type=\"date\" value=\"\""),
        "{}",
        page.text
    );
    // Ten minutes on, the owner's second factor is not recent: the page asks for it again.
    app.clock.advance(11 * 60);
    let stale = post(
        &app,
        &owner,
        &action,
        &[("csrf", &csrf), ("deadline", day.as_str())],
    )
    .await;
    assert_eq!(stale.status.as_u16(), 303, "{}", stale.text);
    assert_eq!(location(&stale), "/account/security?reauth=1");
    // A plain member may not.
    let mine = format!("/orgs/{org}/members/{}/deadline", owner.id);
    let refused = post(
        &app,
        &bob,
        &mine,
        &[
            ("csrf", &csrf_field(&get(&app, &bob, "/").await.text)),
            ("deadline", day.as_str()),
        ],
    )
    .await;
    assert_ne!(refused.status.as_u16(), 303, "{}", refused.text);
}

async fn a_managing_organization_resets_a_members_2fa_after_a_confirmation(app: TestApp) {
    let owner = app.user("owner@example.org").await;
    enroll_totp(&app, &owner).await;
    let org = app.org(&owner, "Acme").await;
    let bob = app.user("bob@example.org").await;
    app.add_managed_member(&org, &owner, &bob, "member").await;
    enroll_totp(&app, &bob).await;
    let member = format!("/orgs/{org}/members/{}", bob.id);
    let page = get(&app, &owner, &member).await;
    let confirm = format!("{member}/reset-mfa");
    assert!(
        page.text.contains(&format!("href=\"{confirm}\"")),
        "{}",
        page.text
    );
    // Opening the confirmation changes nothing.
    let asked = get(&app, &owner, &confirm).await;
    assert_eq!(asked.status.as_u16(), 200, "{}", asked.text);
    assert_eq!(app.get("/api/v1/me", &bob.token).await.status.as_u16(), 200);
    let forged = post(&app, &owner, &confirm, &[("csrf", "forged")]).await;
    assert_eq!(forged.status.as_u16(), 403, "{}", forged.text);
    let reset = post(
        &app,
        &owner,
        &confirm,
        &[("csrf", &csrf_field(&asked.text))],
    )
    .await;
    assert_eq!(reset.status.as_u16(), 303, "{}", reset.text);
    assert_eq!(location(&reset), format!("{member}?flash=mfa_reset"));
    // Bob's sessions ended; his next sign-in must set up a new factor first.
    assert_eq!(app.get("/api/v1/me", &bob.token).await.status.as_u16(), 401);
    let again = app.sign_in(&bob.email, crate::helpers::PASSWORD).await;
    assert_eq!(
        again.assert_status(201)["state"],
        "setup_required",
        "{}",
        again.text
    );
}
