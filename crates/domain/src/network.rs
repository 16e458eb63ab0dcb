//! Networks a remembered browser may skip the second step from (issue 21): the one it was
//! remembered on, taken as the address's IPv4 /24 or IPv6 /64 (a home or office network, not the
//! one address a provider may change), and an organization's trusted networks (CIDR blocks, as
//! Entra's named locations and Okta's network zones list them).

use std::net::IpAddr;

use ipnet::{IpNet, Ipv4Net, Ipv6Net};

use crate::ValidationError;
use crate::error::Invalid;

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

/// The network of an address as stored (text): `None` when there is none, or it is not one.
pub fn network_of(ip: Option<&str>) -> Option<IpNet> {
    ip?.parse::<IpAddr>().ok().map(home_network)
}

/// The NAT64 well-known prefix (RFC 6052): an IPv4 client seen through a NAT64 gateway.
const NAT64: Ipv6Net =
    Ipv6Net::new_assert(std::net::Ipv6Addr::new(0x64, 0xff9b, 0, 0, 0, 0, 0, 0), 96);

/// An address that carries an IPv4 one is that IPv4 address: IPv4-mapped (`::ffff:192.0.2.7`,
/// what a dual-stack socket reports) and NAT64 (`64:ff9b::c000:207`), whose /64 would otherwise
/// hold the whole IPv4 Internet as one network.
fn unmapped(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) if NAT64.contains(&v6) => {
            let [.., a, b, c, d] = v6.octets();
            IpAddr::V4(std::net::Ipv4Addr::new(a, b, c, d))
        }
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 @ IpAddr::V4(_) => v4,
    }
}

/// A block written in a form that carries IPv4 addresses (IPv4-mapped `::ffff:203.0.113.0/120`,
/// NAT64 `64:ff9b::cb00:7100/120`) is the IPv4 block it carries, since addresses are compared
/// so ([`unmapped`]).
fn unmapped_net(net: IpNet) -> IpNet {
    let IpNet::V6(v6) = net else {
        return net;
    };
    let Some(v4_prefix) = v6.prefix_len().checked_sub(96) else {
        return net;
    };
    let [.., a, b, c, d] = v6.network().octets();
    let carried = std::net::Ipv4Addr::new(a, b, c, d);
    let carries_v4 = v6.network().to_ipv4_mapped().is_some() || NAT64.contains(&v6.network());
    if !carries_v4 {
        return net;
    }
    Ipv4Net::new(carried, v4_prefix).map_or(net, IpNet::V4)
}

/// Where a remembered browser signed in from, as the decisions after the sign-in need it:
/// whether that was the network the browser was remembered on, and the address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DevicePlace {
    pub home: bool,
    pub from: Option<IpAddr>,
}

/// Where a remembered browser may skip the second step from: anywhere its cookie goes (`any`),
/// or only from the network it was remembered on and trusted networks (`known`). An
/// organization's policy says it for its members; a person says it for one browser.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum DeviceNetworks {
    #[default]
    Any,
    Known,
}

impl DeviceNetworks {
    /// # Errors
    /// A validation error naming `field` for anything but `any` and `known`.
    pub fn parse(s: &str, field: &'static str) -> Result<Self, ValidationError> {
        match s {
            "any" => Ok(Self::Any),
            "known" => Ok(Self::Known),
            _ => Err(ValidationError::because(
                field,
                Invalid::Either("any", "known"),
            )),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Any => "any",
            Self::Known => "known",
        }
    }
}

/// Whether `from` is on the network of `remembered_from` (its /24 or /64). An address twofold
/// does not know is on no network.
pub fn same_network(remembered_from: Option<IpAddr>, from: Option<IpAddr>) -> bool {
    match (remembered_from, from) {
        (Some(home), Some(from)) => home_network(home).contains(&unmapped(from)),
        _ => false,
    }
}

/// The widest block an organization may trust: an IPv4 /8 or an IPv6 /16 (`0.0.0.0/0` would
/// trust the whole Internet and quietly undo `known`).
const WIDEST: (u8, u8) = (8, 16);

/// An organization's trusted networks: valid CIDR blocks, each kept as its network address
/// (`192.0.2.7/24` is `192.0.2.0/24`), without repeats, at most [`MAX_TRUSTED`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedNetworks(Vec<IpNet>);

