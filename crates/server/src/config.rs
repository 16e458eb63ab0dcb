//! Configuration: built-in defaults, then a TOML file, then `TWOFOLD_*` environment variables,
//! then command-line flags, each overriding the one before.

mod oidc;
mod signup;
pub use oidc::OidcConfig;
pub use signup::SignupConfig;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

/// Everything a running server is told.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Config {
    /// Address to listen on.
    pub listen: SocketAddr,
    /// Where the embedded database, the master key and the dev outbox live.
    pub data_dir: PathBuf,
    /// `sqlite://…` or `postgres://…`; defaults to `sqlite://DATA_DIR/twofold.db`.
    pub database_url: Option<String>,
    /// The URL people reach this server at; defaults to `http://LISTEN`.
    pub public_url: Option<String>,
    /// Directory where emails are written as `.eml` files when no SMTP server is configured;
    /// defaults to `DATA_DIR/outbox`.
    pub dev_outbox: Option<PathBuf>,
    /// File holding the 256-bit master key; defaults to `DATA_DIR/master.key`, generated on
    /// first start. Several nodes on one PostgreSQL database must share it.
    pub master_key_file: Option<PathBuf>,
    /// Whether anyone may create an account through the API.
    pub signup_enabled: bool,
    pub signup: SignupConfig,
    /// `text` or `json`.
    pub log_format: LogFormat,
    /// The `From:` of every email.
    pub mail_from: String,
    /// The right-most `X-Forwarded-For` address (the proxy's own) is the client's: throttles and
    /// known networks rest on it (docs/SECURITY.md, "Headers a proxy sets").
    pub trust_forwarded_for: bool,
    /// Serve `GET /metrics` on this address alone (the API's listener then answers it 404).
    pub metrics_listen: Option<SocketAddr>,
    /// A header the proxy in front sets to the client's approximate place (`CF-IPCountry`,
    /// or a GeoIP module's city): shown with sign-ins waiting for approval. Set it only behind
    /// a proxy that overwrites it, or clients choose their own place.
    pub place_header: Option<String>,
    pub db_max_connections: u32,
    /// Run the outbox delivery worker on this node. Turn off on nodes that should only answer
    /// requests when other nodes deliver.
    pub outbox_worker: bool,
    pub smtp: Option<SmtpConfig>,
    pub http: HttpConfig,
    pub outbox: OutboxConfig,
    pub cookie: CookieConfig,
    pub session: SessionConfig,
    pub password_hashing: HashingConfig,
    pub sign_in_throttle: ThrottleConfig,
    pub mfa_throttle: MfaThrottleConfig,
    pub mfa: MfaConfig,
    pub reminders: RemindersConfig,
    pub oidc: OidcConfig,
    pub invitations: InvitationsConfig,
    pub sms: SmsConfig,
    pub forward_auth: ForwardAuthConfig,
}

/// How long clients may take, and how many may be connected at once: one client, or a
/// thousand slow ones, must not shut the others out.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HttpConfig {
    /// Seconds a client has to send a request's headers, counted from when the connection opens
    /// or the previous answer ends: also how long an idle keep-alive connection stays open.
    pub header_timeout_seconds: u64,
    /// Seconds a client has to send a request's whole body once its headers are in.
    pub body_timeout_seconds: u64,
    /// Seconds a request may take in all before it is answered 503 (long polls wait 30 at most).
    pub request_timeout_seconds: u64,
    /// Connections served at once; more wait to be accepted. Lowered at start to stay well
    /// below the process's file-descriptor limit (raised to its hard limit at start).
    pub max_connections: usize,
}

impl Default for HttpConfig {
    fn default() -> Self {
        Self {
            header_timeout_seconds: 10,
            body_timeout_seconds: 10,
            request_timeout_seconds: 60,
            max_connections: 10_000,
        }
    }
}

impl HttpConfig {
    pub fn header_timeout(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.header_timeout_seconds.clamp(1, 3600))
    }

    pub fn body_timeout(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.body_timeout_seconds.clamp(1, 3600))
    }

    pub fn request_timeout(&self) -> std::time::Duration {
        // Never below the longest long poll (30 s) and a little room to answer it.
        std::time::Duration::from_secs(self.request_timeout_seconds.clamp(35, 3600))
    }
}

