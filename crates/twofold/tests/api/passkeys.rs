//! Signing in with a passkey alone (issue 19), over the API with the software authenticator:
//! no password, `aal2` at once, each challenge answered once, and every answer that must not
//! sign in refused (another site's frame or origin, no user verification, replay, a passkey of
//! another account, a security key that is not a passkey, an expired challenge), throttled per
//! source like password sign-ins; an organization allowing only phishing-resistant factors
//! takes a passkey sign-in as compliant.

use serde_json::{Value, json};
use webauthn_authenticator_rs::softtoken::SoftToken;
use webauthn_rs::prelude::RequestChallengeResponse;

use crate::helpers::{Res, TestApp, User, enroll_totp, put_policy, str_of};
use crate::webauthn::{ORIGIN, WEBAUTHN_ENV, register, register_passkey, token};
use crate::{backend_tests_with, helpers};

backend_tests_with!(&crate::webauthn::WEBAUTHN_ENV;
    a_passkey_signs_in_alone_at_aal2_once_per_challenge,
    answers_that_must_not_sign_in_are_refused,
    a_phishing_resistant_only_organization_takes_a_passkey_sign_in,
);

backend_tests_with!(&crate::passkeys::THROTTLED_ENV;
    refused_answers_are_throttled_per_source_like_passwords,
);

const THROTTLED_ENV: [(&str, &str); 3] = [
    WEBAUTHN_ENV[0],
    WEBAUTHN_ENV[1],
    ("TWOFOLD_SIGN_IN_THROTTLE__SOURCE_FAILURES", "3"),
];

/// A passkey as the test holds it: the authenticator, and what a discoverable authenticator
/// keeps beside its key (the credential's id and the account's user handle).
pub(crate) struct Passkey {
    key: SoftToken,
    id: Value,
    handle: Value,
}

/// Registers a passkey for `user` (an authenticator that verifies its user).
pub(crate) async fn passkey_of(app: &TestApp, user: &User) -> Passkey {
    let (mut key, _) = SoftToken::new(true).unwrap_or_else(|e| panic!("soft token: {e:?}"));
    let (status, body, asked, credential) = register_passkey(app, user, &mut key, true).await;
    assert_eq!(status, 200, "{body}");
    Passkey {
        key,
        id: credential["id"].clone(),
        handle: asked["publicKey"]["user"]["id"].clone(),
    }
}

/// A fresh passkey sign-in challenge: its id and options.
async fn challenge(app: &TestApp) -> (String, Value) {
    let res = app.post("/api/v1/sessions/passkey", None, json!({})).await;
    let body = res.assert_status(201).clone();
    (str_of(&body["challenge_id"]), body["options"].clone())
}

/// What the browser sends after `passkey` answered `options` on a page of `at`. The soft token
/// cannot keep discoverable credentials: the test names the credential for it (a discoverable
/// authenticator finds it itself) and adds the user handle such an authenticator returns; it
/// also writes the client data, as a browser would (`extra` is added to it). `adjust` changes
/// the options first, as a different authenticator would answer.
fn answer_with(
    passkey: &mut Passkey,
    options: &Value,
    at: &str,
    extra: &str,
    adjust: impl FnOnce(&mut Value),
) -> Value {
    use base64::Engine;
    use sha2::Digest;
    use webauthn_authenticator_rs::AuthenticatorBackendHashedClientData;
    let mut options = options.clone();
    options["publicKey"]["allowCredentials"] = json!([{"type": "public-key", "id": passkey.id}]);
    adjust(&mut options);
    let options: RequestChallengeResponse =
        serde_json::from_value(options).unwrap_or_else(|e| panic!("{e}"));
    let challenge =
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&options.public_key.challenge);
    let client_data =
        format!(r#"{{"type":"webauthn.get","challenge":"{challenge}","origin":"{at}"{extra}}}"#);
    let hash = sha2::Sha256::digest(client_data.as_bytes()).to_vec();
    let mut credential = AuthenticatorBackendHashedClientData::perform_auth(
        &mut passkey.key,
        hash,
        options.public_key,
        60_000,
    )
    .unwrap_or_else(|e| panic!("authentication: {e:?}"));
    credential.response.client_data_json = client_data.into_bytes();
    let mut credential = serde_json::to_value(credential).unwrap_or_else(|e| panic!("{e}"));
    credential["response"]["userHandle"] = passkey.handle.clone();
    credential
}

