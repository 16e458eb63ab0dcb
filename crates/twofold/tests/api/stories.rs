//! The seed stories (Infomaniak, Informer, Scaleway) replayed end to end over HTTP.

use serde_json::{Value, json};

use crate::backend_tests_with;
use crate::helpers::join;
use crate::helpers::{
    PASSWORD, TestApp, audit_events, create_app_password, emails_to, enroll_totp, passed_token,
    put_policy, second_step, set_cookie_line, set_cookie_value, sign_in_native, sign_in_pending,
    sign_in_with_device, str_of, sync_whoami, token_in_email, unix_of, wait_for_emails,
};

backend_tests_with!(&crate::helpers::MFA_ENV;
    infomaniak_members_comply_or_leave_while_their_apps_keep_working,
    informer_remembered_browsers_skip_the_second_step_until_the_admin_limits_them,
    scaleway_strict_mode_waits_for_reminded_members_and_invitees_enable_mfa_first,
);

async fn org_answer(app: &TestApp, org: &str, token: &str) -> crate::helpers::Res {
    app.get(&format!("/api/v1/orgs/{org}"), token).await
}

async fn current(app: &TestApp, token: &str) -> Value {
    let res = app.get("/api/v1/sessions/current", token).await;
    res.assert_status(200).clone()
}

fn emails(rows: &Value) -> Vec<String> {
    rows.as_array()
        .map(|a| a.iter().map(|r| str_of(&r["email"])).collect())
        .unwrap_or_default()
}

