//! The command line: help, zero-configuration start, and the admin commands without a server.

use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::helpers::{Backend, TEST_HASHING, TestDb, binary};

pub(crate) fn run(
    args: &[&str],
    db_url: &str,
    dir: &std::path::Path,
    stdin: Option<&str>,
) -> Output {
    use std::io::Write;
    let mut child = Command::new(binary())
        .args(args)
        .arg("--database-url")
        .arg(db_url)
        .arg("--data-dir")
        .arg(dir)
        .envs(TEST_HASHING)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    if let Some(input) = stdin
        && let Some(mut s) = child.stdin.take()
    {
        let _ = s.write_all(input.as_bytes());
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap_or_else(|e| panic!("{e}"))
}

fn stdout(o: &Output) -> String {
    assert!(
        o.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        o.status,
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn help_describes_every_command() {
    let out = Command::new(binary())
        .arg("--help")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let text = String::from_utf8_lossy(&out.stdout);
    for word in [
        "serve",
        "migrate",
        "user",
        "org",
        "client",
        "--data-dir",
        "--database-url",
    ] {
        assert!(text.contains(word), "{word} missing from --help:\n{text}");
    }
    let out = Command::new(binary())
        .args(["serve", "--help"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let text = String::from_utf8_lossy(&out.stdout);
    for word in ["--listen", "--public-url", "--dev-outbox", "TWOFOLD_LISTEN"] {
        assert!(
            text.contains(word),
            "{word} missing from serve --help:\n{text}"
        );
    }
}

async fn admin_commands_work_without_the_server(backend: Backend) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let db = TestDb::create(backend, dir.path()).await;
    let d = dir.path();
    assert!(stdout(&run(&["migrate"], &db.url, d, None)).contains("migrations applied"));

    let created = stdout(&run(
        &[
            "user",
            "create",
            "--email",
            "ann@example.org",
            "--name",
            "Ann Lee",
            "--password-stdin",
        ],
        &db.url,
        d,
        Some("correct horse battery staple\n"),
    ));
    assert!(created.contains("ann@example.org"), "{created}");
    let generated = stdout(&run(
        &["user", "create", "--email", "bob@example.org"],
        &db.url,
        d,
        None,
    ));
    assert!(generated.contains("password (shown once): "), "{generated}");

    let dup = run(
        &["user", "create", "--email", "ann@example.org"],
        &db.url,
        d,
        None,
    );
    assert!(!dup.status.success());
    assert!(String::from_utf8_lossy(&dup.stderr).contains("already exists"));

    let org = stdout(&run(
        &["org", "create", "Acme", "--owner", "ANN@example.org"],
        &db.url,
        d,
        None,
    ));
    let org_id = org
        .split_whitespace()
        .nth(2)
        .unwrap_or_else(|| panic!("no id in {org}"))
        .to_owned();
    let members = stdout(&run(
        &["org", "members", &org_id, "--json"],
        &db.url,
        d,
        None,
    ));
    let row: serde_json::Value =
        serde_json::from_str(members.trim()).unwrap_or_else(|e| panic!("{e}: {members}"));
    assert_eq!(row["email"], "ann@example.org");
    assert_eq!(row["role"], "owner");
    assert_eq!(row["mfa_enabled"], false);
    let table = stdout(&run(&["org", "members", &org_id], &db.url, d, None));
    assert!(
        table.contains("Ann Lee") && table.contains("owner"),
        "{table}"
    );

    let missing = run(
        &["org", "create", "Beta", "--owner", "nobody@example.org"],
        &db.url,
        d,
        None,
    );
    assert!(!missing.status.success());
}

/// `twofold client`: apps of an organization and instance-wide ones, a secret printed once.
async fn client_commands_register_list_and_remove_apps(backend: Backend) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let db = TestDb::create(backend, dir.path()).await;
    let d = dir.path();
    stdout(&run(
        &["user", "create", "--email", "ann@example.org"],
        &db.url,
        d,
        None,
    ));
    let org = stdout(&run(
        &["org", "create", "Acme", "--owner", "ann@example.org"],
        &db.url,
        d,
        None,
    ));
    let org_id = org.split_whitespace().nth(2).unwrap_or_default().to_owned();
    let wiki = stdout(&run(
        &[
            "client",
            "add",
            "--name",
            "Wiki",
            "--org",
            &org_id,
            "--redirect-uri",
            "https://wiki.example.org/cb",
        ],
        &db.url,
        d,
        None,
    ));
    assert!(wiki.contains("client secret (shown once): "), "{wiki}");
    let wiki_id = wiki
        .split_whitespace()
        .nth(2)
        .unwrap_or_default()
        .to_owned();
    let desk = stdout(&run(
        &[
            "client",
            "add",
            "--name",
            "Desktop",
            "--type",
            "public",
            "--kind",
            "native",
            "--redirect-uri",
            "http://127.0.0.1/cb",
        ],
        &db.url,
        d,
        None,
    ));
    assert!(!desk.contains("secret"), "{desk}");
    let listed = stdout(&run(
        &["client", "list", "--org", &org_id],
        &db.url,
        d,
        None,
    ));
    assert!(
        listed.contains(&wiki_id) && listed.contains("confidential"),
        "{listed}"
    );
    assert!(!listed.contains("Desktop"), "{listed}");
    let instance = stdout(&run(&["client", "list"], &db.url, d, None));
    assert!(
        instance.contains("Desktop") && instance.contains("native"),
        "{instance}"
    );
    let bad = run(
        &[
            "client",
            "add",
            "--name",
            "X",
            "--redirect-uri",
            "http://evil.example/cb",
        ],
        &db.url,
        d,
        None,
    );
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("redirect_uris"));
    stdout(&run(&["client", "remove", &wiki_id], &db.url, d, None));
    let listed = stdout(&run(
        &["client", "list", "--org", &org_id],
        &db.url,
        d,
        None,
    ));
    assert!(listed.trim().is_empty(), "{listed}");
    assert!(
        !run(&["client", "remove", &wiki_id], &db.url, d, None)
            .status
            .success()
    );
}

mod clients {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        super::client_commands_register_list_and_remove_apps(crate::helpers::Backend::Sqlite).await;
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        super::client_commands_register_list_and_remove_apps(crate::helpers::Backend::Postgres)
            .await;
    }
}

mod admin {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        super::admin_commands_work_without_the_server(crate::helpers::Backend::Sqlite).await;
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        super::admin_commands_work_without_the_server(crate::helpers::Backend::Postgres).await;
    }
}

