//! All of twofold's SQL, for SQLite and PostgreSQL through one code path.
//!
//! Each query is written once with `$1`-style placeholders, which both backends accept, and runs
//! on whichever pool the store was opened with (see [`db`]). Modules are one per aggregate; they
//! read and write rows and convert them to domain types, and hold no business rule.

#[macro_use]
mod macros;
pub mod accounts;
pub mod adoption;
pub mod app_passwords;
pub mod audit;
pub mod backup;
pub mod changes;
pub mod clients;
mod db;
pub mod devices;
pub mod email_changes;
pub mod error;
pub mod invitations;
pub mod managers;
pub mod master_keys;
pub mod mfa;
pub mod oidc;
pub mod orgs;
pub mod outbox;
pub mod password_resets;
pub mod policies;
pub mod push;
pub mod sessions;
pub mod sms;
pub mod throttle;
pub mod webauthn;

pub use db::{Access, Conn, ReadConn, Store, Tx, WriteConn};
pub use error::StoreError;

use time::OffsetDateTime;

/// Milliseconds since the Unix epoch: how every time is stored.
pub(crate) fn to_ms(t: OffsetDateTime) -> i64 {
    i64::try_from(t.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX)
}

pub(crate) fn from_ms(ms: i64) -> Result<OffsetDateTime, StoreError> {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .map_err(|e| StoreError::Corrupt(format!("time {ms}: {e}")))
}
