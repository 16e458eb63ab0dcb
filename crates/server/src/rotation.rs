//! Rotating the master key while the server runs (`twofold keys rotate-master`).
//!
//! 1. **Start**: a new key is drawn and recorded in the database sealed under the current one
//!    (`master_key_rotation`), and the look-up key is carried over, sealed under the new key
//!    (keyed hashes cannot be re-keyed without the values they hash). Every node looks for a
//!    rotation every [`REFRESH`] and adds its key to the ring, to open values under it at once
//!    and to seal new ones under it from [`SEAL_FROM`] after the start: by then every node can
//!    open what any node seals.
//! 2. **Re-seal**: from [`GRACE`] after the start (every node now seals under the new key),
//!    every sealed value not under the new key is opened and sealed again, a page at a time,
//!    each page one transaction, each value written back only if no request changed it
//!    meanwhile. Passes repeat until one finds no value under another key, and once more
//!    [`GRACE`] later, for a request that sealed under the old key just before its node switched
//!    and committed after that pass.
//! 3. **Retire**: the key file is replaced (written beside, synced, renamed over) and the record
//!    deleted. The old key is then nowhere but in the memory of nodes started before, until
//!    they restart.
//!
//! Killed at any point, it resumes when run again: the record holds the new key, a re-sealed
//! value stays re-sealed, and a record whose key the file already holds is only deleted.

use std::path::{Path, PathBuf};

use store::master_keys::{self, Rotation, Sealed};
use store::{Store, StoreError};
use time::OffsetDateTime;

use crate::StartupError;
use crate::keys::MasterKey;
use crate::secrets::{KeyId, SealError, Sealer};
use crate::state::AppState;

/// How often a node looks for a rotation under way.
pub const REFRESH: std::time::Duration = std::time::Duration::from_secs(2);

/// How long after a rotation starts nodes seal under the new key: every node has looked once
/// ([`REFRESH`]) and opens values under it.
pub const SEAL_FROM: time::Duration = time::Duration::seconds(3);

/// How long after a rotation starts its values are re-sealed (every node has looked again and
/// seals under the new key), and between the last two passes.
pub const GRACE: time::Duration = time::Duration::seconds(6);

/// The carried look-up key's purpose.
const LOOKUP: &str = "lookup";

fn key_owner(id: &str) -> Vec<u8> {
    format!("master_key:{id}").into_bytes()
}

fn carried_owner(purpose: &str) -> Vec<u8> {
    format!("carried_key:{purpose}").into_bytes()
}

/// Why a rotation stopped.
#[derive(Debug, thiserror::Error)]
pub enum RotationError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Seal(#[from] SealError),
    #[error(
        "{what} {id} does not open under the old key or the new one ({source}); it was left \
         as it is, and the rotation cannot finish until it is mended or deleted"
    )]
    DoesNotOpen {
        what: &'static str,
        id: String,
        source: SealError,
    },
    #[error(
        "the rotation under way moves from key {from} to key {to}, but the key file holds key \
         {file}: run it on a node started with the key file the rotation began from"
    )]
    NotThisKey {
        from: String,
        to: String,
        file: String,
    },
    #[error("another rotation started meanwhile; run the command again to resume it")]
    Raced,
    #[error("cannot replace the key file {}: {source}", path.display())]
    KeyFile {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The new key of `r`, opened with the ring.
fn rotation_key(sealer: &Sealer, r: &Rotation) -> Result<MasterKey, SealError> {
    let bytes = sealer.open(&r.sealed_to, &key_owner(&r.to_key))?;
    MasterKey::from_bytes(&bytes).ok_or(SealError::Open)
}

/// Adds the key of the rotation under way to the ring, if any, sealing from [`SEAL_FROM`] after
/// the start; whether the ring changed.
async fn learn(store: &Store, sealer: &Sealer, now: OffsetDateTime) -> Result<bool, RotationError> {
    let rotation = {
        let mut c = store.read().await?;
        master_keys::rotation(&mut c).await?
    };
    let Some(r) = rotation else {
        return Ok(false);
    };
    let seals = now >= r.started_at + SEAL_FROM;
    let sealing = sealer
        .sealing_key()
        .is_some_and(|k| k.to_string() == r.to_key);
    if sealing || (!seals && sealer.knows_named(&r.to_key)) {
        return Ok(false);
    }
    Ok(sealer.add(&rotation_key(sealer, &r)?, seals))
}

/// At start: the key of a rotation under way joins the ring, and the look-up key carried over
/// past rotations replaces the one derived from the key file.
///
/// # Errors
/// On database failure, or when the key file's key does not open what the database holds (a
/// node given another key file than the one the database's secrets are sealed under).
pub async fn load(
    store: &Store,
    sealer: &mut Sealer,
    path: &Path,
    now: OffsetDateTime,
) -> Result<(), StartupError> {
    let mismatch = |e: &dyn std::fmt::Display| StartupError::KeyMismatch {
        path: path.to_owned(),
        detail: e.to_string(),
    };
    match learn(store, sealer, now).await {
        Ok(_) => {}
        Err(RotationError::Store(e)) => return Err(StartupError::Keys(e.to_string())),
        Err(e) => return Err(mismatch(&e)),
    }
    let carried = {
        let mut c = store
            .read()
            .await
            .map_err(|e| StartupError::Keys(e.to_string()))?;
        master_keys::carried(&mut c, LOOKUP)
            .await
            .map_err(|e| StartupError::Keys(e.to_string()))?
    };
    if let Some(sealed) = carried {
        let key = sealer
            .open(&sealed, &carried_owner(LOOKUP))
            .map_err(|e| mismatch(&e))?;
        sealer.set_lookup_key(&key).map_err(|e| mismatch(&e))?;
    }
    Ok(())
}

/// Looks for a rotation every [`REFRESH`], for as long as the server runs.
pub async fn watch(st: AppState) {
    let mut tick = tokio::time::interval(REFRESH);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        match learn(&st.store, &st.sealer, st.clock.now()).await {
            Ok(true) => tracing::info!(
                sealing = ?st.sealer.sealing_key().map(|k| k.to_string()),
                "a master-key rotation is under way: learned its key"
            ),
            Ok(false) => {}
            Err(e) => tracing::warn!(error = %e, "cannot learn the master-key rotation under way"),
        }
    }
}