/// The outbox worker's claims.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OutboxConfig {
    /// Seconds a claimed message stays reserved for the node that claimed it without being
    /// renewed. The node renews it every third of that while it delivers, so a slow SMTP
    /// server or SMS gateway never makes another node send it again; mail claimed by a node
    /// that crashed is delivered by another within about this long.
    pub lease_seconds: u64,
}

impl Default for OutboxConfig {
    fn default() -> Self {
        Self { lease_seconds: 30 }
    }
}

impl OutboxConfig {
    pub fn lease(&self) -> time::Duration {
        time::Duration::seconds(i64::try_from(self.lease_seconds.clamp(1, 3600)).unwrap_or(30))
    }
}

/// Forward-auth (`GET /api/v1/forward-auth` behind a reverse proxy): where a browser may be sent
/// back to after signing in.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ForwardAuthConfig {
    /// The protected apps' hosts, exactly (`app.example.org`, `app.example.org:8443`; without a
    /// port, the scheme's default): the only places the sign-in entry and the redirect mode
    /// send a browser to. Empty: no redirects at all (`auth_request` answers still work).
    pub allowed_hosts: Vec<String>,
}

/// SMS codes: where they may go, how often, and through which gateway.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SmsConfig {
    /// ISO 3166-1 alpha-2 codes of the countries codes may be sent to.
    pub allowed_countries: Vec<String>,
    /// How long a code works, in seconds; at most 600 (OWASP ASVS V2.7.2: within 10 minutes).
    pub code_seconds: i64,
    /// Wrong tries before a code is void.
    pub max_attempts: u32,
    /// The wait between two texts to one number.
    pub resend_seconds: i64,
    pub per_number_hourly: u32,
    pub per_account_hourly: u32,
    /// Texts the whole server may send in an hour: the cap on what SMS-pumping fraud can cost.
    pub global_hourly: u32,
    /// Send through this HTTP gateway; without one, texts are written as `.json` files to the
    /// dev outbox.
    pub gateway: Option<SmsGatewayConfig>,
}

impl Default for SmsConfig {
    fn default() -> Self {
        Self {
            allowed_countries: domain::phone::AllowedCountries::DEFAULT
                .iter()
                .map(|c| (*c).to_owned())
                .collect(),
            code_seconds: 300,
            max_attempts: 5,
            resend_seconds: 30,
            per_number_hourly: 5,
            per_account_hourly: 10,
            global_hourly: 500,
            gateway: None,
        }
    }
}

impl SmsConfig {
    pub fn code_ttl(&self) -> time::Duration {
        time::Duration::seconds(self.code_seconds.clamp(5, 600))
    }

    pub fn limits(&self) -> domain::sms::SendLimits {
        domain::sms::SendLimits {
            resend_after: time::Duration::seconds(self.resend_seconds.clamp(0, 3600)),
            per_number_hourly: self.per_number_hourly.max(1),
            per_account_hourly: self.per_account_hourly.max(1),
            global_hourly: self.global_hourly,
        }
    }
}

/// An HTTP SMS gateway: each text is one `POST` of `template` to `url`, with the placeholders
/// `{to}` (E.164), `{text}` and `{id}` (the message's id, the same on every retry) replaced
/// inside the template's strings. Any 2xx answer is a delivery; anything else is retried.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmsGatewayConfig {
    pub url: String,
    /// The value of the authentication header (`Bearer …`, `Basic …`), if the gateway needs one.
    pub auth_header: Option<String>,
    /// Which header carries it; `Authorization` by default.
    pub auth_header_name: Option<String>,
    /// A JSON document (as a table, or as a string holding JSON); by default
    /// `{"to": "{to}", "text": "{text}"}`.
    pub template: Option<serde_json::Value>,
    /// Seconds one request may take; 10 by default, at most 30.
    pub timeout_seconds: Option<u64>,
}

/// MFA reminders and the background jobs that send what enforcement owes.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RemindersConfig {
    /// A member reminded by hand is not reminded again within this many hours.
    pub window_hours: u32,
    /// How often each node looks for announcements and scheduled reminders due.
    pub tick_seconds: u64,
}

impl Default for RemindersConfig {
    fn default() -> Self {
        Self {
            window_hours: 24,
            tick_seconds: 60,
        }
    }
}

/// How many invitations may be sent within `window_hours`: by one organization, by one
/// inviter (all their organizations together) and to one address (from all organizations).
/// Counted in the database, so the limits hold across nodes; each is at least 1.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct InvitationsConfig {
    pub window_hours: u32,
    pub per_org: u32,
    pub per_inviter: u32,
    pub per_recipient: u32,
}

