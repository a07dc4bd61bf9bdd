//! The account's security log: appended, never changed (the schema's triggers refuse updates and deletes).

use crate::Result;
use crate::time::now_ms;

/// Who did something, from where: written into every audit event.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    pub ip: String,
    pub user_agent: String,
}

impl Origin {
    /// The client's address: the peer's, or behind a trusted proxy the one the proxy appended to
    /// `X-Forwarded-For` (the rightmost entry of the last such header line: entries left of it, and
    /// earlier lines, are whatever the client sent). `forwarded_for` is that last line's bytes.
    /// Behind the proxy, a last entry that is no IP address gives no address (""), never the
    /// peer's: the peer is the proxy, which an IP allowlist may well hold.
    pub fn client_ip(forwarded_for: Option<&[u8]>, peer: Option<std::net::IpAddr>, trust_proxy: bool) -> String {
        match forwarded_for.filter(|_| trust_proxy) {
            Some(line) => std::str::from_utf8(line)
                .ok()
                .and_then(|list| list.rsplit(',').map(str::trim).find(|hop| !hop.is_empty()))
                .and_then(|hop| hop.parse::<std::net::IpAddr>().ok())
                .map(|ip| ip.to_string())
                .unwrap_or_default(),
            None => peer.map(|ip| ip.to_string()).unwrap_or_default(),
        }
    }
}

/// One event about `user_id`'s account, e.g. `api_key.created` on target `vst_ab12…`.
pub async fn record<'e, E>(db: E, user_id: i64, action: &str, target: &str, detail: &str, origin: &Origin) -> Result<()>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query(
        "INSERT INTO audit_events (user_id, action, target, detail, ip, user_agent, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(user_id)
    .bind(action)
    .bind(target)
    .bind(detail)
    .bind(&origin.ip)
    .bind(origin.user_agent.chars().take(512).collect::<String>())
    .bind(now_ms())
    .execute(db)
    .await?;
    Ok(())
}

/// An event as stored.
pub struct Event {
    pub id: i64,
    pub action: String,
    pub target: String,
    pub detail: String,
    pub ip: String,
    pub user_agent: String,
    pub created_at: i64,
}

/// The account's events, newest first: of `kind` when given (`vestibule_domain::audit::KINDS`),
/// older than the event `before` when given, at most `limit`.
pub async fn list(
    db: &crate::Db,
    user_id: i64,
    kind: Option<&str>,
    before: Option<i64>,
    limit: usize,
) -> Result<Vec<Event>> {
    // A kind is the actions that start with `kind.` (compared as text: no LIKE wildcards, no collation).
    let prefix = kind.map(|kind| format!("{kind}.")).unwrap_or_default();
    type Row = (i64, String, String, String, String, String, i64);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, action, target, detail, ip, user_agent, created_at FROM audit_events WHERE user_id = $1 \
         AND ($2 = '' OR substr(action, 1, length($2)) = $2) AND id < $3 ORDER BY id DESC LIMIT $4",
    )
    .bind(user_id)
    .bind(prefix)
    .bind(before.unwrap_or(i64::MAX))
    .bind(limit as i64)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, action, target, detail, ip, user_agent, created_at)| Event {
            id,
            action,
            target,
            detail,
            ip,
            user_agent,
            created_at,
        })
        .collect())
}

/// A page of the account's events as the audit-log page shows them (times through the shared
/// formatter, browser and system read from the user agent); `kind` other than a known one is none.
/// Behind `security::audit_log`, which only the owner reaches.
pub(crate) async fn page(
    v: &crate::Vestibule,
    user_id: i64,
    kind: Option<&str>,
    before: Option<i64>,
    prefs: &vestibule_domain::Preferences,
) -> Result<vestibule_domain::audit::AuditPage> {
    use vestibule_domain::audit::{AuditEntry, AuditPage, PAGE_SIZE, parse_kind};
    // One more than a page: whether there is an older page.
    let mut events = list(&v.db, user_id, parse_kind(kind), before, PAGE_SIZE + 1).await?;
    let more = events.len() > PAGE_SIZE;
    events.truncate(PAGE_SIZE);
    let older = if more { events.last().map(|e| e.id) } else { None };
    let entries = events
        .into_iter()
        .map(|e| {
            let device = crate::device::Device::from_user_agent(&e.user_agent);
            AuditEntry {
                id: e.id,
                when: vestibule_domain::datetime::format_datetime(e.created_at, prefs),
                action: e.action,
                target: e.target,
                detail: e.detail,
                ip: e.ip,
                browser: device.browser.map(str::to_string),
                os: device.os.map(str::to_string),
            }
        })
        .collect();
    Ok(AuditPage { entries, older })
}

#[cfg(test)]
mod tests {
    use super::Origin;

    #[test]
    fn the_client_is_the_proxys_last_word() {
        let peer = Some(std::net::IpAddr::from([10, 0, 0, 1]));
        let ip = |line: &str, trust| Origin::client_ip(Some(line.as_bytes()), peer, trust);
        assert_eq!(ip("203.0.113.9, 198.51.100.7", true), "198.51.100.7");
        assert_eq!(ip("203.0.113.9", false), "10.0.0.1", "without a trusted proxy the header is the client's word");
        assert_eq!(Origin::client_ip(None, peer, true), "10.0.0.1");
        // Not an address: no address, never the proxy's own.
        assert_eq!(ip("unknown", true), "");
        assert_eq!(Origin::client_ip(Some(b"\xff10.1.1.1"), peer, true), "");
        assert_eq!(ip("2001:DB8::1", true), "2001:db8::1");
    }
}
