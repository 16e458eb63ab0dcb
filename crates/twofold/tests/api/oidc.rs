//! twofold as an OpenID Connect provider, driven as apps drive it: the `openidconnect` crate as
//! a relying party (discovery, JWKS, ID-token checks), and plain HTTP for what an attacker or a
//! sloppy app would send. Browsers are reqwest clients with a cookie jar that follow no
//! redirect, so each hop is seen.

use std::sync::Arc;

use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreProviderMetadata};
use openidconnect::{
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, IssuerUrl, Nonce, OAuth2TokenResponse,
    PkceCodeChallenge, RedirectUrl, Scope, TokenResponse,
};
use serde_json::{Value, json};
use tokio::sync::Mutex;

use crate::backend_tests;
use crate::backend_tests_with;
use crate::csrf::csrf_field;
use crate::helpers::{PASSWORD, Res, TestApp, User, enroll_totp, str_of};

crate::backend_tests_with!(&crate::webauthn::WEBAUTHN_ENV;
    a_passkey_sign_in_tells_apps_it_had_no_password,
);

backend_tests!(
    a_signed_out_member_signs_in_with_both_steps_and_the_app_checks_the_id_token,
    a_code_works_once_within_a_minute_for_its_client_with_its_verifier,
    refresh_tokens_rotate_and_a_reused_one_revokes_the_family,
    racing_refreshes_of_one_token_get_at_most_one_answer_and_end_the_family,
    strangers_are_refused_and_prompt_none_never_shows_a_page,
    a_member_the_organization_stops_sets_up_2fa_and_then_reaches_the_app,
    aal2_asks_a_remembered_browser_for_a_factor_now_and_acr_tells_the_truth,
    enforcement_stops_a_web_apps_refresh_but_not_a_native_apps_issued_before,
    userinfo_introspection_and_revocation_follow_the_rules,
    signing_out_ends_app_tokens_and_tells_the_app_on_the_back_channel,
    unregistered_redirects_get_a_page_never_a_redirect,
    tampered_and_unsigned_id_tokens_fail_and_rotated_keys_stay_published,
    rp_initiated_logout_with_a_hint_signs_out_and_goes_to_the_registered_uri,
    prompt_login_and_max_age_ask_for_a_new_sign_in,
    when_an_organization_stops_a_member_its_web_apps_are_told_at_once,
    an_rs256_app_gets_rs256_id_tokens_the_relying_party_verifies,
    a_2fa_reset_and_a_new_password_end_what_apps_hold,
    browser_apps_may_call_the_token_endpoint_from_their_origin_but_not_the_consoles_pages,
);

const CALLBACK: &str = "https://wiki.example.org/cb";

/// An app registered by Acme.
struct App {
    id: String,
    secret: Option<String>,
}

async fn register(app: &TestApp, org: &str, by: &User, extra: Value) -> App {
    let mut body = json!({
        "name": "Wiki",
        "type": "confidential",
        "kind": "web",
        "redirect_uris": [CALLBACK],
        "post_logout_redirect_uris": ["https://wiki.example.org/bye"],
    });
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        b.extend(e.clone());
    }
    let res = app
        .post(
            &format!("/api/v1/orgs/{org}/clients"),
            Some(&by.token),
            body,
        )
        .await;
    let created = res.assert_status(201);
    App {
        id: str_of(&created["client_id"]),
        secret: created["client_secret"].as_str().map(str::to_owned),
    }
}

/// Ann (owner, with 2FA) and Bob (member, with 2FA) in Acme, which registered the wiki.
async fn acme(app: &TestApp) -> (User, User, String, App) {
    let ann = app.user("ann@example.org").await;
    enroll_totp(app, &ann).await;
    let bob = app.user("bob@example.org").await;
    let org = app.org(&ann, "Acme").await;
    app.add_member(&org, &ann, &bob, "member", false).await;
    let wiki = register(app, &org, &ann, json!({})).await;
    (ann, bob, org, wiki)
}

/// A browser: a cookie jar, no redirect followed.
struct Browser {
    http: reqwest::Client,
    base: String,
}

impl Browser {
    fn new(app: &TestApp) -> Self {
        Self {
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .cookie_store(true)
                .build()
                .unwrap_or_else(|e| panic!("{e}")),
            base: app.url(""),
        }
    }

    /// A browser holding `user`'s session (the API's sign-in is a browser's by default).
    fn signed_in(app: &TestApp, user: &User) -> Self {
        Self::with_session(app, &user.token)
    }

    /// A browser holding the session `token`.
    fn with_session(app: &TestApp, token: &str) -> Self {
        let b = Self::new(app);
        let jar = reqwest::cookie::Jar::default();
        let url = app.url("/").parse().unwrap_or_else(|e| panic!("{e}"));
        jar.add_cookie_str(&format!("twofold_session={token}"), &url);
        Self {
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .cookie_provider(Arc::new(jar))
                .build()
                .unwrap_or_else(|e| panic!("{e}")),
            ..b
        }
    }

    fn abs(&self, url: &str) -> String {
        if url.starts_with('/') {
            format!("{}{url}", self.base)
        } else {
            url.to_owned()
        }
    }

    async fn get(&self, url: &str) -> (u16, String, String) {
        let res = self
            .http
            .get(self.abs(url))
            .send()
            .await
            .unwrap_or_else(|e| panic!("GET {url}: {e}"));
        let status = res.status().as_u16();
        let location = res
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        (status, location, res.text().await.unwrap_or_default())
    }

    async fn post(&self, url: &str, form: &[(&str, &str)]) -> (u16, String, String) {
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(form)
            .finish();
        let res = self
            .http
            .post(self.abs(url))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap_or_else(|e| panic!("POST {url}: {e}"));
        let status = res.status().as_u16();
        let location = res
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let body = res.text().await.unwrap_or_default();
        // A form's answer that leaves the site continues from a page of ours (browsers apply
        // CSP form-action to the redirects after a post): where its link goes.
        match crate::forward_auth::continues_to(&body).filter(|_| status == 200) {
            Some(to) => (303, to, body),
            None => (status, location, body),
        }
    }

    /// Follows redirects within twofold until one leaves for the app; returns that URL.
    async fn until_app(&self, start: &str) -> String {
        let mut url = start.to_owned();
        for _ in 0..10 {
            if !url.starts_with('/') && !url.starts_with(&self.base) {
                return url;
            }
            let (status, location, body) = self.get(&url).await;
            assert!((300..400).contains(&status), "{url}: {status} {body}");
            url = location;
        }
        panic!("too many redirects from {start}");
    }
}

fn query_of(url: &str) -> Vec<(String, String)> {
    let q = url.split_once('?').map(|(_, q)| q).unwrap_or_default();
    url::form_urlencoded::parse(q.as_bytes())
        .into_owned()
        .collect()
}

