//! Delivers the outbox: claims due messages, sends each email by SMTP or writes it as an `.eml`
//! file, each text through the SMS transport, and marks it delivered or schedules a retry with
//! exponential backoff. A crash between commit and delivery loses nothing: the claim's short
//! lease runs out and another node claims the message again. While a batch is being delivered
//! the worker renews the leases of the messages it still holds, so a slow SMTP server or SMS
//! gateway never lets another node send them a second time.

use std::path::PathBuf;
use std::sync::Arc;

use lettre::message::{Mailbox, Message, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use store::Store;
use store::outbox::OutboxMessage;
use time::Duration;
use tokio::sync::Notify;

use crate::StartupError;
use crate::config::{Config, SmtpConfig, SmtpTls};
use crate::sms_gateway::{SmsError, SmsTransport};
use domain::Clock;

/// Attempts before a message is given up on (the last wait is about an hour).
pub const MAX_ATTEMPTS: i64 = 10;
const BATCH: i64 = 5;
const SMTP_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(20);
/// How often the worker looks for due retries when nothing wakes it.
const POLL: std::time::Duration = std::time::Duration::from_secs(2);

/// Where emails go.
pub enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Directory(PathBuf),
}

impl Transport {
    /// An explicit dev outbox wins (API.md: `--dev-outbox` writes every email to the
    /// directory), then SMTP when configured, then the default dev outbox.
    ///
    /// # Errors
    /// When the SMTP settings are invalid or the directory cannot be created.
    pub fn from_config(config: &Config) -> Result<Self, StartupError> {
        match (&config.dev_outbox, &config.smtp) {
            (None, Some(smtp)) => Ok(Transport::Smtp(smtp_transport(smtp)?)),
            _ => {
                let dir = config.outbox_dir();
                crate::create_private_dir(&dir)?;
                Ok(Transport::Directory(dir))
            }
        }
    }
}

fn smtp_transport(c: &SmtpConfig) -> Result<AsyncSmtpTransport<Tokio1Executor>, StartupError> {
    let mut builder = match c.tls {
        SmtpTls::Starttls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&c.host)?,
        SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&c.host)?,
        SmtpTls::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&c.host),
    };
    if let Some(port) = c.port {
        builder = builder.port(port);
    }
    if let (Some(user), Some(pass)) = (&c.username, &c.password) {
        builder = builder.credentials(Credentials::new(user.clone(), pass.clone()));
    }
    Ok(builder.timeout(Some(SMTP_TIMEOUT)).build())
}

