//! Apps an organization registers to sign its people in (OpenID Connect clients): who may
//! register them, what is accepted as a redirect URI, a secret shown once.

use serde_json::{Value, json};

use crate::backend_tests;
use crate::csrf::csrf_field;
use crate::helpers::{TestApp, User, audit_events, enroll_totp, str_of};

backend_tests!(
    owners_register_apps_and_a_confidential_ones_secret_is_shown_once,
    only_owners_and_admins_with_a_recent_second_factor_manage_apps,
    redirect_uris_are_checked_when_registered,
    the_console_registers_lists_and_removes_apps,
);

/// Ann (owner, with 2FA) and Bob (member) in Acme.
async fn acme(app: &TestApp) -> (User, User, String) {
    let ann = app.user("ann@example.org").await;
    enroll_totp(app, &ann).await;
    let bob = app.user("bob@example.org").await;
    let org = app.org(&ann, "Acme").await;
    app.add_member(&org, &ann, &bob, "member", false).await;
    (ann, bob, org)
}

fn wiki() -> Value {
    json!({
        "name": "Wiki",
        "type": "confidential",
        "kind": "web",
        "redirect_uris": ["https://wiki.example.org/oidc/callback"],
        "post_logout_redirect_uris": ["https://wiki.example.org/"],
    })
}

async fn owners_register_apps_and_a_confidential_ones_secret_is_shown_once(app: TestApp) {
    let (ann, _, org) = acme(&app).await;
    let path = format!("/api/v1/orgs/{org}/clients");
    let res = app.post(&path, Some(&ann.token), wiki()).await;
    let created = res.assert_status(201).clone();
    let id = str_of(&created["client_id"]);
    let secret = str_of(&created["client_secret"]);
    assert_eq!(secret.len(), 43, "a 256-bit secret: {created}");
    assert_eq!(created["type"], "confidential");
    assert_eq!(created["kind"], "web");
    assert_eq!(
        created["redirect_uris"],
        json!(["https://wiki.example.org/oidc/callback"])
    );

    let cli = json!({
        "name": "Desktop sync",
        "type": "public",
        "kind": "native",
        "redirect_uris": ["http://127.0.0.1/callback", "org.example.sync:/cb"],
    });
    let res = app.post(&path, Some(&ann.token), cli).await;
    let public = res.assert_status(201).clone();
    assert!(public.get("client_secret").is_none(), "{public}");
    assert_eq!(public["post_logout_redirect_uris"], json!([]));

    let list = app.get(&path, &ann.token).await;
    let list = list.assert_status(200)["clients"].clone();
    let clients = list.as_array().cloned().unwrap_or_default();
    assert_eq!(clients.len(), 2, "{list}");
    assert_eq!(str_of(&clients[0]["client_id"]), id);
    assert!(
        !list.to_string().contains(&secret),
        "the secret is never listed"
    );
    assert!(clients.iter().all(|c| c.get("client_secret").is_none()));

    let events = audit_events(&app, &org, &ann.token).await;
    assert!(
        events
            .iter()
            .any(|e| e["action"] == "org.client_registered" && str_of(&e["target"]) == id),
        "{events:?}"
    );
    let one = format!("{path}/{id}");
    app.call(reqwest::Method::DELETE, &one, Some(&ann.token), None)
        .await
        .assert_status(204);
    app.call(reqwest::Method::DELETE, &one, Some(&ann.token), None)
        .await
        .assert_problem(404, "not_found");
    let left = app.get(&path, &ann.token).await;
    assert_eq!(
        left.assert_status(200)["clients"].as_array().map(Vec::len),
        Some(1)
    );
    let events = audit_events(&app, &org, &ann.token).await;
    assert!(
        events.iter().any(|e| e["action"] == "org.client_removed"),
        "{events:?}"
    );
}

