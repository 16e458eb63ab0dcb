//! The account's language (issue 17): chosen from the browser at sign-up, changed on the
//! language page or with `PATCH /api/v1/me`, and followed by every page whatever the browser
//! asks for afterwards.

use serde_json::json;

use crate::csrf::{csrf_field, form_body};
use crate::helpers::{PASSWORD, Res, TestApp, User, str_of};
use crate::{backend_tests, backend_tests_with};

backend_tests!(
    the_accounts_language_wins_over_the_browsers,
    the_language_page_saves_a_choice_and_can_follow_the_browser_again,
);

backend_tests_with!(
    &[("TWOFOLD_SIGNUP__VERIFY_EMAIL", "false")];
    a_sign_up_keeps_the_language_its_browser_asked_for,
);

async fn page(app: &TestApp, user: &User, path: &str, accept: Option<&str>) -> Res {
    let mut req = app
        .http
        .get(app.url(path))
        .header("cookie", format!("twofold_session={}", user.token));
    if let Some(a) = accept {
        req = req.header("accept-language", a);
    }
    app.send(req).await
}

async fn patch_me(app: &TestApp, user: &User, body: serde_json::Value) -> Res {
    app.call(
        reqwest::Method::PATCH,
        "/api/v1/me",
        Some(&user.token),
        Some(body),
    )
    .await
}

async fn the_accounts_language_wins_over_the_browsers(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    let me = app.get("/api/v1/me", &ann.token).await;
    assert_eq!(me.assert_status(200)["locale"], serde_json::Value::Null);

    // No choice yet: the browser decides, with its weights.
    let de = page(&app, &ann, "/account/language", Some("fr;q=0.4, de")).await;
    assert_eq!(de.status.as_u16(), 200, "{}", de.text);
    assert!(de.text.contains("<html lang=\"de\">"), "{}", de.text);
    assert!(de.text.contains("Sprache"), "{}", de.text);
    assert_eq!(
        de.headers.get("vary").and_then(|v| v.to_str().ok()),
        Some("accept-language")
    );

    patch_me(&app, &ann, json!({"locale": "fr"}))
        .await
        .assert_status(204);
    let me = app.get("/api/v1/me", &ann.token).await;
    assert_eq!(me.assert_status(200)["locale"], "fr");
    let fr = page(&app, &ann, "/account/language", Some("de")).await;
    assert!(fr.text.contains("<html lang=\"fr\">"), "{}", fr.text);
    assert!(fr.text.contains("Accueil"), "{}", fr.text);
    assert!(fr.text.contains("Langue : Français"), "{}", fr.text);

    // A field left out changes nothing; a language we do not speak is refused.
    patch_me(&app, &ann, json!({})).await.assert_status(204);
    let bad = patch_me(&app, &ann, json!({"locale": "es"})).await;
    assert_eq!(bad.assert_status(422)["code"], "validation_failed");
    let bad = patch_me(&app, &ann, json!({"locale": "fr", "theme": "dark"})).await;
    assert_eq!(bad.status.as_u16(), 422, "{}", bad.text);
    let me = app.get("/api/v1/me", &ann.token).await;
    assert_eq!(me.assert_status(200)["locale"], "fr");

    // The problem documents of the API stay in English whatever the account speaks.
    assert!(str_of(&bad.body["detail"]).is_ascii(), "{}", bad.text);

    patch_me(&app, &ann, json!({"locale": null}))
        .await
        .assert_status(204);
    let it = page(&app, &ann, "/account/language", Some("it-CH")).await;
    assert!(it.text.contains("<html lang=\"it\">"), "{}", it.text);
    let en = page(&app, &ann, "/account/language", None).await;
    assert!(en.text.contains("<html lang=\"en\">"), "{}", en.text);
}

async fn the_language_page_saves_a_choice_and_can_follow_the_browser_again(app: TestApp) {
    let bob = app.user("bob@example.org").await;
    let before = page(&app, &bob, "/account/language", Some("en")).await;
    assert!(before.text.contains("Language: English"), "{}", before.text);
    let cookie = format!("twofold_session={}", bob.token);
    let post = |csrf: String, locale: &'static str| {
        app.send(
            app.http
                .post(app.url("/account/language"))
                .header("cookie", &cookie)
                .header("accept-language", "en")
                .header("content-type", "application/x-www-form-urlencoded")
                .body(form_body(&[("csrf", &csrf), ("locale", locale)])),
        )
    };
    let forged = post("forged".to_owned(), "de").await;
    assert_eq!(forged.status.as_u16(), 403, "{}", forged.text);
    let saved = post(csrf_field(&before.text), "de").await;
    assert_eq!(saved.status.as_u16(), 303, "{}", saved.text);
    let after = page(&app, &bob, "/account/language?saved=1", Some("en")).await;
    assert!(
        after.text.contains("Ihre Sprache ist gespeichert."),
        "{}",
        after.text
    );
    assert!(
        after.text.contains("value=\"de\" checked"),
        "the choice shows as chosen: {}",
        after.text
    );
    let refused = post(csrf_field(&after.text), "klingon").await;
    assert_eq!(refused.status.as_u16(), 422, "{}", refused.text);

    let back = post(csrf_field(&after.text), "browser").await;
    assert_eq!(back.status.as_u16(), 303, "{}", back.text);
    let me = app.get("/api/v1/me", &bob.token).await;
    assert_eq!(me.assert_status(200)["locale"], serde_json::Value::Null);
    let en = page(&app, &bob, "/account/language", Some("en")).await;
    assert!(en.text.contains("value=\"browser\" checked"), "{}", en.text);
}

async fn a_sign_up_keeps_the_language_its_browser_asked_for(app: TestApp) {
    let created = app
        .send(
            app.http
                .post(app.url("/api/v1/accounts"))
                .header("accept-language", "it-CH, en;q=0.5")
                .json(&json!({"email": "carla@example.org", "password": PASSWORD})),
        )
        .await;
    assert_eq!(created.status.as_u16(), 201, "{}", created.text);
    let session = app.sign_in("carla@example.org", PASSWORD).await;
    let token = str_of(&session.assert_status(201)["token"]);
    let me = app.get("/api/v1/me", &token).await;
    assert_eq!(me.assert_status(200)["locale"], "it");

    // A browser that names none of our languages leaves the choice open.
    let created = app
        .send(
            app.http
                .post(app.url("/api/v1/accounts"))
                .header("accept-language", "es-ES")
                .json(&json!({"email": "dora@example.org", "password": PASSWORD})),
        )
        .await;
    assert_eq!(created.status.as_u16(), 201, "{}", created.text);
    let session = app.sign_in("dora@example.org", PASSWORD).await;
    let token = str_of(&session.assert_status(201)["token"]);
    let me = app.get("/api/v1/me", &token).await;
    assert_eq!(me.assert_status(200)["locale"], serde_json::Value::Null);
}
