//! The signin area in the languages of its users: the signed-out pages in the browser's
//! language, the second step and its errors for a signed-in browser, and the flash a sign-out
//! leaves.

use crate::backend_tests;
use crate::csrf::{csrf_field, form_body};
use crate::helpers::{Res, TestApp, enroll_totp, set_cookie_value, sign_in_pending};

backend_tests!(
    signed_out_pages_speak_the_browsers_language,
    the_second_step_and_signing_out_speak_french,
);

async fn get_in(app: &TestApp, path: &str, lang: &str, cookie: Option<&str>) -> Res {
    let mut req = app.http.get(app.url(path)).header("accept-language", lang);
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    app.send(req).await
}

async fn post_in(
    app: &TestApp,
    path: &str,
    lang: &str,
    cookie: &str,
    fields: &[(&str, &str)],
) -> Res {
    app.send(
        app.http
            .post(app.url(path))
            .header("accept-language", lang)
            .header("cookie", cookie)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form_body(fields)),
    )
    .await
}

fn has(res: &Res, words: &[&str]) {
    for w in words {
        assert!(res.text.contains(w), "{w:?} missing: {}", res.text);
    }
}

async fn signed_out_pages_speak_the_browsers_language(app: TestApp) {
    let page = get_in(
        &app,
        "/sign-in?flash=signed_out",
        "fr-CH, fr;q=0.9, en;q=0.5",
        None,
    )
    .await;
    assert_eq!(page.status.as_u16(), 200, "{}", page.text);
    has(
        &page,
        &[
            "lang=\"fr\"",
            "<h1>Connexion</h1>",
            "Vous êtes déconnecté.",
            "Mot de passe oublié ?",
        ],
    );
    assert!(!page.text.contains("Sign in"), "{}", page.text);

    // A wrong password, told in French.
    app.user("ann@example.org").await;
    let form = set_cookie_value(&page, "twofold_form")
        .unwrap_or_else(|| panic!("no form cookie: {:?}", page.headers));
    let wrong = post_in(
        &app,
        "/sign-in",
        "fr",
        &format!("twofold_form={form}"),
        &[
            ("csrf", &csrf_field(&page.text)),
            ("email", "ann@example.org"),
            ("password", "not the password at all"),
        ],
    )
    .await;
    assert_eq!(wrong.status.as_u16(), 401, "{}", wrong.text);
    has(
        &wrong,
        &[
            "lang=\"fr\"",
            "L’adresse e-mail ou le mot de passe est incorrect.",
        ],
    );

    let sign_up = get_in(&app, "/sign-up", "de-CH,de;q=0.8", None).await;
    assert_eq!(sign_up.status.as_u16(), 200, "{}", sign_up.text);
    has(
        &sign_up,
        &[
            "lang=\"de\"",
            "<h1>Konto erstellen</h1>",
            "Mindestens 10 Zeichen",
            "Sie haben bereits ein Konto?",
        ],
    );

    let reset = get_in(&app, "/password-reset", "it", None).await;
    has(
        &reset,
        &[
            "lang=\"it\"",
            "<h1>Password dimenticata</h1>",
            "Torna all’accesso",
        ],
    );

    // An app's request that cannot be answered says so in the browser's language.
    let refused = get_in(&app, "/oidc/authorize", "de", None).await;
    assert_eq!(refused.status.as_u16(), 400, "{}", refused.text);
    has(
        &refused,
        &[
            "Diese Anmeldeanfrage kann nicht beantwortet werden",
            "(unbekannte client_id)",
        ],
    );

    // English stays what it was.
    let english = get_in(&app, "/sign-up", "en-GB", None).await;
    has(&english, &["lang=\"en\"", "<h1>Create an account</h1>"]);
}

async fn the_second_step_and_signing_out_speak_french(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    let enrolled = enroll_totp(&app, &ann).await;
    let token = sign_in_pending(&app, &ann.email).await;
    let cookie = format!("twofold_session={token}");
    let page = get_in(&app, "/sign-in/second-step", "fr", Some(&cookie)).await;
    assert_eq!(page.status.as_u16(), 200, "{}", page.text);
    has(
        &page,
        &[
            "lang=\"fr\"",
            "<h1>Confirmez votre identité</h1>",
            "Code de Phone",
            "Mémoriser cet appareil",
            "Un code de récupération",
        ],
    );

    let csrf = csrf_field(&page.text);
    let wrong = post_in(
        &app,
        "/sign-in/second-step",
        "fr",
        &cookie,
        &[
            ("csrf", &csrf),
            ("next", "/"),
            ("kind", "totp"),
            ("method_id", &enrolled.method_id),
            ("code", &enrolled.totp.wrong(0)),
        ],
    )
    .await;
    assert_eq!(wrong.status.as_u16(), 401, "{}", wrong.text);
    has(
        &wrong,
        &["Ce code est incorrect, expiré ou déjà utilisé. Essayez le code le plus récent."],
    );

    // Signing out leaves a flash in French.
    let out = post_in(&app, "/sign-out", "fr", &cookie, &[("csrf", &csrf)]).await;
    assert_eq!(out.status.as_u16(), 303, "{}", out.text);
    let to = out
        .headers
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert_eq!(to, "/sign-in?flash=signed_out");
    let signed_out = get_in(&app, &to, "fr", None).await;
    has(&signed_out, &["lang=\"fr\"", "Vous êtes déconnecté."]);
}
