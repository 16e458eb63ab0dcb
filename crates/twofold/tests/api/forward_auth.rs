//! Forward-auth (`GET /api/v1/forward-auth`) and its sign-in entry (`/forward-auth/sign-in`),
//! as a reverse proxy and a browser use them: who passes and with which headers, who gets 401
//! or 403, which links the entry follows, the walk through sign-in, the second step and the
//! setup an organization requires back to the app, and the redirect mode of Traefik and Caddy.
//! The same, through a real nginx, is in `forward_auth_nginx.rs`.

use std::collections::BTreeSet;
use std::sync::Arc;

use reqwest::Method;
use serde_json::json;

use crate::csrf::{csrf_field, form_body};
use crate::helpers::{
    PASSWORD, Res, TestApp, User, enroll_totp, join, put_policy, set_cookie_value, sign_in_pending,
    str_of,
};
use crate::{backend_tests, backend_tests_with};

backend_tests_with!(&crate::forward_auth::HOSTS_ENV;
    a_signed_in_member_passes_with_who_they_are,
    without_a_browser_session_the_answer_is_401,
    a_member_an_enforcing_organization_stops_gets_403_until_they_set_up_2fa,
    the_sign_in_entry_refuses_links_it_may_not_follow,
    the_sign_in_entry_walks_a_person_through_both_steps_and_back,
    a_stopped_member_is_sent_through_setup_and_back,
    redirect_mode_sends_browsers_to_sign_in_only_for_listed_hosts,
    nginx_mode_names_the_sign_in_entry_only_for_listed_hosts,
);

backend_tests!(with_no_host_listed_nothing_is_redirected);

/// The protected apps the test servers list (`forward_auth.allowed_hosts`); the servers are on
/// 127.0.0.1, so they warn that their cookie never reaches these hosts (silenced here).
pub const HOSTS_ENV: [(&str, &str); 2] = [
    (
        "TWOFOLD_FORWARD_AUTH__ALLOWED_HOSTS",
        r#"["app.example.org", "wiki.example.org:8443"]"#,
    ),
    (
        "RUST_LOG",
        "warn,server::clock=error,server::forward_auth=error",
    ),
];

pub const CHECK: &str = "/api/v1/forward-auth";

/// The forward-auth check with `cookie` (a whole `Cookie` header) and more headers.
async fn check(app: &TestApp, cookie: Option<&str>, headers: &[(&str, &str)]) -> Res {
    check_at(app, CHECK, Method::GET, cookie, headers).await
}

async fn check_at(
    app: &TestApp,
    path: &str,
    method: Method,
    cookie: Option<&str>,
    headers: &[(&str, &str)],
) -> Res {
    let mut req = app.http.request(method, app.url(path));
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    for (name, value) in headers {
        req = req.header(*name, *value);
    }
    app.send(req).await
}

fn cookie_of(token: &str) -> String {
    format!("twofold_session={token}")
}

/// A response header as text ("" when missing).
pub fn header(res: &Res, name: &str) -> String {
    res.headers
        .get(name)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .unwrap_or_default()
}

/// Where the answer sends the browser: the `Location` of a redirect (301, 302, 303), or the
/// link of the page a form's answer continues from when it leaves the site (browsers apply CSP
/// `form-action` to the redirects after a form post).
#[track_caller]
pub fn location(res: &Res) -> String {
    if let Some(to) = continues_to(&res.text).filter(|_| res.status.as_u16() == 200) {
        return to;
    }
    assert!(
        res.status.is_redirection(),
        "not a redirect: {} {}",
        res.status,
        res.text
    );
    header(res, "location")
}

/// The link of a "continue" page, unescaped.
pub fn continues_to(html: &str) -> Option<String> {
    let (_, rest) = html.split_once("id=\"continue\" href=\"")?;
    let (href, _) = rest.split_once('"')?;
    Some(unescape(href))
}

