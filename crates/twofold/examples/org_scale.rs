//! Scale driver for organization-wide enforcement: builds an organization of N members (an
//! owner with an authenticator app, made over HTTP; the members written straight into the
//! database in batches, a share of them with 2FA), then times over HTTP what an admin does:
//!
//! - the first page of `GET /orgs/{org}/members?mfa=disabled` (and of the unfiltered list),
//! - `PUT /orgs/{org}/mfa-policy` turning enforcement on (`ENFORCE`) and off (`STOP`),
//! - `GET /orgs/{org}/mfa-policy/preview`,
//! - `POST /orgs/{org}/mfa-reminders` to every member without 2FA.
//!
//! `scripts/bench-org.sh` runs it against a release server with its outbox worker off and a
//! reminder window of 0 hours (so that each round queues every reminder again); figures go to
//! docs/PERFORMANCE.md.
//!
//! Usage: `org_scale URL DATABASE_URL [--members N] [--enrolled-percent P] [--rounds R]`

use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use serde_json::{Value, json};

mod common;
use common::{owner_and_org, unix_now};

struct Args {
    url: String,
    db: String,
    members: usize,
    enrolled_percent: usize,
    rounds: usize,
}

fn args() -> anyhow::Result<Args> {
    let mut it = std::env::args().skip(1);
    let usage =
        "usage: org_scale URL DATABASE_URL [--members N] [--enrolled-percent P] [--rounds R]";
    let mut a = Args {
        url: it.next().context(usage)?,
        db: it.next().context(usage)?,
        members: 100_000,
        enrolled_percent: 70,
        rounds: 20,
    };
    while let Some(flag) = it.next() {
        let value = it.next().context("a flag needs a value")?;
        match flag.as_str() {
            "--members" => a.members = value.parse()?,
            "--enrolled-percent" => a.enrolled_percent = value.parse()?,
            "--rounds" => a.rounds = value.parse()?,
            other => bail!("unknown flag {other}"),
        }
    }
    Ok(a)
}

/// The seeded rows go in with plain SQL: this is test data, not an application path.
enum Db {
    Sqlite(sqlx::SqliteConnection),
    Postgres(sqlx::PgConnection),
}

impl Db {
    async fn connect(url: &str) -> anyhow::Result<Self> {
        use sqlx::Connection;
        Ok(if url.starts_with("postgres") {
            Db::Postgres(sqlx::PgConnection::connect(url).await?)
        } else {
            Db::Sqlite(sqlx::SqliteConnection::connect(url).await?)
        })
    }

    async fn run(&mut self, sql: String) -> anyhow::Result<()> {
        let sql = sqlx::AssertSqlSafe(sql);
        match self {
            Db::Sqlite(c) => {
                sqlx::raw_sql(sql).execute(c).await?;
            }
            Db::Postgres(c) => {
                sqlx::raw_sql(sql).execute(c).await?;
            }
        }
        Ok(())
    }
}

/// Writes `n` members into `org`, every `100 / enrolled_percent`-th… spread evenly: member `i`
/// has an authenticator app when `i * percent / 100` steps up. Emails are
/// `member-RUN-i@bench.example` so that their order interleaves members with and without 2FA.
async fn seed(db: &mut Db, org: &str, n: usize, percent: usize, run: i64) -> anyhow::Result<()> {
    let now = run * 1000;
    let batch = 1000;
    let mut i = 0;
    while i < n {
        let end = (i + batch).min(n);
        let mut accounts = Vec::with_capacity(batch);
        let mut members = Vec::with_capacity(batch);
        for j in i..end {
            let id = domain::UserId::generate();
            let email = format!("member-{run}-{j:06}@bench.example");
            let enrolled = (j + 1) * percent / 100 > j * percent / 100;
            let (flag, methods, mask) = if enrolled {
                ("true", "totp", 4)
            } else {
                ("false", "", 0)
            };
            accounts.push(format!(
                "('{id}', '{email}', 'Member {j}', '$argon2id$v=19$m=19456,t=2,p=1$bench$bench', \
                 {flag}, '{methods}', {now}, {now})"
            ));
            members.push(format!(
                "('{org}', '{id}', 'member', false, {now}, {now}, '{email}', {mask})"
            ));
        }
        db.run(format!(
            "BEGIN; \
             INSERT INTO account (id, email, name, password_hash, mfa_enabled, mfa_methods, \
                                  created_at, updated_at) VALUES {}; \
             INSERT INTO membership (org_id, account_id, role, external, created_at, updated_at, \
                                     email, mfa_kinds) VALUES {}; \
             COMMIT;",
            accounts.join(","),
            members.join(",")
        ))
        .await?;
        i = end;
    }
    // The head counts the store keeps with each membership, for the rows written here.
    db.run(format!(
        "BEGIN; DELETE FROM org_mfa_tally WHERE org_id = '{org}'; \
         INSERT INTO org_mfa_tally (org_id, mfa_kinds, members) \
         SELECT org_id, mfa_kinds, COUNT(*) FROM membership WHERE org_id = '{org}' \
         GROUP BY org_id, mfa_kinds; COMMIT;"
    ))
    .await?;
    Ok(())
}

