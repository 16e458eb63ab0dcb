//! Verified sign-up (issue 16, part 1): a new account proves its address with the emailed link
//! before it can sign in; nobody can squat an address (a new sign-up replaces an unverified
//! account, which expires after a week); sign-up is limited per source; an invitation proves
//! the address, and its link lets a newcomer create their account and join in one step.

use serde_json::json;

use crate::backend_tests;
use crate::backend_tests_on;
use crate::csrf::{csrf_field, form_body};
use crate::helpers::{
    Backend, PASSWORD, Res, TestApp, decoded_email, emails_to, post_at_once, reset_token,
    retry_after, spawn_app_with, str_of,
};

backend_tests!(
    a_new_account_signs_in_only_once_its_link_is_used,
    a_new_sign_up_replaces_an_account_that_never_proved_its_address,
    unverified_accounts_expire_after_seven_days,
    a_new_link_answers_the_same_for_every_address_and_replaces_the_old_one,
    two_verifications_with_one_link_at_once_one_wins,
    only_the_invitation_email_proves_the_address,
    sign_ups_are_limited_per_address_from_anywhere,
    operators_make_accounts_that_sign_in_and_replace_unverified_ones,
    a_password_reset_link_proves_the_address,
    the_console_confirms_only_on_a_click,
    the_console_lets_a_newcomer_join_from_the_invitation_link,
    every_email_is_plain_text_and_the_same_words_in_html,
);
backend_tests_on!(
    sign_up_is_limited_per_source,
    an_address_no_link_proved_answers_invitations_by_their_link_only,
);

async fn verify(app: &TestApp, token: &str) -> Res {
    app.post("/api/v1/accounts/verify", None, json!({"token": token}))
        .await
}

async fn resend(app: &TestApp, email: &str) -> Res {
    app.post(
        "/api/v1/accounts/verify/resend",
        None,
        json!({"email": email}),
    )
    .await
}

fn sign_up_links(app: &TestApp, to: &str) -> usize {
    emails_to(app, to, &["/accounts/verify?token="]).len()
}

