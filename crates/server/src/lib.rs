//! twofold's HTTP server: configuration, startup, services, routes and the outbox worker.

pub mod clock;
pub mod config;
pub mod cookies;
pub mod error;
pub mod extract;
pub mod fanout;
pub mod hashing;
pub mod i18n;
pub mod keys;
pub mod mail_html;
pub mod observe;
pub mod outbox;
pub mod proto_map;
pub mod rotation;
pub mod routes;
pub mod secrets;
pub mod serve;
pub mod services;
pub mod session_cache;
pub mod signing;
pub mod sms_gateway;
pub mod startup_error;
pub mod state;
pub mod telemetry;
pub mod touches;
pub mod web;
pub mod webauthn;
pub mod write_thread;

pub use startup_error::StartupError;

use std::net::SocketAddr;
use std::sync::Arc;

use store::Store;
use tokio::net::TcpListener;
use tokio::sync::Notify;

use crate::config::Config;
use crate::hashing::Hasher;
use crate::keys::MasterKey;
use crate::outbox::{Outbox, Transport};
use crate::state::{AppState, Inner, origin_of};

/// Installs rustls' process-wide crypto provider (ring, which lettre already brings) for the
/// HTTP clients built with reqwest (the SMS gateway's; tests' and load drivers' too, since they
/// share this build of reqwest). Idempotent.
pub fn install_tls_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// The file in the data directory that every serving node holds a shared lock on, and that
/// `twofold restore` must lock alone: a database is never replaced under a running server.
const SERVE_LOCK: &str = "serve.lock";

fn open_serve_lock(data_dir: &std::path::Path) -> Result<std::fs::File, StartupError> {
    create_private_dir(data_dir)?;
    let path = data_dir.join(SERVE_LOCK);
    std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|source| StartupError::Io {
            action: "open",
            path,
            source,
        })
}

/// Holds the data directory's serve lock shared, as every serving node does, for as long as the
/// file lives.
///
/// # Errors
/// When the lock file cannot be opened, or a restore holds it.
pub fn serve_lock_shared(data_dir: &std::path::Path) -> Result<std::fs::File, StartupError> {
    let file = open_serve_lock(data_dir)?;
    file.try_lock_shared().map_err(|_| StartupError::Io {
        action: "share (a restore is running on)",
        path: data_dir.join(SERVE_LOCK),
        source: std::io::Error::from(std::io::ErrorKind::WouldBlock),
    })?;
    Ok(file)
}

/// Holds the data directory's serve lock alone, for as long as the file lives.
///
/// # Errors
/// When a server runs on the data directory (it holds the lock), or the file cannot be opened.
pub fn serve_lock_alone(data_dir: &std::path::Path) -> Result<std::fs::File, StartupError> {
    let file = open_serve_lock(data_dir)?;
    file.try_lock().map_err(|_| StartupError::Io {
        action: "lock (a server is running on it: stop it first)",
        path: data_dir.to_path_buf(),
        source: std::io::Error::from(std::io::ErrorKind::WouldBlock),
    })?;
    Ok(file)
}

/// Opens the configured database and applies migrations.
///
/// # Errors
/// When the database cannot be opened or migrated.
pub async fn open_store(config: &Config) -> Result<Store, StartupError> {
    create_private_dir(&config.data_dir)?;
    let url = config.database_url();
    let store = Store::connect(&url, config.db_max_connections)
        .await
        .map_err(|source| StartupError::Database {
            url: redact(&url),
            source,
        })?;
    store.migrate().await.map_err(StartupError::Migrate)?;
    Ok(store)
}

/// Creates a directory (and its parents) readable by the owner only: the data directory holds
/// the database, the master key and emails with invitation links.
///
/// # Errors
/// When the directory cannot be created.
pub fn create_private_dir(dir: &std::path::Path) -> Result<(), StartupError> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir).map_err(|source| StartupError::Io {
        action: "create",
        path: dir.to_owned(),
        source,
    })
}

/// A database URL with its password hidden, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            let user = creds.split(':').next().unwrap_or_default();
            format!("{}{user}:***{}", &url[..s + 3], &url[at..])
        }
        _ => url.to_owned(),
    }
}

