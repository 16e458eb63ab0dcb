//! Invitations seen from both sides (issue 16): an organization's managers list the pending
//! ones and revoke one (its link then fails); the addressee sees theirs, and nobody else's.

use reqwest::Method;
use serde_json::{Value, json};

use crate::backend_tests;
use crate::csrf::{csrf_field, form_body};
use crate::forward_auth::location;
use crate::helpers::{PASSWORD, Res, TestApp, User, str_of};

backend_tests!(
    managers_list_pending_invitations_and_a_revoked_link_fails,
    only_owners_revoke_invitations_to_become_owner,
    i_see_the_invitations_addressed_to_me_until_they_are_used_or_expire,
    the_invite_page_lists_pending_invitations_and_revokes_one,
    i_accept_or_decline_an_invitation_to_me_by_its_id_and_nobody_else_can,
    the_console_lists_my_invitations_to_accept_or_decline,
    the_invite_page_sends_a_pending_invitation_again,
    an_invitation_link_keeps_its_context_through_sign_in_and_sign_up_and_is_declined_from_it,
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

async fn accept(app: &TestApp, id: &str, token: &str, body: Value) -> Res {
    app.post(
        &format!("/api/v1/me/invitations/{id}/accept"),
        Some(token),
        body,
    )
    .await
}

async fn decline(app: &TestApp, id: &str, token: &str) -> Res {
    app.post(
        &format!("/api/v1/me/invitations/{id}/decline"),
        Some(token),
        json!({}),
    )
    .await
}

async fn i_accept_or_decline_an_invitation_to_me_by_its_id_and_nobody_else_can(app: TestApp) {
    let owner = app.user("owner@example.org").await;
    let acme = app.org(&owner, "Acme").await;
    let beta = app.org(&owner, "Beta").await;
    let bob = app.user("bob@example.org").await;
    let mal = app.user("mal@example.org").await;
    let (to_acme, acme_link) = invite_id(&app, &acme, &owner, &bob.email, "member").await;
    let (to_beta, beta_link) = invite_id(&app, &beta, &owner, &bob.email, "admin").await;
    // Someone else's invitation is as unknown as one that does not exist.
    accept(&app, &to_acme, &mal.token, json!({}))
        .await
        .assert_problem(404, "invitation_invalid");
    decline(&app, &to_acme, &mal.token)
        .await
        .assert_problem(404, "invitation_invalid");
    accept(&app, "not-an-id", &bob.token, json!({}))
        .await
        .assert_problem(404, "invitation_invalid");

    let joined = accept(&app, &to_acme, &bob.token, json!({})).await;
    assert_eq!(joined.assert_status(200)["org_id"], acme.as_str());
    assert_eq!(joined.body["role"], "member");
    accept(&app, &to_acme, &bob.token, json!({}))
        .await
        .assert_problem(404, "invitation_invalid");
    // The emailed link is used up with it.
    app.post(
        &format!("/api/v1/invitations/{acme_link}/accept"),
        Some(&bob.token),
        json!({}),
    )
    .await
    .assert_problem(404, "invitation_invalid");

    decline(&app, &to_beta, &bob.token).await.assert_status(204);
    decline(&app, &to_beta, &bob.token)
        .await
        .assert_problem(404, "invitation_invalid");
    app.post(
        &format!("/api/v1/invitations/{beta_link}/accept"),
        Some(&bob.token),
        json!({}),
    )
    .await
    .assert_problem(404, "invitation_invalid");
    let mine = app.get("/api/v1/me/invitations", &bob.token).await;
    assert!(list_of(mine.assert_status(200)).is_empty(), "{}", mine.text);
    let members = app
        .get(&format!("/api/v1/orgs/{beta}/members"), &owner.token)
        .await;
    assert!(
        !members.text.contains("bob@example.org"),
        "{}",
        members.text
    );
    let audit = app
        .get(&format!("/api/v1/orgs/{beta}/audit"), &owner.token)
        .await;
    assert!(
        audit.text.contains("org.invitation_declined"),
        "{}",
        audit.text
    );
}

async fn the_console_lists_my_invitations_to_accept_or_decline(app: TestApp) {
    let owner = app.user("owner@example.org").await;
    let acme = app.org(&owner, "Acme").await;
    let beta = app.org(&owner, "Beta").await;
    let bob = app.user("bob@example.org").await;
    let (to_acme, _) = invite_id(&app, &acme, &owner, &bob.email, "member").await;
    let (to_beta, _) = invite_id(&app, &beta, &owner, &bob.email, "member").await;
    let cookie = format!("twofold_session={}", bob.token);
    let get = || {
        app.send(
            app.http
                .get(app.url("/account/invitations"))
                .header("cookie", &cookie),
        )
    };
    let post = |path: String, csrf: String| {
        app.send(
            app.http
                .post(app.url(&path))
                .header("cookie", &cookie)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(form_body(&[("csrf", &csrf)])),
        )
    };
    let page = get().await;
    assert_eq!(page.status.as_u16(), 200, "{}", page.text);
    assert!(
        page.text.contains("Acme") && page.text.contains("Beta"),
        "{}",
        page.text
    );
    let declined = post(
        format!("/account/invitations/{to_beta}/decline"),
        csrf_field(&page.text),
    )
    .await;
    assert_eq!(declined.status.as_u16(), 303, "{}", declined.text);
    let to = declined
        .headers
        .get("location")
        .and_then(|v| v.to_str().ok());
    assert_eq!(to, Some("/account/invitations?flash=declined"));
    let page = app
        .send(
            app.http
                .get(app.url("/account/invitations?flash=declined"))
                .header("cookie", &cookie),
        )
        .await;
    assert!(page.text.contains("was declined"), "{}", page.text);
    assert!(!page.text.contains(&to_beta), "{}", page.text);
    let accepted = post(
        format!("/account/invitations/{to_acme}/accept"),
        csrf_field(&page.text),
    )
    .await;
    assert_eq!(accepted.status.as_u16(), 303, "{}", accepted.text);
    let to = accepted
        .headers
        .get("location")
        .and_then(|v| v.to_str().ok());
    assert_eq!(to, Some(format!("/orgs/{acme}").as_str()));
    let page = get().await;
    assert!(
        page.text.contains("No invitation is waiting"),
        "{}",
        page.text
    );
    // Without the form's token, nothing is accepted.
    let (to_again, _) = invite_id(&app, &beta, &owner, &bob.email, "member").await;
    let forged = post(
        format!("/account/invitations/{to_again}/accept"),
        "forged".to_owned(),
    )
    .await;
    assert_eq!(forged.status.as_u16(), 403, "{}", forged.text);
}

async fn the_invite_page_sends_a_pending_invitation_again(app: TestApp) {
    let owner = app.user("owner@example.org").await;
    let org = app.org(&owner, "Acme").await;
    let (id, first) = invite_id(&app, &org, &owner, "carol@example.org", "admin").await;
    let cookie = format!("twofold_session={}", owner.token);
    let page_path = format!("/orgs/{org}/invitations");
    let page = app
        .send(app.http.get(app.url(&page_path)).header("cookie", &cookie))
        .await;
    let action = format!("/orgs/{org}/invitations/{id}/resend");
    assert!(page.text.contains(&action), "{}", page.text);
    let resent = app
        .send(
            app.http
                .post(app.url(&action))
                .header("cookie", &cookie)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(form_body(&[("csrf", &csrf_field(&page.text))])),
        )
        .await;
    assert_eq!(resent.status.as_u16(), 303, "{}", resent.text);
    // One pending invitation still, with the same terms and a new id; the first link is dead.
    let list = list_of(pending(&app, &org, &owner.token).await.assert_status(200));
    assert_eq!(list.len(), 1, "{list:?}");
    assert_ne!(str_of(&list[0]["id"]), id);
    assert_eq!(list[0]["role"], "admin");
    let carol = app.user("carol@example.org").await;
    app.post(
        &format!("/api/v1/invitations/{first}/accept"),
        Some(&carol.token),
        json!({}),
    )
    .await
    .assert_problem(404, "invitation_invalid");
    let mails = crate::helpers::emails_to(
        &app,
        "carol@example.org",
        &["Invitation to the organization"],
    );
    assert_eq!(mails.len(), 2, "sent twice");
}

/// The link of an invitation, followed by someone signed out, says what it is on the sign-in
/// page with the address filled in; "Create one" and the sign-up after it keep it; signed in,
/// its page names who sent it and declines it.
async fn an_invitation_link_keeps_its_context_through_sign_in_and_sign_up_and_is_declined_from_it(
    app: TestApp,
) {
    let owner = app.user("owner@example.org").await;
    let acme = app.org(&owner, "Acme").await;
    let bob = app.user("bob@example.org").await;
    let (_, token) = invite_id(&app, &acme, &owner, &bob.email, "admin").await;
    let next = format!("/invitations/{token}");
    let next_q = next.replace('/', "%2F");
    let sign_in = app
        .send(app.http.get(app.url(&format!("/sign-in?next={next_q}"))))
        .await;
    assert_eq!(sign_in.status.as_u16(), 200, "{}", sign_in.text);
    for said in [
        "You were invited to join Acme as admin",
        "value=\"bob@example.org\"",
        &format!("href=\"/sign-up?next={next}\""),
    ] {
        assert!(sign_in.text.contains(said), "{said}: {}", sign_in.text);
    }
    let sign_up = app
        .send(app.http.get(app.url(&format!("/sign-up?next={next_q}"))))
        .await;
    for said in [
        format!("name=\"next\" value=\"{next}\""),
        "value=\"bob@example.org\"".to_owned(),
    ] {
        assert!(sign_up.text.contains(&said), "{said}: {}", sign_up.text);
    }
    // A link that is not an invitation's says nothing and fills nothing.
    let plain = app
        .send(
            app.http
                .get(app.url("/sign-in?next=%2Finvitations%2Fnot-a-token")),
        )
        .await;
    assert!(!plain.text.contains("You were invited"), "{}", plain.text);

    let cookie = format!("twofold_session={}", bob.token);
    let page = app
        .send(app.http.get(app.url(&next)).header("cookie", &cookie))
        .await;
    assert_eq!(page.status.as_u16(), 200, "{}", page.text);
    assert!(
        page.text
            .contains("<strong>owner@example.org</strong> invited you to join"),
        "{}",
        page.text
    );
    let declined = app
        .send(
            app.http
                .post(app.url(&format!("{next}/decline")))
                .header("cookie", &cookie)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(form_body(&[("csrf", &csrf_field(&page.text))])),
        )
        .await;
    assert_eq!(declined.status.as_u16(), 303, "{}", declined.text);
    assert_eq!(location(&declined), "/?flash=invitation_declined");
    // The link no longer works, and the organization's log says who declined.
    let gone = app
        .send(app.http.get(app.url(&next)).header("cookie", &cookie))
        .await;
    assert_eq!(gone.status.as_u16(), 404, "{}", gone.text);
    let log = app
        .get(&format!("/api/v1/orgs/{acme}/audit"), &owner.token)
        .await;
    assert!(log.text.contains("org.invitation_declined"), "{}", log.text);
}
