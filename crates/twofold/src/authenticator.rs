//! `twofold authenticator`: the device side of push approval, for people without a phone app
//! and for the tests. It enrolls with the one-time code from the security page (keeping its
//! Ed25519 key, access token and TOTP secret in a file readable only by its owner), shows
//! offline codes, and watches for sign-ins to approve or deny, signing each answer.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use clap::{Args, Subcommand};
use domain::push::Answer;
use domain::totp::{self, TotpSecret};
use ed25519_dalek::{Signer, SigningKey};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use zeroize::Zeroizing;

#[derive(Subcommand)]
pub enum AuthenticatorCommand {
    /// Enroll this device with the link (or the server's URL and --code) from the security page.
    Enroll {
        /// `twofold-push://enroll?server=…&code=…`, or the server's URL with --code
        link: String,
        /// The one-time enrollment code, when the first argument is the server's URL
        // A code is base64url and may begin with `-`: it is the code, not another option.
        #[arg(long, allow_hyphen_values = true)]
        code: Option<String>,
        /// The name the security page shows for this device
        #[arg(long)]
        name: Option<String>,
        #[command(flatten)]
        state: StateFile,
    },
    /// Print the code to type when this device is offline (and to confirm it after enrolling).
    Code {
        #[command(flatten)]
        state: StateFile,
    },
    /// Wait for sign-ins to approve; for each, pick the number the sign-in shows, or deny it.
    Watch {
        /// Stop after answering one sign-in
        #[arg(long)]
        once: bool,
        /// Approve by picking this number, without asking
        #[arg(long, conflicts_with_all = ["deny", "not_me"])]
        pick: Option<u8>,
        /// Deny, without asking
        #[arg(long, conflicts_with = "not_me")]
        deny: bool,
        /// Deny and report "this wasn't me", without asking
        #[arg(long)]
        not_me: bool,
        /// Give up after this many seconds without a sign-in to answer
        #[arg(long)]
        timeout: Option<u64>,
        #[command(flatten)]
        state: StateFile,
    },
}

#[derive(Args)]
pub struct StateFile {
    /// Where this device keeps its key and token [default: ~/.config/twofold/authenticator.json]
    #[arg(long, env = "TWOFOLD_AUTHENTICATOR_STATE")]
    state: Option<PathBuf>,
}

impl StateFile {
    fn path(&self) -> PathBuf {
        self.state.clone().unwrap_or_else(|| {
            let base = std::env::var_os("XDG_CONFIG_HOME")
                .map(PathBuf::from)
                .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))
                .unwrap_or_else(|| PathBuf::from("."));
            base.join("twofold").join("authenticator.json")
        })
    }
}

/// What an enrolled device keeps.
#[derive(Serialize, Deserialize)]
struct Device {
    server: String,
    device_id: String,
    token: String,
    /// The Ed25519 secret key, base64url.
    signing_key: String,
    /// Base32, as authenticator apps show it.
    totp_secret: String,
    account_email: String,
}

impl Device {
    fn load(path: &Path) -> anyhow::Result<Self> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {} (enroll first)", path.display()))?;
        serde_json::from_str(&text).with_context(|| format!("{} is damaged", path.display()))
    }

    fn save(&self, path: &Path) -> anyhow::Result<()> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let mut opts = std::fs::OpenOptions::new();
        opts.write(true).create(true).truncate(true);
        // The key and the token are this device's second factor: the owner's eyes only.
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        let mut f = opts
            .open(path)
            .with_context(|| format!("cannot write {}", path.display()))?;
        f.write_all(serde_json::to_string_pretty(self)?.as_bytes())?;
        Ok(())
    }

    fn key(&self) -> anyhow::Result<SigningKey> {
        let bytes: Zeroizing<Vec<u8>> = Zeroizing::new(URL_SAFE_NO_PAD.decode(&self.signing_key)?);
        let arr: [u8; 32] = bytes
            .as_slice()
            .try_into()
            .context("the stored key is not 32 bytes")?;
        Ok(SigningKey::from_bytes(&arr))
    }
}

