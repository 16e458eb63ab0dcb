//! Security keys (WebAuthn) over the API with a software authenticator (webauthn-authenticator-rs'
//! soft token, which signs like a hardware key): registering one, signing in with it, a
//! challenge answered twice, a wrong origin, malformed answers, and a cloned key whose
//! signature counter goes backwards.

use serde_json::{Value, json};
use webauthn_authenticator_rs::WebauthnAuthenticator;
use webauthn_authenticator_rs::softtoken::SoftToken;
use webauthn_rs::prelude::{CreationChallengeResponse, RequestChallengeResponse, Url};

use crate::backend_tests_with;
use crate::helpers::{
    PASSWORD, TestApp, User, enroll_totp, passed_token, put_policy, str_of, wait_for_emails,
};

/// The public URL the server is told (browsers only allow WebAuthn for a domain name); the
/// test talks to the server on 127.0.0.1 all the same, since the origin is what the
/// authenticator signs, not where the request goes.
pub const ORIGIN: &str = "http://localhost:7";
pub const WEBAUTHN_ENV: [(&str, &str); 2] = [
    ("TWOFOLD_PUBLIC_URL", ORIGIN),
    ("TWOFOLD_MFA_THROTTLE__BASE_WAIT_SECONDS", "120"),
];

backend_tests_with!(&crate::webauthn::WEBAUTHN_ENV;
    a_security_key_is_registered_and_signs_in,
    a_challenge_is_answered_once,
    answers_for_another_site_or_malformed_are_refused,
    an_answer_made_in_another_sites_frame_is_refused,
    a_cloned_key_is_refused_audited_and_told,
    a_passkey_is_registered_with_user_verification_and_shown_as_one,
    a_keys_only_organization_stops_a_totp_member_until_they_add_a_key,
);

pub(crate) fn token() -> SoftToken {
    SoftToken::new(false)
        .unwrap_or_else(|e| panic!("soft token: {e:?}"))
        .0
}

pub(crate) fn origin(url: &str) -> Url {
    Url::parse(url).unwrap_or_else(|e| panic!("{e}"))
}

/// Registers `key` for `user` (whose session is fresh); returns the answer's body.
pub(crate) async fn register(
    app: &TestApp,
    user: &User,
    key: &mut SoftToken,
    at: &str,
) -> (u16, Value) {
    let (status, body, _, _) =
        register_with(app, user, key, at, json!({"label": "YubiKey"}), |_| {}).await;
    (status, body)
}

/// Starts a registration with `body`, lets `adjust` change the options the server asked with
/// before `key` answers them at `at`, and sends the answer; its status and body, the options
/// as asked, and the credential sent.
pub(crate) async fn register_with(
    app: &TestApp,
    user: &User,
    key: &mut SoftToken,
    at: &str,
    body: Value,
    adjust: impl FnOnce(&mut Value),
) -> (u16, Value, Value, Value) {
    let res = app
        .post("/api/v1/me/mfa/webauthn", Some(&user.token), body)
        .await;
    let started = res.assert_status(201).clone();
    let asked = started["options"].clone();
    let mut options = asked.clone();
    adjust(&mut options);
    let options: CreationChallengeResponse =
        serde_json::from_value(options).unwrap_or_else(|e| panic!("{e}"));
    let credential = key
        .do_registration(origin(at), options)
        .unwrap_or_else(|e| panic!("registration: {e:?}"));
    let credential = serde_json::to_value(credential).unwrap_or_else(|e| panic!("{e}"));
    let res = app
        .post(
            &format!("/api/v1/me/mfa/webauthn/{}/verify", str_of(&started["id"])),
            Some(&user.token),
            json!({"credential": credential}),
        )
        .await;
    (res.status.as_u16(), res.body.clone(), asked, credential)
}

/// A password sign-in waiting at the second step.
async fn pending(app: &TestApp, email: &str) -> String {
    let res = app
        .post(
            "/api/v1/sessions",
            None,
            json!({"email": email, "password": PASSWORD}),
        )
        .await;
    let body = res.assert_status(201);
    assert_eq!(body["state"], "mfa_pending", "{}", res.text);
    str_of(&body["token"])
}