/// `s` as a query value, the way twofold writes one (`/` kept).
pub fn escaped(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~/".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The entry's path for `rd`.
pub fn entry(rd: &str) -> String {
    format!("/forward-auth/sign-in?rd={}", escaped(rd))
}

#[track_caller]
fn assert_passes_as(res: &Res, user: &User, name: &str, orgs: &[&str]) {
    assert_eq!(res.status.as_u16(), 200, "{}", res.text);
    assert_eq!(header(res, "remote-user"), user.id);
    assert_eq!(header(res, "remote-email"), user.email);
    assert_eq!(header(res, "remote-name"), name);
    let groups = header(res, "remote-groups");
    let got: BTreeSet<&str> = groups.split(',').filter(|g| !g.is_empty()).collect();
    assert_eq!(
        got,
        orgs.iter().copied().collect::<BTreeSet<_>>(),
        "{groups}"
    );
    assert_eq!(header(res, "cache-control"), "no-store");
}

/// An account created with a name, signed in through the API as a browser.
pub async fn named_user(app: &TestApp, email: &str, name: &str) -> User {
    let created = app
        .post(
            "/api/v1/accounts",
            None,
            json!({"email": email, "password": PASSWORD, "name": name}),
        )
        .await;
    let id = str_of(&created.assert_status(201)["id"]);
    app.verify(email).await;
    let session = app.sign_in(email, PASSWORD).await;
    let token = str_of(&session.assert_status(201)["token"]);
    User {
        id,
        email: email.to_owned(),
        token,
    }
}

async fn a_signed_in_member_passes_with_who_they_are(app: TestApp) {
    let ann = named_user(&app, "ann@example.org", "Ann Lee-Ångström").await;
    let bob = app.user("bob@example.org").await;
    let acme = app.org(&ann, "Acme").await;
    let globex = app.org(&bob, "Globex").await;
    app.add_member(&globex, &bob, &ann, "member", true).await;
    let cookie = cookie_of(&ann.token);
    let res = check(&app, Some(&cookie), &[]).await;
    assert_passes_as(&res, &ann, "Ann Lee-Ångström", &[&acme, &globex]);
    assert!(res.text.is_empty(), "no body: {}", res.text);

    // What the client says about itself changes nothing.
    let spoofed = [
        ("remote-user", "root"),
        ("remote-email", "root@example.org"),
        ("remote-groups", "admins"),
        ("x-forwarded-user", "root"),
    ];
    let res = check(&app, Some(&cookie), &spoofed).await;
    assert_passes_as(&res, &ann, "Ann Lee-Ångström", &[&acme, &globex]);

    // nginx's sub-request keeps the original method; no body is read and no CSRF proof needed.
    for method in [Method::POST, Method::PUT, Method::DELETE, Method::HEAD] {
        let res = app
            .send(
                app.http
                    .request(method.clone(), app.url(CHECK))
                    .header("cookie", &cookie)
                    .header("origin", "https://evil.example")
                    .body("not json at all"),
            )
            .await;
        assert_passes_as(&res, &ann, "Ann Lee-Ångström", &[&acme, &globex]);
    }

    let res = check(&app, Some(&cookie_of(&bob.token)), &[]).await;
    assert_passes_as(&res, &bob, "bob", &[&globex]);
    // A person in no organization passes with no groups.
    let carl = app.user("carl@example.org").await;
    let res = check(&app, Some(&cookie_of(&carl.token)), &[]).await;
    assert_passes_as(&res, &carl, "carl", &[]);
}

async fn without_a_browser_session_the_answer_is_401(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    check(&app, None, &[])
        .await
        .assert_problem(401, "unauthenticated");
    // A bearer token grants nothing here, even a browser session's.
    let res = app.get(CHECK, &ann.token).await;
    res.assert_problem(401, "unauthenticated");
    assert_eq!(header(&res, "remote-user"), "");
    for junk in ["twofold_session=", "twofold_session=AAAA", "other=1"] {
        check(&app, Some(junk), &[])
            .await
            .assert_problem(401, "unauthenticated");
    }
    // An app's or a sync tool's token sent as the cookie is not a browser session.
    for client in ["native", "sync"] {
        let res = app
            .post(
                "/api/v1/sessions",
                None,
                json!({"email": ann.email, "password": PASSWORD, "client": client}),
            )
            .await;
        let token = str_of(&res.assert_status(201)["token"]);
        check(&app, Some(&cookie_of(&token)), &[])
            .await
            .assert_problem(401, "unauthenticated");
    }
    // A sign-in still at the second step (the password only) is signed out here.
    let bob = app.user("bob@example.org").await;
    enroll_totp(&app, &bob).await;
    let pending = sign_in_pending(&app, &bob.email).await;
    check(&app, Some(&cookie_of(&pending)), &[])
        .await
        .assert_problem(401, "unauthenticated");
    // A session that signed out stops passing at once.
    let cookie = cookie_of(&ann.token);
    check(&app, Some(&cookie), &[]).await.assert_status(200);
    app.call(
        Method::DELETE,
        "/api/v1/sessions/current",
        Some(&ann.token),
        None,
    )
    .await
    .assert_status(204);
    check(&app, Some(&cookie), &[])
        .await
        .assert_problem(401, "unauthenticated");
}

/// An owner with 2FA, their organization enforcing it, and a member without: `(owner, member,
/// org)`. The member's session is a browser's that the organization stops.
pub async fn stopped_member(app: &TestApp) -> (User, User, String) {
    let olga = app.user("olga@example.org").await;
    enroll_totp(app, &olga).await;
    let org = app.org(&olga, "Acme").await;
    let adam = join(app, &org, &olga, "adam@example.org", "member", false).await;
    put_policy(
        app,
        &org,
        &olga.token,
        json!({"enforced": true, "confirm": "ENFORCE"}),
    )
    .await
    .assert_status(200);
    (olga, adam, org)
}

async fn a_member_an_enforcing_organization_stops_gets_403_until_they_set_up_2fa(app: TestApp) {
    let (olga, adam, org) = stopped_member(&app).await;
    let cookie = cookie_of(&adam.token);
    let res = check(&app, Some(&cookie), &[]).await;
    res.assert_problem(403, "mfa_setup_required");
    assert_eq!(res.body["organizations"][0]["org_id"], org.as_str());
    assert_eq!(header(&res, "remote-user"), "");
    // The owner, with 2FA, passes.
    let res = check(&app, Some(&cookie_of(&olga.token)), &[]).await;
    assert_passes_as(&res, &olga, "olga", &[&org]);
    // Once the member has a second factor, the same browser passes.
    enroll_totp(&app, &adam).await;
    let res = check(&app, Some(&cookie), &[]).await;
    assert_passes_as(&res, &adam, "adam", &[&org]);
}

/// A refusal page: 400, no redirect.
#[track_caller]
fn assert_refused_link(res: &Res, what: &str) {
    assert_eq!(res.status.as_u16(), 400, "{what}: {}", res.text);
    assert_eq!(header(res, "location"), "", "{what}");
    assert!(
        res.text.contains("This link cannot be followed"),
        "{what}: {}",
        res.text
    );
}

async fn the_sign_in_entry_refuses_links_it_may_not_follow(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    let bad = [
        "https://evil.example/",
        "https://app.example.org.evil.example/",
        "https://app.example.org:444/",
        "https://wiki.example.org/",
        "https://user:pw@app.example.org/",
        "https://evil.example@app.example.org/",
        "javascript:alert(document.cookie)",
        "JavaScript://app.example.org/%0aalert(1)",
        "data:text/html,<script>alert(1)</script>",
        "//app.example.org/",
        "/account/security",
        "",
    ];
    for signed_in in [false, true] {
        let cookie = cookie_of(&ann.token);
        let cookie = signed_in.then_some(cookie.as_str());
        for rd in bad {
            let res = check_at(&app, &entry(rd), Method::GET, cookie, &[]).await;
            assert_refused_link(&res, rd);
        }
        for raw in [
            "/forward-auth/sign-in",
            "/forward-auth/sign-in?rd=https%3A%2F%2Fapp.example.org%2F%0A.evil.example",
            "/forward-auth/sign-in?rd=https://app.example.org/&rd=https://evil.example/",
        ] {
            let res = check_at(&app, raw, Method::GET, cookie, &[]).await;
            assert_refused_link(&res, raw);
        }
    }
    // Listed ones are followed for a browser that may pass.
    let cookie = cookie_of(&ann.token);
    for rd in [
        "https://app.example.org/",
        "http://app.example.org/a?b=1&c=%2F",
        "https://wiki.example.org:8443/page#top",
    ] {
        let res = check_at(&app, &entry(rd), Method::GET, Some(&cookie), &[]).await;
        assert_eq!(res.status.as_u16(), 302, "{rd}: {}", res.text);
        assert_eq!(location(&res), rd);
    }
}

/// A browser: one cookie jar for every host and port (as browsers keep cookies: by host, not
/// port), following no redirect by itself.
pub struct Browser {
    pub http: reqwest::Client,
    pub jar: Arc<reqwest::cookie::Jar>,
}

impl Default for Browser {
    fn default() -> Self {
        let jar = Arc::new(reqwest::cookie::Jar::default());
        let http = reqwest::Client::builder()
            .cookie_provider(Arc::clone(&jar))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap_or_else(|e| panic!("{e}"));
        Self { http, jar }
    }
}

impl Browser {
    /// A browser holding `user`'s session (signed in through the API as a browser).
    pub fn signed_in_as(app: &TestApp, user: &User) -> Self {
        let browser = Self::default();
        let url = reqwest::Url::parse(&app.url("/")).unwrap_or_else(|e| panic!("{e}"));
        browser
            .jar
            .add_cookie_str(&format!("{}; Path=/", cookie_of(&user.token)), &url);
        browser
    }

    pub async fn get(&self, app: &TestApp, url: &str) -> Res {
        app.send(self.http.get(url)).await
    }

    pub async fn post_form(&self, app: &TestApp, url: &str, fields: &[(&str, &str)]) -> Res {
        app.send(
            self.http
                .post(url)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(form_body(fields)),
        )
        .await
    }

    /// Follows `res`'s redirect (a path on `app`, or an absolute URL).
    pub async fn follow(&self, app: &TestApp, res: &Res) -> Res {
        let to = location(res);
        let url = if to.starts_with('/') {
            app.url(&to)
        } else {
            to
        };
        self.get(app, &url).await
    }
}

/// HTML text as written (askama escapes `& < > " '`).
fn unescape(s: &str) -> String {
    s.replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x2f;", "/")
        .replace("&#38;", "&")
        .replace("&amp;", "&")
}

/// The hidden fields of the form posting to `action`.
pub fn hidden_fields(html: &str, action: &str) -> Vec<(String, String)> {
    let start = html
        .find(&format!("action=\"{action}\""))
        .unwrap_or_else(|| panic!("no form to {action}: {html}"));
    let form = &html[start..];
    let form = &form[..form.find("</form>").unwrap_or(form.len())];
    form.split("<input type=\"hidden\" name=\"")
        .skip(1)
        .filter_map(|rest| {
            let (name, rest) = rest.split_once('"')?;
            let value = rest.split_once("value=\"")?.1.split_once('"')?.0;
            Some((name.to_owned(), unescape(value)))
        })
        .collect()
}

fn field<'a>(fields: &'a [(String, String)], name: &str) -> &'a str {
    fields
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no field {name} in {fields:?}"))
}

