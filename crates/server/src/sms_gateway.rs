//! Where text messages go: `.json` files in the dev outbox (number and text), or one HTTP
//! request each to an SMS gateway. The outbox worker calls [`SmsTransport::send`] and retries
//! what fails; this module only makes one attempt.

use std::path::PathBuf;
use std::time::Duration;

use reqwest::header::{HeaderName, HeaderValue};
use serde_json::Value;
use store::outbox::OutboxMessage;

use crate::StartupError;
use crate::config::{Config, SmsGatewayConfig};

/// Where texts go.
pub enum SmsTransport {
    Directory(PathBuf),
    Gateway(Gateway),
}

/// An HTTP gateway, its request prepared once.
pub struct Gateway {
    client: reqwest::Client,
    url: reqwest::Url,
    auth: Option<(HeaderName, HeaderValue)>,
    template: Value,
}

/// Why one attempt failed; the outbox retries.
#[derive(Debug, thiserror::Error)]
pub enum SmsError {
    #[error("the SMS gateway answered {0}")]
    Status(reqwest::StatusCode),
    /// Without the URL: gateways often take their key in the query string, and this error is
    /// logged and stored.
    #[error("the SMS gateway cannot be reached: {0}")]
    Http(reqwest::Error),
    #[error("cannot write the message file: {0}")]
    Io(#[from] std::io::Error),
    #[error("cannot encode the message: {0}")]
    Json(#[from] serde_json::Error),
}

/// A batch of texts (outbox::BATCH, 5) at this much each stays well within the outbox's
/// five-minute lease, so no other node claims a text while this one still sends it.
const MAX_TIMEOUT_SECS: u64 = 30;

fn bad(reason: impl Into<String>) -> StartupError {
    StartupError::SmsGateway(reason.into())
}

impl SmsTransport {
    /// Like email: an explicit dev outbox wins (API.md: `--dev-outbox` writes every SMS there),
    /// then the gateway when configured, then the default dev outbox.
    ///
    /// # Errors
    /// When the gateway settings are invalid or the directory cannot be created.
    pub fn from_config(config: &Config) -> Result<Self, StartupError> {
        match (&config.dev_outbox, &config.sms.gateway) {
            (None, Some(g)) => Ok(Self::Gateway(Gateway::new(g)?)),
            _ => {
                let dir = config.outbox_dir();
                crate::create_private_dir(&dir)?;
                Ok(Self::Directory(dir))
            }
        }
    }

    /// Sends one text.
    ///
    /// # Errors
    /// When the file cannot be written or the gateway does not take the message.
    pub async fn send(&self, msg: &OutboxMessage) -> Result<(), SmsError> {
        match self {
            Self::Directory(dir) => write_file(dir, msg).await,
            Self::Gateway(g) => g.send(msg).await,
        }
    }
}

async fn write_file(dir: &std::path::Path, msg: &OutboxMessage) -> Result<(), SmsError> {
    use tokio::io::AsyncWriteExt;
    let json = serde_json::to_vec_pretty(&serde_json::json!({
        "id": msg.id,
        "to": msg.recipient,
        "text": msg.body,
    }))?;
    let tmp = dir.join(format!(".{}.tmp", msg.id));
    let path = dir.join(format!("{}.json", msg.id));
    let mut opts = tokio::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    // A text carries a live code: readable by the owner only.
    #[cfg(unix)]
    opts.mode(0o600);
    let mut file = opts.open(&tmp).await?;
    file.write_all(&json).await?;
    file.sync_all().await?;
    tokio::fs::rename(&tmp, &path).await?;
    Ok(())
}

/// Replaces the placeholders in every string of the template (keys stay as written), so that
/// whatever the text holds, it cannot break out of its JSON string.
fn fill(template: &Value, msg: &OutboxMessage) -> Value {
    match template {
        Value::String(s) => Value::String(
            s.replace("{to}", &msg.recipient)
                .replace("{id}", &msg.id)
                .replace("{text}", &msg.body),
        ),
        Value::Array(items) => Value::Array(items.iter().map(|v| fill(v, msg)).collect()),
        Value::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), fill(v, msg))).collect())
        }
        other => other.clone(),
    }
}

