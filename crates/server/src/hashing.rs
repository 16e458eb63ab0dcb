//! Password hashing with Argon2id on a fixed pool of threads.
//!
//! Each worker owns one pre-allocated memory area of `m` KiB and reuses it for every hash: a
//! fresh 19 MiB allocation per hash left the allocator holding ~0.8 GB under load (STACK.md),
//! and `argon2`'s `PasswordHasher` trait allocates per call, so hashes are computed with
//! `hash_password_into_with_memory` and encoded as standard PHC strings here. The queue in
//! front of the pool is bounded: when it is full the caller is told at once instead of piling up
//! memory and latency. Hashing never runs on the async runtime's threads.

use std::sync::Arc;

use crossbeam_channel::{Sender, TrySendError};

use argon2::{Algorithm, Argon2, Block, Params, Version};
use base64::Engine;
use base64::engine::general_purpose::STANDARD_NO_PAD;
use subtle::ConstantTimeEq;
use tokio::sync::oneshot;
use zeroize::Zeroizing;

use crate::config::HashingConfig;

const SALT_LEN: usize = 16;
const OUTPUT_LEN: usize = 32;
/// Refuse to verify a stored hash that asks for more than 1 GiB: a corrupted row must not take
/// the server down.
const MAX_MEMORY_KIB: u32 = 1024 * 1024;
/// 33 MiB of 1 KiB blocks: above glibc's largest dynamic mmap threshold (32 MiB on 64-bit).
const MMAP_FLOOR_BLOCKS: usize = 33 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum HashError {
    #[error("the password hashing queue is full")]
    Overloaded,
    #[error("password hashing failed: {0}")]
    Failed(String),
}

enum Job {
    Hash(
        Zeroizing<String>,
        oneshot::Sender<Result<String, HashError>>,
    ),
    Verify(
        Zeroizing<String>,
        String,
        oneshot::Sender<Result<bool, HashError>>,
    ),
}

/// A handle on the hashing pool; cheap to clone.
#[derive(Clone)]
pub struct Hasher {
    queue: Sender<Job>,
    cost: Cost,
    /// A hash of a random password, verified against when the account does not exist so that
    /// an unknown email costs the same time as a wrong password.
    dummy: Arc<String>,
}

/// Argon2id parameters of one hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Cost {
    m: u32,
    t: u32,
    p: u32,
}

impl Cost {
    fn argon2(self) -> Result<Argon2<'static>, HashError> {
        let params = Params::new(self.m, self.t, self.p, Some(OUTPUT_LEN))
            .map_err(|e| HashError::Failed(e.to_string()))?;
        Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
    }
}

/// One worker's reusable memory.
struct Worker {
    cost: Cost,
    memory: Vec<Block>,
}

impl Worker {
    fn compute(
        &mut self,
        cost: Cost,
        password: &[u8],
        salt: &[u8],
    ) -> Result<Zeroizing<[u8; OUTPUT_LEN]>, HashError> {
        let argon = cost.argon2()?;
        let blocks = argon.params().block_count();
        if self.memory.len() < blocks {
            // Reserve at least 32 MiB of address space: glibc always serves requests that large
            // with mmap and returns them to the system on free, so the idle release below
            // really shrinks the process. Smaller buffers land in the heap and stay resident
            // after free. Only the touched `blocks` KiB become resident.
            let mut fresh = Vec::with_capacity(blocks.max(MMAP_FLOOR_BLOCKS));
            fresh.resize(blocks, Block::default());
            self.memory = fresh;
        }
        let mut out = Zeroizing::new([0u8; OUTPUT_LEN]);
        argon
            .hash_password_into_with_memory(
                password,
                salt,
                out.as_mut(),
                &mut self.memory[..blocks],
            )
            .map_err(|e| HashError::Failed(e.to_string()))?;
        // A larger area needed by an old hash's parameters is given back, not held forever.
        if blocks > self.cost.argon2()?.params().block_count() {
            self.memory = Vec::new();
        }
        Ok(out)
    }

