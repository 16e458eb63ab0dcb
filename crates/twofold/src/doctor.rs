//! `twofold doctor`: checks a configuration the way the server will use it — the database, the
//! master key and the data directory's modes, the public URL and WebAuthn, email delivery and
//! the clock — and says what is wrong, one line per check. Exits with failure when any fails.

use std::path::Path;

use server::config::Config;
use server::outbox::Transport;

/// The verdict of one check.
enum Verdict {
    Ok(String),
    Warn(String),
    Fail(String),
}

fn print(name: &str, v: &Verdict) -> bool {
    let (tag, text, failed) = match v {
        Verdict::Ok(t) => ("ok  ", t, false),
        Verdict::Warn(t) => ("warn", t, false),
        Verdict::Fail(t) => ("FAIL", t, true),
    };
    println!("{tag} {name}: {text}");
    failed
}

/// Runs every check; fails when one does.
///
/// # Errors
/// When any check fails.
pub async fn run(config: &Config) -> anyhow::Result<()> {
    let checks = [
        ("database", database(config).await),
        ("master key", master_key(config)),
        ("public URL", public_url(config)),
        ("email", email(config).await),
    ];
    let mut failed = 0;
    for (name, v) in &checks {
        failed += usize::from(print(name, v));
    }
    if failed > 0 {
        anyhow::bail!("{failed} check(s) failed");
    }
    Ok(())
}

/// Reachable, migrated as far as this version knows, and its clock close to ours.
async fn database(config: &Config) -> Verdict {
    let url = config.database_url();
    let store = match store::Store::connect(&url, 1).await {
        Ok(s) => s,
        Err(e) => return Verdict::Fail(format!("cannot connect: {e}")),
    };
    let skew = store.clock().await.map(|db| {
        use domain::Clock as _;
        (db - domain::SystemClock.now()).whole_seconds()
    });
    store.close().await;
    match skew {
        Ok(s) if s.abs() > 5 => Verdict::Warn(format!(
            "reachable, but its clock is {s} s off this machine's: codes and sessions depend on \
             both agreeing (run NTP on both)"
        )),
        Ok(_) => Verdict::Ok(format!("reachable ({})", backend(&url))),
        Err(e) => Verdict::Fail(format!("connected, but a query failed: {e}")),
    }
}

fn backend(url: &str) -> &'static str {
    if url.starts_with("sqlite:") {
        "SQLite"
    } else {
        "PostgreSQL"
    }
}

/// The key exists, holds 32 bytes and only its owner reads it; so for the data directory.
fn master_key(config: &Config) -> Verdict {
    let path = config.master_key_path();
    let meta = match std::fs::metadata(&path) {
        Ok(m) => m,
        Err(_) => {
            return Verdict::Warn(format!(
                "{} does not exist yet: the first start creates it (nodes sharing a database \
                 must share one key)",
                path.display()
            ));
        }
    };
    if meta.len() != 32 {
        return Verdict::Fail(format!(
            "{} holds {} bytes, not 32",
            path.display(),
            meta.len()
        ));
    }
    if let Some(v) = too_open(&path, "the master key") {
        return v;
    }
    if let Some(v) = too_open(&config.data_dir, "the data directory") {
        return v;
    }
    Verdict::Ok(format!("{} (32 bytes, owner only)", path.display()))
}

/// `Fail` when others than the owner may read or write `path`.
#[cfg(unix)]
fn too_open(path: &Path, what: &str) -> Option<Verdict> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).ok()?.permissions().mode() & 0o777;
    (mode & 0o077 != 0).then(|| {
        Verdict::Fail(format!(
            "{what} {} has mode {mode:o}: others may read it (chmod go-rwx)",
            path.display()
        ))
    })
}

#[cfg(not(unix))]
fn too_open(_: &Path, _: &str) -> Option<Verdict> {
    None
}

/// WebAuthn needs a domain name; cookies are `Secure` only under https.
fn public_url(config: &Config) -> Verdict {
    let url = config.public_url(config.listen);
    let webauthn = server::webauthn::relying_party(&url, &config.mfa.issuer);
    let local = url.starts_with("http://localhost");
    match (webauthn, url.starts_with("https://") || local) {
        (Err(e), _) => Verdict::Warn(format!("{url}: security keys and passkeys are off ({e})")),
        (Ok(_), false) => Verdict::Warn(format!(
            "{url} is plain http: sessions travel unencrypted and cookies are not Secure"
        )),
        (Ok(_), true) => Verdict::Ok(format!("{url} (security keys and passkeys on)")),
    }
}

/// The SMTP server answers, or emails go to the dev outbox directory.
async fn email(config: &Config) -> Verdict {
    match Transport::from_config(config) {
        Err(e) => Verdict::Fail(format!("invalid settings: {e}")),
        Ok(Transport::Directory(dir)) => Verdict::Warn(format!(
            "no SMTP server: emails are written to {} (fine for trying twofold, not for people)",
            dir.display()
        )),
        Ok(Transport::Smtp(smtp)) => match smtp.test_connection().await {
            Ok(true) => Verdict::Ok("the SMTP server answers".to_owned()),
            Ok(false) => Verdict::Fail("the SMTP server did not accept a connection".to_owned()),
            Err(e) => Verdict::Fail(format!("cannot reach the SMTP server: {e}")),
        },
    }
}
