//! `spawn_app`: starts the real server with a fresh database and talks to it.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

pub use testkit::{Backend, TestDb};

/// Generates a `sqlite` and a `postgres` test for each async fn taking a `TestApp`.
#[macro_export]
macro_rules! backend_tests {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$name($crate::helpers::spawn_app($crate::helpers::Backend::Sqlite).await).await
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    super::$name($crate::helpers::spawn_app($crate::helpers::Backend::Postgres).await).await
                }
            }
        )*
    };
}

/// Like `backend_tests!`, for tests that send dozens of racing requests at once. Their tests are
/// named `…::alone::{sqlite,postgres}`, and the test command runs them after the others, one at
/// a time (`--skip ::alone::`, then `::alone:: --test-threads=1`): the race is then decided by
/// the database's locks — what these tests are about — and not by how busy the other tests keep
/// the machine (a request that waits two seconds for a pooled connection is answered 503 by
/// design, under overload).
#[macro_export]
macro_rules! backend_tests_alone {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                mod alone {
                    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                    async fn sqlite() {
                        super::super::$name(
                            $crate::helpers::spawn_app($crate::helpers::Backend::Sqlite).await,
                        )
                        .await
                    }
                    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                    async fn postgres() {
                        super::super::$name(
                            $crate::helpers::spawn_app($crate::helpers::Backend::Postgres).await,
                        )
                        .await
                    }
                }
            }
        )*
    };
}

/// Generates a `sqlite` and a `postgres` test for each async fn taking a `Backend` (tests that
/// start their servers themselves).
#[macro_export]
macro_rules! backend_tests_on {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$name($crate::helpers::Backend::Sqlite).await
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    super::$name($crate::helpers::Backend::Postgres).await
                }
            }
        )*
    };
}

