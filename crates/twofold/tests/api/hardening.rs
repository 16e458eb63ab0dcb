//! What a caller who lies, or who saw a token early, gets: no exemption from a claimed client
//! kind, no console from a native token sent as the cookie, no upgrade of an old token by a
//! second step, no password change without a fresh factor, no lockout of the holder's own
//! browser by guesses from elsewhere, and `__Host-` cookies with HSTS under https.

use reqwest::Method;
use serde_json::json;

use crate::backend_tests_on;
use crate::helpers::{
    Backend, PASSWORD, Res, TestApp, enroll_totp, join, passed_token, put_policy, second_step,
    set_cookie_line, set_cookie_value, sign_in_pending, sign_in_with_device, spawn_app_with,
    str_of, totp_step,
};

crate::backend_tests!(
    a_member_stopped_by_an_organization_earns_nothing_by_claiming_to_be_an_app,
    a_native_sign_in_finished_after_the_deadline_earns_no_exemption,
    the_session_cookie_is_only_ever_a_browser_session,
    passing_the_second_step_issues_a_new_token_and_ends_the_old_one,
    two_steps_racing_on_one_sign_in_with_different_factors_issue_one_token,
    changing_the_password_needs_a_recent_second_factor,
    a_browser_that_signed_in_before_is_not_locked_out_by_guesses_from_elsewhere,
    over_plain_http_cookies_are_unprefixed_and_no_hsts_is_sent,
);

backend_tests_on!(under_an_https_public_url_cookies_are_host_prefixed_and_hsts_is_sent);

async fn sign_in_as(app: &TestApp, email: &str, client: &str) -> Res {
    app.post(
        "/api/v1/sessions",
        None,
        json!({"email": email, "password": PASSWORD, "client": client}),
    )
    .await
}

/// A request with only `cookie` as its credentials.
async fn with_cookie(app: &TestApp, method: Method, path: &str, cookie: &str) -> Res {
    app.send(
        app.http
            .request(method, app.url(path))
            .header("cookie", cookie),
    )
    .await
}

/// The issue's critical finding: an admin without 2FA, after enforcement, signed in with
/// `client: native` (or `sync`) and listed members, read the audit log and invited admins.
async fn a_member_stopped_by_an_organization_earns_nothing_by_claiming_to_be_an_app(app: TestApp) {
    let olga = app.user("olga@example.org").await;
    enroll_totp(&app, &olga).await;
    let org = app.org(&olga, "Acme").await;
    let adam = join(&app, &org, &olga, "adam@example.org", "admin", false).await;
    put_policy(
        &app,
        &org,
        &olga.token,
        json!({"enforced": true, "confirm": "ENFORCE"}),
    )
    .await
    .assert_status(200);

    for client in ["native", "sync", "web"] {
        let res = sign_in_as(&app, &adam.email, client).await;
        let body = res.assert_status(201);
        assert_eq!(body["state"], "setup_required", "{client}: {}", res.text);
        assert_eq!(body["setup_required_by"][0]["org_id"], org.as_str());
        let token = str_of(&body["token"]);
        let session = app.get("/api/v1/sessions/current", &token).await;
        assert_eq!(session.body["state"], "setup_required", "{}", session.text);
        assert_eq!(session.body["client"], client, "{}", session.text);
        for path in [
            format!("/api/v1/orgs/{org}/members"),
            format!("/api/v1/orgs/{org}/audit"),
            format!("/api/v1/orgs/{org}"),
        ] {
            app.get(&path, &token)
                .await
                .assert_problem(403, "mfa_setup_required");
        }
        app.post(
            &format!("/api/v1/orgs/{org}/invitations"),
            Some(&token),
            json!({"email": "mallory@example.org", "role": "admin"}),
        )
        .await
        .assert_problem(403, "mfa_setup_required");
        // What a stopped session may still do: set up a factor.
        app.get("/api/v1/me/mfa", &token).await.assert_status(200);
    }
}

