//! The OpenAPI document's structural promises, checked against the running server: errors are
//! problem documents, the security schemes exist, and every operation the server refuses
//! without credentials says which credentials it takes; every fixed set is an enum listing
//! exactly the values the domain parses.

use reqwest::Method;
use serde_json::Value;

use crate::backend_tests;
use crate::helpers::TestApp;

backend_tests!(
    openapi_errors_are_problem_documents,
    openapi_declares_the_bearer_cookie_and_basic_schemes,
    openapi_operations_that_refuse_anonymous_callers_declare_their_credentials,
    openapi_fixed_sets_are_enums_of_the_domains_values,
);

const METHODS: [&str; 5] = ["get", "put", "post", "delete", "patch"];

/// Operations that take only the browser's cookie: forward-auth answers a reverse proxy about
/// the browser behind a request, and a bearer token grants nothing there.
const COOKIE_ONLY: [&str; 1] = ["/api/v1/forward-auth"];

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
        if COOKIE_ONLY.contains(&path.as_str()) {
            assert_eq!(names, ["cookie"], "{method} {path}");
            assert!(documented("403"), "{method} {path} does not document 403");
        } else if session {
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

/// Properties (and query parameters) whose values come from a fixed set, wherever they appear.
/// `type` and `status` are also the problem document's URI and HTTP status, which are not.
const FIXED: [&str; 9] = [
    "state",
    "aal",
    "role",
    "type",
    "kind",
    "client",
    "status",
    "exempt_clients",
    "allowed_methods",
];

/// The enum a property's schema names, directly, through a `$ref`, as an array's items or as
/// one branch of a nullable `oneOf`: `(its name, its values)`; `None` when it is no enum.
fn enum_of(doc: &Value, schema: &Value) -> Option<(String, Vec<String>)> {
    let values = |s: &Value| -> Option<Vec<String>> {
        let list = s["enum"].as_array()?;
        Some(
            list.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
        )
    };
    if let Some(r) = schema["$ref"].as_str() {
        let name = r.rsplit('/').next()?.to_owned();
        return values(&doc["components"]["schemas"][&name]).map(|v| (name, v));
    }
    if schema["type"] == "array" || schema["type"][0] == "array" {
        return enum_of(doc, &schema["items"]);
    }
    for branches in ["oneOf", "anyOf", "allOf"] {
        if let Some(list) = schema[branches].as_array() {
            let real: Vec<&Value> = list.iter().filter(|b| b["type"] != "null").collect();
            if let [one] = real.as_slice() {
                return enum_of(doc, one);
            }
        }
    }
    values(schema).map(|v| (String::new(), v))
}

/// Every named object schema's properties, `(schema, property, property schema)`, including
/// those of its `allOf`/`oneOf` branches.
fn properties(doc: &Value) -> Vec<(String, String, Value)> {
    fn walk(name: &str, schema: &Value, out: &mut Vec<(String, String, Value)>) {
        for (prop, s) in schema["properties"].as_object().into_iter().flatten() {
            out.push((name.to_owned(), prop.clone(), s.clone()));
        }
        for branches in ["oneOf", "anyOf", "allOf"] {
            for b in schema[branches].as_array().into_iter().flatten() {
                walk(name, b, out);
            }
        }
    }
    let mut out = Vec::new();
    for (name, schema) in doc["components"]["schemas"]
        .as_object()
        .into_iter()
        .flatten()
    {
        walk(name, schema, &mut out);
    }
    out
}

/// The values the domain parses for each documented enum, from the domain's own types.
fn domain_values(enum_name: &str) -> Option<Vec<&'static str>> {
    use domain::session::{Aal, ClientKind, SessionState};
    use domain::{MethodKind, Role};
    Some(match enum_name {
        "SessionState" => [
            SessionState::Active,
            SessionState::MfaPending,
            SessionState::SetupRequired,
        ]
        .map(SessionState::as_str)
        .to_vec(),
        "Aal" => [Aal::Aal1, Aal::Aal2].map(Aal::as_str).to_vec(),
        "ClientKind" => [ClientKind::Web, ClientKind::Native, ClientKind::Sync]
            .map(ClientKind::as_str)
            .to_vec(),
        "Role" => Role::ALL.map(Role::as_str).to_vec(),
        "MethodType" => MethodKind::ALL.map(MethodKind::as_str).to_vec(),
        "StepType" => {
            let mut v = MethodKind::ALL.map(MethodKind::as_str).to_vec();
            v.push("recovery_code");
            v
        }
        // Only a challenge still waiting is ever shown.
        "PushStatus" => vec![store::push::Status::Pending.as_str()],
        "ClientType" => [
            domain::oidc::ClientType::Confidential,
            domain::oidc::ClientType::Public,
        ]
        .map(domain::oidc::ClientType::as_str)
        .to_vec(),
        "AppKind" => [domain::oidc::AppKind::Web, domain::oidc::AppKind::Native]
            .map(domain::oidc::AppKind::as_str)
            .to_vec(),
        "SigningAlg" => domain::oidc::SigningAlg::ALL
            .map(domain::oidc::SigningAlg::as_str)
            .to_vec(),
        _ => return None,
    })
}

