//! Scale driver for issue 18: one million accounts, an organization of 100,000 of them, and the
//! latency of what people and admins do, under a mixed load, on PostgreSQL.
//!
//! 1. Writes the accounts straight into the database in a few statements (70 % with 2FA; the
//!    first `--members` of them members of one organization). It then makes `--active`
//!    accounts over HTTP, each with an authenticator app and a member of the organization, who
//!    sign in during the load.
//! 2. `--concurrency` workers, for `--seconds`, each pick at random:
//!    - a sign-in: the password step (production Argon2id), then the code step (`second_step`)
//!      when the account has a code left in this time step;
//!    - the organization's first page of members without 2FA;
//!    - `GET /me` with a session one of the sign-ins made;
//!    - every 5 s, turning enforcement on or off (`ENFORCE` / `STOP`) and every 20 s, reminders
//!      to every member without 2FA, by the owner.
//! 3. Prints p50, p95, p99 and max of each, and any unexpected answer.
//!
//! `scripts/bench-scale.sh` runs it against a release server (outbox worker off, reminder
//! window 0 hours); figures go to docs/PERFORMANCE.md.
//!
//! Usage: `mixed_load URL POSTGRES_URL [--accounts N] [--members N] [--active N]
//!         [--concurrency N] [--seconds N]`

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use domain::totp;
use serde_json::{Value, json};
use sqlx::Connection;

mod common;
use common::{Enrolled, PASSWORD, at_step, enroll, owner_and_org, text, unix_now};

struct Args {
    url: String,
    db: String,
    accounts: u64,
    members: u64,
    active: usize,
    concurrency: usize,
    seconds: u64,
}

fn args() -> anyhow::Result<Args> {
    let mut it = std::env::args().skip(1);
    let usage = "usage: mixed_load URL POSTGRES_URL [--accounts N] [--members N] [--active N] \
                 [--concurrency N] [--seconds N]";
    let mut a = Args {
        url: it.next().context(usage)?,
        db: it.next().context(usage)?,
        accounts: 1_000_000,
        members: 100_000,
        active: 2_000,
        concurrency: 16,
        seconds: 60,
    };
    while let Some(flag) = it.next() {
        let value = it.next().context("a flag needs a value")?;
        match flag.as_str() {
            "--accounts" => a.accounts = value.parse()?,
            "--members" => a.members = value.parse()?,
            "--active" => a.active = value.parse()?,
            "--concurrency" => a.concurrency = value.parse()?,
            "--seconds" => a.seconds = value.parse()?,
            other => bail!("unknown flag {other}"),
        }
    }
    if a.members > a.accounts {
        bail!("--members cannot exceed --accounts");
    }
    Ok(a)
}

/// Writes `n` accounts (70 % with 2FA), the first `members` of them members of `org`, and the
/// head counts the store keeps per organization. Test data, so plain SQL.
async fn seed(db: &str, org: &str, n: u64, members: u64, run: i64) -> anyhow::Result<()> {
    let mut c = sqlx::PgConnection::connect(db).await?;
    let now = run * 1000;
    let chunk = 100_000;
    for from in (1..=n).step_by(chunk) {
        let to = (from + chunk as u64 - 1).min(n);
        let sql = format!(
            "INSERT INTO account (id, email, name, password_hash, mfa_enabled, mfa_methods,
                                  created_at, updated_at)
             SELECT md5('{run}-' || g)::uuid::text, 'scale-{run}-' || g || '@bench.example',
                    'Member ' || g, '$argon2id$v=19$m=19456,t=2,p=1$bench$bench',
                    g % 10 < 7, CASE WHEN g % 10 < 7 THEN 'totp' ELSE '' END, {now}, {now}
             FROM generate_series({from}, {to}) g"
        );
        sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
            .execute(&mut c)
            .await?;
    }
    let sql = format!(
        "INSERT INTO membership (org_id, account_id, role, external, created_at, updated_at,
                                 email, mfa_kinds)
         SELECT '{org}', md5('{run}-' || g)::uuid::text, 'member', false, {now}, {now},
                'scale-{run}-' || g || '@bench.example', CASE WHEN g % 10 < 7 THEN 4 ELSE 0 END
         FROM generate_series(1, {members}) g;
         DELETE FROM org_mfa_tally WHERE org_id = '{org}';
         INSERT INTO org_mfa_tally (org_id, mfa_kinds, members)
         SELECT org_id, mfa_kinds, COUNT(*) FROM membership WHERE org_id = '{org}'
         GROUP BY org_id, mfa_kinds;
         ANALYZE;"
    );
    sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
        .execute(&mut c)
        .await?;
    Ok(())
}

