//! Accounts: creation (visitors' sign-up is in `sign_up`), log-in (throttled, timing-safe) and look-ups.

pub mod passwords;

use crate::error::is_unique_violation;
use crate::time::now_ms;
use crate::{Error, Result, UserError, Vestibule, throttle};
use passwords::PasswordHash;
pub use vestibule_domain::Account;
use vestibule_domain::{EmailAddress, LoginName, Password, Username, ValidationError, validate_sign_up};

/// The fifth column holds the account's roles as bits: 1 an administrator, 2 support staff, 4 signed
/// in by the single sign-on provider only (no password of its own).
pub(crate) const ACCOUNT_COLUMNS: &str = "u.id, u.username, u.email, u.full_name, u.is_admin + 2 * u.is_support + 4 * u.sso_only, u.created_at, \
     (SELECT a.public_key FROM avatars a WHERE a.user_id = u.id), u.email_verified_at";
type AccountRow = (i64, String, String, String, i64, i64, Option<String>, Option<i64>);
/// The account's columns, then its password hash.
type AccountRowWithHash = (i64, String, String, String, i64, i64, Option<String>, Option<i64>, String);

pub(crate) fn from_row(
    (id, username, email, full_name, roles, created_at, avatar, verified_at): AccountRow,
) -> Account {
    let avatar_url = avatar.map(|key| crate::avatars::url(&key));
    let email_verified = verified_at.is_some();
    let (is_admin, is_support, sso_only) = (roles & 1 != 0, roles & 2 != 0, roles & 4 != 0);
    Account { id, username, email, email_verified, full_name, is_admin, is_support, sso_only, created_at, avatar_url }
}

/// The operator creates an account (`vestibule user create`): same rules, and the address counts
/// as verified, because the operator vouches for it.
pub async fn create(v: &Vestibule, username: &str, email: &str, password: &str, is_admin: bool) -> Result<Account> {
    let (username, email, password) =
        validate_sign_up(username, email, password).map_err(|e| Error(UserError::Invalid(e)))?;
    insert(v, &username, &email, &password, is_admin, Some(now_ms())).await
}

async fn insert(
    v: &Vestibule,
    username: &Username,
    email: &EmailAddress,
    password: &Password,
    is_admin: bool,
    verified_at: Option<i64>,
) -> Result<Account> {
    let hash = v.hasher.hash(password).await?;
    let mut conn = v.db.pool.acquire().await?;
    insert_hashed(&mut conn, username, email, hash, is_admin, verified_at).await
}

/// Stores a new account whose password is hashed already (so that a caller's transaction never
/// waits for a hash); a taken name or address is a field error.
pub(crate) async fn insert_hashed(
    conn: &mut sqlx::AnyConnection,
    username: &Username,
    email: &EmailAddress,
    hash: PasswordHash,
    is_admin: bool,
    verified_at: Option<i64>,
) -> Result<Account> {
    let inserted: std::result::Result<(i64, i64), sqlx::Error> = sqlx::query_as(
        "INSERT INTO users (username, email, email_key, password_hash, is_admin, created_at, email_verified_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id, created_at",
    )
    .bind(username.as_str())
    .bind(email.as_str())
    .bind(email.comparison_key())
    .bind(hash.0)
    .bind(i64::from(is_admin))
    .bind(now_ms())
    .bind(verified_at)
    .fetch_one(conn)
    .await;
    match inserted {
        Ok((id, created_at)) => Ok(Account {
            id,
            username: username.to_string(),
            email: email.to_string(),
            email_verified: verified_at.is_some(),
            full_name: String::new(),
            is_admin,
            is_support: false,
            sso_only: false,
            created_at,
            avatar_url: None,
        }),
        Err(e) if is_unique_violation(&e, "username") => {
            Err(Error::invalid("username", ValidationError::UsernameTaken))
        }
        Err(e) if is_unique_violation(&e, "email") => Err(Error::invalid("email", ValidationError::EmailTaken)),
        Err(e) => Err(e.into()),
    }
}

