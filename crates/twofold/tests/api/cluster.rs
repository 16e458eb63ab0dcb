//! Three nodes behind a load balancer (issue 18): three `twofold` nodes on one PostgreSQL behind
//! Debian's nginx (round robin), a mixed workload through it, and one node killed (SIGKILL) in
//! the middle of it:
//! - members sign in with both steps, enroll authenticator apps, and are reminded;
//! - the owner turns enforcement on;
//! - a push sign-in waits on one node and is approved through the balancer.
//!
//! Afterwards nothing acknowledged is lost: every session the balancer handed out works on each
//! surviving node, every confirmed enrollment signs in, enforcement holds. Every email is sent
//! once: one "method added" per confirmed method, one reminder per member counted as queued.
//! A request in flight on the killed node gets a gateway error from the balancer and is not
//! acknowledged; its holder tries again, as a person would. (SQLite serves one node: nothing to
//! test there.)

use std::path::Path;
use std::sync::Arc;

use reqwest::Method;
use serde_json::json;
use tokio::sync::watch;
use tokio::task::JoinSet;

use crate::forward_auth_nginx::{free_port, nginx_conf, run_nginx};
use crate::helpers::{
    Backend, KillOnDrop, PASSWORD, Res, TestApp, User, email_day, emails_to, enroll_totp,
    put_policy, rfc3339_at, spawn_app_with, start_server, str_of, totp_step, wait_for_emails,
};
use crate::push::{device_token, enroll_device, signed};

mod three_nodes_behind_nginx_lose_nothing_when_one_is_killed {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        super::three_nodes_behind_nginx_lose_nothing_when_one_is_killed().await;
    }
}

/// nginx as the balancer (inside its `http` block); `{PORT}` and `{NODES}` are filled in. A node
/// that refuses connections is skipped for the next (nginx passes a request on only when it was
/// not sent yet, so a request in flight on a node that dies gets 502).
const BALANCER: &str = r#"
    upstream twofold {
        {NODES}
        keepalive 16;
    }
    server {
        listen 127.0.0.1:{PORT};
        location / {
            proxy_pass http://twofold;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_next_upstream error timeout;
            proxy_read_timeout 60s;
        }
    }
"#;

/// Starts nginx on `port` in front of `nodes`.
fn balancer(port: u16, nodes: &[&str], dir: &Path) -> KillOnDrop {
    let servers: String = nodes
        .iter()
        .map(|n| format!("server {n} max_fails=1 fail_timeout=60s;\n        "))
        .collect();
    let site = BALANCER
        .replace("{PORT}", &port.to_string())
        .replace("{NODES}", servers.trim_end());
    run_nginx(&nginx_conf(dir, &site), dir, port)
}

/// A gateway error of the balancer: the request was in flight on the node that died.
fn lost(res: &Res) -> bool {
    matches!(res.status.as_u16(), 502 | 504)
}

/// `METHOD path` on the node at `addr` directly.
async fn on(app: &TestApp, addr: &str, method: Method, path: &str, token: &str) -> Res {
    app.send(
        app.http
            .request(method, format!("http://{addr}{path}"))
            .bearer_auth(token),
    )
    .await
}

/// What the workload did, to be checked once it is over.
#[derive(Default)]
struct Tally {
    /// Sessions the balancer handed out with both steps passed.
    sessions: Vec<String>,
    /// Requests lost in flight on the killed node.
    lost: u32,
    /// Reminders the organization's owner was told were queued.
    queued: u64,
}

/// A member with an authenticator app: its secret, the next time step it may use, and whether
/// its enrollment was acknowledged.
struct Member {
    user: User,
    secret: String,
    next_step: i64,
    acknowledged: bool,
}

impl Member {
    /// A code the server takes now and has not seen from this app: a step within its window
    /// (the previous, current or next), later than every one used.
    fn code(&mut self, app: &TestApp) -> String {
        let step = self.next_step.max(app.clock.step() - 1);
        self.next_step = step + 1;
        crate::helpers::oathtool(&self.secret, step * 30)
    }
}

/// Sends until the answer comes from a node, not from the balancer for a request lost in flight
/// on the killed node (which its holder sends again, as a person would).
async fn again_if_lost<F, Fut>(tally: &mut Tally, send: F) -> Res
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Res>,
{
    loop {
        let res = send().await;
        if !lost(&res) {
            return res;
        }
        tally.lost += 1;
    }
}

/// Signs `m` in through the balancer with both steps; a step lost in flight is tried again from
/// the start (the TOTP step with the next code: the lost one may have been used). The active
/// session.
async fn sign_in(app: &TestApp, m: &mut Member, tally: &mut Tally) -> String {
    loop {
        let res = again_if_lost(tally, || app.sign_in(&m.user.email, PASSWORD)).await;
        let pending = str_of(&res.assert_status(201)["token"]);
        let res = totp_step(app, &pending, &m.code(app)).await;
        if lost(&res) {
            tally.lost += 1;
            continue;
        }
        let token = str_of(&res.assert_status(200)["token"]);
        tally.sessions.push(token.clone());
        return token;
    }
}