impl TrustedNetworks {
    /// # Errors
    /// A `trusted_networks` validation error naming the first block that is not one or is too
    /// wide, or too many blocks.
    pub fn parse(blocks: &[String]) -> Result<Self, ValidationError> {
        const FIELD: &str = "trusted_networks";
        if blocks.len() > MAX_TRUSTED {
            return Err(ValidationError::because(
                FIELD,
                Invalid::AtMost(MAX_TRUSTED),
            ));
        }
        let mut nets = blocks
            .iter()
            .map(|b| {
                let net = b.trim().parse::<IpNet>().map(unmapped_net).map_err(|_| {
                    // The block is said back, within reason.
                    let shown = b.chars().take(60).collect();
                    ValidationError::because(FIELD, Invalid::NotCidr(shown))
                })?;
                let widest = match net {
                    IpNet::V4(_) => WIDEST.0,
                    IpNet::V6(_) => WIDEST.1,
                };
                if net.prefix_len() < widest {
                    return Err(ValidationError::because(FIELD, Invalid::NetworkTooWide));
                }
                Ok(net.trunc())
            })
            .collect::<Result<Vec<_>, _>>()?;
        nets.sort_unstable();
        nets.dedup();
        Ok(Self(nets))
    }

    /// The stored form: blocks separated by spaces. Read back with [`Self::parse_stored`].
    pub fn to_stored(&self) -> String {
        self.to_strings().join(" ")
    }

    /// # Errors
    /// When the stored text is not what [`Self::to_stored`] wrote.
    pub fn parse_stored(text: &str) -> Result<Self, ValidationError> {
        let blocks: Vec<String> = text.split_whitespace().map(str::to_owned).collect();
        Self::parse(&blocks)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
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
        // Written IPv4-mapped, a block is the IPv4 one; a NAT64 client is its IPv4 address.
        let mapped = TrustedNetworks::parse(&["::ffff:198.51.100.0/120".to_owned()])
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(mapped.to_strings(), ["198.51.100.0/24"]);
        assert!(mapped.contains(ip("198.51.100.9")));
        assert!(mapped.contains(ip("64:ff9b::c633:6409")));
        let nat64 = TrustedNetworks::parse(&["64:ff9b::cb00:7100/120".to_owned()])
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(nat64.to_strings(), ["203.0.113.0/24"]);
        assert!(nat64.contains(ip("64:ff9b::cb00:7109")));
        assert!(nat64.contains(ip("203.0.113.9")));
        // All of NAT64 is all of IPv4: too wide.
        let all = TrustedNetworks::parse(&["64:ff9b::/96".to_owned()]).err();
        assert_eq!(all.map(|e| e.why), Some(Invalid::NetworkTooWide));
        // Other IPv6 blocks stay IPv6.
        let v6 = TrustedNetworks::parse(&["2001:db8::/120".to_owned()])
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(v6.to_strings(), ["2001:db8::/120"]);
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
        // The whole Internet, or most of it, is no trusted network.
        for wide in ["0.0.0.0/0", "10.0.0.0/7", "::/0", "2000::/3"] {
            let err = TrustedNetworks::parse(&[wide.to_owned()]).err();
            assert_eq!(err.map(|e| e.why), Some(Invalid::NetworkTooWide), "{wide}");
        }
        assert!(
            TrustedNetworks::parse(&["10.0.0.0/8".to_owned(), "2001:db8::/16".to_owned()]).is_ok()
        );
    }

    #[test]
    fn trusted_networks_are_stored_as_text_and_read_back() {
        let blocks = ["203.0.113.0/24", "2001:db8::/48"].map(String::from);
        let t = TrustedNetworks::parse(&blocks).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(TrustedNetworks::parse_stored(&t.to_stored()), Ok(t));
        assert_eq!(
            TrustedNetworks::parse_stored(""),
            Ok(TrustedNetworks::default())
        );
    }

    #[test]
    fn the_same_network_is_the_same_24_or_64_and_never_an_unknown_address() {
        let home = Some(ip("192.0.2.77"));
        assert!(same_network(home, Some(ip("192.0.2.200"))));
        assert!(same_network(home, Some(ip("::ffff:192.0.2.1"))));
        assert!(!same_network(home, Some(ip("192.0.3.77"))));
        assert!(!same_network(home, None));
        assert!(!same_network(None, Some(ip("192.0.2.77"))));
        // Behind NAT64 every IPv4 client shares one /64: each is its own IPv4 /24 instead.
        let nat64 = Some(ip("64:ff9b::c000:20a"));
        assert!(same_network(nat64, Some(ip("192.0.2.99"))));
        assert!(!same_network(nat64, Some(ip("64:ff9b::c633:6405"))));
        let v6 = Some(ip("2001:db8:1:2::10"));
        assert!(same_network(v6, Some(ip("2001:db8:1:2:ffff::1"))));
        assert!(!same_network(v6, Some(ip("2001:db8:1:3::10"))));
    }

    #[test]
    fn device_networks_are_any_or_known() {
        assert_eq!(
            DeviceNetworks::parse("known", "f"),
            Ok(DeviceNetworks::Known)
        );
        assert_eq!(
            DeviceNetworks::parse("any", "f").map(DeviceNetworks::as_str),
            Ok("any")
        );
        assert_eq!(
            DeviceNetworks::parse("Known", "f").err().map(|e| e.field),
            Some("f")
        );
    }
}