/// `href` of the first link whose target starts with `prefix`.
pub fn link_starting(html: &str, prefix: &str) -> String {
    let at = html
        .find(&format!("href=\"{prefix}"))
        .unwrap_or_else(|| panic!("no link to {prefix}: {html}"));
    let rest = &html[at + "href=\"".len()..];
    unescape(&rest[..rest.find('"').unwrap_or(rest.len())])
}

/// Signs in through the sign-in page a redirect to `/sign-in?next=…` led to; returns the
/// form's answer.
pub async fn sign_in_on_the_page(app: &TestApp, b: &Browser, page: &Res, email: &str) -> Res {
    assert_eq!(page.status.as_u16(), 200, "{}", page.text);
    let fields = hidden_fields(&page.text, "/sign-in");
    let csrf = csrf_field(&page.text);
    b.post_form(
        app,
        &app.url("/sign-in"),
        &[
            ("csrf", &csrf),
            ("next", field(&fields, "next")),
            ("email", email),
            ("password", PASSWORD),
        ],
    )
    .await
}

async fn the_sign_in_entry_walks_a_person_through_both_steps_and_back(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    let mut totp = enroll_totp(&app, &ann).await.totp;
    let rd = "https://app.example.org/wiki?page=Start&lang=en";
    let b = Browser::default();

    let res = b.get(&app, &app.url(&entry(rd))).await;
    assert_eq!(
        location(&res),
        format!("/sign-in?next={}", escaped(&entry(rd)))
    );
    let page = b.follow(&app, &res).await;
    let res = sign_in_on_the_page(&app, &b, &page, &ann.email).await;
    assert!(set_cookie_value(&res, "twofold_session").is_some());
    let to = location(&res);
    assert_eq!(
        to,
        format!("/sign-in/second-step?next={}", escaped(&entry(rd)))
    );
    // At the second step the entry still sends nowhere but the second step.
    let again = b.get(&app, &app.url(&entry(rd))).await;
    assert!(location(&again).starts_with("/sign-in/second-step?next="));
    app.send(b.http.get(app.url(CHECK)))
        .await
        .assert_problem(401, "unauthenticated");

    let page = b.follow(&app, &res).await;
    assert_eq!(page.status.as_u16(), 200, "{}", page.text);
    let fields = hidden_fields(&page.text, "/sign-in/second-step");
    let code = totp.fresh();
    let res = b
        .post_form(
            &app,
            &app.url("/sign-in/second-step"),
            &[
                ("csrf", field(&fields, "csrf")),
                ("next", field(&fields, "next")),
                ("kind", field(&fields, "kind")),
                ("method_id", field(&fields, "method_id")),
                ("code", &code),
            ],
        )
        .await;
    assert_eq!(location(&res), entry(rd));
    let res = b.follow(&app, &res).await;
    assert_eq!(res.status.as_u16(), 302, "{}", res.text);
    assert_eq!(location(&res), rd);
    // The browser's session now passes the check.
    let res = app.send(b.http.get(app.url(CHECK))).await;
    assert_eq!(header(&res, "remote-user"), ann.id);
}

