//! Use cases. Each owns its transaction: it parses nothing (handlers pass domain types), asks
//! the domain for every rule, and reads and writes through the store.

pub mod accounts;
pub mod app_passwords;
pub mod audit;
pub mod compliance;
pub mod devices;
pub mod mail;
pub mod management;
pub mod mfa;
pub mod orgs;
pub mod policies;
pub mod push;
pub mod second_step;
pub mod sessions;
pub mod sms;
pub mod webauthn;
