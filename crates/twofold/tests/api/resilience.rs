//! Reliability: slow or silent clients cannot shut others out, a database outage answers 503
//! `unavailable` (and the server recovers with nothing lost), and mail claimed by a node that
//! crashed is delivered by another within one lease, once.
//!
//! SQLite has no outage to test: it is a file in the server's own process.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::backend_tests_on;
use crate::helpers::{
    Backend, KillOnDrop, PASSWORD, TestDb, set_cookie_value, spawn_app_on, spawn_app_with,
    start_server,
};
use crate::outbox::SmtpServer;
use crate::tcp_proxy::{Mode, TcpProxy};

const SLOW_CLIENTS: usize = 2000;
/// The header timeout the slow-client test gives the server: long enough that all 2,000 are
/// still connected when `/healthz` is asked, even on two cores busy with the other tests.
const HEADER_TIMEOUT: Duration = Duration::from_secs(8);

/// How a slow client behaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slow {
    /// Connects and sends nothing.
    Idle,
    /// Sends half a request and nothing more.
    Partial,
    /// Sends half a request, then a header line every 300 ms, never the end of the headers.
    Trickle,
}

/// Holds a connection the way `how` says until the server closes it; returns how long after
/// `opened` that was, or `None` if it was still open after 15 s.
async fn hold(mut s: TcpStream, how: Slow, opened: Instant) -> Option<Duration> {
    if how != Slow::Idle
        && s.write_all(b"GET /healthz HTTP/1.1\r\nHost: slow\r\n")
            .await
            .is_err()
    {
        return Some(opened.elapsed());
    }
    let mut buf = [0u8; 1024];
    let mut beat = tokio::time::interval(Duration::from_millis(300));
    let give_up = tokio::time::sleep(Duration::from_secs(15));
    tokio::pin!(give_up);
    loop {
        tokio::select! {
            read = s.read(&mut buf) => match read {
                Ok(0) | Err(_) => return Some(opened.elapsed()),
                Ok(_) => {}
            },
            _ = beat.tick(), if how == Slow::Trickle => {
                if s.write_all(b"X-Slow: a\r\n").await.is_err() {
                    return Some(opened.elapsed());
                }
            }
            () = &mut give_up => return None,
        }
    }
}

/// `GET /healthz` on a fresh connection; returns the status line and how long it took.
async fn healthz_fresh(addr: SocketAddr) -> (String, Duration) {
    let start = Instant::now();
    let mut s = TcpStream::connect(addr)
        .await
        .unwrap_or_else(|e| panic!("connect: {e}"));
    s.write_all(b"GET /healthz HTTP/1.1\r\nHost: probe\r\nConnection: close\r\n\r\n")
        .await
        .unwrap_or_else(|e| panic!("write: {e}"));
    let mut answer = Vec::new();
    let _ = s.read_to_end(&mut answer).await;
    let took = start.elapsed();
    let text = String::from_utf8_lossy(&answer);
    (text.lines().next().unwrap_or_default().to_owned(), took)
}

