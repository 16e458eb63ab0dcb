//! Push approval round trips against a running server: ACCOUNTS accounts, each with an
//! authenticator device long-polling `GET /api/v1/push/challenges?wait=25` (so that many
//! devices wait at once, as in production), and PUSHES sign-ins per account, one after another,
//! all accounts at once. Each sign-in holds a push, the device signs an approval with the number
//! (handed over in memory, as a person would read it), and the sign-in polls until it passes.
//!
//! Prints, for every push: the time until the device had it (the long poll's wake-up), until
//! the device's signed answer was taken, and until the sign-in's poll passed (polling every
//! 10 ms, which bounds that last figure from below).
//!
//! Usage: push_round_trip BASE_URL [ACCOUNTS] [PUSHES]   (PUSHES at most 10: the hourly cap)

mod common;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use common::{PASSWORD, post, text};
use domain::push::Answer;
use domain::totp::{self, TotpSecret};
use ed25519_dalek::{Signer, SigningKey};
use serde_json::json;
use tokio::sync::Mutex;

/// When each challenge started, and the number it shows.
type Started = Arc<Mutex<HashMap<String, (Instant, u8)>>>;

struct Timing {
    seen: Duration,
    answered: Duration,
    passed: Duration,
}

async fn device(
    http: reqwest::Client,
    base: String,
    token: String,
    key: SigningKey,
    started: Started,
    seen_at: Arc<Mutex<HashMap<String, (Duration, Duration)>>>,
    stop: Arc<tokio::sync::Notify>,
) -> anyhow::Result<()> {
    loop {
        let poll = http
            .get(format!("{base}/api/v1/push/challenges?wait=25"))
            .bearer_auth(&token)
            .send();
        let res = tokio::select! {
            r = poll => r?,
            () = stop.notified() => return Ok(()),
        };
        let body: serde_json::Value = res.json().await?;
        for r in body["requests"].as_array().cloned().unwrap_or_default() {
            let id = text(&r, "id")?;
            let Some((t0, number)) = started.lock().await.get(&id).copied() else {
                continue;
            };
            let seen = t0.elapsed();
            let answer = Answer::Approve(number);
            let signature =
                URL_SAFE_NO_PAD.encode(key.sign(&answer.signed_message(&id)).to_bytes());
            let (s, b) = post(
                &http,
                &format!("{base}/api/v1/push/challenges/{id}"),
                Some(&token),
                json!({"decision": "approve", "number": number, "signature": signature}),
            )
            .await?;
            if s != 200 {
                bail!("the answer was refused: {s} {b}");
            }
            seen_at.lock().await.insert(id, (seen, t0.elapsed()));
        }
    }
}

