//! Load driver for passkey sign-ins over HTTP next to password sign-ins, in the same run and
//! against the same accounts: `POST /api/v1/sessions/passkey` then `…/passkey/verify` with an
//! answer signed by a software authenticator (ECDSA P-256, as a platform authenticator signs),
//! and `POST /api/v1/sessions` with the password (its Argon2id verification is the cost a
//! passkey sign-in does not have). `scripts/bench-passkeys.sh` runs it against a release
//! server; figures go to docs/PERFORMANCE.md.
//!
//! wrk cannot do this: every passkey sign-in signs a fresh challenge.
//!
//! Usage: `passkey_sign_in_load URL --origin ORIGIN [--accounts N] [--seconds S]
//! [--concurrency C] [--rounds R]`. ORIGIN is the server's public URL (what the authenticator
//! signs). Each round measures passwords for S seconds, then passkeys for S seconds, and prints
//! `key=value` figures.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use serde_json::{Value, json};
use tokio::sync::Mutex;
use webauthn_authenticator_rs::WebauthnAuthenticator;
use webauthn_authenticator_rs::softtoken::SoftToken;
use webauthn_rs::prelude::{CreationChallengeResponse, RequestChallengeResponse, Url};

mod common;
use common::{PASSWORD, post, sign_up_and_in, text, unix_now};

struct Args {
    url: String,
    origin: Url,
    accounts: usize,
    seconds: u64,
    concurrency: usize,
    rounds: usize,
}

fn args() -> anyhow::Result<Args> {
    let mut it = std::env::args().skip(1);
    let url = it
        .next()
        .context("usage: passkey_sign_in_load URL --origin ORIGIN [--accounts N] [--seconds S] [--concurrency C] [--rounds R]")?;
    let mut origin = None;
    let mut a = Args {
        url,
        origin: Url::parse("http://localhost")?,
        accounts: 64,
        seconds: 10,
        concurrency: 8,
        rounds: 3,
    };
    while let Some(flag) = it.next() {
        let value = it.next().context("a flag needs a value")?;
        match flag.as_str() {
            "--origin" => origin = Some(Url::parse(&value)?),
            "--accounts" => a.accounts = value.parse()?,
            "--seconds" => a.seconds = value.parse()?,
            "--concurrency" => a.concurrency = value.parse()?,
            "--rounds" => a.rounds = value.parse()?,
            other => bail!("unknown flag {other}"),
        }
    }
    a.origin = origin.context("--origin is required (the server's public URL)")?;
    Ok(a)
}

/// An account with a passkey, as its authenticator holds it.
struct Holder {
    email: String,
    key: SoftToken,
    credential_id: Value,
    user_handle: Value,
}

/// Signs up, signs in and registers a passkey (an authenticator that verifies its user).
async fn enroll(
    http: &reqwest::Client,
    base: &str,
    origin: &Url,
    email: String,
) -> anyhow::Result<Holder> {
    let token = sign_up_and_in(http, base, &email).await?;
    let (s, started) = post(
        http,
        &format!("{base}/api/v1/me/mfa/webauthn"),
        Some(&token),
        json!({"passkey": true}),
    )
    .await?;
    if s != 201 {
        bail!("registration answered {s}: {started}");
    }
    let mut options = started["options"].clone();
    // The soft token keeps no discoverable credentials: it is asked for a plain one, and the
    // driver keeps the credential id and user handle a discoverable authenticator would.
    let selection = &mut options["publicKey"]["authenticatorSelection"];
    selection["requireResidentKey"] = json!(false);
    selection["residentKey"] = json!("discouraged");
    let user_handle = options["publicKey"]["user"]["id"].clone();
    let options: CreationChallengeResponse = serde_json::from_value(options)?;
    let (mut key, _) = SoftToken::new(true).map_err(|e| anyhow::anyhow!("soft token: {e:?}"))?;
    let credential = key
        .do_registration(origin.clone(), options)
        .map_err(|e| anyhow::anyhow!("registration: {e:?}"))?;
    let credential = serde_json::to_value(credential)?;
    let (s, b) = post(
        http,
        &format!(
            "{base}/api/v1/me/mfa/webauthn/{}/verify",
            text(&started, "id")?
        ),
        Some(&token),
        json!({"credential": credential}),
    )
    .await?;
    if s != 200 {
        bail!("verification answered {s}: {b}");
    }
    Ok(Holder {
        email,
        key,
        credential_id: credential["id"].clone(),
        user_handle,
    })
}