    fn hash(&mut self, password: &str) -> Result<String, HashError> {
        let mut salt = [0u8; SALT_LEN];
        domain::token::fill_random(&mut salt).map_err(|e| HashError::Failed(e.to_string()))?;
        let cost = self.cost;
        let out = self.compute(cost, password.as_bytes(), &salt)?;
        Ok(format!(
            "$argon2id$v=19$m={},t={},p={}${}${}",
            cost.m,
            cost.t,
            cost.p,
            STANDARD_NO_PAD.encode(salt),
            STANDARD_NO_PAD.encode(out.as_ref())
        ))
    }

    fn verify(&mut self, password: &str, phc: &str) -> Result<bool, HashError> {
        let Some((cost, salt, expected)) = parse_phc(phc) else {
            return Err(HashError::Failed(
                "stored hash is not an argon2id PHC string".into(),
            ));
        };
        let out = self.compute(cost, password.as_bytes(), &salt)?;
        Ok(bool::from(out.as_ref().ct_eq(expected.as_slice())))
    }
}

/// Parses `$argon2id$v=19$m=M,t=T,p=P$SALT$HASH`.
fn parse_phc(phc: &str) -> Option<(Cost, Vec<u8>, Vec<u8>)> {
    let mut parts = phc.split('$');
    if !parts.next()?.is_empty() || parts.next()? != "argon2id" || parts.next()? != "v=19" {
        return None;
    }
    let mut cost = Cost { m: 0, t: 0, p: 0 };
    for kv in parts.next()?.split(',') {
        let (k, v) = kv.split_once('=')?;
        let v: u32 = v.parse().ok()?;
        match k {
            "m" => cost.m = v,
            "t" => cost.t = v,
            "p" => cost.p = v,
            _ => return None,
        }
    }
    if cost.m == 0
        || cost.m > MAX_MEMORY_KIB
        || cost.t == 0
        || cost.t > 100
        || cost.p == 0
        || cost.p > 16
    {
        return None;
    }
    let salt = STANDARD_NO_PAD.decode(parts.next()?).ok()?;
    let hash = STANDARD_NO_PAD.decode(parts.next()?).ok()?;
    if parts.next().is_some() || hash.len() != OUTPUT_LEN {
        return None;
    }
    Some((cost, salt, hash))
}

impl Hasher {
    /// Starts the pool.
    ///
    /// # Errors
    /// When the parameters are invalid or a thread cannot be spawned.
    pub fn start(config: &HashingConfig) -> Result<Self, crate::StartupError> {
        let cost = Cost {
            m: config.memory_kib,
            t: config.iterations,
            p: config.parallelism,
        };
        let workers = config
            .workers
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, usize::from))
            .max(1);
        // Fail at start, not at the first sign-in, on parameters argon2 refuses.
        cost.argon2()
            .map_err(|e| crate::StartupError::Hashing(e.to_string()))?;
        // The dummy needs the real parameters (so verifying against it costs the same) but not a
        // real hash: random bytes in the output position never match any password.
        let mut salt = [0u8; SALT_LEN];
        let mut output = Zeroizing::new([0u8; OUTPUT_LEN]);
        domain::token::fill_random(&mut salt)?;
        domain::token::fill_random(output.as_mut())?;
        let dummy = format!(
            "$argon2id$v=19$m={},t={},p={}${}${}",
            cost.m,
            cost.t,
            cost.p,
            STANDARD_NO_PAD.encode(salt),
            STANDARD_NO_PAD.encode(output.as_ref())
        );

        let (queue, rx) = crossbeam_channel::bounded::<Job>(config.queue.max(1));
        for i in 0..workers {
            let rx = rx.clone();
            let worker = Worker {
                cost,
                memory: Vec::new(),
            };
            std::thread::Builder::new()
                .name(format!("argon2-{i}"))
                .spawn(move || run_worker(worker, &rx))
                .map_err(|e| crate::StartupError::Hashing(e.to_string()))?;
        }
        Ok(Self {
            queue,
            cost,
            dummy: Arc::new(dummy),
        })
    }

    /// Hashes a new password into a PHC string.
    ///
    /// # Errors
    /// `Overloaded` when the queue is full.
    pub async fn hash(&self, password: &str) -> Result<String, HashError> {
        let (tx, rx) = oneshot::channel();
        self.submit(Job::Hash(Zeroizing::new(password.to_owned()), tx))?;
        rx.await
            .map_err(|_| HashError::Failed("worker gone".into()))?
    }

    /// Checks `password` against `stored`, or against a dummy hash when there is no account, so
    /// both cases cost the same. Always false without a stored hash.
    ///
    /// # Errors
    /// `Overloaded` when the queue is full.
    pub async fn verify(&self, password: &str, stored: Option<&str>) -> Result<bool, HashError> {
        let (tx, rx) = oneshot::channel();
        let phc = stored.unwrap_or(&self.dummy).to_owned();
        self.submit(Job::Verify(Zeroizing::new(password.to_owned()), phc, tx))?;
        let ok = rx
            .await
            .map_err(|_| HashError::Failed("worker gone".into()))??;
        Ok(ok && stored.is_some())
    }

    /// Whether `stored` was made with other parameters than the configured ones (or is not a
    /// hash this pool understands) and should be replaced at the next successful sign-in.
    pub fn needs_rehash(&self, stored: &str) -> bool {
        parse_phc(stored).is_none_or(|(cost, _, _)| cost != self.cost)
    }

    fn submit(&self, job: Job) -> Result<(), HashError> {
        self.queue.try_send(job).map_err(|e| match e {
            TrySendError::Full(_) => HashError::Overloaded,
            TrySendError::Disconnected(_) => HashError::Failed("hashing pool stopped".into()),
        })
    }
}

