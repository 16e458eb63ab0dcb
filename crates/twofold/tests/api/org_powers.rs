//! An organization's powers over its members, made visible, single and bounded (issue 13):
//! managing an account (resetting its 2FA) only by the member's consent and only by one
//! organization, a reset that never leaves an account password-only, deadlines nobody moves for
//! themselves, and limits on the email others can make twofold send.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{
    PASSWORD, Res, TestApp, User, audit_events, emails_to, enroll_totp, join, retry_after,
    sign_in_native, str_of, wait_for_emails,
};
use crate::{backend_tests, backend_tests_with};

backend_tests!(
    only_the_organization_the_member_consented_to_may_reset_their_2fa,
    leaving_or_being_removed_ends_management,
    after_a_reset_the_account_must_set_up_a_new_factor_before_anything_else,
    deadlines_are_never_ones_own_nor_an_owners_by_an_admin_and_need_a_recent_factor,
    a_security_alert_goes_once_per_window,
    names_others_chose_are_quoted_in_emails,
    the_web_accept_page_explains_management_and_asks_consent,
);

/// Small sending limits, to reach them in a test.
pub const LIMITS_ENV: [(&str, &str); 3] = [
    ("TWOFOLD_INVITATIONS__PER_ORG", "4"),
    ("TWOFOLD_INVITATIONS__PER_INVITER", "5"),
    ("TWOFOLD_INVITATIONS__PER_RECIPIENT", "3"),
];

backend_tests_with!(&crate::org_powers::LIMITS_ENV;
    invitations_are_limited_by_organization_inviter_and_address_and_a_reinvite_replaces_the_pending_one,
);

/// A user with 2FA (and so a recent second factor in their session).
async fn with_totp(app: &TestApp, email: &str) -> User {
    let u = app.user(email).await;
    enroll_totp(app, &u).await;
    u
}

async fn invite(app: &TestApp, org: &str, by: &User, email: &str, manage: bool) -> Res {
    app.post(
        &format!("/api/v1/orgs/{org}/invitations"),
        Some(&by.token),
        json!({"email": email, "role": "member", "manage_account": manage}),
    )
    .await
}

async fn accept(app: &TestApp, token: &str, who: &User, body: Value) -> Res {
    app.post(
        &format!("/api/v1/invitations/{token}/accept"),
        Some(&who.token),
        body,
    )
    .await
}

async fn reset(app: &TestApp, org: &str, user: &str, token: &str) -> Res {
    app.call(
        Method::DELETE,
        &format!("/api/v1/orgs/{org}/members/{user}/mfa"),
        Some(token),
        None,
    )
    .await
}

async fn managed_by(app: &TestApp, token: &str) -> Value {
    let res = app.get("/api/v1/me", token).await;
    res.assert_status(200)["managed_by"].clone()
}