/// Whether the domain parses `value` as a member of the set `enum_name` documents.
fn domain_parses(enum_name: &str, value: &str) -> bool {
    use domain::session::{Aal, ClientKind, SessionState};
    match enum_name {
        "SessionState" => SessionState::parse(value).is_ok(),
        "Aal" => Aal::parse(value).is_ok(),
        "ClientKind" => ClientKind::parse(value).is_ok(),
        "Role" => domain::Role::parse(value).is_ok(),
        "MethodType" => domain::MethodKind::parse(value).is_ok(),
        "StepType" => domain::method::StepKind::parse(value).is_ok(),
        "PushStatus" => value.parse::<store::push::Status>().is_ok(),
        "ClientType" => domain::oidc::ClientType::parse(value).is_ok(),
        "AppKind" => domain::oidc::AppKind::parse(value).is_ok(),
        "SigningAlg" => domain::oidc::SigningAlg::parse(value).is_ok(),
        _ => false,
    }
}

async fn openapi_fixed_sets_are_enums_of_the_domains_values(app: TestApp) {
    let doc = document(&app).await;
    let mut checked = 0;
    let mut check = |place: &str, prop: &str, schema: &Value| {
        let Some((mut name, mut values)) = enum_of(&doc, schema) else {
            panic!("{place} is not an enum: {schema}");
        };
        if name.is_empty() {
            // An inline enum (a query parameter's) is the set its name says.
            name = match prop {
                "role" => "Role",
                "state" => "SessionState",
                "client" | "exempt_clients" => "ClientKind",
                "type" | "allowed_methods" => "MethodType",
                other => other,
            }
            .to_owned();
        }
        let Some(mut expected) = domain_values(&name) else {
            panic!("{place} is the enum {name:?}, which no domain type backs: {values:?}");
        };
        assert!(
            values.iter().all(|v| domain_parses(&name, v)),
            "{place}: {values:?}"
        );
        values.sort_unstable();
        expected.sort_unstable();
        assert_eq!(values, expected, "{place} ({name})");
        checked += 1;
    };
    for (schema, prop, s) in properties(&doc) {
        if FIXED.contains(&prop.as_str()) && schema != "Problem" {
            check(&format!("{schema}.{prop}"), &prop, &s);
        }
    }
    for (path, method, op) in operations(&doc) {
        for p in op["parameters"].as_array().into_iter().flatten() {
            let name = p["name"].as_str().unwrap_or_default();
            // The preview's `allowed_methods` is a comma-separated list in one string.
            let list_in_a_string = name == "allowed_methods";
            if FIXED.contains(&name) && p["in"] == "query" && !list_in_a_string {
                check(&format!("{method} {path} ?{name}"), name, &p["schema"]);
            }
        }
    }
    // Sessions, second steps, methods, members, invitations, policies and push all have some.
    assert!(
        checked >= 20,
        "only {checked} fixed-set properties were found"
    );
}