/// Waits (bounded) until `n` sign-up links were emailed to `to`.
async fn wait_for_links(app: &TestApp, to: &str, n: usize) {
    for _ in 0..500 {
        if sign_up_links(app, to) >= n {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("fewer than {n} sign-up links to {to}");
}

async fn a_new_account_signs_in_only_once_its_link_is_used(app: TestApp) {
    let created = app.sign_up("ann@example.org").await;
    assert_eq!(created.assert_status(201)["email_verified"], false);
    let id = str_of(&created.body["id"]);
    let refused = app.sign_in("ann@example.org", PASSWORD).await;
    refused.assert_problem(403, "email_unverified");
    assert!(refused.body.get("token").is_none(), "{}", refused.text);
    // A wrong password learns nothing about the account.
    app.sign_in("ann@example.org", "not the password at all")
        .await
        .assert_problem(401, "invalid_credentials");
    // Neither do malformed or unknown links.
    verify(&app, "not-a-token")
        .await
        .assert_problem(404, "verification_invalid");
    verify(&app, "bm90LWEtdG9rZW4tYXQtYWxsLWp1c3QtNDMtY2hhcnMtbG9uZw")
        .await
        .assert_problem(404, "verification_invalid");

    let token = app.verify_token("ann@example.org").await;
    let verified = verify(&app, &token).await;
    let body = verified.assert_status(200);
    assert_eq!(str_of(&body["id"]), id);
    assert_eq!(body["email"], "ann@example.org");
    verify(&app, &token)
        .await
        .assert_problem(404, "verification_invalid");
    app.sign_in("ann@example.org", PASSWORD)
        .await
        .assert_status(201);
    // Proved, the address is taken for good.
    app.sign_up("ann@example.org")
        .await
        .assert_problem(409, "email_taken");
}

async fn a_new_sign_up_replaces_an_account_that_never_proved_its_address(app: TestApp) {
    let squat = app
        .post(
            "/api/v1/accounts",
            None,
            json!({"email": "ann@example.org", "password": "the squatter's password"}),
        )
        .await;
    let squatter = str_of(&squat.assert_status(201)["id"]);
    let squatter_link = app.verify_token("ann@example.org").await;
    let mine = app.sign_up("ann@example.org").await;
    let ann = str_of(&mine.assert_status(201)["id"]);
    assert_ne!(ann, squatter);
    wait_for_links(&app, "ann@example.org", 2).await;
    // The squatter's account is gone with its link and password.
    verify(&app, &squatter_link)
        .await
        .assert_problem(404, "verification_invalid");
    assert_eq!(app.verify("ann@example.org").await, ann);
    app.sign_in("ann@example.org", "the squatter's password")
        .await
        .assert_problem(401, "invalid_credentials");
    app.sign_in("ann@example.org", PASSWORD)
        .await
        .assert_status(201);
}

async fn unverified_accounts_expire_after_seven_days(app: TestApp) {
    app.sign_up("ann@example.org").await.assert_status(201);
    let ann = app.verify_token("ann@example.org").await;
    app.clock.advance(7 * 86_400 - 60);
    app.sign_in("ann@example.org", PASSWORD)
        .await
        .assert_problem(403, "email_unverified");
    app.sign_up("bob@example.org").await.assert_status(201);
    let bob = app.verify_token("bob@example.org").await;
    app.clock.advance(60);
    // A week after sign-up Ann's account is as if it had never been made.
    verify(&app, &ann)
        .await
        .assert_problem(404, "verification_invalid");
    app.sign_in("ann@example.org", PASSWORD)
        .await
        .assert_problem(401, "invalid_credentials");
    resend(&app, "ann@example.org").await.assert_status(202);
    assert_eq!(sign_up_links(&app, "ann@example.org"), 1, "no new link");
    // Bob, a minute younger, still can.
    verify(&app, &bob).await.assert_status(200);
    // And the address is free again.
    app.sign_up("ann@example.org").await.assert_status(201);
}

async fn a_new_link_answers_the_same_for_every_address_and_replaces_the_old_one(app: TestApp) {
    app.sign_up("ann@example.org").await.assert_status(201);
    let first = app.verify_token("ann@example.org").await;
    app.user("bob@example.org").await;
    let mut answers = Vec::new();
    for email in ["ann@example.org", "bob@example.org", "nobody@example.org"] {
        let res = resend(&app, email).await;
        res.assert_status(202);
        answers.push(res.text);
    }
    assert!(answers.iter().all(String::is_empty), "{answers:?}");
    // The outbox delivers in order: once Ann's second link is there, nobody else got one.
    wait_for_links(&app, "ann@example.org", 2).await;
    assert_eq!(sign_up_links(&app, "bob@example.org"), 1, "Bob is verified");
    assert_eq!(sign_up_links(&app, "nobody@example.org"), 0);
    let newest = app.verify_token("ann@example.org").await;
    assert_ne!(newest, first);
    verify(&app, &first)
        .await
        .assert_problem(404, "verification_invalid");
    verify(&app, &newest).await.assert_status(200);
    // Three requests per address an hour, known or not.
    for _ in 0..2 {
        resend(&app, "nobody@example.org").await.assert_status(202);
    }
    let limited = resend(&app, "nobody@example.org").await;
    limited.assert_problem(429, "too_many_attempts");
    assert!(retry_after(&limited) > 0);
    resend(&app, "not an address")
        .await
        .assert_problem(422, "validation_failed");
}

async fn two_verifications_with_one_link_at_once_one_wins(app: TestApp) {
    app.sign_up("ann@example.org").await.assert_status(201);
    let token = app.verify_token("ann@example.org").await;
    let results = post_at_once(
        &app,
        8,
        "/api/v1/accounts/verify",
        "",
        &json!({"token": token}),
    )
    .await;
    let won = results.iter().filter(|(s, _)| *s == 200).count();
    let lost = results
        .iter()
        .filter(|(s, b)| *s == 404 && b["code"] == "verification_invalid")
        .count();
    assert_eq!((won, lost), (1, 7), "{results:?}");
}

/// The newcomer's link of the invitation emailed to `to`: `/join/{secret}`.
async fn join_link(app: &TestApp, to: &str) -> String {
    let raw = app.wait_for_email(to, "/join/").await;
    let text = decoded_email(&raw);
    let (_, rest) = text
        .split_once("/join/")
        .unwrap_or_else(|| panic!("no newcomer's link in {text}"));
    let secret: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    format!("/join/{secret}")
}

async fn only_the_invitation_email_proves_the_address(app: TestApp) {
    let owner = app.user("owner@example.org").await;
    let org = app.org(&owner, "Acme").await;
    // The inviter is shown the invitation's token: it is no newcomer's link.
    let token = app
        .invite(&org, &owner, "ann@example.org", "member", false)
        .await;
    let b = browser();
    let forged = app.send(b.get(app.url(&format!("/join/{token}")))).await;
    assert_eq!(forged.status.as_u16(), 404, "{}", forged.text);
    // Nor does sign-up take an invitation as proof.
    let res = app
        .post(
            "/api/v1/accounts",
            None,
            json!({"email": "ann@example.org", "password": PASSWORD, "invitation": token}),
        )
        .await;
    res.assert_problem(422, "validation_failed");
    // A squatter's unverified account gives way to the newcomer's link.
    app.sign_up("ann@example.org").await.assert_status(201);
    let join = join_link(&app, "ann@example.org").await;
    let page = app.send(b.get(app.url(&join))).await;
    assert_eq!(page.status.as_u16(), 200, "{}", page.text);
    let joined = app
        .send(form(
            &b,
            &app,
            &join,
            &[
                ("csrf", &csrf_field(&page.text)),
                ("password", "the newcomer's password"),
            ],
        ))
        .await;
    assert_eq!(joined.status.as_u16(), 303, "{}", joined.text);
    app.sign_in("ann@example.org", PASSWORD)
        .await
        .assert_problem(401, "invalid_credentials");
    let session = app
        .sign_in("ann@example.org", "the newcomer's password")
        .await;
    session.assert_status(201);
    let members = app
        .get(&format!("/api/v1/orgs/{org}/members"), &owner.token)
        .await;
    assert!(members.text.contains("ann@example.org"), "{}", members.text);
    // Used, the link proves nothing any more.
    let again = app.send(b.get(app.url(&join))).await;
    assert_eq!(again.status.as_u16(), 404, "{}", again.text);
}

async fn a_password_reset_link_proves_the_address(app: TestApp) {
    app.sign_up("ann@example.org").await.assert_status(201);
    app.post(
        "/api/v1/password-reset",
        None,
        json!({"email": "ann@example.org"}),
    )
    .await
    .assert_status(202);
    let token = reset_token(&app, "ann@example.org").await;
    let new = "a brand new passphrase 42";
    app.post(
        &format!("/api/v1/password-reset/{token}"),
        None,
        json!({"new_password": new}),
    )
    .await
    .assert_status(204);
    app.sign_in("ann@example.org", new).await.assert_status(201);
}

/// A browser with its own cookies.
fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap_or_else(|e| panic!("{e}"))
}

fn form(
    browser: &reqwest::Client,
    app: &TestApp,
    path: &str,
    fields: &[(&str, &str)],
) -> reqwest::RequestBuilder {
    browser
        .post(app.url(path))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form_body(fields))
}

