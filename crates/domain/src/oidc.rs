//! The rules of twofold as an OpenID Connect provider that need no I/O: what an app (a client)
//! registers — its kind, its type, its redirect URIs — how a presented `redirect_uri` matches
//! a registered one, PKCE (RFC 7636, `S256` only), and the scopes an authorization may ask for.
//!
//! # Security
//! A redirect URI is where codes are sent: it matches a registered one exactly (OAuth 2.0
//! Security BCP, RFC 9700 §4.1.3), except that a native app's loopback redirect may name any
//! port (RFC 8252 §7.3), since the app listens on whichever port is free. Fragments, user info
//! and non-loopback `http` are refused at registration. PKCE's `plain` method is refused: it
//! protects nothing against a code seen on its way back.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use url::{Host, Url};

use crate::error::Invalid;
use crate::{ClientKind, ValidationError};

pub mod flow;

/// What kind of app a client is: a web app (its server holds a session) or a native app
/// (desktop, mobile, CLI). A native app's tokens are a native client's for an organization's
/// `exempt_clients`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppKind {
    Web,
    Native,
}

impl AppKind {
    /// # Errors
    /// When `raw` is not `web` or `native`.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        match raw {
            "web" => Ok(Self::Web),
            "native" => Ok(Self::Native),
            _ => Err(ValidationError::because(
                "kind",
                Invalid::Either("web", "native"),
            )),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Web => "web",
            Self::Native => "native",
        }
    }

    /// The kind of client its tokens count as, for the access decision.
    pub fn client_kind(self) -> ClientKind {
        match self {
            Self::Web => ClientKind::Web,
            Self::Native => ClientKind::Native,
        }
    }
}

/// Whether a client can keep a secret (a server) or not (a browser app, a native app).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientType {
    Confidential,
    Public,
}

impl ClientType {
    /// # Errors
    /// When `raw` is not `confidential` or `public`.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        match raw {
            "confidential" => Ok(Self::Confidential),
            "public" => Ok(Self::Public),
            _ => Err(ValidationError::because(
                "type",
                Invalid::Either("confidential", "public"),
            )),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Confidential => "confidential",
            Self::Public => "public",
        }
    }

    /// Public clients cannot authenticate at the token endpoint, so PKCE is what binds their
    /// code to them.
    pub fn requires_pkce(self) -> bool {
        self == Self::Public
    }
}

/// The most redirect URIs one client may register.
pub const MAX_REDIRECT_URIS: usize = 20;
/// The longest redirect URI accepted.
pub const MAX_URI_LEN: usize = 2000;

/// A registered redirect URI: absolute, without fragment or user info; `https`, `http` only on
/// a loopback address, or (native apps) a private-use scheme such as `com.example.app:/cb`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RedirectUri {
    /// As registered: what a presented URI must equal, character for character.
    raw: String,
    url: Url,
}

impl RedirectUri {
    /// Parses a URI a client registers, for an app of `kind`; `field` names it in errors.
    ///
    /// # Errors
    /// When it is not a URI twofold may send codes to.
    pub fn parse(raw: &str, kind: AppKind, field: &'static str) -> Result<Self, ValidationError> {
        let bad = |why: Invalid| ValidationError::because(field, why);
        if raw.len() > MAX_URI_LEN {
            return Err(bad(Invalid::UriTooLong));
        }
        // A parser drops tabs and newlines (as browsers do), so what is stored and compared
        // would not be what is sent: refused instead.
        if raw.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(bad(Invalid::UriSpaces));
        }
        let url = Url::parse(raw).map_err(|_| bad(Invalid::UriNotAbsolute))?;
        if url.fragment().is_some() {
            return Err(bad(Invalid::UriFragment));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(bad(Invalid::UriUserInfo));
        }
        match url.scheme() {
            "https" => {}
            "http" if is_loopback(&url) => {}
            "http" => return Err(bad(Invalid::UriHttps)),
            // A private-use scheme (RFC 8252 §7.1) is reverse-DNS, so it always holds a dot.
            s if kind == AppKind::Native && s.contains('.') => {}
            _ => {
                return Err(bad(Invalid::UriScheme));
            }
        }
        Ok(Self {
            raw: raw.to_owned(),
            url,
        })
    }

    pub fn as_str(&self) -> &str {
        &self.raw
    }

    /// Whether a `redirect_uri` presented in an authorization request is this one: equal as
    /// strings (no normalisation beyond what parsing did to the registered one); for a native
    /// app's loopback redirect, equal except for the port (RFC 8252 §7.3).
    pub fn matches(&self, presented: &str, kind: AppKind) -> bool {
        if presented == self.raw {
            return true;
        }
        let r = &self.url;
        if kind != AppKind::Native || !is_loopback(r) || r.scheme() != "http" {
            return false;
        }
        let Ok(p) = Url::parse(presented) else {
            return false;
        };
        p.scheme() == "http"
            && p.host() == r.host()
            && p.path() == r.path()
            && p.query() == r.query()
            && p.fragment().is_none()
            && p.username().is_empty()
            && p.password().is_none()
    }
}

