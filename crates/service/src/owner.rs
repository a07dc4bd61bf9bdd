//! The account's owner: proving it is them (the password again, before a sensitive change) and
//! telling them (security mails, which cannot be turned off).

use crate::accounts::passwords::PasswordHash;
use crate::audit::Origin;
use crate::email_change::display_name;
use crate::mail::Mail;
use crate::time::now_ms;
use crate::{Error, Result, UserError, Vestibule, preferences, throttle};
use vestibule_domain::datetime::format_datetime;
use vestibule_domain::i18n::{Arg, t, t_args};
use vestibule_domain::{Account, Password, ValidationError};

/// Proves that the person at the keyboard knows the account's password (re-authentication before
/// a sensitive change) and returns the stored hash. A wrong password is a message on `field` and
/// counts toward the account's log-in throttle, so no form guesses it faster than the log-in page.
pub(crate) async fn prove_password(
    v: &Vestibule,
    account: &Account,
    password: &str,
    field: &str,
    origin: &Origin,
) -> Result<String> {
    let key = throttle::password_key(account.id);
    let failures_on_record = throttle::check_account(&v.db, &key).await?;
    let stored: Option<(String,)> = sqlx::query_as("SELECT password_hash FROM users WHERE id = $1")
        .bind(account.id)
        .fetch_optional(&v.db.pool)
        .await?;
    let Some((stored,)) = stored else { return Err(UserError::Unauthenticated.into()) };
    if !v.hasher.verify(&Password::for_login(password), Some(PasswordHash(stored.clone()))).await? {
        throttle::record_failure(&v.db, &key, &origin.ip).await?;
        return Err(Error::invalid(field, ValidationError::PasswordWrong));
    }
    if failures_on_record {
        throttle::record_success(&v.db, &key).await?;
    }
    Ok(stored)
}

/// A security mail (`mail-<kind>-subject` and `-body`, with the account's name, when, from where,
/// and `extra`), in the owner's language and zone. Always sent, to a proven address only; built
/// before the caller's transaction: it reads the preferences on another connection, which must not
/// wait while the transaction holds SQLite's write lock.
pub(crate) async fn security_mail(
    v: &Vestibule,
    account: &Account,
    kind: &str,
    origin: &Origin,
    extra: Vec<(&'static str, Arg<'static>)>,
) -> Result<Option<Mail>> {
    if !account.email_verified {
        return Ok(None);
    }
    let prefs = preferences::get(v, account.id).await?;
    let mut args = vec![
        ("name", display_name(account).to_string().into()),
        ("username", account.username.clone().into()),
        ("when", format_datetime(now_ms(), &prefs).into()),
        ("ip", origin.ip.clone().into()),
    ];
    args.extend(extra);
    let subject = t(prefs.language, &format!("mail-{kind}-subject"));
    let body = t_args(prefs.language, &format!("mail-{kind}-body"), &args) + "\n";
    Ok(Some(Mail::new(&v.settings, prefs.language, &account.email, subject, body)?))
}

/// Writes a sign-in to the account's security log (`method`: how it was proven) and, when it came
/// from a browser and system the log has never seen signed in to this account, tells the owner.
pub async fn signed_in(v: &Vestibule, user_id: i64, method: &str, origin: &Origin) -> Result<()> {
    use crate::device::Device;
    let device = Device::from_user_agent(&origin.user_agent);
    // The user agents the account signed in with before, each once (a handful per person).
    let earlier: Vec<(String,)> = sqlx::query_as(
        "SELECT DISTINCT user_agent FROM audit_events WHERE user_id = $1 AND action = 'sign_in.succeeded'",
    )
    .bind(user_id)
    .fetch_all(&v.db.pool)
    .await?;
    let new_device = !earlier.is_empty() && !earlier.iter().any(|(agent,)| Device::from_user_agent(agent) == device);
    let account = match new_device {
        true => crate::accounts::find_by_id(v, user_id).await?,
        false => None,
    };
    let mail = match account {
        Some(account) => {
            let unknown = || "?".to_string();
            let extra = vec![
                ("browser", device.browser.map(str::to_string).unwrap_or_else(unknown).into()),
                ("os", device.os.map(str::to_string).unwrap_or_else(unknown).into()),
            ];
            security_mail(v, &account, "new-sign-in", origin, extra).await?
        }
        None => None,
    };
    crate::audit::record(&v.db.pool, user_id, "sign_in.succeeded", "", method, origin).await?;
    if let Some(mail) = mail {
        crate::outbox::queue(v, mail).await?;
    }
    Ok(())
}