impl Default for InvitationsConfig {
    fn default() -> Self {
        Self {
            window_hours: 24,
            per_org: 200,
            per_inviter: 100,
            per_recipient: 5,
        }
    }
}

impl InvitationsConfig {
    /// The limits as the rule takes them (a window of 1 hour to 30 days).
    pub fn limits(&self) -> domain::sending::InvitationLimits {
        domain::sending::InvitationLimits {
            per_org: self.per_org.max(1),
            per_inviter: self.per_inviter.max(1),
            per_recipient: self.per_recipient.max(1),
            window: time::Duration::hours(i64::from(self.window_hours.clamp(1, 30 * 24))),
        }
    }
}

/// Second-step throttling, one limiter for every kind of code. Defaults: 5 free failures per
/// account, then waits doubling from 1 second up to 15 minutes; the second step locks (and the
/// holder is emailed) after 100 consecutive failures: from then on one attempt a day, until a
/// success (time alone never resets the count); one sign-in ends after 10.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MfaThrottleConfig {
    pub free_attempts: u32,
    pub base_wait_seconds: i64,
    /// At most 100 (NIST SP 800-63B §5.2.2).
    pub lock_after: u32,
    pub per_sign_in: u32,
}

impl Default for MfaThrottleConfig {
    fn default() -> Self {
        Self {
            free_attempts: 5,
            base_wait_seconds: 1,
            lock_after: 100,
            per_sign_in: 10,
        }
    }
}

impl MfaThrottleConfig {
    pub fn limits(&self) -> domain::throttle::MfaLimits {
        domain::throttle::MfaLimits::new(
            self.free_attempts.clamp(1, 100),
            time::Duration::seconds(self.base_wait_seconds.clamp(1, 3600)),
            self.lock_after,
            self.per_sign_in,
        )
    }
}

/// Second factors.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MfaConfig {
    /// The issuer shown in authenticator apps.
    pub issuer: String,
    /// How long a started enrollment waits for its first code.
    pub pending_minutes: i64,
    /// How long a sign-in may wait at the second step.
    pub second_step_minutes: i64,
    /// How recent a second factor must be to change methods, app passwords or recovery codes.
    pub reauth_minutes: i64,
    /// How long "remember this device" skips the second step (organizations may shorten it).
    pub remembered_device_days: u32,
    /// How long a sign-in waits for a push approval, in seconds (at most 120).
    pub push_seconds: i64,
    /// PEM files of the attestation roots a security key must chain to (hardware keys from
    /// known makers only); empty: any key, attestation `none`.
    pub webauthn_attestation_ca_files: Vec<PathBuf>,
}

impl MfaConfig {
    pub fn push_ttl(&self) -> time::Duration {
        time::Duration::seconds(self.push_seconds.clamp(5, 120))
    }
}

impl Default for MfaConfig {
    fn default() -> Self {
        Self {
            issuer: "twofold".into(),
            pending_minutes: 15,
            second_step_minutes: 5,
            reauth_minutes: 10,
            remembered_device_days: 30,
            push_seconds: 120,
            webauthn_attestation_ca_files: Vec::new(),
        }
    }
}

/// Sign-in throttling (NIST SP 800-63B §5.2.2). Defaults: 5 free attempts per account, then
/// waits doubling from 1 second up to 15 minutes, at most 100 failures a day; 50 failures per
/// source address in 10 minutes.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ThrottleConfig {
    pub free_attempts: u32,
    pub base_wait_seconds: i64,
    pub source_failures: u32,
    pub source_window_minutes: i64,
}

impl Default for ThrottleConfig {
    fn default() -> Self {
        Self {
            free_attempts: 5,
            base_wait_seconds: 1,
            source_failures: 50,
            source_window_minutes: 10,
        }
    }
}

