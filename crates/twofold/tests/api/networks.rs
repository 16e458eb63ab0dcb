//! Known networks (issue 21): a remembered browser skips the second step only from the network
//! it was remembered on (its IPv4 /24 or IPv6 /64) or from an organization's trusted networks,
//! when an organization or its holder says `known`. The server trusts `X-Forwarded-For` here
//! (`trust_forwarded_for`), as behind a proxy, so each request says where it comes from.

use serde_json::{Value, json};

use crate::backend_tests_with;
use crate::csrf::{csrf_field, form_body};
use crate::forward_auth::location;
use crate::helpers::{
    PASSWORD, Res, TestApp, User, emails_to, enroll_totp, join, passed_token, put_policy,
    set_cookie_value, str_of, wait_for_emails,
};

pub const BEHIND_A_PROXY: [(&str, &str); 1] = [("TWOFOLD_TRUST_FORWARDED_FOR", "true")];

backend_tests_with!(&crate::networks::BEHIND_A_PROXY;
    an_organization_that_wants_known_networks_asks_a_browser_elsewhere_and_tells_its_holder,
    any_keeps_the_cookie_alone_and_a_holder_may_bind_a_browser_to_its_network,
    the_strictest_organization_wins,
    ipv6_browsers_are_bound_to_their_64,
    networks_that_are_not_networks_are_refused_with_the_field_named,
    the_console_sets_known_networks_and_remembers_a_browser_on_its_network_only,
);

const NEW_NETWORK: &str = "signed in from a new network";

/// Signs in with the password from `ip` (as the proxy appends it), with a device cookie or not.
pub async fn sign_in_from(
    app: &TestApp,
    email: &str,
    forwarded: &str,
    device: Option<&str>,
) -> Res {
    let mut req = app
        .http
        .post(app.url("/api/v1/sessions"))
        .header("x-forwarded-for", forwarded)
        .json(&json!({"email": email, "password": PASSWORD}));
    if let Some(device) = device {
        req = req.header("cookie", format!("twofold_device={device}"));
    }
    app.send(req).await
}

/// The state of a sign-in's session: `active` when the device stood in, `mfa_pending` when the
/// step is asked.
#[track_caller]
fn state(res: &Res) -> String {
    str_of(&res.assert_status(201)["state"])
}

/// Signs in from `ip`, passes the step with a code and has the browser remembered (`networks`:
/// the holder's choice, if any); returns the device cookie and the session's token.
pub async fn remember_from(
    app: &TestApp,
    email: &str,
    code: String,
    ip: &str,
    networks: Option<&str>,
) -> (String, String) {
    let res = sign_in_from(app, email, ip, None).await;
    assert_eq!(state(&res), "mfa_pending", "{}", res.text);
    let pending = str_of(&res.body["token"]);
    let mut body = json!({"type": "totp", "code": code, "remember_device": true});
    if let Some(networks) = networks {
        body["remember_device_networks"] = json!(networks);
    }
    let res = app
        .send(
            app.http
                .post(app.url("/api/v1/sessions/current/mfa"))
                .bearer_auth(&pending)
                .header("x-forwarded-for", ip)
                .json(&body),
        )
        .await;
    let token = passed_token(&res);
    let device = set_cookie_value(&res, "twofold_device")
        .unwrap_or_else(|| panic!("no device cookie: {:?}", res.headers));
    (device, token)
}

/// An owner with 2FA (so they may change the policy) and their organization.
async fn owner_and_org(app: &TestApp, email: &str, name: &str) -> (User, String) {
    let owner = app.user(email).await;
    enroll_totp(app, &owner).await;
    let org = app.org(&owner, name).await;
    (owner, org)
}

async fn policy(app: &TestApp, org: &str, owner: &User, body: Value) -> Value {
    let res = put_policy(app, org, &owner.token, body).await;
    res.assert_status(200).clone()
}

