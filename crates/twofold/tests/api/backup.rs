//! Backups (issue 18): `twofold backup FILE` copies the SQLite database while the server takes
//! writes; `twofold restore FILE` is refused while a server runs on the data dir, and puts the
//! copy in a new data dir whose server then signs in every account the copy holds.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use serde_json::json;

use crate::helpers::{Backend, KillOnDrop, PASSWORD, binary, spawn_app, start_server};

/// Runs `twofold ARGS --data-dir DIR --database-url URL`; returns success and the output.
async fn twofold(args: &[&str], dir: &std::path::Path, url: &str) -> (bool, String) {
    let out = tokio::process::Command::new(binary())
        .args(args)
        .arg("--data-dir")
        .arg(dir)
        .arg("--database-url")
        .arg(url)
        .env("RUST_LOG", "error")
        .output()
        .await
        .unwrap_or_else(|e| panic!("cannot run twofold: {e}"));
    crate::helpers::outcome(&out)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_copy_taken_under_load_restores_into_a_new_data_dir_that_serves_every_account() {
    let app = spawn_app(Backend::Sqlite).await;
    let before: Vec<String> = (0..12).map(|i| format!("u{i}@example.org")).collect();
    for email in &before {
        app.verified_sign_up(email).await;
    }

    // Sign-ups keep coming while the copy is taken.
    let stop = Arc::new(AtomicBool::new(false));
    let load = {
        let (stop, http, url) = (
            Arc::clone(&stop),
            app.http.clone(),
            app.url("/api/v1/accounts"),
        );
        tokio::spawn(async move {
            let mut n = 0u32;
            while !stop.load(Ordering::Relaxed) {
                let body = json!({"email": format!("load{n}@example.org"), "password": PASSWORD});
                let res = http.post(&url).json(&body).send().await;
                assert!(
                    res.is_ok_and(|r| r.status().as_u16() == 201),
                    "a sign-up failed"
                );
                n += 1;
            }
            n
        })
    };
    let copy = app.dir.path().join("copy.db");
    let copy_arg = copy.to_string_lossy().into_owned();
    let (ok, out) = twofold(&["backup", &copy_arg], app.dir.path(), &app.db.url).await;
    stop.store(true, Ordering::Relaxed);
    let during = load.await.unwrap_or_else(|e| panic!("{e}"));
    assert!(ok, "{out}");
    assert!(out.contains("backed up"), "{out}");
    assert!(during > 0, "the copy was taken under load");
    let (ok, out) = twofold(&["backup", &copy_arg], app.dir.path(), &app.db.url).await;
    assert!(
        !ok && out.contains("exists"),
        "a copy never overwrites a file: {out}"
    );

    // Not over a running server's data.
    let (ok, out) = twofold(
        &["restore", &copy_arg, "--force"],
        app.dir.path(),
        &app.db.url,
    )
    .await;
    assert!(!ok && out.contains("server is running"), "{out}");

    // Into a new data dir, with the master key kept apart from the copy.
    let new = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::fs::copy(
        app.dir.path().join("master.key"),
        new.path().join("master.key"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let new_url = format!("sqlite://{}", new.path().join("twofold.db").display());
    let (ok, out) = twofold(&["restore", &copy_arg], new.path(), &new_url).await;
    assert!(ok && out.contains("restored"), "{out}");
    let (ok, out) = twofold(&["restore", &copy_arg], new.path(), &new_url).await;
    assert!(!ok && out.contains("--force"), "{out}");
    let (ok, out) = twofold(
        &["restore", "/etc/hostname", "--force"],
        new.path(),
        &new_url,
    )
    .await;
    assert!(!ok, "not a database: {out}");

    let (child, addr) = start_server(new.path(), &new_url, &[]);
    let _server = KillOnDrop(child);
    for email in &before {
        let res = app
            .http
            .post(format!("http://{addr}/api/v1/sessions"))
            .json(&json!({"email": email, "password": PASSWORD}))
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            res.status().as_u16(),
            201,
            "{email} signs in on the restored server"
        );
    }
}
