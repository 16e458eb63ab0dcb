//! `twofold doctor` (issue 18): checks a configuration and says what is wrong, failing when a
//! check fails.

use std::process::Command;

use crate::helpers::binary;

/// Runs `twofold doctor` on `dir` with `env`; returns success and the output.
fn doctor(dir: &std::path::Path, env: &[(&str, &str)]) -> (bool, String) {
    let out = Command::new(binary())
        .arg("doctor")
        .arg("--data-dir")
        .arg(dir)
        .env_remove("TWOFOLD_CONFIG")
        .env("RUST_LOG", "error")
        .envs(env.iter().copied())
        .output()
        .unwrap_or_else(|e| panic!("cannot run twofold: {e}"));
    crate::helpers::outcome(&out)
}

#[test]
fn doctor_checks_the_database_key_public_url_and_email() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let data = dir.path().join("data");
    let mut made = std::fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut made, 0o700);
    made.create(&data).unwrap_or_else(|e| panic!("{e}"));
    // A fresh data dir: the database is made, the key not yet.
    let (ok, out) = doctor(&data, &[]);
    assert!(ok, "warnings only: {out}");
    assert!(out.contains("ok   database: reachable (SQLite)"), "{out}");
    assert!(out.contains("warn master key"), "{out}");
    assert!(
        out.contains("ok   public URL: http://localhost:8080 (security keys and passkeys on)"),
        "{out}"
    );
    assert!(out.contains("warn email: no SMTP server"), "{out}");

    let key = data.join("master.key");
    std::fs::write(&key, [7u8; 32]).unwrap_or_else(|e| panic!("{e}"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |m| std::fs::Permissions::from_mode(m);
        std::fs::set_permissions(&key, mode(0o600)).unwrap_or_else(|e| panic!("{e}"));
        let (ok, out) = doctor(&data, &[]);
        assert!(ok && out.contains("ok   master key"), "{out}");
        std::fs::set_permissions(&key, mode(0o644)).unwrap_or_else(|e| panic!("{e}"));
        let (ok, out) = doctor(&data, &[]);
        assert!(!ok, "{out}");
        assert!(
            out.contains("FAIL master key") && out.contains("mode 644"),
            "{out}"
        );
        std::fs::set_permissions(&key, mode(0o600)).unwrap_or_else(|e| panic!("{e}"));
    }

    // An IP address turns security keys off; a closed SMTP port fails.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port().to_string())
        .unwrap_or_else(|e| panic!("{e}"));
    let (ok, out) = doctor(
        &data,
        &[
            ("TWOFOLD_PUBLIC_URL", "http://192.0.2.7:8080"),
            ("TWOFOLD_SMTP__HOST", "127.0.0.1"),
            ("TWOFOLD_SMTP__PORT", &closed),
            ("TWOFOLD_SMTP__TLS", "none"),
        ],
    );
    assert!(!ok, "{out}");
    assert!(
        out.contains("warn public URL: http://192.0.2.7:8080: security keys"),
        "{out}"
    );
    assert!(out.contains("FAIL email"), "{out}");

    // An unreachable database fails.
    let (ok, out) = doctor(
        &data,
        &[(
            "TWOFOLD_DATABASE_URL",
            "postgres://nobody:x@127.0.0.1:1/none",
        )],
    );
    assert!(!ok && out.contains("FAIL database"), "{out}");
}
