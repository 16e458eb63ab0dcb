//! Use cases. Each owns its transaction (a [`work::Work`]): it parses nothing (handlers pass
//! domain types), asks the domain for every rule, and reads and writes through the store.
//!
//! The modules form layers, and a module imports only from the layers below it (the test
//! `crates/server/tests/shape.rs` fails on any import cycle):
//! - leaves: [`work`] (the unit of work), [`mail`] (what emails say), [`signed_in`] (who is
//!   asking), [`org_access`] (who may act on an organization), [`throttle`] (attempt counters);
//! - shared pieces over them: [`audit`] (events, and telling the account holder),
//!   [`enforcement`] (auto-enforcement), [`factors`] (the factor kernel);
//! - use cases on top: everything else (`clients`: the apps that sign people in). A use case may call one below it that owns a part of
//!   its flow (`second_step` asks `push`, `sms`, `webauthn` and `devices`; `sessions` asks
//!   `devices`; `passkeys` asks `webauthn` and `sessions`), never one beside or above it.

pub mod account_deletion;
pub mod accounts;
pub mod adoption;
pub mod app_access;
pub mod app_passwords;
pub mod audit;
pub mod clients;
pub mod compliance;
pub mod devices;
pub mod email_change;
pub mod enforcement;
pub mod factors;
pub mod invitation_lists;
pub mod invitations;
pub mod language;
pub mod mail;
pub mod management;
pub mod mfa;
pub mod my_sessions;
pub mod oidc_authorize;
pub mod oidc_logout;
pub mod oidc_tokens;
pub mod org_access;
pub mod orgs;
pub mod passkeys;
pub mod password_reset;
pub mod policies;
pub mod push;
pub mod reminders;
pub mod second_step;
pub mod sessions;
pub mod signed_in;
pub mod signup;
pub mod sms;
pub mod throttle;
pub mod webauthn;
pub mod work;