/// Adds an authenticator app for `user` through the balancer. A confirmation lost in flight may
/// or may not have been applied: the checks read which.
async fn enroll(app: &TestApp, user: &User, tally: &mut Tally) -> Member {
    let body = json!({"label": "Phone"});
    let started = again_if_lost(tally, || {
        app.post("/api/v1/me/mfa/totp", Some(&user.token), body.clone())
    })
    .await;
    let started = started.assert_status(201);
    let mut m = Member {
        user: user.clone(),
        secret: str_of(&started["secret"]),
        next_step: i64::MIN,
        acknowledged: false,
    };
    let res = app
        .post(
            &format!("/api/v1/me/mfa/totp/{}/verify", str_of(&started["id"])),
            Some(&user.token),
            json!({"code": m.code(app)}),
        )
        .await;
    if lost(&res) {
        tally.lost += 1;
    } else {
        res.assert_status(200);
        m.acknowledged = true;
    }
    m
}

/// Subjects of the emails counted.
const ADDED: &str = "A two-factor method was added to your account";
const REMINDED: &str = "Reminder: \"Acme\"";
const BETA_REMINDED: &str = "Reminder: \"Beta\"";
const BETA_ANNOUNCED: &str = "Subject: \"Beta\" requires two-factor authentication";

/// Through the balancer: an owner with an app and an organization; nine members with an app,
/// nine without who enroll during the load, and two who never do (so that the owner's
/// reminders always have someone to go to).
async fn organization(app: &TestApp) -> (User, String, Vec<Member>, Vec<User>, Vec<User>) {
    let owner = app.user("owner@example.org").await;
    enroll_totp(app, &owner).await;
    let org = app.org(&owner, "Acme").await;
    let mut setup = Tally::default();
    let (mut ready, mut late) = (Vec::new(), Vec::new());
    for i in 0..18 {
        let user = app.user(&format!("m{i}@example.org")).await;
        app.add_member(&org, &owner, &user, "member", false).await;
        if i % 2 == 0 {
            ready.push(enroll(app, &user, &mut setup).await);
        } else {
            late.push(user);
        }
    }
    let mut holdouts = Vec::new();
    for i in 0..2 {
        let user = app.user(&format!("h{i}@example.org")).await;
        app.add_member(&org, &owner, &user, "member", false).await;
        holdouts.push(user);
    }
    assert_eq!(setup.lost, 0, "no node was killed yet");
    (owner, org, ready, late, holdouts)
}

/// A second organization of the owner's, Beta, with four members without 2FA who do nothing
/// but receive what the nodes' scheduled jobs send; its enforcement is announced a month ahead
/// (no reminder is due yet).
async fn beta(app: &TestApp, owner: &User) -> (String, Vec<User>) {
    let org = app.org(owner, "Beta").await;
    let mut members = Vec::new();
    for i in 0..4 {
        let user = app.user(&format!("b{i}@example.org")).await;
        app.add_member(&org, owner, &user, "member", false).await;
        members.push(user);
    }
    let month = rfc3339_at(app.clock.now() + 30 * 86_400);
    let body = json!({"enforced": true, "enforce_from": month, "confirm": "ENFORCE"});
    put_policy(app, &org, &owner.token, body)
        .await
        .assert_status(200);
    for m in &members {
        wait_for_emails(app, &m.email, &[BETA_ANNOUNCED], 1).await;
    }
    (org, members)
}

