//! The OpenAPI document's structural promises, checked against the running server: errors are
//! problem documents, the security schemes exist, and every operation the server refuses
//! without credentials says which credentials it takes.

use reqwest::Method;
use serde_json::Value;

use crate::backend_tests;
use crate::helpers::TestApp;

backend_tests!(
    openapi_errors_are_problem_documents,
    openapi_declares_the_bearer_cookie_and_basic_schemes,
    openapi_operations_that_refuse_anonymous_callers_declare_their_credentials,
);

const METHODS: [&str; 5] = ["get", "put", "post", "delete", "patch"];

/// `(path, method, operation)` for every operation in the document.
fn operations(doc: &Value) -> Vec<(String, String, Value)> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        for m in METHODS {
            if let Some(op) = item.get(m) {
                out.push((path.clone(), m.to_owned(), op.clone()));
            }
        }
    }
    assert!(
        out.len() > 40,
        "the document lists {} operations",
        out.len()
    );
    out
}

async fn document(app: &TestApp) -> Value {
    app.call(Method::GET, "/api/openapi.json", None, None)
        .await
        .assert_status(200)
        .clone()
}

/// The schemes an operation's security requirements name.
fn schemes(op: &Value) -> Vec<String> {
    op["security"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
        .flat_map(|r| r.keys().cloned())
        .collect()
}

async fn openapi_errors_are_problem_documents(app: TestApp) {
    let doc = document(&app).await;
    for (path, method, op) in operations(&doc) {
        let responses = op["responses"].as_object().cloned().unwrap_or_default();
        for (status, response) in &responses {
            // The health probes (`/healthz`, `/readyz`) answer plain text, errors included.
            if !(status.starts_with('4') || status.starts_with('5')) || !path.starts_with("/api/") {
                continue;
            }
            let content = response["content"].as_object().cloned().unwrap_or_default();
            let types: Vec<&String> = content.keys().collect();
            assert_eq!(
                types,
                ["application/problem+json"],
                "{method} {path} {status} is documented as {types:?}"
            );
            assert_eq!(
                content["application/problem+json"]["schema"]["$ref"],
                "#/components/schemas/Problem",
                "{method} {path} {status}"
            );
        }
        if path.starts_with("/api/") && op.get("requestBody").is_some() {
            for status in ["400", "413", "415", "422"] {
                assert!(
                    responses.contains_key(status),
                    "{method} {path} takes a body but does not document {status}"
                );
            }
        }
    }
}

async fn openapi_declares_the_bearer_cookie_and_basic_schemes(app: TestApp) {
    let doc = document(&app).await;
    let s = &doc["components"]["securitySchemes"];
    assert_eq!(s["bearer"]["type"], "http", "{s}");
    assert_eq!(s["bearer"]["scheme"], "bearer", "{s}");
    assert_eq!(s["cookie"]["type"], "apiKey", "{s}");
    assert_eq!(s["cookie"]["in"], "cookie", "{s}");
    assert_eq!(s["cookie"]["name"], "twofold_session", "{s}");
    assert_eq!(s["basic"]["type"], "http", "{s}");
    assert_eq!(s["basic"]["scheme"], "basic", "{s}");
    let whoami = &doc["paths"]["/api/v1/sync/whoami"]["get"];
    assert_eq!(schemes(whoami), ["basic"]);
}

/// Every operation is called without credentials: those the server refuses with 401 must name
/// their credentials (a session takes the bearer token or the cookie, both) and document 401
/// and 403; those it serves must declare none.
async fn openapi_operations_that_refuse_anonymous_callers_declare_their_credentials(app: TestApp) {
    let doc = document(&app).await;
    let mut sessions = 0;
    for (path, method, op) in operations(&doc) {
        let concrete = path
            .split('/')
            .map(|seg| if seg.starts_with('{') { "x" } else { seg })
            .collect::<Vec<_>>()
            .join("/");
        let m = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap_or(Method::GET);
        let res = app.call(m, &concrete, None, None).await;
        let names = schemes(&op);
        let documented = |status: &str| op["responses"].get(status).is_some();
        if res.status.as_u16() == 401 {
            assert!(
                !names.is_empty(),
                "{method} {path} answers 401 without credentials but declares none"
            );
            assert!(documented("401"), "{method} {path} does not document 401");
        } else {
            assert!(
                names.is_empty(),
                "{method} {path} declares {names:?} but serves anonymous callers ({})",
                res.status
            );
        }
        let session = names.iter().any(|n| n == "bearer" || n == "cookie");
        if session {
            sessions += 1;
            assert!(
                names.contains(&"bearer".to_owned()) && names.contains(&"cookie".to_owned()),
                "{method} {path} takes a session but declares {names:?}"
            );
            assert!(documented("403"), "{method} {path} does not document 403");
        }
    }
    assert!(sessions > 30, "only {sessions} operations take a session");
}