/// Why one delivery attempt failed; the message is retried.
#[derive(Debug, thiserror::Error)]
pub enum DeliveryError {
    #[error("invalid address: {0}")]
    Address(#[from] lettre::address::AddressError),
    #[error("cannot build the message: {0}")]
    Build(#[from] lettre::error::Error),
    #[error("SMTP: {0}")]
    Smtp(#[from] lettre::transport::smtp::Error),
    #[error("cannot write the message file: {0}")]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Sms(#[from] SmsError),
    #[error("back-channel logout: {0}")]
    Logout(String),
}

/// Why a message was not delivered this time.
#[derive(Debug)]
enum Skip {
    Failed(DeliveryError),
    /// Its time is over (a text whose code expired): given up, not retried.
    Expired,
    /// The server is stopping: handed back, not attempted.
    Stopped,
}

impl From<DeliveryError> for Skip {
    fn from(e: DeliveryError) -> Self {
        Self::Failed(e)
    }
}

/// The delivery worker.
pub struct Outbox {
    store: Store,
    clock: Arc<dyn Clock>,
    transport: Transport,
    sms: SmsTransport,
    /// Posts back-channel logout tokens to apps.
    http: reqwest::Client,
    from: Mailbox,
    /// How long a claim holds without renewal (`outbox.lease_seconds`).
    lease: Duration,
    /// Turns true when the server stops: claims are handed back rather than left to expire.
    stop: Arc<tokio::sync::watch::Sender<bool>>,
}

/// Resolves once `stop` says true (its guard never held across an await: the futures that wait
/// on it are sent between threads).
async fn stopped(stop: &mut tokio::sync::watch::Receiver<bool>) {
    let _ = stop.wait_for(|s| *s).await.map(|_| ());
}

/// The wait before attempt `attempts + 1`: 30 s doubling, at most an hour.
pub fn backoff(attempts: i64) -> Duration {
    let doublings = u32::try_from(attempts.clamp(1, 8) - 1).unwrap_or(0);
    Duration::seconds(30 * (1_i64 << doublings)).min(Duration::hours(1))
}

/// The wait before a text's attempt `attempts + 1`: a code lives minutes, so 1 s doubling, at
/// most 30 s; a text is retried for as long as its code lives, however many attempts that takes.
pub fn sms_backoff(attempts: i64) -> Duration {
    let doublings = u32::try_from(attempts.clamp(1, 6) - 1).unwrap_or(0);
    Duration::seconds(1_i64 << doublings).min(Duration::seconds(30))
}

/// Attempts before a text is given up on even if its code still lives (a bound for rows
/// without an expiry).
const SMS_MAX_ATTEMPTS: i64 = 100;

/// The batch's leases: when they were last renewed, and which were lost.
struct Lease {
    renewed: tokio::time::Instant,
    lost: Vec<bool>,
}

impl Outbox {
    /// # Errors
    /// When `mail_from` is not a valid mailbox.
    pub fn new(
        store: Store,
        clock: Arc<dyn Clock>,
        transport: Transport,
        sms: SmsTransport,
        mail_from: &str,
        lease: Duration,
    ) -> Result<Self, StartupError> {
        crate::install_tls_provider();
        let http = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(10))
            .connect_timeout(std::time::Duration::from_secs(5))
            // The app's answer is what counts; a redirect is not one (nor followed elsewhere).
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| StartupError::Sms(format!("HTTP client: {e}")))?;
        Ok(Self {
            store,
            clock,
            transport,
            sms,
            http,
            from: mail_from.parse()?,
            lease,
            stop: Arc::new(tokio::sync::watch::Sender::new(false)),
        })
    }

    /// What stops the worker: sending `true` makes it hand back what it claimed and not yet
    /// delivered (another node takes it at once, not after the lease) and return.
    pub fn stopper(&self) -> Arc<tokio::sync::watch::Sender<bool>> {
        Arc::clone(&self.stop)
    }

    fn stopping(&self) -> bool {
        *self.stop.borrow()
    }

    /// Hands back the claims of `batch[from..]` this worker still holds.
    async fn release(&self, batch: &[OutboxMessage], lease: &Lease, from: usize) {
        let result = async {
            let mut c = self.store.write().await?;
            for (msg, lost) in batch.iter().zip(&lease.lost).skip(from) {
                if !lost {
                    store::outbox::release(&mut c, msg).await?;
                }
            }
            Ok::<_, store::StoreError>(())
        }
        .await;
        if let Err(e) = result {
            tracing::warn!(error = %e, "handing back claimed messages failed; their leases run out");
        }
    }

    /// Delivers one batch of due messages; returns how many were delivered.
    ///
    /// # Errors
    /// On database failure (delivery failures are recorded, not returned).
    pub async fn run_once(&self) -> Result<usize, store::StoreError> {
        let now = self.clock.now();
        let mut batch = {
            let mut tx = self.store.begin().await?;
            let batch = store::outbox::claim_due(&mut tx, now, self.lease, BATCH).await?;
            tx.commit().await?;
            batch
        };
        // One clock for the whole batch, from the claim: a message waiting its turn behind
        // quick ones is renewed as surely as one behind a slow server.
        let mut lease = Lease {
            renewed: tokio::time::Instant::now(),
            lost: vec![false; batch.len()],
        };
        let mut delivered = 0;
        for i in 0..batch.len() {
            if self.stopping() {
                self.release(&batch, &lease, i).await;
                break;
            }
            if lease.renewed.elapsed() >= self.beat() {
                self.renew(&mut batch, &mut lease, i).await;
            }
            if lease.lost.get(i).copied().unwrap_or(true) {
                // Another node took it after our lease ran out: it is theirs to send.
                continue;
            }
            let result = self.deliver_renewing(&mut batch, &mut lease, i).await;
            if matches!(result, Err(Skip::Stopped)) {
                // Abandoned mid-delivery: at least once, like a lease that runs out.
                self.release(&batch, &lease, i).await;
                break;
            }
            let Some(msg) = batch.get(i) else { break };
            // One message's bookkeeping failing must not drop the rest of the batch: the
            // lease brings that message back later.
            match self.record(msg, result).await {
                Ok(true) => {
                    delivered += 1;
                    crate::observe::sent(msg.kind.as_str(), "delivered");
                }
                Ok(false) => crate::observe::sent(msg.kind.as_str(), "undelivered"),
                Err(e) => tracing::error!(id = %msg.id, error = %e, "recording a delivery failed"),
            }
        }
        Ok(delivered)
    }

    /// Marks the outcome of one attempt; true when the message was delivered.
    async fn record(
        &self,
        msg: &OutboxMessage,
        result: Result<(), Skip>,
    ) -> Result<bool, store::StoreError> {
        let now = self.clock.now();
        let mut c = self.store.write().await?;
        // Texts and logout tokens expire: retried quickly while they are worth sending.
        let is_sms = matches!(
            msg.kind,
            store::outbox::Channel::Sms | store::outbox::Channel::Logout
        );
        let last = if is_sms {
            msg.attempts >= SMS_MAX_ATTEMPTS || msg.expired(now + sms_backoff(msg.attempts))
        } else {
            msg.attempts >= MAX_ATTEMPTS
        };
        let wait = if is_sms {
            sms_backoff(msg.attempts)
        } else {
            backoff(msg.attempts)
        };
        let held = match result {
            Ok(()) => {
                let held = store::outbox::mark_delivered(&mut c, msg, now).await?;
                if held {
                    return Ok(true);
                }
                held
            }
            // Handed back by `run_once`, never recorded.
            Err(Skip::Stopped) => return Ok(false),
            Err(Skip::Expired) => {
                tracing::warn!(id = %msg.id, "a text expired before it could be sent");
                store::outbox::mark_failed(&mut c, msg, now, "expired before delivery").await?
            }
            Err(Skip::Failed(e)) if last => {
                tracing::error!(id = %msg.id, error = %e, "giving up on a message");
                store::outbox::mark_failed(&mut c, msg, now, &e.to_string()).await?
            }
            Err(Skip::Failed(e)) => {
                tracing::warn!(id = %msg.id, attempts = msg.attempts, error = %e, "delivery failed; will retry");
                store::outbox::mark_retry(&mut c, msg, now + wait, &e.to_string()).await?
            }
        };
        if !held {
            tracing::warn!(id = %msg.id, "lease lost before the outcome was recorded");
        }
        Ok(false)
    }

    /// How often leases are renewed: every third of a lease.
    fn beat(&self) -> std::time::Duration {
        std::time::Duration::try_from(self.lease / 3)
            .unwrap_or(std::time::Duration::from_secs(1))
            .max(std::time::Duration::from_millis(100))
    }

    /// Delivers `batch[i]` while renewing, on the batch's beat, the leases of it and of the
    /// messages after it (still waiting their turn), so none of them runs out while this node
    /// is busy with a slow server.
    async fn deliver_renewing(
        &self,
        batch: &mut [OutboxMessage],
        lease: &mut Lease,
        i: usize,
    ) -> Result<(), Skip> {
        let Some(msg) = batch.get(i).cloned() else {
            return Ok(());
        };
        let every = self.beat();
        let delivery = self.deliver(&msg);
        tokio::pin!(delivery);
        let mut beat = tokio::time::interval_at(lease.renewed + every, every);
        let mut stop = self.stop.subscribe();
        loop {
            tokio::select! {
                result = &mut delivery => return result,
                _ = beat.tick() => self.renew(batch, lease, i).await,
                () = stopped(&mut stop) => return Err(Skip::Stopped),
            }
        }
    }

    /// Extends the leases of `batch[from..]`, remembering each new lease (the marks check it)
    /// and which were lost (another node claimed them after they ran out: never sent here).
    async fn renew(&self, batch: &mut [OutboxMessage], lease: &mut Lease, from: usize) {
        let until = self.clock.now() + self.lease;
        let held = batch.get_mut(from..).unwrap_or_default();
        let lost = lease.lost.get_mut(from..).unwrap_or_default();
        let result = async {
            let mut c = self.store.write().await?;
            for (msg, lost) in held.iter_mut().zip(lost.iter_mut()) {
                if !*lost && !store::outbox::renew_lease(&mut c, msg, until).await? {
                    tracing::warn!(id = %msg.id, "lease lost before delivery finished");
                    *lost = true;
                }
            }
            Ok::<(), store::StoreError>(())
        }
        .await;
        lease.renewed = tokio::time::Instant::now();
        if let Err(e) = result {
            // The next beat tries again; the lease is a third used at most.
            tracing::warn!(error = %e, "renewing outbox leases failed");
        }
    }

    async fn deliver(&self, msg: &OutboxMessage) -> Result<(), Skip> {
        if msg.kind == store::outbox::Channel::Logout {
            if msg.expired(self.clock.now()) {
                return Err(Skip::Expired);
            }
            return Ok(self.deliver_logout(msg).await?);
        }
        if msg.kind == store::outbox::Channel::Sms {
            // A code that can no longer be typed is not worth a text (nor its price).
            if msg.expired(self.clock.now()) {
                return Err(Skip::Expired);
            }
            return Ok(self.sms.send(msg).await.map_err(DeliveryError::from)?);
        }
        Ok(self.deliver_email(msg).await?)
    }

    /// OpenID Connect Back-Channel Logout 1.0 §2.5: a form POST of `logout_token`; the app
    /// answers 200 (or 204) when it ended the session.
    async fn deliver_logout(&self, msg: &OutboxMessage) -> Result<(), DeliveryError> {
        let res = self
            .http
            .post(&msg.recipient)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!(
                "logout_token={}",
                url::form_urlencoded::byte_serialize(msg.body.as_bytes()).collect::<String>()
            ))
            .send()
            .await
            .map_err(|e| DeliveryError::Logout(e.to_string()))?;
        if res.status().is_success() {
            Ok(())
        } else {
            Err(DeliveryError::Logout(format!(
                "the app answered {}",
                res.status()
            )))
        }
    }

