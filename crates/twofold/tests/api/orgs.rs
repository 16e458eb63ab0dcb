use reqwest::Method;
use serde_json::{Value, json};

use crate::backend_tests;
use crate::helpers::{TestApp, token_in_email};

backend_tests!(
    an_invitation_is_emailed_and_accepted_once,
    an_invitation_is_only_for_the_invited_email,
    member_list_pages_and_filters,
    the_last_owner_can_neither_leave_nor_be_demoted,
    members_can_leave_and_managers_can_remove,
    only_owners_hand_out_privileged_roles,
    the_audit_log_records_membership_changes,
    outsiders_get_404_for_everything_under_an_org,
    an_invitation_dies_with_its_senders_rights,
);

async fn an_invitation_dies_with_its_senders_rights(app: TestApp) {
    let owner = app.user("owner@example.org").await;
    let admin = app.user("admin@example.org").await;
    let org = app.org(&owner, "Acme").await;
    app.add_member(&org, &owner, &admin, "admin", false).await;
    let token = app
        .invite(&org, &admin, "late@example.org", "admin", false)
        .await;
    // The admin who sent it is demoted before it is used.
    app.set_role(&org, &admin.id, "member", &owner.token)
        .await
        .assert_status(200);
    let late = app.user("late@example.org").await;
    app.post(
        &format!("/api/v1/invitations/{token}/accept"),
        Some(&late.token),
        json!({}),
    )
    .await
    .assert_problem(404, "invitation_invalid");
}

async fn an_invitation_is_emailed_and_accepted_once(app: TestApp) {
    let owner = app.user("owner@example.org").await;
    let guest = app.user("guest@example.org").await;
    let org = app.org(&owner, "Acme").await;
    let res = app
        .post(
            &format!("/api/v1/orgs/{org}/invitations"),
            Some(&owner.token),
            json!({"email": "Guest@Example.org", "role": "member", "external": true}),
        )
        .await;
    let body = res.assert_status(201);
    assert!(body["id"].is_string());

    let email = app.wait_for_email("guest@example.org", "Acme").await;
    assert!(email.contains("Subject: "), "{email}");
    let token = token_in_email(&email);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let files: Vec<_> = std::fs::read_dir(app.outbox_dir())
            .map(|d| d.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        for f in files {
            let mode = std::fs::metadata(&f).map(|m| m.permissions().mode() & 0o777);
            assert_eq!(mode.ok(), Some(0o600), "{}", f.display());
        }
    }
    assert_eq!(token, body["token"].as_str().unwrap_or_default());

    let accepted = app
        .post(
            &format!("/api/v1/invitations/{token}/accept"),
            Some(&guest.token),
            json!({}),
        )
        .await;
    let a = accepted.assert_status(200);
    assert_eq!(a["org_id"], org.as_str());
    assert_eq!(a["role"], "member");
    assert_eq!(a["external"], true);

    // Used once: a second accept (even by someone else) finds nothing.
    app.post(
        &format!("/api/v1/invitations/{token}/accept"),
        Some(&guest.token),
        json!({}),
    )
    .await
    .assert_problem(404, "invitation_invalid");

    let me = app.get("/api/v1/me", &guest.token).await;
    assert_eq!(me.assert_status(200)["orgs"][0]["external"], true);

    // Inviting an existing member is refused.
    app.post(
        &format!("/api/v1/orgs/{org}/invitations"),
        Some(&owner.token),
        json!({"email": "guest@example.org", "role": "member"}),
    )
    .await
    .assert_problem(409, "already_member");
}

async fn an_invitation_is_only_for_the_invited_email(app: TestApp) {
    let owner = app.user("owner@example.org").await;
    let mallory = app.user("mallory@example.org").await;
    let org = app.org(&owner, "Acme").await;
    let token = app
        .invite(&org, &owner, "bob@example.org", "admin", false)
        .await;
    app.post(
        &format!("/api/v1/invitations/{token}/accept"),
        Some(&mallory.token),
        json!({}),
    )
    .await
    .assert_problem(403, "invitation_email_mismatch");
    app.post(
        "/api/v1/invitations/not-a-token/accept",
        Some(&mallory.token),
        json!({}),
    )
    .await
    .assert_problem(404, "invitation_invalid");
    // The invitation is still usable by bob.
    let bob = app.user("bob@example.org").await;
    app.post(
        &format!("/api/v1/invitations/{token}/accept"),
        Some(&bob.token),
        json!({}),
    )
    .await
    .assert_status(200);
}

