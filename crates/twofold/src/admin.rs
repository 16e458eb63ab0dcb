//! Administration commands that work on the database directly, without the HTTP server.

use std::io::BufRead;

use anyhow::{Context, bail};
use clap::Subcommand;
use domain::page::{Cursor, Limit};
use domain::{DisplayName, Email, NewPassword, OrgId, OrgName};
use server::config::Config;
use server::services::{accounts, orgs};
use server::state::AppState;

#[derive(Subcommand)]
pub enum UserCommand {
    /// Create an account. Without --password-stdin a strong password is generated and printed once.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: Option<String>,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Turn two-factor authentication off for an account whose holder lost every factor and
    /// every recovery code (after checking who they are). Audited, and the holder is emailed.
    ResetMfa {
        /// The account's email.
        email: String,
    },
}

#[derive(Subcommand)]
pub enum OrgCommand {
    /// Create an organization owned by an existing account.
    Create {
        /// The organization's name.
        name: String,
        /// Email of the account that becomes its owner.
        #[arg(long)]
        owner: String,
    },
    /// List an organization's members with their role and 2FA status.
    Members {
        /// The organization's id.
        org: String,
        /// Print JSON lines instead of a table.
        #[arg(long)]
        json: bool,
    },
}

async fn state(config: &Config) -> anyhow::Result<AppState> {
    let mut config = config.clone();
    // One hashing thread is plenty for one command.
    config.password_hashing.workers = Some(1);
    Ok(server::app_state(config.clone(), config.listen).await?)
}

pub async fn user(config: &Config, cmd: UserCommand) -> anyhow::Result<()> {
    match cmd {
        UserCommand::Create {
            email,
            name,
            password_stdin,
        } => {
            let email = Email::parse(&email)?;
            let name = match name {
                Some(n) => DisplayName::parse(&n)?,
                None => DisplayName::from_email(&email),
            };
            let (raw, generated) = if password_stdin {
                let mut line = String::new();
                std::io::stdin().lock().read_line(&mut line)?;
                (line.trim_end_matches(['\r', '\n']).to_owned(), false)
            } else {
                (domain::SecretToken::generate()?.expose().to_owned(), true)
            };
            let password = NewPassword::parse(&raw, &email)?;
            let st = state(config).await?;
            let id = accounts::create(
                &st,
                accounts::SignUp {
                    email: email.clone(),
                    password,
                    name,
                },
                None,
            )
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!("created account {id} for {email}");
            if generated {
                println!("password (shown once): {raw}");
            }
            st.store.close().await;
            Ok(())
        }
        UserCommand::ResetMfa { email } => {
            let email = Email::parse(&email)?;
            let st = state(config).await?;
            let removed = server::services::mfa::reset_by_operator(&st, &email)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!(
                "two-factor authentication reset for {email}: {removed} method(s) removed, \
                 recovery codes and remembered devices forgotten; the holder was emailed"
            );
            st.store.close().await;
            Ok(())
        }
    }
}

pub async fn org(config: &Config, cmd: OrgCommand) -> anyhow::Result<()> {
    let st = state(config).await?;
    let result = match cmd {
        OrgCommand::Create { name, owner } => {
            let name = OrgName::parse(&name)?;
            let owner = Email::parse(&owner)?;
            let account = {
                let mut c = st.store.read().await?;
                store::accounts::find_by_email(&mut c, &owner).await?
            };
            let Some(account) = account.filter(|a| a.verified) else {
                // An unverified account may be a stranger's claim on the address: it would be
                // replaced (and the organization left without an owner) by the holder's sign-up.
                bail!(
                    "no account that may sign in has the email {owner}; create it with \
                     `twofold user create`"
                );
            };
            let org = orgs::create(&st, &account.id, name, None)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!(
                "created organization {} ({}) owned by {owner}",
                org.id, org.name
            );
            Ok(())
        }
        OrgCommand::Members { org, json } => list_members(&st, &org, json).await,
    };
    st.store.close().await;
    result
}

async fn list_members(st: &AppState, org: &str, json: bool) -> anyhow::Result<()> {
    let org = OrgId::parse(org).context("not an organization id")?;
    let limit = Limit::parse(Some(Limit::MAX))?;
    let mut cursor: Option<Cursor> = None;
    if !json {
        println!(
            "{:<40} {:<32} {:<22} {:<8} 2FA",
            "email", "name", "role", "external"
        );
    }
    loop {
        let page = orgs::members_for_operator(st, &org, cursor.as_ref(), limit)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        for m in &page.members {
            if json {
                let line = serde_json::json!({
                    "user_id": m.user_id.as_str(), "email": m.email.as_str(), "name": m.name,
                    "role": m.membership.role.as_str(), "external": m.membership.kind.is_external(),
                    "mfa_enabled": page.policy.accepts(&m.methods),
                });
                println!("{line}");
            } else {
                println!(
                    "{:<40} {:<32} {:<22} {:<8} {}",
                    m.email,
                    m.name,
                    m.membership.role,
                    if m.membership.kind.is_external() {
                        "yes"
                    } else {
                        "no"
                    },
                    if page.policy.accepts(&m.methods) {
                        "on"
                    } else {
                        "off"
                    }
                );
            }
        }
        match page.next_cursor {
            Some(next) => cursor = Some(Cursor::parse(&next)?),
            None => return Ok(()),
        }
    }
}

