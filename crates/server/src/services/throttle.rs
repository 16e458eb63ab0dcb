//! The attempt counters of password sign-ins, second steps and app passwords, held in the
//! database so that they hold across nodes. One sequence for all three: lock an attempt's
//! counters for its transaction (concurrent attempts then decide one after another, each seeing
//! the failures before it), refuse while the domain's limits say wait, charge a failure,
//! forget the failures on success. How long to wait is the domain's rule
//! (`domain::throttle`); this module only reads and writes the counters.

use domain::throttle::{Counter, retry_after_secs};
use store::Access;
use time::{Duration, OffsetDateTime};

use crate::error::{AppError, AppResult};

/// A counter an attempt is held to: its key, and the moment before which its failures no
/// longer count (they reset after the limit's window).
pub struct Key {
    pub name: String,
    pub reset_before: OffsetDateTime,
}

/// One attempt's counters, in the order their keys were given, as the lock found them.
pub struct Counters {
    keys: Vec<Key>,
    found: Vec<Counter>,
}

impl Counters {
    /// Locks the counters of `keys` until the transaction of `a` ends.
    ///
    /// # Errors
    /// On database failure.
    pub async fn lock(a: &mut impl Access, keys: Vec<Key>, now: OffsetDateTime) -> AppResult<Self> {
        let names: Vec<&str> = keys.iter().map(|k| k.name.as_str()).collect();
        let found = store::throttle::lock_all(a, &names, now).await?;
        if found.len() != keys.len() {
            return Err(AppError::internal(format!(
                "{} of {} attempt counters locked",
                found.len(),
                keys.len()
            )));
        }
        Ok(Self { keys, found })
    }

    /// The `i`-th counter as the lock found it (before this attempt).
    pub fn found(&self, i: usize) -> Option<&Counter> {
        self.found.get(i)
    }

    /// Charges this attempt's failure to every counter; returns their counts after it.
    ///
    /// # Errors
    /// On database failure.
    pub async fn charge(
        &self,
        a: &mut impl Access,
        now: OffsetDateTime,
    ) -> AppResult<Vec<Counter>> {
        let mut after = Vec::with_capacity(self.keys.len());
        for k in &self.keys {
            after.push(store::throttle::record_failure(a, &k.name, now, k.reset_before).await?);
        }
        Ok(after)
    }

    /// Forgets the failures of the `i`-th counter after a success. Only a counter that held
    /// failures is written (the common success writes nothing), unless this attempt was charged
    /// in advance (`charged`).
    ///
    /// # Errors
    /// On database failure.
    pub async fn forget(&self, a: &mut impl Access, i: usize, charged: bool) -> AppResult<()> {
        let held = self.found.get(i).is_some_and(|c| c.failures > 0);
        if let Some(k) = self.keys.get(i)
            && (held || charged)
        {
            store::throttle::clear(a, &k.name).await?;
        }
        Ok(())
    }

    /// Takes back the failure charged in advance to the `i`-th counter (a source's counter
    /// after a success: one right password from an address does not forgive its other
    /// guesses).
    ///
    /// # Errors
    /// On database failure.
    pub async fn refund(&self, a: &mut impl Access, i: usize) -> AppResult<()> {
        if let Some(k) = self.keys.get(i) {
            store::throttle::refund(a, &k.name).await?;
        }
        Ok(())
    }
}

/// Counts a request against each of `limits` (a counter's key and its rule): refuses while
/// one of them says wait, else charges them all. The shape of every limit that counts each
/// request, known address or not, success or not (password resets, new sign-up links,
/// sign-ups, changes of address).
///
/// # Errors
/// `TooManyAttempts` beyond a limit; database failures.
pub async fn charge_all(
    a: &mut impl Access,
    limits: Vec<(String, domain::throttle::Rule)>,
    now: OffsetDateTime,
) -> AppResult<()> {
    let keys = limits
        .iter()
        .map(|(name, rule)| Key {
            name: name.clone(),
            reset_before: rule.reset_before(now),
        })
        .collect();
    let counters = Counters::lock(a, keys, now).await?;
    for (i, (_, rule)) in limits.iter().enumerate() {
        if let Some(wait) = counters.found(i).and_then(|c| rule.retry_after(c, now)) {
            return Err(too_many(wait));
        }
    }
    counters.charge(a, now).await?;
    Ok(())
}

/// The answer while throttled.
pub fn too_many(wait: Duration) -> AppError {
    AppError::TooManyAttempts {
        retry_after: retry_after_secs(wait),
    }
}
