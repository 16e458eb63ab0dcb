//! `twofold backup FILE` and `twofold restore FILE`: a consistent copy of the SQLite database
//! taken while the server runs, and putting one back while no server runs on the data dir.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use server::config::Config;

/// The SQLite file of a `sqlite://PATH[?…]` URL, or `None` for another database.
fn sqlite_path(url: &str) -> Option<PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or(rest);
    Some(PathBuf::from(path))
}

/// Writes a copy of the database to `to`.
///
/// # Errors
/// When `to` exists, the database is not SQLite, or the copy fails.
pub async fn backup(config: &Config, to: &Path) -> anyhow::Result<()> {
    if to.exists() {
        bail!("{} exists: choose a new file", to.display());
    }
    store::backup::sqlite_copy(&config.database_url(), to)
        .await
        .with_context(|| format!("cannot copy the database to {}", to.display()))?;
    let accounts = store::backup::sqlite_check(to).await?;
    println!(
        "backed up {accounts} accounts to {}\nKeep {} too, stored apart from the copy: the \
         copy's second-factor secrets are sealed under it.",
        to.display(),
        config.master_key_path().display()
    );
    Ok(())
}

/// Puts the copy `from` in place of the database, when no server runs on the data dir.
///
/// # Errors
/// When a server runs there, the copy is not sound, the database exists and `force` is not
/// given, or a file operation fails.
pub async fn restore(config: &Config, from: &Path, force: bool) -> anyhow::Result<()> {
    let Some(db) = sqlite_path(&config.database_url()) else {
        bail!("twofold restores SQLite databases; restore PostgreSQL with pg_restore or psql");
    };
    let _alone = server::serve_lock_alone(&config.data_dir)?;
    let accounts = store::backup::sqlite_check(from)
        .await
        .with_context(|| format!("{} is not a copy to restore", from.display()))?;
    if db.exists() && !force {
        bail!("{} exists: pass --force to replace it", db.display());
    }
    let staged = db.with_extension("db.restoring");
    std::fs::copy(from, &staged).with_context(|| format!("cannot write {}", staged.display()))?;
    std::fs::File::open(&staged)?.sync_all()?;
    // The old database's log and index must not be applied to the copy.
    for side in ["db-wal", "db-shm"] {
        let _ = std::fs::remove_file(db.with_extension(side));
    }
    std::fs::rename(&staged, &db).with_context(|| format!("cannot replace {}", db.display()))?;
    println!("restored {accounts} accounts into {}", db.display());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_database_file_is_read_from_its_url() {
        assert_eq!(
            sqlite_path("sqlite://data/twofold.db?mode=rwc"),
            Some(PathBuf::from("data/twofold.db"))
        );
        assert_eq!(
            sqlite_path("sqlite:/var/lib/twofold/twofold.db"),
            Some(PathBuf::from("/var/lib/twofold/twofold.db"))
        );
        assert_eq!(sqlite_path("postgres://u@h/db"), None);
    }
}
