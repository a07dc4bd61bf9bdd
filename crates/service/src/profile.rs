//! The profile: what a user may change about themselves (the username never changes).

use crate::accounts::find_by_id;
use crate::{Error, Result, UserError, Vestibule};
use vestibule_domain::{Account, FullName};

pub async fn set_full_name(v: &Vestibule, user_id: i64, raw: &str) -> Result<Account> {
    let name = FullName::parse(raw).map_err(|e| Error::invalid("full_name", e))?;
    sqlx::query("UPDATE users SET full_name = $1 WHERE id = $2")
        .bind(name.as_str())
        .bind(user_id)
        .execute(&v.db.pool)
        .await?;
    v.user_changed(user_id).await;
    find_by_id(v, user_id).await?.ok_or(Error(UserError::NotFound))
}
