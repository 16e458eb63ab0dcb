//! Load driver for full two-step sign-ins over HTTP: password (`POST /api/v1/sessions`), then a
//! TOTP code (`POST /api/v1/sessions/current/mfa`), as an authenticator app would compute it.
//! `scripts/bench-mfa.sh` runs it against a release server; figures go to docs/PERFORMANCE.md.
//!
//! wrk cannot do this: every sign-in needs a fresh TOTP code, and each time step is accepted
//! once per method, so the driver enrolls many accounts and spreads the sign-ins over them
//! (an account can pass at most the steps now−1, now and now+1 that the server has not seen).
//!
//! Usage: `mfa_sign_in_load URL [--accounts N] [--seconds S] [--concurrency C] [--rounds R]`
//! Prints `key=value` figures. With `--rounds R` it enrolls once, prints `ready`, then runs R
//! measured windows, each when a line arrives on standard input (so a script can measure
//! something else, such as raw hashing, while the server idles in between).

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use domain::totp::{self, TotpSecret};
use serde_json::json;
use tokio::sync::{Mutex, Semaphore};

mod common;
use common::{PASSWORD, at_step, enroll, post, unix_now};

struct Account {
    email: String,
    secret: TotpSecret,
    /// The last time step the server accepted for this account's method.
    last_step: i64,
}

struct Args {
    url: String,
    accounts: usize,
    seconds: u64,
    concurrency: usize,
    rounds: usize,
}

fn args() -> anyhow::Result<Args> {
    let mut it = std::env::args().skip(1);
    let mut a = Args {
        url: it.next().context(
            "usage: mfa_sign_in_load URL [--accounts N] [--seconds S] [--concurrency C]",
        )?,
        accounts: 4000,
        seconds: 20,
        concurrency: 16,
        rounds: 1,
    };
    while let Some(flag) = it.next() {
        let value = it.next().context("a flag needs a value")?;
        match flag.as_str() {
            "--accounts" => a.accounts = value.parse()?,
            "--seconds" => a.seconds = value.parse()?,
            "--concurrency" => a.concurrency = value.parse()?,
            "--rounds" => a.rounds = value.parse()?,
            other => bail!("unknown flag {other}"),
        }
    }
    Ok(a)
}

#[derive(Default)]
struct Tally {
    ok: u64,
    failed: Vec<String>,
    latencies_us: Vec<u64>,
}

/// One full sign-in; returns an error text for anything but 201 then 200.
async fn sign_in(http: &reqwest::Client, base: &str, a: &Account, step: i64) -> Result<(), String> {
    let (s, b) = post(
        http,
        &format!("{base}/api/v1/sessions"),
        None,
        json!({"email": a.email, "password": PASSWORD}),
    )
    .await
    .map_err(|e| e.to_string())?;
    if s != 201 || b["state"] != "mfa_pending" {
        return Err(format!("sign-in {s} {}", b["code"]));
    }
    let token = b["token"].as_str().unwrap_or_default().to_owned();
    let code = totp::generate(&a.secret, at_step(step)).unwrap_or_default();
    let (s, b) = post(
        http,
        &format!("{base}/api/v1/sessions/current/mfa"),
        Some(&token),
        json!({"type": "totp", "code": code}),
    )
    .await
    .map_err(|e| e.to_string())?;
    if s != 200 || b["aal"] != "aal2" {
        return Err(format!("second step {s} {}", b["code"]));
    }
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = args()?;
    let base = args.url.trim_end_matches('/').to_owned();
    server::install_tls_provider();
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(args.concurrency)
        .timeout(Duration::from_secs(30))
        .build()?;

    let setup = Instant::now();
    let run = unix_now();
    let gate = Arc::new(Semaphore::new(args.concurrency));
    let mut enrolling = tokio::task::JoinSet::new();
    for i in 0..args.accounts {
        let (http, base, gate) = (http.clone(), base.clone(), Arc::clone(&gate));
        enrolling.spawn(async move {
            let _permit = gate.acquire_owned().await?;
            let e = enroll(&http, &base, format!("mfa-load-{run}-{i}@example.com")).await?;
            anyhow::Ok(Account {
                email: e.email,
                secret: e.secret,
                last_step: e.last_step,
            })
        });
    }
    let mut accounts = VecDeque::new();
    while let Some(r) = enrolling.join_next().await {
        accounts.push_back(r??);
    }
    println!(
        "accounts={} setup_seconds={:.1}",
        accounts.len(),
        setup.elapsed().as_secs_f64()
    );

    let queue = Arc::new(Mutex::new(accounts));
    if args.rounds <= 1 {
        measure(&http, &base, &queue, &args, 0).await;
        return Ok(());
    }
    println!("ready");
    let mut lines =
        tokio::io::AsyncBufReadExt::lines(tokio::io::BufReader::new(tokio::io::stdin()));
    for round in 1..=args.rounds {
        if lines.next_line().await?.is_none() {
            break;
        }
        measure(&http, &base, &queue, &args, round).await;
    }
    Ok(())
}