fn answer(
    passkey: &mut Passkey,
    options: &Value,
    at: &str,
    adjust: impl FnOnce(&mut Value),
) -> Value {
    answer_with(passkey, options, at, r#","crossOrigin":false"#, adjust)
}

async fn verify(app: &TestApp, challenge: &str, credential: &Value) -> Res {
    app.post(
        "/api/v1/sessions/passkey/verify",
        None,
        json!({"challenge_id": challenge, "credential": credential}),
    )
    .await
}

/// A whole passkey sign-in; its answer.
pub(crate) async fn sign_in(app: &TestApp, passkey: &mut Passkey) -> Res {
    let (id, options) = challenge(app).await;
    let credential = answer(passkey, &options, ORIGIN, |_| {});
    verify(app, &id, &credential).await
}

async fn a_passkey_signs_in_alone_at_aal2_once_per_challenge(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    let mut passkey = passkey_of(&app, &ann).await;
    // The challenge names no credential and asks the authenticator to verify its user; a
    // browser is offered autofill.
    let (id, options) = challenge(&app).await;
    let public_key = &options["publicKey"];
    assert!(
        public_key["allowCredentials"]
            .as_array()
            .is_none_or(Vec::is_empty),
        "{options}"
    );
    assert_eq!(public_key["userVerification"], "required", "{options}");
    assert_eq!(options["mediation"], "conditional", "{options}");
    let credential = answer(&mut passkey, &options, ORIGIN, |_| {});
    let res = verify(&app, &id, &credential).await;
    let body = res.assert_status(201).clone();
    assert_eq!(body["state"], "active", "{}", res.text);
    assert_eq!(body["aal"], "aal2", "{}", res.text);
    assert!(
        res.headers.get_all("set-cookie").iter().any(|c| c
            .to_str()
            .unwrap_or_default()
            .starts_with("twofold_session=")),
        "a browser's sign-in sets the session cookie"
    );
    let token = str_of(&body["token"]);
    let me = app.get("/api/v1/me", &token).await;
    assert_eq!(me.assert_status(200)["email"], "ann@example.org");
    let current = app.get("/api/v1/sessions/current", &token).await;
    assert_eq!(current.assert_status(200)["aal"], "aal2");
    // It counts as a fresh second factor: a sensitive change needs no other.
    app.post("/api/v1/me/recovery-codes", Some(&token), json!({}))
        .await
        .assert_status(201);
    // The same answer again, and another answer to the same challenge: refused.
    verify(&app, &id, &credential)
        .await
        .assert_problem(401, "invalid_code");
    let again = answer(&mut passkey, &options, ORIGIN, |_| {});
    verify(&app, &id, &again)
        .await
        .assert_problem(401, "invalid_code");
    // The same challenge written another way (the sealed value's older format, without its key
    // id, still opens): the same challenge, already answered.
    let reencoded = {
        use base64::Engine;
        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let sealed = b64.decode(&id).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            sealed.first(),
            Some(&2),
            "[2][key id: 8][nonce][ciphertext]"
        );
        let mut v1 = vec![1u8];
        v1.extend_from_slice(sealed.get(9..).unwrap_or_default());
        b64.encode(v1)
    };
    verify(&app, &reencoded, &credential)
        .await
        .assert_problem(401, "invalid_code");
    // A replay is no sign of a copied key: the holder is not alarmed for it.
    let audit = app.db.dump_table("audit_event").await;
    assert!(!audit.contains("possibly_cloned"), "{audit}");
    // A new challenge signs in again; the audit log tells passkey sign-ins apart.
    sign_in(&app, &mut passkey).await.assert_status(201);
    let audit = app.db.dump_table("audit_event").await;
    assert!(audit.contains("passkey web"), "{audit}");
}

