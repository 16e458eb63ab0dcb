//! Bad input on every route: a clear 4xx problem document, never a 500, and nothing changed.

use reqwest::Method;
use serde_json::json;

use crate::backend_tests;
use crate::helpers::TestApp;

backend_tests!(
    malformed_bodies_get_problem_documents,
    invalid_fields_name_the_field,
    bad_ids_and_queries_are_4xx,
    unknown_routes_and_methods_are_problems_too,
    openapi_document_lists_every_route,
);

async fn malformed_bodies_get_problem_documents(app: TestApp) {
    let owner = app.user("owner@example.org").await;
    let org = app.org(&owner, "Acme").await;
    let m = app.user("m@example.org").await;
    app.add_member(&org, &owner, &m, "member", false).await;
    let routes = [
        (Method::POST, "/api/v1/accounts".to_owned()),
        (Method::POST, "/api/v1/sessions".to_owned()),
        (Method::POST, "/api/v1/orgs".to_owned()),
        (Method::POST, format!("/api/v1/orgs/{org}/invitations")),
        (
            Method::PATCH,
            format!("/api/v1/orgs/{org}/members/{}", m.id),
        ),
    ];
    let huge = format!("{{\"name\": \"{}\"}}", "x".repeat(100 * 1024));
    for (method, path) in &routes {
        let req = |body: &str, ct: &str| {
            app.http
                .request(method.clone(), app.url(path))
                .bearer_auth(&owner.token)
                .header("content-type", ct)
                .body(body.to_owned())
        };
        app.send(req("{not json", "application/json"))
            .await
            .assert_problem(400, "invalid_json");
        app.send(req("", "application/json"))
            .await
            .assert_problem(400, "invalid_json");
        app.send(req("{}", "text/plain"))
            .await
            .assert_problem(415, "unsupported_media_type");
        app.send(req("[1,2]", "application/json"))
            .await
            .assert_problem(422, "validation_failed");
        app.send(req(r#"{"unexpected": 1}"#, "application/json"))
            .await
            .assert_problem(422, "validation_failed");
        app.send(req(&huge, "application/json"))
            .await
            .assert_problem(413, "payload_too_large");
    }
    // Nothing changed: still two members, one organization.
    let me = app.get("/api/v1/me", &owner.token).await;
    assert_eq!(
        me.assert_status(200)["orgs"].as_array().map(Vec::len),
        Some(1)
    );
}

async fn invalid_fields_name_the_field(app: TestApp) {
    let cases = [
        (
            json!({"email": "not-an-email", "password": "correct horse battery"}),
            "email",
        ),
        (
            json!({"email": "", "password": "correct horse battery"}),
            "email",
        ),
        (
            json!({"email": format!("{}@example.org", "a".repeat(300)), "password": "correct horse battery"}),
            "email",
        ),
        (
            json!({"email": "ann@example.org", "password": "correct horse battery", "name": ""}),
            "name",
        ),
        (
            json!({"email": "ann@example.org", "password": "correct horse battery", "name": "x".repeat(101)}),
            "name",
        ),
    ];
    for (body, field) in cases {
        let res = app.post("/api/v1/accounts", None, body).await;
        res.assert_problem(422, "validation_failed");
        assert_eq!(res.body["field"], field, "{}", res.text);
    }
    let res = app
        .post(
            "/api/v1/accounts",
            None,
            json!({"email": 5, "password": true}),
        )
        .await;
    res.assert_problem(422, "validation_failed");
    assert_eq!(res.body["field"], "email");
    let res = app
        .post(
            "/api/v1/accounts",
            None,
            json!({"email": "ann@example.org"}),
        )
        .await;
    res.assert_problem(422, "validation_failed");
    assert_eq!(res.body["field"], "password");
    app.post(
        "/api/v1/sessions",
        None,
        json!({"email": "ann@example.org", "password": "x", "client": "toaster"}),
    )
    .await
    .assert_problem(422, "validation_failed");

    let owner = app.user("owner@example.org").await;
    for name in ["", "   ", &"n".repeat(101)] {
        let res = app
            .post("/api/v1/orgs", Some(&owner.token), json!({"name": name}))
            .await;
        res.assert_problem(422, "validation_failed");
        assert_eq!(res.body["field"], "name");
    }
    let org = app.org(&owner, "Acme").await;
    let inv = format!("/api/v1/orgs/{org}/invitations");
    let res = app
        .post(
            &inv,
            Some(&owner.token),
            json!({"email": "x@example.org", "role": "king"}),
        )
        .await;
    res.assert_problem(422, "validation_failed");
    assert_eq!(res.body["field"], "role");
    let res = app
        .post(
            &inv,
            Some(&owner.token),
            json!({"email": "nope", "role": "member"}),
        )
        .await;
    assert_eq!(res.body["field"], "email");
    let res = app
        .call(
            Method::PATCH,
            &format!("/api/v1/orgs/{org}/members/{}", owner.id),
            Some(&owner.token),
            Some(json!({"role": ""})),
        )
        .await;
    res.assert_problem(422, "validation_failed");
}

async fn bad_ids_and_queries_are_4xx(app: TestApp) {
    let owner = app.user("owner@example.org").await;
    let org = app.org(&owner, "Acme").await;
    for bad in [
        "x",
        "00000000-0000-0000-0000-000000000000",
        "%27%20OR%201%3D1",
        &"9".repeat(300),
    ] {
        app.get(&format!("/api/v1/orgs/{bad}"), &owner.token)
            .await
            .assert_problem(404, "not_found");
        app.get(&format!("/api/v1/orgs/{bad}/members"), &owner.token)
            .await
            .assert_problem(404, "not_found");
        app.call(
            Method::DELETE,
            &format!("/api/v1/orgs/{org}/members/{bad}"),
            Some(&owner.token),
            None,
        )
        .await
        .assert_problem(404, "not_found");
    }
    app.get("/api/v1/orgs/%FF%FE", &owner.token)
        .await
        .assert_problem(400, "bad_request");
    let base = format!("/api/v1/orgs/{org}/members");
    for (q, code, status) in [
        ("limit=0", "validation_failed", 422),
        ("limit=1000", "validation_failed", 422),
        ("limit=abc", "bad_request", 400),
        ("limit=-1", "bad_request", 400),
        ("mfa=maybe", "validation_failed", 422),
        ("role=king", "validation_failed", 422),
        ("cursor=!!!", "validation_failed", 422),
        // PostgreSQL refuses a NUL in any text: refused before it gets there.
        ("q=a%00b", "validation_failed", 422),
        ("cursor=YW5uAAowMTkw", "validation_failed", 422),
        ("unknown=1", "bad_request", 400),
    ] {
        app.get(&format!("{base}?{q}"), &owner.token)
            .await
            .assert_problem(status, code);
    }
    // The console's list drops what no name or address holds.
    let page = app
        .send(
            app.http
                .get(app.url(&format!("/orgs/{org}/members?q=own%00er")))
                .header("cookie", format!("twofold_session={}", owner.token)),
        )
        .await;
    assert_eq!(page.status.as_u16(), 200, "{}", page.text);
    assert!(page.text.contains("owner@example.org"), "{}", page.text);
    let long_q = "q".repeat(300);
    app.get(&format!("{base}?q={long_q}"), &owner.token)
        .await
        .assert_problem(422, "validation_failed");
    app.get(
        &format!("/api/v1/orgs/{org}/audit?cursor=nope"),
        &owner.token,
    )
    .await
    .assert_problem(422, "validation_failed");
}

async fn unknown_routes_and_methods_are_problems_too(app: TestApp) {
    let res = app.call(Method::GET, "/api/v1/nope", None, None).await;
    res.assert_problem(404, "not_found");
    for (name, value) in [
        ("x-content-type-options", "nosniff"),
        ("cache-control", "no-store"),
        ("x-frame-options", "DENY"),
    ] {
        assert_eq!(
            res.headers.get(name).and_then(|v| v.to_str().ok()),
            Some(value),
            "{name}"
        );
    }
    let res = app
        .call(Method::PUT, "/api/v1/accounts", None, Some(json!({})))
        .await;
    res.assert_problem(405, "method_not_allowed");
    // A console address nobody serves is a page, with the header of whoever asks.
    let ann = app.user("ann@example.org").await;
    let page = |cookie: Option<String>| {
        let mut req = app.http.get(app.url("/no-such-page"));
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        app.send(req)
    };
    let signed_out = page(None).await;
    assert_eq!(signed_out.status.as_u16(), 404, "{}", signed_out.text);
    assert!(
        signed_out.text.contains("Page not found"),
        "{}",
        signed_out.text
    );
    assert!(
        signed_out.text.contains("href=\"/sign-in\""),
        "{}",
        signed_out.text
    );
    assert!(
        signed_out.headers.get("content-security-policy").is_some(),
        "the page keeps the console's CSP"
    );
    let signed_in = page(Some(format!("twofold_session={}", ann.token))).await;
    assert_eq!(signed_in.status.as_u16(), 404, "{}", signed_in.text);
    assert!(
        signed_in.text.contains(ann.email.as_str()),
        "{}",
        signed_in.text
    );
    assert!(
        !signed_in.text.contains("href=\"/sign-up\""),
        "{}",
        signed_in.text
    );
}

async fn openapi_document_lists_every_route(app: TestApp) {
    let res = app.call(Method::GET, "/api/openapi.json", None, None).await;
    let doc = res.assert_status(200);
    assert!(
        doc["openapi"]
            .as_str()
            .is_some_and(|v| v.starts_with("3.1"))
    );
    for path in [
        "/api/v1/accounts",
        "/api/v1/sessions",
        "/api/v1/sessions/current",
        "/api/v1/me",
        "/api/v1/orgs",
        "/api/v1/orgs/{org}",
        "/api/v1/orgs/{org}/invitations",
        "/api/v1/invitations/{token}/accept",
        "/api/v1/orgs/{org}/members",
        "/api/v1/orgs/{org}/members/{user}",
        "/api/v1/orgs/{org}/audit",
        "/healthz",
        "/readyz",
    ] {
        assert!(
            doc["paths"][path].is_object(),
            "{path} missing from the OpenAPI document"
        );
    }
    assert!(doc["components"]["schemas"]["Problem"].is_object());
}