/// How a rotation goes: values per transaction, and a pause between transactions to spare a
/// busy database.
#[derive(Debug, Clone)]
pub struct Options {
    pub batch: u32,
    pub pause: std::time::Duration,
}

/// Begins a rotation, or picks up the one under way: its new key and when it began; `None` when
/// only the record of a finished one was left (and is now gone).
async fn begin_or_resume(
    st: &AppState,
    say: &mut (dyn FnMut(String) + Send),
) -> Result<Option<(MasterKey, OffsetDateTime)>, RotationError> {
    let file = KeyId::of(&st.key).to_string();
    let mut tx = st.store.begin().await?;
    match master_keys::rotation(&mut tx).await? {
        Some(r) if r.to_key == file => {
            master_keys::end_rotation(&mut tx, &r.to_key).await?;
            tx.commit().await?;
            say(format!(
                "the key file already holds key {file}: retired key {}",
                r.from_key
            ));
            Ok(None)
        }
        Some(r) if r.from_key != file => Err(RotationError::NotThisKey {
            from: r.from_key,
            to: r.to_key,
            file,
        }),
        Some(r) => {
            let key = rotation_key(&st.sealer, &r)?;
            say(format!(
                "resuming the rotation from key {file} to key {} begun at {}",
                r.to_key, r.started_at
            ));
            Ok(Some((key, r.started_at)))
        }
        // This process loaded a rotation that another run finished meanwhile: its file key is
        // no longer the database's.
        None if st.sealer.sealing_key() != Some(KeyId::of(&st.key)) => Err(RotationError::Raced),
        None => {
            let key = MasterKey::generate().map_err(SealError::from)?;
            let to = KeyId::of(&key).to_string();
            let carried = Sealer::new(&key).seal(st.sealer.lookup_key(), &carried_owner(LOOKUP))?;
            // Already there (an earlier rotation carried it): the sweep re-seals it.
            master_keys::carry(&mut tx, LOOKUP, &carried).await?;
            let r = Rotation {
                sealed_to: st.sealer.seal(key.bytes(), &key_owner(&to))?,
                from_key: file.clone(),
                to_key: to.clone(),
                started_at: st.clock.now(),
            };
            if !master_keys::start_rotation(&mut tx, &r).await? {
                return Err(RotationError::Raced);
            }
            tx.commit().await?;
            say(format!(
                "rotating the master key from key {file} to key {to}"
            ));
            Ok(Some((key, r.started_at)))
        }
    }
}

/// The owner a sealed value of `kind` is bound to.
fn owner_of(kind: Sealed, v: &master_keys::SealedValue) -> Vec<u8> {
    match kind {
        Sealed::Methods => crate::secrets::method_owner(&v.account_id, &v.id),
        Sealed::SigningKeys => v.id.clone().into_bytes(),
        Sealed::CarriedKeys => carried_owner(&v.id),
    }
}