/// An app's credential is issued when its sign-in is finished, not when the password was
/// typed: a native sign-in begun before an organization's deadline and finished after it, with
/// a method the organization does not accept, is no credential "from before" and earns no
/// exemption. One finished before the deadline keeps working.
async fn a_native_sign_in_finished_after_the_deadline_earns_no_exemption(app: TestApp) {
    let olga = app.user("olga@example.org").await;
    enroll_totp(&app, &olga).await;
    let org = app.org(&olga, "Acme").await;
    let adam = join(&app, &org, &olga, "adam@example.org", "member", false).await;
    let mut m = enroll_totp(&app, &adam).await;
    put_policy(
        &app,
        &org,
        &olga.token,
        json!({"enforced": true, "confirm": "ENFORCE", "enforce_from": app.clock.rfc3339_in(60),
               "allowed_methods": ["webauthn"], "exempt_clients": ["native"]}),
    )
    .await
    .assert_status(200);
    let begun = |res: Res| str_of(&res.assert_status(201)["token"]);
    let before = begun(sign_in_as(&app, &adam.email, "native").await);
    let before = passed_token(
        &second_step(
            &app,
            &before,
            json!({"type": "totp", "code": m.totp.fresh()}),
        )
        .await,
    );
    let late = begun(sign_in_as(&app, &adam.email, "native").await);

    app.clock.advance(120);
    let res = second_step(&app, &late, json!({"type": "totp", "code": m.totp.fresh()})).await;
    let late = passed_token(&res);
    let org_path = format!("/api/v1/orgs/{org}");
    app.get(&org_path, &late)
        .await
        .assert_problem(403, "mfa_setup_required");
    app.get(&org_path, &before).await.assert_status(200);
}

async fn the_session_cookie_is_only_ever_a_browser_session(app: TestApp) {
    app.user("ann@example.org").await;
    for client in ["native", "sync"] {
        let res = sign_in_as(&app, "ann@example.org", client).await;
        let token = str_of(&res.assert_status(201)["token"]);
        assert_eq!(
            set_cookie_line(&res, "twofold_session"),
            None,
            "{client}: a token for an app is not set as the browser's cookie"
        );
        app.get("/api/v1/me", &token).await.assert_status(200);
        let cookie = format!("twofold_session={token}");
        with_cookie(&app, Method::GET, "/api/v1/me", &cookie)
            .await
            .assert_problem(401, "unauthenticated");
        let page = with_cookie(&app, Method::GET, "/account/security", &cookie).await;
        assert!(page.status.is_redirection(), "{client}: {}", page.status);
        let to = page
            .headers
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        assert!(to.starts_with("/sign-in"), "{client}: sent to {to}");
    }
    // A browser's own session works as the cookie.
    let res = sign_in_as(&app, "ann@example.org", "web").await;
    let cookie = set_cookie_value(&res, "twofold_session")
        .unwrap_or_else(|| panic!("no session cookie: {:?}", res.headers));
    assert_eq!(cookie, str_of(&res.body["token"]));
    with_cookie(
        &app,
        Method::GET,
        "/api/v1/me",
        &format!("twofold_session={cookie}"),
    )
    .await
    .assert_status(200);
    let page = with_cookie(
        &app,
        Method::GET,
        "/account/security",
        &format!("twofold_session={cookie}"),
    )
    .await;
    assert_eq!(page.status.as_u16(), 200, "{}", page.text);
}

async fn passing_the_second_step_issues_a_new_token_and_ends_the_old_one(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    let mut m = enroll_totp(&app, &ann).await;

    let pending = sign_in_pending(&app, "ann@example.org").await;
    let res = totp_step(&app, &pending, &m.totp.fresh()).await;
    let body = res.assert_status(200);
    let active = str_of(&body["token"]);
    assert_eq!(active.len(), 43, "{}", res.text);
    assert_ne!(active, pending);
    assert!(!str_of(&body["csrf_token"]).is_empty(), "{}", res.text);
    assert_eq!(
        set_cookie_value(&res, "twofold_session").as_deref(),
        Some(active.as_str()),
        "a browser gets the new token as its cookie"
    );
    app.get("/api/v1/sessions/current", &pending)
        .await
        .assert_problem(401, "unauthenticated");
    let current = app.get("/api/v1/sessions/current", &active).await;
    assert_eq!(current.assert_status(200)["aal"], "aal2");
    assert_eq!(current.body["state"], "active");

    // A re-authentication on the active session is a rise too.
    let res = totp_step(&app, &active, &m.totp.fresh()).await;
    let again = str_of(&res.assert_status(200)["token"]);
    assert_ne!(again, active);
    app.get("/api/v1/me", &active)
        .await
        .assert_problem(401, "unauthenticated");
    app.get("/api/v1/me", &again).await.assert_status(200);

    // A native app gets its new token in the answer only.
    let res = sign_in_as(&app, "ann@example.org", "native").await;
    let pending = str_of(&res.assert_status(201)["token"]);
    let res = totp_step(&app, &pending, &m.totp.fresh()).await;
    let native = str_of(&res.assert_status(200)["token"]);
    assert_eq!(set_cookie_line(&res, "twofold_session"), None);
    app.get("/api/v1/me", &native).await.assert_status(200);
    app.get("/api/v1/me", &pending)
        .await
        .assert_problem(401, "unauthenticated");
}