/// Adds the accounts that sign in during the load to `org`, with their app counted.
async fn join(db: &str, org: &str, ids: &[String], run: i64) -> anyhow::Result<()> {
    let mut c = sqlx::PgConnection::connect(db).await?;
    let now = run * 1000;
    let rows: Vec<String> = ids
        .iter()
        .map(|id| {
            format!(
                "('{org}', '{id}', 'member', false, {now}, {now}, \
                 (SELECT email FROM account WHERE id = '{id}'), 4)"
            )
        })
        .collect();
    let sql = format!(
        "INSERT INTO membership (org_id, account_id, role, external, created_at, updated_at,
                                 email, mfa_kinds) VALUES {};
         UPDATE org_mfa_tally SET members = members + {} WHERE org_id = '{org}' AND mfa_kinds = 4;",
        rows.join(","),
        ids.len()
    );
    sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
        .execute(&mut c)
        .await?;
    Ok(())
}

/// Latencies (ms) by operation, and the unexpected answers.
#[derive(Default)]
struct Figures {
    ms: BTreeMap<&'static str, Vec<f64>>,
    unexpected: Vec<String>,
}

/// What the workers share.
struct Load {
    http: reqwest::Client,
    base: String,
    org: String,
    owner: String,
    /// Accounts that sign in, each with the last time step its app used.
    active: Vec<Mutex<Enrolled>>,
    /// Sessions the sign-ins made.
    sessions: Mutex<Vec<String>>,
    figures: Mutex<Figures>,
}

impl Load {
    /// Sends a request, records its latency under `op` and checks its status.
    async fn timed(
        &self,
        op: &'static str,
        req: reqwest::RequestBuilder,
        expect: u16,
    ) -> Option<Value> {
        let t = Instant::now();
        let res = req.send().await;
        let (status, body) = match res {
            Ok(r) => {
                let s = r.status().as_u16();
                (s, r.json::<Value>().await.unwrap_or(Value::Null))
            }
            Err(e) => (0, json!(e.to_string())),
        };
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        let mut f = self.figures.lock().unwrap_or_else(|e| e.into_inner());
        f.ms.entry(op).or_default().push(ms);
        if status != expect {
            f.unexpected.push(format!("{op}: {status} {body}"));
            return None;
        }
        Some(body)
    }

    async fn sign_in(&self, pick: usize) {
        let i = pick % self.active.len();
        let email = self.active[i]
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .email
            .clone();
        let req = self
            .http
            .post(format!("{}/api/v1/sessions", self.base))
            .json(&json!({"email": email, "password": PASSWORD}));
        let Some(body) = self.timed("sign_in", req, 201).await else {
            return;
        };
        // The code is taken once the password step is through (it takes a while under load):
        // the current step's, or the next's, whichever this account has not used.
        let code = {
            let mut a = self.active[i].lock().unwrap_or_else(|e| e.into_inner());
            let step = unix_now() / 30;
            let next = (a.last_step + 1).max(step);
            let code = (next <= step + 1)
                .then(|| totp::generate(&a.secret, at_step(next)))
                .flatten();
            if code.is_some() {
                a.last_step = next;
            }
            code
        };
        let (Ok(pending), Some(code)) = (text(&body, "token"), code) else {
            return;
        };
        let req = self
            .http
            .post(format!("{}/api/v1/sessions/current/mfa", self.base))
            .bearer_auth(pending)
            .json(&json!({"type": "totp", "code": code}));
        if let Some(body) = self.timed("second_step", req, 200).await
            && let Ok(token) = text(&body, "token")
        {
            let mut s = self.sessions.lock().unwrap_or_else(|e| e.into_inner());
            if s.len() < 10_000 {
                s.push(token);
            }
        }
    }

    async fn members(&self) {
        let req = self
            .http
            .get(format!(
                "{}/api/v1/orgs/{}/members?mfa=disabled",
                self.base, self.org
            ))
            .bearer_auth(&self.owner);
        self.timed("member_list", req, 200).await;
    }

    async fn me(&self, pick: usize) {
        let token = {
            let s = self.sessions.lock().unwrap_or_else(|e| e.into_inner());
            if s.is_empty() {
                return;
            }
            s[pick % s.len()].clone()
        };
        let req = self
            .http
            .get(format!("{}/api/v1/me", self.base))
            .bearer_auth(token);
        self.timed("me", req, 200).await;
    }