/// A push sign-in of `owner`: their device waits on node `device_on` (a long poll), the sign-in
/// asks on node `sign_in_on`, and the device, woken by the other node's announcement, answers
/// on its own node; the sign-in passes on its own.
async fn push_answered_on_another_node(
    app: &TestApp,
    owner: &User,
    device_on: &str,
    sign_in_on: &str,
) {
    let device = device_token(app);
    let waiting = {
        let (http, url, device) = (
            app.http.clone(),
            format!("http://{device_on}/api/v1/push/challenges?wait=20"),
            device.clone(),
        );
        tokio::spawn(async move {
            let res = http.get(url).bearer_auth(device).send().await;
            match res {
                Ok(r) => r.json::<serde_json::Value>().await.ok(),
                Err(_) => None,
            }
        })
    };
    let res = app.sign_in(&owner.email, PASSWORD).await;
    let pending = str_of(&res.assert_status(201)["token"]);
    let second_step = format!("http://{sign_in_on}/api/v1/sessions/current/mfa");
    let held = app
        .send(
            app.http
                .post(&second_step)
                .bearer_auth(&pending)
                .json(&json!({"type": "push"})),
        )
        .await;
    let body = held.assert_status(202);
    let challenge = str_of(&body["challenge_id"]);
    let number = u8::try_from(body["number"].as_u64().unwrap_or(0)).unwrap_or(0);
    let seen = waiting.await.unwrap_or_else(|e| panic!("{e}"));
    assert!(
        seen.as_ref()
            .is_some_and(|s| s["requests"][0]["id"] == challenge.as_str()),
        "the device waiting on another node saw the sign-in: {seen:?}"
    );
    let answered = app
        .send(
            app.http
                .post(format!(
                    "http://{device_on}/api/v1/push/challenges/{challenge}"
                ))
                .bearer_auth(&device)
                .json(&signed(app, &challenge, "approve", Some(number))),
        )
        .await;
    answered.assert_status(200);
    let passed = app
        .send(
            app.http
                .post(&second_step)
                .bearer_auth(&pending)
                .json(&json!({"type": "push", "challenge_id": challenge})),
        )
        .await;
    assert_eq!(
        passed.assert_status(200)["state"],
        "active",
        "{}",
        passed.text
    );
}