/// Kills a child process when the test ends, even when it fails.
pub struct KillOnDrop(pub Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A running `twofold serve`.
pub struct TestApp {
    pub addr: String,
    pub dir: tempfile::TempDir,
    pub db: TestDb,
    /// The server's clock (and that of every node started on the same data dir).
    pub clock: TestClock,
    child: Child,
    pub http: reqwest::Client,
}

/// The clock of the servers started on one data dir, which the test moves instead of sleeping:
/// the system clock plus an offset in whole seconds, kept in the file `test-clock` of the data
/// dir, which the debug binary reads at every `now()` (`TWOFOLD_TEST_CLOCK_FILE`, see
/// `crates/server/src/clock.rs`). Only the test moves it, and only forward.
#[derive(Debug, Clone)]
pub struct TestClock {
    pub file: PathBuf,
}

impl TestClock {
    pub const ENV: &'static str = "TWOFOLD_TEST_CLOCK_FILE";

    /// The clock of the data dir `dir`, at offset 0 unless a node started there moved it.
    pub fn in_dir(dir: &Path) -> Self {
        let file = dir.join("test-clock");
        if !file.exists() {
            Self::write(&file, 0);
        }
        Self { file }
    }

    /// Writes the offset atomically (a reader sees the old file or the new one), readable by
    /// its owner only as the server requires.
    fn write(file: &Path, offset: i64) {
        use std::io::Write;
        use std::os::unix::fs::OpenOptionsExt;
        let tmp = file.with_extension("tmp");
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(&tmp)
            .unwrap_or_else(|e| panic!("{}: {e}", tmp.display()));
        f.write_all(offset.to_string().as_bytes())
            .unwrap_or_else(|e| panic!("{}: {e}", tmp.display()));
        std::fs::rename(&tmp, file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    }

    /// The seconds the clock is ahead of the system clock.
    pub fn offset(&self) -> i64 {
        std::fs::read_to_string(&self.file)
            .unwrap_or_else(|e| panic!("{}: {e}", self.file.display()))
            .trim()
            .parse()
            .unwrap_or_else(|e| panic!("{}: {e}", self.file.display()))
    }

    /// The servers' Unix time now.
    pub fn now(&self) -> i64 {
        unix_now() + self.offset()
    }

    /// The TOTP time step the servers' clock is in.
    pub fn step(&self) -> i64 {
        self.now().div_euclid(TOTP_STEP)
    }

    /// The servers' moment `secs` seconds from now (whole seconds), as RFC 3339.
    pub fn rfc3339_in(&self, secs: i64) -> String {
        rfc3339_at(self.now() + secs)
    }

    /// Moves the servers' clock `secs` seconds forward, as if that much time passed.
    pub fn advance(&self, secs: i64) {
        assert!(secs >= 0, "the test clock only moves forward");
        Self::write(&self.file, self.offset() + secs);
    }

    /// Moves the clock to one second into TOTP step `step` (not at all when it has begun).
    pub fn advance_to_step(&self, step: i64) {
        let target = step * TOTP_STEP + 1;
        let now = self.now();
        if target > now {
            self.advance(target - now);
        }
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP/1.1 message read so far, split into its head and body once the whole body is in
/// (by its `Content-Length`; none without one).
pub fn whole_message(text: &str) -> Option<(&str, &str)> {
    let (head, body) = text.split_once("\r\n\r\n")?;
    let length = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-length:")
                .map(|v| v.trim().parse::<usize>().unwrap_or(0))
        })
        .unwrap_or(0);
    (body.len() >= length).then_some((head, body))
}

pub fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_twofold")
}

/// Cheaper Argon2id than production so hundreds of test sign-ins stay fast (the parameters
/// themselves are covered by the hashing unit tests and the benchmarks), and throttling waits
/// long enough that no assertion depends on how fast the machine runs the test. Every test signs
/// its people up from 127.0.0.1: the per-source sign-up limit is lifted (`accounts::sign_up_is_
/// limited_per_source` restores it).
pub const TEST_HASHING: [(&str, &str); 4] = [
    ("TWOFOLD_PASSWORD_HASHING__MEMORY_KIB", "1024"),
    ("TWOFOLD_PASSWORD_HASHING__ITERATIONS", "1"),
    ("TWOFOLD_SIGN_IN_THROTTLE__BASE_WAIT_SECONDS", "120"),
    ("TWOFOLD_SIGNUP__PER_SOURCE_PER_HOUR", "100000"),
];

/// Whether a command that ran succeeded, and what it wrote (standard output, then error).
pub fn outcome(out: &std::process::Output) -> (bool, String) {
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

/// Starts `twofold serve` with `args` and `env`; returns the child and the address to talk to it
/// at: `localhost:PORT` when that is its public URL (the default on a loopback address, so that
/// its links, issuer and WebAuthn site are where the test goes), else the address it listens on.
pub fn start_server(dir: &Path, db_url: &str, env: &[(&str, &str)]) -> (Child, String) {
    let mut cmd = Command::new(binary());
    cmd.arg("serve")
        .arg("--listen")
        .arg("127.0.0.1:0")
        .arg("--data-dir")
        .arg(dir)
        .arg("--database-url")
        .arg(db_url)
        .env_remove("TWOFOLD_CONFIG")
        // The test clock's start-up warning is for operators; every test server has one.
        .env("RUST_LOG", "warn,server::clock=error")
        .env(TestClock::ENV, TestClock::in_dir(dir).file)
        .envs(TEST_HASHING)
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    let mut child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start twofold: {e}"));
    let stdout = child.stdout.take().unwrap_or_else(|| panic!("no stdout"));
    let mut lines = BufReader::new(stdout).lines();
    let mut bound = None;
    let addr = loop {
        match lines.next() {
            Some(Ok(line)) => {
                if let Some(rest) = line.strip_prefix("twofold listening on http://") {
                    bound = Some(rest.trim().to_owned());
                } else if let (Some(b), Some(public)) = (&bound, line.strip_prefix("public URL: "))
                {
                    let port = b.rsplit(':').next().unwrap_or_default();
                    let local = format!("http://localhost:{port}");
                    break if public.trim() == local {
                        format!("localhost:{port}")
                    } else {
                        b.clone()
                    };
                }
            }
            _ => panic!("twofold exited before listening"),
        }
    };
    // Keep draining stdout so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    (child, addr)
}

pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, &[]).await
}

pub async fn spawn_app_with(backend: Backend, env: &[(&str, &str)]) -> TestApp {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let db = TestDb::create(backend, dir.path()).await;
    let url = db.url.clone();
    spawn_app_on(dir, db, &url, env)
}

/// Starts the server on `db` reached through `url` (a proxy in front of it, say).
pub fn spawn_app_on(
    dir: tempfile::TempDir,
    db: TestDb,
    url: &str,
    env: &[(&str, &str)],
) -> TestApp {
    let (child, addr) = start_server(dir.path(), url, env);
    server::install_tls_provider();
    TestApp {
        addr,
        clock: TestClock::in_dir(dir.path()),
        dir,
        db,
        child,
        http: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap_or_else(|e| panic!("{e}")),
    }
}

/// A node of the test's own, in the test process, on the app's database and data dir: it runs
/// the background jobs and delivers the outbox when the test says, so that a test sees what
/// further rounds do (nothing twice, say) without waiting for the servers' ticks. It has the
/// default settings (the servers' `TWOFOLD_*` variables do not reach it) and reads the system
/// clock: use it in tests that change neither.
pub struct Node {
    state: server::state::AppState,
    outbox: server::outbox::Outbox,
}

