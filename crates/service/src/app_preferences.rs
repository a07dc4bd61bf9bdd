//! The host product's own preferences (declared in `Settings::app_preferences`): each user's values,
//! checked by the declaration (`domain::app_preferences`) and stored as one JSON object; read by the
//! user (page, `/api/v1/me/preferences`) and by the platform with `users:read`.

use crate::api_keys::KeyAuth;
use crate::caller::Caller;
use crate::time::now_ms;
use crate::{Error, Result, UserError, Vestibule};
use serde_json::{Map, Value};

/// What the user stored, as stored (unchecked).
async fn stored(v: &Vestibule, user_id: i64) -> Result<Map<String, Value>> {
    let row: Option<(String,)> = sqlx::query_as("SELECT app_values FROM app_preference_values WHERE user_id = $1")
        .bind(user_id)
        .fetch_optional(&v.db.pool)
        .await?;
    Ok(row.and_then(|(json,)| serde_json::from_str(&json).ok()).unwrap_or_default())
}

/// Every declared preference's value for the user (the default where none fits).
pub async fn get(v: &Vestibule, user_id: i64) -> Result<Map<String, Value>> {
    let declared = &v.settings.app_preferences;
    if declared.preferences.is_empty() {
        return Ok(Map::new());
    }
    Ok(declared.values(&stored(v, user_id).await?))
}

/// Changes some values (each checked; every problem named on `app.<key>`) and answers them all.
pub async fn update(v: &Vestibule, caller: &Caller, patch: &Map<String, Value>) -> Result<Map<String, Value>> {
    let declared = &v.settings.app_preferences;
    let valid = declared.check_patch(patch).map_err(|e| Error(UserError::Invalid(e)))?;
    let user_id = caller.account.id;
    if valid.is_empty() {
        return get(v, user_id).await;
    }
    let mut tx = v.db.pool.begin().await?;
    // Read and write under the user's row lock: two saves of different keys both stay.
    sqlx::query("UPDATE users SET username = username WHERE id = $1").bind(user_id).execute(&mut *tx).await?;
    let current: Option<(String,)> = sqlx::query_as("SELECT app_values FROM app_preference_values WHERE user_id = $1")
        .bind(user_id)
        .fetch_optional(&mut *tx)
        .await?;
    let mut values: Map<String, Value> =
        current.and_then(|(json,)| serde_json::from_str(&json).ok()).unwrap_or_default();
    values.extend(valid.clone());
    let json = Value::Object(values).to_string();
    sqlx::query(
        "INSERT INTO app_preference_values (user_id, app_values, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT (user_id) DO UPDATE SET app_values = excluded.app_values, updated_at = excluded.updated_at",
    )
    .bind(user_id)
    .bind(&json)
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    get(v, user_id).await
}

/// The host platform: whose (the user's id) and the user's values (`users:read`, administrators only).
pub async fn for_platform(v: &Vestibule, auth: &KeyAuth, username: &str) -> Result<(i64, Map<String, Value>)> {
    auth.require(vestibule_domain::api_keys::USERS_READ)?;
    let account = crate::accounts::find_by_username(v, username).await?.ok_or(Error(UserError::NotFound))?;
    Ok((account.id, get(v, account.id).await?))
}