async fn an_organization_that_wants_known_networks_asks_a_browser_elsewhere_and_tells_its_holder(
    app: TestApp,
) {
    let (owner, org) = owner_and_org(&app, "owner@acme.example", "Acme").await;
    let ann = join(&app, &org, &owner, "ann@acme.example", "member", false).await;
    let mut m = enroll_totp(&app, &ann).await;
    let (device, _) = remember_from(&app, &ann.email, m.totp.fresh(), "192.0.2.10", None).await;
    // Under `any`, the browser skips the step on the road and at home.
    let res = sign_in_from(&app, &ann.email, "198.51.100.5", Some(&device)).await;
    assert_eq!(state(&res), "active", "{}", res.text);
    let on_the_road = str_of(&res.body["token"]);
    let res = sign_in_from(&app, &ann.email, "192.0.2.11", Some(&device)).await;
    let at_home = str_of(&res.body["token"]);

    let set = policy(
        &app,
        &org,
        &owner,
        json!({"enforced": false, "remembered_device_networks": "known",
               "trusted_networks": ["203.0.113.7/24", " 203.0.113.0/24"]}),
    )
    .await;
    assert_eq!(set["remembered_device_networks"], "known");
    assert_eq!(
        set["trusted_networks"],
        json!(["203.0.113.0/24"]),
        "kept as networks, once"
    );
    let res = app
        .get(&format!("/api/v1/orgs/{org}/mfa-policy"), &ann.token)
        .await;
    assert_eq!(
        res.assert_status(200)["trusted_networks"],
        json!(["203.0.113.0/24"])
    );
    let audited = crate::helpers::audit_events(&app, &org, &owner.token).await;
    assert!(
        audited
            .iter()
            .any(|e| e["action"] == "org.mfa_policy_changed"),
        "{audited:?}"
    );
    // The session the browser opened on the road must now pass the step; the one at home not.
    let org_path = format!("/api/v1/orgs/{org}");
    app.get(&org_path, &on_the_road)
        .await
        .assert_problem(403, "mfa_required");
    app.get(&org_path, &at_home).await.assert_status(200);

    // The same /24 skips the step.
    let res = sign_in_from(&app, &ann.email, "192.0.2.77", Some(&device)).await;
    assert_eq!(state(&res), "active", "{}", res.text);
    assert_eq!(res.body["aal"], "aal2", "{}", res.text);
    // So does the same address written IPv4-mapped, as a dual-stack proxy may.
    let res = sign_in_from(&app, &ann.email, "::ffff:192.0.2.50", Some(&device)).await;
    assert_eq!(state(&res), "active", "{}", res.text);
    // Another network is asked, and the holder is told, once for that network.
    let res = sign_in_from(&app, &ann.email, "198.51.100.5", Some(&device)).await;
    assert_eq!(state(&res), "mfa_pending", "{}", res.text);
    let told = wait_for_emails(&app, &ann.email, &[NEW_NETWORK, "198.51.100.5"], 1).await;
    assert!(told[0].contains("change your password"), "{}", told[0]);
    let res = sign_in_from(&app, &ann.email, "198.51.100.6", Some(&device)).await;
    assert_eq!(state(&res), "mfa_pending", "{}", res.text);
    // What the client wrote before the proxy's own address counts for nothing, in the same
    // header line or in a line of its own before the proxy's.
    let res = sign_in_from(&app, &ann.email, "192.0.2.10, 198.51.100.9", Some(&device)).await;
    assert_eq!(state(&res), "mfa_pending", "{}", res.text);
    let res = app
        .send(
            app.http
                .post(app.url("/api/v1/sessions"))
                .header("x-forwarded-for", "192.0.2.10")
                .header("x-forwarded-for", "198.51.100.9")
                .header("cookie", format!("twofold_device={device}"))
                .json(&json!({"email": ann.email, "password": PASSWORD})),
        )
        .await;
    assert_eq!(state(&res), "mfa_pending", "{}", res.text);
    // A last hop that is no address is no network (and never the proxy's own).
    let res = sign_in_from(
        &app,
        &ann.email,
        "192.0.2.10, not-an-address",
        Some(&device),
    )
    .await;
    assert_eq!(state(&res), "mfa_pending", "{}", res.text);
    // The organization's trusted network skips it, wherever the browser was remembered.
    let res = sign_in_from(&app, &ann.email, "203.0.113.50", Some(&device)).await;
    assert_eq!(state(&res), "active", "{}", res.text);
    let token = str_of(&res.body["token"]);

    // A second new network is told too; going back to the first tells nothing new.
    let res = sign_in_from(&app, &ann.email, "100.64.0.1", Some(&device)).await;
    assert_eq!(state(&res), "mfa_pending", "{}", res.text);
    let res = sign_in_from(&app, &ann.email, "198.51.100.7", Some(&device)).await;
    assert_eq!(state(&res), "mfa_pending", "{}", res.text);
    let res = sign_in_from(&app, &ann.email, "100.64.0.2", Some(&device)).await;
    assert_eq!(state(&res), "mfa_pending", "{}", res.text);
    // (The outbox sends in order: a repeat would be there before this one.)
    let res = sign_in_from(&app, &ann.email, "172.16.0.1", Some(&device)).await;
    assert_eq!(state(&res), "mfa_pending", "{}", res.text);
    wait_for_emails(&app, &ann.email, &[NEW_NETWORK, "172.16.0.1"], 1).await;
    // 198.51.100.0/24, no address, 100.64.0.0/24 and 172.16.0.0/24: each told once.
    assert_eq!(emails_to(&app, &ann.email, &[NEW_NETWORK]).len(), 4);

    // The list says where each browser belongs and was last used; the export has the audit,
    // every refusal.
    let res = app.get("/api/v1/me/devices", &token).await;
    let listed = &res.assert_status(200)["devices"][0];
    assert_eq!(listed["network"], "192.0.2.0/24", "{}", res.text);
    assert_eq!(listed["ip"], "192.0.2.10", "{}", res.text);
    assert_eq!(listed["last_ip"], "203.0.113.50", "{}", res.text);
    assert_eq!(listed["networks"], "any", "{}", res.text);
    let res = app.get("/api/v1/me/export", &token).await;
    let refusals: Vec<&Value> = res.assert_status(200)["audit_events"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter(|e| e["action"] == "device.new_network")
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(refusals.len(), 9, "{}", res.text);
}

async fn any_keeps_the_cookie_alone_and_a_holder_may_bind_a_browser_to_its_network(app: TestApp) {
    let (_owner, org) = owner_and_org(&app, "owner@acme.example", "Acme").await;
    let ann = app.user("ann@example.org").await;
    let mut m = enroll_totp(&app, &ann).await;
    let res = app
        .get(&format!("/api/v1/orgs/{org}/mfa-policy"), &_owner.token)
        .await;
    let body = res.assert_status(200);
    assert_eq!(body["remembered_device_networks"], "any", "the default");
    assert_eq!(body["trusted_networks"], json!([]), "{}", res.text);

    // Remembered anywhere: the cookie alone, from any network, as before.
    let (anywhere, _) = remember_from(&app, &ann.email, m.totp.fresh(), "192.0.2.10", None).await;
    let res = sign_in_from(&app, &ann.email, "198.51.100.5", Some(&anywhere)).await;
    assert_eq!(state(&res), "active", "{}", res.text);
    // Remembered on this network only: asked elsewhere, and told.
    let (here, token) = remember_from(
        &app,
        &ann.email,
        m.totp.fresh(),
        "192.0.2.10",
        Some("known"),
    )
    .await;
    let res = sign_in_from(&app, &ann.email, "192.0.2.200", Some(&here)).await;
    assert_eq!(state(&res), "active", "{}", res.text);
    let res = sign_in_from(&app, &ann.email, "198.51.100.5", Some(&here)).await;
    assert_eq!(state(&res), "mfa_pending", "{}", res.text);
    wait_for_emails(&app, &ann.email, &[NEW_NETWORK, "198.51.100.5"], 1).await;
    let res = app.get("/api/v1/me/devices", &token).await;
    let mut kinds: Vec<String> = res.assert_status(200)["devices"]
        .as_array()
        .map(|a| a.iter().map(|d| str_of(&d["networks"])).collect())
        .unwrap_or_default();
    kinds.sort();
    assert_eq!(kinds, ["any", "known"], "{}", res.text);
}

async fn the_strictest_organization_wins(app: TestApp) {
    let (a_owner, a) = owner_and_org(&app, "owner@a.example", "A").await;
    let (b_owner, b) = owner_and_org(&app, "owner@b.example", "B").await;
    let ann = join(&app, &a, &a_owner, "ann@example.org", "member", false).await;
    let res = app
        .post(
            &format!("/api/v1/orgs/{b}/invitations"),
            Some(&b_owner.token),
            json!({"email": ann.email, "role": "member"}),
        )
        .await;
    let invitation = str_of(&res.assert_status(201)["token"]);
    app.post(
        &format!("/api/v1/invitations/{invitation}/accept"),
        Some(&ann.token),
        json!({}),
    )
    .await
    .assert_status(200);
    let mut m = enroll_totp(&app, &ann).await;
    let (device, _) = remember_from(&app, &ann.email, m.totp.fresh(), "192.0.2.10", None).await;

    // A says `any`, B `known` with its office: away from both, B wins.
    policy(
        &app,
        &b,
        &b_owner,
        json!({"enforced": false, "remembered_device_networks": "known",
               "trusted_networks": ["203.0.113.0/24"]}),
    )
    .await;
    let res = sign_in_from(&app, &ann.email, "198.51.100.5", Some(&device)).await;
    assert_eq!(state(&res), "mfa_pending", "{}", res.text);
    let res = sign_in_from(&app, &ann.email, "203.0.113.9", Some(&device)).await;
    assert_eq!(state(&res), "active", "B's office: {}", res.text);
    // Both `known`, each trusting its own office only: neither office is enough for the other.
    policy(
        &app,
        &a,
        &a_owner,
        json!({"enforced": false, "remembered_device_networks": "known",
               "trusted_networks": ["198.51.100.0/24"]}),
    )
    .await;
    for office in ["203.0.113.9", "198.51.100.5"] {
        let res = sign_in_from(&app, &ann.email, office, Some(&device)).await;
        assert_eq!(state(&res), "mfa_pending", "{office}: {}", res.text);
    }
    // Home is known to both.
    let res = sign_in_from(&app, &ann.email, "192.0.2.44", Some(&device)).await;
    assert_eq!(state(&res), "active", "{}", res.text);
    // B back to `any`: A's office is enough again.
    policy(
        &app,
        &b,
        &b_owner,
        json!({"enforced": false, "remembered_device_networks": "any"}),
    )
    .await;
    let res = sign_in_from(&app, &ann.email, "198.51.100.5", Some(&device)).await;
    assert_eq!(state(&res), "active", "{}", res.text);
}

async fn ipv6_browsers_are_bound_to_their_64(app: TestApp) {
    let (owner, org) = owner_and_org(&app, "owner@acme.example", "Acme").await;
    let ann = join(&app, &org, &owner, "ann@acme.example", "member", false).await;
    let mut m = enroll_totp(&app, &ann).await;
    policy(
        &app,
        &org,
        &owner,
        json!({"enforced": false, "remembered_device_networks": "known",
               "trusted_networks": ["2001:db8:ff::/48"]}),
    )
    .await;
    let (device, token) =
        remember_from(&app, &ann.email, m.totp.fresh(), "2001:db8:1:2::10", None).await;
    let res = sign_in_from(&app, &ann.email, "2001:db8:1:2:ffff::1", Some(&device)).await;
    assert_eq!(state(&res), "active", "same /64: {}", res.text);
    let res = sign_in_from(&app, &ann.email, "2001:db8:1:3::10", Some(&device)).await;
    assert_eq!(state(&res), "mfa_pending", "the next /64: {}", res.text);
    let res = sign_in_from(&app, &ann.email, "2001:db8:ff:7::1", Some(&device)).await;
    assert_eq!(state(&res), "active", "the trusted /48: {}", res.text);
    let res = app.get("/api/v1/me/devices", &token).await;
    assert_eq!(
        res.assert_status(200)["devices"][0]["network"],
        "2001:db8:1:2::/64",
        "{}",
        res.text
    );
}

async fn networks_that_are_not_networks_are_refused_with_the_field_named(app: TestApp) {
    let (owner, org) = owner_and_org(&app, "owner@acme.example", "Acme").await;
    let many: Vec<String> = (0..501)
        .map(|i| format!("10.{}.{}.0/24", i / 256, i % 256))
        .collect();
    for (body, field) in [
        (
            json!({"enforced": false, "trusted_networks": ["office"]}),
            "trusted_networks",
        ),
        (
            json!({"enforced": false, "trusted_networks": ["203.0.113.0/33"]}),
            "trusted_networks",
        ),
        (
            json!({"enforced": false, "trusted_networks": ["203.0.113.0"]}),
            "trusted_networks",
        ),
        (
            json!({"enforced": false, "trusted_networks": ["0.0.0.0/0"]}),
            "trusted_networks",
        ),
        (
            json!({"enforced": false, "trusted_networks": many}),
            "trusted_networks",
        ),
        (
            json!({"enforced": false, "remembered_device_networks": "sometimes"}),
            "remembered_device_networks",
        ),
    ] {
        let res = put_policy(&app, &org, &owner.token, body).await;
        res.assert_problem(422, "validation_failed");
        assert_eq!(res.body["field"], field, "{}", res.text);
        assert!(str_of(&res.body["detail"]).contains(field), "{}", res.text);
    }
    // Nothing was half-applied.
    let res = app
        .get(&format!("/api/v1/orgs/{org}/mfa-policy"), &owner.token)
        .await;
    let body = res.assert_status(200);
    assert_eq!(body["trusted_networks"], json!([]), "{}", res.text);
    assert_eq!(body["remembered_device_networks"], "any", "{}", res.text);

    // The holder's own choice is `any` or `known` too.
    let res = sign_in_from(&app, &owner.email, "192.0.2.1", None).await;
    let pending = str_of(&res.assert_status(201)["token"]);
    let res = app
        .post(
            "/api/v1/sessions/current/mfa",
            Some(&pending),
            json!({"type": "totp", "code": "123456", "remember_device": true,
                   "remember_device_networks": "here"}),
        )
        .await;
    res.assert_problem(422, "validation_failed");
    assert_eq!(
        res.body["field"], "remember_device_networks",
        "{}",
        res.text
    );
}

/// A browser behind the proxy at `ip`: it keeps its cookies and follows no redirect.
fn browser_at(ip: &str) -> reqwest::Client {
    browser_with(ip, std::sync::Arc::default())
}

/// A browser behind the proxy at `ip` holding the cookies of `jar`.
fn browser_with(ip: &str, jar: std::sync::Arc<reqwest::cookie::Jar>) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        "x-forwarded-for",
        ip.parse().unwrap_or_else(|e| panic!("{e}")),
    );
    reqwest::Client::builder()
        .cookie_provider(jar)
        .default_headers(headers)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Signs in through the console's page as `email`; returns where the page sends the browser.
