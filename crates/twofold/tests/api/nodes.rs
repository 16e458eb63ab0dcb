//! Several nodes on one PostgreSQL (issue 18): a change committed on one node reaches the
//! others' session caches at once, through PostgreSQL's `NOTIFY`, not after the cache's lifetime.
//! Both nodes here cache sessions for a minute, so only the announcement can explain a refusal
//! within 100 ms. (SQLite serves one node: nothing to test there.)

use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::json;

use crate::helpers::{
    Backend, KillOnDrop, Res, TestApp, User, put_policy, sign_in_pending, spawn_app_with,
    start_server,
};

/// Sessions cached for a minute on every node.
const LONG_CACHE: [(&str, &str); 1] = [("TWOFOLD_SESSION__CACHE_MS", "60000")];

mod a_change_on_one_node_reaches_the_others_at_once {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        super::a_change_on_one_node_reaches_the_others_at_once(crate::helpers::Backend::Postgres)
            .await;
    }
}

/// `GET path` as `user` on the node at `addr`.
async fn get_on(app: &TestApp, addr: &str, path: &str, user: &User) -> Res {
    app.send(
        app.http
            .get(format!("http://{addr}{path}"))
            .bearer_auth(&user.token),
    )
    .await
}

/// Asks node `addr` for `path` until it answers `user` with `status`, for at most 100 ms after
/// `since`.
async fn refused_within_100_ms(
    app: &TestApp,
    (addr, path): (&str, &str),
    user: &User,
    status: u16,
    since: Instant,
) {
    loop {
        let res = get_on(app, addr, path, user).await;
        if res.status.as_u16() == status {
            return;
        }
        assert!(
            since.elapsed() < Duration::from_millis(100),
            "node B still answers {} after {:?}: {}",
            res.status,
            since.elapsed(),
            res.text
        );
    }
}

async fn a_change_on_one_node_reaches_the_others_at_once(backend: Backend) {
    let a = spawn_app_with(backend, &LONG_CACHE).await;
    let (b_child, b) = start_server(a.dir.path(), &a.db.url, &LONG_CACHE);
    let _b = KillOnDrop(b_child);
    let owner = a.user("owner@example.org").await;
    crate::helpers::enroll_totp(&a, &owner).await;
    let ann = a.user("ann@example.org").await;
    let bob = a.user("bob@example.org").await;
    let org = a.org(&owner, "Acme").await;
    a.add_member(&org, &owner, &bob, "member", false).await;

    // Node B has both sessions in its cache.
    let org_path = format!("/api/v1/orgs/{org}");
    for (u, path) in [(&ann, "/api/v1/me"), (&bob, org_path.as_str())] {
        get_on(&a, &b, path, u).await.assert_status(200);
        get_on(&a, &b, path, u).await.assert_status(200);
    }

    // A sign-out on node A.
    a.call(
        Method::DELETE,
        "/api/v1/sessions/current",
        Some(&ann.token),
        None,
    )
    .await
    .assert_status(204);
    refused_within_100_ms(&a, (&b, "/api/v1/me"), &ann, 401, Instant::now()).await;

    // Enforcement turned on at node A stops Bob on node B (he has no second factor).
    put_policy(
        &a,
        &org,
        &owner.token,
        json!({"enforced": true, "confirm": "ENFORCE"}),
    )
    .await
    .assert_status(200);
    refused_within_100_ms(&a, (&b, &org_path), &bob, 403, Instant::now()).await;
    get_on(&a, &b, &org_path, &bob)
        .await
        .assert_problem(403, "mfa_setup_required");

    // A device waiting on node B hears of a sign-in held on node A at once (a node that cannot
    // hear looks again only every second).
    let cara = a.user("cara@example.org").await;
    crate::push::enroll_device(&a, &cara).await;
    let device = crate::push::device_token(&a);
    let waiting = a
        .http
        .get(format!("http://{b}/api/v1/push/challenges?wait=30"))
        .bearer_auth(&device)
        .send();
    let waiting = tokio::spawn(waiting);
    let pending = sign_in_pending(&a, "cara@example.org").await;
    let (challenge, _) = crate::push::push(&a, &pending).await;
    let held = Instant::now();
    let answer = waiting
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|e| panic!("{e}"));
    let woke_after = held.elapsed();
    let body: serde_json::Value = answer.json().await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(body["requests"][0]["id"], challenge.as_str(), "{body}");
    assert!(
        woke_after < Duration::from_millis(300),
        "the device on node B heard after {woke_after:?}"
    );
}

mod an_admin_command_reaches_a_sqlite_servers_cached_sessions {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        super::an_admin_command_reaches_a_sqlite_servers_cached_sessions().await;
    }
}

/// On SQLite, an admin command runs in a process of its own and writes the database directly:
/// its change reaches the server through the change log, not after the session cache's minute.
/// (`user reset-mfa` ends the account's sessions.)
async fn an_admin_command_reaches_a_sqlite_servers_cached_sessions() {
    let app = spawn_app_with(Backend::Sqlite, &[]).await;
    let ann = app.user("ann@example.org").await;
    crate::helpers::enroll_totp(&app, &ann).await;
    // Read twice: the second read puts the session in the cache, trusted for a minute.
    for _ in 0..3 {
        let me = app.get("/api/v1/me", &ann.token).await;
        assert_eq!(me.assert_status(200)["mfa_enabled"], true, "{}", me.text);
    }
    let out = crate::mfa::reset_mfa(&app, "ann@example.org");
    assert!(out.status.success(), "{out:?}");
    // Well inside the cache's minute (the log is read four times a second).
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        // The command ends the account's sessions: the cached one must stop working.
        let me = app.get("/api/v1/me", &ann.token).await;
        if me.status.as_u16() == 401 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the server still serves the session as it was: {}",
            me.text
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