/// Checks a log-in by username or email. Unknown names, wrong passwords and malformed input all
/// answer `BadCredentials` after the same work (an argon2 check), and all count toward throttling.
/// A wrong password for an existing account is written to its security log (`sign_in.failed`).
pub async fn log_in(v: &Vestibule, login: &str, password: &str, origin: &crate::audit::Origin) -> Result<Account> {
    let ip = origin.ip.as_str();
    throttle::check_ip(&v.db, ip).await?;
    let password = Password::for_login(password);
    let name = LoginName::parse(login);
    let found = match &name {
        Ok(name) => find_with_hash(v, name).await?,
        Err(_) => None,
    };
    // An unknown name is throttled under the same normalisation that finds an account, so that
    // `ＢＯＢ` and `bob` share one count whether or not the account exists (else the count tells).
    let key = match (&found, &name) {
        (Some((account, _)), _) => throttle::password_key(account.id),
        (None, Ok(LoginName::Username(u))) => format!("name:{u}"),
        (None, Ok(LoginName::Email(e))) => format!("name:{}", e.comparison_key()),
        (None, Err(_)) => format!("name:{}", login.trim().to_lowercase()),
    };
    let failures_on_record = throttle::check_account(&v.db, &key).await?;
    let (account, hash) = match found {
        Some((a, h)) => (Some(a), Some(h)),
        None => (None, None),
    };
    let outdated = hash.as_ref().filter(|h| !h.is_current()).map(|h| h.0.clone());
    let ok = v.hasher.verify(&password, hash).await?;
    match account {
        Some(account) if ok => {
            if failures_on_record {
                throttle::record_success(&v.db, &key).await?;
            }
            if let Some(old) = outdated {
                rehash(v, account.id, &password, &old).await;
            }
            Ok(account)
        }
        Some(account) => {
            throttle::record_failure(&v.db, &key, ip).await?;
            crate::audit::record(&v.db.pool, account.id, "sign_in.failed", "", "password", origin).await?;
            Err(UserError::BadCredentials.into())
        }
        None => {
            throttle::record_failure(&v.db, &key, ip).await?;
            Err(UserError::BadCredentials.into())
        }
    }
}

/// Hashes a password that was just proven right again with today's parameters, in place of a hash
/// made with older (weaker) ones; unless the hash changed meanwhile. A failure is logged, not the
/// log-in's: the old hash still works.
async fn rehash(v: &Vestibule, user_id: i64, password: &Password, old: &str) {
    let updated = async {
        let hash = v.hasher.hash(password).await?;
        sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2 AND password_hash = $3")
            .bind(hash.0)
            .bind(user_id)
            .bind(old)
            .execute(&v.db.pool)
            .await?;
        Ok::<_, Error>(())
    };
    match updated.await {
        Ok(()) => tracing::info!(user_id, "password hash upgraded to today's parameters"),
        Err(e) => tracing::warn!(user_id, "could not upgrade the password hash: {e}"),
    }
}

async fn find_with_hash(v: &Vestibule, name: &LoginName) -> Result<Option<(Account, PasswordHash)>> {
    let (sql, value) = match name {
        LoginName::Username(u) => (select_with_hash("u.username = $1"), u.to_string()),
        LoginName::Email(e) => (select_with_hash("u.email_key = $1"), e.comparison_key()),
    };
    let row: Option<AccountRowWithHash> =
        sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(value).fetch_optional(&v.db.pool).await?;
    Ok(row.map(|(id, username, email, full_name, is_admin, created_at, avatar, verified_at, hash)| {
        (from_row((id, username, email, full_name, is_admin, created_at, avatar, verified_at)), PasswordHash(hash))
    }))
}

fn select_with_hash(condition: &str) -> String {
    format!("SELECT {ACCOUNT_COLUMNS}, u.password_hash FROM users u WHERE {condition}")
}

/// The account using `email`, compared by `EmailAddress::comparison_key` (the one email rule).
pub async fn find_by_email(v: &Vestibule, email: &EmailAddress) -> Result<Option<Account>> {
    find_one(v, "u.email_key = $1", email.comparison_key()).await
}

/// Fills `users.email_key` where migration 0006 could not (SQL has no NFKC): rows written before it.
/// Runs at start-up, after the migrations. Two old rows whose addresses now count as the same keep
/// the second one's key empty (logged): that account still logs in by username.
pub async fn fill_email_keys(db: &crate::Db) -> Result<()> {
    let rows: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT id, username, email FROM users WHERE email_key IS NULL OR email_key = '' ORDER BY id")
            .fetch_all(&db.pool)
            .await?;
    for (id, username, email) in rows {
        let Ok(address) = EmailAddress::parse(&email) else {
            tracing::warn!(user = %username, "stored email address no longer parses; log-in by email will not find it");
            continue;
        };
        let updated = sqlx::query("UPDATE users SET email_key = $1 WHERE id = $2")
            .bind(address.comparison_key())
            .bind(id)
            .execute(&db.pool)
            .await;
        match updated {
            Err(e) if is_unique_violation(&e, "email") => tracing::warn!(
                user = %username,
                "another account already uses this email address (compared without case); \
                 log-in by email finds the other one"
            ),
            other => {
                other?;
            }
        }
    }
    Ok(())
}

pub async fn find_by_username(v: &Vestibule, username: &str) -> Result<Option<Account>> {
    find_one(v, "u.username = $1", username.to_string()).await
}

pub async fn find_by_id(v: &Vestibule, id: i64) -> Result<Option<Account>> {
    find_one(v, "u.id = $1", id).await
}

async fn find_one<T>(v: &Vestibule, condition: &str, value: T) -> Result<Option<Account>>
where
    T: for<'q> sqlx::Encode<'q, sqlx::Any> + sqlx::Type<sqlx::Any> + Send + 'static,
{
    let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM users u WHERE {condition}");
    let row: Option<AccountRow> =
        sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(value).fetch_optional(&v.db.pool).await?;
    Ok(row.map(from_row))
}