async fn sign_in_page(app: &TestApp, b: &reqwest::Client, email: &str) -> String {
    let page = app.send(b.get(app.url("/sign-in"))).await;
    let fields = [
        ("csrf", csrf_field(&page.text)),
        ("email", email.to_owned()),
        ("password", PASSWORD.to_owned()),
    ];
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    location(&post_form(app, b, "/sign-in", &fields).await)
}

async fn post_form(app: &TestApp, b: &reqwest::Client, path: &str, fields: &[(&str, &str)]) -> Res {
    app.send(
        b.post(app.url(path))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form_body(fields)),
    )
    .await
}

async fn the_console_sets_known_networks_and_remembers_a_browser_on_its_network_only(app: TestApp) {
    let (owner, org) = owner_and_org(&app, "owner@acme.example", "Acme").await;
    let ann = join(&app, &org, &owner, "ann@acme.example", "member", false).await;
    let mut m = enroll_totp(&app, &ann).await;

    // The owner ticks "known networks" and lists the offices, one per line.
    let path = format!("/orgs/{org}/policy");
    let owner_at = |req: reqwest::RequestBuilder| {
        req.header("cookie", format!("twofold_session={}", owner.token))
    };
    let page = app.send(owner_at(app.http.get(app.url(&path)))).await;
    assert_eq!(page.status.as_u16(), 200, "{}", page.text);
    assert!(
        page.text.contains("name=\"trusted_networks\""),
        "{}",
        page.text
    );
    assert!(
        page.text
            .contains("Remembered devices skip the second step only from known networks")
    );
    let csrf = csrf_field(&page.text);
    let fields = |trusted: &'static str| {
        vec![
            ("csrf", csrf.clone()),
            ("allow_totp", "on".to_owned()),
            ("allow_webauthn", "on".to_owned()),
            ("allow_remembered_devices", "on".to_owned()),
            ("remembered_device_days", "30".to_owned()),
            ("remembered_device_networks", "known".to_owned()),
            ("trusted_networks", trusted.to_owned()),
        ]
    };
    let send = |fields: Vec<(&'static str, String)>| {
        let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        owner_at(app.http.post(app.url(&path)))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form_body(&pairs))
    };
    let refused = app.send(send(fields("203.0.113.0/24\r\noffice"))).await;
    assert!(
        refused
            .text
            .contains("trusted_networks: office is not a network in CIDR notation"),
        "{}",
        refused.text
    );
    assert!(
        refused
            .text
            .contains(">203.0.113.0/24\r\noffice</textarea>")
            || refused.text.contains(">203.0.113.0/24\noffice</textarea>"),
        "what was typed is given back: {}",
        refused.text
    );
    let saved = app
        .send(send(fields(
            "203.0.113.0/24\r\n2001:db8::/48, 198.51.100.0/24",
        )))
        .await;
    assert_eq!(saved.status.as_u16(), 303, "{}", saved.text);
    let res = app
        .get(&format!("/api/v1/orgs/{org}/mfa-policy"), &owner.token)
        .await;
    let body = res.assert_status(200);
    assert_eq!(body["remembered_device_networks"], "known", "{}", res.text);
    assert_eq!(
        body["trusted_networks"],
        json!(["198.51.100.0/24", "203.0.113.0/24", "2001:db8::/48"]),
        "{}",
        res.text
    );
    let page = app.send(owner_at(app.http.get(app.url(&path)))).await;
    assert!(
        page.text
            .contains("198.51.100.0/24\n203.0.113.0/24\n2001:db8::/48</textarea>"),
        "{}",
        page.text
    );

    // Ann, at home, has this browser remembered on this network only.
    let b = browser_at("192.0.2.10");
    let step = sign_in_page(&app, &b, &ann.email).await;
    assert!(step.contains("second-step"), "{step}");
    let page = app.send(b.get(app.url(&step))).await;
    assert!(page.text.contains("On this network only"), "{}", page.text);
    let res = post_form(
        &app,
        &b,
        "/sign-in/second-step",
        &[
            ("csrf", &csrf_field(&page.text)),
            ("kind", "totp"),
            ("code", &m.totp.fresh()),
            // "On this network only" alone is a wish to be remembered there.
            ("remember_network", "on"),
        ],
    )
    .await;
    assert_eq!(res.status.as_u16(), 303, "{}", res.text);
    let device = set_cookie_value(&res, "twofold_device")
        .unwrap_or_else(|| panic!("no device cookie: {:?}", res.headers));
    let security = app.send(b.get(app.url("/account/security"))).await;
    assert!(security.text.contains("192.0.2.0/24"), "{}", security.text);
    assert!(
        security.text.contains("this network only"),
        "{}",
        security.text
    );

    // Her own word holds even at an office the organization trusts.
    let res = sign_in_from(&app, &ann.email, "203.0.113.5", Some(&device)).await;
    assert_eq!(state(&res), "mfa_pending", "{}", res.text);
    let res = sign_in_from(&app, &ann.email, "192.0.2.11", Some(&device)).await;
    assert_eq!(state(&res), "active", "{}", res.text);
    let security = app.send(b.get(app.url("/account/security"))).await;
    assert!(
        security.text.contains("from 192.0.2.11"),
        "{}",
        security.text
    );

    // The browser carried to another network signs in through the page, is asked, and is told
    // why.
    let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
    let url = reqwest::Url::parse(&app.url("/")).unwrap_or_else(|e| panic!("{e}"));
    jar.add_cookie_str(&format!("twofold_device={device}; Path=/"), &url);
    let away = browser_with("198.51.100.5", jar);
    let step = sign_in_page(&app, &away, &ann.email).await;
    assert!(step.contains("why=new_network"), "{step}");
    let page = app.send(away.get(app.url(&step))).await;
    assert!(
        page.text.contains(
            "This browser is remembered, but not for the network you are signing in from"
        ),
        "{}",
        page.text
    );
}
