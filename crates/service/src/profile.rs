//! The profile: what a user may change about themselves (the username never changes).

use crate::accounts::find_by_id;
use crate::{Error, Result, UserError, Vestibule};
use vestibule_domain::{Account, FullName};

pub async fn set_full_name(v: &Vestibule, user_id: i64, raw: &str) -> Result<Account> {
    let name = FullName::parse(raw).map_err(|e| Error::invalid("full_name", e))?;
    let mut tx = v.db.begin_write().await?;
    let (username,): (String,) = sqlx::query_as("UPDATE users SET full_name = $1 WHERE id = $2 RETURNING username")
        .bind(name.as_str())
        .bind(user_id)
        .fetch_one(&mut *tx)
        .await?;
    let data = serde_json::json!({ "username": username, "changed": ["full_name"], "full_name": name.as_str() });
    let hooks = crate::webhooks::emit::emit(v, &mut tx, user_id, "profile.updated", data).await?;
    tx.commit().await?;
    if hooks > 0 {
        v.outbox_queued();
    }
    v.user_changed(user_id).await;
    find_by_id(v, user_id).await?.ok_or(Error(UserError::NotFound))
}
