//! Forward-auth behind a real reverse proxy: Debian's nginx (`auth_request`), started by the
//! test with a configuration of its own in a temporary directory, in front of a tiny app that
//! answers with the request headers it received. A member passes and the app sees who they
//! are; a stranger is sent to sign in and comes back; a member the organization stops is sent
//! to set up 2FA; a `Remote-User` the client sends never reaches the app.
//!
//! twofold and nginx both listen on 127.0.0.1 (on different ports) and the browser reaches both
//! as `localhost` (twofold's default public URL there): browsers keep cookies by host, not
//! port, so the browser's twofold session reaches nginx's sub-request, as it does in production
//! when twofold and the apps share a host name.
//!
//! nginx must be installed (`scripts/test.sh` installs it): without it these tests fail.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::backend_tests_on;
use crate::forward_auth::{
    Browser, entry, header, location, named_user, sign_in_on_the_page, stopped_member,
};
use crate::helpers::{Backend, KillOnDrop, Res, TestApp, spawn_app_with};

backend_tests_on!(
    through_nginx_a_member_passes_and_the_app_sees_who_they_are,
    through_nginx_a_stranger_is_sent_to_sign_in_and_comes_back,
    through_nginx_a_member_the_organization_stops_is_sent_to_set_up_2fa,
);

/// The protected site (inside nginx's `http` block); `{PORT}`, `{TWOFOLD}` and `{APP}` are
/// filled in. The protected location is the README's example.
const NGINX_SITE: &str = r#"
    server {
        listen 127.0.0.1:{PORT};

        location / {
            auth_request /_twofold;
            auth_request_set $user $upstream_http_remote_user;
            auth_request_set $email $upstream_http_remote_email;
            auth_request_set $name $upstream_http_remote_name;
            auth_request_set $groups $upstream_http_remote_groups;
            auth_request_set $signin_url $upstream_http_location;
            error_page 401 = @signin;
            error_page 403 = @setup;
            # Always set, so whatever the client sent under these names is dropped.
            proxy_set_header Remote-User $user;
            proxy_set_header Remote-Email $email;
            proxy_set_header Remote-Name $name;
            proxy_set_header Remote-Groups $groups;
            proxy_pass http://{APP};
        }

        location = /_twofold {
            internal;
            proxy_pass http://{TWOFOLD}/api/v1/forward-auth;
            proxy_pass_request_body off;
            proxy_set_header Content-Length "";
            proxy_set_header X-Original-URL $scheme://$http_host$request_uri;
        }

        location @signin {
            if ($signin_url = "") { return 401; }
            return 302 $signin_url;
        }

        location @setup {
            if ($signin_url = "") { return 403; }
            return 302 $signin_url;
        }
    }
"#;

/// What every nginx of the tests shares around its `http` block's `body`: no daemon, one
/// worker, logs and temporary files in `dir`.
pub(crate) fn nginx_conf(dir: &Path, body: &str) -> String {
    let d = dir.display();
    format!(
        "daemon off;\nmaster_process off;\nworker_processes 1;\npid {d}/nginx.pid;\n\
         error_log {d}/error.log warn;\nevents {{ worker_connections 512; }}\n\
         http {{\n    access_log off;\n    client_body_temp_path {d}/body;\n    \
         proxy_temp_path {d}/proxy;\n    fastcgi_temp_path {d}/fastcgi;\n    \
         uwsgi_temp_path {d}/uwsgi;\n    scgi_temp_path {d}/scgi;\n{body}}}\n"
    )
}

/// Writes `conf` into `dir`, starts Debian's nginx on it and waits until it listens on `port`.
pub(crate) fn run_nginx(conf: &str, dir: &Path, port: u16) -> KillOnDrop {
    let conf_path = dir.join("nginx.conf");
    std::fs::write(&conf_path, conf).unwrap_or_else(|e| panic!("{e}"));
    let child = Command::new(nginx_binary())
        .arg("-p")
        .arg(dir)
        .arg("-c")
        .arg(&conf_path)
        .arg("-e")
        .arg(dir.join("error.log"))
        .stdin(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| {
            panic!("cannot start nginx ({e}): install Debian's nginx (scripts/test.sh does)")
        });
    let mut process = KillOnDrop(child);
    wait_until_listening(&mut process, port, dir);
    process
}
/// The nginx binary: Debian's, else one on `PATH`.
fn nginx_binary() -> PathBuf {
    let debian = PathBuf::from("/usr/sbin/nginx");
    if debian.exists() {
        return debian;
    }
    PathBuf::from("nginx")
}