impl ThrottleConfig {
    pub fn limits(&self) -> domain::throttle::SignInLimits {
        use time::Duration;
        domain::throttle::SignInLimits::new(
            self.free_attempts.clamp(1, 100),
            Duration::seconds(self.base_wait_seconds.clamp(1, 3600)),
            self.source_failures.max(1),
            Duration::minutes(self.source_window_minutes.max(1)),
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

/// An SMTP relay for outgoing email.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpConfig {
    pub host: String,
    pub port: Option<u16>,
    pub username: Option<String>,
    pub password: Option<String>,
    /// `starttls` (default, port 587), `tls` (port 465) or `none` (port 25; loopback only).
    #[serde(default)]
    pub tls: SmtpTls,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmtpTls {
    #[default]
    Starttls,
    Tls,
    None,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CookieConfig {
    /// Force the `Secure` attribute on or off; by default it is on when the public URL is https.
    pub secure: Option<bool>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SessionConfig {
    pub idle_minutes: i64,
    pub absolute_hours: i64,
    pub remembered_idle_days: i64,
    pub remembered_absolute_days: i64,
    /// The session cache (README): trust while deaf (0: off) and while hearing every change;
    /// size.
    pub cache_ms: u32,
    pub cache_heard_ms: u32,
    pub cache_entries: u32,
}

impl Default for SessionConfig {
    fn default() -> Self {
        let p = domain::session::LifetimePolicy::default();
        Self {
            idle_minutes: p.transient.idle.whole_minutes(),
            absolute_hours: p.transient.absolute.whole_hours(),
            remembered_idle_days: p.remembered.idle.whole_days(),
            remembered_absolute_days: p.remembered.absolute.whole_days(),
            cache_ms: 1000,
            cache_heard_ms: 300_000,
            cache_entries: 200_000,
        }
    }
}

impl SessionConfig {
    pub fn policy(&self) -> domain::session::LifetimePolicy {
        use domain::session::{Lifetime, LifetimePolicy};
        use time::Duration;
        LifetimePolicy {
            transient: Lifetime {
                idle: Duration::minutes(self.idle_minutes.max(1)),
                absolute: Duration::hours(self.absolute_hours.max(1)),
            },
            remembered: Lifetime {
                idle: Duration::days(self.remembered_idle_days.max(1)),
                absolute: Duration::days(self.remembered_absolute_days.max(1)),
            },
        }
    }
}

/// Argon2id parameters and the hashing pool. Defaults: m=12 MiB, t=3, p=1, one of OWASP's equal
/// settings (46/1, 19/2, 12/3, 9/4, 7/5 MiB/passes): a sign-in storm holds `m` per core, 24 MiB
/// on 2 cores rather than 38 at 19/2, for the same time per hash (docs/PERFORMANCE.md).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HashingConfig {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
    /// Hashing threads; defaults to the number of cores.
    pub workers: Option<usize>,
    /// Hashes that may wait for a worker before new sign-ins are turned away with 503.
    pub queue: usize,
}

impl Default for HashingConfig {
    fn default() -> Self {
        Self {
            memory_kib: 12 * 1024,
            iterations: 3,
            parallelism: 1,
            workers: None,
            queue: 256,
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            data_dir: PathBuf::from("./twofold-data"),
            database_url: None,
            public_url: None,
            dev_outbox: None,
            master_key_file: None,
            signup_enabled: true,
            signup: SignupConfig::default(),
            log_format: LogFormat::Text,
            mail_from: "twofold <no-reply@twofold.invalid>".into(),
            trust_forwarded_for: false,
            metrics_listen: None,
            place_header: None,
            db_max_connections: 16,
            outbox_worker: true,
            smtp: None,
            http: HttpConfig::default(),
            outbox: OutboxConfig::default(),
            cookie: CookieConfig::default(),
            session: SessionConfig::default(),
            password_hashing: HashingConfig::default(),
            sign_in_throttle: ThrottleConfig::default(),
            mfa_throttle: MfaThrottleConfig::default(),
            mfa: MfaConfig::default(),
            reminders: RemindersConfig::default(),
            oidc: OidcConfig::default(),
            invitations: InvitationsConfig::default(),
            sms: SmsConfig::default(),
            forward_auth: ForwardAuthConfig::default(),
        }
    }
}

/// Values given on the command line; `None` leaves the lower layers' value.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Overrides {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub listen: Option<SocketAddr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_dir: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dev_outbox: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_format: Option<LogFormat>,
}

impl Config {
    /// Layers defaults, the TOML file (if given), `TWOFOLD_*` variables (nested keys with `__`,
    /// e.g. `TWOFOLD_SMTP__HOST`) and the command line.
    ///
    /// # Errors
    /// When the file cannot be read or a value has the wrong type.
    pub fn load(file: Option<&Path>, overrides: &Overrides) -> Result<Self, Box<figment::Error>> {
        let mut fig = Figment::from(Serialized::defaults(Config::default()));
        if let Some(path) = file {
            fig = fig.merge(Toml::file_exact(path));
        }
        fig.merge(Env::prefixed("TWOFOLD_").split("__").ignore(&["config"]))
            .merge(Serialized::defaults(overrides))
            .extract()
            .map_err(Box::new)
    }

    pub fn database_url(&self) -> String {
        self.database_url
            .clone()
            .unwrap_or_else(|| format!("sqlite://{}", self.data_dir.join("twofold.db").display()))
    }

    pub fn outbox_dir(&self) -> PathBuf {
        self.dev_outbox
            .clone()
            .unwrap_or_else(|| self.data_dir.join("outbox"))
    }

    pub fn master_key_path(&self) -> PathBuf {
        self.master_key_file
            .clone()
            .unwrap_or_else(|| self.data_dir.join("master.key"))
    }

    /// The public URL without a trailing slash. Unset, it is where the server listens — and on
    /// a loopback address `http://localhost:PORT`, because browsers offer security keys and
    /// passkeys only to a site with a domain name, never to `127.0.0.1` (so that the quick
    /// start has them).
    pub fn public_url(&self, bound: SocketAddr) -> String {
        self.public_url
            .clone()
            .unwrap_or_else(|| {
                if bound.ip().is_loopback() {
                    format!("http://localhost:{}", bound.port())
                } else {
                    format!("http://{bound}")
                }
            })
            .trim_end_matches('/')
            .to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::result_large_err)] // figment::Jail's own error type
    fn layers_override_in_order() {
        figment::Jail::expect_with(|jail| {
            jail.create_file(
                "twofold.toml",
                "listen = \"127.0.0.1:9000\"\nsignup_enabled = false\n[smtp]\nhost = \"mail.example.org\"\n",
            )?;
            jail.set_env("TWOFOLD_LISTEN", "127.0.0.1:9001");
            jail.set_env("TWOFOLD_SMTP__PORT", "2525");
            let from_file_and_env =
                Config::load(Some(Path::new("twofold.toml")), &Overrides::default())
                    .map_err(|e| e.to_string())?;
            assert_eq!(from_file_and_env.listen.port(), 9001);
            assert!(!from_file_and_env.signup_enabled);
            let smtp = from_file_and_env.smtp.ok_or("smtp missing")?;
            assert_eq!(
                (smtp.host.as_str(), smtp.port),
                ("mail.example.org", Some(2525))
            );

            let cli = Overrides {
                listen: Some(SocketAddr::from(([127, 0, 0, 1], 9002))),
                ..Overrides::default()
            };
            let with_cli =
                Config::load(Some(Path::new("twofold.toml")), &cli).map_err(|e| e.to_string())?;
            assert_eq!(with_cli.listen.port(), 9002);
            Ok(())
        });
    }

    #[test]
    #[allow(clippy::result_large_err)] // figment::Jail's own error type
    fn forward_auth_hosts_come_from_the_environment() {
        figment::Jail::expect_with(|jail| {
            jail.set_env(
                "TWOFOLD_FORWARD_AUTH__ALLOWED_HOSTS",
                r#"["app.example.org", "127.0.0.1:8443"]"#,
            );
            let c = Config::load(None, &Overrides::default()).map_err(|e| e.to_string())?;
            assert_eq!(
                c.forward_auth.allowed_hosts,
                ["app.example.org", "127.0.0.1:8443"]
            );
            assert!(Config::default().forward_auth.allowed_hosts.is_empty());
            Ok(())
        });
    }

    #[test]
    fn defaults_derive_paths_from_the_data_dir() {
        let c = Config::default();
        assert!(c.database_url().starts_with("sqlite://"));
        assert!(c.outbox_dir().ends_with("outbox"));
        assert_eq!(
            c.public_url(SocketAddr::from(([127, 0, 0, 1], 8080))),
            "http://localhost:8080",
            "browsers offer WebAuthn to localhost, not to an IP address"
        );
        assert_eq!(
            c.public_url(SocketAddr::from((std::net::Ipv6Addr::LOCALHOST, 8080))),
            "http://localhost:8080"
        );
        assert_eq!(
            c.public_url(SocketAddr::from(([192, 0, 2, 7], 8080))),
            "http://192.0.2.7:8080"
        );
        let set = Config {
            public_url: Some("https://id.example.org/".to_owned()),
            ..Config::default()
        };
        assert_eq!(
            set.public_url(SocketAddr::from(([127, 0, 0, 1], 8080))),
            "https://id.example.org"
        );
    }
}
