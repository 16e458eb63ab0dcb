//! Every unsafe route refuses a browser's request that lacks its CSRF proof, with the routes
//! enumerated from what the server registers, not listed here: the console's forms (from
//! `server::web::unsafe_routes`, the table the console's router is built from) without the
//! `csrf` field or with a wrong one, and the API's operations that accept the session cookie
//! (from `/api/openapi.json`) without `X-CSRF-Token` and from a foreign `Origin`.

use reqwest::Method;
use serde_json::{Value, json};

use crate::backend_tests;
use crate::helpers::{PASSWORD, Res, TestApp, User, set_cookie_value, str_of};

backend_tests!(
    every_unsafe_page_refuses_a_form_without_its_token,
    every_unsafe_api_operation_refuses_a_cookie_without_csrf_proof,
);

/// An id of the right shape that names nothing.
const UNKNOWN_ID: &str = "01900000-0000-7000-8000-000000000000";

/// A token of the right shape that names nothing.
const UNKNOWN_TOKEN: &str = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

/// What a browser holds after signing in through the web form.
struct Browser {
    /// The `Cookie` header: the session and the signed-out forms' cookie.
    cookie: String,
}

/// Signs `email` in through the sign-in page, as a browser does: the page sets the form cookie
/// and its token, the form sets the session cookie.
async fn sign_in_through_the_form(app: &TestApp, email: &str) -> Browser {
    let page = app.send(app.http.get(app.url("/sign-in"))).await;
    assert_eq!(page.status.as_u16(), 200, "{}", page.text);
    let form = set_cookie_value(&page, "twofold_form")
        .unwrap_or_else(|| panic!("no form cookie: {:?}", page.headers));
    let csrf = csrf_field(&page.text);
    let res = app
        .send(
            app.http
                .post(app.url("/sign-in"))
                .header("cookie", format!("twofold_form={form}"))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(form_body(&[
                    ("csrf", csrf.as_str()),
                    ("email", email),
                    ("password", PASSWORD),
                ])),
        )
        .await;
    assert!(res.status.is_redirection(), "{}: {}", res.status, res.text);
    let session = set_cookie_value(&res, "twofold_session")
        .unwrap_or_else(|| panic!("no session cookie: {:?}", res.headers));
    Browser {
        cookie: format!("twofold_session={session}; twofold_form={form}"),
    }
}

/// `fields` as `application/x-www-form-urlencoded`.
pub fn form_body(fields: &[(&str, &str)]) -> String {
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
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

pub fn csrf_field(html: &str) -> String {
    html.split_once("name=\"csrf\" value=\"")
        .and_then(|(_, rest)| rest.split_once('"'))
        .map(|(v, _)| v.to_owned())
        .unwrap_or_else(|| panic!("no csrf field: {html}"))
}

/// `path` with its `{parameters}` filled: the organization and the member are real, other ids
/// and tokens only well-formed.
fn fill(path: &str, org: &str, user: &str) -> String {
    path.split('/')
        .map(|segment| match segment {
            "{org}" => org.to_owned(),
            "{user}" => user.to_owned(),
            "{token}" => UNKNOWN_TOKEN.to_owned(),
            s if s.starts_with('{') => UNKNOWN_ID.to_owned(),
            s => s.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// The account as the API shows it, to compare before and after.
async fn state_of(app: &TestApp, user: &User, org: &str) -> Value {
    let me = app.get("/api/v1/me", &user.token).await;
    let mfa = app.get("/api/v1/me/mfa", &user.token).await;
    let members = app
        .get(&format!("/api/v1/orgs/{org}/members"), &user.token)
        .await;
    let policy = app
        .get(&format!("/api/v1/orgs/{org}/mfa-policy"), &user.token)
        .await;
    let passwords = app.get("/api/v1/me/app-passwords", &user.token).await;
    json!({
        "me": me.assert_status(200),
        "mfa": mfa.assert_status(200),
        "members": members.assert_status(200)["members"],
        "policy": policy.assert_status(200),
        "app_passwords": passwords.assert_status(200),
    })
}

/// The browser's session still works: no form signed it out.
async fn assert_still_signed_in(app: &TestApp, browser: &Browser) {
    let page = app
        .send(
            app.http
                .get(app.url("/account/security"))
                .header("cookie", &browser.cookie),
        )
        .await;
    assert_eq!(page.status.as_u16(), 200, "{}", page.text);
}

#[track_caller]
fn assert_expired(res: &Res, what: &str) {
    assert_eq!(res.status.as_u16(), 403, "{what}: {}", res.text);
    assert!(
        res.text.contains("This form has expired"),
        "{what}: {}",
        res.text
    );
}

async fn every_unsafe_page_refuses_a_form_without_its_token(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    let org = app.org(&ann, "Acme").await;
    let browser = sign_in_through_the_form(&app, &ann.email).await;
    let before = state_of(&app, &ann, &org).await;

    let routes = server::web::unsafe_routes();
    assert!(routes.len() >= 20, "{routes:?}");
    for (path, method) in routes {
        let url = app.url(&fill(path, &org, &ann.id));
        for (body, what) in [
            ("label=x&code=123456", "without csrf"),
            (
                "csrf=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA&label=x",
                "wrong csrf",
            ),
            ("csrf=&label=x", "empty csrf"),
        ] {
            let res = app
                .send(
                    app.http
                        .request(method.clone(), &url)
                        .header("cookie", &browser.cookie)
                        // Even from the server's own origin: the console wants the token.
                        .header("origin", app.url(""))
                        .header("content-type", "application/x-www-form-urlencoded")
                        .body(body),
                )
                .await;
            assert_expired(&res, &format!("{method} {path} {what}"));
        }
    }

    assert_still_signed_in(&app, &browser).await;
    assert_eq!(state_of(&app, &ann, &org).await, before);
}

/// The operations of the OpenAPI document with an unsafe method that accept the cookie.
fn cookie_operations(doc: &Value) -> Vec<(String, Method)> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        for (name, op) in item.as_object().into_iter().flatten() {
            let method = match name.as_str() {
                "post" => Method::POST,
                "put" => Method::PUT,
                "patch" => Method::PATCH,
                "delete" => Method::DELETE,
                _ => continue,
            };
            let cookie = op["security"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|requirement| requirement.get("cookie").is_some());
            if cookie {
                out.push((path.clone(), method));
            }
        }
    }
    out
}

async fn every_unsafe_api_operation_refuses_a_cookie_without_csrf_proof(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    let org = app.org(&ann, "Acme").await;
    let browser = sign_in_through_the_form(&app, &ann.email).await;
    let before = state_of(&app, &ann, &org).await;

    let doc = app.send(app.http.get(app.url("/api/openapi.json"))).await;
    let operations = cookie_operations(doc.assert_status(200));
    assert!(operations.len() >= 20, "{operations:?}");
    for (path, method) in operations {
        let url = app.url(&fill(&path, &org, &ann.id));
        for (origin, what) in [
            (None, "without Origin"),
            (Some("https://evil.example"), "from a foreign origin"),
        ] {
            let mut req = app
                .http
                .request(method.clone(), &url)
                .header("cookie", &browser.cookie)
                .json(&json!({}));
            if let Some(o) = origin {
                req = req.header("origin", o);
            }
            let res = app.send(req).await;
            assert_eq!(
                res.status.as_u16(),
                403,
                "{method} {path} {what}: {}",
                res.text
            );
            assert_eq!(str_of(&res.body["code"]), "csrf_failed", "{method} {path}");
        }
    }

    assert_still_signed_in(&app, &browser).await;
    assert_eq!(state_of(&app, &ann, &org).await, before);
}
