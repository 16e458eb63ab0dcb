//! The HTTP API's request and response bodies and its stable error codes, as `../shared/API.md`
//! fixes them. Serde and OpenAPI schemas only: no behaviour. Requests refuse unknown fields so a
//! typo in a client is an error, not a silently ignored option.

pub mod accounts;
pub mod clients;
pub mod error;
pub mod mfa;
pub mod names;
pub mod orgs;
pub mod push;

pub use error::{ErrorCode, Problem};
