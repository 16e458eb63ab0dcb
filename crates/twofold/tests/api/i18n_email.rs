//! The email area in the languages of its users: an account's emails (its link, its security
//! notices, its reminders) go in the language it has (a sign-up keeps its browser's), an email
//! to an address without an account in the language of the request that sends it, and English
//! stays the language of everyone else.

use reqwest::Method;
use serde_json::json;

use crate::helpers::{
    PASSWORD, Res, TestApp, User, email_day, emails_to, enroll_totp, enroll_totp_with, join,
    put_policy, str_of, wait_for_emails,
};
use crate::{backend_tests, backend_tests_with};

backend_tests!(
    a_french_account_gets_its_link_and_its_notices_in_french,
    an_invitation_to_a_new_address_speaks_the_inviters_language,
);
backend_tests_with!(&crate::compliance::TICK_ENV;
    a_german_account_gets_its_reminders_in_german,
);

/// A moment as French emails write it: `5 déc. 2026 à 14:05 UTC`, without the time.
fn fr_day(unix: i64) -> String {
    const MONTHS: [&str; 12] = [
        "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
        "déc.",
    ];
    let t = time::OffsetDateTime::from_unix_timestamp(unix).unwrap_or_else(|e| panic!("{e}"));
    format!(
        "{} {} {} à ",
        t.day(),
        MONTHS[usize::from(u8::from(t.month())) - 1],
        t.year()
    )
}

/// A moment as German emails write it: `5. Dez. 2026, 14:05 UTC`.
fn de_moment(unix: i64) -> String {
    const MONTHS: [&str; 12] = [
        "Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.",
        "Dez.",
    ];
    let t = time::OffsetDateTime::from_unix_timestamp(unix).unwrap_or_else(|e| panic!("{e}"));
    format!(
        "{}. {} {}, {:02}:{:02} UTC",
        t.day(),
        MONTHS[usize::from(u8::from(t.month())) - 1],
        t.year(),
        t.hour(),
        t.minute()
    )
}

/// Signs up `email` from a browser asking for `lang`, proves the address with the emailed
/// link (in whatever language) and signs in.
async fn user_in(app: &TestApp, email: &str, lang: &str) -> User {
    let created = app
        .send(
            app.http
                .post(app.url("/api/v1/accounts"))
                .header("accept-language", lang)
                .json(&json!({"email": email, "password": PASSWORD})),
        )
        .await;
    let id = str_of(&created.assert_status(201)["id"]);
    let mail = wait_for_emails(app, email, &["/accounts/verify?token="], 1).await;
    let token: String = mail[0]
        .split_once("/accounts/verify?token=")
        .map(|(_, rest)| rest)
        .unwrap_or_default()
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    app.post("/api/v1/accounts/verify", None, json!({"token": token}))
        .await
        .assert_status(200);
    let session = app.sign_in(email, PASSWORD).await;
    User {
        id,
        email: email.to_owned(),
        token: str_of(&session.assert_status(201)["token"]),
    }
}

fn has(mail: &str, words: &[&str]) {
    for w in words {
        assert!(mail.contains(w), "{w:?} missing: {mail}");
    }
}

async fn a_french_account_gets_its_link_and_its_notices_in_french(app: TestApp) {
    let amelie = user_in(&app, "amelie@example.org", "fr-CH, fr;q=0.9, en;q=0.5").await;
    let link = emails_to(&app, &amelie.email, &["/accounts/verify?token="]);
    has(
        &link[0],
        &[
            "Bonjour,",
            "Quelqu’un s’est inscrit sur twofold avec cette adresse le ",
            &fr_day(app.clock.now()),
            "au bout de 7 jours",
        ],
    );
    assert!(!link[0].contains("Hello,"), "{}", link[0]);

    // A security notice, whatever language the request asks for: the account's.
    enroll_totp_with(&app, &amelie.token, "Téléphone").await;
    let notice = wait_for_emails(
        &app,
        &amelie.email,
        &["Un second facteur a été ajouté à votre compte twofold"],
        1,
    )
    .await;
    has(
        &notice[0],
        &[
            "application d’authentification « Téléphone »",
            &format!("Date : {}", fr_day(app.clock.now())),
            "Si c’était vous, vous n’avez rien à faire.",
        ],
    );

    // An English account still gets English.
    let bob = user_in(&app, "bob@example.org", "en").await;
    enroll_totp_with(&app, &bob.token, "Phone").await;
    let notice = wait_for_emails(
        &app,
        &bob.email,
        &["Subject: A two-factor method was added to your account"],
        1,
    )
    .await;
    has(
        &notice[0],
        &[
            "A second factor was added to your twofold account: authenticator app \"Phone\".",
            "When: ",
        ],
    );
}