    async fn enforce(&self, on: bool) {
        let body = json!({"enforced": on, "confirm": if on { "ENFORCE" } else { "STOP" }});
        let req = self
            .http
            .put(format!("{}/api/v1/orgs/{}/mfa-policy", self.base, self.org))
            .bearer_auth(&self.owner)
            .json(&body);
        self.timed("enforcement", req, 200).await;
    }

    async fn remind(&self) {
        let req = self
            .http
            .post(format!(
                "{}/api/v1/orgs/{}/mfa-reminders",
                self.base, self.org
            ))
            .bearer_auth(&self.owner)
            .json(&json!({}));
        self.timed("reminders", req, 202).await;
    }
}

/// A worker: picks operations at random (xorshift, seeded by its number) until `until`.
async fn worker(load: Arc<Load>, n: u64, until: Instant) {
    let mut x = 0x9E37_79B9_7F4A_7C15_u64 ^ (n + 1).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    while Instant::now() < until {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let pick = usize::try_from(x >> 32).unwrap_or(0);
        match x % 10 {
            0..=3 => load.sign_in(pick).await,
            4..=6 => load.members().await,
            _ => load.me(pick).await,
        }
    }
}

/// The owner's changes: enforcement every 5 s, reminders every 20 s, until `until`.
async fn admin(load: Arc<Load>, until: Instant) {
    let mut k = 0u64;
    while Instant::now() < until {
        tokio::time::sleep(Duration::from_secs(5)).await;
        k += 1;
        load.enforce(k % 2 == 1).await;
        if k.is_multiple_of(4) {
            load.remind().await;
        }
    }
}

fn report(f: &Figures) {
    for (op, ms) in &f.ms {
        let mut ms = ms.clone();
        ms.sort_by(f64::total_cmp);
        let at = |p: f64| ms[((ms.len() as f64 - 1.0) * p).round() as usize];
        println!(
            "{op}: n={} p50_ms={:.2} p95_ms={:.2} p99_ms={:.2} max_ms={:.2}",
            ms.len(),
            at(0.5),
            at(0.95),
            at(0.99),
            ms[ms.len() - 1]
        );
    }
    println!("unexpected answers: {}", f.unexpected.len());
    for u in f.unexpected.iter().take(10) {
        println!("  {u}");
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let a = args()?;
    let base = a.url.trim_end_matches('/').to_owned();
    server::install_tls_provider();
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(120))
        .pool_max_idle_per_host(a.concurrency * 2)
        .build()?;
    let run = unix_now();
    let (owner, org) = owner_and_org(&http, &base, run).await?;

    let t = Instant::now();
    seed(&a.db, &org, a.accounts, a.members, run).await?;
    println!(
        "accounts={} members={} seed_seconds={:.1}",
        a.accounts,
        a.members,
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    // Eight at a time: each costs two Argon2id hashes.
    let mut active = Vec::with_capacity(a.active);
    let mut ids = Vec::with_capacity(a.active);
    for from in (0..a.active).step_by(8) {
        let mut batch = tokio::task::JoinSet::new();
        for i in from..(from + 8).min(a.active) {
            let (http, base) = (http.clone(), base.clone());
            batch.spawn(async move {
                let e = enroll(&http, &base, format!("active-{run}-{i}@bench.example")).await?;
                let me = http
                    .get(format!("{base}/api/v1/me"))
                    .bearer_auth(&e.token)
                    .send()
                    .await?
                    .json::<Value>()
                    .await?;
                anyhow::Ok((text(&me, "id")?, e))
            });
        }
        while let Some(done) = batch.join_next().await {
            let (id, e) = done??;
            ids.push(id);
            active.push(Mutex::new(e));
        }
    }
    join(&a.db, &org, &ids, run).await?;
    println!(
        "active={} enroll_seconds={:.1}",
        a.active,
        t.elapsed().as_secs_f64()
    );

    let load = Arc::new(Load {
        http,
        base,
        org,
        owner: owner.token,
        active,
        sessions: Mutex::new(Vec::new()),
        figures: Mutex::new(Figures::default()),
    });
    let until = Instant::now() + Duration::from_secs(a.seconds);
    let mut tasks = tokio::task::JoinSet::new();
    for n in 0..a.concurrency {
        tasks.spawn(worker(Arc::clone(&load), n as u64, until));
    }
    tasks.spawn(admin(Arc::clone(&load), until));
    while tasks.join_next().await.is_some() {}
    println!("load: {} workers for {} s", a.concurrency, a.seconds);
    report(&load.figures.lock().unwrap_or_else(|e| e.into_inner()));
    Ok(())
}