/// Waits (at most 30 s) until node `addr` reports an empty outbox.
async fn outbox_drained(app: &TestApp, addr: &str) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let text = app
            .http
            .get(format!("http://{addr}/metrics"))
            .send()
            .await
            .and_then(|r| r.error_for_status());
        let text = match text {
            Ok(r) => r.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        if text.lines().any(|l| l == "twofold_outbox_depth 0") {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the outbox never drained: {text}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

async fn three_nodes_behind_nginx_lose_nothing_when_one_is_killed() {
    // Three nodes on one database and data dir (one key file, one dev outbox), all with the
    // balancer's address as their public URL.
    let port = free_port();
    let public = format!("http://localhost:{port}");
    // Every node looks for scheduled reminders each second.
    let env = [
        ("TWOFOLD_PUBLIC_URL", public.as_str()),
        ("TWOFOLD_REMINDERS__TICK_SECONDS", "1"),
    ];
    let mut app = spawn_app_with(Backend::Postgres, &env).await;
    let a = app.addr.clone();
    let (b_child, b) = start_server(app.dir.path(), &app.db.url, &env);
    let mut b_node = KillOnDrop(b_child);
    let (c_child, c) = start_server(app.dir.path(), &app.db.url, &env);
    let _c_node = KillOnDrop(c_child);
    let lb_dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let _lb = balancer(port, &[&a, &b, &c], lb_dir.path());
    app.addr = format!("localhost:{port}");

    let (owner, org, ready, late, holdouts) = organization(&app).await;
    let (beta_org, beta_members) = beta(&app, &owner).await;
    enroll_device(&app, &owner).await;
    push_answered_on_another_node(&app, &owner, &a, &b).await;
    app.clock.advance_to_step(app.clock.step() + 3);
    let app = Arc::new(app);

    // The mixed workload, all at once; node B is killed once four sign-ins are through.
    let (progress, mut seen) = watch::channel(0u32);
    let progress = Arc::new(progress);
    let mut tasks = JoinSet::new();
    for mut m in ready {
        let (app, progress) = (Arc::clone(&app), Arc::clone(&progress));
        tasks.spawn(async move {
            let mut t = Tally::default();
            for _ in 0..2 {
                sign_in(&app, &mut m, &mut t).await;
                progress.send_modify(|n| *n += 1);
            }
            (t, Some(m))
        });
    }
    for user in late {
        let (app, progress) = (Arc::clone(&app), Arc::clone(&progress));
        tasks.spawn(async move {
            let mut t = Tally::default();
            let mut m = enroll(&app, &user, &mut t).await;
            if m.acknowledged {
                sign_in(&app, &mut m, &mut t).await;
            }
            progress.send_modify(|n| *n += 1);
            (t, Some(m))
        });
    }
    // Beta's enforcement, moved to three days ahead during the load: the nodes' jobs send the
    // week-before reminder.
    let beta_from = app.clock.now() + 3 * 86_400;
    {
        let (app, owner, org, beta_org) = (
            Arc::clone(&app),
            owner.clone(),
            org.clone(),
            beta_org.clone(),
        );
        tasks.spawn(async move {
            let mut t = Tally::default();
            let path = format!("/api/v1/orgs/{org}/mfa-reminders");
            let res =
                again_if_lost(&mut t, || app.post(&path, Some(&owner.token), json!({}))).await;
            t.queued = res.assert_status(202)["queued"].as_u64().unwrap_or(0);
            let body = json!({"enforced": true, "confirm": "ENFORCE"});
            let res = again_if_lost(&mut t, || {
                put_policy(&app, &org, &owner.token, body.clone())
            })
            .await;
            res.assert_status(200);
            let scheduled = json!({"enforced": true, "enforce_from": rfc3339_at(beta_from), "confirm": "ENFORCE"});
            let res = again_if_lost(&mut t, || {
                put_policy(&app, &beta_org, &owner.token, scheduled.clone())
            })
            .await;
            res.assert_status(200);
            (t, None)
        });
    }
    drop(progress);
    let _ = seen.wait_for(|n| *n >= 4).await;
    let _ = b_node.0.kill();
    let _ = b_node.0.wait();
    let at_kill = *seen.borrow();
    let (mut tally, mut members) = (Tally::default(), Vec::new());
    while let Some(done) = tasks.join_next().await {
        let (t, m) = done.unwrap_or_else(|e| panic!("a task failed: {e}"));
        tally.sessions.extend(t.sessions);
        tally.lost += t.lost;
        tally.queued += t.queued;
        members.extend(m);
    }
    assert!(
        at_kill < 27,
        "node B was killed in the middle ({at_kill} of 27 done)"
    );
    assert!(
        tally.lost <= 19,
        "at most one request in flight per task: {}",
        tally.lost
    );

    // Every session handed out works on each surviving node; the push waits on one and is
    // answered on the other.
    assert!(
        tally.sessions.len() >= 18,
        "{} sessions",
        tally.sessions.len()
    );
    for s in &tally.sessions {
        for node in [&a, &c] {
            on(&app, node, Method::GET, "/api/v1/me", s)
                .await
                .assert_status(200);
        }
    }
    push_answered_on_another_node(&app, &owner, &c, &a).await;
    let policy = app
        .get(&format!("/api/v1/orgs/{org}/mfa-policy"), &owner.token)
        .await;
    assert_eq!(
        policy.assert_status(200)["enforced"],
        true,
        "{}",
        policy.text
    );

    // The killed node's claims on the outbox run out; the others send what it held, once.
    app.clock.advance_to_step(app.clock.step() + 4);
    outbox_drained(&app, &a).await;
    let mut reminded = 0;
    for m in &mut members {
        let methods = app.get("/api/v1/me/mfa", &m.user.token).await;
        let confirmed = methods.assert_status(200)["methods"]
            .as_array()
            .map_or(0, Vec::len);
        assert!(
            confirmed <= 1 && (confirmed == 1 || !m.acknowledged),
            "{}",
            methods.text
        );
        let added = wait_for_emails(&app, &m.user.email, &[ADDED], confirmed).await;
        assert_eq!(
            (added.len(), emails_to(&app, &m.user.email, &[ADDED]).len()),
            (confirmed, confirmed),
            "one email per method added: {}",
            m.user.email
        );
        let reminders = emails_to(&app, &m.user.email, &[REMINDED]).len();
        assert!(
            reminders <= 1,
            "{} reminded {reminders} times",
            m.user.email
        );
        reminded += reminders;
        if confirmed == 1 {
            sign_in(&app, m, &mut tally).await;
        } else {
            let res = app.sign_in(&m.user.email, PASSWORD).await;
            assert_eq!(
                res.assert_status(201)["state"],
                "setup_required",
                "{}",
                res.text
            );
        }
    }
    // Beta's scheduled mail, sent by whichever node's jobs came first: once each.
    let week_before = format!("Please set it up before {}", email_day(beta_from));
    for m in &beta_members {
        wait_for_emails(&app, &m.email, &[BETA_REMINDED, &week_before], 1).await;
        wait_for_emails(&app, &m.email, &[BETA_ANNOUNCED], 1).await;
    }
    outbox_drained(&app, &a).await;
    for m in &beta_members {
        let sent = (
            emails_to(&app, &m.email, &[BETA_REMINDED]).len(),
            emails_to(&app, &m.email, &[BETA_ANNOUNCED]).len(),
        );
        assert_eq!(sent, (1, 1), "{}: reminders and announcements", m.email);
    }
    // The reminders request may have been lost after it committed (its retry then finds
    // everyone reminded within the window and queues nothing), or gone through once: either
    // way each member who never set up 2FA is reminded exactly once.
    for h in &holdouts {
        wait_for_emails(&app, &h.email, &[REMINDED], 1).await;
        assert_eq!(
            emails_to(&app, &h.email, &[REMINDED]).len(),
            1,
            "{}",
            h.email
        );
        let res = app.sign_in(&h.email, PASSWORD).await;
        assert_eq!(
            res.assert_status(201)["state"],
            "setup_required",
            "{}",
            res.text
        );
        reminded += 1;
    }
    assert!(
        reminded as u64 >= tally.queued,
        "{reminded} reminders sent, {} queued",
        tally.queued
    );
}