/// Everything services need, without a listener: what the server and the admin commands share.
/// `bound` is the address the server listens on (for the default public URL).
///
/// # Errors
/// When the database, the master key or the hashing pool cannot be set up.
pub async fn app_state(config: Config, bound: SocketAddr) -> Result<AppState, StartupError> {
    let clock = clock::from_env()?;
    let store = open_store(&config).await?;
    let key = MasterKey::load_or_create(&config.master_key_path())?;
    let mut sealer = secrets::Sealer::new(&key);
    rotation::load(&store, &mut sealer, &config.master_key_path(), clock.now()).await?;
    let hasher = Hasher::start(&config.password_hashing)?;
    let public_url = config.public_url(bound);
    let webauthn = crate::webauthn::relying_party(&public_url, &config.mfa.issuer).map(Arc::new);
    let webauthn_attestation =
        crate::webauthn::attestation_roots(&config.mfa.webauthn_attestation_ca_files)?;
    if let Err(e) = &webauthn {
        tracing::info!(reason = %e, "security keys are off");
    }
    let sms_countries = domain::phone::AllowedCountries::parse(&config.sms.allowed_countries)
        .map_err(|e| StartupError::Sms(format!("sms.allowed_countries: {}", e.reason)))?;
    let sms_domain = state::domain_of(&public_url);
    let forward_auth_hosts = forward_auth_hosts(&config, &public_url)?;
    let fanout_live = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let cookie_secure = config
        .cookie
        .secure
        .unwrap_or_else(|| public_url.starts_with("https://"));
    let write_thread = write_thread::WriteThread::start(store.has_one_writer())
        .map_err(StartupError::WriteThread)?;
    Ok(AppState::new(Inner {
        write_thread,
        sealer,
        store,
        clock,
        hasher,
        key,
        lifetimes: config.session.policy(),
        sign_in_limits: config.sign_in_throttle.limits(),
        mfa_limits: config.mfa_throttle.limits(),
        sessions: session_cache::SessionCache::new(
            time::Duration::milliseconds(i64::from(config.session.cache_ms)),
            usize::try_from(config.session.cache_entries).unwrap_or(usize::MAX),
        )
        .while_heard(
            time::Duration::milliseconds(i64::from(config.session.cache_heard_ms)),
            Arc::clone(&fanout_live),
        ),
        touches: touches::Touches::default(),
        public_origin: origin_of(&public_url),
        public_url,
        cookie_secure,
        config,
        outbox_wake: Arc::new(Notify::new()),
        jobs_wake: Arc::new(Notify::new()),
        fanout_live,
        push_wake: Arc::new(Notify::new()),
        webauthn,
        webauthn_attestation,
        sms_countries,
        sms_domain,
        keyring: signing::Keyring::default(),
        forward_auth_hosts,
    }))
}

/// `forward_auth.allowed_hosts`, parsed; a warning for each host the session cookie never
/// reaches.
///
/// # Errors
/// When an entry is not a `host[:port]`.
fn forward_auth_hosts(
    config: &Config,
    public_url: &str,
) -> Result<domain::forward_auth::AllowedHosts, StartupError> {
    let hosts = domain::forward_auth::AllowedHosts::parse(&config.forward_auth.allowed_hosts)
        .map_err(StartupError::ForwardAuth)?;
    for host in hosts.beyond_the_cookie_of(public_url) {
        tracing::warn!(
            target: "server::forward_auth",
            host,
            public_url,
            "forward_auth.allowed_hosts lists a host other than the public URL's: browsers do \
             not send twofold's session cookie there, so forward-auth sees none (serve the app \
             on the public URL's host name, on another port or path)"
        );
    }
    Ok(hosts)
}

/// A server bound to its port, not yet serving.
pub struct Server {
    listener: TcpListener,
    /// `metrics_listen`'s, when set.
    metrics_listener: Option<TcpListener>,
    state: AppState,
    outbox: Outbox,
    /// Held while the server runs (`serve_lock_shared`).
    _serve_lock: std::fs::File,
}

impl Server {
    /// Prepares everything: data directory, master key, database, hashing pool, listener.
    ///
    /// # Errors
    /// When any of those cannot be set up.
    pub async fn build(config: Config) -> Result<Self, StartupError> {
        let listen_error = |source| StartupError::Listen {
            addr: config.listen,
            source,
        };
        let listener = TcpListener::bind(config.listen)
            .await
            .map_err(listen_error)?;
        let bound = listener.local_addr().map_err(listen_error)?;
        let serve_lock = serve_lock_shared(&config.data_dir)?;
        let metrics_listener = match config.metrics_listen {
            Some(addr) => Some(
                TcpListener::bind(addr)
                    .await
                    .map_err(|source| StartupError::Listen { addr, source })?,
            ),
            None => None,
        };
        observe::install();
        let state = app_state(config, bound).await?;
        // The OpenID Connect provider's ES256 key exists before the first request needs it.
        signing::Keyring::ensure(&state, domain::oidc::SigningAlg::Es256)
            .await
            .map_err(|e| StartupError::Keys(e.to_string()))?;
        let transport = Transport::from_config(&state.config)?;
        let sms = crate::sms_gateway::SmsTransport::from_config(&state.config)?;
        let outbox = Outbox::new(
            state.store.clone(),
            Arc::clone(&state.clock),
            transport,
            sms,
            &state.config.mail_from,
            state.config.outbox.lease(),
        )?;
        Ok(Self {
            listener,
            metrics_listener,
            state,
            outbox,
            _serve_lock: serve_lock,
        })
    }

    /// The address actually bound (useful with port 0).
    ///
    /// # Errors
    /// When the socket has no local address.
    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// The address `GET /metrics` is served on apart from the API, if any.
    pub fn metrics_addr(&self) -> Option<SocketAddr> {
        self.metrics_listener
            .as_ref()
            .and_then(|l| l.local_addr().ok())
    }