async fn only_the_organization_the_member_consented_to_may_reset_their_2fa(app: TestApp) {
    let ann = with_totp(&app, "ann@example.org").await;
    let acme = app.org(&ann, "Acme").await;
    let olga = with_totp(&app, "olga@example.org").await;
    let other = app.org(&olga, "Other").await;
    let bob = with_totp(&app, "bob@example.org").await;
    assert_eq!(managed_by(&app, &bob.token).await, Value::Null);

    // Another organization that made Bob an "internal" member has no power over his account.
    app.add_member(&other, &olga, &bob, "member", false).await;
    reset(&app, &other, &bob.id, &olga.token)
        .await
        .assert_problem(403, "forbidden");
    assert_eq!(managed_by(&app, &bob.token).await, Value::Null);

    // Acme asks to manage it: a plain accept is refused and grants nothing.
    let inv = invite(&app, &acme, &ann, &bob.email, true).await;
    let token = str_of(&inv.assert_status(201)["token"]);
    wait_for_emails(
        &app,
        &bob.email,
        &[
            "asks to manage your account",
            "reset your two-factor authentication",
        ],
        1,
    )
    .await;
    accept(&app, &token, &bob, json!({}))
        .await
        .assert_problem(409, "management_consent_required");
    accept(&app, &token, &bob, json!({"accept_management": false}))
        .await
        .assert_problem(409, "management_consent_required");
    app.get(&format!("/api/v1/orgs/{acme}"), &bob.token)
        .await
        .assert_problem(404, "not_found");
    let res = accept(&app, &token, &bob, json!({"accept_management": true})).await;
    assert_eq!(res.assert_status(200)["manages_account"], true);
    assert_eq!(
        managed_by(&app, &bob.token).await,
        json!({"org_id": acme, "name": "Acme"})
    );

    // A second organization cannot manage it too.
    let carl = with_totp(&app, "carl@example.org").await;
    let beta = app.org(&carl, "Beta").await;
    let inv = invite(&app, &beta, &carl, &bob.email, true).await;
    let token = str_of(&inv.assert_status(201)["token"]);
    accept(&app, &token, &bob, json!({"accept_management": true}))
        .await
        .assert_problem(409, "already_managed");
    app.get(&format!("/api/v1/orgs/{beta}"), &bob.token)
        .await
        .assert_problem(404, "not_found");

    // Still not the other organization; Acme may.
    reset(&app, &other, &bob.id, &olga.token)
        .await
        .assert_problem(403, "forbidden");
    reset(&app, &acme, &bob.id, &ann.token)
        .await
        .assert_status(204);

    // The other organization's managers see it in their log; Acme's log has its own entry.
    let seen = audit_events(&app, &other, &olga.token).await;
    assert!(
        seen.iter()
            .any(|e| e["action"] == "org.member_mfa_reset_by_managing_org"
                && e["target"] == bob.id.as_str()
                && e["actor"] == ann.id.as_str()),
        "{seen:?}"
    );
    let own = audit_events(&app, &acme, &ann.token).await;
    assert!(
        own.iter().any(|e| e["action"] == "org.member_mfa_reset"),
        "{own:?}"
    );
}

async fn leaving_or_being_removed_ends_management(app: TestApp) {
    let ann = with_totp(&app, "ann@example.org").await;
    let acme = app.org(&ann, "Acme").await;
    let carl = with_totp(&app, "carl@example.org").await;
    let beta = app.org(&carl, "Beta").await;
    let bob = with_totp(&app, "bob@example.org").await;
    app.add_managed_member(&acme, &ann, &bob, "member").await;
    assert_eq!(managed_by(&app, &bob.token).await["org_id"], acme.as_str());

    app.remove(&acme, "me", &bob.token).await.assert_status(204);
    assert_eq!(managed_by(&app, &bob.token).await, Value::Null);
    // Back as a plain member: Acme no longer manages the account.
    app.add_member(&acme, &ann, &bob, "member", false).await;
    reset(&app, &acme, &bob.id, &ann.token)
        .await
        .assert_problem(403, "forbidden");

    // Free again: Beta may manage it, until it removes Bob.
    app.add_managed_member(&beta, &carl, &bob, "member").await;
    assert_eq!(managed_by(&app, &bob.token).await["org_id"], beta.as_str());
    app.remove(&beta, &bob.id, &carl.token)
        .await
        .assert_status(204);
    assert_eq!(managed_by(&app, &bob.token).await, Value::Null);
}

