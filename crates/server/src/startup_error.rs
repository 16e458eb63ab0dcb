//! Why the server (or an admin command) could not start. Each variant says what it was doing.

use std::path::PathBuf;

/// A failure while setting up, before any request is served.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{} must hold exactly 32 bytes, found {found}", path.display())]
    BadKey { path: PathBuf, found: usize },
    #[error("cannot open the database {url}: {source}")]
    Database {
        url: String,
        #[source]
        source: store::StoreError,
    },
    #[error("migrations failed: {0}")]
    Migrate(#[source] store::StoreError),
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        addr: std::net::SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error("invalid password hashing parameters: {0}")]
    Hashing(String),
    #[error("{} is not a PEM attestation CA certificate: {reason}", path.display())]
    AttestationCa { path: PathBuf, reason: String },
    #[error(
        "the master key in {} does not open this database's secrets ({detail}): start with the \
         key file they are sealed under (after `twofold keys rotate-master`, the new one)",
        path.display()
    )]
    KeyMismatch { path: PathBuf, detail: String },
    #[error("cannot prepare the signing keys: {0}")]
    Keys(String),
    #[error("invalid SMS gateway settings: {0}")]
    SmsGateway(String),
    #[error("invalid forward_auth.allowed_hosts: {0}")]
    ForwardAuth(String),
    #[error("invalid SMS settings: {0}")]
    Sms(String),
    #[error("invalid SMTP settings: {0}")]
    Smtp(#[from] lettre::transport::smtp::Error),
    #[error("mail_from is not a valid mailbox: {0}")]
    MailFrom(#[from] lettre::address::AddressError),
    #[error(transparent)]
    Random(#[from] domain::token::RandomError),
    #[error("cannot start the writing thread: {0}")]
    WriteThread(#[source] std::io::Error),
    #[error("the server stopped: {0}")]
    Serve(#[source] std::io::Error),
}
