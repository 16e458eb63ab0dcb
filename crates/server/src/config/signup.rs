//! `[signup]`: how sign-up proves addresses.

use serde::{Deserialize, Serialize};

/// How sign-up proves addresses and how fast one source may sign up.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SignupConfig {
    /// A new account proves its address with an emailed link before it can sign in.
    pub verify_email: bool,
    /// Sign-ups one source address may attempt per hour (every attempt counts; at least 1).
    pub per_source_per_hour: u32,
}

impl Default for SignupConfig {
    fn default() -> Self {
        Self {
            verify_email: true,
            per_source_per_hour: 20,
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn sign_up_proves_the_address_and_is_limited_by_default() {
        let c = super::SignupConfig::default();
        assert!(c.verify_email);
        assert_eq!(c.per_source_per_hour, 20);
    }
}