async fn call(
    http: &reqwest::Client,
    method: reqwest::Method,
    url: &str,
    token: &str,
    body: Option<Value>,
) -> anyhow::Result<(u16, Value, f64)> {
    let mut req = http.request(method, url).bearer_auth(token);
    if let Some(b) = body {
        req = req.json(&b);
    }
    let t = Instant::now();
    let res = req.send().await?;
    let status = res.status().as_u16();
    let bytes = res.bytes().await?;
    let ms = t.elapsed().as_secs_f64() * 1000.0;
    Ok((
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        ms,
    ))
}

fn stats(name: &str, mut ms: Vec<f64>) {
    ms.sort_by(f64::total_cmp);
    let at = |p: f64| ms[((ms.len() as f64 - 1.0) * p).round() as usize];
    println!(
        "{name}: n={} min_ms={:.2} p50_ms={:.2} p95_ms={:.2} max_ms={:.2}",
        ms.len(),
        ms[0],
        at(0.5),
        at(0.95),
        ms[ms.len() - 1]
    );
}

/// Times `rounds` GETs of `path` (after one warm-up) and checks each answers 200.
async fn time_get(
    http: &reqwest::Client,
    url: &str,
    token: &str,
    rounds: usize,
) -> anyhow::Result<(Vec<f64>, Value)> {
    let mut out = Vec::new();
    let mut last = Value::Null;
    for k in 0..=rounds {
        let (s, b, ms) = call(http, reqwest::Method::GET, url, token, None).await?;
        if s != 200 {
            bail!("GET {url} answered {s}: {b}");
        }
        if k > 0 {
            out.push(ms);
        }
        last = b;
    }
    Ok((out, last))
}