/// Splits `twofold-push://enroll?server=URL&code=CODE` into its server and code.
fn parse_link(link: &str, code: Option<String>) -> anyhow::Result<(String, String)> {
    if let Some(query) = link.strip_prefix("twofold-push://enroll?") {
        let mut server = None;
        let mut found = None;
        for part in query.split('&') {
            match part.split_once('=') {
                Some(("server", v)) => server = Some(v.to_owned()),
                Some(("code", v)) => found = Some(v.to_owned()),
                _ => {}
            }
        }
        return match (server, found) {
            (Some(s), Some(c)) => Ok((s, c)),
            _ => bail!("the link lacks its server or code"),
        };
    }
    let code = code.context("give the enrollment link, or the server's URL with --code")?;
    Ok((link.trim_end_matches('/').to_owned(), code))
}

async fn answer_json(res: reqwest::Response) -> anyhow::Result<Value> {
    let status = res.status();
    let body: Value = res.json().await.unwrap_or(Value::Null);
    if !status.is_success() {
        let detail = body["detail"].as_str().unwrap_or("no detail");
        bail!("the server answered {status}: {detail}");
    }
    Ok(body)
}

/// Runs one `twofold authenticator` command.
///
/// # Errors
/// When the server cannot be reached or refuses, or the state file cannot be read or written.
pub async fn run(cmd: AuthenticatorCommand) -> anyhow::Result<()> {
    let http = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(60))
        .build()?;
    match cmd {
        AuthenticatorCommand::Enroll {
            link,
            code,
            name,
            state,
        } => enroll(&http, &link, code, name, &state.path()).await,
        AuthenticatorCommand::Code { state } => {
            let device = Device::load(&state.path())?;
            let secret = TotpSecret::from_base32(&device.totp_secret)
                .context("the stored secret is damaged")?;
            #[allow(clippy::disallowed_methods)] // a device reads its own clock
            let now = time::OffsetDateTime::now_utc();
            println!("{}", totp::generate(&secret, now).context("no code")?);
            Ok(())
        }
        AuthenticatorCommand::Watch {
            once,
            pick,
            deny,
            not_me,
            timeout,
            state,
        } => {
            let preset = match (pick, deny, not_me) {
                (Some(n), _, _) => Some(Answer::Approve(n)),
                (None, _, true) => Some(Answer::NotMe),
                (None, true, _) => Some(Answer::Deny),
                _ => None,
            };
            watch(&http, &Device::load(&state.path())?, once, preset, timeout).await
        }
    }
}

async fn enroll(
    http: &reqwest::Client,
    link: &str,
    code: Option<String>,
    name: Option<String>,
    path: &Path,
) -> anyhow::Result<()> {
    let (server, code) = parse_link(link, code)?;
    let mut seed = Zeroizing::new([0u8; 32]);
    domain::token::fill_random(seed.as_mut())?;
    let key = SigningKey::from_bytes(&seed);
    let public_key = URL_SAFE_NO_PAD.encode(key.verifying_key().to_bytes());
    let name = name.unwrap_or_else(|| "twofold authenticator".to_owned());
    let res = http
        .post(format!("{server}/api/v1/push/enroll"))
        .json(&json!({"code": code, "public_key": public_key, "name": name}))
        .send()
        .await
        .with_context(|| format!("cannot reach {server}"))?;
    let body = answer_json(res).await?;
    let text = |k: &str| body[k].as_str().unwrap_or_default().to_owned();
    let device = Device {
        server,
        device_id: text("device_id"),
        token: text("token"),
        signing_key: URL_SAFE_NO_PAD.encode(*seed),
        totp_secret: text("totp_secret"),
        account_email: text("account_email"),
    };
    device.save(path)?;
    let secret = TotpSecret::from_base32(&device.totp_secret).context("no secret received")?;
    #[allow(clippy::disallowed_methods)] // a device reads its own clock
    let now = time::OffsetDateTime::now_utc();
    println!(
        "enrolled for {} as device {}",
        device.account_email, device.device_id
    );
    println!(
        "to finish, type this code on the security page: {}",
        totp::generate(&secret, now).context("no code")?
    );
    Ok(())
}