async fn a_stopped_member_is_sent_through_setup_and_back(app: TestApp) {
    let (_, adam, org) = stopped_member(&app).await;
    let rd = "https://wiki.example.org:8443/page?id=7";
    let b = Browser::signed_in_as(&app, &adam);

    let res = b.get(&app, &app.url(&entry(rd))).await;
    let back = escaped(&entry(rd));
    assert_eq!(location(&res), format!("/setup-required?next={back}"));
    let page = b.follow(&app, &res).await;
    assert_eq!(page.status.as_u16(), 200, "{}", page.text);
    assert!(page.text.contains("Acme"), "{}", page.text);
    let security = link_starting(&page.text, "/account/security?next=");
    assert_eq!(security, format!("/account/security?next={back}"));

    let page = b.get(&app, &app.url(&security)).await;
    assert_eq!(page.status.as_u16(), 200, "{}", page.text);
    let fields = hidden_fields(&page.text, "/account/security/totp");
    assert_eq!(field(&fields, "next"), entry(rd));
    let setup = b
        .post_form(
            &app,
            &app.url("/account/security/totp"),
            &[
                ("csrf", field(&fields, "csrf")),
                ("next", field(&fields, "next")),
                ("label", "Phone"),
            ],
        )
        .await;
    assert_eq!(setup.status.as_u16(), 200, "{}", setup.text);
    let action = link_like_action(&setup.text, "/account/security/totp/");
    let fields = hidden_fields(&setup.text, &action);
    let code = app.totp(field(&fields, "secret")).fresh();
    let done = b
        .post_form(
            &app,
            &app.url(&action),
            &[
                ("csrf", field(&fields, "csrf")),
                ("next", field(&fields, "next")),
                ("secret", field(&fields, "secret")),
                ("label", field(&fields, "label")),
                ("code", &code),
            ],
        )
        .await;
    // The first method shows the recovery codes, then continues to the entry.
    assert_eq!(done.status.as_u16(), 200, "{}", done.text);
    let next = link_starting(&done.text, "/forward-auth/sign-in?");
    assert_eq!(next, entry(rd));
    let res = b.get(&app, &app.url(&next)).await;
    assert_eq!(res.status.as_u16(), 302, "{}", res.text);
    assert_eq!(location(&res), rd);
    let res = app.send(b.http.get(app.url(CHECK))).await;
    assert_passes_as(&res, &adam, "adam", &[&org]);
}

