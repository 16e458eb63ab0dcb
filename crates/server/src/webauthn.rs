//! The WebAuthn relying party (issue 6, groundwork): its id and origin come from the configured
//! public URL, so a ceremony answered for any other site is refused by the library's checks.
//! The ceremonies themselves are wired in a later change.

use webauthn_rs::prelude::Url;
use webauthn_rs::{Webauthn, WebauthnBuilder};

/// Why security keys cannot be offered with this configuration.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RelyingPartyError {
    #[error("the public URL {0:?} is not a URL")]
    NotAUrl(String),
    /// Browsers accept WebAuthn only for a domain name (`localhost` included), never for an IP
    /// address, and only over https except on `localhost`.
    #[error(
        "security keys need a public URL with a domain name (https://id.example.org, or http://localhost:PORT on a laptop), not {0:?}"
    )]
    NoDomain(String),
    #[error("security keys need an https public URL outside localhost, not {0:?}")]
    NotSecure(String),
    #[error("the relying party could not be built: {0}")]
    Library(String),
}

/// The relying party for `public_url`: id = its host, the only allowed origin = the URL's
/// origin (scheme, host and port).
///
/// # Errors
/// See [`RelyingPartyError`].
pub fn relying_party(public_url: &str, name: &str) -> Result<Webauthn, RelyingPartyError> {
    let url = Url::parse(public_url).map_err(|_| RelyingPartyError::NotAUrl(public_url.into()))?;
    let Some(host) = url.domain().map(str::to_owned) else {
        return Err(RelyingPartyError::NoDomain(public_url.into()));
    };
    if url.scheme() != "https" && host != "localhost" {
        return Err(RelyingPartyError::NotSecure(public_url.into()));
    }
    WebauthnBuilder::new(&host, &url)
        .and_then(|b| b.rp_name(name).build())
        .map_err(|e| RelyingPartyError::Library(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_domain_over_https_or_localhost_makes_a_relying_party() {
        assert!(relying_party("https://id.example.org", "twofold").is_ok());
        assert!(relying_party("http://localhost:8080", "twofold").is_ok());
    }

    #[test]
    fn ip_addresses_plain_http_and_garbage_are_refused_with_the_reason() {
        assert!(matches!(
            relying_party("http://127.0.0.1:8080", "twofold"),
            Err(RelyingPartyError::NoDomain(_))
        ));
        assert!(matches!(
            relying_party("http://id.example.org", "twofold"),
            Err(RelyingPartyError::NotSecure(_))
        ));
        assert!(matches!(
            relying_party("not a url", "twofold"),
            Err(RelyingPartyError::NotAUrl(_))
        ));
    }
}