async fn only_owners_and_admins_with_a_recent_second_factor_manage_apps(app: TestApp) {
    let (ann, bob, org) = acme(&app).await;
    let path = format!("/api/v1/orgs/{org}/clients");
    app.post(&path, Some(&bob.token), wiki())
        .await
        .assert_problem(403, "forbidden");
    app.get(&path, &bob.token)
        .await
        .assert_problem(403, "forbidden");
    let eve = app.user("eve@example.org").await;
    app.post(&path, Some(&eve.token), wiki())
        .await
        .assert_problem(404, "not_found");
    // A legal representative manages the organization but not its apps.
    app.set_role(&org, &bob.id, "legal_representative", &ann.token)
        .await
        .assert_status(200);
    app.post(&path, Some(&bob.token), wiki())
        .await
        .assert_problem(403, "forbidden");
    // An administrator without a second factor of their own must set one up first.
    app.set_role(&org, &bob.id, "admin", &ann.token)
        .await
        .assert_status(200);
    app.post(&path, Some(&bob.token), wiki())
        .await
        .assert_problem(403, "reauthentication_required");
    enroll_totp(&app, &bob).await;
    let res = app.post(&path, Some(&bob.token), wiki()).await;
    let id = str_of(&res.assert_status(201)["client_id"]);
    // Another organization's owner cannot remove it through their own organization.
    let cid = app.user("cid@example.org").await;
    enroll_totp(&app, &cid).await;
    let other = app.org(&cid, "Other").await;
    app.call(
        reqwest::Method::DELETE,
        &format!("/api/v1/orgs/{other}/clients/{id}"),
        Some(&cid.token),
        None,
    )
    .await
    .assert_problem(404, "not_found");
    let list = app.get(&path, &ann.token).await;
    assert_eq!(
        list.assert_status(200)["clients"].as_array().map(Vec::len),
        Some(1)
    );
}

async fn redirect_uris_are_checked_when_registered(app: TestApp) {
    let (ann, _, org) = acme(&app).await;
    let path = format!("/api/v1/orgs/{org}/clients");
    for (field, value) in [
        ("redirect_uris", json!(["http://wiki.example.org/cb"])),
        ("redirect_uris", json!(["https://wiki.example.org/cb#top"])),
        ("redirect_uris", json!(["/cb"])),
        ("redirect_uris", json!(["https://wiki.example.org/c b"])),
        ("redirect_uris", json!([])),
        ("redirect_uris", json!(["org.example.app:/cb"])),
        ("type", json!("secret")),
        ("kind", json!("sync")),
        ("name", json!("   ")),
    ] {
        let mut body = wiki();
        body[field] = value.clone();
        let res = app.post(&path, Some(&ann.token), body).await;
        res.assert_problem(422, "validation_failed");
        assert!(res.text.contains(field), "{field} = {value}: {}", res.text);
    }
    let list = app.get(&path, &ann.token).await;
    assert_eq!(list.assert_status(200)["clients"], json!([]));
}

async fn the_console_registers_lists_and_removes_apps(app: TestApp) {
    let (ann, bob, org) = acme(&app).await;
    // Ann's session is a browser's (the sign-in's default client): its token is her cookie.
    let cookie = format!("twofold_session={}", ann.token);
    let page_path = format!("/orgs/{org}/apps");
    let get = |cookie: String| {
        let req = app.http.get(app.url(&page_path)).header("cookie", cookie);
        app.send(req)
    };
    let page = get(cookie.clone()).await;
    assert_eq!(page.status.as_u16(), 200, "{}", page.text);
    assert!(page.text.contains("Register an app"), "{}", page.text);
    let csrf = csrf_field(&page.text);
    let form = format!(
        "csrf={csrf}&name=Wiki&type=confidential&kind=web&redirect_uris={}",
        "https%3A%2F%2Fwiki.example.org%2Fcb%0D%0Ahttps%3A%2F%2Fwiki.example.org%2Fcb2"
    );
    let post = app
        .http
        .post(app.url(&page_path))
        .header("cookie", cookie.clone());
    let res = app
        .send(
            post.header("content-type", "application/x-www-form-urlencoded")
                .body(form),
        )
        .await;
    assert_eq!(res.status.as_u16(), 201, "{}", res.text);
    assert!(res.text.contains("shown this once"), "{}", res.text);
    let listed = app
        .get(&format!("/api/v1/orgs/{org}/clients"), &ann.token)
        .await;
    let clients = listed.assert_status(200)["clients"].clone();
    assert_eq!(
        clients[0]["redirect_uris"],
        json!([
            "https://wiki.example.org/cb",
            "https://wiki.example.org/cb2"
        ])
    );
    let id = str_of(&clients[0]["client_id"]);
    // The secret is on the answer to the form only, never on the list.
    let page = get(cookie.clone()).await;
    assert!(page.text.contains(&id) && !page.text.contains("shown this once"));

    // A plain member sees no apps.
    let denied = get(format!("twofold_session={}", bob.token)).await;
    assert_eq!(denied.status.as_u16(), 403, "{}", denied.text);

    let csrf = csrf_field(&page.text);
    let remove = app
        .http
        .post(app.url(&format!("/orgs/{org}/apps/{id}/remove")))
        .header("cookie", cookie.clone())
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("csrf={csrf}"));
    let res = app.send(remove).await;
    assert!(res.status.is_redirection(), "{}: {}", res.status, res.text);
    let listed = app
        .get(&format!("/api/v1/orgs/{org}/clients"), &ann.token)
        .await;
    assert_eq!(listed.assert_status(200)["clients"], json!([]));
}
