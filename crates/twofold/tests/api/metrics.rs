//! Metrics (issue 18): `GET /metrics` in Prometheus' text format counts what happened —
//! sign-ins and second steps by outcome, problems by code, messages delivered, requests by route
//! with their latency — and reads the outbox's backlog at each scrape.

use crate::backend_tests;
use crate::helpers::{TestApp, enroll_totp, sign_in_pending, totp_step};

backend_tests!(metrics_count_sign_ins_second_steps_problems_messages_and_requests);

/// The value of the first sample whose line starts with `name{` and holds every label.
fn sample(text: &str, name: &str, labels: &[&str]) -> Option<f64> {
    text.lines()
        .filter(|l| {
            l.starts_with(&format!("{name}{{"))
                || (labels.is_empty() && l.starts_with(&format!("{name} ")))
        })
        .find(|l| labels.iter().all(|lab| l.contains(lab)))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
}

async fn metrics_count_sign_ins_second_steps_problems_messages_and_requests(app: TestApp) {
    let ann = app.user("ann@example.org").await;
    app.sign_in("ann@example.org", "not the password at all")
        .await
        .assert_problem(401, "invalid_credentials");
    enroll_totp(&app, &ann).await;
    let pending = sign_in_pending(&app, "ann@example.org").await;
    totp_step(&app, &pending, "000000")
        .await
        .assert_problem(401, "invalid_code");
    // Read from the database twice (the cache admits a session on its second read), then found
    // in the cache.
    for _ in 0..3 {
        app.get("/api/v1/me", &ann.token).await.assert_status(200);
    }

    let res = app.send(app.http.get(app.url("/metrics"))).await;
    assert_eq!(res.status.as_u16(), 200, "{}", res.text);
    let kind = res
        .headers
        .get("content-type")
        .and_then(|v| v.to_str().ok());
    assert!(
        kind.is_some_and(|k| k.starts_with("text/plain")),
        "{kind:?}"
    );
    let m = &res.text;
    let at_least_one = |name: &str, labels: &[&str]| {
        let v = sample(m, name, labels);
        assert!(
            v.is_some_and(|v| v >= 1.0),
            "{name} {labels:?} = {v:?} in\n{m}"
        );
    };
    at_least_one("twofold_sign_ins_total", &["outcome=\"active\""]);
    at_least_one("twofold_sign_ins_total", &["outcome=\"mfa_pending\""]);
    at_least_one(
        "twofold_sign_ins_total",
        &["outcome=\"invalid_credentials\""],
    );
    at_least_one(
        "twofold_second_steps_total",
        &["method=\"totp\"", "outcome=\"invalid_code\""],
    );
    at_least_one("twofold_problems_total", &["code=\"invalid_code\""]);
    at_least_one(
        "twofold_messages_total",
        &["channel=\"email\"", "outcome=\"delivered\""],
    );
    at_least_one(
        "twofold_http_request_duration_seconds_count",
        &[
            "route=\"/api/v1/sessions\"",
            "method=\"POST\"",
            "status=\"201\"",
        ],
    );
    // Routes are counted by their pattern, never by a path holding ids.
    at_least_one(
        "twofold_http_request_duration_seconds_count",
        &[
            "route=\"/api/v1/me/mfa/totp/{id}/verify\"",
            "status=\"200\"",
        ],
    );
    assert!(sample(m, "twofold_outbox_depth", &[]).is_some(), "{m}");
    assert!(
        sample(m, "twofold_outbox_oldest_seconds", &[]).is_some(),
        "{m}"
    );
    // The session cache counts its look-ups (the requests above made both kinds).
    for outcome in ["hit", "miss"] {
        let label = format!("outcome=\"{outcome}\"");
        let n = sample(m, "twofold_session_cache_lookups_total", &[&label]);
        assert!(n.is_some_and(|n| n >= 1.0), "{outcome}: {m}");
    }
    // Nothing personal: no address appears.
    assert!(!m.contains("example.org"), "{m}");
}

/// With `metrics_listen`, `/metrics` answers on that address alone, and the API's listener
/// answers it 404 (so a proxy that passes every path through does not publish it).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_served_on_their_own_address_only() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut child = std::process::Command::new(crate::helpers::binary())
        .args(["serve", "--listen", "127.0.0.1:0", "--data-dir"])
        .arg(dir.path())
        .env_remove("TWOFOLD_CONFIG")
        .env("RUST_LOG", "error")
        .env("TWOFOLD_METRICS_LISTEN", "127.0.0.1:0")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    let stdout = child.stdout.take().unwrap_or_else(|| panic!("no stdout"));
    let _server = crate::helpers::KillOnDrop(child);
    let (mut api, mut metrics) = (String::new(), String::new());
    for line in std::io::BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
    {
        if let Some(a) = line.strip_prefix("twofold listening on ") {
            api = a.to_owned();
        } else if let Some(m) = line.strip_prefix("metrics on ") {
            metrics = m.to_owned();
        } else if line.starts_with("public URL: ") {
            break;
        }
    }
    assert!(
        metrics.ends_with("/metrics") && !api.is_empty(),
        "{api} {metrics}"
    );
    server::install_tls_provider();
    let http = reqwest::Client::new();
    let scrape = http
        .get(&metrics)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(scrape.status().as_u16(), 200);
    let text = scrape.text().await.unwrap_or_default();
    assert!(text.contains("twofold_outbox_depth"), "{text}");
    let on_api = http
        .get(format!("{api}/metrics"))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(on_api.status().as_u16(), 404);
    let healthz = http
        .get(format!("{api}/healthz"))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(healthz.status().as_u16(), 200);
}
