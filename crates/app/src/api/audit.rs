//! Settings → Audit log: the account's security events, a page at a time.

use super::Answer;
use crate::error::AppError;
use leptos::prelude::*;
use vestibule_domain::audit::AuditPage;

/// A page of the account's events, newest first: of `kind` when given, older than `before`.
#[server(prefix = "/fn", endpoint = "my_audit_log", output = Answer)]
pub async fn my_audit_log(kind: Option<String>, before: Option<i64>) -> Result<AuditPage, AppError> {
    use crate::ssr::{caller, fail, vestibule};
    let caller = caller().await?;
    let account = caller.own().map_err(fail)?;
    let v = vestibule()?;
    let prefs = vestibule_service::preferences::get(&v, account.id).await.map_err(fail)?;
    vestibule_service::security::audit_log(&v, account, kind.as_deref(), before, &prefs).await.map_err(fail)
}
