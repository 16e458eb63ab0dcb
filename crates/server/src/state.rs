//! What every handler and service shares: the store, the clock, the hashing pool, the key and
//! the settings derived from configuration.

use std::ops::Deref;
use std::sync::Arc;

use domain::Clock;
use domain::session::LifetimePolicy;
use store::Store;
use tokio::sync::Notify;

use crate::config::Config;
use crate::hashing::Hasher;
use crate::keys::MasterKey;

/// Shared application state; cheap to clone.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

pub struct Inner {
    pub store: Store,
    /// Where SQLite's hot write transactions run (`write_thread`).
    pub write_thread: crate::write_thread::WriteThread,
    pub clock: Arc<dyn Clock>,
    pub hasher: Hasher,
    pub key: MasterKey,
    pub config: Config,
    /// The public URL without a trailing slash, e.g. `https://id.example.org`.
    pub public_url: String,
    /// `scheme://host[:port]` of the public URL: the only `Origin` accepted in place of a
    /// CSRF token.
    pub public_origin: String,
    pub cookie_secure: bool,
    pub lifetimes: LifetimePolicy,
    pub sign_in_limits: domain::throttle::SignInLimits,
    pub mfa_limits: domain::throttle::MfaLimits,
    /// Seals second-factor secrets and hashes recovery codes, app passwords and device tokens.
    pub sealer: crate::secrets::Sealer,
    pub sessions: crate::session_cache::SessionCache,
    /// Sessions' last-seen times, written together four times a second.
    pub touches: crate::touches::Touches,
    /// Wakes the outbox worker after a transaction queued a message.
    pub outbox_wake: Arc<Notify>,
    /// The WebAuthn relying party, or why there is none (the public URL has no domain name).
    pub webauthn: Result<Arc<webauthn_rs::Webauthn>, crate::webauthn::RelyingPartyError>,
    /// The roots new security keys must be attested by, when configured.
    pub webauthn_attestation: Option<webauthn_rs::prelude::AttestationCaList>,
    /// The hosts forward-auth may send a browser back to (`forward_auth.allowed_hosts`).
    pub forward_auth_hosts: domain::forward_auth::AllowedHosts,
    /// The countries SMS codes may be sent to.
    pub sms_countries: domain::phone::AllowedCountries,
    /// The public URL's domain name, which texts bind their code to (none for an IP address).
    pub sms_domain: Option<String>,
    /// Wakes the devices waiting for sign-ins to approve on this node, when one is held.
    pub push_wake: Arc<Notify>,
    /// Wakes the background jobs (announcements, scheduled reminders) after a change.
    pub jobs_wake: Arc<Notify>,
    /// This node hears other nodes' changes as they commit (`fanout`): cached sessions are
    /// evicted and waiting devices woken at once, so long polls need not look again.
    pub fanout_live: Arc<std::sync::atomic::AtomicBool>,
    /// The OpenID Connect provider's signing keys, as this node last read them.
    pub keyring: crate::signing::Keyring,
}

impl Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl AppState {
    pub fn new(inner: Inner) -> Self {
        Self(Arc::new(inner))
    }
}

/// The host of a URL when it is a domain name (not an IP address), without its port.
pub fn domain_of(url: &str) -> Option<String> {
    let origin = origin_of(url);
    let host = origin.split_once("://").map_or(origin.as_str(), |(_, h)| h);
    if host.starts_with('[') {
        return None;
    }
    let host = host.split(':').next().unwrap_or_default();
    let is_ip = host.parse::<std::net::Ipv4Addr>().is_ok();
    (!host.is_empty() && !is_ip).then(|| host.to_owned())
}

/// `scheme://host[:port]` of a URL, lower-cased, as browsers send it in `Origin`.
pub fn origin_of(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("http", url));
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    format!("{}://{}", scheme.to_lowercase(), host.to_lowercase())
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_domain_names_bind_texts() {
        assert_eq!(
            super::domain_of("https://ID.example.org:8443/x"),
            Some("id.example.org".into())
        );
        assert_eq!(super::domain_of("http://127.0.0.1:8080"), None);
        assert_eq!(super::domain_of("http://[::1]:8080"), None);
        assert_eq!(
            super::domain_of("http://localhost:8080"),
            Some("localhost".into())
        );
    }

    #[test]
    fn origins_drop_paths() {
        assert_eq!(
            super::origin_of("https://ID.example.org:8443/base/"),
            "https://id.example.org:8443"
        );
        assert_eq!(
            super::origin_of("http://127.0.0.1:8080"),
            "http://127.0.0.1:8080"
        );
    }
}
