//! The WebAuthn relying party: its id and origin come from the configured public URL, so a
//! ceremony answered for any other site is refused by the library's checks; and the checks of
//! the WebAuthn Level 3 verification steps the library leaves to the relying party.

use webauthn_rs::prelude::{AttestationCaList, Url};
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

/// The attestation roots read from PEM files (their union), or `None` for none configured.
///
/// # Errors
/// A file that cannot be read or is not a PEM certificate.
pub fn attestation_roots(
    files: &[std::path::PathBuf],
) -> Result<Option<AttestationCaList>, crate::startup_error::StartupError> {
    use crate::startup_error::StartupError;
    if files.is_empty() {
        return Ok(None);
    }
    let mut list = AttestationCaList::default();
    for path in files {
        let pem = std::fs::read(path).map_err(|source| StartupError::Io {
            action: "read",
            path: path.clone(),
            source,
        })?;
        let one = AttestationCaList::try_from(pem.as_slice()).map_err(|e| {
            StartupError::AttestationCa {
                path: path.clone(),
                reason: format!("{e:?}"),
            }
        })?;
        list.union(&one);
    }
    Ok(Some(list))
}

/// What the client data of a ceremony says of the page that asked for it.
#[derive(serde::Deserialize)]
struct ClientFrame {
    #[serde(rename = "crossOrigin", default)]
    cross_origin: Option<bool>,
    #[serde(rename = "topOrigin", default)]
    top_origin: Option<serde::de::IgnoredAny>,
}

/// Whether a ceremony's client data says it ran in a page of twofold's own origin, not in a
/// frame another site embedded (WebAuthn Level 3, §7.2 steps 10–13: `crossOrigin` and
/// `topOrigin`). webauthn-rs-core 0.6.2 checks this at registration only, so a correctly
/// signed assertion made inside another site's page was accepted at sign-in. twofold is never
/// framed by another site, so any cross-origin ceremony is refused; unreadable client data too.
pub fn same_origin_ceremony(client_data_json: &[u8]) -> bool {
    serde_json::from_slice::<ClientFrame>(client_data_json)
        .is_ok_and(|c| c.cross_origin != Some(true) && c.top_origin.is_none())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_ceremonies_of_a_page_of_the_same_origin_pass() {
        let base = r#""type":"webauthn.get","challenge":"x","origin":"https://id.example.org""#;
        for (extra, same) in [
            ("", true),
            (r#","crossOrigin":false"#, true),
            (r#","crossOrigin":true"#, false),
            (
                r#","crossOrigin":false,"topOrigin":"https://evil.example""#,
                false,
            ),
        ] {
            let json = format!("{{{base}{extra}}}");
            assert_eq!(same_origin_ceremony(json.as_bytes()), same, "{json}");
        }
        assert!(!same_origin_ceremony(b"not json"));
    }

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

    #[test]
    fn attestation_roots_must_be_readable_pem_certificates() {
        use crate::startup_error::StartupError;
        assert!(matches!(attestation_roots(&[]), Ok(None)));
        let dir = std::env::temp_dir().join(format!("twofold-roots-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let bad = dir.join("not-a-cert.pem");
        let _ = std::fs::write(&bad, "hello");
        assert!(matches!(
            attestation_roots(std::slice::from_ref(&bad)),
            Err(StartupError::AttestationCa { .. })
        ));
        assert!(matches!(
            attestation_roots(&[dir.join("missing.pem")]),
            Err(StartupError::Io { .. })
        ));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