async fn slow_clients_do_not_shut_out_others(backend: Backend) {
    // The test holds 2,000 sockets and so does the server: room for both.
    let _ = rlimit::increase_nofile_limit(8 * 1024);
    let secs = HEADER_TIMEOUT.as_secs().to_string();
    let app = spawn_app_with(backend, &[("TWOFOLD_HTTP__HEADER_TIMEOUT_SECONDS", &secs)]).await;
    let addr: SocketAddr = app.socket_addr();
    assert!(healthz_fresh(addr).await.0.contains("200"));

    let mut held = Vec::with_capacity(SLOW_CLIENTS);
    for i in 0..SLOW_CLIENTS {
        let how = match i % 10 {
            0 => Slow::Trickle,
            1 | 3 | 5 | 7 | 9 => Slow::Partial,
            _ => Slow::Idle,
        };
        let s = TcpStream::connect(addr)
            .await
            .unwrap_or_else(|e| panic!("connection {i}: {e}"));
        held.push(tokio::spawn(hold(s, how, Instant::now())));
    }
    let open = held.iter().filter(|h| !h.is_finished()).count();

    // With them all connected, a newcomer is answered at once.
    let mut slowest = Duration::ZERO;
    for _ in 0..5 {
        let (status, took) = healthz_fresh(addr).await;
        assert!(status.contains("200"), "{status}");
        slowest = slowest.max(took);
    }
    eprintln!("/healthz with {open} slow connections open: slowest of 5 took {slowest:?}");
    assert!(
        open >= SLOW_CLIENTS * 9 / 10,
        "the slow connections were open while /healthz was asked ({open})"
    );
    assert!(
        slowest < Duration::from_millis(100),
        "/healthz took {slowest:?}"
    );

    // The server closes every slow one after the header timeout, not before.
    let mut closed = Vec::with_capacity(SLOW_CLIENTS);
    for h in held {
        let after = h.await.unwrap_or_else(|e| panic!("{e}"));
        closed.push(after.unwrap_or_else(|| panic!("a slow connection was never closed")));
    }
    let first = closed.iter().min().copied().unwrap_or_default();
    let last = closed.iter().max().copied().unwrap_or_default();
    eprintln!("slow connections closed between {first:?} and {last:?}");
    assert!(
        first >= HEADER_TIMEOUT - Duration::from_millis(300),
        "{first:?}"
    );
    assert!(last <= HEADER_TIMEOUT + Duration::from_secs(5), "{last:?}");
    assert!(healthz_fresh(addr).await.0.contains("200"));
}

async fn a_body_that_trickles_is_cut_at_the_body_timeout(backend: Backend) {
    let app = spawn_app_with(backend, &[("TWOFOLD_HTTP__BODY_TIMEOUT_SECONDS", "1")]).await;
    let addr: SocketAddr = app.socket_addr();
    let mut s = TcpStream::connect(addr)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let start = Instant::now();
    s.write_all(
        b"POST /api/v1/accounts HTTP/1.1\r\nHost: slow\r\nContent-Type: application/json\r\n\
          Content-Length: 100\r\n\r\n{\"email\"",
    )
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(10), s.read_to_end(&mut answer)).await;
    let took = start.elapsed();
    assert!(read.is_ok(), "the server never ended the request");
    let text = String::from_utf8_lossy(&answer);
    assert!(text.starts_with("HTTP/1.1 400"), "{text}");
    assert!(text.contains("\"code\":\"bad_request\""), "{text}");
    assert!(took >= Duration::from_millis(900), "{took:?}");
    assert!(took < Duration::from_secs(5), "{took:?}");
}

async fn connections_beyond_the_cap_wait_for_a_free_slot(backend: Backend) {
    let app = spawn_app_with(
        backend,
        &[
            ("TWOFOLD_HTTP__MAX_CONNECTIONS", "20"),
            ("TWOFOLD_HTTP__HEADER_TIMEOUT_SECONDS", "1"),
        ],
    )
    .await;
    let addr: SocketAddr = app.socket_addr();
    let mut silent = Vec::new();
    for _ in 0..20 {
        let s = TcpStream::connect(addr)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        silent.push(tokio::spawn(hold(s, Slow::Idle, Instant::now())));
    }
    // The 21st is not served while 20 silent ones hold every slot, and is served as soon as the
    // header timeout frees them.
    let (status, took) = healthz_fresh(addr).await;
    eprintln!("/healthz beyond the cap answered after {took:?}");
    assert!(status.contains("200"), "{status}");
    assert!(took >= Duration::from_millis(700), "{took:?}");
    assert!(took < Duration::from_secs(4), "{took:?}");
    for h in silent {
        assert!(h.await.ok().flatten().is_some());
    }
}

/// Reads one HTTP/1.1 answer (headers, then a body of `Content-Length` bytes) from `s`.
async fn read_answer(s: &mut TcpStream) -> String {
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let text = String::from_utf8_lossy(&got).into_owned();
        if crate::helpers::whole_message(&text).is_some() {
            return text;
        }
        let n = tokio::time::timeout(Duration::from_secs(10), s.read(&mut buf))
            .await
            .unwrap_or_else(|_| panic!("no full answer: {text}"))
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            n > 0,
            "the connection closed before the answer was complete: {text}"
        );
        got.extend_from_slice(&buf[..n]);
    }
}