/// The authenticator's answer to a fresh challenge of `session`, and the challenge's id.
async fn assertion(app: &TestApp, session: &str, key: &mut SoftToken, at: &str) -> (String, Value) {
    let (id, options) = challenge(app, session).await;
    let credential = key
        .do_authentication(origin(at), options)
        .unwrap_or_else(|e| panic!("authentication: {e:?}"));
    (
        id,
        serde_json::to_value(credential).unwrap_or_else(|e| panic!("{e}")),
    )
}

/// A fresh challenge of `session`'s second step: its id and the options for the authenticator.
async fn challenge(app: &TestApp, session: &str) -> (String, RequestChallengeResponse) {
    let res = app
        .post(
            "/api/v1/sessions/current/mfa/webauthn",
            Some(session),
            json!({}),
        )
        .await;
    let started = res.assert_status(200).clone();
    let options =
        serde_json::from_value(started["options"].clone()).unwrap_or_else(|e| panic!("{e}"));
    (str_of(&started["id"]), options)
}

async fn step(
    app: &TestApp,
    session: &str,
    challenge: &str,
    credential: &Value,
) -> crate::helpers::Res {
    app.post(
        "/api/v1/sessions/current/mfa",
        Some(session),
        json!({"type": "webauthn", "challenge_id": challenge, "credential": credential}),
    )
    .await
}

async fn a_security_key_is_registered_and_signs_in(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    let mut key = token();
    let (status, body) = register(&app, &ann, &mut key, ORIGIN).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["method"]["type"], "webauthn");
    assert_eq!(body["method"]["label"], "YubiKey");
    assert_eq!(
        body["recovery_codes"].as_array().map(Vec::len),
        Some(10),
        "the first method comes with recovery codes"
    );
    wait_for_emails(&app, "ann@example.org", &["second factor was added"], 1).await;

    let session = pending(&app, "ann@example.org").await;
    app.get("/api/v1/me", &session)
        .await
        .assert_problem(403, "mfa_required");
    let (challenge, credential) = assertion(&app, &session, &mut key, ORIGIN).await;
    let res = step(&app, &session, &challenge, &credential).await;
    assert_eq!(res.assert_status(200)["aal"], "aal2", "{}", res.text);
    // The sign-in goes on under a new token; the pending one is over.
    let pending_token = session;
    let session = passed_token(&res);
    app.get("/api/v1/me", &pending_token)
        .await
        .assert_problem(401, "unauthenticated");
    app.get("/api/v1/me", &session).await.assert_status(200);
    let me = app.get("/api/v1/me/mfa", &session).await;
    assert!(me.assert_status(200)["methods"][0]["last_used_at"].is_string());
}

async fn a_challenge_is_answered_once(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    let mut key = token();
    assert_eq!(register(&app, &ann, &mut key, ORIGIN).await.0, 200);
    let first = pending(&app, "ann@example.org").await;
    let (challenge, credential) = assertion(&app, &first, &mut key, ORIGIN).await;
    let first = passed_token(&step(&app, &first, &challenge, &credential).await);
    // The same answer again, on another sign-in: the ceremony is gone.
    let second = pending(&app, "ann@example.org").await;
    step(&app, &second, &challenge, &credential)
        .await
        .assert_problem(401, "invalid_code");
    // Nor can a challenge started by one sign-in be answered by another.
    let (other_challenge, other_credential) = assertion(&app, &first, &mut key, ORIGIN).await;
    step(&app, &second, &other_challenge, &other_credential)
        .await
        .assert_problem(401, "invalid_code");
}