impl Gateway {
    /// # Errors
    /// When the URL, the header or the template is not usable.
    pub fn new(c: &SmsGatewayConfig) -> Result<Self, StartupError> {
        let url = reqwest::Url::parse(&c.url)
            .map_err(|e| bad(format!("sms.gateway.url {:?}: {e}", c.url)))?;
        if !matches!(url.scheme(), "https" | "http") {
            return Err(bad("sms.gateway.url must be an http:// or https:// URL"));
        }
        let auth = match &c.auth_header {
            None => None,
            Some(value) => {
                let name = c.auth_header_name.as_deref().unwrap_or("authorization");
                let name = HeaderName::from_bytes(name.as_bytes())
                    .map_err(|_| bad("sms.gateway.auth_header_name is not a header name"))?;
                let mut value = HeaderValue::from_str(value)
                    .map_err(|_| bad("sms.gateway.auth_header is not a header value"))?;
                value.set_sensitive(true);
                Some((name, value))
            }
        };
        let template = match &c.template {
            None => serde_json::json!({"to": "{to}", "text": "{text}"}),
            Some(Value::String(s)) => serde_json::from_str(s)
                .map_err(|e| bad(format!("sms.gateway.template is not JSON: {e}")))?,
            Some(v) => v.clone(),
        };
        if !template.is_object() {
            return Err(bad("sms.gateway.template must be a JSON object"));
        }
        crate::install_tls_provider();
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(
                c.timeout_seconds.unwrap_or(10).clamp(1, MAX_TIMEOUT_SECS),
            ))
            .connect_timeout(Duration::from_secs(5))
            // The gateway's answer is what counts; following it elsewhere could resend the text.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| bad(format!("HTTP client: {e}")))?;
        Ok(Self {
            client,
            url,
            auth,
            template,
        })
    }

    async fn send(&self, msg: &OutboxMessage) -> Result<(), SmsError> {
        let mut req = self
            .client
            .post(self.url.clone())
            // The same key on every retry lets a gateway that supports it drop a duplicate
            // after an answer was lost.
            .header("idempotency-key", &msg.id)
            .json(&fill(&self.template, msg));
        if let Some((name, value)) = &self.auth {
            req = req.header(name.clone(), value.clone());
        }
        let res = req
            .send()
            .await
            .map_err(|e| SmsError::Http(e.without_url()))?;
        if res.status().is_success() {
            Ok(())
        } else {
            Err(SmsError::Status(res.status()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(text: &str) -> OutboxMessage {
        OutboxMessage {
            id: "m1".into(),
            kind: store::outbox::Channel::Sms,
            recipient: "+41791234567".into(),
            subject: String::new(),
            body: text.into(),
            attempts: 1,
            locked_until: None,
            expires_at: None,
        }
    }

    #[test]
    fn placeholders_are_filled_inside_strings_only() {
        let template = serde_json::json!({
            "messages": [{"destination": "{to}", "content": "code: {text}", "ref": "{id}"}],
            "sender": "twofold",
            "flash": false,
        });
        let filled = fill(&template, &msg("123456 \"quoted\" {to}"));
        assert_eq!(filled["messages"][0]["destination"], "+41791234567");
        assert_eq!(filled["messages"][0]["ref"], "m1");
        assert_eq!(filled["sender"], "twofold");
        assert_eq!(filled["flash"], false);
        // A text that contains quotes or a placeholder stays one string, unexpanded.
        assert_eq!(
            filled["messages"][0]["content"],
            "code: 123456 \"quoted\" {to}"
        );
    }

    #[test]
    fn a_bad_gateway_setting_stops_the_start_with_the_reason() {
        let base = SmsGatewayConfig {
            url: "https://sms.example.org/send".into(),
            auth_header: Some("Bearer k".into()),
            auth_header_name: None,
            template: None,
            timeout_seconds: None,
        };
        assert!(Gateway::new(&base).is_ok());
        for (c, needle) in [
            (
                SmsGatewayConfig {
                    url: "ftp://x".into(),
                    ..base.clone()
                },
                "http",
            ),
            (
                SmsGatewayConfig {
                    template: Some(Value::String("{not json".into())),
                    ..base.clone()
                },
                "template",
            ),
            (
                SmsGatewayConfig {
                    template: Some(serde_json::json!(["a"])),
                    ..base.clone()
                },
                "object",
            ),
            (
                SmsGatewayConfig {
                    auth_header: Some("bad\nvalue".into()),
                    ..base.clone()
                },
                "auth_header",
            ),
        ] {
            let e = Gateway::new(&c)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            assert!(e.contains(needle), "{e}");
        }
    }
}