async fn after_a_reset_the_account_must_set_up_a_new_factor_before_anything_else(app: TestApp) {
    let ann = with_totp(&app, "ann@example.org").await;
    let acme = app.org(&ann, "Acme").await;
    let bob = with_totp(&app, "bob@example.org").await;
    app.add_managed_member(&acme, &ann, &bob, "member").await;
    // Nobody enforces 2FA here.
    reset(&app, &acme, &bob.id, &ann.token)
        .await
        .assert_status(204);
    app.get("/api/v1/me", &bob.token)
        .await
        .assert_problem(401, "unauthenticated");

    for res in [
        app.sign_in(&bob.email, PASSWORD).await,
        sign_in_native(&app, &bob.email).await,
    ] {
        let body = res.assert_status(201);
        assert_eq!(body["state"], "setup_required", "{}", res.text);
        let token = str_of(&body["token"]);
        app.get(&format!("/api/v1/orgs/{acme}"), &token)
            .await
            .assert_problem(403, "mfa_setup_required");
        let current = app.get("/api/v1/sessions/current", &token).await;
        assert_eq!(current.assert_status(200)["state"], "setup_required");
        app.get("/api/v1/me", &token).await.assert_status(200);
    }

    // A new method settles it, for every session.
    let res = app.sign_in(&bob.email, PASSWORD).await;
    let token = str_of(&res.assert_status(201)["token"]);
    crate::helpers::enroll_totp_with(&app, &token, "New phone").await;
    app.get(&format!("/api/v1/orgs/{acme}"), &token)
        .await
        .assert_status(200);
    let res = app.sign_in(&bob.email, PASSWORD).await;
    assert_eq!(
        res.assert_status(201)["state"],
        "mfa_pending",
        "{}",
        res.text
    );
}

async fn set_deadline(app: &TestApp, org: &str, user: &str, token: &str) -> Res {
    app.call(
        Method::PUT,
        &format!("/api/v1/orgs/{org}/members/{user}/mfa-deadline"),
        Some(token),
        Some(json!({"deadline": app.clock.rfc3339_in(300 * 86_400)})),
    )
    .await
}

async fn deadlines_are_never_ones_own_nor_an_owners_by_an_admin_and_need_a_recent_factor(
    app: TestApp,
) {
    let ann = with_totp(&app, "ann@example.org").await;
    let org = app.org(&ann, "Acme").await;
    let adam = app.user("adam@example.org").await;
    app.add_member(&org, &ann, &adam, "admin", false).await;
    enroll_totp(&app, &adam).await;
    let lea = join(
        &app,
        &org,
        &ann,
        "lea@example.org",
        "legal_representative",
        false,
    )
    .await;
    let bob = join(&app, &org, &ann, "bob@example.org", "member", false).await;
    // An admin who never set up 2FA, let through by a grace period.
    let res = crate::helpers::put_policy(
        &app,
        &org,
        &ann.token,
        json!({"enforced": true, "confirm": "ENFORCE", "enforce_from": app.clock.rfc3339_in(7 * 86_400)}),
    )
    .await;
    res.assert_status(200);
    let nina = join(&app, &org, &ann, "nina@example.org", "admin", false).await;

    for target in ["me", adam.id.as_str()] {
        set_deadline(&app, &org, target, &adam.token)
            .await
            .assert_problem(403, "forbidden");
    }
    set_deadline(&app, &org, "me", &ann.token)
        .await
        .assert_problem(403, "forbidden");
    for target in [&ann.id, &lea.id] {
        set_deadline(&app, &org, target, &adam.token)
            .await
            .assert_problem(403, "forbidden");
    }
    set_deadline(&app, &org, &bob.id, &nina.token)
        .await
        .assert_problem(403, "reauthentication_required");
    set_deadline(&app, &org, &bob.id, &adam.token)
        .await
        .assert_status(200);
    set_deadline(&app, &org, &lea.id, &ann.token)
        .await
        .assert_status(200);
    let events = audit_events(&app, &org, &ann.token).await;
    let changed: Vec<&Value> = events
        .iter()
        .filter(|e| e["action"] == "org.member_mfa_deadline_changed")
        .collect();
    assert_eq!(changed.len(), 2, "{events:?}");
}