async fn the_console_confirms_only_on_a_click(app: TestApp) {
    let b = browser();
    let page = app.send(b.get(app.url("/sign-up"))).await;
    let made = app
        .send(form(
            &b,
            &app,
            "/sign-up",
            &[
                ("csrf", &csrf_field(&page.text)),
                ("email", "ann@example.org"),
                ("password", PASSWORD),
            ],
        ))
        .await;
    assert_eq!(made.status.as_u16(), 303, "{}", made.text);
    let sign_in = app.send(b.get(app.url("/sign-in?flash=verify_sent"))).await;
    assert!(
        sign_in.text.contains("open the link we emailed you"),
        "{}",
        sign_in.text
    );
    let refused = app
        .send(form(
            &b,
            &app,
            "/sign-in",
            &[
                ("csrf", &csrf_field(&sign_in.text)),
                ("email", "ann@example.org"),
                ("password", PASSWORD),
            ],
        ))
        .await;
    assert_eq!(refused.status.as_u16(), 403, "{}", refused.text);
    assert!(
        refused.text.contains("/accounts/verify/resend"),
        "{}",
        refused.text
    );

    let token = app.verify_token("ann@example.org").await;
    // The email leads to the page, which asks for the password, and offers no call of the API
    // (which confirms with the token alone) to whoever holds the address.
    let mail = decoded_email(
        &app.wait_for_email("ann@example.org", "Confirm your email address")
            .await,
    );
    assert!(mail.contains("/accounts/verify?token="), "{mail}");
    assert!(!mail.contains("/api/v1/accounts/verify"), "{mail}");
    // Opening the link (as a mail scanner would) proves nothing: it shows a form.
    let link = app
        .send(b.get(app.url(&format!("/accounts/verify?token={token}"))))
        .await;
    assert_eq!(link.status.as_u16(), 200, "{}", link.text);
    assert!(link.text.contains("Confirm my address"), "{}", link.text);
    app.sign_in("ann@example.org", PASSWORD)
        .await
        .assert_problem(403, "email_unverified");
    let confirm = |csrf: String, password: &'static str| {
        app.send(form(
            &b,
            &app,
            "/accounts/verify",
            &[("csrf", &csrf), ("token", &token), ("password", password)],
        ))
    };
    // Without the form's token the click is refused.
    let forged = confirm("forged".to_owned(), PASSWORD).await;
    assert_eq!(forged.status.as_u16(), 403, "{}", forged.text);
    // The holder confirms only the account made with their password: one someone else made
    // with the address (the newest link, after a later sign-up replaced theirs) is not it.
    let other = confirm(csrf_field(&link.text), "another person's password").await;
    assert_eq!(other.status.as_u16(), 401, "{}", other.text);
    assert!(other.text.contains("someone else did"), "{}", other.text);
    app.sign_in("ann@example.org", PASSWORD)
        .await
        .assert_problem(403, "email_unverified");
    let done = confirm(csrf_field(&other.text), PASSWORD).await;
    assert_eq!(done.status.as_u16(), 303, "{}", done.text);
    let to = done.headers.get("location").and_then(|v| v.to_str().ok());
    // Confirmed with the password: signed in at once, on the way home.
    assert_eq!(to, Some("/?flash=email_verified_in"));
    let cookies: Vec<&str> = done
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    assert!(
        cookies
            .iter()
            .any(|c| c.contains("twofold_session=") && !c.contains("Max-Age=0")),
        "{cookies:?}"
    );
    app.sign_in("ann@example.org", PASSWORD)
        .await
        .assert_status(201);
    let again = confirm(csrf_field(&link.text), PASSWORD).await;
    assert_eq!(again.status.as_u16(), 404, "{}", again.text);
    assert!(
        again.text.contains("This link no longer works"),
        "{}",
        again.text
    );
}