/// One passkey sign-in; an error text for anything but 201 at `aal2`.
async fn passkey_sign_in(
    http: &reqwest::Client,
    base: &str,
    origin: &Url,
    h: &mut Holder,
) -> Result<(), String> {
    let (s, started) = post(
        http,
        &format!("{base}/api/v1/sessions/passkey"),
        None,
        json!({}),
    )
    .await
    .map_err(|e| e.to_string())?;
    if s != 201 {
        return Err(format!("challenge {s} {}", started["code"]));
    }
    let mut options = started["options"].clone();
    options["publicKey"]["allowCredentials"] =
        json!([{"type": "public-key", "id": h.credential_id}]);
    let options: RequestChallengeResponse =
        serde_json::from_value(options).map_err(|e| e.to_string())?;
    let answer = h
        .key
        .do_authentication(origin.clone(), options)
        .map_err(|e| format!("authenticator {e:?}"))?;
    let mut answer = serde_json::to_value(answer).map_err(|e| e.to_string())?;
    answer["response"]["userHandle"] = h.user_handle.clone();
    let (s, b) = post(
        http,
        &format!("{base}/api/v1/sessions/passkey/verify"),
        None,
        json!({"challenge_id": started["challenge_id"], "credential": answer}),
    )
    .await
    .map_err(|e| e.to_string())?;
    if s != 201 || b["aal"] != "aal2" {
        return Err(format!("verify {s} {}", b["code"]));
    }
    Ok(())
}

/// One password sign-in (the first step: these accounts then owe a second).
async fn password_sign_in(http: &reqwest::Client, base: &str, h: &Holder) -> Result<(), String> {
    let (s, b) = post(
        http,
        &format!("{base}/api/v1/sessions"),
        None,
        json!({"email": h.email, "password": PASSWORD}),
    )
    .await
    .map_err(|e| e.to_string())?;
    if s != 201 {
        return Err(format!("sign-in {s} {}", b["code"]));
    }
    Ok(())
}

#[derive(Default)]
struct Tally {
    ok: u64,
    failed: Vec<String>,
    latencies_us: Vec<u64>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Password,
    Passkey,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Self::Password => "password",
            Self::Passkey => "passkey",
        }
    }
}

/// Measures one kind of sign-in for `seconds`; each worker signs its own accounts in turn.
/// Returns sign-ins per second.
async fn measure(
    http: &reqwest::Client,
    args: &Args,
    groups: &[Arc<Mutex<Vec<Holder>>>],
    kind: Kind,
    round: usize,
) -> f64 {
    let tally = Arc::new(Mutex::new(Tally::default()));
    let start = Instant::now();
    let deadline = start + Duration::from_secs(args.seconds);
    let mut workers = tokio::task::JoinSet::new();
    for group in groups {
        let (http, base, origin, group, tally) = (
            http.clone(),
            args.url.clone(),
            args.origin.clone(),
            Arc::clone(group),
            Arc::clone(&tally),
        );
        workers.spawn(async move {
            let mut holders = group.lock().await;
            let mut i = 0;
            while Instant::now() < deadline && !holders.is_empty() {
                let n = holders.len();
                let Some(h) = holders.get_mut(i % n) else {
                    break;
                };
                i += 1;
                let t = Instant::now();
                let result = match kind {
                    Kind::Password => password_sign_in(&http, &base, h).await,
                    Kind::Passkey => passkey_sign_in(&http, &base, &origin, h).await,
                };
                let us = u64::try_from(t.elapsed().as_micros()).unwrap_or(u64::MAX);
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
    let rate = tally.ok as f64 / elapsed;
    println!(
        "round={round} kind={} sign_ins={} seconds={elapsed:.1} per_second={rate:.1} p50_ms={:.1} p99_ms={:.1} failures={}",
        kind.as_str(),
        tally.ok,
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
    rate
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = args()?;
    args.url = args.url.trim_end_matches('/').to_owned();
    server::install_tls_provider();
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(args.concurrency)
        .timeout(Duration::from_secs(30))
        .build()?;
    let setup = Instant::now();
    let run = unix_now();
    let mut holders = Vec::with_capacity(args.accounts);
    for i in 0..args.accounts {
        let email = format!("passkey-load-{run}-{i}@example.com");
        holders.push(enroll(&http, &args.url, &args.origin, email).await?);
    }
    println!(
        "accounts={} setup_seconds={:.1}",
        holders.len(),
        setup.elapsed().as_secs_f64()
    );
    let concurrency = args.concurrency.max(1);
    let mut split: Vec<Vec<Holder>> = (0..concurrency).map(|_| Vec::new()).collect();
    for (i, h) in holders.into_iter().enumerate() {
        if let Some(g) = split.get_mut(i % concurrency) {
            g.push(h);
        }
    }
    let groups: Vec<Arc<Mutex<Vec<Holder>>>> =
        split.into_iter().map(|g| Arc::new(Mutex::new(g))).collect();
    for round in 1..=args.rounds {
        let password = measure(&http, &args, &groups, Kind::Password, round).await;
        let passkey = measure(&http, &args, &groups, Kind::Passkey, round).await;
        let ratio = if password > 0.0 {
            passkey / password
        } else {
            0.0
        };
        println!("round={round} ratio={ratio:.1}");
    }
    Ok(())
}
