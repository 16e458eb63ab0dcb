//! What a running server counts, for Prometheus (`GET /metrics`): requests by route with their
//! latency, sign-ins and second steps by outcome, the problems answered by code (throttled
//! attempts, enforcement stopping a session…), messages delivered, push sign-ins held, the
//! session cache's hits and misses, and the outbox's backlog, read from the database at each
//! scrape.

use std::sync::OnceLock;
use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};

use crate::error::AppResult;
use crate::state::AppState;

const REQUESTS: &str = "twofold_http_request_duration_seconds";
const SIGN_INS: &str = "twofold_sign_ins_total";
const SECOND_STEPS: &str = "twofold_second_steps_total";
const PROBLEMS: &str = "twofold_problems_total";
const MESSAGES: &str = "twofold_messages_total";
const PUSH_HELD: &str = "twofold_push_sign_ins_total";
const OUTBOX_DEPTH: &str = "twofold_outbox_depth";
const OUTBOX_OLDEST: &str = "twofold_outbox_oldest_seconds";
const SESSION_CACHE: &str = "twofold_session_cache_lookups_total";
/// Every metric this module records (the dashboard in `deploy/grafana` may use only these).
#[cfg(test)]
const ALL: [&str; 9] = [
    REQUESTS,
    SIGN_INS,
    SECOND_STEPS,
    PROBLEMS,
    MESSAGES,
    PUSH_HELD,
    OUTBOX_DEPTH,
    OUTBOX_OLDEST,
    SESSION_CACHE,
];

/// Seconds: from a cached session's answer (under a millisecond) to a long poll (30 s).
const LATENCY_BUCKETS: [f64; 14] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0, 30.0,
];

static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

/// Starts counting (once per process; the first server of a process wins).
pub fn install() {
    HANDLE.get_or_init(|| {
        PrometheusBuilder::new()
            .set_buckets_for_metric(
                metrics_exporter_prometheus::Matcher::Full(REQUESTS.to_owned()),
                &LATENCY_BUCKETS,
            )
            .ok()?
            .install_recorder()
            .map_err(|e| tracing::warn!(error = %e, "metrics are off"))
            .ok()
    });
}

/// Folds the histograms' recorded samples into their buckets every five seconds. The exporter
/// keeps every sample until then: without this, a server nobody scrapes would hold all the
/// latencies it ever measured (8 bytes and more a request, tens of megabytes a minute under
/// load).
pub async fn upkeep() {
    let Some(h) = HANDLE.get().and_then(Option::as_ref) else {
        return;
    };
    let mut every = tokio::time::interval(std::time::Duration::from_secs(5));
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        h.run_upkeep();
    }
}

/// The metrics in Prometheus' text format, with the outbox's backlog read now.
///
/// # Errors
/// On database failure.
pub async fn render(st: &AppState) -> AppResult<String> {
    let (depth, oldest) = {
        let mut c = st.store.read().await?;
        store::outbox::backlog(&mut c).await?
    };
    #[allow(clippy::cast_precision_loss)] // counts far below 2^52
    metrics::gauge!(OUTBOX_DEPTH).set(depth as f64);
    let age = oldest.map_or(0.0, |o| (st.clock.now() - o).as_seconds_f64().max(0.0));
    metrics::gauge!(OUTBOX_OLDEST).set(age);
    // Counted by the cache itself: a registry look-up per request would cost more than the hit.
    let (hits, misses) = st.sessions.counts();
    metrics::counter!(SESSION_CACHE, "outcome" => "hit").absolute(hits);
    metrics::counter!(SESSION_CACHE, "outcome" => "miss").absolute(misses);
    Ok(HANDLE
        .get()
        .and_then(Option::as_ref)
        .map(|h| {
            h.run_upkeep();
            h.render()
        })
        .unwrap_or_default())
}

/// Times each request of a route, labelled by the route's pattern (never the raw path, whose
/// ids would make a series per account), its method and status.
pub async fn track(req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |m| m.as_str().to_owned());
    let method = req.method().as_str().to_owned();
    let started = Instant::now();
    let res = next.run(req).await;
    let status = res.status().as_u16().to_string();
    metrics::histogram!(
        REQUESTS,
        "route" => route,
        "method" => method,
        "status" => status
    )
    .record(started.elapsed().as_secs_f64());
    res
}

/// A password sign-in ended: `active`, `mfa_pending`, `setup_required`, or a problem's code.
pub fn sign_in(outcome: &'static str) {
    metrics::counter!(SIGN_INS, "outcome" => outcome).increment(1);
}

/// A second step ended, with a method kind (`totp`, `webauthn`, `sms`, `push`,
/// `recovery_code`): `passed` or a problem's code.
pub fn second_step(method: &'static str, outcome: &'static str) {
    metrics::counter!(SECOND_STEPS, "method" => method, "outcome" => outcome).increment(1);
}

/// A problem was answered (`too_many_attempts` counts throttled attempts, `mfa_setup_required`
/// enforcement stopping a session).
pub fn problem(code: &'static str) {
    metrics::counter!(PROBLEMS, "code" => code).increment(1);
}

/// The outbox tried a message: `delivered`, `retry` or `failed`, by channel.
pub fn sent(channel: &'static str, outcome: &'static str) {
    metrics::counter!(MESSAGES, "channel" => channel, "outcome" => outcome).increment(1);
}

/// A sign-in waits for a device's (or another session's) approval.
pub fn push_held() {
    metrics::counter!(PUSH_HELD).increment(1);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dashboard_plots_only_metrics_the_server_records() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../deploy/grafana/twofold.json"
        );
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let mut used = 0;
        for (at, _) in text.match_indices("twofold_") {
            let name: String = text[at..]
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            let base = ["_bucket", "_count", "_sum"]
                .iter()
                .find_map(|s| name.strip_suffix(s))
                .unwrap_or(&name);
            assert!(
                ALL.contains(&base),
                "the dashboard plots {name}, which nothing records"
            );
            used += 1;
        }
        assert!(used >= ALL.len(), "the dashboard plots every metric");
    }
}