/// SIGTERM stops accepting at once but lets a request already begun finish: here one whose
/// body is still arriving when the server is told to stop.
async fn a_request_in_flight_at_sigterm_is_answered_and_new_ones_are_refused(backend: Backend) {
    let mut app = spawn_app_with(backend, &[]).await;
    let addr: SocketAddr = app.socket_addr();
    let mut s = TcpStream::connect(addr)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    // Answered on this connection first: from then on the server is serving it.
    s.write_all(b"GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(read_answer(&mut s).await.starts_with("HTTP/1.1 200"));
    let body = format!(r#"{{"email":"ann@example.org","password":"{PASSWORD}"}}"#);
    // `Expect: 100-continue`: the server says "go on" once its handler reads the body, so the
    // request is surely in its hands (not still unread in a socket buffer) before the signal.
    let head = format!(
        "POST /api/v1/accounts HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n\
         Expect: 100-continue\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let go_on = read_answer(&mut s).await;
    assert!(go_on.starts_with("HTTP/1.1 100"), "{go_on}");
    app.signal_term();
    // The listener closes: new connections are refused.
    let deadline = Instant::now() + Duration::from_secs(5);
    while TcpStream::connect(addr).await.is_ok() {
        assert!(
            Instant::now() < deadline,
            "still accepting 5 s after SIGTERM"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    // The request begun before is still served to the end.
    s.write_all(body.as_bytes())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let answer = read_answer(&mut s).await;
    assert!(answer.starts_with("HTTP/1.1 201"), "{answer}");
    assert!(app.wait_exit(), "the server did not exit cleanly");
}

backend_tests_on!(
    a_request_in_flight_at_sigterm_is_answered_and_new_ones_are_refused,
    connections_beyond_the_cap_wait_for_a_free_slot,
    slow_clients_do_not_shut_out_others,
    a_body_that_trickles_is_cut_at_the_body_timeout,
);

/// The `host:port` of a PostgreSQL URL.
fn pg_host_port(url: &str) -> String {
    let after_at = url.rsplit_once('@').map_or(url, |(_, r)| r);
    after_at.split('/').next().unwrap_or_default().to_owned()
}

/// Runs `req`, asserting it is answered quickly; returns the response.
async fn quickly(
    app: &crate::helpers::TestApp,
    req: reqwest::RequestBuilder,
) -> crate::helpers::Res {
    let start = Instant::now();
    let res = app.send(req).await;
    let took = start.elapsed();
    eprintln!("answered {} in {took:?}", res.status);
    assert!(took < Duration::from_secs(3), "took {took:?}: {}", res.text);
    res
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_outage_answers_unavailable_and_nothing_is_lost_postgres() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let db = TestDb::create(Backend::Postgres, dir.path()).await;
    let upstream = pg_host_port(&db.url);
    let pg: SocketAddr = tokio::net::lookup_host(&upstream)
        .await
        .ok()
        .and_then(|mut a| a.next())
        .unwrap_or_else(|| panic!("cannot resolve {upstream}"));
    let proxy = TcpProxy::start(pg, Mode::Open).await;
    let url = db.url.replacen(&upstream, &proxy.addr.to_string(), 1);
    // Every request reads its session from the database, so pages meet the outage too.
    let app = spawn_app_on(dir, db, &url, &[("TWOFOLD_SESSION__CACHE_MS", "0")]);

    let owner = app.user("owner@example.org").await;
    let org = app.org(&owner, "Acme").await;
    let signed_in = app.sign_in("owner@example.org", PASSWORD).await;
    let cookie = set_cookie_value(&signed_in, "twofold_session").unwrap_or_default();

    proxy.cut();

    let write = quickly(
        &app,
        app.http
            .post(app.url("/api/v1/orgs"))
            .bearer_auth(&owner.token)
            .json(&json!({"name": "Beta"})),
    )
    .await;
    write.assert_problem(503, "unavailable");
    assert!(
        write.headers.contains_key("retry-after"),
        "{:?}",
        write.headers
    );
    let sign_in = quickly(
        &app,
        app.http
            .post(app.url("/api/v1/sessions"))
            .json(&json!({"email": "owner@example.org", "password": PASSWORD})),
    )
    .await;
    sign_in.assert_problem(503, "unavailable");
    let read = quickly(
        &app,
        app.http
            .get(app.url(&format!("/api/v1/orgs/{org}")))
            .bearer_auth(&owner.token),
    )
    .await;
    read.assert_problem(503, "unavailable");
    let page = quickly(
        &app,
        app.http
            .get(app.url("/account/security"))
            .header("cookie", format!("twofold_session={cookie}")),
    )
    .await;
    assert_eq!(page.status.as_u16(), 503, "{}", page.text);
    assert!(
        page.text.contains("Temporarily unavailable"),
        "{}",
        page.text
    );
    assert!(page.headers.contains_key("retry-after"));

    let start = Instant::now();
    let ready = app.call(Method::GET, "/readyz", None, None).await;
    let took = start.elapsed();
    eprintln!("/readyz during the outage: {} in {took:?}", ready.status);
    assert_eq!(ready.status.as_u16(), 503);
    assert!(took < Duration::from_millis(1500), "{took:?}");
    assert_eq!(
        app.call(Method::GET, "/healthz", None, None)
            .await
            .status
            .as_u16(),
        200
    );

    proxy.restore();
    let deadline = Instant::now() + Duration::from_secs(10);
    while app
        .call(Method::GET, "/readyz", None, None)
        .await
        .status
        .as_u16()
        != 200
    {
        assert!(Instant::now() < deadline, "/readyz never came back");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Sign-in and writes work again; what was acknowledged before the outage is there.
    app.sign_in("owner@example.org", PASSWORD)
        .await
        .assert_status(201);
    app.post("/api/v1/orgs", Some(&owner.token), json!({"name": "Beta"}))
        .await
        .assert_status(201);
    let acme = app.get(&format!("/api/v1/orgs/{org}"), &owner.token).await;
    assert_eq!(acme.assert_status(200)["name"], "Acme");
}

/// Each outbox row for `to`: (attempts, delivered).
async fn outbox_rows(db: &TestDb, to: &str) -> Vec<(i64, bool)> {
    let sql = "SELECT attempts, delivered_at FROM outbox WHERE recipient = $1";
    let rows: Vec<(i64, Option<i64>)> = if db.url.starts_with("postgres") {
        let mut c = <sqlx::PgConnection as sqlx::Connection>::connect(&db.url)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        sqlx::query_as(sql).bind(to).fetch_all(&mut c).await
    } else {
        let mut c = <sqlx::SqliteConnection as sqlx::Connection>::connect(&db.url)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        sqlx::query_as(sql).bind(to).fetch_all(&mut c).await
    }
    .unwrap_or_else(|e| panic!("{e}"));
    rows.into_iter().map(|(a, d)| (a, d.is_some())).collect()
}

fn smtp_env(port: &str, lease: &'static str) -> Vec<(&'static str, String)> {
    vec![
        ("TWOFOLD_SMTP__HOST", "127.0.0.1".to_owned()),
        ("TWOFOLD_SMTP__PORT", port.to_owned()),
        ("TWOFOLD_SMTP__TLS", "none".to_owned()),
        ("TWOFOLD_OUTBOX__LEASE_SECONDS", lease.to_owned()),
        // Mail goes to the SMTP server, not the outbox directory: no sign-up links.
        ("TWOFOLD_SIGNUP__VERIFY_EMAIL", "false".to_owned()),
    ]
}

fn as_env<'a>(v: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    v.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

async fn invite(app: &crate::helpers::TestApp, email: &str) {
    let owner = app.user("owner@example.org").await;
    let org = app.org(&owner, "Acme").await;
    app.post(
        &format!("/api/v1/orgs/{org}/invitations"),
        Some(&owner.token),
        json!({"email": email, "role": "member"}),
    )
    .await
    .assert_status(201);
}

/// Node A, whose claims last `lease` seconds, claimed an invitation to guest@example.org and is
/// stuck delivering it: its SMTP server takes the connection and hangs. Returns A, the real SMTP
/// server, and the hanging proxy (kept alive while A talks to it).
async fn node_stuck_delivering(
    backend: Backend,
    lease: &'static str,
) -> (crate::helpers::TestApp, SmtpServer, TcpProxy) {
    let smtp = SmtpServer::start();
    let real: SocketAddr = SocketAddr::from(([127, 0, 0, 1], smtp.port));
    let hanging = TcpProxy::start(real, Mode::Stalled).await;
    let a_env = smtp_env(&hanging.addr.port().to_string(), lease);
    let a = spawn_app_with(backend, &as_env(&a_env)).await;
    invite(&a, "guest@example.org").await;
    let deadline = Instant::now() + Duration::from_secs(10);
    while hanging.accepted() == 0 || outbox_rows(&a.db, "guest@example.org").await != [(1, false)] {
        assert!(Instant::now() < deadline, "node A never tried to deliver");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    (a, smtp, hanging)
}

async fn mail_of_a_crashed_node_is_sent_by_another_within_a_lease(backend: Backend) {
    // Node A is mid-delivery when it dies.
    let (mut a, smtp, _hanging) = node_stuck_delivering(backend, "2").await;
    a.kill();
    let killed = Instant::now();

    let b_dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let b_env = smtp_env(&smtp.port.to_string(), "2");
    let (b, _) = start_server(b_dir.path(), &a.db.url, &as_env(&b_env));
    let _b = KillOnDrop(b);
    smtp.wait_for(&["To: guest@example.org"]).await;
    let took = killed.elapsed();
    eprintln!("delivered by node B {took:?} after node A was killed (lease 2 s)");
    assert!(took < Duration::from_secs(8), "{took:?}");
    assert_eq!(smtp.received().matches("To: guest@example.org").count(), 1);
}

/// The same as a crash, but the node is stopped the way an operator stops it and its claims
/// last five minutes: it hands the mail back as it stops, so another node sends it at once.
async fn mail_of_a_node_stopped_with_sigterm_goes_to_another_at_once(backend: Backend) {
    let (mut a, smtp, _hanging) = node_stuck_delivering(backend, "300").await;
    a.terminate();
    let stopped = Instant::now();
    // Handed back: due, and the abandoned attempt not counted.
    assert_eq!(outbox_rows(&a.db, "guest@example.org").await, [(0, false)]);

    let b_dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let b_env = smtp_env(&smtp.port.to_string(), "300");
    let (b, _) = start_server(b_dir.path(), &a.db.url, &as_env(&b_env));
    let _b = KillOnDrop(b);
    smtp.wait_for(&["To: guest@example.org"]).await;
    let took = stopped.elapsed();
    assert!(
        took < Duration::from_secs(10),
        "{took:?} with claims of 300 s"
    );
    assert_eq!(smtp.received().matches("To: guest@example.org").count(), 1);
}

async fn slow_delivery_longer_than_the_lease_sends_once(backend: Backend) {
    let smtp = SmtpServer::start();
    let real: SocketAddr = SocketAddr::from(([127, 0, 0, 1], smtp.port));
    // Each SMTP connection waits 3 s before the server greets: three leases of 1 s.
    let slow = TcpProxy::start(real, Mode::Open).await;
    slow.slow(Duration::from_secs(3));
    let env = smtp_env(&slow.addr.port().to_string(), "1");
    let a = spawn_app_with(backend, &as_env(&env)).await;
    let b_dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (b, _) = start_server(b_dir.path(), &a.db.url, &as_env(&env));
    let _b = KillOnDrop(b);

    invite(&a, "guest@example.org").await;
    smtp.wait_for(&["To: guest@example.org"]).await;
    let deadline = Instant::now() + Duration::from_secs(10);
    let rows = loop {
        let rows = outbox_rows(&a.db, "guest@example.org").await;
        if rows.iter().all(|(_, delivered)| *delivered) && !rows.is_empty() {
            break rows;
        }
        assert!(
            Instant::now() < deadline,
            "never marked delivered: {rows:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    // One claim, one attempt: no other node took it while the delivery was slow.
    assert_eq!(rows, vec![(1, true)]);
    assert_eq!(smtp.received().matches("To: guest@example.org").count(), 1);
}

backend_tests_on!(
    mail_of_a_node_stopped_with_sigterm_goes_to_another_at_once,
    mail_of_a_crashed_node_is_sent_by_another_within_a_lease,
    slow_delivery_longer_than_the_lease_sends_once,
);