/// A free port on loopback for nginx: twofold must list it before nginx can start, and nginx
/// must know twofold's, so it is picked (and released) first.
pub(crate) fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("{e}"));
    l.local_addr().unwrap_or_else(|e| panic!("{e}")).port()
}

/// A running nginx, stopped when dropped.
struct Nginx {
    port: u16,
    _process: KillOnDrop,
    _dir: tempfile::TempDir,
}

impl Nginx {
    fn start(port: u16, twofold: &str, app: &str) -> Self {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let site = NGINX_SITE
            .replace("{PORT}", &port.to_string())
            .replace("{TWOFOLD}", twofold)
            .replace("{APP}", app);
        let process = run_nginx(&nginx_conf(dir.path(), &site), dir.path(), port);
        Self {
            port,
            _process: process,
            _dir: dir,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://localhost:{}{path}", self.port)
    }
}

fn wait_until_listening(process: &mut KillOnDrop, port: u16, dir: &Path) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Ok(Some(status)) = process.0.try_wait() {
            let log = std::fs::read_to_string(dir.join("error.log")).unwrap_or_default();
            panic!("nginx exited ({status}): {log}");
        }
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "nginx is not listening on {port}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The protected app: answers every request with its method, target and headers (as JSON),
/// and remembers each.
struct App {
    addr: String,
    seen: Arc<Mutex<Vec<Value>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for App {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl App {
    async fn start() -> Self {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&seen);
        let echo = move |req: axum::extract::Request| {
            let log = Arc::clone(&log);
            async move {
                let headers: Vec<Value> = req
                    .headers()
                    .iter()
                    .map(|(n, v)| json!([n.as_str(), String::from_utf8_lossy(v.as_bytes())]))
                    .collect();
                let seen = json!({
                    "method": req.method().as_str(),
                    "uri": req.uri().to_string(),
                    "headers": headers,
                });
                log.lock()
                    .unwrap_or_else(|e| panic!("{e}"))
                    .push(seen.clone());
                axum::Json(seen)
            }
        };
        let router = axum::Router::new().fallback(echo);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let addr = listener
            .local_addr()
            .unwrap_or_else(|e| panic!("{e}"))
            .to_string();
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        });
        Self { addr, seen, task }
    }

    /// Every request the app received so far.
    fn seen(&self) -> Vec<Value> {
        self.seen.lock().unwrap_or_else(|e| panic!("{e}")).clone()
    }
}