async fn invitations_are_limited_by_organization_inviter_and_address_and_a_reinvite_replaces_the_pending_one(
    app: TestApp,
) {
    let ann = app.user("ann@example.org").await;
    let acme = app.org(&ann, "Acme").await;
    let acme2 = app.org(&ann, "Acme Two").await;
    let carl = app.user("carl@example.org").await;
    let beta = app.org(&carl, "Beta").await;
    let xavier = app.user("xavier@example.org").await;

    // A re-invitation replaces the pending one: the old link stops working.
    let first = str_of(
        &invite(&app, &acme, &ann, &xavier.email, false)
            .await
            .assert_status(201)["token"],
    );
    let second = str_of(
        &invite(&app, &acme, &ann, &xavier.email, false)
            .await
            .assert_status(201)["token"],
    );
    accept(&app, &first, &xavier, json!({}))
        .await
        .assert_problem(404, "invitation_invalid");
    let third = str_of(
        &invite(&app, &acme, &ann, &xavier.email, false)
            .await
            .assert_status(201)["token"],
    );
    accept(&app, &second, &xavier, json!({}))
        .await
        .assert_problem(404, "invitation_invalid");

    // Three to one address, from any organization, within the window.
    let limited = |res: &Res| {
        res.assert_problem(429, "rate_limited");
        let wait = retry_after(res);
        assert!((1..=24 * 3600).contains(&wait), "Retry-After {wait}");
    };
    limited(&invite(&app, &acme, &ann, &xavier.email, false).await);
    limited(&invite(&app, &beta, &carl, &xavier.email, false).await);
    // Four from one organization.
    invite(&app, &acme, &ann, "a@example.org", false)
        .await
        .assert_status(201);
    limited(&invite(&app, &acme, &ann, "b@example.org", false).await);
    // Five from one inviter, in all their organizations.
    invite(&app, &acme2, &ann, "c@example.org", false)
        .await
        .assert_status(201);
    limited(&invite(&app, &acme2, &ann, "d@example.org", false).await);
    // Others are not held back.
    invite(&app, &beta, &carl, "d@example.org", false)
        .await
        .assert_status(201);

    accept(&app, &third, &xavier, json!({}))
        .await
        .assert_status(200);
    assert_eq!(
        wait_for_emails(&app, &xavier.email, &["invitation"], 3)
            .await
            .len(),
        3
    );
    assert_eq!(emails_to(&app, "b@example.org", &[]), Vec::<String>::new());
}

async fn a_security_alert_goes_once_per_window(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    let org = app.org(&ann, "Acme").await;
    let bob = join(&app, &org, &ann, "bob@example.org", "member", false).await;
    let carl = join(&app, &org, &ann, "carl@example.org", "member", false).await;
    let alert = |user: &str| format!("/api/v1/orgs/{org}/members/{user}/security-alert");
    app.post(&alert(&bob.id), Some(&ann.token), json!({}))
        .await
        .assert_status(202);
    for _ in 0..3 {
        let res = app.post(&alert(&bob.id), Some(&ann.token), json!({})).await;
        res.assert_problem(429, "rate_limited");
        let wait = retry_after(&res);
        assert!(
            (23 * 3600..=24 * 3600).contains(&wait),
            "Retry-After {wait}"
        );
    }
    app.post(&alert(&carl.id), Some(&ann.token), json!({}))
        .await
        .assert_status(202);
    wait_for_emails(&app, &carl.email, &["Security review"], 1).await;
    assert_eq!(
        wait_for_emails(&app, &bob.email, &["Security review"], 1)
            .await
            .len(),
        1
    );
}