/// A worker with nothing to do for this long gives its memory back, so an idle server stays
/// small after a burst of sign-ins.
const IDLE_RELEASE: std::time::Duration = std::time::Duration::from_secs(10);

fn run_worker(mut worker: Worker, rx: &crossbeam_channel::Receiver<Job>) {
    loop {
        let job = match rx.recv_timeout(IDLE_RELEASE) {
            Ok(job) => job,
            Err(crossbeam_channel::RecvTimeoutError::Timeout) => {
                worker.memory = Vec::new();
                continue;
            }
            Err(crossbeam_channel::RecvTimeoutError::Disconnected) => return,
        };
        match job {
            Job::Hash(pw, reply) => {
                let _ = reply.send(worker.hash(&pw));
            }
            Job::Verify(pw, phc, reply) => {
                let _ = reply.send(worker.verify(&pw, &phc));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cheap() -> HashingConfig {
        HashingConfig {
            memory_kib: 64,
            iterations: 1,
            parallelism: 1,
            workers: Some(1),
            queue: 4,
        }
    }

    #[tokio::test]
    async fn hashes_verify_and_wrong_passwords_do_not() {
        let h = Hasher::start(&cheap()).unwrap_or_else(|e| panic!("{e}"));
        let phc = h
            .hash("correct horse")
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(phc.starts_with("$argon2id$v=19$m=64,t=1,p=1$"));
        assert!(h.verify("correct horse", Some(&phc)).await.unwrap_or(false));
        assert!(!h.verify("wrong horse", Some(&phc)).await.unwrap_or(true));
        assert!(!h.verify("anything", None).await.unwrap_or(true));
    }

    #[test]
    fn matches_the_reference_implementation() {
        // The argon2 crate's own PHC output for the same salt must verify with our parser,
        // proving the encoding is the standard one other tools read.
        use argon2::password_hash::PasswordHasher as _;
        let salt = [7u8; SALT_LEN];
        let cost = Cost { m: 64, t: 1, p: 1 };
        let reference = cost
            .argon2()
            .and_then(|a| {
                a.hash_password_with_salt(b"pw", &salt)
                    .map_err(|e| HashError::Failed(e.to_string()))
            })
            .map(|h| h.to_string())
            .unwrap_or_else(|e| panic!("{e}"));
        let mut w = Worker {
            cost,
            memory: Vec::new(),
        };
        assert!(w.verify("pw", &reference).unwrap_or(false), "{reference}");
        assert!(!w.verify("px", &reference).unwrap_or(true));
    }

    #[test]
    fn malformed_hashes_are_refused() {
        for bad in [
            "",
            "$argon2i$v=19$m=64,t=1,p=1$AAAA$AAAA",
            "$argon2id$v=19$m=99999999,t=1,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "$argon2id$v=19$m=64,t=1$AAAA$AAAA",
        ] {
            assert!(parse_phc(bad).is_none(), "{bad}");
        }
    }
}