/// Two second steps of one sign-in at once, each with a different valid factor (a TOTP code and
/// a recovery code): one passes and gets the new token; the other finds the token it came with
/// replaced, consumes nothing and gets no token of its own.
async fn two_steps_racing_on_one_sign_in_with_different_factors_issue_one_token(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    let mut m = enroll_totp(&app, &ann).await;
    for round in 0..2 {
        let pending = sign_in_pending(&app, "ann@example.org").await;
        let code = m.totp.fresh();
        let (a, b) = tokio::join!(
            totp_step(&app, &pending, &code),
            second_step(
                &app,
                &pending,
                json!({"type": "recovery_code", "code": m.recovery_codes[round]}),
            )
        );
        let winners: Vec<&Res> = [&a, &b]
            .into_iter()
            .filter(|r| r.status.as_u16() == 200)
            .collect();
        assert_eq!(winners.len(), 1, "{}\n{}", a.text, b.text);
        let loser = if a.status.as_u16() == 200 { &b } else { &a };
        assert_eq!(loser.status.as_u16(), 401, "{}", loser.text);
        let token = str_of(&winners[0].body["token"]);
        let current = app.get("/api/v1/sessions/current", &token).await;
        assert_eq!(current.assert_status(200)["aal"], "aal2");
        app.get("/api/v1/me", &pending)
            .await
            .assert_problem(401, "unauthenticated");
        // The recovery code was spent only if it was the one that passed.
        let left = app.get("/api/v1/me/mfa", &token).await.body["recovery_codes_left"]
            .as_i64()
            .unwrap_or_default();
        let spent = i64::try_from(round).unwrap_or_default() + i64::from(b.status.as_u16() == 200);
        assert_eq!(left, 10 - spent, "round {round}: {}", b.text);
        if b.status.as_u16() != 200 {
            // Unspent: it still works (and is spent now).
            let pending = sign_in_pending(&app, "ann@example.org").await;
            second_step(
                &app,
                &pending,
                json!({"type": "recovery_code", "code": m.recovery_codes[round]}),
            )
            .await
            .assert_status(200);
        }
    }
}

async fn changing_the_password_needs_a_recent_second_factor(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    let mut m = enroll_totp(&app, &ann).await;
    let pending = sign_in_pending(&app, "ann@example.org").await;
    let res = second_step(
        &app,
        &pending,
        json!({"type": "totp", "code": m.totp.fresh(), "remember_device": true}),
    )
    .await;
    res.assert_status(200);
    let device = set_cookie_value(&res, "twofold_device")
        .unwrap_or_else(|| panic!("no device cookie: {:?}", res.headers));
    // A session that skipped the step on a remembered browser has no fresh factor: like an
    // hour-old session, it may not change the password (which ends every other session).
    let res = sign_in_with_device(&app, "ann@example.org", PASSWORD, &device).await;
    let skipped = str_of(&res.assert_status(201)["token"]);
    let change = json!({"current_password": PASSWORD, "new_password": "a whole new passphrase"});
    app.post("/api/v1/me/password", Some(&skipped), change.clone())
        .await
        .assert_problem(403, "reauthentication_required");
    app.get("/api/v1/me", &pending)
        .await
        .assert_problem(401, "unauthenticated");
    let res = totp_step(&app, &skipped, &m.totp.fresh()).await;
    let fresh = str_of(&res.assert_status(200)["token"]);
    app.post("/api/v1/me/password", Some(&fresh), change)
        .await
        .assert_status(204);
}

/// Signs in to `email` with `password`, carrying `cookie` when given.
async fn attempt(app: &TestApp, email: &str, password: &str, cookie: Option<&str>) -> Res {
    let mut req = app
        .http
        .post(app.url("/api/v1/sessions"))
        .json(&json!({"email": email, "password": password}));
    if let Some(c) = cookie {
        req = req.header("cookie", format!("twofold_known={c}"));
    }
    app.send(req).await
}

/// Wrong passwords until the answer is 429; panics if it never comes.
async fn guess_until_throttled(app: &TestApp, email: &str, cookie: Option<&str>) {
    for i in 0..20 {
        let res = attempt(app, email, &format!("wrong guess number {i}"), cookie).await;
        match res.status.as_u16() {
            401 => continue,
            429 => return,
            other => panic!("unexpected {other}: {}", res.text),
        }
    }
    panic!("never throttled");
}

