//! The OpenID Connect provider's settings (`[oidc]`).

use serde::{Deserialize, Serialize};

/// Lifetimes of what twofold issues to apps as an OpenID Connect provider.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OidcConfig {
    /// Access tokens: short, since an app may hold one after the person was stopped or
    /// removed (userinfo and introspection check the live rules, a stateless check cannot).
    pub access_token_seconds: i64,
    /// ID tokens (at most an hour: a rotated key stays published that long).
    pub id_token_seconds: i64,
    /// Refresh tokens (`offline_access`), each used once.
    pub refresh_token_days: i64,
}

impl Default for OidcConfig {
    fn default() -> Self {
        Self {
            access_token_seconds: 300,
            id_token_seconds: 600,
            refresh_token_days: 30,
        }
    }
}

impl OidcConfig {
    pub fn access_token(&self) -> time::Duration {
        time::Duration::seconds(self.access_token_seconds.clamp(30, 3600))
    }

    pub fn id_token(&self) -> time::Duration {
        time::Duration::seconds(self.id_token_seconds.clamp(30, 3600))
    }

    pub fn refresh_token(&self) -> time::Duration {
        time::Duration::days(self.refresh_token_days.clamp(1, 365))
    }
}