#[tokio::test]
async fn serve_with_no_configuration_creates_its_data_dir_and_answers() {
    use std::io::{BufRead, BufReader};
    // Its HTTP client needs the process's TLS provider, which no other test may have installed
    // yet when this one runs first (or alone).
    server::install_tls_provider();
    let cwd = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    // Only the port is changed from the defaults, so parallel tests never collide.
    let mut guard = crate::helpers::KillOnDrop(
        Command::new(binary())
            .arg("serve")
            .current_dir(cwd.path())
            .env("TWOFOLD_LISTEN", "127.0.0.1:0")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("{e}")),
    );
    let out = guard.0.stdout.take().unwrap_or_else(|| panic!("no stdout"));
    let mut lines = BufReader::new(out).lines().map_while(Result::ok);
    let line = lines
        .find(|l| l.starts_with("twofold listening on http://127.0.0.1:"))
        .unwrap_or_else(|| panic!("no listening line"));
    let url = line.trim_start_matches("twofold listening on ").to_owned();
    // On a loopback address the public URL is localhost's: browsers offer security keys there.
    let port = url.rsplit(':').next().unwrap_or_default().to_owned();
    let public = format!("http://localhost:{port}");
    assert_eq!(lines.next(), Some(format!("public URL: {public}")));
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let status = reqwest::get(format!("{url}/readyz"))
            .await
            .map(|r| r.status().as_u16());
        if status.ok() == Some(200) {
            break;
        }
        assert!(Instant::now() < deadline, "never ready");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let discovery: serde_json::Value =
        reqwest::get(format!("{url}/.well-known/openid-configuration"))
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .json()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(discovery["issuer"], public.as_str());
    let data = cwd.path().join("twofold-data");
    assert!(data.join("twofold.db").is_file());
    assert!(data.join("outbox").is_dir());
    let key = std::fs::metadata(data.join("master.key")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(key.len(), 32);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(key.permissions().mode() & 0o777, 0o600);
        let dir = std::fs::metadata(&data).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(dir.permissions().mode() & 0o777, 0o700);
    }
}