fn emails(list: &Value) -> Vec<String> {
    list["members"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|m| m["email"].as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

async fn member_list_pages_and_filters(app: TestApp) {
    let owner = app.user("a-owner@example.org").await;
    let org = app.org(&owner, "Acme").await;
    for (i, role) in [
        "member",
        "admin",
        "member",
        "member",
        "legal_representative",
    ]
    .iter()
    .enumerate()
    {
        let u = app.user(&format!("user{i}@example.org")).await;
        app.add_member(&org, &owner, &u, role, i == 3).await;
    }
    let base = format!("/api/v1/orgs/{org}/members");

    // Three pages of two, in email order, every member once.
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..4 {
        let path = match &cursor {
            Some(c) => format!("{base}?limit=2&cursor={c}"),
            None => format!("{base}?limit=2"),
        };
        let page = app.get(&path, &owner.token).await;
        let body = page.assert_status(200).clone();
        assert_eq!(
            body["counts"],
            json!({"members": 6, "mfa_enabled": 0, "percentage": 0.0, "phishing_resistant": 0})
        );
        seen.extend(emails(&body));
        cursor = body["next_cursor"].as_str().map(str::to_owned);
        if cursor.is_none() {
            break;
        }
    }
    let mut sorted = seen.clone();
    sorted.sort();
    assert_eq!(seen, sorted);
    assert_eq!(seen.len(), 6);

    let admins = app.get(&format!("{base}?role=admin"), &owner.token).await;
    assert_eq!(emails(admins.assert_status(200)), vec!["user1@example.org"]);

    let q = app.get(&format!("{base}?q=USER3"), &owner.token).await;
    let body = q.assert_status(200);
    assert_eq!(emails(body), vec!["user3@example.org"]);
    assert_eq!(body["members"][0]["external"], true);
    assert_eq!(body["members"][0]["mfa_enabled"], false);
    assert_eq!(body["members"][0]["methods"], json!([]));

    // Nobody has 2FA yet: the "without 2FA" filter lists everyone, "with" nobody.
    let without = app
        .get(&format!("{base}?mfa=disabled&limit=200"), &owner.token)
        .await;
    assert_eq!(emails(without.assert_status(200)).len(), 6);
    let with = app.get(&format!("{base}?mfa=enabled"), &owner.token).await;
    assert!(emails(with.assert_status(200)).is_empty());

    // Wildcards in q are literal.
    let pct = app.get(&format!("{base}?q=%25"), &owner.token).await;
    assert!(emails(pct.assert_status(200)).is_empty());
}

async fn the_last_owner_can_neither_leave_nor_be_demoted(app: TestApp) {
    let owner = app.user("owner@example.org").await;
    let org = app.org(&owner, "Acme").await;
    app.remove(&org, "me", &owner.token)
        .await
        .assert_problem(409, "last_owner");
    app.set_role(&org, &owner.id, "admin", &owner.token)
        .await
        .assert_problem(409, "last_owner");

    // With a second owner, the first may step down.
    let second = app.user("second@example.org").await;
    app.add_member(&org, &owner, &second, "owner", false).await;
    app.set_role(&org, &owner.id, "admin", &owner.token)
        .await
        .assert_status(200);
    let notice = app.wait_for_email("owner@example.org", "admin").await;
    assert!(notice.contains("Acme"));
}

async fn members_can_leave_and_managers_can_remove(app: TestApp) {
    let owner = app.user("owner@example.org").await;
    let a = app.user("a@example.org").await;
    let b = app.user("b@example.org").await;
    let org = app.org(&owner, "Acme").await;
    app.add_member(&org, &owner, &a, "member", true).await;
    app.add_member(&org, &owner, &b, "member", false).await;

    app.remove(&org, "me", &a.token).await.assert_status(204);
    app.get(&format!("/api/v1/orgs/{org}"), &a.token)
        .await
        .assert_problem(404, "not_found");

    // A plain member may not remove others.
    let c = app.user("c@example.org").await;
    app.add_member(&org, &owner, &c, "member", false).await;
    app.remove(&org, &b.id, &c.token)
        .await
        .assert_problem(403, "forbidden");

    app.remove(&org, &b.id, &owner.token)
        .await
        .assert_status(204);
    app.wait_for_email("b@example.org", "no longer a member")
        .await;
    app.remove(&org, &b.id, &owner.token)
        .await
        .assert_problem(404, "not_found");

    let view = app.get(&format!("/api/v1/orgs/{org}"), &owner.token).await;
    let body = view.assert_status(200);
    assert_eq!(
        body["counts"],
        json!({"members": 2, "mfa_enabled": 0, "percentage": 0.0, "phishing_resistant": 0})
    );
    assert_eq!(body["mfa_policy"]["enforced"], false);
    assert_eq!(
        body["mfa_policy"]["exempt_clients"],
        json!(["native", "sync"])
    );
}

async fn only_owners_hand_out_privileged_roles(app: TestApp) {
    let owner = app.user("owner@example.org").await;
    let admin = app.user("admin@example.org").await;
    let m = app.user("m@example.org").await;
    let org = app.org(&owner, "Acme").await;
    app.add_member(&org, &owner, &admin, "admin", false).await;
    app.add_member(&org, &owner, &m, "member", false).await;
    let path = format!("/api/v1/orgs/{org}/members/{}", m.id);

    app.call(
        Method::PATCH,
        &path,
        Some(&admin.token),
        Some(json!({"role": "owner"})),
    )
    .await
    .assert_problem(403, "forbidden");
    app.post(
        &format!("/api/v1/orgs/{org}/invitations"),
        Some(&admin.token),
        json!({"email": "x@example.org", "role": "legal_representative"}),
    )
    .await
    .assert_problem(403, "forbidden");
    app.call(
        Method::PATCH,
        &path,
        Some(&admin.token),
        Some(json!({"role": "admin"})),
    )
    .await
    .assert_status(200);
    let res = app
        .call(
            Method::PATCH,
            &path,
            Some(&owner.token),
            Some(json!({"role": "legal_representative"})),
        )
        .await;
    // JSON in and out: the member's role now.
    assert_eq!(
        res.assert_status(200),
        &json!({"user_id": m.id, "role": "legal_representative"})
    );
    let list = app
        .get(
            &format!("/api/v1/orgs/{org}/members?role=legal_representative"),
            &owner.token,
        )
        .await;
    assert_eq!(emails(list.assert_status(200)), vec!["m@example.org"]);
    // An admin cannot remove the owner.
    app.remove(&org, &owner.id, &admin.token)
        .await
        .assert_problem(403, "forbidden");
}

async fn the_audit_log_records_membership_changes(app: TestApp) {
    let owner = app.user("owner@example.org").await;
    let m = app.user("m@example.org").await;
    let org = app.org(&owner, "Acme").await;
    app.add_member(&org, &owner, &m, "member", false).await;
    app.set_role(&org, &m.id, "admin", &owner.token)
        .await
        .assert_status(200);
    app.remove(&org, &m.id, &owner.token)
        .await
        .assert_status(204);

    let mut actions = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/orgs/{org}/audit?limit=2&cursor={c}"),
            None => format!("/api/v1/orgs/{org}/audit?limit=2"),
        };
        let res = app.get(&path, &owner.token).await;
        let body = res.assert_status(200).clone();
        for e in body["events"].as_array().cloned().unwrap_or_default() {
            assert_eq!(e["ip"], "127.0.0.1");
            assert!(e["at"].as_str().is_some_and(|t| t.ends_with('Z')));
            actions.push(e["action"].as_str().unwrap_or_default().to_owned());
        }
        cursor = body["next_cursor"].as_str().map(str::to_owned);
        if cursor.is_none() {
            break;
        }
    }
    assert_eq!(
        actions,
        vec![
            "org.member_removed",
            "org.member_role_changed",
            "org.invitation_accepted",
            "org.invitation_created",
            "org.created",
        ]
    );
}

async fn outsiders_get_404_for_everything_under_an_org(app: TestApp) {
    let owner = app.user("owner@example.org").await;
    let outsider = app.user("out@example.org").await;
    let org = app.org(&owner, "Acme").await;
    for path in [
        format!("/api/v1/orgs/{org}"),
        format!("/api/v1/orgs/{org}/members"),
        format!("/api/v1/orgs/{org}/audit"),
    ] {
        app.get(&path, &outsider.token)
            .await
            .assert_problem(404, "not_found");
    }
    app.remove(&org, &owner.id, &outsider.token)
        .await
        .assert_problem(404, "not_found");
}