async fn answers_for_another_site_or_malformed_are_refused(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    let mut key = token();
    // Registration signed for another origin (same host, another port: the authenticator lets
    // it through, the server must not).
    let (status, body) = register(&app, &ann, &mut key, "http://localhost:8").await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["code"], "webauthn_rejected");
    let mfa = app.get("/api/v1/me/mfa", &ann.token).await;
    assert_eq!(mfa.assert_status(200)["methods"], json!([]));
    // Malformed answers are 422 or 404, never 500.
    let started = app
        .post("/api/v1/me/mfa/webauthn", Some(&ann.token), json!({}))
        .await
        .assert_status(201)
        .clone();
    let verify = format!("/api/v1/me/mfa/webauthn/{}/verify", str_of(&started["id"]));
    for bad in [
        json!({"credential": "nope"}),
        json!({"credential": {"id": "x", "rawId": "!!", "response": {}, "type": "public-key"}}),
    ] {
        app.post(&verify, Some(&ann.token), bad)
            .await
            .assert_problem(422, "validation_failed");
    }
    app.post(
        "/api/v1/me/mfa/webauthn/not-an-id/verify",
        Some(&ann.token),
        json!({"credential": {}}),
    )
    .await
    .assert_problem(404, "webauthn_ceremony_invalid");

    // Sign-in answers signed for another origin, or malformed, fail like a wrong code.
    assert_eq!(register(&app, &ann, &mut key, ORIGIN).await.0, 200);
    let session = pending(&app, "ann@example.org").await;
    let (challenge, credential) = assertion(&app, &session, &mut key, "http://localhost:8").await;
    step(&app, &session, &challenge, &credential)
        .await
        .assert_problem(401, "invalid_code");
    step(&app, &session, &challenge, &json!({"response": 1}))
        .await
        .assert_problem(422, "validation_failed");
    app.post(
        "/api/v1/sessions/current/mfa",
        Some(&session),
        json!({"type": "webauthn", "credential": credential}),
    )
    .await
    .assert_problem(422, "validation_failed");
}

/// The authenticator's answer to a fresh challenge of `session`, signed over client data the
/// test writes itself (what a browser would send from a page of `ORIGIN`, plus `extra`).
async fn assertion_over(
    app: &TestApp,
    session: &str,
    key: &mut SoftToken,
    extra: &str,
) -> (String, Value) {
    use sha2::Digest;
    use webauthn_authenticator_rs::AuthenticatorBackendHashedClientData;
    let (id, options) = challenge(app, session).await;
    let challenge = {
        use base64::Engine;
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&options.public_key.challenge)
    };
    let client_data = format!(
        r#"{{"type":"webauthn.get","challenge":"{challenge}","origin":"{ORIGIN}"{extra}}}"#
    );
    let hash = sha2::Sha256::digest(client_data.as_bytes()).to_vec();
    let mut credential =
        AuthenticatorBackendHashedClientData::perform_auth(key, hash, options.public_key, 60_000)
            .unwrap_or_else(|e| panic!("authentication: {e:?}"));
    credential.response.client_data_json = client_data.into_bytes();
    (
        id,
        serde_json::to_value(credential).unwrap_or_else(|e| panic!("{e}")),
    )
}

/// webauthn-rs checks `crossOrigin` only at registration: an answer correctly signed for
/// twofold's origin, but made in a frame another site embedded, was accepted at sign-in.
async fn an_answer_made_in_another_sites_frame_is_refused(app: TestApp) {
    use sha2::Digest;
    use webauthn_authenticator_rs::AuthenticatorBackendHashedClientData;
    let ann = app.user("ann@example.org").await;
    let mut key = token();
    // A registration made in such a frame (webauthn-rs never looks at `topOrigin`).
    let started = app
        .post("/api/v1/me/mfa/webauthn", Some(&ann.token), json!({}))
        .await
        .assert_status(201)
        .clone();
    let options: CreationChallengeResponse =
        serde_json::from_value(started["options"].clone()).unwrap_or_else(|e| panic!("{e}"));
    let challenge = {
        use base64::Engine;
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&options.public_key.challenge)
    };
    let client_data = format!(
        r#"{{"type":"webauthn.create","challenge":"{challenge}","origin":"{ORIGIN}","crossOrigin":false,"topOrigin":"https://evil.example"}}"#
    );
    let hash = sha2::Sha256::digest(client_data.as_bytes()).to_vec();
    let mut credential = AuthenticatorBackendHashedClientData::perform_register(
        &mut key,
        hash,
        options.public_key,
        60_000,
    )
    .unwrap_or_else(|e| panic!("registration: {e:?}"));
    credential.response.client_data_json = client_data.into_bytes();
    let verify = format!("/api/v1/me/mfa/webauthn/{}/verify", str_of(&started["id"]));
    app.post(&verify, Some(&ann.token), json!({"credential": credential}))
        .await
        .assert_problem(400, "webauthn_rejected");
    assert_eq!(register(&app, &ann, &mut key, ORIGIN).await.0, 200);
    let session = pending(&app, "ann@example.org").await;
    for extra in [
        r#","crossOrigin":true"#,
        r#","crossOrigin":false,"topOrigin":"https://evil.example""#,
    ] {
        let (challenge, credential) = assertion_over(&app, &session, &mut key, extra).await;
        step(&app, &session, &challenge, &credential)
            .await
            .assert_problem(401, "invalid_code");
    }
    // The same answer from twofold's own page passes: only the frame was wrong.
    let (challenge, credential) =
        assertion_over(&app, &session, &mut key, r#","crossOrigin":false"#).await;
    let res = step(&app, &session, &challenge, &credential).await;
    assert_eq!(res.assert_status(200)["aal"], "aal2", "{}", res.text);
}

