//! Git providers' personal access tokens: the owner adds and deletes them (Settings → Git
//! providers); only the host platform, with an administrator's key holding `git-tokens:read`,
//! reads one back, and every such read is in the owner's audit log. Sealed at rest with the
//! server key; no page and no answer to the owner ever carries a token again.

use crate::api_keys::KeyAuth;
use crate::audit::{self, Origin};
use crate::caller::Own;
use crate::error::is_unique_violation;
use crate::time::now_ms;
use crate::{Error, Result, UserError, Vestibule, preferences};
use vestibule_domain::ValidationError;
use vestibule_domain::git_tokens::{GitProvider, GitTokenInfo, MAX_TOKENS, NewGitToken};

/// What `Sealer` binds the token's ciphertext to: a sealed webhook secret cannot pass for a token.
const PURPOSE: &str = "git-token";
const COLUMNS: &str = "public_id, provider, url, name, last4, created_at, expires_at, last_fetched_at";
type Row = (String, String, String, String, String, i64, Option<i64>, Option<i64>);
/// `Row` and the sealed token.
type SealedRow = (String, String, String, String, String, i64, Option<i64>, Option<i64>, String);

fn info((id, provider, url, name, last4, created_at, expires_at, last_fetched_at): Row) -> GitTokenInfo {
    GitTokenInfo {
        id,
        provider: GitProvider::parse(&provider).unwrap_or(GitProvider::Custom),
        url,
        name,
        last4,
        created_at,
        expires_at,
        last_fetched_at,
    }
}

/// The account's tokens, by name (never the tokens themselves).
pub async fn list(v: &Vestibule, user_id: i64) -> Result<Vec<GitTokenInfo>> {
    let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM git_tokens WHERE user_id = $1 ORDER BY name"
    )))
    .bind(user_id)
    .fetch_all(&v.db.pool)
    .await?;
    Ok(rows.into_iter().map(info).collect())
}

/// Stores a token, sealed. The owner's only: support staff acting on the account cannot plant one.
pub async fn add(v: &Vestibule, own: Own<'_>, request: &NewGitToken, origin: &Origin) -> Result<GitTokenInfo> {
    let zone = preferences::get(v, own.id).await?.time_zone;
    let valid = request.validate(now_ms(), &zone).map_err(|e| Error(UserError::Invalid(e)))?;
    let public_id = format!("gt_{}", &crate::token::random_token()?[..16]);
    let sealed = v.sealer.seal(PURPOSE, valid.token.as_bytes())?;
    let mut tx = v.db.pool.begin().await?;
    // Count and insert while holding the user's row (see api_keys::create).
    sqlx::query("UPDATE users SET username = username WHERE id = $1").bind(own.id).execute(&mut *tx).await?;
    let (count,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM git_tokens WHERE user_id = $1").bind(own.id).fetch_one(&mut *tx).await?;
    if count >= MAX_TOKENS as i64 {
        return Err(Error::invalid("name", ValidationError::TooMany { max: MAX_TOKENS }));
    }
    let inserted = sqlx::query(
        "INSERT INTO git_tokens (public_id, user_id, provider, url, name, token, last4, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(&public_id)
    .bind(own.id)
    .bind(valid.provider.as_str())
    .bind(&valid.url)
    .bind(&valid.name)
    .bind(&sealed)
    .bind(valid.last4())
    .bind(now_ms())
    .bind(valid.expires_at)
    .execute(&mut *tx)
    .await;
    match inserted {
        Ok(_) => {}
        Err(e) if is_unique_violation(&e, "name") => {
            return Err(Error::invalid("name", ValidationError::GitTokenNameTaken { name: valid.name.clone() }));
        }
        Err(e) => return Err(e.into()),
    }
    let detail = format!("name={}; provider={}; url={}", valid.name, valid.provider.as_str(), valid.url);
    audit::record(&mut *tx, own.id, "git_token.added", &public_id, &detail, origin).await?;
    tx.commit().await?;
    get(v, own.id, &public_id).await
}

async fn find(v: &Vestibule, user_id: i64, public_id: &str) -> Result<(GitTokenInfo, String)> {
    let row: Option<SealedRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS}, token FROM git_tokens WHERE user_id = $1 AND public_id = $2"
    )))
    .bind(user_id)
    .bind(public_id)
    .fetch_optional(&v.db.pool)
    .await?;
    let (id, provider, url, name, last4, created_at, expires_at, fetched, sealed) =
        row.ok_or(Error(UserError::NotFound))?;
    Ok((info((id, provider, url, name, last4, created_at, expires_at, fetched)), sealed))
}

pub async fn get(v: &Vestibule, user_id: i64, public_id: &str) -> Result<GitTokenInfo> {
    Ok(find(v, user_id, public_id).await?.0)
}

/// Deletes a token (the owner's only). It stays valid at the provider: the page says so.
pub async fn delete(v: &Vestibule, own: Own<'_>, public_id: &str, origin: &Origin) -> Result<()> {
    let (token, _) = find(v, own.id, public_id).await?;
    let mut tx = v.db.pool.begin().await?;
    sqlx::query("DELETE FROM git_tokens WHERE user_id = $1 AND public_id = $2")
        .bind(own.id)
        .bind(public_id)
        .execute(&mut *tx)
        .await?;
    audit::record(&mut *tx, own.id, "git_token.deleted", public_id, &token.name, origin).await?;
    tx.commit().await?;
    Ok(())
}

/// The account a platform request names, or 404.
async fn account_id(v: &Vestibule, username: &str) -> Result<i64> {
    let account = crate::accounts::find_by_username(v, username).await?;
    account.map(|a| a.id).ok_or(Error(UserError::NotFound))
}

/// The host platform: a user's tokens, without the tokens (`git-tokens:read`).
pub async fn list_for_platform(v: &Vestibule, auth: &KeyAuth, username: &str) -> Result<Vec<GitTokenInfo>> {
    auth.require(vestibule_domain::api_keys::GIT_TOKENS_READ)?;
    list(v, account_id(v, username).await?).await
}

/// The host platform: one token in full (`git-tokens:read`). Written to the owner's audit log with
/// the key that read it, in the transaction that marks it fetched: no read goes unrecorded.
pub async fn fetch(
    v: &Vestibule,
    auth: &KeyAuth,
    username: &str,
    public_id: &str,
    origin: &Origin,
) -> Result<(GitTokenInfo, String)> {
    auth.require(vestibule_domain::api_keys::GIT_TOKENS_READ)?;
    let user_id = account_id(v, username).await?;
    let (mut token, sealed) = find(v, user_id, public_id).await?;
    let plain = v.sealer.open(PURPOSE, &sealed).map_err(|_| Error::internal("a Git token could not be unsealed"))?;
    let plain = String::from_utf8(plain).map_err(|_| Error::internal("a Git token is not UTF-8"))?;
    let now = now_ms();
    let mut tx = v.db.pool.begin().await?;
    sqlx::query("UPDATE git_tokens SET last_fetched_at = $1 WHERE user_id = $2 AND public_id = $3")
        .bind(now)
        .bind(user_id)
        .bind(public_id)
        .execute(&mut *tx)
        .await?;
    let detail = format!("by key vst_{} ({})", auth.public_id, auth.account.username);
    audit::record(&mut *tx, user_id, "git_token.fetched", public_id, &detail, origin).await?;
    tx.commit().await?;
    token.last_fetched_at = Some(now);
    Ok((token, plain))
}