#[derive(Subcommand)]
pub enum ClientCommand {
    /// Register an app that signs people in through twofold (an OpenID Connect client). A
    /// confidential app's secret is printed once.
    Add {
        /// The app's name, shown to people signing in.
        #[arg(long)]
        name: String,
        /// `confidential` (a server that keeps a secret) or `public` (a native or browser app).
        #[arg(long = "type", default_value = "confidential")]
        client_type: String,
        /// `web` or `native`.
        #[arg(long, default_value = "web")]
        kind: String,
        /// A redirect URI (repeat for more).
        #[arg(long = "redirect-uri", required = true)]
        redirect_uris: Vec<String>,
        /// A URI the app may send people to after signing out (repeat for more).
        #[arg(long = "post-logout-uri")]
        post_logout_uris: Vec<String>,
        /// The organization's id; without it the app is instance-wide.
        #[arg(long)]
        org: Option<String>,
    },
    /// List an organization's apps, or the instance-wide ones.
    List {
        /// The organization's id; without it, the instance-wide apps.
        #[arg(long)]
        org: Option<String>,
    },
    /// Remove an app, whichever organization's.
    Remove {
        /// The app's client id.
        client_id: String,
    },
}

pub async fn client(config: &Config, cmd: ClientCommand) -> anyhow::Result<()> {
    use server::services::clients::{self, Registration};
    let st = state(config).await?;
    let org_of = |raw: Option<String>| raw.map(|o| domain::OrgId::parse(&o)).transpose();
    let result = async {
        match cmd {
            ClientCommand::Add {
                name,
                client_type,
                kind,
                redirect_uris,
                post_logout_uris,
                org,
            } => {
                let org = org_of(org)?;
                let app = Registration::parse(
                    &name,
                    &client_type,
                    &kind,
                    &redirect_uris,
                    &post_logout_uris,
                )?;
                let (c, secret) = clients::register_by_operator(&st, org.as_ref(), app)
                    .await
                    .map_err(|e| anyhow::anyhow!("{e}"))?;
                println!("registered app {} ({})", c.id, c.name);
                if let Some(s) = secret {
                    println!("client secret (shown once): {}", s.expose());
                }
                Ok(())
            }
            ClientCommand::List { org } => {
                let org = org_of(org)?;
                let all = clients::list_by_operator(&st, org.as_ref())
                    .await
                    .map_err(|e| anyhow::anyhow!("{e}"))?;
                for c in all {
                    let uris: Vec<&str> = c.redirect_uris.iter().map(|u| u.as_str()).collect();
                    println!(
                        "{}\t{}\t{}\t{}\t{}",
                        c.id,
                        c.name,
                        c.client_type.as_str(),
                        c.app_kind.as_str(),
                        uris.join(" ")
                    );
                }
                Ok(())
            }
            ClientCommand::Remove { client_id } => {
                let id = domain::ClientId::parse(&client_id)?;
                clients::remove_by_operator(&st, &id)
                    .await
                    .map_err(|e| anyhow::anyhow!("{e}"))?;
                println!("removed app {id}");
                Ok(())
            }
        }
    }
    .await;
    st.store.close().await;
    result
}

#[derive(Subcommand)]
pub enum KeysCommand {
    /// Sign with new keys from now on; the old ones stay published until the tokens they
    /// signed have expired (every node picks the new keys up within a minute).
    Rotate,
    /// Seal every second-factor secret and signing key under a new master key while the server
    /// runs, then put the new key in the key file and retire the old one. Killed, it resumes
    /// where it stopped when run again. Restart every node afterwards.
    RotateMaster {
        /// Values re-sealed per transaction
        #[arg(long, default_value_t = 100)]
        batch: u32,
        /// Milliseconds to pause between transactions, to spare a busy database
        #[arg(long, default_value_t = 0)]
        pause_ms: u64,
    },
    /// Which master key the key file holds, the rotation under way, and how many sealed values
    /// are under the newest key.
    Status,
}

pub async fn keys(config: &Config, cmd: KeysCommand) -> anyhow::Result<()> {
    let st = state(config).await?;
    let result = match cmd {
        KeysCommand::Rotate => server::signing::Keyring::rotate(&st)
            .await
            .map(|ids| {
                for id in ids {
                    println!("new signing key {id}");
                }
            })
            .map_err(|e| anyhow::anyhow!("{e}")),
        KeysCommand::RotateMaster { batch, pause_ms } => {
            let opts = server::rotation::Options {
                batch,
                pause: std::time::Duration::from_millis(pause_ms),
            };
            let mut say = |line: String| println!("{line}");
            server::rotation::rotate_master(&st, &config.master_key_path(), &opts, &mut say)
                .await
                .map(|_| {
                    println!(
                        "done: restart every node; a database backup taken before needs the old \
                         key, which is gone (take a new backup now)"
                    );
                })
                .map_err(|e| anyhow::anyhow!("{e}"))
        }
        KeysCommand::Status => server::rotation::status(&st)
            .await
            .map(|lines| lines.iter().for_each(|l| println!("{l}")))
            .map_err(|e| anyhow::anyhow!("{e}")),
    };
    st.store.close().await;
    result
}
