//! Settings → Notifications: which mails a user wants (`NotificationSettings`, with the operator's
//! default for build mails), where they go (the account's address, or another one once a link
//! mailed to it was followed), and the one-click unsubscribe link every non-security mail carries.

use crate::email_change::{Link, LinkTable};
use crate::mail::Mail;
use crate::time::now_ms;
use crate::token::digest;
use crate::{Error, Result, Vestibule};
use serde::{Deserialize, Serialize};
use vestibule_domain::notifications::{MailKind, NotificationSettings, NotificationsPatch};
use vestibule_domain::{Account, EmailAddress, ValidationError};

/// One user's notification settings and addresses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notifications {
    pub settings: NotificationSettings,
    /// Another address, proven by its link; `None`: the account's address.
    pub address: Option<String>,
    /// Another address waiting for its link (not used until then).
    pub pending_address: Option<String>,
}

impl Notifications {
    /// Where this user's notifications go: the other address once proven, or else the account's
    /// address if it is verified; `None` when there is no proven address (then nothing is sent:
    /// an address typed at sign-up and never confirmed may be a stranger's).
    pub fn recipient(&self, account: &Account) -> Option<String> {
        self.address.clone().or_else(|| account.email_verified.then(|| account.email.clone()))
    }

    /// Whether `email` is one of the account's proven addresses (for "only builds where I am the
    /// committer").
    pub fn is_mine(&self, account: &Account, email: &EmailAddress) -> bool {
        let key = email.comparison_key();
        let same = |address: &str| EmailAddress::parse(address).is_ok_and(|a| a.comparison_key() == key);
        (account.email_verified && same(&account.email)) || self.address.as_deref().is_some_and(same)
    }
}

type SettingsRow = (i64, i64, i64, i64, i64, i64, i64, i64);

pub async fn get(v: &Vestibule, user_id: i64) -> Result<Notifications> {
    let row: Option<SettingsRow> = sqlx::query_as(
        "SELECT build_success, build_failure, committer_only, include_manual, only_changes, weekly_summary, \
         key_expiry, builds_chosen FROM notification_settings WHERE user_id = $1",
    )
    .bind(user_id)
    .fetch_optional(&v.db.pool)
    .await?;
    let default = NotificationSettings::defaults(v.settings.build_mail_default);
    let settings = match row {
        Some((s, f, c, m, o, w, k, chosen)) => NotificationSettings {
            // Until the user chooses them, build mails follow the operator's default.
            build_success: if chosen != 0 { s != 0 } else { default.build_success },
            build_failure: if chosen != 0 { f != 0 } else { default.build_failure },
            committer_only: c != 0,
            include_manual: m != 0,
            only_changes: o != 0,
            weekly_summary: w != 0,
            key_expiry: k != 0,
        },
        None => default,
    };
    let address: Option<(Option<String>, Option<String>, Option<i64>)> =
        sqlx::query_as("SELECT email, pending_email, expires_at FROM notification_addresses WHERE user_id = $1")
            .bind(user_id)
            .fetch_optional(&v.db.pool)
            .await?;
    let (address, pending, expires_at) = address.unwrap_or_default();
    let pending_address = pending.filter(|_| expires_at.is_some_and(|at| at > now_ms()));
    Ok(Notifications { settings, address, pending_address })
}

/// Applies a partial update (the page's form and `PATCH /api/v1/me/notifications`). A new address
/// is dealt with first (see `set_address`): when it is refused (invalid, or the link-mail limit),
/// nothing of the update is kept.
/// Where the mails go is the owner's to change: support staff acting on the account may change the
/// choices, not the address (it would keep their mail coming after the grant).
pub async fn update(
    v: &Vestibule,
    caller: &crate::caller::Caller,
    patch: &NotificationsPatch,
) -> Result<Notifications> {
    let account = &caller.account;
    if let Some(raw) = patch.address.as_deref() {
        set_address(v, caller.own()?.account(), raw).await?;
    }
    // Only a change of choices stores them: an account that never chose keeps following the
    // operator's default (`VESTIBULE_BUILD_MAIL_DEFAULT`) when it only changes its address.
    let choices = NotificationsPatch { address: None, ..patch.clone() };
    if choices != NotificationsPatch::default() {
        let next = get(v, account.id).await?.settings.apply(patch);
        let builds_chosen = patch.build_success.is_some() || patch.build_failure.is_some();
        save(v, account.id, &next, builds_chosen).await?;
    }
    get(v, account.id).await
}