/// Re-seals under `to` every value of `kind` under another key; how many it found (a value a
/// request changed meanwhile counts, and is looked at again by the next pass).
async fn sweep(
    st: &AppState,
    kind: Sealed,
    to: KeyId,
    opts: &Options,
    say: &mut (dyn FnMut(String) + Send),
) -> Result<u64, RotationError> {
    let (mut after, mut total) = (String::new(), 0u64);
    loop {
        let page = {
            let mut c = st.store.read().await?;
            master_keys::page(&mut c, kind, &after, i64::from(opts.batch.max(1))).await?
        };
        let Some(last) = page.last() else {
            return Ok(total);
        };
        after = last.id.clone();
        let stale: Vec<_> = page
            .iter()
            .filter(|v| KeyId::of_sealed(&v.sealed) != Some(to))
            .collect();
        if stale.is_empty() {
            continue;
        }
        let mut tx = st.store.begin().await?;
        let mut n = 0u64;
        total += stale.len() as u64;
        for v in stale {
            let owner = owner_of(kind, v);
            let plain =
                st.sealer
                    .open(&v.sealed, &owner)
                    .map_err(|source| RotationError::DoesNotOpen {
                        what: kind.name(),
                        id: v.id.clone(),
                        source,
                    })?;
            let new = st.sealer.seal(&plain, &owner)?;
            if master_keys::reseal(&mut tx, kind, &v.id, &v.sealed, &new).await? {
                n += 1;
            }
        }
        tx.commit().await?;
        say(format!("re-sealed {n} {} (up to {after})", kind.name()));
        tokio::time::sleep(opts.pause).await;
    }
}

/// Waits (in steps of 100 ms) until the clock reads `at`, saying why.
async fn wait_until(
    st: &AppState,
    at: OffsetDateTime,
    say: &mut (dyn FnMut(String) + Send),
    why: &str,
) {
    if st.clock.now() < at {
        say(format!("waiting until {at} {why}"));
        while st.clock.now() < at {
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    }
}

/// Rotates the master key in `key_path` (the key `st` was started with); the new key's id.
///
/// # Errors
/// On database failure, a value that does not open, or a key file that cannot be replaced;
/// whatever was done stays done, and running the command again resumes.
pub async fn rotate_master(
    st: &AppState,
    key_path: &Path,
    opts: &Options,
    say: &mut (dyn FnMut(String) + Send),
) -> Result<KeyId, RotationError> {
    let Some((key, started_at)) = begin_or_resume(st, say).await? else {
        return Ok(KeyId::of(&st.key));
    };
    let to = KeyId::of(&key);
    st.sealer.add(&key, true);
    wait_until(
        st,
        started_at + GRACE,
        say,
        "for every node to seal under the new key",
    )
    .await;
    // Passes until one finds nothing under another key, and once more a grace later: a request
    // that sealed under the old key just before its node switched may commit after a pass.
    let mut clean_at: Option<OffsetDateTime> = None;
    loop {
        let mut stale = 0;
        for kind in Sealed::ALL {
            stale += sweep(st, kind, to, opts, say).await?;
        }
        match (stale, clean_at) {
            (0, Some(_)) => break,
            (0, None) => {
                let at = st.clock.now();
                clean_at = Some(at);
                wait_until(st, at + GRACE, say, "to look once more").await;
            }
            _ => clean_at = None,
        }
    }
    key.replace_file(key_path)
        .map_err(|source| RotationError::KeyFile {
            path: key_path.to_owned(),
            source,
        })?;
    say(format!("wrote key {to} to {}", key_path.display()));
    let mut c = st.store.write().await?;
    master_keys::end_rotation(&mut c, &to.to_string()).await?;
    say(format!("retired key {}", KeyId::of(&st.key)));
    Ok(to)
}

/// Where the sealed values stand: per kind, how many are under the newest key and how many not.
///
/// # Errors
/// On database failure.
pub async fn status(st: &AppState) -> Result<Vec<String>, RotationError> {
    let mut lines = vec![format!("key file: key {}", KeyId::of(&st.key))];
    let rotation = {
        let mut c = st.store.read().await?;
        master_keys::rotation(&mut c).await?
    };
    lines.push(match &rotation {
        Some(r) => format!(
            "rotation under way: from key {} to key {}, begun at {}",
            r.from_key, r.to_key, r.started_at
        ),
        None => "no rotation under way".to_owned(),
    });
    let newest = st.sealer.sealing_key();
    for kind in Sealed::ALL {
        let (mut under, mut other, mut after) = (0u64, 0u64, String::new());
        loop {
            let page = {
                let mut c = st.store.read().await?;
                master_keys::page(&mut c, kind, &after, 500).await?
            };
            let Some(last) = page.last() else { break };
            after = last.id.clone();
            for v in &page {
                if KeyId::of_sealed(&v.sealed) == newest {
                    under += 1;
                } else {
                    other += 1;
                }
            }
        }
        let newest = newest.map(|k| k.to_string()).unwrap_or_default();
        lines.push(format!(
            "{}: {under} under key {newest}, {other} under older keys",
            kind.name()
        ));
    }
    Ok(lines)
}
