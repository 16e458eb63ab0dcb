//! The `twofold` command: the server and the administration commands that work without it.

mod admin;
mod authenticator;
mod backup;
mod doctor;

use std::io::Write as _;
use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use server::config::{Config, LogFormat, Overrides};

/// twofold — an identity server that gets every member of an organization onto a second factor.
///
/// With no configuration, `twofold serve` keeps everything in ./twofold-data (an SQLite
/// database, the master key, and emails written as .eml files) and listens on 127.0.0.1:8080.
#[derive(Parser)]
#[command(name = "twofold", version, propagate_version = true)]
struct Cli {
    #[command(flatten)]
    global: Global,
    #[command(subcommand)]
    command: Command,
}

/// Settings every command understands. Each is also a `TWOFOLD_*` environment variable or a key
/// in the TOML configuration file; the command line wins.
#[derive(Args)]
struct Global {
    /// A TOML configuration file
    #[arg(long, global = true, env = "TWOFOLD_CONFIG")]
    config: Option<PathBuf>,
    /// Directory for the SQLite database, the master key and the dev outbox [env: TWOFOLD_DATA_DIR] [default: ./twofold-data]
    #[arg(long, global = true)]
    data_dir: Option<PathBuf>,
    /// `sqlite://PATH` or `postgres://USER:PASS@HOST/DB` [env: TWOFOLD_DATABASE_URL] [default: SQLite in the data dir]
    #[arg(long, global = true)]
    database_url: Option<String>,
    /// Log as JSON lines instead of text [env: TWOFOLD_LOG_FORMAT=json]
    #[arg(long, global = true)]
    log_json: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Run the server.
    Serve(ServeArgs),
    /// Apply database migrations and exit (serve also applies them at start).
    Migrate,
    /// Manage accounts.
    #[command(subcommand)]
    User(admin::UserCommand),
    /// Manage organizations.
    #[command(subcommand)]
    Org(admin::OrgCommand),
    /// Manage the apps that sign people in through twofold (OpenID Connect clients).
    #[command(subcommand)]
    Client(admin::ClientCommand),
    /// Manage keys: those that sign ID tokens, and the master key.
    #[command(subcommand)]
    Keys(admin::KeysCommand),
    /// Write a consistent copy of the SQLite database to FILE, while the server runs.
    Backup {
        /// The copy to write (it must not exist)
        file: PathBuf,
    },
    /// Put a copy made by `backup` in place of the SQLite database; refused while a server runs
    /// on the data directory.
    Restore {
        /// The copy to restore
        file: PathBuf,
        /// Replace the database the data directory holds
        #[arg(long)]
        force: bool,
    },
    /// Check the configuration: database, master key and data directory modes, public URL and
    /// WebAuthn, email delivery, clocks. Fails when a check does.
    Doctor,
    /// Be an authenticator device: approve sign-ins pushed to it, show offline codes.
    #[command(subcommand)]
    Authenticator(authenticator::AuthenticatorCommand),
}

#[derive(Args)]
struct ServeArgs {
    /// Address to listen on; port 0 picks a free port [env: TWOFOLD_LISTEN] [default: 127.0.0.1:8080]
    #[arg(long)]
    listen: Option<SocketAddr>,
    /// The URL people reach this server at, used in links and for the Secure cookie flag [env: TWOFOLD_PUBLIC_URL]
    #[arg(long)]
    public_url: Option<String>,
    /// Write outgoing email as .eml files into this directory when no SMTP server is configured [env: TWOFOLD_DEV_OUTBOX] [default: DATA_DIR/outbox]
    #[arg(long)]
    dev_outbox: Option<PathBuf>,
}

fn load_config(global: &Global, serve: Option<&ServeArgs>) -> anyhow::Result<Config> {
    let overrides = Overrides {
        listen: serve.and_then(|s| s.listen),
        data_dir: global.data_dir.clone(),
        database_url: global.database_url.clone(),
        public_url: serve.and_then(|s| s.public_url.clone()),
        dev_outbox: serve.and_then(|s| s.dev_outbox.clone()),
        log_format: global.log_json.then_some(LogFormat::Json),
    };
    Config::load(global.config.as_deref(), &overrides).map_err(|e| anyhow::anyhow!("{e}"))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    server::install_tls_provider();
    // A device talks to a server over HTTP; it has no configuration of its own.
    let cli = match cli.command {
        Command::Authenticator(cmd) => return authenticator::run(cmd).await,
        _ => cli,
    };
    let serve = match &cli.command {
        Command::Serve(args) => Some(args),
        _ => None,
    };
    let config = load_config(&cli.global, serve)?;
    server::telemetry::init(config.log_format);
    match cli.command {
        Command::Serve(_) => serve_until_stopped(config).await,
        Command::Migrate => {
            let store = server::open_store(&config).await?;
            store.close().await;
            println!("migrations applied");
            Ok(())
        }
        Command::User(cmd) => admin::user(&config, cmd).await,
        Command::Org(cmd) => admin::org(&config, cmd).await,
        Command::Client(cmd) => admin::client(&config, cmd).await,
        Command::Keys(cmd) => admin::keys(&config, cmd).await,
        Command::Backup { file } => backup::backup(&config, &file).await,
        Command::Doctor => doctor::run(&config).await,
        Command::Restore { file, force } => backup::restore(&config, &file, force).await,
        Command::Authenticator(cmd) => authenticator::run(cmd).await,
    }
}

async fn serve_until_stopped(config: Config) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let server = server::Server::build(config)
        .await
        .context("startup failed")?;
    let addr = server.local_addr()?;
    // Tests and scripts read these lines to learn the port and the address to open. One write,
    // and its failure ignored: a reader that closed the pipe after the first line must not take
    // the server down.
    let metrics = server
        .metrics_addr()
        .map(|m| format!("metrics on http://{m}/metrics\n"))
        .unwrap_or_default();
    let _ = writeln!(
        std::io::stdout(),
        "twofold listening on http://{addr}\n{metrics}public URL: {}",
        server.public_url()
    );
    tracing::info!(%addr, ready_in_ms = started.elapsed().as_millis(), "ready");
    Ok(server.run().await?)
}
