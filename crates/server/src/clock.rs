//! The clock the server runs on: the system clock, or — in debug builds, for the tests of the
//! real binary — the system clock moved by a number of seconds that a file holds, so that a test
//! of something that happens later (a TOTP step, an expiry, a deadline) moves the clock instead
//! of sleeping. It decides nothing; every rule still reads time through `domain::Clock`.
//!
//! # Security
//! Whoever moves a server's clock replays TOTP steps, outlives expiries and skips deadlines, so
//! the way to move it is as hard to reach as we can make it and still test the real binary:
//! - it exists only in debug builds (`debug_assertions`): a release build, the one operators
//!   deploy, has no code that moves its clock and refuses to start when asked to;
//! - only the process environment (`TWOFOLD_TEST_CLOCK_FILE`) names the file — not the
//!   configuration file, not the command line, never a request: there is no endpoint, header
//!   or cookie for it, so reaching it needs the operator's shell, not the network;
//! - the file must exist at start and be writable by its owner only (otherwise the server does
//!   not start), like the master key;
//! - it is logged as a warning at start, so a log shows that the clock is not the system's.

use std::sync::Arc;

use domain::{Clock, SystemClock};

use crate::StartupError;

/// The environment variable that names the offset file (tests only; see the module's notes).
pub const TEST_CLOCK_ENV: &str = "TWOFOLD_TEST_CLOCK_FILE";

/// The system clock, or the test clock when `TWOFOLD_TEST_CLOCK_FILE` names a file (debug builds
/// only).
///
/// # Errors
/// When the variable is set in a release build, or names a file that is missing or writable by
/// others than its owner.
pub fn from_env() -> Result<Arc<dyn Clock>, StartupError> {
    match std::env::var_os(TEST_CLOCK_ENV) {
        None => Ok(Arc::new(SystemClock)),
        Some(path) => test_clock(std::path::PathBuf::from(path)),
    }
}

#[cfg(not(debug_assertions))]
fn test_clock(path: std::path::PathBuf) -> Result<Arc<dyn Clock>, StartupError> {
    Err(StartupError::Io {
        action: "use (a release build has no test clock)",
        path,
        source: std::io::Error::from(std::io::ErrorKind::Unsupported),
    })
}

#[cfg(debug_assertions)]
fn test_clock(path: std::path::PathBuf) -> Result<Arc<dyn Clock>, StartupError> {
    let meta = std::fs::metadata(&path).map_err(|source| StartupError::Io {
        action: "read the test clock",
        path: path.clone(),
        source,
    })?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if meta.permissions().mode() & 0o022 != 0 {
            return Err(StartupError::Io {
                action: "use as the test clock (writable by others than its owner)",
                path,
                source: std::io::Error::from(std::io::ErrorKind::PermissionDenied),
            });
        }
    }
    #[cfg(not(unix))]
    let _ = meta;
    tracing::warn!(
        file = %path.display(),
        "{TEST_CLOCK_ENV} is set: this server's clock is moved by the offset in that file \
         (for tests only; never set it on a server people use)"
    );
    let clock = OffsetClock {
        path,
        last: std::sync::atomic::AtomicI64::new(0),
    };
    clock.offset();
    Ok(Arc::new(clock))
}

/// The system clock plus the whole seconds the file holds (`0`, `90`, `-30`…), read at every
/// `now()` so that a test's move takes effect at once. A file being rewritten, or unreadable,
/// leaves the last offset read.
#[cfg(debug_assertions)]
struct OffsetClock {
    path: std::path::PathBuf,
    last: std::sync::atomic::AtomicI64,
}

#[cfg(debug_assertions)]
impl OffsetClock {
    fn offset(&self) -> i64 {
        use std::sync::atomic::Ordering;
        match std::fs::read_to_string(&self.path)
            .ok()
            .and_then(|s| s.trim().parse::<i64>().ok())
        {
            Some(secs) => {
                self.last.store(secs, Ordering::Relaxed);
                secs
            }
            None => self.last.load(Ordering::Relaxed),
        }
    }
}

#[cfg(debug_assertions)]
impl Clock for OffsetClock {
    fn now(&self) -> time::OffsetDateTime {
        SystemClock.now() + time::Duration::seconds(self.offset())
    }
}

#[cfg(all(test, debug_assertions))]
mod tests {
    use super::*;

    /// A file name of this test run's own in the temporary directory.
    fn scratch(name: &str) -> std::path::PathBuf {
        std::env::temp_dir().join(format!("twofold-clock-{}-{name}", std::process::id()))
    }

    #[test]
    fn the_test_clock_is_the_system_clock_moved_by_the_file() {
        let path = scratch("moved");
        std::fs::write(&path, "0").unwrap_or_else(|e| panic!("{e}"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))
                .unwrap_or_else(|e| panic!("{e}"));
        }
        let clock = test_clock(path.clone()).unwrap_or_else(|e| panic!("{e}"));
        let drift = |c: &Arc<dyn Clock>| (c.now() - SystemClock.now()).whole_seconds();
        assert_eq!(drift(&clock), 0);
        std::fs::write(&path, "3600\n").unwrap_or_else(|e| panic!("{e}"));
        assert!((3599..=3600).contains(&drift(&clock)));
        // A half-written or garbled file keeps the last offset.
        std::fs::write(&path, "").unwrap_or_else(|e| panic!("{e}"));
        assert!((3599..=3600).contains(&drift(&clock)));
        let _ = std::fs::remove_file(&path);
    }

    #[test]
    fn a_missing_or_shared_test_clock_file_stops_the_start() {
        let path = scratch("shared");
        let _ = std::fs::remove_file(&path);
        assert!(test_clock(path.clone()).is_err());
        std::fs::write(&path, "0").unwrap_or_else(|e| panic!("{e}"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o666))
                .unwrap_or_else(|e| panic!("{e}"));
            assert!(test_clock(path.clone()).is_err());
        }
        let _ = std::fs::remove_file(&path);
    }
}