/// Stores `s`; `builds_chosen`: the user chose their build mails now (once chosen, they stay so).
async fn save(v: &Vestibule, user_id: i64, s: &NotificationSettings, builds_chosen: bool) -> Result<()> {
    let flag = |b: bool| i64::from(b);
    sqlx::query(
        "INSERT INTO notification_settings (user_id, build_success, build_failure, committer_only, include_manual, \
         only_changes, weekly_summary, key_expiry, updated_at, builds_chosen) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
         ON CONFLICT (user_id) DO UPDATE SET build_success = $2, build_failure = $3, committer_only = $4, \
         include_manual = $5, only_changes = $6, weekly_summary = $7, key_expiry = $8, updated_at = $9, \
         builds_chosen = CASE WHEN $10 = 1 THEN 1 ELSE notification_settings.builds_chosen END",
    )
    .bind(user_id)
    .bind(flag(s.build_success))
    .bind(flag(s.build_failure))
    .bind(flag(s.committer_only))
    .bind(flag(s.include_manual))
    .bind(flag(s.only_changes))
    .bind(flag(s.weekly_summary))
    .bind(flag(s.key_expiry))
    .bind(now_ms())
    .bind(flag(builds_chosen))
    .execute(&v.db.pool)
    .await?;
    Ok(())
}

/// Chooses where notifications go. The account's own address (or an empty one) goes back to it at
/// once; another address is used only after the link mailed to it is followed (24 hours, single
/// use, counted by the link-mail limit with the other address links).
pub async fn set_address(v: &Vestibule, account: &Account, raw: &str) -> Result<Notifications> {
    let current = get(v, account.id).await?;
    let wanted = match raw.trim() {
        "" => None,
        raw => Some(EmailAddress::parse(raw).map_err(|e| Error::invalid("address", e))?),
    };
    let same =
        |a: &EmailAddress, b: &str| EmailAddress::parse(b).is_ok_and(|b| b.comparison_key() == a.comparison_key());
    match wanted {
        None => clear_address(v, account.id).await?,
        Some(email) if same(&email, &account.email) => clear_address(v, account.id).await?,
        Some(email) if current.address.as_deref().is_some_and(|a| same(&email, a)) => {
            // Already in use: a waiting change is dropped.
            sqlx::query(
                "UPDATE notification_addresses SET pending_email = NULL, token_hash = NULL, expires_at = NULL \
                 WHERE user_id = $1",
            )
            .bind(account.id)
            .execute(&v.db.pool)
            .await?;
        }
        Some(email) => {
            let link = Link::new()?;
            let mail = link.mail(v, account, email.as_str(), "mail-notify-address").await?;
            link.send(v, account.id, LinkTable::NotificationAddresses, email.as_str(), mail).await?;
        }
    }
    get(v, account.id).await
}

async fn clear_address(v: &Vestibule, user_id: i64) -> Result<()> {
    sqlx::query("DELETE FROM notification_addresses WHERE user_id = $1").bind(user_id).execute(&v.db.pool).await?;
    Ok(())
}

