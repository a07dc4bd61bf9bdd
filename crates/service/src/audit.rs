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
    /// `X-Forwarded-For` (the rightmost: entries left of it are whatever the client sent).
    pub fn client_ip(forwarded_for: Option<&str>, peer: Option<std::net::IpAddr>, trust_proxy: bool) -> String {
        let forwarded = forwarded_for
            .filter(|_| trust_proxy)
            .and_then(|list| list.rsplit(',').map(str::trim).find(|hop| !hop.is_empty()))
            .map(str::to_string);
        forwarded.or_else(|| peer.map(|ip| ip.to_string())).unwrap_or_default()
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
