//! A person-readable name for the program behind a session ("Firefox on Linux"), from its
//! `User-Agent` header, for the list of one's sessions.
//!
//! Hand-written: the Rust user-agent parsers are either unmaintained (woothee, last release
//! 2021) or load a regex file of thousands of entries (uaparser) to tell apart what this needs
//! only a dozen tokens for. The header is the client's claim and grants nothing: it only helps
//! a person recognise their own sessions.

/// The browser or client and, when known, its operating system. Unknown agents keep their
/// first product token (`curl/8.5.0` → "curl"); none at all gives "Unknown client".
///
/// The API returns these English words; the console says them again in its reader's language
/// by their shapes ("{browser} on {os}", "A browser on {os}", "Unknown client": see
/// `web::sessions::browser` in the server, whose test pins them): change both together.
pub fn describe(user_agent: Option<&str>) -> String {
    let ua = user_agent.map(str::trim).unwrap_or_default();
    if ua.is_empty() {
        return "Unknown client".to_owned();
    }
    let browser = browser(ua);
    match (browser, os(ua)) {
        (Some(b), Some(o)) => format!("{b} on {o}"),
        (Some(b), None) => b.to_owned(),
        (None, Some(o)) => format!("A browser on {o}"),
        (None, None) => product(ua),
    }
}

/// Order matters: Edge and Opera say "Chrome" too, Chrome says "Safari".
fn browser(ua: &str) -> Option<&'static str> {
    const BROWSERS: [(&str, &str); 8] = [
        ("Edg/", "Edge"),
        ("EdgA/", "Edge"),
        ("OPR/", "Opera"),
        ("Firefox/", "Firefox"),
        ("FxiOS/", "Firefox"),
        ("CriOS/", "Chrome"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
    ];
    BROWSERS
        .iter()
        .find(|(token, _)| ua.contains(token))
        .map(|(_, name)| *name)
}

/// Order matters: Android says "Linux", iOS says "like Mac OS X", ChromeOS says "Linux" too.
fn os(ua: &str) -> Option<&'static str> {
    const SYSTEMS: [(&str, &str); 8] = [
        ("Android", "Android"),
        ("iPhone", "iOS"),
        ("iPad", "iPadOS"),
        ("CrOS", "ChromeOS"),
        ("Windows", "Windows"),
        ("Macintosh", "macOS"),
        ("Mac OS X", "macOS"),
        ("Linux", "Linux"),
    ];
    SYSTEMS
        .iter()
        .find(|(token, _)| ua.contains(token))
        .map(|(_, name)| *name)
}

/// The first product token without its version, at most 40 characters.
fn product(ua: &str) -> String {
    let first = ua.split_whitespace().next().unwrap_or(ua);
    let name = first.split('/').next().unwrap_or(first);
    let name: String = name.chars().filter(|c| !c.is_control()).take(40).collect();
    if name.is_empty() {
        "Unknown client".to_owned()
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::describe;

    #[test]
    fn common_browsers_are_named_with_their_system() {
        let cases = [
            (
                "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
                "Firefox on Linux",
            ),
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
                "Edge on Windows",
            ),
            (
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
                "Safari on macOS",
            ),
            (
                "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1",
                "Chrome on iOS",
            ),
            (
                "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
                "Chrome on Android",
            ),
            (
                "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
                "Chrome on ChromeOS",
            ),
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 OPR/115.0.0.0",
                "Opera on Windows",
            ),
        ];
        for (ua, want) in cases {
            assert_eq!(describe(Some(ua)), want, "{ua}");
        }
    }

    #[test]
    fn other_clients_keep_their_product_name_and_nothing_gives_unknown() {
        assert_eq!(describe(Some("curl/8.5.0")), "curl");
        assert_eq!(describe(Some("python-requests/2.32.3")), "python-requests");
        assert_eq!(
            describe(Some("twofold-authenticator/0.1")),
            "twofold-authenticator"
        );
        assert_eq!(describe(None), "Unknown client");
        assert_eq!(describe(Some("   ")), "Unknown client");
        assert_eq!(describe(Some("\u{7}\u{8}/1")), "Unknown client");
        let long = "x".repeat(500);
        assert_eq!(describe(Some(&long)).chars().count(), 40);
    }
}