/// Seed 000: a legal representative or administrator requires 2FA; members are stopped at
/// their next action on the web, desktop and mobile apps keep working, an external user may
/// leave instead; the admin finds who lacks 2FA and sends a security alert.
async fn infomaniak_members_comply_or_leave_while_their_apps_keep_working(app: TestApp) {
    let olga = app.user("olga@infomaniak.example").await;
    enroll_totp(&app, &olga).await;
    let org = app.org(&olga, "Infomaniak").await;
    let adam = join(&app, &org, &olga, "adam@infomaniak.example", "admin", false).await;
    enroll_totp(&app, &adam).await;
    let bob = join(&app, &org, &olga, "bob@infomaniak.example", "member", false).await;
    let erik = join(&app, &org, &olga, "erik@partner.example", "member", true).await;

    // Bob's desktop app and his mail app, set up before anything changes.
    let res = sign_in_native(&app, &bob.email).await;
    let desktop = str_of(&res.assert_status(201)["token"]);
    let res = create_app_password(&app, &bob.token, "Mail").await;
    let mail_password = str_of(&res.assert_status(201)["password"]);

    // The admin filters the member list to those without 2FA and alerts one of them.
    let res = app
        .get(
            &format!("/api/v1/orgs/{org}/members?mfa=disabled"),
            &adam.token,
        )
        .await;
    let body = res.assert_status(200);
    assert_eq!(
        emails(&body["members"]),
        ["bob@infomaniak.example", "erik@partner.example"],
        "{}",
        res.text
    );
    app.post(
        &format!("/api/v1/orgs/{org}/members/{}/security-alert", bob.id),
        Some(&adam.token),
        json!({}),
    )
    .await
    .assert_status(202);
    wait_for_emails(
        &app,
        &bob.email,
        &[
            "Security review of your account, from \"Infomaniak\"",
            "Two-factor authentication: OFF",
            "\"Mail\"",
        ],
        1,
    )
    .await;

    // The admin turns enforcement on, confirming it.
    put_policy(&app, &org, &adam.token, json!({"enforced": true}))
        .await
        .assert_problem(422, "confirmation_required");
    let res = put_policy(
        &app,
        &org,
        &adam.token,
        json!({"enforced": true, "confirm": "ENFORCE"}),
    )
    .await;
    let body = res.assert_status(200);
    assert_eq!(body["enforced"], true, "{}", res.text);
    assert!((unix_of(&body["enforced_since"]) - app.clock.now()).abs() < 120);
    for who in [&bob.email, &erik.email] {
        let mail = wait_for_emails(
            &app,
            who,
            &[
                "\"Infomaniak\" requires two-factor authentication",
                "/account/security",
            ],
            1,
        )
        .await;
        assert!(
            mail[0].contains("apps signed in before then, and app passwords, keep working"),
            "{}",
            mail[0]
        );
    }
    for who in [&olga.email, &adam.email] {
        assert_eq!(
            emails_to(&app, who, &["Subject: Infomaniak requires"]),
            Vec::<String>::new()
        );
    }

    // Bob is stopped at his next action on the web, told which organization asks.
    org_answer(&app, &org, &bob.token)
        .await
        .assert_problem(403, "mfa_setup_required");
    let session = current(&app, &bob.token).await;
    assert_eq!(session["state"], "setup_required", "{session}");
    assert_eq!(session["setup_required_by"][0]["org_id"], org.as_str());
    assert_eq!(session["setup_required_by"][0]["name"], "Infomaniak");
    assert!(session["setup_required_by"][0]["deadline"].is_null());
    // His desktop app and his mail app, signed in before the deadline, keep working.
    org_answer(&app, &org, &desktop).await.assert_status(200);
    let res = sync_whoami(&app, &bob.email, &mail_password).await;
    assert_eq!(res.assert_status(200)["id"], bob.id.as_str());
    // A desktop app signing in now is stopped like the browser: saying "native" earns nothing.
    let res = sign_in_native(&app, &bob.email).await;
    let body = res.assert_status(201);
    assert_eq!(body["state"], "setup_required", "{}", res.text);
    org_answer(&app, &org, &str_of(&body["token"]))
        .await
        .assert_problem(403, "mfa_setup_required");

    // Erik, an external user, leaves rather than comply, and is free again.
    org_answer(&app, &org, &erik.token)
        .await
        .assert_problem(403, "mfa_setup_required");
    app.remove(&org, "me", &erik.token).await.assert_status(204);
    let session = current(&app, &erik.token).await;
    assert_eq!(session["state"], "active", "{session}");
    assert_eq!(session["setup_required_by"], json!([]));
    app.get("/api/v1/me", &erik.token).await.assert_status(200);
    org_answer(&app, &org, &erik.token)
        .await
        .assert_problem(404, "not_found");

    // Bob sets up an authenticator app in the same session and is let through.
    let enrolled = enroll_totp(&app, &bob).await;
    assert_eq!(enrolled.recovery_codes.len(), 10);
    org_answer(&app, &org, &bob.token).await.assert_status(200);
    let session = current(&app, &bob.token).await;
    assert_eq!(session["state"], "active", "{session}");
    assert_eq!(session["setup_required_by"], json!([]));
    wait_for_emails(
        &app,
        &bob.email,
        &["A two-factor method was added to your account"],
        1,
    )
    .await;

    // Everyone left has 2FA now.
    let res = app
        .get(&format!("/api/v1/orgs/{org}/members"), &adam.token)
        .await;
    let body = res.assert_status(200);
    assert_eq!(body["counts"]["members"], 3, "{}", res.text);
    assert_eq!(body["counts"]["mfa_enabled"], 3, "{}", res.text);
    assert_eq!(body["counts"]["percentage"], 100.0, "{}", res.text);
    let actions: Vec<String> = audit_events(&app, &org, &adam.token)
        .await
        .iter()
        .map(|e| str_of(&e["action"]))
        .collect();
    for action in [
        "org.member_left",
        "org.mfa_policy_changed",
        "org.security_alert_sent",
    ] {
        assert!(actions.iter().any(|a| a == action), "{action}: {actions:?}");
    }
}

