//! Taking one's data away (issue 16): `GET /api/v1/me/export` holds everything stored about the
//! account, and never a secret.

use serde_json::json;

use crate::backend_tests;
use crate::helpers::{PASSWORD, TestApp, enroll_totp, str_of};

backend_tests!(the_export_holds_the_accounts_data_and_no_secret);

async fn the_export_holds_the_accounts_data_and_no_secret(app: TestApp) {
    let owner = app.user("owner@example.org").await;
    let ann = app.user("ann@example.org").await;
    let totp = enroll_totp(&app, &ann).await;
    let org = app.org(&owner, "Acme").await;
    app.add_member(&org, &owner, &ann, "admin", false).await;
    app.invite(&org, &owner, "someone@example.org", "member", false)
        .await;
    let other_org = app.org(&owner, "Globex").await;
    let invitation = app
        .invite(&other_org, &owner, &ann.email, "member", false)
        .await;
    let created = app
        .post(
            "/api/v1/me/app-passwords",
            Some(&ann.token),
            json!({"label": "Thunderbird"}),
        )
        .await;
    let app_password = str_of(&created.assert_status(201)["password"]);

    let res = app.get("/api/v1/me/export", &ann.token).await;
    let body = res.assert_status(200);
    assert!(
        res.headers
            .get("content-disposition")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("attachment")),
        "{:?}",
        res.headers
    );
    assert_eq!(body["account"]["email"], "ann@example.org");
    assert_eq!(body["account"]["orgs"][0]["name"], "Acme");
    assert_eq!(body["mfa"]["methods"][0]["type"], "totp");
    assert!(
        body["mfa"]["recovery_codes_left"]
            .as_u64()
            .is_some_and(|n| n > 0)
    );
    assert_eq!(body["app_passwords"][0]["label"], "Thunderbird");
    assert_eq!(body["sessions"][0]["current"], true);
    assert_eq!(body["invitations"][0]["org"]["name"], "Globex");
    let actions: Vec<String> = body["audit_events"]
        .as_array()
        .map(|e| e.iter().map(|e| str_of(&e["action"])).collect())
        .unwrap_or_default();
    for want in [
        "account.created",
        "mfa.method_added",
        "org.invitation_accepted",
    ] {
        assert!(actions.iter().any(|a| a == want), "{want} in {actions:?}");
    }
    assert!(
        !actions.iter().any(|a| a == "org.created"),
        "the owner's own events are not Ann's: {actions:?}"
    );
    // No secret, in any form.
    for secret in [
        totp.totp.secret.as_str(),
        app_password.as_str(),
        ann.token.as_str(),
        invitation.as_str(),
        PASSWORD,
        "argon2",
    ] {
        assert!(!res.text.contains(secret), "{secret} is in the export");
    }
    for code in &totp.recovery_codes {
        assert!(
            !res.text.contains(code.as_str()),
            "a recovery code is in the export"
        );
    }
    // Someone else's export holds nothing of Ann's.
    let theirs = app.get("/api/v1/me/export", &owner.token).await;
    assert!(!theirs.text.contains("Thunderbird"), "{}", theirs.text);
}
