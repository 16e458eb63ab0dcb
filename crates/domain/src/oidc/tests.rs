use proptest::prelude::*;

use super::*;

fn uri(raw: &str, kind: AppKind) -> Result<RedirectUri, ValidationError> {
    RedirectUri::parse(raw, kind, "redirect_uris")
}

#[test]
fn redirect_uris_twofold_may_send_codes_to() {
    for ok in [
        "https://wiki.example.org/oidc/callback",
        "https://wiki.example.org/cb?tenant=acme",
        "http://127.0.0.1/callback",
        "http://[::1]:8080/callback",
    ] {
        assert!(uri(ok, AppKind::Web).is_ok(), "{ok}");
    }
    assert!(uri("com.example.app:/oauth2redirect", AppKind::Native).is_ok());
    for bad in [
        "/callback",
        "https://wiki.example.org/cb#frag",
        "https://user:pw@wiki.example.org/cb",
        "http://wiki.example.org/cb",
        "http://localhost/cb",
        "javascript:alert(1)",
        "myapp:/cb",
        "",
    ] {
        assert!(uri(bad, AppKind::Native).is_err(), "{bad}");
    }
    // Private-use schemes are for native apps only.
    assert!(uri("com.example.app:/oauth2redirect", AppKind::Web).is_err());
    assert!(
        uri(
            &format!("https://a.example/{}", "x".repeat(MAX_URI_LEN)),
            AppKind::Web
        )
        .is_err()
    );
}

#[test]
fn a_redirect_uri_matches_exactly_except_a_native_apps_loopback_port() {
    let web = uri("https://wiki.example.org/cb", AppKind::Web).unwrap_or_else(|e| panic!("{e}"));
    assert!(web.matches("https://wiki.example.org/cb", AppKind::Web));
    for other in [
        "https://wiki.example.org/cb/",
        "https://wiki.example.org/cb?x=1",
        "https://wiki.example.org:443/cb",
        "https://WIKI.example.org/cb",
        "https://wiki.example.org.evil.example/cb",
        "https://wiki.example.org/cb#x",
    ] {
        assert!(!web.matches(other, AppKind::Web), "{other}");
    }
    let native =
        uri("http://127.0.0.1/callback", AppKind::Native).unwrap_or_else(|e| panic!("{e}"));
    assert!(native.matches("http://127.0.0.1:51004/callback", AppKind::Native));
    assert!(native.matches("http://127.0.0.1/callback", AppKind::Native));
    for other in [
        "http://127.0.0.1:51004/other",
        "http://127.0.0.2:51004/callback",
        "http://localhost:51004/callback",
        "https://127.0.0.1:51004/callback",
        "http://127.0.0.1:51004/callback?x=1",
        "http://u@127.0.0.1:51004/callback",
    ] {
        assert!(!native.matches(other, AppKind::Native), "{other}");
    }
    // The port may vary only for native apps.
    let loopback_web =
        uri("http://127.0.0.1/callback", AppKind::Web).unwrap_or_else(|e| panic!("{e}"));
    assert!(!loopback_web.matches("http://127.0.0.1:51004/callback", AppKind::Web));
    let both = [web.clone(), native.clone()];
    assert_eq!(
        find_redirect(&both, "http://127.0.0.1:9/callback", AppKind::Native),
        Some(&native)
    );
    assert_eq!(
        find_redirect(&both, "https://evil.example/cb", AppKind::Native),
        None
    );
}

#[test]
fn pkce_s256_follows_rfc_7636_appendix_b() {
    let challenge =
        CodeChallenge::parse("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", Some("S256"))
            .unwrap_or_else(|e| panic!("{e}"));
    assert!(challenge.verifies("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"));
    assert!(!challenge.verifies("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXj"));
    assert!(!challenge.verifies("short"));
    assert!(
        CodeChallenge::parse("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", Some("plain")).is_err()
    );
    assert!(CodeChallenge::parse("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", None).is_err());
    assert!(CodeChallenge::parse("too-short", Some("S256")).is_err());
    assert!(ClientType::Public.requires_pkce());
    assert!(!ClientType::Confidential.requires_pkce());
}

#[test]
fn scopes_need_openid_and_grant_only_what_twofold_knows() {
    assert!(Scopes::parse("profile email").is_err());
    let s = Scopes::parse("openid  offline_access admin email").unwrap_or_else(|e| panic!("{e}"));
    assert!(s.offline_access && s.email && !s.profile);
    assert_eq!(s.granted(), "openid email offline_access");
    assert_eq!(
        AppKind::parse("native").map(AppKind::client_kind),
        Ok(ClientKind::Native)
    );
    assert!(AppKind::parse("sync").is_err());
    assert_eq!(ClientType::parse("public"), Ok(ClientType::Public));
}

proptest! {
    /// Whatever is presented, a web client's redirect matches only the registered string itself.
    #[test]
    fn a_web_redirect_matches_only_itself(path in "[a-z/]{0,12}", presented in "\\PC{0,40}") {
        let raw = format!("https://app.example.org/{path}");
        let r = uri(&raw, AppKind::Web).unwrap_or_else(|e| panic!("{e}"));
        prop_assert_eq!(r.matches(&presented, AppKind::Web), presented == raw);
    }

    /// A verifier verifies only its own challenge.
    #[test]
    fn a_verifier_verifies_only_its_challenge(v in "[A-Za-z0-9._~-]{43,128}", w in "[A-Za-z0-9._~-]{43,128}") {
        let c = URL_SAFE_NO_PAD.encode(Sha256::digest(v.as_bytes()));
        let challenge = CodeChallenge::parse(&c, Some("S256")).unwrap_or_else(|e| panic!("{e}"));
        prop_assert!(challenge.verifies(&v));
        prop_assert_eq!(challenge.verifies(&w), v == w);
    }
}
