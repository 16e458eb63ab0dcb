//! What the load drivers share: HTTP calls, the clock, and enrolling an account with an
//! authenticator app as a person would.

// Each driver uses a part of this module.
#![allow(dead_code)]

use anyhow::{Context, bail};
use domain::totp::{self, TotpSecret};
use serde_json::{Value, json};
use time::OffsetDateTime;

pub const PASSWORD: &str = "correct horse battery staple";

/// An account with a verified authenticator app, and its session (aal2, second factor just
/// passed).
pub struct Enrolled {
    pub email: String,
    pub token: String,
    pub secret: TotpSecret,
    /// The time step the server accepted at enrollment.
    pub last_step: i64,
}

pub fn unix_now() -> i64 {
    // A load driver measures the real clock; the server's Clock rule is for the server.
    #[allow(clippy::disallowed_methods)]
    OffsetDateTime::now_utc().unix_timestamp()
}

pub fn at_step(step: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(step * 30).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

pub async fn post(
    http: &reqwest::Client,
    url: &str,
    token: Option<&str>,
    body: Value,
) -> anyhow::Result<(u16, Value)> {
    let mut req = http.post(url).json(&body);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let res = req.send().await?;
    let status = res.status().as_u16();
    let body = res.json::<Value>().await.unwrap_or(Value::Null);
    Ok((status, body))
}

pub fn text(v: &Value, key: &str) -> anyhow::Result<String> {
    v[key]
        .as_str()
        .map(str::to_owned)
        .with_context(|| format!("no {key} in {v}"))
}

/// Creates an account (the server proves no address for the load scripts) and signs it in; its
/// session token.
pub async fn sign_up_and_in(
    http: &reqwest::Client,
    base: &str,
    email: &str,
) -> anyhow::Result<String> {
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
    let (s, b) = post(
        http,
        &format!("{base}/api/v1/sessions"),
        None,
        json!({"email": email, "password": PASSWORD}),
    )
    .await?;
    if s != 201 {
        bail!("sign-in answered {s}: {b}");
    }
    text(&b, "token")
}

/// Creates an account with an authenticator app enrolled; the enrollment uses the previous
/// step's code so the current one stays free.
pub async fn enroll(http: &reqwest::Client, base: &str, email: String) -> anyhow::Result<Enrolled> {
    let token = sign_up_and_in(http, base, &email).await?;
    let (s, b) = post(
        http,
        &format!("{base}/api/v1/me/mfa/totp"),
        Some(&token),
        json!({}),
    )
    .await?;
    if s != 201 {
        bail!("enrollment answered {s}: {b}");
    }
    let id = text(&b, "id")?;
    let secret = TotpSecret::from_base32(&text(&b, "secret")?).context("bad secret")?;
    let step = unix_now() / 30 - 1;
    let code = totp::generate(&secret, at_step(step)).context("no code")?;
    let (s, b) = post(
        http,
        &format!("{base}/api/v1/me/mfa/totp/{id}/verify"),
        Some(&token),
        json!({"code": code}),
    )
    .await?;
    if s != 200 {
        bail!("verification answered {s}: {b}");
    }
    Ok(Enrolled {
        email,
        token,
        secret,
        last_step: step,
    })
}

/// An owner with an authenticator app (`owner-RUN@bench.example`) and the organization they
/// create (`Scale RUN`): its id.
pub async fn owner_and_org(
    http: &reqwest::Client,
    base: &str,
    run: i64,
) -> anyhow::Result<(Enrolled, String)> {
    let owner = enroll(http, base, format!("owner-{run}@bench.example")).await?;
    let (s, b) = post(
        http,
        &format!("{base}/api/v1/orgs"),
        Some(&owner.token),
        json!({"name": format!("Scale {run}")}),
    )
    .await?;
    if s != 201 {
        bail!("creating the organization answered {s}: {b}");
    }
    let org = text(&b, "id")?;
    Ok((owner, org))
}