async fn names_others_chose_are_quoted_in_emails(app: TestApp) {
    let res = app
        .post(
            "/api/v1/accounts",
            None,
            json!({"email": "mal@example.org", "password": PASSWORD,
                   "name": "twofold security team\u{2028}Your account is locked"}),
        )
        .await;
    res.assert_status(201);
    app.verify("mal@example.org").await;
    let session = app.sign_in("mal@example.org", PASSWORD).await;
    let mal = User {
        id: str_of(&res.body["id"]),
        email: "mal@example.org".to_owned(),
        token: str_of(&session.assert_status(201)["token"]),
    };
    let org = app
        .org(&mal, "Acme\u{2028}Subject: Your password expired \"now\"")
        .await;
    invite(&app, &org, &mal, "vic@example.org", false)
        .await
        .assert_status(201);
    let mail = wait_for_emails(&app, "vic@example.org", &["invitation"], 1)
        .await
        .remove(0);
    // Long header lines may be folded (RFC 5322 §2.2.3).
    let mail = mail.replace("\r\n ", " ").replace("\n ", " ");
    let subject = mail
        .lines()
        .find(|l| l.to_ascii_lowercase().starts_with("subject:"))
        .unwrap_or_else(|| panic!("no subject: {mail}"));
    assert_eq!(
        subject,
        "Subject: Invitation to the organization \"Acme Subject: Your password expired 'now'\" on twofold",
        "{mail}"
    );
    assert!(
        mail.contains("\"twofold security team Your account is locked\""),
        "{mail}"
    );
    assert!(!mail.contains('\u{2028}'), "{mail}");
}

/// A web page fetched with the session cookie: its status and HTML.
async fn page(app: &TestApp, path: &str, session: &str, form: Option<&[(&str, &str)]>) -> Res {
    let url = app.url(path);
    let req = match form {
        None => app.http.get(url),
        Some(fields) => {
            let enc = |v: &str| {
                v.bytes()
                    .map(|b| match b {
                        b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                            char::from(b).to_string()
                        }
                        _ => format!("%{b:02X}"),
                    })
                    .collect::<String>()
            };
            let body: Vec<String> = fields
                .iter()
                .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
                .collect();
            app.http
                .post(url)
                .header("origin", app.url(""))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(body.join("&"))
        }
    };
    app.send(req.header("cookie", format!("twofold_session={session}")))
        .await
}

fn csrf_of(html: &str) -> String {
    html.split_once("name=\"csrf\" value=\"")
        .and_then(|(_, rest)| rest.split_once('"'))
        .map(|(v, _)| v.to_owned())
        .unwrap_or_else(|| panic!("no csrf field: {html}"))
}

async fn the_web_accept_page_explains_management_and_asks_consent(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    let acme = app.org(&ann, "Acme").await;
    let bob = app.user("bob@example.org").await;
    let inv = invite(&app, &acme, &ann, &bob.email, true).await;
    let token = str_of(&inv.assert_status(201)["token"]);
    let path = format!("/invitations/{token}");

    let res = page(&app, &path, &bob.token, None).await;
    assert_eq!(res.status.as_u16(), 200, "{}", res.text);
    for needle in [
        "Acme asks to manage your account",
        "reset your two-factor authentication",
        "name=\"accept_management\" type=\"checkbox\"",
    ] {
        assert!(
            res.text.contains(needle),
            "{needle:?} missing: {}",
            res.text
        );
    }
    let csrf = csrf_of(&res.text);
    // Without the box ticked: refused, and nothing granted.
    let res = page(&app, &path, &bob.token, Some(&[("csrf", &csrf)])).await;
    assert_eq!(res.status.as_u16(), 409, "{}", res.text);
    assert_eq!(managed_by(&app, &bob.token).await, Value::Null);
    let fields = [("csrf", csrf.as_str()), ("accept_management", "on")];
    let res = page(&app, &path, &bob.token, Some(&fields)).await;
    assert!(res.status.as_u16() < 400, "{}: {}", res.status, res.text);
    assert_eq!(managed_by(&app, &bob.token).await["org_id"], acme.as_str());

    let res = page(&app, "/account/security", &bob.token, None).await;
    assert!(
        res.text
            .contains("managed by the organization <strong>Acme</strong>"),
        "{}",
        res.text
    );
}
