//! Email delivery: files by default, a real SMTP server when configured, nothing lost on a crash.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::json;

use crate::helpers::{
    Backend, KillOnDrop, TestDb, spawn_app_with, start_server, wait_for_file_containing,
};

/// Runs the crash scenario on one backend: queue with no worker, kill -9, restart, delivered.
async fn crash_scenario(backend: Backend) {
    // No mail reaches the outbox directory before the restart: the accounts need no proof.
    let mut app = spawn_app_with(
        backend,
        &[
            ("TWOFOLD_OUTBOX_WORKER", "false"),
            ("TWOFOLD_SIGNUP__VERIFY_EMAIL", "false"),
        ],
    )
    .await;
    let owner = app.user("owner@example.org").await;
    let org = app.org(&owner, "Acme").await;
    app.post(
        &format!("/api/v1/orgs/{org}/invitations"),
        Some(&owner.token),
        json!({"email": "late@example.org", "role": "member"}),
    )
    .await
    .assert_status(201);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let outbox = app.outbox_dir();
    let files = std::fs::read_dir(&outbox).map(|d| d.count()).unwrap_or(0);
    assert_eq!(files, 0, "nothing may be delivered without a worker");
    app.kill();

    // Same data directory and database, new process with the worker on.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (child, _addr) = start_server(
        dir.path(),
        &app.db.url,
        &[("TWOFOLD_DEV_OUTBOX", outbox.to_str().unwrap_or_default())],
    );
    let _guard = KillOnDrop(child);
    let mail = wait_for_file_containing(&outbox, &["To: late@example.org", "Acme"]).await;
    assert!(mail.contains("/invitations/"));
}

mod crash {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        super::crash_scenario(crate::helpers::Backend::Sqlite).await;
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        super::crash_scenario(crate::helpers::Backend::Postgres).await;
    }
}

pub(crate) fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("{e}"))
}

/// A real SMTP server: Debian's aiosmtpd, which prints every message it receives.
pub(crate) struct SmtpServer {
    child: std::process::Child,
    received: Arc<Mutex<String>>,
    pub(crate) port: u16,
}

impl SmtpServer {
    /// Starts aiosmtpd on a free port. The port is chosen before aiosmtpd binds it, so another
    /// test's server may take it in between: the server is only trusted once it greets in
    /// SMTP ("220"), and started again on another port otherwise.
    pub(crate) fn start() -> Self {
        for _ in 0..5 {
            if let Some(server) = Self::try_start() {
                return server;
            }
        }
        panic!("aiosmtpd did not start (scripts/test.sh installs python3-aiosmtpd)");
    }

    fn try_start() -> Option<Self> {
        let port = free_port();
        let mut child = Command::new("/usr/bin/python3")
            .args([
                "-u",
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                &format!("127.0.0.1:{port}"),
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot start aiosmtpd (scripts/test.sh installs python3-aiosmtpd): {e}")
            });
        let stdout = child.stdout.take().unwrap_or_else(|| panic!("no stdout"));
        let received = Arc::new(Mutex::new(String::new()));
        let sink = Arc::clone(&received);
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Ok(mut s) = sink.lock() {
                    s.push_str(&line);
                    s.push('\n');
                }
            }
        });
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if Instant::now() > deadline || matches!(child.try_wait(), Ok(Some(_))) {
                let _ = child.kill();
                let _ = child.wait();
                return None;
            }
            if let Ok(stream) = std::net::TcpStream::connect(("127.0.0.1", port)) {
                let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
                let mut greeting = [0u8; 3];
                if std::io::Read::read_exact(&mut &stream, &mut greeting).is_ok()
                    && &greeting == b"220"
                {
                    return Some(Self {
                        child,
                        received,
                        port,
                    });
                }
                // Something else holds the port (it does not greet in SMTP).
                let _ = child.kill();
                let _ = child.wait();
                return None;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Everything received so far.
    pub(crate) fn received(&self) -> String {
        self.received.lock().map(|s| s.clone()).unwrap_or_default()
    }

    pub(crate) async fn wait_for(&self, needles: &[&str]) -> String {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let text = self.received.lock().map(|s| s.clone()).unwrap_or_default();
            if needles.iter().all(|n| text.contains(n)) {
                return text;
            }
            assert!(
                Instant::now() < deadline,
                "SMTP server never received {needles:?}:\n{text}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn smtp_scenario(backend: Backend) {
    let smtp = SmtpServer::start();
    let port = smtp.port.to_string();
    let app = spawn_app_with(
        backend,
        &[
            ("TWOFOLD_SMTP__HOST", "127.0.0.1"),
            ("TWOFOLD_SMTP__PORT", &port),
            ("TWOFOLD_SMTP__TLS", "none"),
            ("TWOFOLD_MAIL_FROM", "Acme Identity <id@acme.example>"),
            // Mail goes to the SMTP server, not the outbox directory: no sign-up links.
            ("TWOFOLD_SIGNUP__VERIFY_EMAIL", "false"),
        ],
    )
    .await;
    let owner = app.user("owner@example.org").await;
    let org = app.org(&owner, "Acme").await;
    let inv = app
        .post(
            &format!("/api/v1/orgs/{org}/invitations"),
            Some(&owner.token),
            json!({"email": "smtp-guest@example.org", "role": "member"}),
        )
        .await;
    let token = inv.assert_status(201)["token"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let text = smtp
        // The whole message: aiosmtpd prints its headers before its body.
        .wait_for(&[
            "To: smtp-guest@example.org",
            "<id@acme.example>",
            "Acme",
            "END MESSAGE",
        ])
        .await;
    assert!(
        text.replace("=\n", "").contains(&token),
        "the link carries the token:\n{text}"
    );
    // With SMTP configured, nothing is written to the dev outbox.
    assert_eq!(
        std::fs::read_dir(app.outbox_dir())
            .map(|d| d.count())
            .unwrap_or(0),
        0
    );
}

mod smtp {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn invitation_reaches_a_real_smtp_server_sqlite() {
        super::smtp_scenario(crate::helpers::Backend::Sqlite).await;
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn invitation_reaches_a_real_smtp_server_postgres() {
        super::smtp_scenario(crate::helpers::Backend::Postgres).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readyz_fails_when_the_database_goes_away_postgres() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let db = TestDb::create(Backend::Postgres, dir.path()).await;
    let (child, addr) = start_server(dir.path(), &db.url, &[]);
    let _guard = KillOnDrop(child);
    server::install_tls_provider();
    let http = reqwest::Client::new();
    let ready = http
        .get(format!("http://{addr}/readyz"))
        .send()
        .await
        .map(|r| r.status().as_u16());
    assert_eq!(ready.ok(), Some(200));
    drop(db); // DROP DATABASE … WITH (FORCE) ends the server's connections.
    let status = http
        .get(format!("http://{addr}/readyz"))
        .send()
        .await
        .map(|r| r.status().as_u16());
    assert_eq!(status.ok(), Some(503));
    let health = http
        .get(format!("http://{addr}/healthz"))
        .send()
        .await
        .map(|r| r.status().as_u16());
    assert_eq!(
        health.ok(),
        Some(200),
        "liveness does not depend on the database"
    );
}