async fn answers_that_must_not_sign_in_are_refused(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    let mut passkey = passkey_of(&app, &ann).await;
    let ben = app.user("ben@example.org").await;
    let bens = passkey_of(&app, &ben).await;
    let refused = |res: Res| res.assert_problem(401, "invalid_code");

    // Another site's origin.
    let (id, options) = challenge(&app).await;
    refused(
        verify(
            &app,
            &id,
            &answer(&mut passkey, &options, "https://evil.example", |_| {}),
        )
        .await,
    );
    // Twofold's origin, but in a frame another site embedded.
    for extra in [
        r#","crossOrigin":true"#,
        r#","crossOrigin":false,"topOrigin":"https://evil.example""#,
    ] {
        let (id, options) = challenge(&app).await;
        let framed = answer_with(&mut passkey, &options, ORIGIN, extra, |_| {});
        refused(verify(&app, &id, &framed).await);
    }
    // An authenticator that did not verify its user: one factor, not two.
    let (id, options) = challenge(&app).await;
    let unverified = answer(&mut passkey, &options, ORIGIN, |o| {
        o["publicKey"]["userVerification"] = json!("discouraged");
    });
    refused(verify(&app, &id, &unverified).await);
    // Ann's passkey claiming to be Ben's: the credential is not one of his.
    let (id, options) = challenge(&app).await;
    let mut claimed = answer(&mut passkey, &options, ORIGIN, |_| {});
    claimed["response"]["userHandle"] = bens.handle.clone();
    refused(verify(&app, &id, &claimed).await);
    // No user handle at all: nothing names the account.
    let (id, options) = challenge(&app).await;
    let mut anonymous = answer(&mut passkey, &options, ORIGIN, |_| {});
    anonymous["response"]["userHandle"] = Value::Null;
    refused(verify(&app, &id, &anonymous).await);
    // A security key is a second factor only, never a way in on its own.
    let cid = app.user("cid@example.org").await;
    let mut key = token();
    let (status, body, asked, credential) =
        crate::webauthn::register_with(&app, &cid, &mut key, ORIGIN, json!({}), |_| {}).await;
    assert_eq!(status, 200, "{body}");
    let mut security_key = Passkey {
        key,
        id: credential["id"].clone(),
        handle: asked["publicKey"]["user"]["id"].clone(),
    };
    let (id, options) = challenge(&app).await;
    let answered = answer(&mut security_key, &options, ORIGIN, |o| {
        o["publicKey"]["userVerification"] = json!("discouraged");
    });
    refused(verify(&app, &id, &answered).await);
    // A challenge that is not one, and one that expired.
    let (_, options) = challenge(&app).await;
    let credential = answer(&mut passkey, &options, ORIGIN, |_| {});
    refused(verify(&app, "bm90LWEtY2hhbGxlbmdl", &credential).await);
    let (id, options) = challenge(&app).await;
    app.clock.advance(6 * 60);
    let late = answer(&mut passkey, &options, ORIGIN, |_| {});
    refused(verify(&app, &id, &late).await);
    // Malformed: said so, not counted as an answer.
    app.post(
        "/api/v1/sessions/passkey/verify",
        None,
        json!({"challenge_id": id}),
    )
    .await
    .assert_problem(422, "validation_failed");
    // After all that, Ann's passkey still signs her in.
    sign_in(&app, &mut passkey).await.assert_status(201);
}

async fn refused_answers_are_throttled_per_source_like_passwords(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    let mut passkey = passkey_of(&app, &ann).await;
    for _ in 0..3 {
        let (id, options) = challenge(&app).await;
        let wrong = answer(&mut passkey, &options, "https://evil.example", |_| {});
        verify(&app, &id, &wrong)
            .await
            .assert_problem(401, "invalid_code");
    }
    // The source has used its failures: even a right answer waits, and so does a password.
    let res = sign_in(&app, &mut passkey).await;
    res.assert_problem(429, "too_many_attempts");
    assert!(res.headers.get("retry-after").is_some());
    app.post(
        "/api/v1/sessions",
        None,
        json!({"email": "ann@example.org", "password": helpers::PASSWORD}),
    )
    .await
    .assert_problem(429, "too_many_attempts");
    // Once the window has passed, the passkey signs in.
    app.clock.advance(11 * 60);
    sign_in(&app, &mut passkey).await.assert_status(201);
}

async fn a_phishing_resistant_only_organization_takes_a_passkey_sign_in(app: TestApp) {
    let owner = app.user("owner@example.org").await;
    let mut owner_key = token();
    assert_eq!(register(&app, &owner, &mut owner_key, ORIGIN).await.0, 200);
    let org = app.org(&owner, "Keys Only").await;
    let pia = app.user("pia@example.org").await;
    let mut passkey = passkey_of(&app, &pia).await;
    app.add_member(&org, &owner, &pia, "member", false).await;
    let tom = app.user("tom@example.org").await;
    enroll_totp(&app, &tom).await;
    app.add_member(&org, &owner, &tom, "member", false).await;
    put_policy(
        &app,
        &org,
        &owner.token,
        json!({"enforced": true, "allowed_methods": ["webauthn"], "confirm": "ENFORCE"}),
    )
    .await
    .assert_status(200);
    let res = sign_in(&app, &mut passkey).await;
    let body = res.assert_status(201).clone();
    assert_eq!(body["state"], "active", "{}", res.text);
    let token = str_of(&body["token"]);
    let seen = app.get(&format!("/api/v1/orgs/{org}"), &token).await;
    // The owner's security key and Pia's passkey; Tom's app is not phishing-resistant.
    assert_eq!(
        seen.assert_status(200)["counts"]["phishing_resistant"],
        2,
        "{}",
        seen.text
    );
    // An app-only member is stopped until they add a security key or passkey.
    app.get(&format!("/api/v1/orgs/{org}"), &tom.token)
        .await
        .assert_problem(403, "mfa_setup_required");
}
