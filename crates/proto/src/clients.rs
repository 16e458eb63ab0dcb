//! Apps that sign an organization's people in through twofold (OpenID Connect clients).

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

/// `POST /api/v1/orgs/{org}/clients`
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateClient {
    /// 1 to 64 characters, shown to people signing in.
    #[schema(min_length = 1, max_length = 64)]
    pub name: String,
    /// Where codes may be sent: `https`, `http` on a loopback address, or (native apps) a
    /// reverse-DNS scheme; matched exactly (a native app's loopback port may vary).
    #[schema(min_items = 1, max_items = 20)]
    pub redirect_uris: Vec<String>,
    #[serde(rename = "type")]
    #[schema(value_type = crate::names::ClientType)]
    pub client_type: String,
    #[schema(value_type = crate::names::AppKind)]
    pub kind: String,
    #[serde(default)]
    #[schema(max_items = 20)]
    pub post_logout_redirect_uris: Option<Vec<String>>,
    /// How ID tokens are signed for this app: `ES256` (default) or `RS256`.
    #[serde(default)]
    #[schema(value_type = Option<crate::names::SigningAlg>)]
    pub id_token_signed_response_alg: Option<String>,
    /// Where twofold sends OpenID Connect Back-Channel Logout tokens when a person's session
    /// with this app ends (sign-out, removal, enforcement).
    #[serde(default)]
    pub backchannel_logout_uri: Option<String>,
}

/// A registered app, never with its secret.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ClientView {
    pub client_id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub client_type: crate::names::ClientType,
    pub kind: crate::names::AppKind,
    pub redirect_uris: Vec<String>,
    pub post_logout_redirect_uris: Vec<String>,
    pub id_token_signed_response_alg: crate::names::SigningAlg,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backchannel_logout_uri: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// A registered app and, for a confidential one, its secret: shown this once.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ClientCreated {
    pub client_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
    pub name: String,
    #[serde(rename = "type")]
    pub client_type: crate::names::ClientType,
    pub kind: crate::names::AppKind,
    pub redirect_uris: Vec<String>,
    pub post_logout_redirect_uris: Vec<String>,
    pub id_token_signed_response_alg: crate::names::SigningAlg,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backchannel_logout_uri: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// `GET /api/v1/orgs/{org}/clients`
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ClientList {
    pub clients: Vec<ClientView>,
}