/// The `action` of the form whose action starts with `prefix`.
fn link_like_action(html: &str, prefix: &str) -> String {
    let at = html
        .find(&format!("action=\"{prefix}"))
        .unwrap_or_else(|| panic!("no form to {prefix}: {html}"));
    let rest = &html[at + "action=\"".len()..];
    rest[..rest.find('"').unwrap_or(rest.len())].to_owned()
}

/// The headers Traefik's ForwardAuth (or Caddy's forward_auth) sends for a request to `host`.
fn forwarded<'a>(host: &'a str, uri: &'a str) -> [(&'a str, &'a str); 4] {
    [
        ("x-forwarded-proto", "https"),
        ("x-forwarded-host", host),
        ("x-forwarded-uri", uri),
        ("x-forwarded-method", "GET"),
    ]
}

async fn redirect_mode_sends_browsers_to_sign_in_only_for_listed_hosts(app: TestApp) {
    let redirect = format!("{CHECK}?redirect=1");
    let uri = "/docs/a%20b?x=1&y=%2F";
    let rd = "https://app.example.org/docs/a%20b?x=1&y=%2F";
    let want = app.url(&entry(rd));
    let (olga, adam, org) = stopped_member(&app).await;
    let bob = app.user("bob@example.org").await;
    enroll_totp(&app, &bob).await;
    let pending = sign_in_pending(&app, &bob.email).await;

    // Signed out, at the second step, stopped: 302 to the entry, which comes back to the app.
    for (who, cookie) in [
        ("signed out", None),
        ("pending", Some(cookie_of(&pending))),
        ("stopped", Some(cookie_of(&adam.token))),
    ] {
        let res = check_at(
            &app,
            &redirect,
            Method::GET,
            cookie.as_deref(),
            &forwarded("app.example.org", uri),
        )
        .await;
        assert_eq!(res.status.as_u16(), 302, "{who}: {}", res.text);
        assert_eq!(location(&res), want, "{who}");
        assert_eq!(header(&res, "cache-control"), "no-store");
        assert_eq!(header(&res, "remote-user"), "", "{who}");
    }
    let sent = check_at(
        &app,
        &redirect,
        Method::GET,
        None,
        &forwarded("app.example.org", uri),
    )
    .await;
    let res = Browser::default().follow(&app, &sent).await;
    assert!(location(&res).starts_with("/sign-in?next=/forward-auth/sign-in"));

    // Who may pass passes, in redirect mode too.
    let res = check_at(
        &app,
        &redirect,
        Method::GET,
        Some(&cookie_of(&olga.token)),
        &forwarded("app.example.org", uri),
    )
    .await;
    assert_passes_as(&res, &olga, "olga", &[&org]);

    // An unlisted host, or none, or a bad scheme: a plain 401 or 403, never a redirect.
    for headers in [
        forwarded("evil.example", uri).to_vec(),
        forwarded("app.example.org:444", uri).to_vec(),
        forwarded("app.example.org", "//evil.example/").to_vec(),
        vec![("x-forwarded-host", "app.example.org")],
        vec![
            ("x-forwarded-proto", "javascript"),
            ("x-forwarded-host", "app.example.org"),
        ],
        Vec::new(),
    ] {
        let res = check_at(&app, &redirect, Method::GET, None, &headers).await;
        res.assert_problem(401, "unauthenticated");
        assert_eq!(header(&res, "location"), "", "{headers:?}");
        let res = check_at(
            &app,
            &redirect,
            Method::GET,
            Some(&cookie_of(&adam.token)),
            &headers,
        )
        .await;
        res.assert_problem(403, "mfa_setup_required");
        assert_eq!(header(&res, "location"), "", "{headers:?}");
    }

    // Without `redirect=1` in the URL the proxy was configured with, a client's own
    // X-Forwarded-* headers do not switch a proxy like nginx to redirects.
    let res = check(&app, None, &forwarded("app.example.org", uri)).await;
    res.assert_problem(401, "unauthenticated");
}

