//! The orgs area in the languages of its users: home, an organization's overview with its
//! chart, the member list, the policy's confirmation (its typed word stays the API's) and the
//! audit log, each in the language the browser asks for.

use serde_json::json;

use crate::backend_tests;
use crate::csrf::{csrf_field, form_body};
use crate::helpers::{Res, TestApp, User, enroll_totp, put_policy};

backend_tests!(
    home_and_the_overview_speak_french,
    the_members_policy_and_audit_pages_speak_italian_and_german,
);

/// `path` as `who`'s browser asks for it, in `language`.
async fn page(app: &TestApp, who: &User, path: &str, language: &str) -> Res {
    let res = app
        .send(
            app.http
                .get(app.url(path))
                .header("cookie", format!("twofold_session={}", who.token))
                .header("accept-language", language),
        )
        .await;
    assert_eq!(res.status.as_u16(), 200, "{path}: {}", res.text);
    res
}

fn has(res: &Res, words: &[&str]) {
    for w in words {
        assert!(res.text.contains(w), "missing {w:?}: {}", res.text);
    }
}

/// Acme, owned by a manager with 2FA, requiring 2FA from 15 January 2031 of Bob, who has none.
async fn acme(app: &TestApp) -> (User, User, String) {
    let owner = app.user("owner@example.org").await;
    enroll_totp(app, &owner).await;
    let acme = app.org(&owner, "Acme").await;
    let bob = app.user("bob@example.org").await;
    app.add_member(&acme, &owner, &bob, "member", false).await;
    put_policy(
        app,
        &acme,
        &owner.token,
        json!({"enforced": true, "confirm": "ENFORCE", "enforce_from": "2031-01-15T00:00:00Z"}),
    )
    .await
    .assert_status(200);
    (owner, bob, acme)
}

async fn home_and_the_overview_speak_french(app: TestApp) {
    let (owner, bob, acme) = acme(&app).await;
    let home = page(&app, &bob, "/", "fr-CH, fr;q=0.9, en;q=0.5").await;
    has(
        &home,
        &[
            "<html lang=\"fr\"",
            "Bienvenue",
            "Prochaines étapes",
            "Acme exige l’authentification à deux facteurs : activez-la d’ici le 15 janv. 2031.",
            "Vos organisations",
            "<th scope=\"col\">Votre rôle</th>",
            "<td>membre</td>",
            "Manquante : à activer d’ici le 15 janv. 2031",
            "Créer l’organisation",
        ],
    );
    assert!(!home.text.contains("Your organizations"), "{}", home.text);

    app.node().await.run_jobs().await;
    let overview = page(&app, &owner, &format!("/orgs/{acme}"), "fr").await;
    has(
        &overview,
        &[
            "<html lang=\"fr\"",
            "Votre rôle : propriétaire.",
            "<strong>obligatoire à partir du 15 janv. 2031</strong>",
            "1 membre sur 2 a activé l’authentification à deux facteurs (50 %).",
            "1 membre sans second facteur autorisé sera bloqué à partir du 15 janv. 2031.",
            "Adoption au fil du temps",
            "<th scope=\"col\">Jour</th><th scope=\"col\">Membres</th><th scope=\"col\">Avec 2FA</th><th scope=\"col\">Part</th>",
            "<td>50 %</td>",
            ">100 %</text>",
        ],
    );
    // The day of the table is French too.
    let month = [
        "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
        "déc.",
    ];
    let today = time::OffsetDateTime::from_unix_timestamp(app.clock.now())
        .map(|t| {
            let m = month[usize::from(u8::from(t.month())) - 1];
            format!("<tr><td>{} {m} {}</td>", t.day(), t.year())
        })
        .unwrap_or_default();
    has(&overview, &[&today]);
}

async fn the_members_policy_and_audit_pages_speak_italian_and_german(app: TestApp) {
    let (owner, _bob, acme) = acme(&app).await;
    let members = page(&app, &owner, &format!("/orgs/{acme}/members"), "it").await;
    has(
        &members,
        &[
            "<html lang=\"it\"",
            "<h1>Membri di Acme</h1>",
            "Cerca membri",
            "<td>proprietario</td>",
            "<span class=\"badge bad\">Mancante</span>",
            "scadenza 15 gen 2031",
            "app di autenticazione",
            "Invia promemoria 2FA",
        ],
    );

    // Stopping enforcement asks for the API's word, STOP, in German sentences.
    let policy = page(&app, &owner, &format!("/orgs/{acme}/policy"), "de").await;
    has(
        &policy,
        &[
            "<html lang=\"de\"",
            "Zwei-Faktor-Richtlinie von Acme",
            // Enforced from a date ahead: scheduled, not on.
            "Die Pflicht ist geplant: Sie beginnt am ",
        ],
    );
    let confirm = app
        .send(
            app.http
                .post(app.url(&format!("/orgs/{acme}/policy")))
                .header("cookie", format!("twofold_session={}", owner.token))
                .header("accept-language", "de")
                .header("content-type", "application/x-www-form-urlencoded")
                .body(form_body(&[
                    ("csrf", &csrf_field(&policy.text)),
                    ("allow_totp", "on"),
                ])),
        )
        .await;
    assert_eq!(confirm.status.as_u16(), 200, "{}", confirm.text);
    has(
        &confirm,
        &[
            "Zwei-Faktor-Pflicht beenden?",
            "Geben Sie zur Bestätigung STOP ein",
            "Pflicht beenden",
        ],
    );

    let audit = page(&app, &owner, &format!("/orgs/{acme}/audit"), "de").await;
    has(
        &audit,
        &[
            "Audit-Protokoll von Acme",
            "<th scope=\"col\">Zeitpunkt (UTC)</th>",
            // Sentences people read, in German, with addresses for account ids.
            "<th scope=\"col\">Was geschah</th>",
            "owner@example.org hat die Zwei-Faktor-Pflicht aktiviert, ab ",
        ],
    );
}
