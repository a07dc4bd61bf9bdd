//! The SSRF guard's address rules: a delivery goes only to a public address. Checked for every
//! address a host resolves to, at save time and again at each send, and for IP literals in a URL.
//! The ranges are those of issue #12 (IANA's special-purpose registries): "this network", private,
//! shared (CGNAT), loopback, link-local, benchmarking, multicast and reserved IPv4; and for IPv6 the
//! unspecified and loopback addresses, IPv4-mapped and IPv4-compatible addresses, NAT64, 6to4,
//! unique-local, link-local and multicast.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Whether no delivery may go to `ip`.
pub fn blocked(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => blocked_v4(v4),
        IpAddr::V6(v6) => blocked_v6(v6),
    }
}

fn in_v4(ip: Ipv4Addr, net: [u8; 4], prefix: u32) -> bool {
    let mask = if prefix == 0 { 0 } else { u32::MAX << (32 - prefix) };
    u32::from(ip) & mask == u32::from(Ipv4Addr::from(net)) & mask
}

fn blocked_v4(ip: Ipv4Addr) -> bool {
    const RANGES: &[([u8; 4], u32)] = &[
        ([0, 0, 0, 0], 8),
        ([10, 0, 0, 0], 8),
        ([100, 64, 0, 0], 10),
        ([127, 0, 0, 0], 8),
        ([169, 254, 0, 0], 16),
        ([172, 16, 0, 0], 12),
        ([192, 168, 0, 0], 16),
        // Beyond the issue's list, IANA's other special-purpose blocks: IETF protocol assignments,
        // the three documentation networks and the retired 6to4 relay anycast.
        ([192, 0, 0, 0], 24),
        ([192, 0, 2, 0], 24),
        ([192, 88, 99, 0], 24),
        ([198, 51, 100, 0], 24),
        ([203, 0, 113, 0], 24),
        ([198, 18, 0, 0], 15),
        ([224, 0, 0, 0], 4),
        ([240, 0, 0, 0], 4),
    ];
    RANGES.iter().any(|(net, prefix)| in_v4(ip, *net, *prefix))
}

fn in_v6(ip: Ipv6Addr, net: [u16; 8], prefix: u32) -> bool {
    let mask = if prefix == 0 { 0 } else { u128::MAX << (128 - prefix) };
    u128::from(ip) & mask == u128::from(Ipv6Addr::from(net)) & mask
}

fn blocked_v6(ip: Ipv6Addr) -> bool {
    const RANGES: &[([u16; 8], u32)] = &[
        ([0, 0, 0, 0, 0, 0, 0, 0], 128),         // ::
        ([0, 0, 0, 0, 0, 0, 0, 1], 128),         // ::1
        ([0, 0, 0, 0, 0, 0xffff, 0, 0], 96),     // IPv4-mapped
        ([0, 0, 0, 0, 0, 0, 0, 0], 96),          // IPv4-compatible (deprecated)
        ([0x64, 0xff9b, 0, 0, 0, 0, 0, 0], 96),  // NAT64
        ([0x64, 0xff9b, 1, 0, 0, 0, 0, 0], 48),  // local-use NAT64 (RFC 8215)
        ([0x100, 0, 0, 0, 0, 0, 0, 0], 64),      // discard-only
        ([0x2001, 0, 0, 0, 0, 0, 0, 0], 32),     // Teredo
        ([0x2001, 0xdb8, 0, 0, 0, 0, 0, 0], 32), // documentation
        ([0xfec0, 0, 0, 0, 0, 0, 0, 0], 10),     // site-local (deprecated)
        ([0x2002, 0, 0, 0, 0, 0, 0, 0], 16),     // 6to4
        ([0xfc00, 0, 0, 0, 0, 0, 0, 0], 7),      // unique-local
        ([0xfe80, 0, 0, 0, 0, 0, 0, 0], 10),     // link-local
        ([0xff00, 0, 0, 0, 0, 0, 0, 0], 8),      // multicast
    ];
    RANGES.iter().any(|(net, prefix)| in_v6(ip, *net, *prefix))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("an address")
    }

    #[test]
    fn the_issues_ranges_are_blocked_at_both_ends() {
        for text in [
            "0.0.0.0",
            "0.255.255.255",
            "10.0.0.0",
            "10.255.255.255",
            "100.64.0.0",
            "100.127.255.255",
            "127.0.0.1",
            "127.255.255.255",
            "169.254.169.254",
            "172.16.0.0",
            "172.31.255.255",
            "192.168.0.1",
            "192.168.255.255",
            "198.18.0.0",
            "198.19.255.255",
            "224.0.0.1",
            "239.255.255.255",
            "240.0.0.0",
            "255.255.255.255",
            "::",
            "::1",
            "::ffff:8.8.8.8",
            "::ffff:127.0.0.1",
            "::8.8.8.8",
            "64:ff9b::808:808",
            "2002:808:808::1",
            "fc00::1",
            "fdff:ffff::1",
            "fe80::1",
            "febf:ffff::1",
            "ff02::1",
            "ffff::1",
            "192.0.2.1",
            "198.51.100.7",
            "203.0.113.255",
            "64:ff9b:1::a00:1",
            "2001::1",
            "2001:db8::1",
            "fec0::1",
            "100::1",
        ] {
            assert!(blocked(ip(text)), "{text} must be blocked");
        }
    }

    #[test]
    fn public_addresses_pass_including_the_neighbours_of_blocked_ranges() {
        for text in [
            "8.8.8.8",
            "1.1.1.1",
            "9.255.255.255",
            "11.0.0.0",
            "100.63.255.255",
            "100.128.0.0",
            "126.255.255.255",
            "128.0.0.0",
            "169.253.255.255",
            "169.255.0.0",
            "172.15.255.255",
            "172.32.0.0",
            "192.167.255.255",
            "192.169.0.0",
            "198.17.255.255",
            "198.20.0.0",
            "223.255.255.255",
            "2001:4860:4860::8888",
            "2606:4700::1111",
            "64:ff9a::1",
            "2003::1",
            "fbff::1",
            "fe7f::1",
            "2001:200::1",
            "192.0.3.0",
            "::2:0:0",
        ] {
            assert!(!blocked(ip(text)), "{text} must pass");
        }
    }
}
