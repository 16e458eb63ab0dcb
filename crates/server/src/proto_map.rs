//! The domain's fixed sets as the API writes them: one mapping per type, from a domain value to
//! its `proto::names` enum. Responses carry only these enums, so the OpenAPI document lists every
//! value and the JSON says exactly what the domain's `as_str` says (the tests below hold both).
//! Requests go the other way through the domain's `parse`, which names the field on a bad value.

use domain::session::{Aal, ClientKind, SessionState};
use domain::{MethodKind, Role};
use proto::names;

/// A domain value as the API writes it.
pub trait ToProto {
    /// The API's enum for it.
    type Proto;
    /// The same value, as the API's enum.
    fn to_proto(self) -> Self::Proto;
}

impl ToProto for SessionState {
    type Proto = names::SessionState;
    fn to_proto(self) -> names::SessionState {
        match self {
            Self::Active => names::SessionState::Active,
            Self::MfaPending => names::SessionState::MfaPending,
            Self::SetupRequired => names::SessionState::SetupRequired,
        }
    }
}

impl ToProto for Aal {
    type Proto = names::Aal;
    fn to_proto(self) -> names::Aal {
        match self {
            Self::Aal1 => names::Aal::Aal1,
            Self::Aal2 => names::Aal::Aal2,
        }
    }
}

impl ToProto for ClientKind {
    type Proto = names::ClientKind;
    fn to_proto(self) -> names::ClientKind {
        match self {
            Self::Web => names::ClientKind::Web,
            Self::Native => names::ClientKind::Native,
            Self::Sync => names::ClientKind::Sync,
        }
    }
}

impl ToProto for Role {
    type Proto = names::Role;
    fn to_proto(self) -> names::Role {
        match self {
            Self::Owner => names::Role::Owner,
            Self::LegalRepresentative => names::Role::LegalRepresentative,
            Self::Admin => names::Role::Admin,
            Self::Member => names::Role::Member,
        }
    }
}

impl ToProto for MethodKind {
    type Proto = names::MethodType;
    fn to_proto(self) -> names::MethodType {
        match self {
            Self::Webauthn => names::MethodType::Webauthn,
            Self::Push => names::MethodType::Push,
            Self::Totp => names::MethodType::Totp,
            Self::Sms => names::MethodType::Sms,
        }
    }
}

/// The domain's method kind of an API method type (pages that show the API's method views).
pub fn method_kind(t: names::MethodType) -> MethodKind {
    match t {
        names::MethodType::Webauthn => MethodKind::Webauthn,
        names::MethodType::Push => MethodKind::Push,
        names::MethodType::Totp => MethodKind::Totp,
        names::MethodType::Sms => MethodKind::Sms,
    }
}

impl ToProto for domain::push::Outcome {
    type Proto = names::Outcome;
    fn to_proto(self) -> names::Outcome {
        match self {
            Self::Approved => names::Outcome::Approved,
            Self::Denied => names::Outcome::Denied,
            Self::Reported => names::Outcome::Reported,
        }
    }
}

impl ToProto for domain::oidc::ClientType {
    type Proto = names::ClientType;
    fn to_proto(self) -> names::ClientType {
        match self {
            Self::Confidential => names::ClientType::Confidential,
            Self::Public => names::ClientType::Public,
        }
    }
}

impl ToProto for domain::oidc::AppKind {
    type Proto = names::AppKind;
    fn to_proto(self) -> names::AppKind {
        match self {
            Self::Web => names::AppKind::Web,
            Self::Native => names::AppKind::Native,
        }
    }
}

impl ToProto for domain::oidc::SigningAlg {
    type Proto = names::SigningAlg;
    fn to_proto(self) -> names::SigningAlg {
        match self {
            Self::Es256 => names::SigningAlg::Es256,
            Self::Rs256 => names::SigningAlg::Rs256,
        }
    }
}

impl ToProto for domain::network::DeviceNetworks {
    type Proto = names::DeviceNetworks;
    fn to_proto(self) -> names::DeviceNetworks {
        match self {
            Self::Any => names::DeviceNetworks::Any,
            Self::Known => names::DeviceNetworks::Known,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `value` as JSON: the string the API writes.
    fn json<T: serde::Serialize>(value: &T) -> String {
        serde_json::to_value(value)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    }

    /// The values the OpenAPI document lists for `T`.
    pub(crate) fn documented<T: utoipa::PartialSchema>() -> Vec<String> {
        let schema = serde_json::to_value(T::schema()).unwrap_or_default();
        schema["enum"]
            .as_array()
            .map(|values| {
                values
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Every domain value is written as its `as_str`, and the document lists exactly the
    /// domain's values (the `match` in each `ToProto` is exhaustive one way, this the other).
    fn agree<D: ToProto + Copy>(all: &[D], as_str: fn(D) -> &'static str)
    where
        D::Proto: serde::Serialize + utoipa::PartialSchema,
    {
        for &d in all {
            assert_eq!(json(&d.to_proto()), as_str(d));
        }
        let mut domain: Vec<&str> = all.iter().map(|&d| as_str(d)).collect();
        let mut api = documented::<D::Proto>();
        domain.sort_unstable();
        api.sort_unstable();
        assert_eq!(api, domain);
    }

    #[test]
    fn every_domain_value_is_written_as_its_name_and_the_document_lists_no_other() {
        use domain::push::Outcome;
        agree(
            &[
                SessionState::Active,
                SessionState::MfaPending,
                SessionState::SetupRequired,
            ],
            SessionState::as_str,
        );
        agree(&[Aal::Aal1, Aal::Aal2], Aal::as_str);
        agree(
            &[ClientKind::Web, ClientKind::Native, ClientKind::Sync],
            ClientKind::as_str,
        );
        agree(&Role::ALL, Role::as_str);
        agree(&MethodKind::ALL, MethodKind::as_str);
        assert!(
            MethodKind::ALL
                .into_iter()
                .all(|k| method_kind(k.to_proto()) == k)
        );
        agree(
            &[Outcome::Approved, Outcome::Denied, Outcome::Reported],
            Outcome::as_str,
        );
        agree(
            &[
                domain::network::DeviceNetworks::Any,
                domain::network::DeviceNetworks::Known,
            ],
            domain::network::DeviceNetworks::as_str,
        );
        agree(
            &domain::oidc::SigningAlg::ALL,
            domain::oidc::SigningAlg::as_str,
        );
    }
}