/// Uses a notification-address link: `None` when the token is not one (it may be another kind of
/// link), the user and the address now in use otherwise.
pub(crate) async fn confirm_address(v: &Vestibule, token: &str) -> Result<Option<(i64, String)>> {
    // The write comes first (single use: of two at once, one finds it gone), so that a SQLite
    // transaction never has to turn a read into a write.
    let used: Option<(i64, Option<String>)> = sqlx::query_as(
        "UPDATE notification_addresses SET email = pending_email, pending_email = NULL, token_hash = NULL, \
         expires_at = NULL WHERE token_hash = $1 AND expires_at > $2 AND pending_email IS NOT NULL \
         RETURNING user_id, email",
    )
    .bind(digest(token))
    .bind(now_ms())
    .fetch_optional(&v.db.pool)
    .await?;
    match used {
        Some((user_id, Some(email))) => Ok(Some((user_id, email))),
        Some((_, None)) => Err(Error::invalid("token", ValidationError::LinkInvalid)),
        // An expired link of this kind is refused; another kind of link is not ours to judge.
        None => {
            let expired: Option<(i64,)> =
                sqlx::query_as("SELECT user_id FROM notification_addresses WHERE token_hash = $1")
                    .bind(digest(token))
                    .fetch_optional(&v.db.pool)
                    .await?;
            match expired {
                Some(_) => Err(Error::invalid("token", ValidationError::LinkInvalid)),
                None => Ok(None),
            }
        }
    }
}

/// The purpose sealed into unsubscribe tokens.
const UNSUBSCRIBE: &str = "unsubscribe";

#[derive(Serialize, Deserialize)]
struct Unsubscribe {
    user: i64,
    kind: MailKind,
}

/// The link in a mail of `kind` to `user_id` that turns exactly that kind off, with one click or
/// one POST (RFC 8058). It does not expire: an old mail's link still works.
pub fn unsubscribe_link(v: &Vestibule, user_id: i64, kind: MailKind) -> Result<String> {
    let json = serde_json::to_vec(&Unsubscribe { user: user_id, kind })
        .map_err(|e| Error::internal(format_args!("unsubscribe token: {e}")))?;
    Ok(format!("{}/unsubscribe?token={}", v.base_url(), v.sealer.seal_for_url(UNSUBSCRIBE, &json)?))
}

/// Turns off the kind of mail an unsubscribe token names, for its user; the kind it turned off.
pub async fn unsubscribe(v: &Vestibule, token: &str) -> Result<MailKind> {
    let invalid = || Error::invalid("token", ValidationError::LinkInvalid);
    let bytes = v.sealer.open_from_url(UNSUBSCRIBE, token.trim()).map_err(|_| invalid())?;
    let Unsubscribe { user, kind } = serde_json::from_slice(&bytes).map_err(|_| invalid())?;
    if crate::accounts::find_by_id(v, user).await?.is_none() {
        return Err(invalid());
    }
    let next = get(v, user).await?.settings.without(kind);
    save(v, user, &next, matches!(kind, MailKind::BuildSuccess | MailKind::BuildFailure)).await?;
    tracing::info!(user_id = user, kind = kind.as_str(), "unsubscribed from a mail's link");
    Ok(kind)
}

/// A mail of `kind` to `to` with the unsubscribe link and the settings link under `body`, in
/// `language`.
pub(crate) fn mail_with_footer(
    v: &Vestibule,
    user_id: i64,
    kind: MailKind,
    language: vestibule_domain::Language,
    to: &str,
    subject: String,
    body: String,
) -> Result<Mail> {
    use vestibule_domain::i18n::t_args;
    let unsubscribe = unsubscribe_link(v, user_id, kind)?;
    let settings = format!("{}/settings/notifications", v.base_url());
    let footer = [
        t_args(
            language,
            "mail-footer-unsubscribe",
            &[("kind", kind.label(language).into()), ("link", unsubscribe.clone().into())],
        ),
        t_args(language, "mail-footer-settings", &[("link", settings.into())]),
    ];
    let body = format!("{}\n\n-- \n{}\n{}\n", body.trim_end(), footer[0], footer[1]);
    let mut mail = Mail::new(&v.settings, language, to, subject, body)?;
    mail.unsubscribe = Some(unsubscribe);
    Ok(mail)
}