/// Loopback by IP literal: `127.0.0.1` (any of 127/8) or `[::1]`. `localhost` is not, since a
/// name can resolve elsewhere (RFC 8252 §8.3).
fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        _ => false,
    }
}

/// The registered URI a presented one matches, if any.
pub fn find_redirect<'a>(
    registered: &'a [RedirectUri],
    presented: &str,
    kind: AppKind,
) -> Option<&'a RedirectUri> {
    registered.iter().find(|r| r.matches(presented, kind))
}

/// A PKCE code challenge (`S256`): the base64url SHA-256 of the verifier, 43 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeChallenge(String);

impl CodeChallenge {
    /// Parses a challenge with its method; only `S256` is accepted.
    ///
    /// # Errors
    /// For another method, or a challenge that is not 43 base64url characters.
    pub fn parse(challenge: &str, method: Option<&str>) -> Result<Self, ValidationError> {
        if method != Some("S256") {
            return Err(ValidationError::because(
                "code_challenge_method",
                Invalid::Exactly("S256"),
            ));
        }
        let ok = challenge.len() == 43
            && challenge
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !ok {
            return Err(ValidationError::because(
                "code_challenge",
                Invalid::CodeChallenge,
            ));
        }
        Ok(Self(challenge.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether `verifier` (RFC 7636 §4.1: 43–128 unreserved characters) hashes to this
    /// challenge; compared in constant time.
    pub fn verifies(&self, verifier: &str) -> bool {
        let well_formed = (43..=128).contains(&verifier.len())
            && verifier
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b));
        if !well_formed {
            return false;
        }
        let computed = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
        computed.as_bytes().ct_eq(self.0.as_bytes()).into()
    }
}

/// The scopes an authorization asks for: `openid` always; `profile`, `email` and
/// `offline_access` (a refresh token) optionally; others are ignored (RFC 6749 §3.3 lets the
/// server grant less than asked).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Scopes {
    pub profile: bool,
    pub email: bool,
    pub offline_access: bool,
}

impl Scopes {
    /// # Errors
    /// Without `openid`: this is an OpenID Connect provider only.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let words: Vec<&str> = raw.split(' ').filter(|w| !w.is_empty()).collect();
        if !words.contains(&"openid") {
            return Err(ValidationError::because("scope", Invalid::ScopeOpenid));
        }
        Ok(Self {
            profile: words.contains(&"profile"),
            email: words.contains(&"email"),
            offline_access: words.contains(&"offline_access"),
        })
    }

    /// The granted scopes, space-separated, as token answers report them.
    pub fn granted(self) -> String {
        let mut out = vec!["openid"];
        if self.profile {
            out.push("profile");
        }
        if self.email {
            out.push("email");
        }
        if self.offline_access {
            out.push("offline_access");
        }
        out.join(" ")
    }
}

/// How an app wants its ID tokens signed: ES256 unless it registered RS256 (some libraries
/// know only RSA).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SigningAlg {
    Es256,
    Rs256,
}

impl SigningAlg {
    pub const ALL: [Self; 2] = [Self::Es256, Self::Rs256];

    /// # Errors
    /// For anything but `ES256` or `RS256` (never `none`, never HMAC).
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        match raw {
            "ES256" => Ok(Self::Es256),
            "RS256" => Ok(Self::Rs256),
            _ => Err(ValidationError::because(
                "id_token_signed_response_alg",
                Invalid::Either("ES256", "RS256"),
            )),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Es256 => "ES256",
            Self::Rs256 => "RS256",
        }
    }
}

#[cfg(test)]
mod tests;
