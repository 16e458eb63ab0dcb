//! Where am I signed in (issue 16): the account's sessions, the current one marked and each
//! named by its browser; ending one, or every other, stops those tokens at once and nobody
//! else's.

use reqwest::Method;
use serde_json::{Value, json};

use crate::backend_tests;
use crate::csrf::{csrf_field, form_body};
use crate::helpers::{PASSWORD, Res, TestApp, User, str_of};

backend_tests!(
    the_list_marks_the_current_session_and_names_each_browser,
    ending_a_session_stops_its_token_and_only_the_holders_own,
    ending_every_other_session_keeps_this_one,
    the_console_page_lists_sessions_and_signs_one_out,
);

const FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";

/// Signs `email` in with this User-Agent; the session's token.
async fn sign_in_as(app: &TestApp, email: &str, user_agent: &str) -> String {
    let req = app
        .http
        .post(app.url("/api/v1/sessions"))
        .header("user-agent", user_agent)
        .json(&json!({"email": email, "password": PASSWORD}));
    str_of(&app.send(req).await.assert_status(201)["token"])
}

async fn list(app: &TestApp, token: &str) -> Vec<Value> {
    let res = app.get("/api/v1/me/sessions", token).await;
    res.assert_status(200)["sessions"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

async fn end(app: &TestApp, token: &str, id: &str) -> Res {
    let path = format!("/api/v1/me/sessions/{id}");
    app.call(Method::DELETE, &path, Some(token), None).await
}

/// The id of the session `token` is, as the list of `viewer` shows it.
async fn id_of(app: &TestApp, token: &str) -> String {
    let sessions = list(app, token).await;
    let current = sessions.iter().find(|s| s["current"] == true);
    str_of(&current.unwrap_or_else(|| panic!("no current session in {sessions:?}"))["id"])
}

async fn me_status(app: &TestApp, token: &str) -> u16 {
    app.get("/api/v1/me", token).await.status.as_u16()
}

async fn the_list_marks_the_current_session_and_names_each_browser(app: TestApp) {
    let ann: User = app.user("ann@example.org").await;
    let firefox = sign_in_as(&app, &ann.email, FIREFOX).await;
    let curl = sign_in_as(&app, &ann.email, "curl/8.5.0").await;
    // Someone else's sessions never show.
    app.user("bob@example.org").await;

    let sessions = list(&app, &firefox).await;
    assert_eq!(sessions.len(), 3, "{sessions:?}");
    let current: Vec<&Value> = sessions.iter().filter(|s| s["current"] == true).collect();
    assert_eq!(current.len(), 1, "{sessions:?}");
    assert_eq!(current[0]["browser"], "Firefox on Linux");
    assert_eq!(current[0]["client"], "web");
    assert_eq!(current[0]["ip"], "127.0.0.1");
    for key in ["id", "created_at", "last_seen_at"] {
        assert!(current[0][key].is_string(), "{key} in {}", current[0]);
    }
    assert!(
        sessions
            .iter()
            .any(|s| s["browser"] == "curl" && s["current"] == false),
        "{sessions:?}"
    );
    // Asked with the other token, the other one is current.
    let from_curl = list(&app, &curl).await;
    let current = from_curl.iter().find(|s| s["current"] == true);
    assert_eq!(current.map(|s| s["browser"].clone()), Some(json!("curl")));
    // Without a session: 401.
    app.get("/api/v1/me/sessions", "not-a-token")
        .await
        .assert_problem(401, "unauthenticated");
}

async fn ending_a_session_stops_its_token_and_only_the_holders_own(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    let laptop = sign_in_as(&app, &ann.email, FIREFOX).await;
    let laptop_id = id_of(&app, &laptop).await;
    let bob = app.user("bob@example.org").await;
    let bob_id = id_of(&app, &bob.token).await;

    // Another account's session, an id that is no session, a malformed one: 404 alike.
    end(&app, &ann.token, &bob_id)
        .await
        .assert_problem(404, "not_found");
    assert_eq!(me_status(&app, &bob.token).await, 200, "Bob is still in");
    end(&app, &ann.token, "0190f000-0000-7000-8000-000000000001")
        .await
        .assert_problem(404, "not_found");
    end(&app, &ann.token, "nope")
        .await
        .assert_problem(404, "not_found");

    assert_eq!(me_status(&app, &laptop).await, 200);
    end(&app, &ann.token, &laptop_id).await.assert_status(204);
    assert_eq!(
        me_status(&app, &laptop).await,
        401,
        "its token stops at once"
    );
    assert_eq!(
        me_status(&app, &ann.token).await,
        200,
        "the asking one stays"
    );
    end(&app, &ann.token, &laptop_id)
        .await
        .assert_problem(404, "not_found");
    let left: Vec<String> = list(&app, &ann.token)
        .await
        .iter()
        .map(|s| str_of(&s["id"]))
        .collect();
    assert!(!left.contains(&laptop_id), "{left:?}");

    // Ending the asking session itself is signing out.
    let own = id_of(&app, &ann.token).await;
    end(&app, &ann.token, &own).await.assert_status(204);
    assert_eq!(me_status(&app, &ann.token).await, 401);
}

async fn ending_every_other_session_keeps_this_one(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    let phone = sign_in_as(&app, &ann.email, "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1").await;
    let laptop = sign_in_as(&app, &ann.email, FIREFOX).await;
    let bob = app.user("bob@example.org").await;
    assert_eq!(list(&app, &ann.token).await.len(), 3);

    let res = app
        .call(
            Method::DELETE,
            "/api/v1/me/sessions",
            Some(&ann.token),
            None,
        )
        .await;
    res.assert_status(204);
    assert_eq!(me_status(&app, &phone).await, 401);
    assert_eq!(me_status(&app, &laptop).await, 401);
    assert_eq!(me_status(&app, &ann.token).await, 200);
    assert_eq!(me_status(&app, &bob.token).await, 200, "nobody else's");
    let left = list(&app, &ann.token).await;
    assert_eq!(left.len(), 1, "{left:?}");
    assert_eq!(left[0]["current"], true);
    // Again, with nothing left to end: still 204.
    app.call(
        Method::DELETE,
        "/api/v1/me/sessions",
        Some(&ann.token),
        None,
    )
    .await
    .assert_status(204);
}

async fn the_console_page_lists_sessions_and_signs_one_out(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    let laptop = sign_in_as(&app, &ann.email, FIREFOX).await;
    let laptop_id = id_of(&app, &laptop).await;
    let cookie = format!("twofold_session={}", ann.token);
    let page = app
        .send(
            app.http
                .get(app.url("/account/sessions"))
                .header("cookie", &cookie),
        )
        .await;
    assert_eq!(page.status.as_u16(), 200, "{}", page.text);
    assert!(page.text.contains("Firefox on Linux"), "{}", page.text);
    assert!(page.text.contains("(this browser)"), "{}", page.text);
    assert!(
        page.text
            .contains(&format!("/account/sessions/{laptop_id}/end"))
    );
    let csrf = csrf_field(&page.text);

    let post = |path: String, fields: Vec<(&'static str, String)>| {
        let body = form_body(
            &fields
                .iter()
                .map(|(k, v)| (*k, v.as_str()))
                .collect::<Vec<_>>(),
        );
        app.http
            .post(app.url(&path))
            .header("cookie", &cookie)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
    };
    // Without the form's token nothing ends.
    let forged = app
        .send(post(format!("/account/sessions/{laptop_id}/end"), vec![]))
        .await;
    assert_eq!(forged.status.as_u16(), 403, "{}", forged.text);
    assert_eq!(me_status(&app, &laptop).await, 200);

    let ended = app
        .send(post(
            format!("/account/sessions/{laptop_id}/end"),
            vec![("csrf", csrf.clone())],
        ))
        .await;
    assert_eq!(ended.status.as_u16(), 303, "{}", ended.text);
    assert_eq!(
        ended.headers.get("location").and_then(|v| v.to_str().ok()),
        Some("/account/sessions?flash=ended")
    );
    assert_eq!(me_status(&app, &laptop).await, 401);

    let phone = sign_in_as(&app, &ann.email, "curl/8.5.0").await;
    let all = app
        .send(post(
            "/account/sessions/end-others".into(),
            vec![("csrf", csrf)],
        ))
        .await;
    assert_eq!(all.status.as_u16(), 303, "{}", all.text);
    assert_eq!(me_status(&app, &phone).await, 401);
    assert_eq!(me_status(&app, &ann.token).await, 200);
}
