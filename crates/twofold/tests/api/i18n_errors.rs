//! The errors area in the languages of its users: error pages speak the browser's language
//! (or the account's), while the API's problem documents stay in English whatever the browser
//! asks for.

use serde_json::json;

use crate::backend_tests;
use crate::csrf::form_body;
use crate::helpers::{PASSWORD, Res, TestApp};

backend_tests!(
    error_pages_speak_the_browsers_language,
    problem_documents_stay_english,
);

fn has(res: &Res, words: &[&str]) {
    for w in words {
        assert!(res.text.contains(w), "{w:?} missing: {}", res.text);
    }
}

async fn error_pages_speak_the_browsers_language(app: TestApp) {
    // An organization that does not exist, for a signed-in browser asking for French.
    let ann = app.user("ann@example.org").await;
    let page = app
        .send(
            app.http
                .get(app.url("/orgs/o_x"))
                .header("accept-language", "fr-CH, fr;q=0.9, en;q=0.5")
                .header("cookie", format!("twofold_session={}", ann.token)),
        )
        .await;
    assert_eq!(page.status.as_u16(), 404, "{}", page.text);
    has(
        &page,
        &[
            "lang=\"fr\"",
            "<h1>Cela n’a pas fonctionné</h1>",
            "<p>Organisation introuvable</p>",
            ">Retour</a>",
        ],
    );
    assert!(!page.text.contains("not found"), "{}", page.text);
    assert!(!page.text.contains("That did not work"), "{}", page.text);

    // A form without its CSRF token, in French and in German.
    for (lang, heading, text) in [
        (
            "fr",
            "Ce formulaire a expiré",
            "Revenez en arrière, rechargez la page et envoyez à nouveau le formulaire.",
        ),
        (
            "de-CH",
            "Dieses Formular ist abgelaufen",
            "Gehen Sie zurück, laden Sie die Seite neu und senden Sie das Formular erneut.",
        ),
    ] {
        let expired = app
            .send(
                app.http
                    .post(app.url("/sign-in"))
                    .header("accept-language", lang)
                    .header("content-type", "application/x-www-form-urlencoded")
                    .body(form_body(&[
                        ("email", "ann@example.org"),
                        ("password", PASSWORD),
                    ])),
            )
            .await;
        assert_eq!(expired.status.as_u16(), 403, "{}", expired.text);
        let tag = format!("lang=\"{}\"", &lang[..2]);
        has(
            &expired,
            &[
                &tag,
                &format!("<h1>{heading}</h1>"),
                &format!("<p>{text}</p>"),
            ],
        );
        assert!(
            !expired.text.contains("This form has expired"),
            "{}",
            expired.text
        );
    }

    // English stays what it always was.
    let english = app
        .send(
            app.http
                .get(app.url("/orgs/o_x"))
                .header("cookie", format!("twofold_session={}", ann.token)),
        )
        .await;
    assert_eq!(english.status.as_u16(), 404, "{}", english.text);
    has(
        &english,
        &[
            "lang=\"en\"",
            "<h1>That did not work</h1>",
            "<p>organization not found</p>",
            ">Go back</a>",
        ],
    );
}

async fn problem_documents_stay_english(app: TestApp) {
    app.user("ann@example.org").await;
    let wrong = app
        .send(
            app.http
                .post(app.url("/api/v1/sessions"))
                .header("accept-language", "fr")
                .json(&json!({"email": "ann@example.org", "password": "not the password at all"})),
        )
        .await;
    wrong.assert_problem(401, "invalid_credentials");
    assert_eq!(wrong.body["detail"], "the email or password is wrong");

    let short = app
        .send(
            app.http
                .post(app.url("/api/v1/accounts"))
                .header("accept-language", "fr")
                .json(&json!({"email": "bob@example.org", "password": "short"})),
        )
        .await;
    short.assert_problem(422, "weak_password");
    assert_eq!(short.body["field"], "password");
    assert_eq!(
        short.body["detail"],
        "password: must be at least 10 characters"
    );

    let unknown = app
        .send(
            app.http
                .get(app.url("/api/v1/orgs/01900000-0000-7000-8000-000000000000"))
                .header("accept-language", "fr")
                .bearer_auth(app.user("bob@example.org").await.token),
        )
        .await;
    unknown.assert_problem(404, "not_found");
    assert_eq!(unknown.body["detail"], "organization not found");
}
