//! Arbitrary bytes as a security key's answer to a real sign-in challenge: through the parsing
//! twofold owns (`Assertion::parse`: the JSON body of the second step) and on into webauthn-rs'
//! verification against a real ceremony state (client data, authenticator data, CBOR,
//! signature). Nothing may panic; only a genuine assertion could pass, and the fuzzer has none.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use server::services::webauthn::Assertion;
use webauthn_authenticator_rs::WebauthnAuthenticator;
use webauthn_authenticator_rs::softtoken::SoftToken;
use webauthn_rs::Webauthn;
use webauthn_rs::prelude::{SecurityKeyAuthentication, Url, Uuid};

const ORIGIN: &str = "http://localhost:7";

/// A relying party, a registered soft key and an authentication ceremony waiting for its answer.
static CEREMONY: LazyLock<(Webauthn, SecurityKeyAuthentication)> = LazyLock::new(|| {
    let rp = server::webauthn::relying_party(ORIGIN, "twofold").expect("relying party");
    let origin = Url::parse(ORIGIN).expect("origin");
    let (mut key, _) = SoftToken::new(false).expect("soft token");
    let (options, state) = rp
        .start_securitykey_registration(Uuid::nil(), "fuzz", "fuzz", None, None, None)
        .expect("registration");
    let answer = key.do_registration(origin, options).expect("soft registration");
    let credential = rp
        .finish_securitykey_registration(&answer, &state)
        .expect("finish registration");
    let (_, state) = rp
        .start_securitykey_authentication(&[credential])
        .expect("authentication");
    (rp, state)
});

fuzz_target!(|data: &[u8]| {
    let (rp, state) = &*CEREMONY;
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(data) else {
        return;
    };
    if let Ok(assertion) =
        Assertion::parse(Some("01a2134b-69b0-76a0-873c-c2237a53fd08"), Some(value))
    {
        let _ = rp.finish_securitykey_authentication(&assertion.credential, state);
    }
});