/// Registers `key` as a passkey for `user`; the answer's status and body, the options the
/// server asked with, and the credential sent.
pub(crate) async fn register_passkey(
    app: &TestApp,
    user: &User,
    key: &mut SoftToken,
    verify_user: bool,
) -> (u16, Value, Value, Value) {
    register_with(
        app,
        user,
        key,
        ORIGIN,
        json!({"passkey": true}),
        |options| {
            // The soft token cannot keep discoverable credentials: it is asked for a plain one
            // (the server cannot tell from the answer either way, credProps being the browser's
            // word).
            let selection = &mut options["publicKey"]["authenticatorSelection"];
            selection["requireResidentKey"] = json!(false);
            selection["residentKey"] = json!("discouraged");
            if !verify_user {
                // An authenticator that does not verify its user (the soft token refuses to be
                // asked).
                selection["userVerification"] = json!("discouraged");
            }
        },
    )
    .await
}

/// `passkey: true` asks for a discoverable credential with user verification, refuses an
/// authenticator that did not verify its user, and the method says what it is.
async fn a_passkey_is_registered_with_user_verification_and_shown_as_one(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    // A token that does not verify its user is refused.
    let (status, body, asked, _) = register_passkey(&app, &ann, &mut token(), false).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["code"], "webauthn_rejected");
    let selection = &asked["publicKey"]["authenticatorSelection"];
    assert_eq!(selection["residentKey"], "required", "{asked}");
    assert_eq!(selection["userVerification"], "required", "{asked}");
    // One that does is registered, as a passkey.
    let (mut verifying, _) = SoftToken::new(true).unwrap_or_else(|e| panic!("soft token: {e:?}"));
    let (status, body, _, _) = register_passkey(&app, &ann, &mut verifying, true).await;
    assert_eq!(status, 200, "{body}");
    let mfa = app.get("/api/v1/me/mfa", &ann.token).await;
    let methods = mfa.assert_status(200)["methods"].clone();
    assert_eq!(methods[0]["type"], "webauthn", "{methods}");
    assert_eq!(methods[0]["label"], "Passkey", "{methods}");
    assert_eq!(
        methods[0]["webauthn"],
        json!({"passkey": true, "backup_eligible": false, "backed_up": false}),
        "{methods}"
    );
    // A security key is not one.
    let ben = app.user("ben@example.org").await;
    assert_eq!(register(&app, &ben, &mut token(), ORIGIN).await.0, 200);
    let mfa = app.get("/api/v1/me/mfa", &ben.token).await;
    assert_eq!(
        mfa.assert_status(200)["methods"][0]["webauthn"]["passkey"],
        false
    );
}

/// A full sign-in with `key`; the second step's answer.
async fn sign_in_with(app: &TestApp, key: &mut SoftToken) -> crate::helpers::Res {
    let session = pending(app, "ann@example.org").await;
    let (challenge, credential) = assertion(app, &session, key, ORIGIN).await;
    step(app, &session, &challenge, &credential).await
}