async fn an_invitation_to_a_new_address_speaks_the_inviters_language(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    let org = app.org(&ann, "Acme").await;
    let invite = |to: &'static str, lang: &'static str| {
        app.send(
            app.http
                .post(app.url(&format!("/api/v1/orgs/{org}/invitations")))
                .bearer_auth(&ann.token)
                .header("accept-language", lang)
                .json(&json!({"email": to, "role": "member"})),
        )
    };
    invite("newcomer@example.org", "fr")
        .await
        .assert_status(201);
    let mail = wait_for_emails(&app, "newcomer@example.org", &["/invitations/"], 1).await;
    has(
        &mail[0],
        &[
            "Bonjour,",
            "La personne nommée \"ann\" vous invite à rejoindre l’organisation \
             \"Acme\" avec le rôle membre.",
            "Acceptez l’invitation ici :",
            "L’invitation expire le ",
        ],
    );
    // An account's own language wins over the inviter's.
    user_in(&app, "dieter@example.org", "de").await;
    invite("dieter@example.org", "fr").await.assert_status(201);
    let mail = wait_for_emails(&app, "dieter@example.org", &["/invitations/"], 1).await;
    has(
        &mail[0],
        &["Die Person mit dem Namen", "mit der Rolle Mitglied"],
    );
}

async fn reminders(app: &TestApp, org: &str, token: &str) -> Res {
    app.call(
        Method::POST,
        &format!("/api/v1/orgs/{org}/mfa-reminders"),
        Some(token),
        Some(json!({})),
    )
    .await
}

async fn a_german_account_gets_its_reminders_in_german(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    enroll_totp(&app, &ann).await;
    let org = app.org(&ann, "Acme").await;
    let dieter = user_in(&app, "dieter@example.org", "de-CH").await;
    app.add_member(&org, &ann, &dieter, "member", false).await;
    let bob = join(&app, &org, &ann, "bob@example.org", "member", false).await;

    // A manager's reminder: each member in their own language, once.
    let res = reminders(&app, &org, &ann.token).await;
    assert_eq!(res.assert_status(202)["queued"], 2, "{}", res.text);
    const DE: &str = "Subject: Erinnerung: \"Acme\" bittet Sie";
    const EN: &str = "Subject: Reminder: \"Acme\" asks you to set up";
    let mail = wait_for_emails(&app, &dieter.email, &[DE], 1).await;
    has(
        &mail[0],
        &[
            "Guten Tag",
            "Die Organisation \"Acme\" bittet ihre Mitglieder",
            "Das dauert zwei Minuten.",
            "/account/security",
        ],
    );
    wait_for_emails(&app, &bob.email, &[EN], 1).await;
    let res = reminders(&app, &org, &ann.token).await;
    assert_eq!(res.assert_status(202)["queued"], 0, "{}", res.text);

    // The background jobs: the announcement, then the reminder a week before the deadline.
    let deadline = app.clock.now() + 3 * 86_400;
    let policy = json!({"enforced": true, "confirm": "ENFORCE",
                        "enforce_from": crate::helpers::rfc3339_at(deadline)});
    put_policy(&app, &org, &ann.token, policy)
        .await
        .assert_status(200);
    let announced = "Subject: \"Acme\" verlangt die Zwei-Faktor-Authentifizierung";
    let mail = wait_for_emails(&app, &dieter.email, &[announced], 1).await;
    has(
        &mail[0],
        &[&format!(
            "ab dem {} von ihren Mitgliedern",
            de_moment(deadline)
        )],
    );
    wait_for_emails(
        &app,
        &bob.email,
        &["Subject: \"Acme\" requires two-factor authentication"],
        1,
    )
    .await;

    // Twelve hours ahead: the reminder the day before, in each one's language.
    let soon = app.clock.now() + 43_200;
    let policy = json!({"enforced": true, "enforce_from": crate::helpers::rfc3339_at(soon)});
    put_policy(&app, &org, &ann.token, policy)
        .await
        .assert_status(200);
    let before = format!("Bitte richten Sie sie vor dem {} ein", de_moment(soon));
    let reminded = "Subject: Erinnerung: \"Acme\" verlangt";
    wait_for_emails(&app, &dieter.email, &[reminded, &before], 1).await;
    let before = format!("Please set it up before {}", email_day(soon));
    wait_for_emails(
        &app,
        &bob.email,
        &["Subject: Reminder: \"Acme\" requires", &before],
        1,
    )
    .await;
    let node = app.node().await;
    node.run_jobs().await;
    node.drain_outbox().await;
    for (who, subjects) in [
        (&dieter.email, [DE, announced, reminded]),
        (
            &bob.email,
            [
                EN,
                "Subject: \"Acme\" requires two-factor",
                "Subject: Reminder: \"Acme\" requires",
            ],
        ),
    ] {
        for subject in subjects {
            assert_eq!(
                emails_to(&app, who, &[subject]).len(),
                1,
                "{who}: {subject}"
            );
        }
        // Nobody gets the other language's.
        let other = if who == &dieter.email {
            "Hello,"
        } else {
            "Guten Tag"
        };
        assert!(emails_to(&app, who, &[other]).is_empty(), "{who}: {other}");
    }
}
