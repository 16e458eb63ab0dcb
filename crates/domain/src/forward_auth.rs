//! The rules of forward-auth that need no I/O: which hosts behind the reverse proxy a browser
//! may be sent back to after signing in (the operator's list), whether a return address (`rd`,
//! or the original URL a proxy reports) names one of them, and how a person's name is made
//! safe for a header.
//!
//! # Security
//! A return address is the caller's word: anyone can craft a link to the sign-in entry with any
//! `rd`. Following an unlisted one would make twofold an open redirect (a phishing page reached
//! through a link on the identity server's own domain, CWE-601), so an address is followed only
//! when it is an absolute `http`/`https` URL without user info whose host and port are exactly
//! ones the operator listed. The raw text is refused when it holds whitespace or control
//! characters, which URL parsers silently drop (`java\tscript:`, `https://app\n.evil`).

use url::{Host, Url};

/// Why a return address is not followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// Not an absolute URL, too long, or with whitespace or control characters.
    Malformed,
    /// A scheme other than `http` or `https` (`javascript:`, `data:`, `ftp:`…).
    Scheme,
    /// User info (`https://user:pass@host/`): a classic way to disguise the real host.
    Credentials,
    /// A host (with port) the operator did not list; or no host is listed at all.
    HostNotListed,
}

/// The longest return address followed; browsers and proxies cut long URLs anyway.
pub const MAX_URL_LEN: usize = 4096;

/// One listed host: a domain name or IP address, and a port (`None`: the scheme's default).
#[derive(Debug, Clone, PartialEq, Eq)]
struct AllowedHost {
    host: Host<String>,
    port: Option<u16>,
}

/// The hosts behind the proxy that a browser may be sent back to, as the operator listed them
/// (`app.example.org`, `app.example.org:8443`, `127.0.0.1:8080`, `[::1]:8080`). Empty: none,
/// which turns every redirect off.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AllowedHosts(Vec<AllowedHost>);

impl AllowedHosts {
    /// Parses the operator's list: each entry a host name or IP address, optionally with
    /// `:port`; nothing else (no scheme, path or user info).
    ///
    /// # Errors
    /// The first entry that is not one, with why.
    pub fn parse(entries: &[String]) -> Result<Self, String> {
        entries
            .iter()
            .map(|e| parse_entry(e).ok_or_else(|| format!("{e:?} is not a host[:port]")))
            .collect::<Result<Vec<_>, _>>()
            .map(Self)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The listed hosts whose name is not `public_url`'s: browsers never send twofold's session
    /// cookie there (it names no `Domain`, and under https carries the `__Host-` prefix, which
    /// forbids one), so a proxy in front of them cannot show twofold a session and its
    /// browsers would go round between the app and the sign-in entry.
    pub fn beyond_the_cookie_of(&self, public_url: &str) -> Vec<String> {
        let public = Url::parse(public_url)
            .ok()
            .and_then(|u| u.host().map(|h| h.to_owned()));
        self.0
            .iter()
            .filter(|a| Some(&a.host) != public.as_ref())
            .map(|a| a.host.to_string())
            .collect()
    }

    /// Whether `url`'s host and port are exactly a listed entry's; an entry without a port
    /// stands for the scheme's default port only.
    fn admits(&self, url: &Url) -> bool {
        let (Some(host), Some(port)) = (url.host(), url.port_or_known_default()) else {
            return false;
        };
        let default = default_port(url.scheme());
        self.0
            .iter()
            .any(|a| a.host == host.to_owned() && a.port.or(default) == Some(port))
    }
}

fn default_port(scheme: &str) -> Option<u16> {
    match scheme {
        "http" => Some(80),
        "https" => Some(443),
        _ => None,
    }
}

fn parse_entry(entry: &str) -> Option<AllowedHost> {
    let entry = entry.trim();
    // `host:port`, `[v6]:port`, or a bare host; a bare IPv6 address must be bracketed.
    let (host, port) = match entry.rsplit_once(':') {
        Some((h, p)) if !h.is_empty() && (!h.contains(':') || h.ends_with(']')) => {
            (h, Some(p.parse::<u16>().ok().filter(|p| *p != 0)?))
        }
        _ => (entry, None),
    };
    let bad = |c: char| c.is_whitespace() || c.is_control() || "/?#@\\".contains(c);
    if host.is_empty() || host.contains(bad) {
        return None;
    }
    let host = Host::parse(host).ok()?;
    Some(AllowedHost { host, port })
}

/// A return address that may be followed: an absolute `http`/`https` URL to a listed host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnTo(Url);

impl ReturnTo {
    /// Checks `raw` (an `rd` parameter, or the `X-Original-URL` a proxy reports).
    ///
    /// # Errors
    /// Why it may not be followed.
    pub fn parse(raw: &str, allowed: &AllowedHosts) -> Result<Self, Refused> {
        if raw.is_empty()
            || raw.len() > MAX_URL_LEN
            || raw.chars().any(|c| c.is_whitespace() || c.is_control())
        {
            return Err(Refused::Malformed);
        }
        let url = Url::parse(raw).map_err(|_| Refused::Malformed)?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(Refused::Scheme);
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(Refused::Credentials);
        }
        if !allowed.admits(&url) {
            return Err(Refused::HostNotListed);
        }
        Ok(Self(url))
    }