    /// The URL people open: in emailed links, the OpenID Connect issuer, WebAuthn's site.
    pub fn public_url(&self) -> &str {
        &self.state.public_url
    }

    /// Serves until SIGINT or SIGTERM.
    ///
    /// # Errors
    /// When the server fails.
    pub async fn run(self) -> Result<(), StartupError> {
        let wake = Arc::clone(&self.state.outbox_wake);
        let stop_outbox = self.outbox.stopper();
        let outbox = self
            .state
            .config
            .outbox_worker
            .then(|| tokio::spawn(self.outbox.run(wake)));
        tokio::spawn(sweep_sessions(self.state.clone()));
        if self.state.store.wants_checkpoints() {
            tokio::spawn(checkpoint_wal(self.state.clone()));
        }
        tokio::spawn(services::reminders::run_jobs(self.state.clone()));
        tokio::spawn(fanout::run(self.state.clone()));
        tokio::spawn(fanout::heartbeat(self.state.clone()));
        tokio::spawn(rotation::watch(self.state.clone()));
        tokio::spawn(observe::upkeep());
        let touching = tokio::spawn(touches::run(self.state.clone()));
        if let Some(listener) = self.metrics_listener {
            let metrics = routes::metrics_router(self.state.clone());
            tokio::spawn(async move {
                if let Err(e) = axum::serve(listener, metrics).await {
                    tracing::error!(error = %e, "the metrics listener stopped");
                }
            });
        }
        let app = routes::router(self.state.clone());
        serve::serve(
            self.listener,
            app,
            &self.state.config.http,
            shutdown_signal(),
        )
        .await
        .map_err(StartupError::Serve)?;
        // Claimed messages not yet delivered go back to the queue for the other nodes at once.
        stop_outbox.send_replace(true);
        if let Some(worker) = outbox {
            let _ = tokio::time::timeout(std::time::Duration::from_secs(10), worker).await;
        }
        // The last quarter second's touches, and what a write cut short left.
        touching.abort();
        let _ = touching.await;
        if let Err(e) = (self.state.touches)
            .flush(&self.state.store, &self.state.sessions)
            .await
        {
            tracing::warn!(error = %e, "writing sessions' last-seen times failed");
        }
        self.state.store.close().await;
        Ok(())
    }
}

/// Deletes expired sessions, WebAuthn ceremonies and stale throttle counters every ten minutes,
/// so the tables do not grow without bound.
async fn sweep_sessions(st: AppState) {
    let mut every = tokio::time::interval(std::time::Duration::from_secs(600));
    loop {
        every.tick().await;
        let result = async {
            let now = st.clock.now();
            let mut c = st.store.write().await?;
            store::sessions::delete_expired(&mut c, now).await?;
            store::changes::prune(&mut c).await?;
            store::webauthn::delete_expired(&mut c, now).await?;
            store::sms::delete_expired(&mut c, now, now - time::Duration::hours(25)).await?;
            store::push::delete_old(&mut c, now - time::Duration::hours(25), now).await?;
            // Apps' expired codes and tokens, and grants revoked a day ago (a reused token
            // presented later is refused as unknown all the same).
            store::oidc::delete_expired(&mut c, now - time::Duration::hours(25)).await?;
            store::password_resets::delete_old(&mut c, now - time::Duration::hours(25)).await?;
            store::email_changes::delete_old(&mut c, now - time::Duration::hours(25)).await?;
            // Accounts whose address was never proved within a week.
            store::accounts::delete_unverified_before(&mut c, domain::signup::expired_before(now))
                .await?;
            // Counters unused for longer than any window (a day) count nothing any more.
            store::throttle::delete_stale(&mut c, now - time::Duration::hours(25)).await
        }
        .await;
        if let Err(e) = result {
            tracing::warn!(error = %e, "sweeping expired sessions failed");
        }
    }
}

/// Checkpoints SQLite's write-ahead log four times a second, off the writers' path
/// (docs/PERFORMANCE.md, "OpenID Connect provider"): a checkpoint run by a committing writer,
/// SQLite's default, made every writer behind it wait, and refresh-token grants went from
/// ≈ 2,900/s to ≈ 3,800/s without it. A checkpoint with nothing to copy costs one statement.
async fn checkpoint_wal(st: AppState) {
    let mut every = tokio::time::interval(std::time::Duration::from_millis(250));
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        if let Err(e) = st.store.checkpoint().await {
            tracing::warn!(error = %e, "checkpointing the database failed");
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { () = ctrl_c => {}, () = term => {} }
    tracing::info!("shutting down");
}

#[cfg(test)]
mod tests {
    #[test]
    fn database_passwords_are_hidden() {
        assert_eq!(
            super::redact("postgres://app:s3cret@localhost/db"),
            "postgres://app:***@localhost/db"
        );
        assert_eq!(super::redact("sqlite://x.db"), "sqlite://x.db");
    }
}