/// Seed 003: the administrator makes 2FA mandatory; members may have a browser remembered
/// for 30 days, until the administrator limits the validity so that every sign-in asks.
async fn informer_remembered_browsers_skip_the_second_step_until_the_admin_limits_them(
    app: TestApp,
) {
    let rutger = app.user("rutger@informer.example").await;
    enroll_totp(&app, &rutger).await;
    let org = app.org(&rutger, "Informer").await;
    let emma = join(
        &app,
        &org,
        &rutger,
        "emma@informer.example",
        "member",
        false,
    )
    .await;
    put_policy(
        &app,
        &org,
        &rutger.token,
        json!({"enforced": true, "confirm": "ENFORCE"}),
    )
    .await
    .assert_status(200);

    // Emma is sent to her security settings until she sets 2FA up.
    org_answer(&app, &org, &emma.token)
        .await
        .assert_problem(403, "mfa_setup_required");
    let mut m = enroll_totp(&app, &emma).await;
    org_answer(&app, &org, &emma.token).await.assert_status(200);

    // Signing in again, she asks to have this browser remembered for 30 days.
    let pending = sign_in_pending(&app, &emma.email).await;
    let res = second_step(
        &app,
        &pending,
        json!({"type": "totp", "code": m.totp.fresh(), "remember_device": true}),
    )
    .await;
    res.assert_status(200);
    let line = set_cookie_line(&res, "twofold_device")
        .unwrap_or_else(|| panic!("no device cookie: {:?}", res.headers));
    assert!(line.contains("Max-Age=2592000"), "{line}");
    let device = set_cookie_value(&res, "twofold_device").unwrap_or_default();
    let res = sign_in_with_device(&app, &emma.email, PASSWORD, &device).await;
    let body = res.assert_status(201);
    assert_eq!(body["state"], "active", "{}", res.text);
    assert_eq!(body["aal"], "aal2", "{}", res.text);
    let skipped = str_of(&body["token"]);
    org_answer(&app, &org, &skipped).await.assert_status(200);

    // The administrator limits the validity: every sign-in asks for the code again.
    let res = put_policy(
        &app,
        &org,
        &rutger.token,
        json!({"enforced": true, "allow_remembered_devices": false}),
    )
    .await;
    let body = res.assert_status(200);
    assert_eq!(body["allow_remembered_devices"], false, "{}", res.text);
    assert_eq!(body["enforced"], true, "{}", res.text);
    let res = sign_in_with_device(&app, &emma.email, PASSWORD, &device).await;
    let body = res.assert_status(201);
    assert_eq!(body["state"], "mfa_pending", "{}", res.text);
    assert_eq!(body["aal"], "aal1", "{}", res.text);
    let pending = str_of(&body["token"]);
    // The session the browser let in earlier must pass the step too.
    org_answer(&app, &org, &skipped)
        .await
        .assert_problem(403, "mfa_required");
    // And no browser is remembered any more.
    let res = second_step(
        &app,
        &pending,
        json!({"type": "recovery_code", "code": m.recovery_codes[0], "remember_device": true}),
    )
    .await;
    let passed = passed_token(&res);
    assert_eq!(
        set_cookie_line(&res, "twofold_device"),
        None,
        "{:?}",
        res.headers
    );
    org_answer(&app, &org, &passed).await.assert_status(200);

    // Allowed again, for a week at most: the browser remembered before skips the step again,
    // and a browser remembered now is for seven days. (Whether a 30-day-old browser is refused
    // once the validity drops below its age cannot be seen without moving the server's clock.)
    put_policy(
        &app,
        &org,
        &rutger.token,
        json!({"enforced": true, "allow_remembered_devices": true, "remembered_device_days": 7}),
    )
    .await
    .assert_status(200);
    let res = sign_in_with_device(&app, &emma.email, PASSWORD, &device).await;
    assert_eq!(res.assert_status(201)["state"], "active", "{}", res.text);
    let pending = sign_in_pending(&app, &emma.email).await;
    let res = second_step(
        &app,
        &pending,
        json!({"type": "recovery_code", "code": m.recovery_codes[1], "remember_device": true}),
    )
    .await;
    let passed = passed_token(&res);
    let line = set_cookie_line(&res, "twofold_device")
        .unwrap_or_else(|| panic!("no device cookie: {:?}", res.headers));
    assert!(line.contains("Max-Age=604800"), "{line}");
    let res = app.get("/api/v1/me/devices", &passed).await;
    let devices = res.assert_status(200)["devices"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(devices.len(), 2, "{}", res.text);
    // The two were remembered within a second, so their times cannot tell them apart (and
    // RFC 3339 text with trimmed fractions does not sort: ".7Z" > ".752Z"): one is remembered
    // for the 30 days it was given, the newest for the policy's 7.
    let mut expiries: Vec<i64> = devices.iter().map(|d| unix_of(&d["expires_at"])).collect();
    expiries.sort_unstable();
    let now = app.clock.now();
    assert!(
        expiries.len() == 2
            && (expiries[0] - (now + 7 * 86_400)).abs() < 120
            && (expiries[1] - (now + 30 * 86_400)).abs() < 120,
        "the newest browser is remembered for 7 days: {}",
        res.text
    );
}

/// Seed 004: enforcing is refused until every member has MFA (typing ENFORCE); the owner sends
/// MFA reminders to those without; invitees must enable MFA before joining; stopping (typing
/// STOP) emails the owner.
async fn scaleway_strict_mode_waits_for_reminded_members_and_invitees_enable_mfa_first(
    app: TestApp,
) {
    let owen = app.user("owen@scaleway.example").await;
    enroll_totp(&app, &owen).await;
    let org = app.org(&owen, "Scaleway").await;
    let paul = join(&app, &org, &owen, "paul@scaleway.example", "admin", false).await;
    enroll_totp(&app, &paul).await;
    let mia = join(&app, &org, &owen, "mia@scaleway.example", "member", false).await;
    let noah = join(&app, &org, &owen, "noah@scaleway.example", "member", true).await;
    let strict = json!({"enforced": true, "require_all_enrolled": true, "confirm": "ENFORCE"});
    let reminder = "Reminder: \"Scaleway\" asks you to set up two-factor authentication";

    // Not 100 %: refused, naming who is missing.
    let res = put_policy(&app, &org, &owen.token, strict.clone()).await;
    res.assert_problem(409, "members_without_mfa");
    let missing: Vec<(String, String)> = res.body["members"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|m| (str_of(&m["email"]), str_of(&m["user_id"])))
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        missing,
        [
            (mia.email.clone(), mia.id.clone()),
            (noah.email.clone(), noah.id.clone())
        ],
        "{}",
        res.text
    );

    // MFA reminders: one to Mia from the member list, then to everyone still without.
    let path = format!("/api/v1/orgs/{org}/mfa-reminders");
    let res = app
        .post(&path, Some(&owen.token), json!({"user_ids": [mia.id]}))
        .await;
    assert_eq!(res.assert_status(202)["queued"], 1, "{}", res.text);
    let res = app.post(&path, Some(&owen.token), json!({})).await;
    assert_eq!(res.assert_status(202)["queued"], 1, "{}", res.text);
    for who in [&mia, &noah] {
        wait_for_emails(&app, &who.email, &[reminder], 1).await;
    }
    for who in [&mia, &noah] {
        assert_eq!(emails_to(&app, &who.email, &[reminder]).len(), 1);
    }
    for who in [&owen, &paul] {
        assert_eq!(
            emails_to(&app, &who.email, &[reminder]),
            Vec::<String>::new()
        );
    }

    // Mia enables MFA; Noah is still missing.
    enroll_totp(&app, &mia).await;
    let res = put_policy(&app, &org, &owen.token, strict.clone()).await;
    res.assert_problem(409, "members_without_mfa");
    assert_eq!(emails(&res.body["members"]), [noah.email.as_str()]);
    enroll_totp(&app, &noah).await;
    let res = put_policy(&app, &org, &owen.token, strict).await;
    let body = res.assert_status(200);
    assert_eq!(body["enforced"], true, "{}", res.text);
    assert_eq!(body["require_all_enrolled"], true, "{}", res.text);
    let res = app
        .get(&format!("/api/v1/orgs/{org}/members"), &owen.token)
        .await;
    assert_eq!(res.assert_status(200)["counts"]["percentage"], 100.0);

    // An invitee must enable MFA before joining.
    let quinn = app.user("quinn@example.org").await;
    app.invite(&org, &owen, &quinn.email, "member", false).await;
    let mail = wait_for_emails(
        &app,
        &quinn.email,
        &["Scaleway", "requires two-factor authentication"],
        1,
    )
    .await;
    let invitation = token_in_email(&mail[0]);
    let accept = format!("/api/v1/invitations/{invitation}/accept");
    app.post(&accept, Some(&quinn.token), json!({}))
        .await
        .assert_problem(403, "mfa_required_to_join");
    enroll_totp(&app, &quinn).await;
    app.post(&accept, Some(&quinn.token), json!({}))
        .await
        .assert_status(200);
    org_answer(&app, &org, &quinn.token)
        .await
        .assert_status(200);

    // Stopping needs STOP and tells the owner, not the others.
    put_policy(
        &app,
        &org,
        &owen.token,
        json!({"enforced": false, "confirm": "stop"}),
    )
    .await
    .assert_problem(422, "confirmation_required");
    let res = put_policy(
        &app,
        &org,
        &owen.token,
        json!({"enforced": false, "confirm": "STOP"}),
    )
    .await;
    assert_eq!(res.assert_status(200)["enforced"], false, "{}", res.text);
    let stopped = "Two-factor enforcement was stopped in \"Scaleway\"";
    wait_for_emails(&app, &owen.email, &[stopped], 1).await;
    for who in [&paul, &mia, &noah, &quinn] {
        assert_eq!(
            emails_to(&app, &who.email, &[stopped]),
            Vec::<String>::new()
        );
    }
    let actions: Vec<String> = audit_events(&app, &org, &owen.token)
        .await
        .iter()
        .map(|e| str_of(&e["action"]))
        .collect();
    assert_eq!(actions[0], "org.mfa_policy_changed", "{actions:?}");
    assert!(
        actions.iter().any(|a| a == "org.mfa_reminders_sent"),
        "{actions:?}"
    );
}