    async fn deliver_email(&self, msg: &OutboxMessage) -> Result<(), DeliveryError> {
        let email = Message::builder()
            .from(self.from.clone())
            .to(msg.recipient.parse()?)
            .subject(msg.subject.clone())
            // The outbox id makes a message delivered twice (after a lost acknowledgement)
            // recognisable as the same message.
            .message_id(Some(format!("<{}@twofold>", msg.id)))
            // Plain text and the same words as simple HTML: mail clients show the part they
            // prefer, and both come from one text.
            .multipart(MultiPart::alternative_plain_html(
                msg.body.clone(),
                crate::mail_html::from_text(&msg.subject, &msg.body),
            ))?;
        match &self.transport {
            Transport::Smtp(smtp) => {
                smtp.send(email).await?;
            }
            Transport::Directory(dir) => {
                use tokio::io::AsyncWriteExt;
                let tmp = dir.join(format!(".{}.tmp", msg.id));
                let path = dir.join(format!("{}.eml", msg.id));
                let mut opts = tokio::fs::OpenOptions::new();
                opts.write(true).create(true).truncate(true);
                // Emails can carry secrets (invitation links): readable by the owner only.
                #[cfg(unix)]
                opts.mode(0o600);
                let mut file = opts.open(&tmp).await?;
                file.write_all(&email.formatted()).await?;
                file.sync_all().await?;
                // Rename is atomic: a reader never sees half a file.
                tokio::fs::rename(&tmp, &path).await?;
            }
        }
        Ok(())
    }

    /// Runs until stopped ([`Outbox::stopper`]): a batch whenever woken, and at least every two
    /// seconds.
    pub async fn run(self, wake: Arc<Notify>) {
        let mut stop = self.stop.subscribe();
        while !self.stopping() {
            match self.run_once().await {
                Ok(n) if n > 0 => continue,
                Ok(_) => {}
                Err(e) => tracing::error!(error = %e, "outbox batch failed"),
            }
            tokio::select! {
                _ = tokio::time::timeout(POLL, wake.notified()) => {}
                () = stopped(&mut stop) => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_an_hour() {
        assert_eq!(backoff(1), Duration::seconds(30));
        assert_eq!(backoff(2), Duration::seconds(60));
        assert_eq!(backoff(5), Duration::seconds(480));
        assert_eq!(backoff(8), Duration::hours(1));
        assert_eq!(backoff(50), Duration::hours(1));
    }

    #[test]
    fn texts_are_retried_within_seconds() {
        assert_eq!(sms_backoff(1), Duration::seconds(1));
        assert_eq!(sms_backoff(3), Duration::seconds(4));
        assert_eq!(sms_backoff(6), Duration::seconds(30));
        assert_eq!(sms_backoff(99), Duration::seconds(30));
    }
}
