//! A key's IP allowlist: the addresses and CIDR ranges (IPv4 and IPv6) it may be used from. An
//! empty list is no restriction. The page's dialog, the REST API and the check of every request
//! read it with these functions.

use crate::ValidationError;
use std::net::IpAddr;

/// At most this many entries per key.
pub const MAX_ENTRIES: usize = 32;

/// One address (`203.0.113.7`, a /32 or /128) or range (`203.0.113.0/24`, `2001:db8::/32`),
/// kept as its network: host bits after the prefix are cleared (`10.1.2.3/8` is `10.0.0.0/8`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpRange {
    network: IpAddr,
    prefix: u8,
}

impl IpRange {
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let entry = raw.trim();
        let refuse = || ValidationError::IpRange { entry: entry.to_string() };
        let (address, prefix) = match entry.split_once('/') {
            Some((address, prefix)) => (address, Some(prefix)),
            None => (entry, None),
        };
        // Canonical: `::ffff:203.0.113.7` is the IPv4 address it carries.
        let address = address.parse::<IpAddr>().map_err(|_| refuse())?.to_canonical();
        let bits = if address.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            // Digits only: `+8` and ` 8` are not prefixes.
            Some(p) if !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()) => {
                p.parse::<u8>().ok().filter(|p| *p <= bits).ok_or_else(refuse)?
            }
            Some(_) => return Err(refuse()),
            None => bits,
        };
        Ok(Self { network: mask(address, prefix), prefix })
    }

    /// Whether every address of `inner` is in this range.
    pub fn covers(&self, inner: &IpRange) -> bool {
        inner.prefix >= self.prefix && self.contains(inner.network)
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        ip.is_ipv4() == self.network.is_ipv4() && mask(ip, self.prefix) == self.network
    }
}

impl std::fmt::Display for IpRange {
    /// `203.0.113.7` for one address, `203.0.113.0/24` for a range.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let bits = if self.network.is_ipv4() { 32 } else { 128 };
        if self.prefix == bits { write!(f, "{}", self.network) } else { write!(f, "{}/{}", self.network, self.prefix) }
    }
}

/// `ip` with every bit after the first `prefix` cleared.
fn mask(ip: IpAddr, prefix: u8) -> IpAddr {
    match ip {
        IpAddr::V4(v4) => {
            let m = u32::MAX.checked_shl(32 - u32::from(prefix)).unwrap_or(0);
            IpAddr::V4((u32::from(v4) & m).into())
        }
        IpAddr::V6(v6) => {
            let m = u128::MAX.checked_shl(128 - u32::from(prefix)).unwrap_or(0);
            IpAddr::V6((u128::from(v6) & m).into())
        }
    }
}

/// One client address, as the platform passes it to `verify` (no range), or why not.
pub fn parse_address(raw: &str) -> Result<IpAddr, ValidationError> {
    raw.parse::<IpAddr>().map_err(|_| ValidationError::IpRange { entry: raw.to_string() })
}

/// The ranges a key may be used from; empty: from anywhere.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IpAllowlist(Vec<IpRange>);

impl IpAllowlist {
    /// Entries as a person types them (blank ones skipped, duplicates kept once). The first bad
    /// entry is the message.
    pub fn parse<S: AsRef<str>>(entries: &[S]) -> Result<Self, ValidationError> {
        // Counted as sent (the API document states the same limit on the list).
        if entries.len() > MAX_ENTRIES {
            return Err(ValidationError::TooMany { max: MAX_ENTRIES });
        }
        let mut ranges: Vec<IpRange> = Vec::new();
        for entry in entries.iter().map(AsRef::as_ref).filter(|e| !e.trim().is_empty()) {
            let range = IpRange::parse(entry)?;
            if !ranges.contains(&range) {
                ranges.push(range);
            }
        }
        Ok(Self(ranges))
    }

    /// The entries of the page's field: separated by commas, spaces or line breaks.
    pub fn split(text: &str) -> Vec<&str> {
        text.split(|c: char| c == ',' || c.is_whitespace()).filter(|e| !e.is_empty()).collect()
    }