async fn the_console_lets_a_newcomer_join_from_the_invitation_link(app: TestApp) {
    let owner = app.user("owner@example.org").await;
    let org = app.org(&owner, "Acme").await;
    app.invite(&org, &owner, "ann@example.org", "member", false)
        .await;
    let join = join_link(&app, "ann@example.org").await;
    let b = browser();
    let page = app.send(b.get(app.url(&join))).await;
    assert_eq!(page.status.as_u16(), 200, "{}", page.text);
    assert!(page.text.contains("ann@example.org"), "{}", page.text);
    let weak = app
        .send(form(
            &b,
            &app,
            &join,
            &[("csrf", &csrf_field(&page.text)), ("password", "short")],
        ))
        .await;
    assert_eq!(weak.status.as_u16(), 422, "{}", weak.text);
    let joined = app
        .send(form(
            &b,
            &app,
            &join,
            &[
                ("csrf", &csrf_field(&weak.text)),
                ("name", "Ann Newcomer"),
                ("password", PASSWORD),
            ],
        ))
        .await;
    assert_eq!(joined.status.as_u16(), 303, "{}", joined.text);
    let to = joined.headers.get("location").and_then(|v| v.to_str().ok());
    assert_eq!(to, Some(format!("/orgs/{org}").as_str()));
    let members = app
        .get(&format!("/api/v1/orgs/{org}/members"), &owner.token)
        .await;
    assert!(members.text.contains("Ann Newcomer"), "{}", members.text);
    assert_eq!(
        sign_up_links(&app, "ann@example.org"),
        0,
        "nothing to confirm"
    );
    // The browser is signed in as Ann.
    let org_page = app.send(b.get(app.url(&format!("/orgs/{org}")))).await;
    assert_eq!(org_page.status.as_u16(), 200, "{}", org_page.text);
}

