//! Networks a remembered browser may skip the second step from (issue 21): the one it was
//! remembered on, taken as the address's IPv4 /24 or IPv6 /64 (a home or office network, not the
//! one address a provider may change), and an organization's trusted networks (CIDR blocks, as
//! Entra's named locations and Okta's network zones list them).

use std::net::IpAddr;

use ipnet::{IpNet, Ipv4Net, Ipv6Net};

use crate::ValidationError;

/// How many blocks an organization may list: enough for every office, few enough to check on
/// each sign-in without an index.
pub const MAX_TRUSTED: usize = 500;

/// The network an address belongs to, as a remembered browser is bound to it: its IPv4 /24 or
/// IPv6 /64.
pub fn home_network(ip: IpAddr) -> IpNet {
    match unmapped(ip) {
        IpAddr::V4(v4) => IpNet::V4(Ipv4Net::new_assert(v4, 24).trunc()),
        IpAddr::V6(v6) => IpNet::V6(Ipv6Net::new_assert(v6, 64).trunc()),
    }
}

/// An IPv4-mapped IPv6 address (`::ffff:192.0.2.7`, what a dual-stack socket reports) is the
/// IPv4 address it carries.
fn unmapped(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 @ IpAddr::V4(_) => v4,
    }
}

/// An organization's trusted networks: valid CIDR blocks, each kept as its network address
/// (`192.0.2.7/24` is `192.0.2.0/24`), without repeats, at most [`MAX_TRUSTED`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedNetworks(Vec<IpNet>);

impl TrustedNetworks {
    /// # Errors
    /// A `trusted_networks` validation error naming the first block that is not one, or too
    /// many blocks.
    pub fn parse(blocks: &[String]) -> Result<Self, ValidationError> {
        if blocks.len() > MAX_TRUSTED {
            return Err(ValidationError::new(
                "trusted_networks",
                format!("must list at most {MAX_TRUSTED} networks"),
            ));
        }
        let mut nets = blocks
            .iter()
            .map(|b| {
                b.trim().parse::<IpNet>().map(|n| n.trunc()).map_err(|_| {
                    ValidationError::new(
                        "trusted_networks",
                        format!("{b:?} is not a network in CIDR notation (203.0.113.0/24, 2001:db8::/48)"),
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        nets.sort_unstable();
        nets.dedup();
        Ok(Self(nets))
    }

    /// Whether `ip` is in one of the networks.
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = unmapped(ip);
        self.0.iter().any(|n| n.contains(&ip))
    }

    /// The blocks, as text (`192.0.2.0/24`).
    pub fn to_strings(&self) -> Vec<String> {
        self.0.iter().map(ToString::to_string).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn a_browser_is_bound_to_its_ipv4_24_or_ipv6_64() {
        assert_eq!(home_network(ip("192.0.2.77")).to_string(), "192.0.2.0/24");
        assert_eq!(
            home_network(ip("::ffff:192.0.2.77")).to_string(),
            "192.0.2.0/24"
        );
        assert_eq!(
            home_network(ip("2001:db8:1:2:aaaa::1")).to_string(),
            "2001:db8:1:2::/64"
        );
        let home = home_network(ip("192.0.2.77"));
        assert!(home.contains(&ip("192.0.2.1")));
        assert!(!home.contains(&ip("192.0.3.1")));
    }

    #[test]
    fn trusted_networks_are_cidr_blocks_kept_as_networks() {
        let blocks = ["203.0.113.7/24", " 2001:db8::/48", "203.0.113.0/24"].map(String::from);
        let t = TrustedNetworks::parse(&blocks).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(t.to_strings(), ["203.0.113.0/24", "2001:db8::/48"]);
        assert!(t.contains(ip("203.0.113.200")));
        assert!(t.contains(ip("::ffff:203.0.113.9")));
        assert!(t.contains(ip("2001:db8:0:ffff::1")));
        assert!(!t.contains(ip("198.51.100.1")));
        assert!(!TrustedNetworks::default().contains(ip("203.0.113.1")));
    }

    #[test]
    fn a_malformed_block_or_too_many_are_refused_with_the_field_named() {
        for bad in [
            "203.0.113.0",
            "203.0.113.0/33",
            "office",
            "2001:db8::/129",
            "",
        ] {
            let err = TrustedNetworks::parse(&[bad.to_owned()]).err();
            assert_eq!(err.map(|e| e.field), Some("trusted_networks"), "{bad:?}");
        }
        let many: Vec<String> = (0..=MAX_TRUSTED)
            .map(|i| format!("10.{}.{}.0/24", i / 256, i % 256))
            .collect();
        assert!(TrustedNetworks::parse(&many).is_err());
        assert!(TrustedNetworks::parse(&many[..MAX_TRUSTED]).is_ok());
    }
}