pub(crate) fn copy_of(key: &SoftToken) -> SoftToken {
    SoftToken::from_cbor(&key.to_cbor().unwrap_or_else(|e| panic!("{e:?}")))
        .unwrap_or_else(|e| panic!("{e:?}"))
}

async fn a_cloned_key_is_refused_audited_and_told(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    let mut key = token();
    assert_eq!(register(&app, &ann, &mut key, ORIGIN).await.0, 200);
    // Used once, then copied (as by someone who extracted its secret), then used again.
    sign_in_with(&app, &mut key).await.assert_status(200);
    let mut clone = copy_of(&key);
    sign_in_with(&app, &mut key).await.assert_status(200);
    // The copy's signature counter is now behind the stored one.
    sign_in_with(&app, &mut clone)
        .await
        .assert_problem(401, "invalid_code");
    wait_for_emails(&app, "ann@example.org", &["may have been copied"], 1).await;
    assert!(
        app.db
            .dump_table("audit_event")
            .await
            .contains("mfa.webauthn_possibly_cloned")
    );
    // The genuine key still works.
    sign_in_with(&app, &mut key).await.assert_status(200);
}

async fn a_keys_only_organization_stops_a_totp_member_until_they_add_a_key(app: TestApp) {
    let owner = app.user("owner@example.org").await;
    let mut owner_key = token();
    assert_eq!(register(&app, &owner, &mut owner_key, ORIGIN).await.0, 200);
    let org = app.org(&owner, "Keys Only").await;
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
    // An authenticator app does not count here: Tom is stopped, but may add a key.
    app.get(&format!("/api/v1/orgs/{org}"), &tom.token)
        .await
        .assert_problem(403, "mfa_setup_required");
    let mut key = token();
    let (status, body) = register(&app, &tom, &mut key, ORIGIN).await;
    assert_eq!(status, 200, "{body}");
    assert!(body["recovery_codes"].is_null(), "not his first method");
    app.get(&format!("/api/v1/orgs/{org}"), &tom.token)
        .await
        .assert_status(200);
}

/// A CA certificate as PEM.
fn pem(ca: &impl der::Encode) -> String {
    use base64::Engine;
    let der = ca.to_der().unwrap_or_else(|e| panic!("{e}"));
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let lines: Vec<&str> = b64
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).unwrap_or_default())
        .collect();
    format!(
        "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
        lines.join("\n")
    )
}

/// With attestation roots configured, only keys made under them can be added.
async fn only_attested_keys_are_accepted(backend: crate::helpers::Backend) {
    let (mut trusted, trusted_ca) =
        SoftToken::new(false).unwrap_or_else(|e| panic!("soft token: {e:?}"));
    let (mut other, _) = SoftToken::new(false).unwrap_or_else(|e| panic!("soft token: {e:?}"));
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let ca_file = dir.path().join("roots.pem");
    std::fs::write(&ca_file, pem(&trusted_ca)).unwrap_or_else(|e| panic!("{e}"));
    let files = format!("[\"{}\"]", ca_file.display());
    let app = crate::helpers::spawn_app_with(
        backend,
        &[
            ("TWOFOLD_PUBLIC_URL", ORIGIN),
            ("TWOFOLD_MFA__WEBAUTHN_ATTESTATION_CA_FILES", &files),
        ],
    )
    .await;
    let ann = app.user("ann@example.org").await;
    let (status, body) = register(&app, &ann, &mut other, ORIGIN).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["code"], "webauthn_rejected");
    let (status, body) = register(&app, &ann, &mut trusted, ORIGIN).await;
    assert_eq!(status, 200, "{body}");
    // A passkey cannot be attested: asking for one is refused before any ceremony.
    let res = app
        .post(
            "/api/v1/me/mfa/webauthn",
            Some(&ann.token),
            json!({"passkey": true}),
        )
        .await;
    res.assert_problem(400, "webauthn_rejected");
}

mod only_attested_keys_are_accepted {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        super::only_attested_keys_are_accepted(crate::helpers::Backend::Sqlite).await;
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        super::only_attested_keys_are_accepted(crate::helpers::Backend::Postgres).await;
    }
}