/// The values of header `name` in a request the app saw.
fn values(seen: &Value, name: &str) -> Vec<String> {
    seen["headers"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|h| h[0] == name)
        .map(|h| h[1].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// twofold listing nginx's host, the app, and nginx in front of it.
struct Stack {
    twofold: TestApp,
    nginx: Nginx,
    app: App,
}

async fn stack(backend: Backend) -> Stack {
    let port = free_port();
    // The browser reaches nginx by the name twofold's public URL has (`localhost`), so that
    // the session cookie reaches both.
    let hosts = format!(r#"["localhost:{port}"]"#);
    let twofold = spawn_app_with(backend, &[("TWOFOLD_FORWARD_AUTH__ALLOWED_HOSTS", &hosts)]).await;
    let app = App::start().await;
    let nginx = Nginx::start(port, &twofold.addr, &app.addr);
    Stack {
        twofold,
        nginx,
        app,
    }
}

/// A request through nginx with extra headers.
async fn through(s: &Stack, b: &Browser, path: &str, headers: &[(&str, &str)]) -> Res {
    let mut req = b.http.get(s.nginx.url(path));
    for (n, v) in headers {
        req = req.header(*n, *v);
    }
    s.twofold.send(req).await
}

const SPOOFED: [(&str, &str); 4] = [
    ("remote-user", "root"),
    ("remote-email", "root@example.org"),
    ("remote-name", "Root"),
    ("remote-groups", "admins"),
];

async fn through_nginx_a_member_passes_and_the_app_sees_who_they_are(backend: Backend) {
    let s = stack(backend).await;
    let ann = named_user(&s.twofold, "ann@example.org", "Ann Ångström").await;
    let org = s.twofold.org(&ann, "Acme").await;
    let b = Browser::signed_in_as(&s.twofold, &ann);

    for spoofed in [&[][..], &SPOOFED[..]] {
        let res = through(&s, &b, "/reports?year=2026", spoofed).await;
        assert_eq!(res.status.as_u16(), 200, "{}", res.text);
        assert_eq!(res.body["uri"], "/reports?year=2026");
        for (name, want) in [
            ("remote-user", ann.id.as_str()),
            ("remote-email", ann.email.as_str()),
            ("remote-name", "Ann Ångström"),
            ("remote-groups", org.as_str()),
        ] {
            assert_eq!(values(&res.body, name), [want], "{name}: {}", res.text);
        }
    }

    // Without a session, spoofed headers get the browser sent to sign in, and reach nothing.
    let stranger = Browser::default();
    let res = through(&s, &stranger, "/reports", &SPOOFED).await;
    assert_eq!(res.status.as_u16(), 302, "{}", res.text);
    let seen = s.app.seen();
    assert_eq!(seen.len(), 2, "{seen:?}");
    for request in &seen {
        for (name, spoofed) in SPOOFED {
            assert!(
                !values(request, name).contains(&spoofed.to_owned()),
                "{name} {spoofed} reached the app: {request}"
            );
        }
    }
}

async fn through_nginx_a_stranger_is_sent_to_sign_in_and_comes_back(backend: Backend) {
    let s = stack(backend).await;
    let ann = s.twofold.user("ann@example.org").await;
    let b = Browser::default();
    let rd = s.nginx.url("/docs/guide?a=1&b=two");

    let res = through(&s, &b, "/docs/guide?a=1&b=two", &[]).await;
    assert_eq!(res.status.as_u16(), 302, "{}", res.text);
    assert_eq!(location(&res), s.twofold.url(&entry(&rd)));
    assert!(s.app.seen().is_empty());
    let res = b.follow(&s.twofold, &res).await;
    assert!(location(&res).starts_with("/sign-in?next=/forward-auth/sign-in"));
    let page = b.follow(&s.twofold, &res).await;
    let res = sign_in_on_the_page(&s.twofold, &b, &page, &ann.email).await;
    assert_eq!(location(&res), entry(&rd));
    let res = b.follow(&s.twofold, &res).await;
    assert_eq!(res.status.as_u16(), 302, "{}", res.text);
    assert_eq!(location(&res), rd);

    // Back at the app, the browser's new twofold session passes.
    let res = b.follow(&s.twofold, &res).await;
    assert_eq!(res.status.as_u16(), 200, "{}", res.text);
    assert_eq!(res.body["uri"], "/docs/guide?a=1&b=two");
    assert_eq!(values(&res.body, "remote-user"), [ann.id.as_str()]);

    // A host twofold does not list is answered 401, never redirected (nginx's default server
    // answers any Host name).
    let stranger = Browser::default();
    let res = through(&s, &stranger, "/", &[("host", "evil.example")]).await;
    assert_eq!(res.status.as_u16(), 401, "{}", res.text);
    assert_eq!(header(&res, "location"), "");
}

async fn through_nginx_a_member_the_organization_stops_is_sent_to_set_up_2fa(backend: Backend) {
    let s = stack(backend).await;
    let (olga, adam, _) = stopped_member(&s.twofold).await;
    let rd = s.nginx.url("/wiki");
    let b = Browser::signed_in_as(&s.twofold, &adam);

    let res = through(&s, &b, "/wiki", &SPOOFED).await;
    assert_eq!(res.status.as_u16(), 302, "{}", res.text);
    assert_eq!(location(&res), s.twofold.url(&entry(&rd)));
    let res = b.follow(&s.twofold, &res).await;
    assert!(
        location(&res).starts_with("/setup-required?next=/forward-auth/sign-in"),
        "{}",
        location(&res)
    );
    let page = b.follow(&s.twofold, &res).await;
    assert_eq!(page.status.as_u16(), 200, "{}", page.text);
    assert!(page.text.contains("Acme"), "{}", page.text);
    assert!(s.app.seen().is_empty(), "{:?}", s.app.seen());

    // The owner, with 2FA, passes; a host twofold does not list gets 403, not a redirect.
    let owner = Browser::signed_in_as(&s.twofold, &olga);
    let res = through(&s, &owner, "/wiki", &[]).await;
    assert_eq!(values(&res.body, "remote-user"), [olga.id.as_str()]);
    let res = through(&s, &b, "/wiki", &[("host", "evil.example")]).await;
    assert_eq!(res.status.as_u16(), 403, "{}", res.text);
    assert_eq!(header(&res, "location"), "");
}
