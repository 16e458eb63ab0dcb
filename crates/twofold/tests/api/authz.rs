//! The authorization matrix: every role, and an outsider, against every admin route.

use reqwest::Method;
use serde_json::json;

use crate::backend_tests;
use crate::helpers::{TestApp, User};

backend_tests!(each_role_gets_the_answer_the_contract_gives_on_every_admin_route);

#[derive(Clone, Copy, Debug)]
enum Expect {
    Allowed,
    Forbidden,
    NotFound,
}

async fn each_role_gets_the_answer_the_contract_gives_on_every_admin_route(app: TestApp) {
    let owner = app.user("owner@example.org").await;
    let org = app.org(&owner, "Acme").await;
    let mut callers: Vec<(&str, User, Expect)> = vec![("owner", owner.clone(), Expect::Allowed)];
    for (role, expect) in [
        ("legal_representative", Expect::Allowed),
        ("admin", Expect::Allowed),
        ("member", Expect::Forbidden),
    ] {
        let u = app.user(&format!("{role}@example.org")).await;
        app.add_member(&org, &owner, &u, role, false).await;
        callers.push((role, u, Expect::Allowed));
        if let Some(last) = callers.last_mut() {
            last.2 = expect;
        }
    }
    callers.push((
        "outsider",
        app.user("outsider@example.org").await,
        Expect::NotFound,
    ));

    for (role, caller, expect) in &callers {
        // A fresh member for this caller to act on, so rows do not depend on each other.
        let target = app.user(&format!("target-{role}@example.org")).await;
        app.add_member(&org, &owner, &target, "member", false).await;

        let routes: Vec<(Method, String, Option<serde_json::Value>)> = vec![
            (Method::GET, format!("/api/v1/orgs/{org}/members"), None),
            (Method::GET, format!("/api/v1/orgs/{org}/audit"), None),
            (
                Method::POST,
                format!("/api/v1/orgs/{org}/invitations"),
                Some(json!({"email": format!("invitee-{role}@example.org"), "role": "member"})),
            ),
            (
                Method::PATCH,
                format!("/api/v1/orgs/{org}/members/{}", target.id),
                Some(json!({"role": "admin"})),
            ),
            (
                Method::DELETE,
                format!("/api/v1/orgs/{org}/members/{}", target.id),
                None,
            ),
        ];
        for (method, path, body) in routes {
            let res = app
                .call(method.clone(), &path, Some(&caller.token), body)
                .await;
            match expect {
                Expect::Allowed => assert!(
                    res.status.is_success(),
                    "{role} {method} {path}: {} {}",
                    res.status,
                    res.text
                ),
                Expect::Forbidden => res.assert_problem(403, "forbidden"),
                Expect::NotFound => res.assert_problem(404, "not_found"),
            }
        }
        // Every member, whatever the role, may read the organization itself.
        let view = app.get(&format!("/api/v1/orgs/{org}"), &caller.token).await;
        match expect {
            Expect::NotFound => view.assert_problem(404, "not_found"),
            _ => {
                view.assert_status(200);
            }
        }
    }
}
