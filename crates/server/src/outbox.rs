//! Delivers the outbox: claims due messages, sends each by SMTP or writes it as an `.eml` file,
//! and marks it delivered or schedules a retry with exponential backoff. A crash between commit
//! and delivery loses nothing: the claim's lease runs out and the message is claimed again.

use std::path::PathBuf;
use std::sync::Arc;

use lettre::message::header::ContentType;
use lettre::message::{Mailbox, Message};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use store::Store;
use store::outbox::OutboxMessage;
use time::Duration;
use tokio::sync::Notify;

use crate::config::{Config, SmtpConfig, SmtpTls};
use domain::Clock;

/// Attempts before a message is given up on (the last wait is about an hour).
pub const MAX_ATTEMPTS: i64 = 10;
/// How long a claimed message is reserved for the node that claimed it.
const LEASE: Duration = Duration::minutes(2);
const BATCH: i64 = 20;
/// How often the worker looks for due retries when nothing wakes it.
const POLL: std::time::Duration = std::time::Duration::from_secs(2);

/// Where emails go.
pub enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Directory(PathBuf),
}

impl Transport {
    /// # Errors
    /// When the SMTP settings are invalid or the directory cannot be created.
    pub fn from_config(config: &Config) -> anyhow::Result<Self> {
        match &config.smtp {
            Some(smtp) => Ok(Transport::Smtp(smtp_transport(smtp)?)),
            None => {
                let dir = config.outbox_dir();
                std::fs::create_dir_all(&dir)?;
                Ok(Transport::Directory(dir))
            }
        }
    }
}

fn smtp_transport(c: &SmtpConfig) -> anyhow::Result<AsyncSmtpTransport<Tokio1Executor>> {
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
    Ok(builder
        .timeout(Some(std::time::Duration::from_secs(20)))
        .build())
}

/// The delivery worker.
pub struct Outbox {
    store: Store,
    clock: Arc<dyn Clock>,
    transport: Transport,
    from: Mailbox,
}

/// The wait before attempt `attempts + 1`: 30 s doubling, at most an hour.
pub fn backoff(attempts: i64) -> Duration {
    let doublings = u32::try_from(attempts.clamp(1, 8) - 1).unwrap_or(0);
    Duration::seconds(30 * (1_i64 << doublings)).min(Duration::hours(1))
}

impl Outbox {
    /// # Errors
    /// When `mail_from` is not a valid mailbox.
    pub fn new(
        store: Store,
        clock: Arc<dyn Clock>,
        transport: Transport,
        mail_from: &str,
    ) -> anyhow::Result<Self> {
        Ok(Self {
            store,
            clock,
            transport,
            from: mail_from.parse()?,
        })
    }

    /// Delivers one batch of due messages; returns how many were delivered.
    ///
    /// # Errors
    /// On database failure (delivery failures are recorded, not returned).
    pub async fn run_once(&self) -> Result<usize, store::StoreError> {
        let now = self.clock.now();
        let batch = {
            let mut tx = self.store.begin().await?;
            let batch = store::outbox::claim_due(&mut tx, now, LEASE, BATCH).await?;
            tx.commit().await?;
            batch
        };
        let mut delivered = 0;
        for msg in batch {
            let result = self.deliver(&msg).await;
            let now = self.clock.now();
            let mut c = self.store.read().await?;
            match result {
                Ok(()) => {
                    store::outbox::mark_delivered(&mut c, &msg.id, now).await?;
                    delivered += 1;
                }
                Err(e) if msg.attempts >= MAX_ATTEMPTS => {
                    tracing::error!(id = %msg.id, error = %e, "giving up on a message");
                    store::outbox::mark_failed(&mut c, &msg.id, now, &e.to_string()).await?;
                }
                Err(e) => {
                    tracing::warn!(id = %msg.id, attempts = msg.attempts, error = %e, "delivery failed; will retry");
                    store::outbox::mark_retry(
                        &mut c,
                        &msg.id,
                        now + backoff(msg.attempts),
                        &e.to_string(),
                    )
                    .await?;
                }
            }
        }
        Ok(delivered)
    }

    async fn deliver(&self, msg: &OutboxMessage) -> anyhow::Result<()> {
        let email = Message::builder()
            .from(self.from.clone())
            .to(msg.recipient.parse()?)
            .subject(msg.subject.clone())
            // The outbox id makes a message delivered twice (after a lost acknowledgement)
            // recognisable as the same message.
            .message_id(Some(format!("<{}@twofold>", msg.id)))
            .header(ContentType::TEXT_PLAIN)
            .body(msg.body.clone())?;
        match &self.transport {
            Transport::Smtp(smtp) => {
                smtp.send(email).await?;
            }
            Transport::Directory(dir) => {
                let tmp = dir.join(format!(".{}.tmp", msg.id));
                let path = dir.join(format!("{}.eml", msg.id));
                tokio::fs::write(&tmp, email.formatted()).await?;
                // Rename is atomic: a reader never sees half a file.
                tokio::fs::rename(&tmp, &path).await?;
            }
        }
        Ok(())
    }

    /// Runs until the process ends: a batch whenever woken, and at least every two seconds.
    pub async fn run(self, wake: Arc<Notify>) {
        loop {
            match self.run_once().await {
                Ok(n) if n > 0 => continue,
                Ok(_) => {}
                Err(e) => tracing::error!(error = %e, "outbox batch failed"),
            }
            let _ = tokio::time::timeout(POLL, wake.notified()).await;
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
}
