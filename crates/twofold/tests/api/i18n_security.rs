//! The security area in the languages of its users: the security page and the sessions page in
//! the browser's language (German), with the sessions' dates and browsers said in it; an account
//! that chose French gets its pages in French whatever its browser asks for.

use reqwest::Method;
use serde_json::json;

use crate::backend_tests;
use crate::csrf::{csrf_field, form_body};
use crate::helpers::{PASSWORD, Res, TestApp, enroll_totp};

backend_tests!(
    the_security_pages_speak_the_browsers_german,
    an_account_that_chose_french_gets_its_pages_in_french,
);

const FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";

const MONTHS_DE: [&str; 12] = [
    "Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez.",
];

async fn get_in(app: &TestApp, path: &str, lang: &str, token: &str) -> Res {
    let req = app
        .http
        .get(app.url(path))
        .header("accept-language", lang)
        .header("cookie", format!("twofold_session={token}"));
    app.send(req).await
}

fn has(res: &Res, words: &[&str]) {
    assert_eq!(res.status.as_u16(), 200, "{}", res.text);
    for w in words {
        assert!(res.text.contains(w), "{w:?} missing: {}", res.text);
    }
}

/// The test clock's date as German pages write it: `5. Dez. 2026`.
fn today_in_german(app: &TestApp) -> String {
    let now = time::OffsetDateTime::from_unix_timestamp(app.clock.now())
        .unwrap_or_else(|e| panic!("the test clock: {e}"));
    let month = MONTHS_DE[usize::from(u8::from(now.month())) - 1];
    format!("{}. {month} {}", now.day(), now.year())
}

async fn the_security_pages_speak_the_browsers_german(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    let page = get_in(
        &app,
        "/account/security",
        "de-CH, de;q=0.9, en;q=0.5",
        &ann.token,
    )
    .await;
    has(
        &page,
        &[
            "lang=\"de\"",
            "<h1>Sicherheit</h1>",
            "Ihr Konto ist nur durch sein Passwort geschützt.",
            "Authenticator-App hinzufügen",
            "App-Passwörter",
            "Wo Sie angemeldet sind",
        ],
    );
    assert!(
        !page.text.contains("Two-factor authentication"),
        "{}",
        page.text
    );

    // With a second factor: the count of recovery codes and the kind of each method.
    enroll_totp(&app, &ann).await;
    let page = get_in(&app, "/account/security", "de", &ann.token).await;
    has(
        &page,
        &[
            "10 Wiederherstellungscodes übrig.",
            "(Authenticator-App)",
            &today_in_german(&app),
        ],
    );

    // The sessions page: the browser and the dates in German, and its flash after ending one.
    let laptop = app
        .send(
            app.http
                .post(app.url("/api/v1/sessions"))
                .header("user-agent", FIREFOX)
                .json(&json!({"email": ann.email, "password": PASSWORD})),
        )
        .await;
    laptop.assert_status(201);
    let page = get_in(&app, "/account/sessions", "de", &ann.token).await;
    has(
        &page,
        &[
            "lang=\"de\"",
            "<h1>Wo Sie angemeldet sind</h1>",
            "Firefox unter Linux",
            "(dieser Browser)",
            "(zweiter Schritt nicht bestanden)",
            &format!("{}, ", today_in_german(&app)),
            " UTC",
        ],
    );
    assert!(!page.text.contains(" on Linux"), "{}", page.text);
    // The one other session: the laptop's, ended from its button.
    let end = page
        .text
        .split("action=\"/account/sessions/")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("no button signs the laptop out: {}", page.text))
        .to_owned();
    let ended = app
        .send(
            app.http
                .post(app.url(&format!("/account/sessions/{end}")))
                .header("accept-language", "de")
                .header("cookie", format!("twofold_session={}", ann.token))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(form_body(&[("csrf", &csrf_field(&page.text))])),
        )
        .await;
    assert_eq!(ended.status.as_u16(), 303, "{}", ended.text);
    let page = get_in(&app, "/account/sessions?flash=ended", "de", &ann.token).await;
    has(&page, &["Diese Sitzung ist abgemeldet."]);
}

async fn an_account_that_chose_french_gets_its_pages_in_french(app: TestApp) {
    let owner = app.user("owner@example.org").await;
    let bob = app.user("bob@example.org").await;
    app.call(
        Method::PATCH,
        "/api/v1/me",
        Some(&bob.token),
        Some(json!({"locale": "fr"})),
    )
    .await
    .assert_status(204);
    let acme = app.org(&owner, "Acme").await;
    app.invite(&acme, &owner, &bob.email, "member", false).await;

    // The browser asks for English: the account's choice wins.
    let page = get_in(&app, "/account/security", "en", &bob.token).await;
    has(
        &page,
        &[
            "lang=\"fr\"",
            "<h1>Sécurité</h1>",
            "Votre compte n’est protégé que par son mot de passe.",
            "Ajouter une clé de sécurité",
            "Mots de passe d’application",
        ],
    );
    assert!(!page.text.contains("App passwords"), "{}", page.text);

    let page = get_in(&app, "/account/invitations", "en", &bob.token).await;
    has(
        &page,
        &[
            "lang=\"fr\"",
            "<h1>Vos invitations</h1>",
            "En tant que membre, invité par owner@example.org. Valable jusqu’au ",
            " à ",
        ],
    );

    let page = get_in(&app, "/account/delete", "en", &bob.token).await;
    has(
        &page,
        &[
            "<h1>Supprimer votre compte ?</h1>",
            "La suppression de bob@example.org est définitive",
            "Supprimer définitivement mon compte",
        ],
    );
    // A wrong password, told in French.
    let wrong = app
        .send(
            app.http
                .post(app.url("/account/delete"))
                .header("cookie", format!("twofold_session={}", bob.token))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(form_body(&[
                    ("csrf", &csrf_field(&page.text)),
                    ("password", "not the password at all"),
                ])),
        )
        .await;
    assert_eq!(wrong.status.as_u16(), 401, "{}", wrong.text);
    assert!(
        wrong
            .text
            .contains("Le mot de passe est incorrect : rien n’a été supprimé."),
        "{}",
        wrong.text
    );
}