fn param(url: &str, name: &str) -> Option<String> {
    query_of(url)
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

/// A plain authorization URL (confidential client, no PKCE unless given).
fn authorize_url(app: &App, extra: &str) -> String {
    format!(
        "/oidc/authorize?response_type=code&client_id={}&redirect_uri={}&scope=openid%20email%20offline_access&state=st4te&nonce=n0nce{extra}",
        app.id,
        url::form_urlencoded::byte_serialize(CALLBACK.as_bytes()).collect::<String>()
    )
}

async fn token_request(test: &TestApp, app: &App, form: &[(&str, &str)]) -> Res {
    let mut pairs: Vec<(&str, &str)> = form.to_vec();
    pairs.push(("client_id", &app.id));
    if let Some(s) = &app.secret {
        pairs.push(("client_secret", s));
    }
    let body = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(&pairs)
        .finish();
    let req = test
        .http
        .post(test.url("/oidc/token"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body);
    test.send(req).await
}

async fn code_for(browser: &Browser, app: &App, extra: &str) -> String {
    let back = browser.until_app(&authorize_url(app, extra)).await;
    assert!(back.starts_with(CALLBACK), "{back}");
    assert_eq!(param(&back, "state").as_deref(), Some("st4te"), "{back}");
    param(&back, "code").unwrap_or_else(|| panic!("no code: {back}"))
}

async fn exchange(test: &TestApp, app: &App, code: &str) -> Res {
    token_request(
        test,
        app,
        &[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", CALLBACK),
        ],
    )
    .await
}

/// The claims of a JWS, unverified (the tests that check signatures use the relying party).
fn claims_of(jwt: &str) -> Value {
    use base64::Engine;
    let payload = jwt.split('.').nth(1).unwrap_or_default();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .unwrap_or_default();
    serde_json::from_slice(&bytes).unwrap_or(Value::Null)
}

type RpFuture = std::pin::Pin<
    Box<dyn Future<Output = Result<openidconnect::HttpResponse, reqwest::Error>> + Send>,
>;

/// The relying party's HTTP client: reqwest, as the `openidconnect` crate asks for one.
fn rp_http() -> impl Fn(openidconnect::HttpRequest) -> RpFuture {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    move |req: openidconnect::HttpRequest| -> RpFuture {
        let client = client.clone();
        Box::pin(async move {
            let res = client
                .request(req.method().clone(), req.uri().to_string())
                .headers(req.headers().clone())
                .body(req.body().clone())
                .send()
                .await?;
            let status = res.status();
            let headers = res.headers().clone();
            let body = res.bytes().await?.to_vec();
            let mut out = openidconnect::http::Response::new(body);
            *out.status_mut() = status;
            *out.headers_mut() = headers;
            Ok(out)
        })
    }
}

async fn a_signed_out_member_signs_in_with_both_steps_and_the_app_checks_the_id_token(
    test: TestApp,
) {
    let (_, bob, _, wiki) = acme(&test).await;
    let bob_totp = enroll_totp(&test, &bob).await;
    let http = rp_http();
    let issuer = IssuerUrl::new(test.url("")).unwrap_or_else(|e| panic!("{e}"));
    let meta = CoreProviderMetadata::discover_async(issuer, &http)
        .await
        .unwrap_or_else(|e| panic!("discovery: {e:?}"));
    let rp = CoreClient::from_provider_metadata(
        meta,
        ClientId::new(wiki.id.clone()),
        wiki.secret.clone().map(ClientSecret::new),
    )
    .set_redirect_uri(RedirectUrl::new(CALLBACK.to_owned()).unwrap_or_else(|e| panic!("{e}")));
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, csrf, nonce) = rp
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .add_scope(Scope::new("email".into()))
        .add_scope(Scope::new("profile".into()))
        .set_pkce_challenge(challenge)
        .url();

    // Signed out: sent to sign in, then the second step, then back to the app.
    let browser = Browser::new(&test);
    let (status, to_sign_in, _) = browser.get(url.as_str()).await;
    assert_eq!(status, 303);
    assert!(to_sign_in.starts_with("/sign-in?next="), "{to_sign_in}");
    let (_, _, page) = browser.get(&to_sign_in).await;
    let next = param(&to_sign_in, "next").unwrap_or_default();
    let csrf_field_value = csrf_field(&page);
    let (_, to_step, _) = browser
        .post(
            "/sign-in",
            &[
                ("csrf", &csrf_field_value),
                ("next", &next),
                ("email", &bob.email),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert!(to_step.starts_with("/sign-in/second-step"), "{to_step}");
    let (_, _, step_page) = browser.get(&to_step).await;
    test.clock.advance(30);
    let code = bob_totp.totp.now_code();
    let (_, back_to_authorize, body) = browser
        .post(
            "/sign-in/second-step",
            &[
                ("csrf", &csrf_field(&step_page)),
                ("next", &next),
                ("kind", "totp"),
                ("code", &code),
            ],
        )
        .await;
    assert!(
        back_to_authorize.starts_with("/oidc/authorize?"),
        "{back_to_authorize} {body}"
    );
    let back = browser.until_app(&back_to_authorize).await;
    assert_eq!(
        param(&back, "state").as_deref(),
        Some(csrf.secret().as_str())
    );
    assert_eq!(param(&back, "iss").as_deref(), Some(test.url("").as_str()));
    let code = param(&back, "code").unwrap_or_else(|| panic!("{back}"));

    let tokens = rp
        .exchange_code(AuthorizationCode::new(code))
        .unwrap_or_else(|e| panic!("{e:?}"))
        .set_pkce_verifier(verifier)
        .request_async(&http)
        .await
        .unwrap_or_else(|e| panic!("token: {e:?}"));
    let id_token = tokens.id_token().unwrap_or_else(|| panic!("no ID token"));
    let claims = id_token
        .claims(&rp.id_token_verifier(), &nonce)
        .unwrap_or_else(|e| panic!("the ID token does not verify: {e:?}"));
    assert_eq!(claims.subject().as_str(), bob.id);
    assert_eq!(
        claims.email().map(|e| e.as_str().to_owned()),
        Some(bob.email.clone())
    );
    assert_eq!(
        claims.auth_context_ref().map(|a| a.as_str().to_owned()),
        Some("aal2".into())
    );
    let amr: Vec<String> = claims
        .auth_method_refs()
        .map(|v| v.iter().map(|a| a.as_str().to_owned()).collect())
        .unwrap_or_default();
    assert_eq!(amr, vec!["pwd", "otp", "mfa"]);
    assert!(claims.auth_time().is_some());
    let header = claims_of(&format!(
        "x.{}",
        id_token.to_string().split('.').next().unwrap_or_default()
    ));
    assert_eq!(header["alg"], "ES256", "{header}");
    // The refresh token came because offline_access was not asked: none.
    assert!(tokens.refresh_token().is_none());
}

async fn a_code_works_once_within_a_minute_for_its_client_with_its_verifier(test: TestApp) {
    let (ann, bob, org, wiki) = acme(&test).await;
    let browser = Browser::signed_in(&test, &bob);
    // Another client's code is refused.
    let other = register(&test, &org, &ann, json!({"name": "CRM"})).await;
    let code = code_for(&browser, &wiki, "").await;
    let res = exchange(&test, &other, &code).await;
    assert_eq!(res.body["error"], "invalid_grant", "{}", res.text);

    // A code works once; its second use revokes what the first issued.
    let code = code_for(&browser, &wiki, "").await;
    let first = exchange(&test, &wiki, &code).await;
    let tokens = first.assert_status(200).clone();
    let access = str_of(&tokens["access_token"]);
    let refresh = str_of(&tokens["refresh_token"]);
    assert!(
        !refresh.is_empty(),
        "offline_access gives a refresh token: {tokens}"
    );
    let info = userinfo(&test, &access).await;
    assert_eq!(info.status.as_u16(), 200, "{}", info.text);
    let again = exchange(&test, &wiki, &code).await;
    assert_eq!(again.status.as_u16(), 400);
    assert_eq!(again.body["error"], "invalid_grant", "{}", again.text);
    assert_eq!(userinfo(&test, &access).await.status.as_u16(), 401);
    let refreshed = refresh_with(&test, &wiki, &refresh).await;
    assert_eq!(
        refreshed.body["error"], "invalid_grant",
        "{}",
        refreshed.text
    );

    // An expired code.
    let code = code_for(&browser, &wiki, "").await;
    test.clock.advance(61);
    let late = exchange(&test, &wiki, &code).await;
    assert_eq!(late.body["error"], "invalid_grant", "{}", late.text);

    // A wrong redirect_uri.
    let code = code_for(&browser, &wiki, "").await;
    let wrong = token_request(
        &test,
        &wiki,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", "https://wiki.example.org/other"),
        ],
    )
    .await;
    assert_eq!(wrong.body["error"], "invalid_grant", "{}", wrong.text);

    // PKCE: a public client must send a challenge, and the right verifier.
    let spa = register(&test, &org, &ann, json!({"name": "SPA", "type": "public"})).await;
    let (status, location, _) = browser.get(&authorize_url(&spa, "")).await;
    assert_eq!(status, 303);
    assert_eq!(
        param(&location, "error").as_deref(),
        Some("invalid_request")
    );
    let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    let pkce = format!("&code_challenge={challenge}&code_challenge_method=S256");
    let code = code_for(&browser, &spa, &pkce).await;
    let mut form = vec![
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", CALLBACK),
        (
            "code_verifier",
            "wrong-verifier-wrong-verifier-wrong-verifier-00",
        ),
    ];
    let bad = token_request(&test, &spa, &form).await;
    assert_eq!(bad.body["error"], "invalid_grant", "{}", bad.text);
    let code = code_for(&browser, &spa, &pkce).await;
    form[1] = ("code", code.as_str());
    form[3] = ("code_verifier", verifier);
    token_request(&test, &spa, &form).await.assert_status(200);

    // A wrong client secret is invalid_client (401).
    let liar = App {
        id: wiki.id.clone(),
        secret: Some("A".repeat(43)),
    };
    let code = code_for(&browser, &wiki, "").await;
    let res = exchange(&test, &liar, &code).await;
    assert_eq!(res.status.as_u16(), 401, "{}", res.text);
    assert_eq!(res.body["error"], "invalid_client");
}

async fn refresh_with(test: &TestApp, app: &App, refresh: &str) -> Res {
    token_request(
        test,
        app,
        &[("grant_type", "refresh_token"), ("refresh_token", refresh)],
    )
    .await
}

async fn userinfo(test: &TestApp, access: &str) -> Res {
    let req = test
        .http
        .get(test.url("/oidc/userinfo"))
        .header("authorization", format!("Bearer {access}"));
    test.send(req).await
}

async fn tokens_for(test: &TestApp, browser: &Browser, app: &App) -> Value {
    let code = code_for(browser, app, "").await;
    exchange(test, app, &code).await.assert_status(200).clone()
}

async fn refresh_tokens_rotate_and_a_reused_one_revokes_the_family(test: TestApp) {
    let (_, bob, _, wiki) = acme(&test).await;
    let browser = Browser::signed_in(&test, &bob);
    let first = tokens_for(&test, &browser, &wiki).await;
    let r1 = str_of(&first["refresh_token"]);
    let second = refresh_with(&test, &wiki, &r1).await;
    let second = second.assert_status(200).clone();
    let r2 = str_of(&second["refresh_token"]);
    assert_ne!(r1, r2, "rotated");
    let r3 = str_of(&refresh_with(&test, &wiki, &r2).await.assert_status(200)["refresh_token"]);
    let a3 = {
        let res = refresh_with(&test, &wiki, &r3).await;
        str_of(&res.assert_status(200)["access_token"])
    };
    assert_eq!(userinfo(&test, &a3).await.status.as_u16(), 200);
    // r1 again: someone holds a copy. The whole family ends, the latest tokens too.
    let reused = refresh_with(&test, &wiki, &r1).await;
    assert_eq!(reused.body["error"], "invalid_grant", "{}", reused.text);
    assert_eq!(userinfo(&test, &a3).await.status.as_u16(), 401);
    let latest = refresh_with(&test, &wiki, &str_of(&second["refresh_token"])).await;
    assert_eq!(latest.body["error"], "invalid_grant");
    // Another grant of the same person is untouched.
    let other = tokens_for(&test, &browser, &wiki).await;
    refresh_with(&test, &wiki, &str_of(&other["refresh_token"]))
        .await
        .assert_status(200);
}

/// Six requests with one refresh token at once (a stolen copy used as the app uses its own):
/// single use is decided by the statement that stores the new tokens, so at most one gets
/// tokens, and since the token was presented more than once the family ends, that one's tokens
/// too.
async fn racing_refreshes_of_one_token_get_at_most_one_answer_and_end_the_family(test: TestApp) {
    let (_, bob, _, wiki) = acme(&test).await;
    let browser = Browser::signed_in(&test, &bob);
    let first = tokens_for(&test, &browser, &wiki).await;
    let r1 = str_of(&first["refresh_token"]);
    let go = || refresh_with(&test, &wiki, &r1);
    let (a, b, c, d, e, f) = tokio::join!(go(), go(), go(), go(), go(), go());
    let answers = [a, b, c, d, e, f];
    let won: Vec<&Res> = answers
        .iter()
        .filter(|r| r.status.as_u16() == 200)
        .collect();
    assert!(won.len() <= 1, "{} answers with tokens", won.len());
    for r in answers.iter().filter(|r| r.status.as_u16() != 200) {
        assert_eq!(r.status.as_u16(), 400, "{}", r.text);
        assert_eq!(r.body["error"], "invalid_grant", "{}", r.text);
    }
    for w in won {
        let next = str_of(&w.body["refresh_token"]);
        let access = str_of(&w.body["access_token"]);
        assert_eq!(userinfo(&test, &access).await.status.as_u16(), 401);
        let res = refresh_with(&test, &wiki, &next).await;
        assert_eq!(res.body["error"], "invalid_grant", "{}", res.text);
    }
    assert_eq!(
        userinfo(&test, &str_of(&first["access_token"]))
            .await
            .status
            .as_u16(),
        401,
        "the family's first access token ends too"
    );
}

async fn strangers_are_refused_and_prompt_none_never_shows_a_page(test: TestApp) {
    let (_, bob, _, wiki) = acme(&test).await;
    let carol = test.user("carol@example.org").await;
    let browser = Browser::signed_in(&test, &carol);
    let back = browser.until_app(&authorize_url(&wiki, "")).await;
    assert_eq!(
        param(&back, "error").as_deref(),
        Some("access_denied"),
        "{back}"
    );
    assert_eq!(param(&back, "state").as_deref(), Some("st4te"));
    assert!(param(&back, "code").is_none());

    let signed_out = Browser::new(&test);
    let (status, location, _) = signed_out.get(&authorize_url(&wiki, "&prompt=none")).await;
    assert_eq!(status, 303);
    assert!(location.starts_with(CALLBACK), "{location}");
    assert_eq!(param(&location, "error").as_deref(), Some("login_required"));

    // Only the code flow.
    let implicit = authorize_url(&wiki, "").replace("response_type=code", "response_type=token");
    let (_, location, _) = browser.get(&implicit).await;
    assert_eq!(
        param(&location, "error").as_deref(),
        Some("unsupported_response_type")
    );
    // A nonce is kept until the ID token: one with a NUL, which PostgreSQL would refuse to
    // store, goes back to the app as a bad request, not a 500 page.
    let member = Browser::signed_in(&test, &bob);
    let nul = authorize_url(&wiki, "").replace("nonce=n0nce", "nonce=n%00nce");
    let (status, location, _) = member.get(&nul).await;
    assert_eq!(status, 303, "{location}");
    assert_eq!(
        param(&location, "error").as_deref(),
        Some("invalid_request")
    );
}

async fn put_policy(test: &TestApp, org: &str, by: &User, body: Value) {
    let req = test
        .http
        .put(test.url(&format!("/api/v1/orgs/{org}/mfa-policy")))
        .header("authorization", format!("Bearer {}", by.token))
        .json(&body);
    test.send(req).await.assert_status(200);
}

async fn a_member_the_organization_stops_sets_up_2fa_and_then_reaches_the_app(test: TestApp) {
    let (ann, bob, org, wiki) = acme(&test).await;
    put_policy(
        &test,
        &org,
        &ann,
        json!({"enforced": true, "confirm": "ENFORCE"}),
    )
    .await;
    let browser = Browser::signed_in(&test, &bob);
    let (status, location, _) = browser.get(&authorize_url(&wiki, "")).await;
    assert_eq!(status, 303);
    assert!(location.starts_with("/setup-required?next="), "{location}");
    let (status, _, page) = browser.get(&location).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Acme"), "{page}");
    // prompt=none never shows that page: interaction_required.
    let (_, none, _) = browser.get(&authorize_url(&wiki, "&prompt=none")).await;
    assert_eq!(
        param(&none, "error").as_deref(),
        Some("interaction_required")
    );

    // Bob sets up an authenticator app, then goes on to the app.
    enroll_totp(&test, &bob).await;
    let next = param(&location, "next").unwrap_or_default();
    let back = browser.until_app(&next).await;
    assert!(param(&back, "code").is_some(), "{back}");
}

async fn aal2_asks_a_remembered_browser_for_a_factor_now_and_acr_tells_the_truth(test: TestApp) {
    let (_, bob, _, wiki) = acme(&test).await;
    let dave = test.user("dave@example.org").await;
    let _ = dave;
    // Bob without 2FA: the ID token says aal1 and pwd.
    let browser = Browser::signed_in(&test, &bob);
    let tokens = tokens_for(&test, &browser, &wiki).await;
    let claims = claims_of(&str_of(&tokens["id_token"]));
    assert_eq!(claims["acr"], "aal1", "{claims}");
    assert_eq!(claims["amr"], json!(["pwd"]));
    assert_eq!(claims["nonce"], "n0nce");

    // The app asks aal2 of someone without any factor: set one up, then a code with aal2.
    let (_, location, _) = browser.get(&authorize_url(&wiki, "&acr_values=aal2")).await;
    assert!(
        location.starts_with("/account/security?next="),
        "{location}"
    );
    let enrolled = enroll_totp(&test, &bob).await;
    let next = param(&location, "next").unwrap_or_default();
    let code = {
        let back = browser.until_app(&next).await;
        param(&back, "code").unwrap_or_else(|| panic!("{back}"))
    };
    let tokens = exchange(&test, &wiki, &code).await;
    let claims = claims_of(&str_of(&tokens.assert_status(200)["id_token"]));
    assert_eq!(claims["acr"], "aal2", "{claims}");
    assert_eq!(claims["amr"], json!(["pwd", "otp", "mfa"]));

    // A browser remembered after a second step skips it at the next sign-in: aal1 for apps,
    // and asking aal2 sends it to sign in again with the factor (the device does not skip).
    let remembered = Browser::new(&test);
    let (_, _, page) = remembered.get("/sign-in").await;
    let (_, step, _) = remembered
        .post(
            "/sign-in",
            &[
                ("csrf", &csrf_field(&page)),
                ("email", &bob.email),
                ("password", PASSWORD),
            ],
        )
        .await;
    let (_, _, step_page) = remembered.get(&step).await;
    test.clock.advance(30);
    let code = enrolled.totp.now_code();
    remembered
        .post(
            "/sign-in/second-step",
            &[
                ("csrf", &csrf_field(&step_page)),
                ("kind", "totp"),
                ("code", &code),
                ("remember_device", "on"),
            ],
        )
        .await;
    let (_, _, page) = remembered.get("/sign-in").await;
    let (_, skipped, _) = remembered
        .post(
            "/sign-in",
            &[
                ("csrf", &csrf_field(&page)),
                ("email", &bob.email),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert!(
        !skipped.contains("second-step"),
        "the device skips: {skipped}"
    );
    let tokens = tokens_for(&test, &remembered, &wiki).await;
    let claims = claims_of(&str_of(&tokens["id_token"]));
    assert_eq!(
        claims["acr"], "aal1",
        "a remembered browser is not aal2: {claims}"
    );
    let (_, location, _) = remembered
        .get(&authorize_url(&wiki, "&acr_values=aal2"))
        .await;
    assert!(location.starts_with("/sign-in?next="), "{location}");
    assert!(location.contains("fresh=1"), "{location}");
}

async fn enforcement_stops_a_web_apps_refresh_but_not_a_native_apps_issued_before(test: TestApp) {
    let (ann, bob, org, wiki) = acme(&test).await;
    let desktop = register(
        &test,
        &org,
        &ann,
        json!({"name": "Desktop", "kind": "native", "redirect_uris": ["http://127.0.0.1/cb"]}),
    )
    .await;
    let browser = Browser::signed_in(&test, &bob);
    let web = tokens_for(&test, &browser, &wiki).await;
    let native = {
        let url = authorize_url(&desktop, "").replace(
            &url::form_urlencoded::byte_serialize(CALLBACK.as_bytes()).collect::<String>(),
            "http%3A%2F%2F127.0.0.1%3A53111%2Fcb",
        );
        let back = browser.until_app(&url).await;
        assert!(
            back.starts_with("http://127.0.0.1:53111/cb"),
            "a loopback port may vary: {back}"
        );
        let code = param(&back, "code").unwrap_or_default();
        token_request(
            &test,
            &desktop,
            &[
                ("grant_type", "authorization_code"),
                ("code", &code),
                ("redirect_uri", "http://127.0.0.1:53111/cb"),
            ],
        )
        .await
        .assert_status(200)
        .clone()
    };
    put_policy(
        &test,
        &org,
        &ann,
        json!({"enforced": true, "confirm": "ENFORCE", "exempt_clients": ["native"]}),
    )
    .await;
    let refused = refresh_with(&test, &wiki, &str_of(&web["refresh_token"])).await;
    assert_eq!(refused.body["error"], "invalid_grant", "{}", refused.text);
    assert_eq!(
        userinfo(&test, &str_of(&web["access_token"]))
            .await
            .status
            .as_u16(),
        401
    );
    let kept = refresh_with(&test, &desktop, &str_of(&native["refresh_token"])).await;
    kept.assert_status(200);
}

backend_tests_with!(&crate::networks::BEHIND_A_PROXY;
    a_grant_a_remembered_browser_opened_away_from_home_ends_when_the_organization_wants_known_networks,
);

/// Issue 21: an app's grant remembers where the remembered browser that opened it stood in.
/// Once the organization wants known networks, the one opened on the road is refused at its
/// next refresh, and the one opened at home is not.
async fn a_grant_a_remembered_browser_opened_away_from_home_ends_when_the_organization_wants_known_networks(
    test: TestApp,
) {
    use crate::networks::{remember_from, sign_in_from};
    let (ann, bob, org, wiki) = acme(&test).await;
    let mut m = enroll_totp(&test, &bob).await;
    let (device, _) = remember_from(&test, &bob.email, m.totp.fresh(), "192.0.2.10", None).await;
    let mut grants = Vec::new();
    for from in ["198.51.100.5", "192.0.2.11"] {
        let res = sign_in_from(&test, &bob.email, from, Some(&device)).await;
        assert_eq!(res.assert_status(201)["state"], "active", "{}", res.text);
        let browser = Browser::with_session(&test, &str_of(&res.body["token"]));
        grants.push(tokens_for(&test, &browser, &wiki).await);
    }
    let [road, home] = [&grants[0], &grants[1]];
    // Under `any` both refresh.
    let road = refresh_with(&test, &wiki, &str_of(&road["refresh_token"])).await;
    let road = road.assert_status(200).clone();

    put_policy(
        &test,
        &org,
        &ann,
        json!({"enforced": false, "remembered_device_networks": "known"}),
    )
    .await;
    let refused = refresh_with(&test, &wiki, &str_of(&road["refresh_token"])).await;
    assert_eq!(refused.body["error"], "invalid_grant", "{}", refused.text);
    let access = str_of(&road["access_token"]);
    assert_eq!(userinfo(&test, &access).await.status.as_u16(), 401);
    refresh_with(&test, &wiki, &str_of(&home["refresh_token"]))
        .await
        .assert_status(200);
}

async fn userinfo_introspection_and_revocation_follow_the_rules(test: TestApp) {
    let (ann, bob, org, wiki) = acme(&test).await;
    let browser = Browser::signed_in(&test, &bob);
    let tokens = tokens_for(&test, &browser, &wiki).await;
    let access = str_of(&tokens["access_token"]);
    let info = userinfo(&test, &access).await;
    assert_eq!(info.assert_status(200)["sub"], bob.id.as_str());
    assert_eq!(info.body["email"], bob.email.as_str());

    let introspect = |app: &App, token: String| {
        let mut form = vec![
            ("token".to_owned(), token),
            ("client_id".to_owned(), app.id.clone()),
        ];
        if let Some(s) = &app.secret {
            form.push(("client_secret".to_owned(), s.clone()));
        }
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(form)
            .finish();
        let req = test
            .http
            .post(test.url("/oidc/introspect"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body);
        test.send(req)
    };
    let active = introspect(&wiki, access.clone()).await;
    assert_eq!(active.assert_status(200)["active"], true, "{}", active.text);
    assert_eq!(active.body["sub"], bob.id.as_str());
    // Another client learns nothing of it.
    let crm = register(&test, &org, &ann, json!({"name": "CRM"})).await;
    assert_eq!(introspect(&crm, access.clone()).await.body["active"], false);

    // Revoking the refresh token ends the grant's access token too.
    let body = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs([
            ("token", str_of(&tokens["refresh_token"]).as_str()),
            ("client_id", wiki.id.as_str()),
            ("client_secret", wiki.secret.as_deref().unwrap_or_default()),
        ])
        .finish();
    let req = test
        .http
        .post(test.url("/oidc/revoke"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body);
    assert_eq!(test.send(req).await.status.as_u16(), 200);
    assert_eq!(
        introspect(&wiki, access.clone()).await.body["active"],
        false
    );
    assert_eq!(userinfo(&test, &access).await.status.as_u16(), 401);

    // Removing Bob from Acme ends what Acme's apps hold for him.
    let tokens = tokens_for(&test, &browser, &wiki).await;
    test.remove(&org, &bob.id, &ann.token).await;
    let access = str_of(&tokens["access_token"]);
    assert_eq!(userinfo(&test, &access).await.status.as_u16(), 401);
    // Removing the app ends its tokens.
    let carl = test.user("carl@example.org").await;
    test.add_member(&org, &ann, &carl, "member", false).await;
    let carl_browser = Browser::signed_in(&test, &carl);
    let tokens = tokens_for(&test, &carl_browser, &wiki).await;
    let req = test
        .http
        .delete(test.url(&format!("/api/v1/orgs/{org}/clients/{}", wiki.id)))
        .header("authorization", format!("Bearer {}", ann.token));
    assert_eq!(test.send(req).await.status.as_u16(), 204);
    assert_eq!(
        userinfo(&test, &str_of(&tokens["access_token"]))
            .await
            .status
            .as_u16(),
        401
    );
}

/// A tiny back-channel logout receiver: every POST body it gets.
async fn logout_receiver() -> (
    String,
    Arc<Mutex<Vec<String>>>,
    tokio::sync::mpsc::Receiver<()>,
) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let addr = listener.local_addr().unwrap_or_else(|e| panic!("{e}"));
    let got = Arc::new(Mutex::new(Vec::new()));
    let (tx, rx) = tokio::sync::mpsc::channel(16);
    let store = Arc::clone(&got);
    tokio::spawn(async move {
        while let Ok((mut s, _)) = listener.accept().await {
            let mut buf = vec![0u8; 16384];
            let mut n = 0;
            while let Ok(k) = s.read(&mut buf[n..]).await {
                if k == 0 {
                    break;
                }
                n += k;
                let text = String::from_utf8_lossy(&buf[..n]).to_string();
                if let Some((_, body)) = crate::helpers::whole_message(&text) {
                    store.lock().await.push(body.to_owned());
                    let _ = s
                        .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n")
                        .await;
                    let _ = tx.send(()).await;
                    break;
                }
            }
        }
    });
    (format!("http://{addr}/backchannel"), got, rx)
}

async fn signing_out_ends_app_tokens_and_tells_the_app_on_the_back_channel(test: TestApp) {
    let (ann, bob, org, _) = acme(&test).await;
    let (uri, got, mut arrived) = logout_receiver().await;
    let wiki = register(
        &test,
        &org,
        &ann,
        json!({"name": "Wiki with logout", "backchannel_logout_uri": uri}),
    )
    .await;
    let browser = Browser::signed_in(&test, &bob);
    let tokens = tokens_for(&test, &browser, &wiki).await;
    let sid = claims_of(&str_of(&tokens["id_token"]))["sid"].clone();
    // Bob signs out of the console.
    let req = test
        .http
        .delete(test.url("/api/v1/sessions/current"))
        .header("authorization", format!("Bearer {}", bob.token));
    assert!(test.send(req).await.status.is_success());
    assert_eq!(
        userinfo(&test, &str_of(&tokens["access_token"]))
            .await
            .status
            .as_u16(),
        401
    );
    tokio::time::timeout(std::time::Duration::from_secs(20), arrived.recv())
        .await
        .unwrap_or_else(|_| panic!("no back-channel logout arrived"));
    let body = got.lock().await.first().cloned().unwrap_or_default();
    let token = param(&format!("?{body}"), "logout_token").unwrap_or_default();
    let claims = claims_of(&token);
    assert_eq!(claims["sub"], bob.id.as_str(), "{claims}");
    assert_eq!(claims["aud"], wiki.id.as_str());
    assert_eq!(claims["sid"], sid);
    assert!(
        claims["events"]["http://schemas.openid.net/event/backchannel-logout"].is_object(),
        "{claims}"
    );
    assert!(claims.get("nonce").is_none(), "a logout token has no nonce");
}

async fn unregistered_redirects_get_a_page_never_a_redirect(test: TestApp) {
    let (_, bob, _, wiki) = acme(&test).await;
    let browser = Browser::signed_in(&test, &bob);
    for evil in [
        "https://evil.example.org/cb",
        "https://wiki.example.org/cb/../evil",
        "https://wiki.example.org/cb?x=1",
        "https://wiki.example.org.evil.com/cb",
    ] {
        let url = authorize_url(&wiki, "").replace(
            &url::form_urlencoded::byte_serialize(CALLBACK.as_bytes()).collect::<String>(),
            &url::form_urlencoded::byte_serialize(evil.as_bytes()).collect::<String>(),
        );
        let (status, location, body) = browser.get(&url).await;
        assert_eq!(status, 400, "{evil}: {location}");
        assert!(location.is_empty());
        assert!(body.contains("did not register"), "{body}");
    }
    let unknown =
        authorize_url(&wiki, "").replace(&wiki.id, "0190a4a4-0000-7000-8000-000000000000");
    let (status, _, _) = browser.get(&unknown).await;
    assert_eq!(status, 400);
}

async fn tampered_and_unsigned_id_tokens_fail_and_rotated_keys_stay_published(test: TestApp) {
    use compact_jwt::traits::JwsVerifier;
    let (_, bob, _, wiki) = acme(&test).await;
    let browser = Browser::signed_in(&test, &bob);
    let tokens = tokens_for(&test, &browser, &wiki).await;
    let id_token = str_of(&tokens["id_token"]);
    let jwks = test.http.get(test.url("/oidc/jwks")).send().await;
    let jwks: Value = jwks
        .unwrap_or_else(|e| panic!("{e}"))
        .json()
        .await
        .unwrap_or_default();
    let verify = |jwks: &Value, token: &str| -> bool {
        let Ok(compact) = token.parse::<compact_jwt::JwsCompact>() else {
            return false;
        };
        jwks["keys"].as_array().into_iter().flatten().any(|k| {
            let Ok(jwk) = serde_json::from_value::<compact_jwt::Jwk>(k.clone()) else {
                return false;
            };
            compact_jwt::crypto::JwsEs256Verifier::try_from(&jwk)
                .is_ok_and(|v| v.verify(&compact).is_ok())
        })
    };
    assert!(
        verify(&jwks, &id_token),
        "the ID token verifies against the JWKS"
    );
    let parts: Vec<&str> = id_token.split('.').collect();
    let mut claims = claims_of(&id_token);
    claims["sub"] = json!("someone-else");
    use base64::Engine;
    let b64 = |v: &Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());
    let tampered = format!("{}.{}.{}", parts[0], b64(&claims), parts[2]);
    assert!(!verify(&jwks, &tampered), "a tampered payload fails");
    let none = format!(
        "{}.{}.",
        b64(&json!({"alg": "none", "typ": "JWT"})),
        parts[1]
    );
    assert!(!verify(&jwks, &none), "alg none fails");

    // Rotation: the old key stays published, new tokens use the new one.
    let old_kid = claims_of(&format!("x.{}", parts[0]))["kid"].clone();
    let out = std::process::Command::new(crate::helpers::binary())
        .args(["keys", "rotate", "--data-dir"])
        .arg(test.dir.path())
        .args(["--database-url", &test.db.url])
        .env(
            crate::helpers::TestClock::ENV,
            crate::helpers::TestClock::in_dir(test.dir.path()).file,
        )
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    test.clock.advance(61);
    let jwks: Value = test
        .http
        .get(test.url("/oidc/jwks"))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .json()
        .await
        .unwrap_or_default();
    let kids: Vec<Value> = jwks["keys"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|k| k["kid"].clone())
        .collect();
    assert!(kids.contains(&old_kid) && kids.len() == 2, "{jwks}");
    assert!(
        verify(&jwks, &id_token),
        "tokens signed before still verify"
    );
    let meanwhile = tokens_for(&test, &browser, &wiki).await;
    let kid_of = |t: &Value| {
        claims_of(&format!(
            "x.{}",
            str_of(&t["id_token"]).split('.').next().unwrap_or_default()
        ))["kid"]
            .clone()
    };
    assert_eq!(
        kid_of(&meanwhile),
        old_kid,
        "not before caches can know the new key"
    );
    test.clock.advance(120);
    let fresh = tokens_for(&test, &browser, &wiki).await;
    let header = claims_of(&format!(
        "x.{}",
        str_of(&fresh["id_token"])
            .split('.')
            .next()
            .unwrap_or_default()
    ));
    assert_ne!(
        header["kid"], old_kid,
        "new tokens are signed by the new key"
    );
    assert!(verify(&jwks, &str_of(&fresh["id_token"])));
}

async fn rp_initiated_logout_with_a_hint_signs_out_and_goes_to_the_registered_uri(test: TestApp) {
    let (_, bob, _, wiki) = acme(&test).await;
    let browser = Browser::signed_in(&test, &bob);
    let tokens = tokens_for(&test, &browser, &wiki).await;
    let hint = str_of(&tokens["id_token"]);
    // An unregistered post-logout URI: a page, no redirect, still signed in.
    let bad = format!(
        "/oidc/end_session?id_token_hint={hint}&post_logout_redirect_uri=https%3A%2F%2Fevil.example.org%2F"
    );
    let (status, _, _) = browser.get(&bad).await;
    assert_eq!(status, 400);
    // Without a hint: asked first, nothing ended by a link alone.
    let (status, _, page) = browser.get("/oidc/end_session").await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Sign out of twofold?"));
    assert_eq!(
        test.get("/api/v1/sessions/current", &bob.token)
            .await
            .status
            .as_u16(),
        200
    );
    // With the hint: signed out at once and sent to the registered URI with state.
    let good = format!(
        "/oidc/end_session?id_token_hint={hint}&post_logout_redirect_uri=https%3A%2F%2Fwiki.example.org%2Fbye&state=s1"
    );
    let (status, location, _) = browser.get(&good).await;
    assert_eq!(status, 303);
    assert_eq!(location, "https://wiki.example.org/bye?state=s1");
    assert_eq!(
        test.get("/api/v1/sessions/current", &bob.token)
            .await
            .status
            .as_u16(),
        401
    );
    assert_eq!(
        userinfo(&test, &str_of(&tokens["access_token"]))
            .await
            .status
            .as_u16(),
        401
    );
}

/// Signs in on the sign-in page `location` leads to; returns where the browser ends, at the app.
async fn sign_in_again(browser: &Browser, location: &str, email: &str) -> String {
    let (_, _, page) = browser.get(location).await;
    let next = param(location, "next").unwrap_or_default();
    let (_, after, body) = browser
        .post(
            "/sign-in",
            &[
                ("csrf", &csrf_field(&page)),
                ("next", &next),
                ("email", email),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert!(after.starts_with("/oidc/authorize?"), "{after} {body}");
    browser.until_app(&after).await
}

async fn prompt_login_and_max_age_ask_for_a_new_sign_in(test: TestApp) {
    let (_, bob, _, wiki) = acme(&test).await;
    let browser = Browser::signed_in(&test, &bob);
    let (_, location, _) = browser.get(&authorize_url(&wiki, "&prompt=login")).await;
    assert!(location.starts_with("/sign-in?next="), "{location}");
    let next = param(&location, "next").unwrap_or_default();
    assert!(next.contains("login_after="), "{next}");
    assert!(!next.contains("prompt=login"), "{next}");
    // Coming back without signing in again is sent to sign in again, not given a code.
    let (_, again, _) = browser.get(&next).await;
    assert!(again.starts_with("/sign-in?next="), "{again}");
    // Signing in again gets the code.
    let back = sign_in_again(&browser, &location, &bob.email).await;
    assert!(param(&back, "code").is_some(), "{back}");
    // max_age=0 asks for a sign-in every time, and one sign-in is enough.
    test.clock.advance(2);
    let (_, location, _) = browser.get(&authorize_url(&wiki, "&max_age=0")).await;
    assert!(location.starts_with("/sign-in?next="), "{location}");
    test.clock.advance(2);
    let back = sign_in_again(&browser, &location, &bob.email).await;
    assert!(param(&back, "code").is_some(), "{back}");

    test.clock.advance(120);
    let (_, location, _) = browser.get(&authorize_url(&wiki, "&max_age=60")).await;
    assert!(location.starts_with("/sign-in?next="), "{location}");
    let back = browser
        .until_app(&authorize_url(&wiki, "&max_age=600"))
        .await;
    assert!(param(&back, "code").is_some(), "{back}");
    let code = param(&back, "code").unwrap_or_default();
    let tokens = exchange(&test, &wiki, &code).await;
    let claims = claims_of(&str_of(&tokens.assert_status(200)["id_token"]));
    assert!(claims["auth_time"].as_i64().is_some(), "{claims}");
}

async fn when_an_organization_stops_a_member_its_web_apps_are_told_at_once(test: TestApp) {
    let (ann, bob, org, _) = acme(&test).await;
    let (uri, got, mut arrived) = logout_receiver().await;
    let wiki = register(
        &test,
        &org,
        &ann,
        json!({"name": "Wiki with logout", "backchannel_logout_uri": uri}),
    )
    .await;
    let desktop = register(
        &test,
        &org,
        &ann,
        json!({"name": "Desktop", "kind": "native", "redirect_uris": [CALLBACK],
               "backchannel_logout_uri": uri}),
    )
    .await;
    let browser = Browser::signed_in(&test, &bob);
    let web = tokens_for(&test, &browser, &wiki).await;
    let native = tokens_for(&test, &browser, &desktop).await;
    let node = test.node().await;
    // Nothing is enforced yet: the jobs end nothing.
    node.run_jobs().await;
    assert!(got.lock().await.is_empty());

    put_policy(
        &test,
        &org,
        &ann,
        json!({"enforced": true, "confirm": "ENFORCE", "exempt_clients": ["native"]}),
    )
    .await;
    node.run_jobs().await;
    node.drain_outbox().await;
    tokio::time::timeout(std::time::Duration::from_secs(20), arrived.recv())
        .await
        .unwrap_or_else(|_| panic!("no back-channel logout arrived"));
    let bodies = got.lock().await.clone();
    assert_eq!(bodies.len(), 1, "the web app only: {bodies:?}");
    let token = param(&format!("?{}", bodies[0]), "logout_token").unwrap_or_default();
    let claims = claims_of(&token);
    assert_eq!(claims["aud"], wiki.id.as_str(), "{claims}");
    assert_eq!(claims["sub"], bob.id.as_str());
    let sid = claims_of(&str_of(&web["id_token"]))["sid"].clone();
    assert_eq!(claims["sid"], sid);
    // The web app's grant is gone; the native app's, authorized before the deadline, stays.
    let refused = refresh_with(&test, &wiki, &str_of(&web["refresh_token"])).await;
    assert_eq!(refused.body["error"], "invalid_grant");
    refresh_with(&test, &desktop, &str_of(&native["refresh_token"]))
        .await
        .assert_status(200);
    // A second round tells nobody again.
    node.run_jobs().await;
    node.drain_outbox().await;
    assert_eq!(got.lock().await.len(), 1);
}

async fn an_rs256_app_gets_rs256_id_tokens_the_relying_party_verifies(test: TestApp) {
    let (ann, bob, org, _) = acme(&test).await;
    let legacy = register(
        &test,
        &org,
        &ann,
        json!({"name": "Legacy", "id_token_signed_response_alg": "RS256"}),
    )
    .await;
    let listed = test
        .get(&format!("/api/v1/orgs/{org}/clients"), &ann.token)
        .await;
    let apps = listed.assert_status(200)["clients"].clone();
    assert!(
        apps.as_array()
            .into_iter()
            .flatten()
            .any(|a| a["id_token_signed_response_alg"] == "RS256"),
        "{apps}"
    );
    let http = rp_http();
    let issuer = IssuerUrl::new(test.url("")).unwrap_or_else(|e| panic!("{e}"));
    let meta = CoreProviderMetadata::discover_async(issuer, &http)
        .await
        .unwrap_or_else(|e| panic!("discovery: {e:?}"));
    let rp = CoreClient::from_provider_metadata(
        meta,
        ClientId::new(legacy.id.clone()),
        legacy.secret.clone().map(ClientSecret::new),
    )
    .set_redirect_uri(RedirectUrl::new(CALLBACK.to_owned()).unwrap_or_else(|e| panic!("{e}")));
    let (url, _, nonce) = rp
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .url();
    let browser = Browser::signed_in(&test, &bob);
    let back = browser.until_app(url.as_str()).await;
    let code = param(&back, "code").unwrap_or_else(|| panic!("{back}"));
    let tokens = rp
        .exchange_code(AuthorizationCode::new(code))
        .unwrap_or_else(|e| panic!("{e:?}"))
        .request_async(&http)
        .await
        .unwrap_or_else(|e| panic!("token: {e:?}"));
    let id_token = tokens.id_token().unwrap_or_else(|| panic!("no ID token"));
    let header = claims_of(&format!(
        "x.{}",
        id_token.to_string().split('.').next().unwrap_or_default()
    ));
    assert_eq!(header["alg"], "RS256", "{header}");
    let verifier = rp.id_token_verifier().set_allowed_algs(vec![
        openidconnect::core::CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256,
    ]);
    let claims = id_token
        .claims(&verifier, &nonce)
        .unwrap_or_else(|e| panic!("the RS256 ID token does not verify: {e:?}"));
    assert_eq!(claims.subject().as_str(), bob.id);
}

async fn a_2fa_reset_and_a_new_password_end_what_apps_hold(test: TestApp) {
    let ann = test.user("ann@example.org").await;
    enroll_totp(&test, &ann).await;
    let org = test.org(&ann, "Acme").await;
    let bob = test.user("bob@example.org").await;
    enroll_totp(&test, &bob).await;
    test.add_managed_member(&org, &ann, &bob, "member").await;
    let wiki = register(&test, &org, &ann, json!({})).await;
    let browser = Browser::signed_in(&test, &bob);
    let tokens = tokens_for(&test, &browser, &wiki).await;
    let req = test
        .http
        .delete(test.url(&format!("/api/v1/orgs/{org}/members/{}/mfa", bob.id)))
        .header("authorization", format!("Bearer {}", ann.token));
    assert_eq!(test.send(req).await.status.as_u16(), 204);
    assert_eq!(
        userinfo(&test, &str_of(&tokens["access_token"]))
            .await
            .status
            .as_u16(),
        401
    );
    let refused = refresh_with(&test, &wiki, &str_of(&tokens["refresh_token"])).await;
    assert_eq!(refused.body["error"], "invalid_grant");

    // Ann changes her password: what her apps held ends too.
    let browser = Browser::signed_in(&test, &ann);
    let tokens = tokens_for(&test, &browser, &wiki).await;
    let changed = test
        .post(
            "/api/v1/me/password",
            Some(&ann.token),
            json!({"current_password": PASSWORD, "new_password": "another long pass phrase"}),
        )
        .await;
    assert!(changed.status.is_success(), "{}", changed.text);
    assert_eq!(
        userinfo(&test, &str_of(&tokens["access_token"]))
            .await
            .status
            .as_u16(),
        401
    );
}

async fn browser_apps_may_call_the_token_endpoint_from_their_origin_but_not_the_consoles_pages(
    test: TestApp,
) {
    let preflight = test
        .http
        .request(reqwest::Method::OPTIONS, test.url("/oidc/token"))
        .header("origin", "https://spa.example.org")
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "content-type");
    let res = test.send(preflight).await;
    assert!(res.status.is_success(), "{}", res.status);
    let allowed = |res: &Res| {
        res.headers
            .get("access-control-allow-origin")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    assert_eq!(allowed(&res).as_deref(), Some("*"));
    // Never with credentials: no cookie is read there anyway.
    assert!(
        res.headers
            .get("access-control-allow-credentials")
            .is_none()
    );
    // The console's own API and pages allow no other origin.
    let api = test
        .http
        .get(test.url("/api/v1/me"))
        .header("origin", "https://spa.example.org");
    assert!(allowed(&test.send(api).await).is_none());
}

/// A session a passkey opened alone: the ID token says a key and its holder's verification, two
/// factors, and no password.
async fn a_passkey_sign_in_tells_apps_it_had_no_password(test: TestApp) {
    let (_, bob, _, wiki) = acme(&test).await;
    let mut passkey = crate::passkeys::passkey_of(&test, &bob).await;
    let res = crate::passkeys::sign_in(&test, &mut passkey).await;
    let token = str_of(&res.assert_status(201)["token"]);
    let signed_in = User { token, ..bob };
    let browser = Browser::signed_in(&test, &signed_in);
    let tokens = tokens_for(&test, &browser, &wiki).await;
    let claims = claims_of(&str_of(&tokens["id_token"]));
    assert_eq!(claims["acr"], "aal2", "{claims}");
    assert_eq!(claims["amr"], json!(["hwk", "user", "mfa"]), "{claims}");
}
