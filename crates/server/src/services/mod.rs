//! Use cases. Each owns its transaction: it parses nothing (handlers pass domain types), asks
//! the domain for every rule, and reads and writes through the store.

pub mod accounts;
pub mod audit;
pub mod mail;
pub mod orgs;
pub mod sessions;