async fn a_browser_that_signed_in_before_is_not_locked_out_by_guesses_from_elsewhere(app: TestApp) {
    app.user("ann@example.org").await;
    app.user("bob@example.org").await;
    let res = attempt(&app, "ann@example.org", PASSWORD, None).await;
    res.assert_status(201);
    let known = set_cookie_value(&res, "twofold_known")
        .unwrap_or_else(|| panic!("no device cookie: {:?}", res.headers));
    let res = attempt(&app, "bob@example.org", PASSWORD, None).await;
    let bobs = set_cookie_value(&res, "twofold_known").unwrap_or_default();

    // Someone who knows only Ann's address guesses until the account is throttled: clients
    // without her device cookie (or with another account's) are refused even the right password.
    guess_until_throttled(&app, "ann@example.org", None).await;
    attempt(&app, "ann@example.org", PASSWORD, None)
        .await
        .assert_problem(429, "too_many_attempts");
    attempt(&app, "ann@example.org", PASSWORD, Some(&bobs))
        .await
        .assert_problem(429, "too_many_attempts");
    attempt(&app, "ann@example.org", PASSWORD, Some("forged.cookie"))
        .await
        .assert_problem(429, "too_many_attempts");

    // Her own browser signs in; a signed-in browser is not handed a new cookie.
    let res = attempt(&app, "ann@example.org", PASSWORD, Some(&known)).await;
    assert_eq!(res.assert_status(201)["state"], "active", "{}", res.text);
    assert_eq!(set_cookie_line(&res, "twofold_known"), None);

    // Her browser has a limit of its own.
    guess_until_throttled(&app, "ann@example.org", Some(&known)).await;
    attempt(&app, "ann@example.org", PASSWORD, Some(&known))
        .await
        .assert_problem(429, "too_many_attempts");
}

async fn over_plain_http_cookies_are_unprefixed_and_no_hsts_is_sent(app: TestApp) {
    app.user("ann@example.org").await;
    let res = attempt(&app, "ann@example.org", PASSWORD, None).await;
    res.assert_status(201);
    let line = set_cookie_line(&res, "twofold_session").unwrap_or_default();
    assert!(!line.to_ascii_lowercase().contains("secure"), "{line}");
    assert!(res.headers.get("strict-transport-security").is_none());
}

async fn under_an_https_public_url_cookies_are_host_prefixed_and_hsts_is_sent(backend: Backend) {
    let app = spawn_app_with(backend, &[("TWOFOLD_PUBLIC_URL", "https://id.example.org")]).await;
    let ann = app.user("ann@example.org").await;
    let mut m = enroll_totp(&app, &ann).await;
    let res = attempt(&app, "ann@example.org", PASSWORD, None).await;
    let pending = str_of(&res.assert_status(201)["token"]);
    for name in ["__Host-twofold_session", "__Host-twofold_known"] {
        let line = set_cookie_line(&res, name)
            .unwrap_or_else(|| panic!("no {name} cookie: {:?}", res.headers));
        let attrs = line.to_ascii_lowercase();
        assert!(attrs.contains("; secure"), "{line}");
        assert!(attrs.contains("; path=/"), "{line}");
        assert!(!attrs.contains("domain="), "{line}");
        assert!(attrs.contains("httponly"), "{line}");
    }
    assert_eq!(set_cookie_line(&res, "twofold_session"), None);
    let hsts = res
        .headers
        .get("strict-transport-security")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(hsts.starts_with("max-age="), "{hsts:?}");
    for path in ["/healthz", "/api/v1/no-such-route", "/sign-in"] {
        let res = app.send(app.http.get(app.url(path))).await;
        assert!(
            res.headers.get("strict-transport-security").is_some(),
            "{path}: {:?}",
            res.headers
        );
    }

    let res = second_step(
        &app,
        &pending,
        json!({"type": "totp", "code": m.totp.fresh(), "remember_device": true}),
    )
    .await;
    let token = str_of(&res.assert_status(200)["token"]);
    assert!(set_cookie_line(&res, "__Host-twofold_device").is_some());
    assert_eq!(
        set_cookie_value(&res, "__Host-twofold_session").as_deref(),
        Some(token.as_str())
    );
    // Only the prefixed name is read: an unprefixed cookie may have been planted by a sibling
    // host.
    with_cookie(
        &app,
        Method::GET,
        "/api/v1/me",
        &format!("twofold_session={token}"),
    )
    .await
    .assert_problem(401, "unauthenticated");
    with_cookie(
        &app,
        Method::GET,
        "/api/v1/me",
        &format!("__Host-twofold_session={token}"),
    )
    .await
    .assert_status(200);
}