async fn sign_ups_are_limited_per_address_from_anywhere(app: TestApp) {
    for _ in 0..5 {
        app.sign_up("ann@example.org").await.assert_status(201);
    }
    let limited = app.sign_up("ann@example.org").await;
    limited.assert_problem(429, "too_many_attempts");
    // Another address is not held by it.
    app.sign_up("bob@example.org").await.assert_status(201);
    app.clock.advance(3600);
    app.sign_up("ann@example.org").await.assert_status(201);
}

async fn operators_make_accounts_that_sign_in_and_replace_unverified_ones(app: TestApp) {
    app.sign_up("ann@example.org").await.assert_status(201);
    let made = crate::cli::run(
        &[
            "user",
            "create",
            "--email",
            "ann@example.org",
            "--password-stdin",
        ],
        &app.db.url,
        app.dir.path(),
        Some("the operator's password 1\n"),
    );
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    app.sign_in("ann@example.org", PASSWORD)
        .await
        .assert_problem(401, "invalid_credentials");
    app.sign_in("ann@example.org", "the operator's password 1")
        .await
        .assert_status(201);
    // An operator may not hand an organization to an account nobody proved.
    app.sign_up("bob@example.org").await.assert_status(201);
    let refused = crate::cli::run(
        &[
            "org",
            "create",
            "--name",
            "Acme",
            "--owner",
            "bob@example.org",
        ],
        &app.db.url,
        app.dir.path(),
        None,
    );
    assert!(!refused.status.success());
}

async fn an_address_no_link_proved_answers_invitations_by_their_link_only(backend: Backend) {
    let app = spawn_app_with(backend, &[("TWOFOLD_SIGNUP__VERIFY_EMAIL", "false")]).await;
    let owner = app.user("owner@example.org").await;
    let org = app.org(&owner, "Acme").await;
    let bob = app.user("bob@example.org").await;
    let res = app
        .post(
            &format!("/api/v1/orgs/{org}/invitations"),
            Some(&owner.token),
            json!({"email": bob.email, "role": "member"}),
        )
        .await;
    let token = str_of(&res.assert_status(201)["token"]);
    let id = str_of(&res.body["id"]);
    for action in ["accept", "decline"] {
        app.post(
            &format!("/api/v1/me/invitations/{id}/{action}"),
            Some(&bob.token),
            json!({}),
        )
        .await
        .assert_problem(403, "forbidden");
    }
    app.post(
        &format!("/api/v1/invitations/{token}/accept"),
        Some(&bob.token),
        json!({}),
    )
    .await
    .assert_status(200);
}

async fn sign_up_is_limited_per_source(backend: Backend) {
    let app = spawn_app_with(backend, &[("TWOFOLD_SIGNUP__PER_SOURCE_PER_HOUR", "3")]).await;
    app.sign_up("a@example.org").await.assert_status(201);
    app.verify("a@example.org").await;
    // Refused attempts count too: they would otherwise probe addresses freely.
    app.sign_up("a@example.org")
        .await
        .assert_problem(409, "email_taken");
    app.sign_up("b@example.org").await.assert_status(201);
    let limited = app.sign_up("c@example.org").await;
    limited.assert_problem(429, "too_many_attempts");
    assert!(retry_after(&limited) > 3000, "{}", retry_after(&limited));
    app.clock.advance(3600);
    app.sign_up("c@example.org").await.assert_status(201);
}

async fn every_email_is_plain_text_and_the_same_words_in_html(app: TestApp) {
    app.sign_up("ann@example.org").await.assert_status(201);
    let raw = app
        .wait_for_email("ann@example.org", "Confirm your email address")
        .await;
    let head = raw
        .split("\r\n\r\n")
        .next()
        .unwrap_or_default()
        .to_lowercase();
    assert!(
        head.contains("content-type: multipart/alternative"),
        "{raw}"
    );
    let lower = raw.to_lowercase();
    let (plain, html) = (
        lower.find("content-type: text/plain"),
        lower.find("content-type: text/html"),
    );
    assert!(
        plain.is_some() && html.is_some() && plain < html,
        "plain first: {raw}"
    );
    // The HTML part, undone from quoted-printable, has the link as an anchor.
    let html_part = &raw[html.unwrap_or_default()..];
    let unfolded = html_part
        .replace("=\r\n", "")
        .replace("=3D", "=")
        .replace("=22", "\"");
    let token = app.verify_token("ann@example.org").await;
    assert!(
        unfolded.contains(&format!("/accounts/verify?token={token}\">")),
        "{unfolded}"
    );
}
