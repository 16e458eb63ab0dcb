//! Invitations seen from both sides (issue 16): an organization's managers list the pending
//! ones and revoke one (its link then fails); the addressee sees theirs, and nobody else's.

use reqwest::Method;
use serde_json::{Value, json};

use crate::backend_tests;
use crate::csrf::{csrf_field, form_body};
use crate::helpers::{PASSWORD, Res, TestApp, User, str_of};

backend_tests!(
    managers_list_pending_invitations_and_a_revoked_link_fails,
    only_owners_revoke_invitations_to_become_owner,
    i_see_the_invitations_addressed_to_me_until_they_are_used_or_expire,
    the_invite_page_lists_pending_invitations_and_revokes_one,
);

async fn pending(app: &TestApp, org: &str, token: &str) -> Res {
    app.get(&format!("/api/v1/orgs/{org}/invitations"), token)
        .await
}

async fn revoke(app: &TestApp, org: &str, id: &str, token: &str) -> Res {
    let path = format!("/api/v1/orgs/{org}/invitations/{id}");
    app.call(Method::DELETE, &path, Some(token), None).await
}

async fn invite_id(
    app: &TestApp,
    org: &str,
    by: &User,
    email: &str,
    role: &str,
) -> (String, String) {
    let res = app
        .post(
            &format!("/api/v1/orgs/{org}/invitations"),
            Some(&by.token),
            json!({"email": email, "role": role}),
        )
        .await;
    let body = res.assert_status(201);
    (str_of(&body["id"]), str_of(&body["token"]))
}

fn list_of(body: &Value) -> Vec<Value> {
    body["invitations"].as_array().cloned().unwrap_or_default()
}

async fn managers_list_pending_invitations_and_a_revoked_link_fails(app: TestApp) {
    let owner = app.user("owner@example.org").await;
    let member = app.user("member@example.org").await;
    let outsider = app.user("outsider@example.org").await;
    let carol = app.user("carol@example.org").await;
    let org = app.org(&owner, "Acme").await;
    app.add_member(&org, &owner, &member, "member", false).await;
    let (id, token) = invite_id(&app, &org, &owner, "carol@example.org", "member").await;

    let list = list_of(pending(&app, &org, &owner.token).await.assert_status(200));
    assert_eq!(list.len(), 1, "accepted ones are not pending: {list:?}");
    assert_eq!(list[0]["id"], id.as_str());
    assert_eq!(list[0]["email"], "carol@example.org");
    assert_eq!(list[0]["role"], "member");
    assert_eq!(list[0]["invited_by"], "owner@example.org");
    assert!(list[0]["expires_at"].is_string());
    assert!(list[0].get("token").is_none(), "links are never listed");

    pending(&app, &org, &member.token)
        .await
        .assert_problem(403, "forbidden");
    pending(&app, &org, &outsider.token)
        .await
        .assert_problem(404, "not_found");
    revoke(&app, &org, &id, &member.token)
        .await
        .assert_problem(403, "forbidden");
    revoke(&app, &org, &id, &outsider.token)
        .await
        .assert_problem(404, "not_found");

    revoke(&app, &org, &id, &owner.token)
        .await
        .assert_status(204);
    assert!(list_of(pending(&app, &org, &owner.token).await.assert_status(200)).is_empty());
    app.post(
        &format!("/api/v1/invitations/{token}/accept"),
        Some(&carol.token),
        json!({}),
    )
    .await
    .assert_problem(404, "invitation_invalid");
    revoke(&app, &org, &id, &owner.token)
        .await
        .assert_problem(404, "not_found");
    revoke(&app, &org, "nope", &owner.token)
        .await
        .assert_problem(404, "not_found");
    // The audit log says who revoked what.
    let audit = app
        .get(&format!("/api/v1/orgs/{org}/audit"), &owner.token)
        .await;
    let events = audit.assert_status(200)["events"].clone();
    assert!(
        events.as_array().is_some_and(|e| {
            e.iter().any(|e| {
                e["action"] == "org.invitation_revoked" && e["target"] == "carol@example.org"
            })
        }),
        "{events}"
    );
}

