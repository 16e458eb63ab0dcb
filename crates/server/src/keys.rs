//! The master key: 256 random bits in a file readable by the owner only, generated on first
//! start. It keys the anti-CSRF MACs, and (through keys derived from it) seals second-factor
//! secrets and keys the look-up hashes of recovery codes and app passwords.

use std::io::Write;
use std::path::Path;

use zeroize::Zeroizing;

use crate::StartupError;

/// The server's master key.
#[derive(Clone)]
pub struct MasterKey(Zeroizing<[u8; 32]>);

impl std::fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MasterKey(<redacted>)")
    }
}

impl MasterKey {
    /// Reads the key at `path`, or creates it (mode 0600) when absent.
    ///
    /// # Errors
    /// When the file cannot be read or written, or does not hold exactly 32 bytes.
    pub fn load_or_create(path: &Path) -> Result<Self, StartupError> {
        let io = |action, source| StartupError::Io {
            action,
            path: path.to_owned(),
            source,
        };
        match std::fs::read(path) {
            Ok(bytes) => {
                let key: [u8; 32] =
                    bytes
                        .as_slice()
                        .try_into()
                        .map_err(|_| StartupError::BadKey {
                            path: path.to_owned(),
                            found: bytes.len(),
                        })?;
                Ok(Self(Zeroizing::new(key)))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let mut key = Zeroizing::new([0u8; 32]);
                domain::token::fill_random(key.as_mut())?;
                if let Some(dir) = path.parent() {
                    crate::create_private_dir(dir)?;
                }
                let mut opts = std::fs::OpenOptions::new();
                opts.write(true).create_new(true);
                #[cfg(unix)]
                {
                    use std::os::unix::fs::OpenOptionsExt;
                    opts.mode(0o600);
                }
                let mut file = opts.open(path).map_err(|e| io("create", e))?;
                file.write_all(key.as_ref())
                    .and_then(|()| file.sync_all())
                    .map_err(|e| io("write", e))?;
                tracing::info!(path = %path.display(), "generated a new master key");
                Ok(Self(key))
            }
            Err(e) => Err(io("read", e)),
        }
    }

    pub fn bytes(&self) -> &[u8] {
        self.0.as_ref()
    }

    /// A new random key.
    ///
    /// # Errors
    /// When the OS random generator fails.
    pub fn generate() -> Result<Self, domain::token::RandomError> {
        let mut key = Zeroizing::new([0u8; 32]);
        domain::token::fill_random(key.as_mut())?;
        Ok(Self(key))
    }

    /// A key of exactly 32 bytes.
    pub fn from_bytes(bytes: &[u8]) -> Option<Self> {
        let key: [u8; 32] = bytes.try_into().ok()?;
        Some(Self(Zeroizing::new(key)))
    }

    /// Puts this key in `path` in place of the one there: written to a new file (mode 0600,
    /// the old file's owner) beside it and synced, renamed over it, the directory synced, so
    /// that a crash leaves the old file or the new one, never a torn one.
    ///
    /// # Errors
    /// When the file is missing, its directory is not writable (a read-only mount), or its
    /// owner cannot be kept (the command runs as neither that user nor root).
    pub fn replace_file(&self, path: &Path) -> std::io::Result<()> {
        // Through a symbolic link to the file it names, and keeping its owner: the command may
        // run as another user than the server that must read the new key.
        let path = std::fs::canonicalize(path)?;
        let old = std::fs::metadata(&path)?;
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
            _ => std::path::PathBuf::from("."),
        };
        let mut name = path.file_name().unwrap_or_default().to_owned();
        name.push(".new");
        let tmp = dir.join(name);
        // A file left by a crash may have any mode: start afresh.
        let _ = std::fs::remove_file(&tmp);
        let mut opts = std::fs::OpenOptions::new();
        opts.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        let mut file = opts.open(&tmp)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let new = file.metadata()?;
            if (new.uid(), new.gid()) != (old.uid(), old.gid()) {
                std::os::unix::fs::fchown(&file, Some(old.uid()), Some(old.gid()))?;
            }
        }
        file.write_all(self.bytes())?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&tmp, &path)?;
        std::fs::File::open(&dir)?.sync_all()
    }
}