/// One measured window over the enrolled accounts; prints its figures.
async fn measure(
    http: &reqwest::Client,
    base: &str,
    queue: &Arc<Mutex<VecDeque<Account>>>,
    args: &Args,
    round: usize,
) {
    let tally = Arc::new(Mutex::new(Tally::default()));
    let start = Instant::now();
    let deadline = start + Duration::from_secs(args.seconds);
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..args.concurrency {
        let (http, base, queue, tally) = (
            http.clone(),
            base.to_owned(),
            Arc::clone(queue),
            Arc::clone(&tally),
        );
        workers.spawn(async move {
            while Instant::now() < deadline {
                // The oldest account whose next free step the server still accepts.
                let now = unix_now();
                let now_step = now / 30;
                // The previous step's code is still accepted, but not if the step may end
                // before the request reaches the server.
                let lowest = if now % 30 < 25 {
                    now_step - 1
                } else {
                    now_step
                };
                let picked = {
                    let mut q = queue.lock().await;
                    let pos = q
                        .iter()
                        .position(|a| (a.last_step + 1).max(lowest) <= now_step + 1);
                    pos.and_then(|p| q.remove(p))
                };
                let Some(mut account) = picked else {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                };
                let step = (account.last_step + 1).max(lowest);
                let t = Instant::now();
                let result = sign_in(&http, &base, &account, step).await;
                let us = u64::try_from(t.elapsed().as_micros()).unwrap_or(u64::MAX);
                if result.is_ok() {
                    account.last_step = step;
                }
                // Only attempts that finished inside the window count.
                if Instant::now() <= deadline {
                    let mut tally = tally.lock().await;
                    match result {
                        Ok(()) => {
                            tally.ok += 1;
                            tally.latencies_us.push(us);
                        }
                        Err(e) => tally.failed.push(e),
                    }
                }
                queue.lock().await.push_back(account);
            }
        });
    }
    while workers.join_next().await.is_some() {}
    let elapsed = start.elapsed().as_secs_f64().min(args.seconds as f64);

    let mut tally = tally.lock().await;
    tally.latencies_us.sort_unstable();
    let pct = |p: f64| {
        let l = &tally.latencies_us;
        if l.is_empty() {
            return 0.0;
        }
        let i = ((l.len() as f64 - 1.0) * p).round() as usize;
        l[i.min(l.len() - 1)] as f64 / 1000.0
    };
    println!(
        "round={round} two_step_sign_ins={} seconds={elapsed:.1} per_second={:.1} p50_ms={:.1} p99_ms={:.1} failures={}",
        tally.ok,
        tally.ok as f64 / elapsed,
        pct(0.5),
        pct(0.99),
        tally.failed.len()
    );
    let mut kinds: Vec<&String> = tally.failed.iter().collect();
    kinds.sort();
    kinds.dedup();
    for k in kinds.iter().take(5) {
        println!("failure_kind={k}");
    }
}