    /// As stored (a comma-separated list; empty for none).
    pub fn from_stored(stored: &str) -> Self {
        Self(stored.split(',').filter_map(|e| IpRange::parse(e).ok()).collect())
    }

    pub fn to_stored(&self) -> String {
        self.entries().join(",")
    }

    /// Each range in its canonical spelling.
    pub fn entries(&self) -> Vec<String> {
        self.0.iter().map(ToString::to_string).collect()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether this list allows no more than `outer` does: anything within no list, and within a
    /// list only a list of its own (a key limited to some addresses makes keys limited to them).
    pub fn within(&self, outer: &IpAllowlist) -> bool {
        outer.is_empty() || (!self.is_empty() && self.0.iter().all(|r| outer.0.iter().any(|o| o.covers(r))))
    }

    /// Whether a request from `ip` (as the server determined it) may use the key. With a list,
    /// an address that does not parse is refused.
    pub fn allows(&self, ip: &str) -> bool {
        self.0.is_empty() || ip.parse::<IpAddr>().is_ok_and(|ip| self.0.iter().any(|r| r.contains(ip)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<IpAllowlist, ValidationError> {
        IpAllowlist::parse(&IpAllowlist::split(text))
    }

    #[test]
    fn ipv4_and_ipv6_ranges() {
        let list = IpAllowlist::parse(&["203.0.113.0/24", "2001:db8::/32", "198.51.100.7"]).unwrap();
        assert!(list.allows("203.0.113.200"));
        assert!(!list.allows("203.0.114.1"));
        assert!(list.allows("198.51.100.7"));
        assert!(!list.allows("198.51.100.8"));
        assert!(list.allows("2001:db8:ffff::1"));
        assert!(!list.allows("2001:db9::1"));
        // An IPv4 client seen through an IPv6 socket is the IPv4 address.
        assert!(list.allows("::ffff:203.0.113.9"));
        assert!(!list.allows("not an address"));
        assert!(!list.allows(""));
        assert!(IpAllowlist::default().allows("192.0.2.1"), "no list: from anywhere");
    }

    #[test]
    fn spelling_is_canonical() {
        let list = parse_text("10.1.2.3/8, 2001:DB8:0:0::1/64\n\n10.0.0.0/8 ::ffff:192.0.2.1").unwrap();
        assert_eq!(list.entries(), ["10.0.0.0/8", "2001:db8::/64", "192.0.2.1"]);
        assert_eq!(IpAllowlist::from_stored(&list.to_stored()), list);
        assert_eq!(parse_text("0.0.0.0/0").unwrap().entries(), ["0.0.0.0/0"]);
        assert!(parse_text("0.0.0.0/0").unwrap().allows("8.8.8.8"));
        assert!(!parse_text("0.0.0.0/0").unwrap().allows("::1"), "an IPv4 range holds no IPv6");
    }

    #[test]
    fn narrower_lists() {
        let office = parse_text("203.0.113.0/24 2001:db8::/32").unwrap();
        assert!(parse_text("203.0.113.128/25").unwrap().within(&office));
        assert!(parse_text("203.0.113.7 2001:db8:1::/48").unwrap().within(&office));
        assert!(!parse_text("203.0.112.0/23").unwrap().within(&office));
        assert!(!parse_text("198.51.100.1").unwrap().within(&office));
        assert!(!IpAllowlist::default().within(&office), "no list is every address");
        assert!(IpAllowlist::default().within(&IpAllowlist::default()));
        assert!(office.within(&IpAllowlist::default()));
    }

    #[test]
    fn bad_entries_are_named() {
        for bad in
            ["10.0.0.0/33", "2001:db8::/129", "10.0.0/8", "example.com", "10.0.0.1/", "10.0.0.1/+8", "1.2.3.4/08x"]
        {
            assert_eq!(
                parse_text(&format!("192.0.2.1 {bad}")),
                Err(ValidationError::IpRange { entry: bad.to_string() }),
                "{bad}"
            );
        }
        let many: Vec<String> = (0..=MAX_ENTRIES).map(|i| format!("10.0.{i}.0/24")).collect();
        assert_eq!(IpAllowlist::parse(&many), Err(ValidationError::TooMany { max: MAX_ENTRIES }));
    }
}