impl Node {
    /// One round of the background jobs, as a server's tick runs it.
    pub async fn run_jobs(&self) {
        server::services::reminders::jobs_once(&self.state)
            .await
            .unwrap_or_else(|e| panic!("background jobs failed: {e}"));
    }

    /// Delivers every message due (into the outbox directory), batch after batch.
    pub async fn drain_outbox(&self) {
        while self
            .outbox
            .run_once()
            .await
            .unwrap_or_else(|e| panic!("outbox batch failed: {e}"))
            > 0
        {}
    }
}

impl TestApp {
    /// A node of the test's own on this app's database and data dir (see `Node`).
    pub async fn node(&self) -> Node {
        let mut config = server::config::Config {
            data_dir: self.dir.path().to_owned(),
            database_url: Some(self.db.url.clone()),
            public_url: Some(self.url("")),
            ..server::config::Config::default()
        };
        config.password_hashing.memory_kib = 1024;
        config.password_hashing.iterations = 1;
        config.password_hashing.workers = Some(1);
        let bound = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
        let state = server::app_state(config, bound)
            .await
            .unwrap_or_else(|e| panic!("cannot start a node: {e}"));
        let outbox = server::outbox::Outbox::new(
            state.store.clone(),
            std::sync::Arc::clone(&state.clock),
            server::outbox::Transport::from_config(&state.config).unwrap_or_else(|e| panic!("{e}")),
            server::sms_gateway::SmsTransport::from_config(&state.config)
                .unwrap_or_else(|e| panic!("{e}")),
            &state.config.mail_from,
            state.config.outbox.lease(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        Node { state, outbox }
    }
}

/// A response, read whole.
#[derive(Debug)]
pub struct Res {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
    pub text: String,
}

impl Res {
    /// Asserts a problem document with this status and code.
    #[track_caller]
    pub fn assert_problem(&self, status: u16, code: &str) {
        assert_eq!(self.status.as_u16(), status, "{}", self.text);
        assert_eq!(self.body["code"], code, "{}", self.text);
        assert_eq!(self.body["status"], status, "{}", self.text);
        let ct = self
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        assert_eq!(ct, "application/problem+json", "{}", self.text);
        assert!(self.body["detail"].as_str().is_some_and(|d| !d.is_empty()));
    }

    #[track_caller]
    pub fn assert_status(&self, status: u16) -> &Value {
        assert_eq!(self.status.as_u16(), status, "{}", self.text);
        &self.body
    }
}

/// A signed-in account.
#[derive(Debug, Clone)]
pub struct User {
    pub id: String,
    pub email: String,
    pub token: String,
}

pub const PASSWORD: &str = "correct horse battery staple";

impl TestApp {
    /// Kills the server at once (SIGKILL), as a crash would.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Kills the server and starts it again on the same data dir and database, with `env`.
    pub fn restart(&mut self, env: &[(&str, &str)]) {
        self.kill();
        let (child, addr) = start_server(self.dir.path(), &self.db.url, env);
        self.child = child;
        self.addr = addr;
    }

    /// Sends the server SIGTERM without waiting for it to exit.
    pub fn signal_term(&self) {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill").args(["-TERM", &pid]).status();
        assert!(sent.is_ok_and(|s| s.success()), "kill -TERM {pid}");
    }

    /// Waits for the server process to exit; whether it exited cleanly.
    pub fn wait_exit(&mut self) -> bool {
        self.child.wait().is_ok_and(|s| s.success())
    }

    /// Stops the server as an operator does (SIGTERM) and waits for it to exit.
    pub fn terminate(&mut self) {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill").args(["-TERM", &pid]).status();
        assert!(sent.is_ok_and(|s| s.success()), "kill -TERM {pid}");
        let _ = self.child.wait();
    }

    /// The socket address the server listens on.
    pub fn socket_addr(&self) -> std::net::SocketAddr {
        self.addr
            .replacen("localhost:", "127.0.0.1:", 1)
            .parse()
            .unwrap_or_else(|e| panic!("{}: {e}", self.addr))
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    pub async fn send(&self, req: reqwest::RequestBuilder) -> Res {
        let res = req
            .send()
            .await
            .unwrap_or_else(|e| panic!("request failed: {e}"));
        let status = res.status();
        let headers = res.headers().clone();
        let text = res.text().await.unwrap_or_default();
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Res {
            status,
            headers,
            body,
            text,
        }
    }

    /// A request with an optional bearer token and JSON body.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Res {
        let mut req = self.http.request(method, self.url(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        self.send(req).await
    }

    pub async fn get(&self, path: &str, token: &str) -> Res {
        self.call(Method::GET, path, Some(token), None).await
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: Value) -> Res {
        self.call(Method::POST, path, token, Some(body)).await
    }

    pub async fn sign_up(&self, email: &str) -> Res {
        self.post(
            "/api/v1/accounts",
            None,
            json!({"email": email, "password": PASSWORD}),
        )
        .await
    }

    pub async fn sign_in(&self, email: &str, password: &str) -> Res {
        self.post(
            "/api/v1/sessions",
            None,
            json!({"email": email, "password": password}),
        )
        .await
    }

    /// Signs up and proves the address with the link emailed to it, as its holder would;
    /// returns the account's id.
    pub async fn verified_sign_up(&self, email: &str) -> String {
        let created = self.sign_up(email).await;
        let id = str_of(&created.assert_status(201)["id"]);
        // A server told not to ask for proof (its mail goes elsewhere) says so.
        if created.body["email_verified"] == false {
            assert_eq!(self.verify(email).await, id);
        }
        id
    }

    /// Proves `email`'s address with the newest sign-up link emailed to it; returns the id of
    /// the account verified.
    pub async fn verify(&self, email: &str) -> String {
        let token = self.verify_token(email).await;
        let verified = self
            .post("/api/v1/accounts/verify", None, json!({"token": token}))
            .await;
        str_of(&verified.assert_status(200)["id"])
    }

    /// The token of the newest sign-up link emailed to `to` (waiting for one if none is there).
    pub async fn verify_token(&self, to: &str) -> String {
        self.wait_for_email(to, "Confirm your email address").await;
        let mut found: Vec<(std::ffi::OsString, String)> = Vec::new();
        for e in std::fs::read_dir(self.outbox_dir())
            .into_iter()
            .flatten()
            .flatten()
        {
            let Ok(raw) = std::fs::read_to_string(e.path()) else {
                continue;
            };
            let text = decoded_email(&raw);
            let to_line = format!("to: {}", to.to_lowercase());
            if !text.to_lowercase().contains(&to_line) {
                continue;
            }
            if let Some((_, rest)) = text.split_once("/accounts/verify?token=") {
                let token = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                    .collect();
                // Files are named by their message's UUIDv7, in the order they were queued.
                found.push((e.file_name(), token));
            }
        }
        found.sort();
        found
            .pop()
            .map(|(_, t)| t)
            .unwrap_or_else(|| panic!("no sign-up link to {to}"))
    }

    /// Creates an account (its address proved through the emailed link) and signs it in.
    pub async fn user(&self, email: &str) -> User {
        let id = self.verified_sign_up(email).await;
        let session = self.sign_in(email, PASSWORD).await;
        let token = session.assert_status(201)["token"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        User {
            id,
            email: email.to_owned(),
            token,
        }
    }

    /// Creates an organization owned by `owner`; returns its id.
    pub async fn org(&self, owner: &User, name: &str) -> String {
        let res = self
            .post("/api/v1/orgs", Some(&owner.token), json!({"name": name}))
            .await;
        res.assert_status(201)["id"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// Invites `email` with `role` as `by`; returns the invitation token.
    pub async fn invite(
        &self,
        org: &str,
        by: &User,
        email: &str,
        role: &str,
        external: bool,
    ) -> String {
        let inv = self
            .post(
                &format!("/api/v1/orgs/{org}/invitations"),
                Some(&by.token),
                json!({"email": email, "role": role, "external": external}),
            )
            .await;
        inv.assert_status(201)["token"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// Invites `member` with `role` and accepts as them.
    pub async fn add_member(
        &self,
        org: &str,
        by: &User,
        member: &User,
        role: &str,
        external: bool,
    ) {
        let token = self.invite(org, by, &member.email, role, external).await;
        self.post(
            &format!("/api/v1/invitations/{token}/accept"),
            Some(&member.token),
            json!({}),
        )
        .await
        .assert_status(200);
    }

    /// Invites `member` with `role`, asking to manage their account, and accepts as them with
    /// their consent: `org` then manages the account.
    pub async fn add_managed_member(&self, org: &str, by: &User, member: &User, role: &str) {
        let inv = self
            .post(
                &format!("/api/v1/orgs/{org}/invitations"),
                Some(&by.token),
                json!({"email": member.email, "role": role, "manage_account": true}),
            )
            .await;
        let token = str_of(&inv.assert_status(201)["token"]);
        let res = self
            .post(
                &format!("/api/v1/invitations/{token}/accept"),
                Some(&member.token),
                json!({"accept_management": true}),
            )
            .await;
        assert_eq!(
            res.assert_status(200)["manages_account"],
            true,
            "{}",
            res.text
        );
    }

    /// `PATCH /orgs/{org}/members/{user}` with `role`, as `token`.
    pub async fn set_role(&self, org: &str, user: &str, role: &str, token: &str) -> Res {
        self.call(
            Method::PATCH,
            &format!("/api/v1/orgs/{org}/members/{user}"),
            Some(token),
            Some(json!({"role": role})),
        )
        .await
    }

    /// `DELETE /orgs/{org}/members/{user}` (`me` to leave), as `token`.
    pub async fn remove(&self, org: &str, user: &str, token: &str) -> Res {
        self.call(
            Method::DELETE,
            &format!("/api/v1/orgs/{org}/members/{user}"),
            Some(token),
            None,
        )
        .await
    }

    pub fn outbox_dir(&self) -> PathBuf {
        self.dir.path().join("outbox")
    }

    /// Waits (bounded) until an email to `to` whose text contains `needle` is in the outbox
    /// directory; returns its text.
    pub async fn wait_for_email(&self, to: &str, needle: &str) -> String {
        wait_for_file_containing(&self.outbox_dir(), &[&format!("To: {to}"), needle]).await
    }
}

/// The token of the password-reset link in the email to `to` (waiting for one).
pub async fn reset_token(app: &TestApp, to: &str) -> String {
    let text = app.wait_for_email(to, "/password-reset/").await;
    let unfolded = text.replace("=\r\n", "").replace("=\n", "");
    let start = unfolded
        .find("/password-reset/")
        .unwrap_or_else(|| panic!("no link in {text}"))
        + "/password-reset/".len();
    unfolded[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

/// Polls `dir` for an `.eml` file containing every needle, for at most 15 seconds.
pub async fn wait_for_file_containing(dir: &Path, needles: &[&str]) -> String {
    let deadline = Instant::now() + Duration::from_secs(15);
    let mut poll = Duration::from_millis(2);
    loop {
        if let Ok(entries) = std::fs::read_dir(dir) {
            for e in entries.flatten() {
                let p = e.path();
                if p.extension().is_some_and(|x| x == "eml")
                    && let Ok(text) = std::fs::read_to_string(&p)
                    && needles.iter().all(|n| text.contains(n))
                {
                    return text;
                }
            }
        }
        assert!(
            Instant::now() < deadline,
            "no email containing {needles:?} in {}",
            dir.display()
        );
        // Quick at first: most emails are written within milliseconds of the request.
        tokio::time::sleep(poll).await;
        poll = (poll * 2).min(Duration::from_millis(50));
    }
}

/// The invitation token in an email body (the last path segment of the link).
pub fn token_in_email(text: &str) -> String {
    let unfolded = text.replace("=\r\n", "").replace("=\n", "");
    let start = unfolded
        .find("/invitations/")
        .unwrap_or_else(|| panic!("no link in {text}"))
        + "/invitations/".len();
    unfolded[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Two-step sign-in: an authenticator app (Debian's `oathtool`), enrollment, the second step,
// remembered devices and emails as their holder reads them.

/// Like `backend_tests!`, but every server gets the extra environment `$env`, an expression of
/// type `&[(&str, &str)]` written as a path from the crate root (it is expanded inside a module
/// per test), for example `&crate::helpers::MFA_ENV`.
#[macro_export]
macro_rules! backend_tests_with {
    ($env:expr; $($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$name(
                        $crate::helpers::spawn_app_with($crate::helpers::Backend::Sqlite, $env).await,
                    )
                    .await
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    super::$name(
                        $crate::helpers::spawn_app_with($crate::helpers::Backend::Postgres, $env)
                            .await,
                    )
                    .await
                }
            }
        )*
    };
}

/// Second-step throttling waits long too, so no assertion depends on the machine's speed.
pub const MFA_ENV: [(&str, &str); 1] = [("TWOFOLD_MFA_THROTTLE__BASE_WAIT_SECONDS", "120")];

/// RFC 6238 step length used by every authenticator app.
pub const TOTP_STEP: i64 = 30;

/// The alphabet of recovery codes.
pub const RECOVERY_ALPHABET: &[u8] = b"23456789abcdefghjkmnpqrstuvwxyz";

/// The code an authenticator app shows at a Unix time, computed by Debian's `oathtool` (an
/// implementation independent of the server's).
pub fn oathtool(secret: &str, at_unix: i64) -> String {
    let mut cmd = Command::new("oathtool");
    cmd.arg("--totp").arg("-b").arg(secret);
    cmd.arg("-N").arg(format!("@{at_unix}"));
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run oathtool: {e}"));
    assert!(
        out.status.success(),
        "oathtool failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let code = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    assert!(
        code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()),
        "oathtool printed {code:?}"
    );
    code
}

/// The wall clock (the servers' clock before a test moves it: `TestClock::now`).
#[allow(clippy::disallowed_methods)] // the system clock, which the test clock moves
pub fn unix_now() -> i64 {
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_else(|e| panic!("{e}"));
    i64::try_from(since.as_secs()).unwrap_or(i64::MAX)
}

/// An authenticator app holding one secret, on the clock of the server it is used with,
/// remembering which time steps it has handed out so that each code it gives is one the
/// server has not seen yet.
#[derive(Debug, Clone)]
pub struct Totp {
    pub secret: String,
    clock: TestClock,
    used: Vec<i64>,
}

impl TestApp {
    /// An authenticator app holding `secret`, on this server's clock.
    pub fn totp(&self, secret: &str) -> Totp {
        Totp {
            secret: secret.to_owned(),
            clock: self.clock.clone(),
            used: Vec::new(),
        }
    }
}

impl Totp {
    /// The code for time step `step`.
    pub fn at_step(&self, step: i64) -> String {
        oathtool(&self.secret, step * TOTP_STEP)
    }

    /// The code shown now (whether or not it was used already).
    pub fn now_code(&self) -> String {
        oathtool(&self.secret, self.clock.now())
    }

    /// The steps handed out so far, in order.
    pub fn used_steps(&self) -> &[i64] {
        &self.used
    }

    /// A code the server accepts now and has not seen: the current or the next step, always
    /// later than every step handed out before (so this works whether the server remembers each
    /// used step or only the last one). Moves the clock to the next step when both were handed
    /// out.
    pub fn fresh(&mut self) -> String {
        loop {
            let cur = self.clock.step();
            let last = self.used.iter().max().copied().unwrap_or(i64::MIN);
            if let Some(step) = [cur, cur + 1].into_iter().find(|s| *s > last) {
                self.used.push(step);
                return self.at_step(step);
            }
            self.clock.advance_to_step(cur + 1);
        }
    }

    /// A well-formed code that matches none of the steps near now; `nth` varies it.
    pub fn wrong(&self, nth: u32) -> String {
        let cur = self.clock.step();
        let near: Vec<String> = (cur - 3..=cur + 3).map(|s| self.at_step(s)).collect();
        let mut n = (123_457 + u64::from(nth) * 104_729) % 1_000_000;
        loop {
            let candidate = format!("{n:06}");
            if !near.contains(&candidate) {
                return candidate;
            }
            n = (n + 1) % 1_000_000;
        }
    }
}

/// A verified TOTP method.
#[derive(Debug, Clone)]
pub struct Enrolled {
    pub method_id: String,
    pub totp: Totp,
    /// Empty unless it was the account's first method.
    pub recovery_codes: Vec<String>,
}

/// The string in a JSON value, or "".
pub fn str_of(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_owned()
}

/// The strings in a JSON array.
pub fn strings_of(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| a.iter().map(str_of).collect())
        .unwrap_or_default()
}

/// Adds and verifies a TOTP method labelled `label` with the session `token`.
pub async fn enroll_totp_with(app: &TestApp, token: &str, label: &str) -> Enrolled {
    let started = app
        .post("/api/v1/me/mfa/totp", Some(token), json!({"label": label}))
        .await;
    let body = started.assert_status(201);
    let method_id = str_of(&body["id"]);
    let mut totp = app.totp(&str_of(&body["secret"]));
    let code = totp.fresh();
    let verified = app
        .post(
            &format!("/api/v1/me/mfa/totp/{method_id}/verify"),
            Some(token),
            json!({"code": code}),
        )
        .await;
    let body = verified.assert_status(200);
    assert_eq!(
        body["method"]["id"],
        method_id.as_str(),
        "{}",
        verified.text
    );
    Enrolled {
        method_id,
        recovery_codes: strings_of(&body["recovery_codes"]),
        totp,
    }
}

/// Adds and verifies a TOTP method for `user` (with their session, which becomes `aal2`).
pub async fn enroll_totp(app: &TestApp, user: &User) -> Enrolled {
    enroll_totp_with(app, &user.token, "Phone").await
}

/// Signs in with the password an account with two-step sign-in; returns the pending token.
pub async fn sign_in_pending(app: &TestApp, email: &str) -> String {
    let res = app.sign_in(email, PASSWORD).await;
    let body = res.assert_status(201);
    assert_eq!(body["state"], "mfa_pending", "{}", res.text);
    assert_eq!(body["aal"], "aal1", "{}", res.text);
    str_of(&body["token"])
}

/// `POST /sessions/current/mfa` with `body`.
pub async fn second_step(app: &TestApp, token: &str, body: Value) -> Res {
    app.post("/api/v1/sessions/current/mfa", Some(token), body)
        .await
}

/// The second step with a TOTP code.
pub async fn totp_step(app: &TestApp, token: &str, code: &str) -> Res {
    second_step(app, token, json!({"type": "totp", "code": code})).await
}

/// The second step with a recovery code.
pub async fn recovery_step(app: &TestApp, token: &str, code: &str) -> Res {
    second_step(app, token, json!({"type": "recovery_code", "code": code})).await
}

/// A passed second step (200): the session's new token, which replaces the one the step was
/// passed with (that one stops working).
#[track_caller]
pub fn passed_token(res: &Res) -> String {
    let token = str_of(&res.assert_status(200)["token"]);
    assert!(!token.is_empty(), "no new token: {}", res.text);
    token
}

/// The whole `Set-Cookie` line that sets cookie `name`, if any.
pub fn set_cookie_line(res: &Res, name: &str) -> Option<String> {
    let prefix = format!("{name}=");
    res.headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&prefix))
        .map(str::to_owned)
}

/// The value of cookie `name` set by `res`, if any.
pub fn set_cookie_value(res: &Res, name: &str) -> Option<String> {
    let line = set_cookie_line(res, name)?;
    let pair = line.split(';').next().unwrap_or_default();
    pair.split_once('=').map(|(_, v)| v.to_owned())
}

/// Signs in sending the cookie `twofold_device` with `device`.
pub async fn sign_in_with_device(app: &TestApp, email: &str, password: &str, device: &str) -> Res {
    app.send(
        app.http
            .post(app.url("/api/v1/sessions"))
            .header("cookie", format!("twofold_device={device}"))
            .json(&json!({"email": email, "password": password})),
    )
    .await
}

/// The `Retry-After` seconds of a response (0 when missing).
pub fn retry_after(res: &Res) -> u64 {
    res.headers
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0)
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'A'..=b'F' => Some(b - b'A' + 10),
        b'a'..=b'f' => Some(b - b'a' + 10),
        _ => None,
    }
}

fn quoted_printable_decode(body: &str) -> String {
    let unfolded = body.replace("=\r\n", "").replace("=\n", "");
    let bytes = unfolded.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'='
            && let (Some(Some(h)), Some(Some(l))) = (
                bytes.get(i + 1).map(|b| hex_value(*b)),
                bytes.get(i + 2).map(|b| hex_value(*b)),
            )
        {
            out.push(h * 16 + l);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn base64_decode(body: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let mut acc: u32 = 0;
    let mut bits = 0;
    for b in body.bytes() {
        let Some(v) = ALPHABET.iter().position(|a| *a == b) else {
            continue;
        };
        acc = (acc << 6) | u32::try_from(v).unwrap_or(0);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(u8::try_from((acc >> bits) & 0xff).unwrap_or(0));
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// An `.eml` file as its reader sees it: headers, then the body with its transfer encoding
/// (quoted-printable or base64) undone.
pub fn decoded_email(raw: &str) -> String {
    let (head, body) = raw
        .split_once("\r\n\r\n")
        .or_else(|| raw.split_once("\n\n"))
        .unwrap_or((raw, ""));
    // A multipart message is read as its plain-text part (every email has one).
    if let Some(plain) = plain_part(head, body) {
        return format!(
            "{head}\n\n{}",
            decoded_email(&plain)
                .split_once("\n\n")
                .map_or("", |(_, b)| b)
        );
    }
    let lower = head.to_ascii_lowercase();
    let body = if lower.contains("content-transfer-encoding: base64") {
        base64_decode(body)
    } else if lower.contains("content-transfer-encoding: quoted-printable") {
        quoted_printable_decode(body)
    } else {
        body.to_owned()
    };
    format!("{head}\n\n{body}")
}

/// The `text/plain` part (its headers and body) of a multipart message with these headers.
fn plain_part(head: &str, body: &str) -> Option<String> {
    let lower = head.to_ascii_lowercase();
    if !lower.contains("content-type: multipart/") {
        return None;
    }
    let at = lower.find("boundary=")? + "boundary=".len();
    let boundary: String = head[at..]
        .trim_start_matches('"')
        .chars()
        .take_while(|c| *c != '"' && *c != ';' && !c.is_whitespace())
        .collect();
    body.split(&format!("--{boundary}"))
        .map(|p| p.trim_start_matches(['\r', '\n']))
        .find(|p| {
            p.split_once("\r\n\r\n")
                .or_else(|| p.split_once("\n\n"))
                .is_some_and(|(h, _)| h.to_ascii_lowercase().contains("text/plain"))
        })
        .map(str::to_owned)
}

/// The decoded emails to `to` whose text contains every needle (case-insensitively).
pub fn emails_to(app: &TestApp, to: &str, needles: &[&str]) -> Vec<String> {
    let header = format!("to: {}", to.to_lowercase());
    let needles: Vec<String> = needles.iter().map(|n| n.to_lowercase()).collect();
    let mut found = Vec::new();
    if let Ok(entries) = std::fs::read_dir(app.outbox_dir()) {
        for e in entries.flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "eml")
                && let Ok(raw) = std::fs::read_to_string(&p)
            {
                let text = decoded_email(&raw);
                let lower = text.to_lowercase();
                if lower.contains(&header) && needles.iter().all(|n| lower.contains(n.as_str())) {
                    found.push(text);
                }
            }
        }
    }
    found
}

/// Waits (at most 15 seconds) until at least `count` emails to `to` contain every needle;
/// returns them.
pub async fn wait_for_emails(
    app: &TestApp,
    to: &str,
    needles: &[&str],
    count: usize,
) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let found = emails_to(app, to, needles);
        if found.len() >= count {
            return found;
        }
        assert!(
            Instant::now() < deadline,
            "fewer than {count} emails to {to} containing {needles:?} in {}: {found:?}",
            app.outbox_dir().display()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

// ---------------------------------------------------------------------------------------------
// Compliance: policies, times, audit entries, apps and sync tools, shared by the compliance
// tests and the seed stories.

/// `PUT /orgs/{org}/mfa-policy` with `body`, as `token`.
pub async fn put_policy(app: &TestApp, org: &str, token: &str, body: Value) -> Res {
    app.call(
        Method::PUT,
        &format!("/api/v1/orgs/{org}/mfa-policy"),
        Some(token),
        Some(body),
    )
    .await
}

/// A Unix time as RFC 3339.
pub fn rfc3339_at(unix: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(unix)
        .unwrap_or_else(|e| panic!("{e}"))
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|e| panic!("{e}"))
}

/// The Unix time (seconds) of an RFC 3339 JSON string; panics on anything else.
#[track_caller]
pub fn unix_of(v: &Value) -> i64 {
    let s = v.as_str().unwrap_or_else(|| panic!("not a time: {v}"));
    time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|e| panic!("not RFC 3339: {s}: {e}"))
        .unix_timestamp()
}

/// A Unix time as English emails write it ("1 Jun 2026, 12:00 UTC").
pub fn email_day(unix: i64) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let t = time::OffsetDateTime::from_unix_timestamp(unix).unwrap_or_else(|e| panic!("{e}"));
    format!(
        "{} {} {}, {:02}:{:02} UTC",
        t.day(),
        MONTHS[usize::from(u8::from(t.month())) - 1],
        t.year(),
        t.hour(),
        t.minute()
    )
}

/// The organization's audit events, newest first, as read by `token`.
pub async fn audit_events(app: &TestApp, org: &str, token: &str) -> Vec<Value> {
    let res = app.get(&format!("/api/v1/orgs/{org}/audit"), token).await;
    res.assert_status(200)["events"]
        .as_array()
        .cloned()
        .unwrap_or_else(|| panic!("no events in {}", res.text))
}

/// Signs in with the password as a desktop or mobile app (`client: native`).
pub async fn sign_in_native(app: &TestApp, email: &str) -> Res {
    app.post(
        "/api/v1/sessions",
        None,
        json!({"email": email, "password": PASSWORD, "client": "native"}),
    )
    .await
}

/// `GET /sync/whoami` with HTTP Basic `email:password`, as a mail or DAV server would.
pub async fn sync_whoami(app: &TestApp, email: &str, password: &str) -> Res {
    app.send(
        app.http
            .get(app.url("/api/v1/sync/whoami"))
            .basic_auth(email, Some(password)),
    )
    .await
}

/// `POST /me/app-passwords` with `label`.
pub async fn create_app_password(app: &TestApp, token: &str, label: &str) -> Res {
    app.post(
        "/api/v1/me/app-passwords",
        Some(token),
        json!({"label": label}),
    )
    .await
}

/// A new account that `by` adds to `org` with `role`.
pub async fn join(
    app: &TestApp,
    org: &str,
    by: &User,
    email: &str,
    role: &str,
    external: bool,
) -> User {
    let user = app.user(email).await;
    app.add_member(org, by, &user, role, external).await;
    user
}

/// Sends `n` copies of one POST at once (each on its own task); returns each answer's status
/// and body, for tests that something is taken once under concurrency.
pub async fn post_at_once(
    app: &TestApp,
    n: usize,
    path: &str,
    token: &str,
    body: &Value,
) -> Vec<(u16, Value)> {
    let mut racing = tokio::task::JoinSet::new();
    for _ in 0..n {
        let (http, url) = (app.http.clone(), app.url(path));
        let (token, body) = (token.to_owned(), body.clone());
        racing.spawn(async move {
            let res = http
                .post(url)
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            let status = res.status().as_u16();
            (status, res.json::<Value>().await.unwrap_or(Value::Null))
        });
    }
    racing.join_all().await
}
