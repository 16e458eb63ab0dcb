//! Master-key rotation (issue 18): `twofold keys rotate-master` re-seals every sealed secret
//! under a new key while the server serves, resumes when run again after being killed mid-way,
//! and retires the old key: the server, restarted with the new key alone, signs everyone in,
//! recovery codes (keyed hashes, which cannot be re-keyed) still work, the provider's signing
//! key still signs, and the old key file no longer opens the database's secrets.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use serde_json::Value;

use crate::backend_tests;

use crate::helpers::{
    Enrolled, TestApp, TestClock, binary, enroll_totp, recovery_step, sign_in_pending, totp_step,
};

backend_tests!(a_rotation_killed_mid_way_resumes_and_retires_the_old_key);

/// `twofold ARGS` on the app's data dir, database and clock.
fn twofold(app: &TestApp, args: &[&str]) -> Command {
    let mut cmd = Command::new(binary());
    cmd.args(args)
        .arg("--data-dir")
        .arg(app.dir.path())
        .arg("--database-url")
        .arg(&app.db.url)
        .env_remove("TWOFOLD_CONFIG")
        .env("RUST_LOG", "error")
        .env(TestClock::ENV, &app.clock.file);
    cmd
}

/// Runs `twofold ARGS` to the end; its success and output.
fn run(cmd: &mut Command) -> (bool, String) {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run twofold: {e}"));
    crate::helpers::outcome(&out)
}

/// `keys status`: the values of `kind` under the newest key, and under older ones.
fn counts(app: &TestApp, kind: &str) -> (u64, u64, String) {
    let (ok, status) = run(&mut twofold(app, &["keys", "status"]));
    assert!(ok, "{status}");
    let line = status
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{kind}: ")))
        .unwrap_or_else(|| panic!("no {kind} in {status}"))
        .to_owned();
    let numbers: Vec<u64> = line
        .split_whitespace()
        .filter_map(|w| w.trim_end_matches(',').parse().ok())
        .collect();
    assert_eq!(numbers.len(), 2, "{line}");
    (numbers[0], numbers[1], status)
}

struct Member {
    email: String,
    enrolled: Enrolled,
}

/// Signs `m` in with password and authenticator code.
async fn signs_in(app: &TestApp, m: &mut Member) {
    let token = sign_in_pending(app, &m.email).await;
    let code = m.enrolled.totp.fresh();
    let res = totp_step(app, &token, &code).await;
    assert_eq!(res.status, 200, "{}: {}", m.email, res.text);
}

async fn member(app: &TestApp, email: &str) -> Member {
    let user = app.user(email).await;
    Member {
        email: user.email.clone(),
        enrolled: enroll_totp(app, &user).await,
    }
}

async fn a_rotation_killed_mid_way_resumes_and_retires_the_old_key(mut app: TestApp) {
    let mut members = Vec::new();
    for i in 0..6 {
        members.push(member(&app, &format!("m{i}@example.org")).await);
    }
    let (ok, out) = run(&mut twofold(&app, &["keys", "rotate"]));
    assert!(ok, "{out}");
    let kid = out
        .lines()
        .find_map(|l| l.strip_prefix("new signing key "))
        .unwrap_or_else(|| panic!("{out}"))
        .to_owned();
    let (signing, _, _) = counts(&app, "signing keys");
    assert!(signing >= 1);
    let key_file = app.dir.path().join("master.key");
    let old_key = std::fs::read(&key_file).unwrap_or_else(|e| panic!("{e}"));

    // Killed (SIGKILL) once it has re-sealed its first value, one a page.
    let mut rotating = twofold(
        &app,
        &["keys", "rotate-master", "--batch", "1", "--pause-ms", "300"],
    )
    .stdout(Stdio::piped())
    .spawn()
    .unwrap_or_else(|e| panic!("{e}"));
    let stdout = rotating
        .stdout
        .take()
        .unwrap_or_else(|| panic!("no stdout"));
    let said = tokio::task::block_in_place(|| {
        let mut said = String::new();
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            said.push_str(&line);
            said.push('\n');
            if line.starts_with("re-sealed") {
                break;
            }
        }
        said
    });
    let _ = rotating.kill();
    let _ = rotating.wait();
    assert!(said.contains("rotating the master key"), "{said}");
    assert!(said.contains("re-sealed 1 second factors"), "{said}");

    let (new, old, status) = counts(&app, "second factors");
    assert!(status.contains("rotation under way"), "{status}");
    assert!(new >= 1 && old >= 1, "half-way: {status}");
    assert_eq!(new + old, 6, "{status}");
    assert_eq!(
        std::fs::read(&key_file).ok(),
        Some(old_key.clone()),
        "the key file changes only once every value is re-sealed"
    );

    // Meanwhile the server signs everyone in, whichever key their secret is under, and seals
    // what it adds under the new key.
    for m in &mut members {
        signs_in(&app, m).await;
    }
    members.push(member(&app, "late@example.org").await);
    let (now_new, now_old, status) = counts(&app, "second factors");
    assert_eq!((now_new, now_old), (new + 1, old), "{status}");

    // Run again, it resumes and finishes.
    let (ok, out) = run(&mut twofold(&app, &["keys", "rotate-master"]));
    assert!(ok, "{out}");
    assert!(out.contains("resuming the rotation"), "{out}");
    assert!(out.contains("retired key"), "{out}");
    let new_key = std::fs::read(&key_file).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(new_key.len(), 32);
    assert_ne!(new_key, old_key);
    let (_, _, status) = counts(&app, "second factors");
    assert!(status.contains("no rotation under way"), "{status}");
    for (kind, n) in [
        ("second factors", 7),
        ("signing keys", signing),
        ("carried keys", 1),
    ] {
        let (under, older, status) = counts(&app, kind);
        assert_eq!((under, older), (n, 0), "{kind}: {status}");
    }

    // The server that ran through it, then the server restarted with the new key alone.
    for m in &mut members {
        signs_in(&app, m).await;
    }
    app.restart(&[]);
    for m in &mut members {
        signs_in(&app, m).await;
    }
    let code = members[0].enrolled.recovery_codes[0].clone();
    let token = sign_in_pending(&app, &members[0].email).await;
    recovery_step(&app, &token, &code).await.assert_status(200);
    let jwks: Value = app
        .http
        .get(app.url("/oidc/jwks"))
        .send()
        .await
        .and_then(|r| r.error_for_status())
        .unwrap_or_else(|e| panic!("{e}"))
        .json()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        jwks["keys"]
            .as_array()
            .is_some_and(|k| k.iter().any(|k| k["kid"] == kid.as_str())),
        "the signing key opens under the new key: {jwks}"
    );

    // The old key is retired: it opens nothing the database holds.
    let old_file = app.dir.path().join("old.key");
    std::fs::write(&old_file, &old_key).unwrap_or_else(|e| panic!("{e}"));
    let (ok, out) =
        run(twofold(&app, &["keys", "status"]).env("TWOFOLD_MASTER_KEY_FILE", &old_file));
    assert!(!ok, "{out}");
    assert!(out.contains("does not open"), "{out}");
}