async fn account(
    http: &reqwest::Client,
    base: &str,
    n: usize,
) -> anyhow::Result<(String, String, SigningKey)> {
    let email = format!("push{n}-{}@bench.example", common::unix_now());
    let (s, b) = post(
        http,
        &format!("{base}/api/v1/accounts"),
        None,
        json!({"email": email, "password": PASSWORD}),
    )
    .await?;
    if s != 201 {
        bail!("sign-up answered {s}: {b}");
    }
    let (_, b) = post(
        http,
        &format!("{base}/api/v1/sessions"),
        None,
        json!({"email": email, "password": PASSWORD}),
    )
    .await?;
    let session = text(&b, "token")?;
    let (_, b) = post(
        http,
        &format!("{base}/api/v1/me/mfa/push"),
        Some(&session),
        json!({}),
    )
    .await?;
    let method = text(&b, "id")?;
    let mut seed = [0u8; 32];
    domain::token::fill_random(&mut seed)?;
    let key = SigningKey::from_bytes(&seed);
    let (s, d) = post(
        http,
        &format!("{base}/api/v1/push/enroll"),
        None,
        json!({"code": text(&b, "code")?, "public_key": URL_SAFE_NO_PAD.encode(key.verifying_key().to_bytes())}),
    )
    .await?;
    if s != 201 {
        bail!("the device enrollment answered {s}: {d}");
    }
    let secret = TotpSecret::from_base32(&text(&d, "totp_secret")?).context("no secret")?;
    let code =
        totp::generate(&secret, common::at_step(common::unix_now() / 30)).context("no code")?;
    let (s, b) = post(
        http,
        &format!("{base}/api/v1/me/mfa/push/{method}/verify"),
        Some(&session),
        json!({"code": code}),
    )
    .await?;
    if s != 200 {
        bail!("the confirmation answered {s}: {b}");
    }
    Ok((email, text(&d, "token")?, key))
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(i).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    server::install_tls_provider();
    let args: Vec<String> = std::env::args().collect();
    let base = args
        .get(1)
        .context("usage: push_round_trip BASE_URL [ACCOUNTS] [PUSHES]")?
        .trim_end_matches('/')
        .to_owned();
    let accounts: usize = args.get(2).map_or(Ok(20), |a| a.parse())?;
    let pushes: usize = args.get(3).map_or(Ok(10), |a| a.parse::<usize>())?.min(10);
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(256)
        .build()?;
    let started: Started = Arc::default();
    let seen_at = Arc::new(Mutex::new(HashMap::new()));
    let stop = Arc::new(tokio::sync::Notify::new());
    let mut devices = Vec::new();
    let mut people = Vec::new();
    for n in 0..accounts {
        let (email, token, key) = account(&http, &base, n).await?;
        devices.push(tokio::spawn(device(
            http.clone(),
            base.clone(),
            token,
            key,
            Arc::clone(&started),
            Arc::clone(&seen_at),
            Arc::clone(&stop),
        )));
        people.push(email);
    }
    // Every device is waiting in its long poll before the first push.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let wall = Instant::now();
    let mut runs = Vec::new();
    for email in people {
        let (http, base, started, seen_at) = (
            http.clone(),
            base.clone(),
            Arc::clone(&started),
            Arc::clone(&seen_at),
        );
        runs.push(tokio::spawn(async move {
            let mut out = Vec::new();
            for _ in 0..pushes {
                let (_, b) = post(
                    &http,
                    &format!("{base}/api/v1/sessions"),
                    None,
                    json!({"email": email, "password": PASSWORD}),
                )
                .await?;
                let pending = text(&b, "token")?;
                let url = format!("{base}/api/v1/sessions/current/mfa");
                let t0 = Instant::now();
                let (s, b) = post(&http, &url, Some(&pending), json!({"type": "push"})).await?;
                if s != 202 {
                    bail!("the push answered {s}: {b}");
                }
                let id = text(&b, "challenge_id")?;
                let number = u8::try_from(b["number"].as_u64().unwrap_or(0))?;
                started.lock().await.insert(id.clone(), (t0, number));
                let passed = loop {
                    let (s, b) = post(
                        &http,
                        &url,
                        Some(&pending),
                        json!({"type": "push", "challenge_id": id}),
                    )
                    .await?;
                    match s {
                        200 => break t0.elapsed(),
                        202 => tokio::time::sleep(Duration::from_millis(10)).await,
                        _ => bail!("the sign-in answered {s}: {b}"),
                    }
                    if t0.elapsed() > Duration::from_secs(30) {
                        bail!("no approval within 30 s");
                    }
                };
                // The device notes its times once its answer returns, which may be just after
                // the sign-in noticed the approval.
                let mut noted = None;
                for _ in 0..200 {
                    noted = seen_at.lock().await.get(&id).copied();
                    if noted.is_some() {
                        break;
                    }
                    tokio::time::sleep(Duration::from_millis(5)).await;
                }
                let (seen, answered) = noted.context("the device never noted this push")?;
                out.push(Timing {
                    seen,
                    answered,
                    passed,
                });
            }
            anyhow::Ok(out)
        }));
    }
    let mut all = Vec::new();
    for r in runs {
        all.extend(r.await??);
    }
    let elapsed = wall.elapsed();
    stop.notify_waiters();
    for d in devices {
        d.abort();
    }
    let stats = |f: &dyn Fn(&Timing) -> Duration| {
        let mut v: Vec<Duration> = all.iter().map(f).collect();
        v.sort();
        (
            percentile(&v, 0.5),
            percentile(&v, 0.95),
            percentile(&v, 1.0),
        )
    };
    println!(
        "pushes: {} ({accounts} accounts with a device each, {pushes} each), {:.1} s",
        all.len(),
        elapsed.as_secs_f64()
    );
    for (what, f) in [
        (
            "device had it",
            &(|t: &Timing| t.seen) as &dyn Fn(&Timing) -> Duration,
        ),
        ("answer taken", &|t: &Timing| t.answered),
        ("sign-in passed", &|t: &Timing| t.passed),
    ] {
        let (p50, p95, max) = stats(f);
        println!("{what:>15}: p50 {p50:.2} ms, p95 {p95:.2} ms, max {max:.2} ms");
    }
    Ok(())
}