async fn nginx_mode_names_the_sign_in_entry_only_for_listed_hosts(app: TestApp) {
    let (_, adam, _) = stopped_member(&app).await;
    let rd = "http://app.example.org/a?b=1&c=2";
    for cookie in [None, Some(cookie_of(&adam.token))] {
        let res = check(&app, cookie.as_deref(), &[("x-original-url", rd)]).await;
        let status = if cookie.is_some() { 403 } else { 401 };
        assert_eq!(res.status.as_u16(), status, "{}", res.text);
        assert_eq!(header(&res, "location"), app.url(&entry(rd)));
        for bad in [
            "http://evil.example/",
            "javascript:alert(1)",
            "http://u@app.example.org/",
        ] {
            let res = check(&app, cookie.as_deref(), &[("x-original-url", bad)]).await;
            assert_eq!(res.status.as_u16(), status, "{}", res.text);
            assert_eq!(header(&res, "location"), "", "{bad}");
        }
    }
}

async fn with_no_host_listed_nothing_is_redirected(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    let res = check_at(
        &app,
        &entry("https://app.example.org/"),
        Method::GET,
        Some(&cookie_of(&ann.token)),
        &[],
    )
    .await;
    assert_refused_link(&res, "no host listed");
    let res = check_at(
        &app,
        &format!("{CHECK}?redirect=1"),
        Method::GET,
        None,
        &forwarded("app.example.org", "/"),
    )
    .await;
    res.assert_problem(401, "unauthenticated");
    assert_eq!(header(&res, "location"), "");
    let res = check(
        &app,
        None,
        &[("x-original-url", "https://app.example.org/")],
    )
    .await;
    assert_eq!(header(&res, "location"), "");
    // The check itself works without any host listed (nginx's auth_request alone).
    check(&app, Some(&cookie_of(&ann.token)), &[])
        .await
        .assert_status(200);
}
