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
    child: Child,
    pub http: reqwest::Client,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_twofold")
}

/// Cheaper Argon2id than production so hundreds of test sign-ins stay fast (the parameters
/// themselves are covered by the hashing unit tests and the benchmarks), and throttling waits
/// long enough that no assertion depends on how fast the machine runs the test.
pub const TEST_HASHING: [(&str, &str); 3] = [
    ("TWOFOLD_PASSWORD_HASHING__MEMORY_KIB", "1024"),
    ("TWOFOLD_PASSWORD_HASHING__ITERATIONS", "1"),
    ("TWOFOLD_SIGN_IN_THROTTLE__BASE_WAIT_SECONDS", "120"),
];

/// Starts `twofold serve` with `args` and `env`; returns the child and the address it printed.
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
        .env("RUST_LOG", "warn")
        .envs(TEST_HASHING)
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    let mut child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start twofold: {e}"));
    let stdout = child.stdout.take().unwrap_or_else(|| panic!("no stdout"));
    let mut lines = BufReader::new(stdout).lines();
    let addr = loop {
        match lines.next() {
            Some(Ok(line)) => {
                if let Some(rest) = line.strip_prefix("twofold listening on http://") {
                    break rest.trim().to_owned();
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
    let (child, addr) = start_server(dir.path(), &db.url, env);
    TestApp {
        addr,
        dir,
        db,
        child,
        http: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap_or_else(|e| panic!("{e}")),
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

    /// Creates an account and signs it in.
    pub async fn user(&self, email: &str) -> User {
        let created = self.sign_up(email).await;
        let id = created.assert_status(201)["id"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
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

/// Polls `dir` for an `.eml` file containing every needle, for at most 15 seconds.
pub async fn wait_for_file_containing(dir: &Path, needles: &[&str]) -> String {
    let deadline = Instant::now() + Duration::from_secs(15);
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
        tokio::time::sleep(Duration::from_millis(50)).await;
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