/// Asks at the terminal which number the sign-in shows.
fn ask(choices: &[u8]) -> anyhow::Result<Answer> {
    let list: Vec<String> = choices.iter().map(u8::to_string).collect();
    loop {
        print!(
            "Which number does the sign-in show? {} — or n to deny, x if this wasn't you: ",
            list.join("  ")
        );
        std::io::stdout().flush()?;
        let mut line = String::new();
        if std::io::stdin().lock().read_line(&mut line)? == 0 {
            bail!("no answer given");
        }
        match line.trim() {
            "n" | "N" => return Ok(Answer::Deny),
            "x" | "X" => return Ok(Answer::NotMe),
            other => match other.parse::<u8>() {
                Ok(n) if choices.contains(&n) => return Ok(Answer::Approve(n)),
                _ => println!("pick one of {}", list.join(", ")),
            },
        }
    }
}

async fn watch(
    http: &reqwest::Client,
    device: &Device,
    once: bool,
    preset: Option<Answer>,
    timeout: Option<u64>,
) -> anyhow::Result<()> {
    let key = device.key()?;
    let started = std::time::Instant::now();
    let mut answered = std::collections::HashSet::new();
    loop {
        if timeout.is_some_and(|t| started.elapsed().as_secs() >= t) {
            bail!(
                "no sign-in to answer within {} seconds",
                timeout.unwrap_or(0)
            );
        }
        let res = http
            .get(format!("{}/api/v1/push/challenges?wait=20", device.server))
            .bearer_auth(&device.token)
            .send()
            .await
            .with_context(|| format!("cannot reach {}", device.server))?;
        let body = answer_json(res).await?;
        let requests = body["requests"].as_array().cloned().unwrap_or_default();
        for r in requests {
            let id = r["id"].as_str().unwrap_or_default().to_owned();
            if !answered.insert(id.clone()) {
                continue;
            }
            let choices: Vec<u8> = r["choices"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|c| c.as_u64())
                        .filter_map(|c| u8::try_from(c).ok())
                        .collect()
                })
                .unwrap_or_default();
            let place = r["place"]
                .as_str()
                .map(|p| format!(", near {p}"))
                .unwrap_or_default();
            println!(
                "sign-in request for {} from {}{place} ({}) at {}",
                device.account_email,
                r["ip"].as_str().unwrap_or("an unknown address"),
                r["browser"].as_str().unwrap_or("unknown browser"),
                r["at"].as_str().unwrap_or_default(),
            );
            let answer = match preset {
                Some(a) => a,
                None => ask(&choices)?,
            };
            let signature =
                URL_SAFE_NO_PAD.encode(key.sign(&answer.signed_message(&id)).to_bytes());
            let (decision, number, not_me) = match answer {
                Answer::Approve(n) => ("approve", Some(n), false),
                Answer::Deny => ("deny", None, false),
                Answer::NotMe => ("deny", None, true),
            };
            let res = http
                .post(format!("{}/api/v1/push/challenges/{id}", device.server))
                .bearer_auth(&device.token)
                .json(&json!({
                    "decision": decision,
                    "number": number,
                    "not_me": not_me,
                    "signature": signature,
                }))
                .send()
                .await?;
            let outcome = answer_json(res).await?;
            println!("{}", outcome["outcome"].as_str().unwrap_or("answered"));
            if once {
                return Ok(());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_give_their_server_and_code() {
        let (s, c) = parse_link(
            "twofold-push://enroll?server=https://id.example.org&code=abc",
            None,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((s.as_str(), c.as_str()), ("https://id.example.org", "abc"));
        let (s, c) = parse_link("http://127.0.0.1:8080/", Some("xyz".into()))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((s.as_str(), c.as_str()), ("http://127.0.0.1:8080", "xyz"));
        assert!(parse_link("http://127.0.0.1:8080", None).is_err());
        assert!(parse_link("twofold-push://enroll?server=x", None).is_err());
    }

    #[test]
    fn an_enrollment_code_may_begin_with_a_hyphen() {
        use clap::Parser;
        #[derive(Parser)]
        struct Cli {
            #[command(subcommand)]
            command: AuthenticatorCommand,
        }
        let cli = Cli::try_parse_from([
            "authenticator",
            "enroll",
            "http://127.0.0.1:8080",
            "--code",
            "-jX3_code",
            "--state",
            "/tmp/state.json",
        ])
        .unwrap_or_else(|e| panic!("{e}"));
        let AuthenticatorCommand::Enroll { code, .. } = cli.command else {
            panic!("not enroll");
        };
        assert_eq!(code.as_deref(), Some("-jX3_code"));
    }
}