async fn only_owners_revoke_invitations_to_become_owner(app: TestApp) {
    let owner = app.user("owner@example.org").await;
    let admin = app.user("admin@example.org").await;
    let org = app.org(&owner, "Acme").await;
    app.add_member(&org, &owner, &admin, "admin", false).await;
    let (to_own, _) = invite_id(&app, &org, &owner, "dave@example.org", "owner").await;
    let (to_join, _) = invite_id(&app, &org, &owner, "erin@example.org", "member").await;

    assert_eq!(
        list_of(pending(&app, &org, &admin.token).await.assert_status(200)).len(),
        2,
        "admins see them all"
    );
    revoke(&app, &org, &to_own, &admin.token)
        .await
        .assert_problem(403, "forbidden");
    revoke(&app, &org, &to_join, &admin.token)
        .await
        .assert_status(204);
    revoke(&app, &org, &to_own, &owner.token)
        .await
        .assert_status(204);
}

async fn i_see_the_invitations_addressed_to_me_until_they_are_used_or_expire(app: TestApp) {
    let owner = app.user("owner@example.org").await;
    let carol = app.user("carol@example.org").await;
    let bob = app.user("bob@example.org").await;
    let acme = app.org(&owner, "Acme").await;
    let globex = app.org(&owner, "Globex").await;
    let token = app
        .invite(&acme, &owner, "carol@example.org", "member", false)
        .await;
    app.invite(&globex, &owner, "Carol@Example.org", "admin", true)
        .await;

    let mine = list_of(
        app.get("/api/v1/me/invitations", &carol.token)
            .await
            .assert_status(200),
    );
    assert_eq!(mine.len(), 2, "{mine:?}");
    assert_eq!(mine[0]["org"]["name"], "Globex", "newest first");
    assert_eq!(mine[0]["role"], "admin");
    assert_eq!(mine[0]["external"], true);
    assert_eq!(mine[1]["org"]["org_id"], acme.as_str());
    assert!(mine[0].get("token").is_none());
    assert!(
        list_of(
            app.get("/api/v1/me/invitations", &bob.token)
                .await
                .assert_status(200)
        )
        .is_empty(),
        "nobody else's"
    );

    app.post(
        &format!("/api/v1/invitations/{token}/accept"),
        Some(&carol.token),
        json!({}),
    )
    .await
    .assert_status(200);
    let mine = list_of(
        app.get("/api/v1/me/invitations", &carol.token)
            .await
            .assert_status(200),
    );
    assert_eq!(mine.len(), 1, "an accepted one is gone: {mine:?}");

    app.clock.advance(7 * 86_400 + 1);
    // A week later the sessions have ended too: sign in again.
    let carol = str_of(&app.sign_in(&carol.email, PASSWORD).await.assert_status(201)["token"]);
    let owner = str_of(&app.sign_in(&owner.email, PASSWORD).await.assert_status(201)["token"]);
    let res = app.get("/api/v1/me/invitations", &carol).await;
    assert!(
        list_of(res.assert_status(200)).is_empty(),
        "expired ones are gone"
    );
    assert!(list_of(pending(&app, &globex, &owner).await.assert_status(200)).is_empty());
}

async fn the_invite_page_lists_pending_invitations_and_revokes_one(app: TestApp) {
    let owner = app.user("owner@example.org").await;
    let org = app.org(&owner, "Acme").await;
    let (id, _) = invite_id(&app, &org, &owner, "carol@example.org", "admin").await;
    let cookie = format!("twofold_session={}", owner.token);
    let page_path = format!("/orgs/{org}/invitations");
    let page = app
        .send(app.http.get(app.url(&page_path)).header("cookie", &cookie))
        .await;
    assert_eq!(page.status.as_u16(), 200, "{}", page.text);
    assert!(page.text.contains("carol@example.org"), "{}", page.text);
    let action = format!("/orgs/{org}/invitations/{id}/revoke");
    assert!(page.text.contains(&action), "{}", page.text);
    let revoked = app
        .send(
            app.http
                .post(app.url(&action))
                .header("cookie", &cookie)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(form_body(&[("csrf", &csrf_field(&page.text))])),
        )
        .await;
    assert_eq!(revoked.status.as_u16(), 303, "{}", revoked.text);
    assert!(list_of(pending(&app, &org, &owner.token).await.assert_status(200)).is_empty());
    let page = app
        .send(app.http.get(app.url(&page_path)).header("cookie", &cookie))
        .await;
    assert!(
        page.text.contains("No invitation is waiting."),
        "{}",
        page.text
    );
}