/// Times `rounds` loads of a web page (after one warm-up) with the session cookie; returns the
/// times and the page's size.
async fn time_page(
    http: &reqwest::Client,
    url: &str,
    token: &str,
    rounds: usize,
) -> anyhow::Result<(Vec<f64>, usize)> {
    let mut out = Vec::new();
    let mut size = 0;
    for k in 0..=rounds {
        let t = Instant::now();
        let res = http
            .get(url)
            .header("cookie", format!("twofold_session={token}"))
            .send()
            .await?;
        let status = res.status().as_u16();
        let body = res.bytes().await?;
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        if status != 200 {
            bail!("GET {url} answered {status}");
        }
        if k > 0 {
            out.push(ms);
        }
        size = body.len();
    }
    Ok((out, size))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let a = args()?;
    let base = a.url.trim_end_matches('/').to_owned();
    server::install_tls_provider();
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(120))
        .build()?;
    let run = unix_now();
    let (owner, org) = owner_and_org(&http, &base, run).await?;

    let t = Instant::now();
    let mut db = Db::connect(&a.db).await?;
    seed(&mut db, &org, a.members, a.enrolled_percent, run).await?;
    db.run("ANALYZE".to_owned()).await?;
    println!(
        "members={} enrolled_percent={} seed_seconds={:.1}",
        a.members,
        a.enrolled_percent,
        t.elapsed().as_secs_f64()
    );

    let members = format!("{base}/api/v1/orgs/{org}/members");
    let (ms, page) = time_get(
        &http,
        &format!("{members}?mfa=disabled"),
        &owner.token,
        a.rounds,
    )
    .await?;
    println!(
        "first page mfa=disabled: {} rows, counts {}",
        page["members"].as_array().map_or(0, Vec::len),
        page["counts"]
    );
    stats("members_mfa_disabled_first_page", ms);
    let (ms, _) = time_get(&http, &members, &owner.token, a.rounds).await?;
    stats("members_first_page", ms);
    let (ms, _) = time_get(
        &http,
        &format!("{members}?mfa=enabled"),
        &owner.token,
        a.rounds,
    )
    .await?;
    stats("members_mfa_enabled_first_page", ms);
    // The twentieth page (or the last), through the cursor of the one before.
    let mut url = format!("{members}?mfa=disabled");
    for _ in 0..19 {
        let (_, b, _) = call(&http, reqwest::Method::GET, &url, &owner.token, None).await?;
        let Some(cursor) = b["next_cursor"].as_str() else {
            break;
        };
        url = format!("{members}?mfa=disabled&cursor={cursor}");
    }
    let (ms, _) = time_get(&http, &url, &owner.token, a.rounds).await?;
    stats("members_mfa_disabled_page_20", ms);

    let (ms, size) = time_page(
        &http,
        &format!("{base}/orgs/{org}/members?mfa=disabled"),
        &owner.token,
        a.rounds,
    )
    .await?;
    println!("web members page: {size} bytes");
    stats("web_members_page_mfa_disabled", ms);
    let (ms, _) = time_page(
        &http,
        &format!("{base}/orgs/{org}/members"),
        &owner.token,
        a.rounds,
    )
    .await?;
    stats("web_members_page", ms);

    let policy = format!("{base}/api/v1/orgs/{org}/mfa-policy");
    let (ms, preview) = time_get(&http, &format!("{policy}/preview"), &owner.token, 3).await?;
    println!(
        "preview: would_block={}",
        preview["would_block"].as_array().map_or(0, Vec::len)
    );
    stats("preview_all_would_block", ms);

    let mut on = Vec::new();
    let mut off = Vec::new();
    for _ in 0..a.rounds.min(10) {
        for (body, into) in [
            (json!({"enforced": true, "confirm": "ENFORCE"}), &mut on),
            (json!({"enforced": false, "confirm": "STOP"}), &mut off),
        ] {
            let (s, b, ms) = call(
                &http,
                reqwest::Method::PUT,
                &policy,
                &owner.token,
                Some(body),
            )
            .await?;
            if s != 200 {
                bail!("PUT policy answered {s}: {b}");
            }
            into.push(ms);
            // Let the background announcement finish before the next write is timed.
            tokio::time::sleep(Duration::from_millis(1500)).await;
        }
    }
    stats("policy_enforce", on);
    stats("policy_stop", off);

    let reminders = format!("{base}/api/v1/orgs/{org}/mfa-reminders");
    let mut ms_all = Vec::new();
    for round in 0..4 {
        if round == 2 {
            // Security keys only: now no member has an allowed method, and every one of them
            // gets a reminder.
            let body = json!({"enforced": false, "allowed_methods": ["webauthn"]});
            let (s, b, _) = call(
                &http,
                reqwest::Method::PUT,
                &policy,
                &owner.token,
                Some(body),
            )
            .await?;
            if s != 200 {
                bail!("PUT policy answered {s}: {b}");
            }
            stats(
                "reminders_to_the_members_without_2fa",
                std::mem::take(&mut ms_all),
            );
        }
        let (s, b, ms) = call(
            &http,
            reqwest::Method::POST,
            &reminders,
            &owner.token,
            Some(json!({})),
        )
        .await?;
        if s != 202 {
            bail!("reminders answered {s}: {b}");
        }
        println!("reminders queued={} ms={ms:.0}", b["queued"]);
        ms_all.push(ms);
    }
    stats("reminders_to_every_member", ms_all);
    Ok(())
}
