//! Home (issue 17): a signed-in person's organizations with their own standing, what to do
//! next, invitations waiting, and creating an organization.

use serde_json::json;

use crate::backend_tests;
use crate::csrf::{csrf_field, form_body};
use crate::helpers::{Res, TestApp, User, enroll_totp, put_policy, sign_in_pending, str_of};

backend_tests!(
    home_says_what_to_do_next_and_lists_my_organizations,
    an_organization_is_created_from_home,
    home_is_for_sessions_that_owe_nothing,
    the_overview_draws_adoption_over_time_for_managers,
);

async fn home(app: &TestApp, user: &User) -> Res {
    let cookie = format!("twofold_session={}", user.token);
    app.send(app.http.get(app.url("/")).header("cookie", cookie))
        .await
}

async fn home_says_what_to_do_next_and_lists_my_organizations(app: TestApp) {
    let owner = app.user("owner@example.org").await;
    enroll_totp(&app, &owner).await;
    let bob = app.user("bob@example.org").await;
    let page = home(&app, &bob).await;
    assert_eq!(page.status.as_u16(), 200, "{}", page.text);
    assert!(
        page.text.contains("protected by its password alone"),
        "{}",
        page.text
    );
    assert!(
        page.text.contains("not a member of any organization"),
        "{}",
        page.text
    );

    let acme = app.org(&owner, "Acme").await;
    app.add_member(&acme, &owner, &bob, "member", false).await;
    let beta = app.org(&owner, "Beta").await;
    app.invite(&beta, &owner, &bob.email, "admin", false).await;
    let deadline = "2031-01-15T00:00:00Z";
    put_policy(
        &app,
        &acme,
        &owner.token,
        json!({"enforced": true, "confirm": "ENFORCE", "enforce_from": deadline}),
    )
    .await
    .assert_status(200);
    let page = home(&app, &bob).await;
    assert_eq!(page.status.as_u16(), 200, "{}", page.text);
    assert!(
        page.text
            .contains("Acme requires two-factor authentication: set it up by 15 Jan 2031"),
        "{}",
        page.text
    );
    // The general advice gives way to the organization's requirement.
    assert!(!page.text.contains("password alone"), "{}", page.text);
    assert!(
        page.text.contains("1 invitation(s) wait for you"),
        "{}",
        page.text
    );
    assert!(
        page.text.contains(&format!("href=\"/orgs/{acme}\"")),
        "{}",
        page.text
    );
    assert!(
        page.text.contains("Missing: due 15 Jan 2031"),
        "{}",
        page.text
    );

    // Set up, Bob is in order; the owner sees the organizations he owns.
    enroll_totp(&app, &bob).await;
    let page = home(&app, &bob).await;
    assert!(page.text.contains("Set up"), "{}", page.text);
    assert!(!page.text.contains("Missing"), "{}", page.text);
    let page = home(&app, &owner).await;
    assert!(page.text.contains("owner"), "{}", page.text);
    assert!(
        page.text.contains(&format!("href=\"/orgs/{beta}\"")),
        "{}",
        page.text
    );
}

async fn an_organization_is_created_from_home(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    let page = home(&app, &ann).await;
    let cookie = format!("twofold_session={}", ann.token);
    let post = |csrf: String, name: &'static str| {
        app.send(
            app.http
                .post(app.url("/orgs"))
                .header("cookie", &cookie)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(form_body(&[("csrf", &csrf), ("name", name)])),
        )
    };
    let bad = post(csrf_field(&page.text), "   ").await;
    assert_eq!(bad.status.as_u16(), 422, "{}", bad.text);
    let forged = post("forged".to_owned(), "Acme").await;
    assert_eq!(forged.status.as_u16(), 403, "{}", forged.text);
    let made = post(csrf_field(&bad.text), "Acme").await;
    assert_eq!(made.status.as_u16(), 303, "{}", made.text);
    let me = app.get("/api/v1/me", &ann.token).await;
    let org = str_of(&me.assert_status(200)["orgs"][0]["id"]);
    assert_eq!(me.body["orgs"][0]["role"], "owner");
    let to = made.headers.get("location").and_then(|v| v.to_str().ok());
    assert_eq!(to, Some(format!("/orgs/{org}").as_str()));
}

async fn home_is_for_sessions_that_owe_nothing(app: TestApp) {
    let signed_out = app.send(app.http.get(app.url("/"))).await;
    assert_eq!(signed_out.status.as_u16(), 303);
    let to = signed_out
        .headers
        .get("location")
        .and_then(|v| v.to_str().ok());
    assert_eq!(to, Some("/sign-in"));
    let ann = app.user("ann@example.org").await;
    enroll_totp(&app, &ann).await;
    // Half signed in (the second step owed), home sends on; the security page's gate sends the
    // session to the second step.
    let pending = sign_in_pending(&app, &ann.email).await;
    let res = app
        .send(
            app.http
                .get(app.url("/"))
                .header("cookie", format!("twofold_session={pending}")),
        )
        .await;
    assert_eq!(res.status.as_u16(), 303, "{}", res.text);
    let to = res.headers.get("location").and_then(|v| v.to_str().ok());
    assert_eq!(to, Some("/account/security"));
}

async fn the_overview_draws_adoption_over_time_for_managers(app: TestApp) {
    let owner = app.user("owner@example.org").await;
    enroll_totp(&app, &owner).await;
    let org = app.org(&owner, "Acme").await;
    let bob = app.user("bob@example.org").await;
    app.add_member(&org, &owner, &bob, "member", false).await;
    let overview = |who: &User| {
        app.send(
            app.http
                .get(app.url(&format!("/orgs/{org}")))
                .header("cookie", format!("twofold_session={}", who.token)),
        )
    };
    let page = overview(&owner).await;
    assert!(
        page.text.contains("would stop 1 member(s)"),
        "{}",
        page.text
    );
    app.node().await.run_jobs().await;
    let page = overview(&owner).await;
    assert_eq!(page.status.as_u16(), 200, "{}", page.text);
    assert!(page.text.contains("<svg class=\"chart\""), "{}", page.text);
    // The node's jobs read the system clock, which the test clock has not moved.
    // The day as the page writes it in English: `15 Jan 2031`.
    let today = time::OffsetDateTime::from_unix_timestamp(app.clock.now())
        .map(|t| {
            let month = t.month().to_string();
            format!("{} {} {}", t.day(), &month[..3], t.year())
        })
        .unwrap_or_default();
    assert!(
        page.text.contains(&format!(
            "<tr><td>{today}</td><td>2</td><td>1</td><td>50 %</td></tr>"
        )),
        "{}",
        page.text
    );
    // A plain member sees no figures of the others.
    let page = overview(&bob).await;
    assert_eq!(page.status.as_u16(), 200, "{}", page.text);
    assert!(!page.text.contains("<svg class=\"chart\""), "{}", page.text);
}