    /// The original URL from the `X-Forwarded-Proto`, `X-Forwarded-Host` and `X-Forwarded-Uri`
    /// a proxy (Traefik, Caddy) sends with its sub-request; `uri` is the path and query.
    ///
    /// # Errors
    /// Why it may not be followed (each part must be what its header holds: a scheme, a
    /// `host[:port]`, a path starting with one `/`).
    pub fn from_forwarded(
        proto: &str,
        host: &str,
        uri: &str,
        allowed: &AllowedHosts,
    ) -> Result<Self, Refused> {
        if !matches!(proto, "http" | "https") {
            return Err(Refused::Scheme);
        }
        let bad_host = |c: char| "/?#@\\".contains(c);
        if host.is_empty() || host.contains(bad_host) || !uri.starts_with('/') {
            return Err(Refused::Malformed);
        }
        if uri.starts_with("//") || uri.starts_with("/\\") {
            return Err(Refused::Malformed);
        }
        Self::parse(&format!("{proto}://{host}{uri}"), allowed)
    }

    /// The URL, normalised (as it is sent in `Location`).
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

/// The longest name sent in a header, in bytes.
pub const MAX_HEADER_TEXT: usize = 256;

/// `text` fit for one HTTP header line: control characters (CR and LF above all, which would
/// let a name add headers of its own) dropped, runs of whitespace (Unicode line separators
/// included) made one space, trimmed, at most [`MAX_HEADER_TEXT`] bytes (cut at a character boundary).
/// Other characters are kept as UTF-8.
pub fn header_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(MAX_HEADER_TEXT));
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if c.is_control() {
            continue;
        }
        let needed = c.len_utf8() + usize::from(space);
        if out.len() + needed > MAX_HEADER_TEXT {
            break;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn hosts(list: &[&str]) -> AllowedHosts {
        let owned: Vec<String> = list.iter().map(|s| (*s).to_owned()).collect();
        AllowedHosts::parse(&owned).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn the_operators_list_takes_hosts_with_an_optional_port_and_nothing_else() {
        for good in [
            "app.example.org",
            "APP.example.org:8443",
            "127.0.0.1:8080",
            "[::1]:8080",
            "[::1]",
            "localhost",
        ] {
            assert!(
                AllowedHosts::parse(&[good.to_owned()]).is_ok(),
                "{good} is a host"
            );
        }
        for bad in [
            "",
            "https://app.example.org",
            "app.example.org/path",
            "user@app.example.org",
            "app.example.org:0",
            "app.example.org:99999",
            "app.example.org:",
            "::1",
            "app example.org",
            "app.example.org?x",
        ] {
            assert!(
                AllowedHosts::parse(&[bad.to_owned()]).is_err(),
                "{bad:?} is refused"
            );
        }
    }

    #[test]
    fn only_listed_hosts_and_ports_over_http_are_followed() {
        let allowed = hosts(&["app.example.org", "wiki.example.org:8443", "127.0.0.1:8080"]);
        let cases: &[(&str, Result<(), Refused>)] = &[
            ("https://app.example.org/", Ok(())),
            ("http://app.example.org/a?b=1&c=2", Ok(())),
            ("https://APP.example.org:443/x", Ok(())),
            ("https://wiki.example.org:8443/page", Ok(())),
            ("http://127.0.0.1:8080/x", Ok(())),
            ("https://app.example.org:8443/", Err(Refused::HostNotListed)),
            ("https://wiki.example.org/", Err(Refused::HostNotListed)),
            ("http://127.0.0.1:8081/", Err(Refused::HostNotListed)),
            ("https://evil.example/", Err(Refused::HostNotListed)),
            (
                "https://app.example.org.evil.example/",
                Err(Refused::HostNotListed),
            ),
            (
                "https://evil.example/?https://app.example.org/",
                Err(Refused::HostNotListed),
            ),
            (
                "https://app.example.org@evil.example/",
                Err(Refused::Credentials),
            ),
            (
                "https://evil.example@app.example.org/",
                Err(Refused::Credentials),
            ),
            ("javascript:alert(1)//app.example.org", Err(Refused::Scheme)),
            ("data:text/html,hi", Err(Refused::Scheme)),
            ("ftp://app.example.org/", Err(Refused::Scheme)),
            ("//app.example.org/", Err(Refused::Malformed)),
            ("/relative", Err(Refused::Malformed)),
            ("", Err(Refused::Malformed)),
            ("java\tscript:alert(1)", Err(Refused::Malformed)),
            (
                "https://app.example.org\n.evil.example/",
                Err(Refused::Malformed),
            ),
            (" https://app.example.org/", Err(Refused::Malformed)),
        ];
        for (raw, want) in cases {
            let got = ReturnTo::parse(raw, &allowed).map(|_| ());
            assert_eq!(&got, want, "{raw:?}");
        }
        let long = format!("https://app.example.org/{}", "a".repeat(MAX_URL_LEN));
        assert_eq!(ReturnTo::parse(&long, &allowed), Err(Refused::Malformed));
    }

    #[test]
    fn hosts_other_than_the_public_urls_are_beyond_the_session_cookie() {
        let allowed = hosts(&["id.example.org:8443", "wiki.example.org", "127.0.0.1:9000"]);
        assert_eq!(
            allowed.beyond_the_cookie_of("https://ID.example.org"),
            ["wiki.example.org", "127.0.0.1"]
        );
        assert_eq!(
            allowed.beyond_the_cookie_of("http://127.0.0.1:8080"),
            ["id.example.org", "wiki.example.org"]
        );
    }

    #[test]
    fn an_empty_list_follows_nothing() {
        let none = AllowedHosts::default();
        assert!(none.is_empty());
        assert_eq!(
            ReturnTo::parse("https://app.example.org/", &none),
            Err(Refused::HostNotListed)
        );
    }

    #[test]
    fn the_forwarded_parts_make_the_original_url() {
        let allowed = hosts(&["app.example.org", "127.0.0.1:8080"]);
        let ok = ReturnTo::from_forwarded("https", "app.example.org", "/a?b=1&c=2", &allowed);
        assert_eq!(
            ok.map(|r| r.as_str().to_owned()),
            Ok("https://app.example.org/a?b=1&c=2".to_owned())
        );
        assert!(ReturnTo::from_forwarded("http", "127.0.0.1:8080", "/", &allowed).is_ok());
        let cases = [
            ("javascript", "app.example.org", "/", Refused::Scheme),
            ("https,http", "app.example.org", "/", Refused::Scheme),
            ("https", "evil.example", "/", Refused::HostNotListed),
            (
                "https",
                "evil.example@app.example.org",
                "/",
                Refused::Malformed,
            ),
            ("https", "app.example.org/x", "/", Refused::Malformed),
            ("https", "app.example.org", "x", Refused::Malformed),
            (
                "https",
                "app.example.org",
                "//evil.example/",
                Refused::Malformed,
            ),
            ("https", "", "/", Refused::Malformed),
        ];
        for (proto, host, uri, want) in cases {
            assert_eq!(
                ReturnTo::from_forwarded(proto, host, uri, &allowed),
                Err(want),
                "{proto} {host} {uri}"
            );
        }
    }

    #[test]
    fn names_become_one_header_line() {
        assert_eq!(header_text("Ann Lee"), "Ann Lee");
        assert_eq!(header_text("  Ann\r\nX-Admin: 1 "), "Ann X-Admin: 1");
        assert_eq!(header_text("Zoë\u{2028}Ångström\t\tB"), "Zoë Ångström B");
        assert_eq!(header_text("a\u{0}b\u{7f}c\u{85}d"), "abc d");
        let long = "é".repeat(MAX_HEADER_TEXT);
        let cut = header_text(&long);
        assert!(cut.len() <= MAX_HEADER_TEXT && cut.chars().all(|c| c == 'é'));
    }

    proptest! {
        #[test]
        fn any_text_is_parsed_without_panicking(s in "(?s).{0,300}") {
            let allowed = hosts(&["app.example.org"]);
            let _ = ReturnTo::parse(&s, &allowed);
            let _ = ReturnTo::from_forwarded("https", &s, "/", &allowed);
            let _ = AllowedHosts::parse(&[s]);
        }

        #[test]
        fn header_text_never_holds_a_line_break_or_control(s in "(?s).{0,400}") {
            let out = header_text(&s);
            let breaks = |c: char| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}');
            prop_assert!(!out.chars().any(breaks), "{:?}", out);
            prop_assert!(out.len() <= MAX_HEADER_TEXT);
            prop_assert_eq!(out.trim(), out.as_str());
        }

        #[test]
        fn an_address_is_followed_only_to_a_listed_host(
            host in prop_oneof![
                Just("app.example.org".to_owned()),
                Just("wiki.example.org".to_owned()),
                Just("APP.Example.org".to_owned()),
                "[a-z]{1,8}\\.(example|test)\\.(org|com)",
            ],
            port in proptest::option::of(prop_oneof![Just(80u16), Just(443), Just(8443), 1u16..]),
            scheme in "(http|https|javascript|data|ftp)",
            path in "/[a-zA-Z0-9/?&=%._-]{0,30}",
        ) {
            let allowed = hosts(&["app.example.org", "wiki.example.org:8443"]);
            let authority = match port {
                Some(p) => format!("{host}:{p}"),
                None => host.clone(),
            };
            let raw = format!("{scheme}://{authority}{path}");
            if let Ok(r) = ReturnTo::parse(&raw, &allowed) {
                let url = Url::parse(r.as_str()).unwrap_or_else(|e| panic!("{e}"));
                prop_assert!(matches!(url.scheme(), "http" | "https"));
                let at = (url.host_str().unwrap_or_default(), url.port_or_known_default());
                prop_assert!(
                    at == ("app.example.org", default_port(url.scheme()))
                        || at == ("wiki.example.org", Some(8443)),
                    "{raw} was followed"
                );
            }
        }
    }
}
