//! Two-factor sign-in: an authenticator app (RFC 6238 TOTP: HMAC-SHA-1, 6 digits, 30-second steps,
//! the current and the previous step accepted, each step at most once) and single-use recovery
//! codes; the log-in's second step, carried between its two requests by a sealed ticket.

use crate::audit::{self, Origin};
use crate::caller::Own;
use crate::outbox::{self, Job};
use crate::owner::{prove_password, security_mail};
use crate::time::now_ms;
use crate::{Error, Result, Vestibule, throttle};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use vestibule_domain::two_factor::{
    OneTimeCode, RECOVERY_CODE_LEN, RECOVERY_CODES, RecoveryCodes, TOTP_DIGITS, TOTP_STEP_SECONDS, TotpEnrolment,
    TwoFactorStatus, TwoFactorUpdate, in_groups_of_four, parse_totp,
};
use vestibule_domain::url::percent_encode;
use vestibule_domain::{Account, ValidationError};

/// Bytes of an authenticator secret (160 bits, as RFC 4226 recommends).
const SECRET_BYTES: usize = 20;
/// Wrong codes tried within one step before the step refuses more.
const WRONG_PER_STEP: i64 = 3;
/// How long the second step may take after the password.
const TICKET_MS: i64 = 5 * 60 * 1000;
const TOTP_PURPOSE: &str = "totp";
const TICKET_PURPOSE: &str = "login-second-step";

/// The code of `secret` for the step `step` (RFC 6238 over RFC 4226).
fn code_at(secret: &[u8], step: i64) -> Result<String> {
    let mut mac = <Hmac<sha1::Sha1> as Mac>::new_from_slice(secret)
        .map_err(|_| Error::internal("an HMAC key of any length is valid"))?;
    mac.update(&(step as u64).to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest[digest.len() - 1] & 0x0f);
    let word = u32::from_be_bytes([digest[offset] & 0x7f, digest[offset + 1], digest[offset + 2], digest[offset + 3]]);
    Ok(format!("{:0width$}", word % 10u32.pow(TOTP_DIGITS as u32), width = TOTP_DIGITS))
}

fn step_at(ms: i64) -> i64 {
    ms.div_euclid(TOTP_STEP_SECONDS * 1000)
}

/// The step among the current and the previous one whose code `code` is, if any (compared in
/// constant time).
fn matching_step(secret: &[u8], code: &str, now: i64) -> Result<Option<i64>> {
    let current = step_at(now);
    for step in [current, current - 1] {
        if bool::from(code_at(secret, step)?.as_bytes().ct_eq(code.as_bytes())) {
            return Ok(Some(step));
        }
    }
    Ok(None)
}

fn random_bytes<const N: usize>() -> Result<[u8; N]> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|e| Error::internal(format_args!("no randomness: {e}")))?;
    Ok(bytes)
}

fn recovery_hash(user_id: i64, code: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::new().chain_update(format!("{user_id}:{code}")).finalize())
}

/// The account's setup, as the security page shows it.
pub async fn status(v: &Vestibule, who: Own<'_>) -> Result<TwoFactorStatus> {
    status_of(v, who.id).await
}

async fn status_of(v: &Vestibule, user_id: i64) -> Result<TwoFactorStatus> {
    let (totp_since, recovery_left): (Option<i64>, i64) = sqlx::query_as(
        "SELECT (SELECT confirmed_at FROM totp WHERE user_id = $1), \
         (SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL)",
    )
    .bind(user_id)
    .fetch_one(&v.db.pool)
    .await?;
    Ok(TwoFactorStatus { totp_since, recovery_left: recovery_left.max(0) as u32 })
}

/// Whether log-in asks this account for a second factor.
pub async fn required(v: &Vestibule, user_id: i64) -> Result<bool> {
    Ok(status_of(v, user_id).await?.on())
}

/// Starts setting up an authenticator app: a new secret (replacing one not yet confirmed), with
/// what the page shows of it. Nothing changes at log-in until `confirm_totp`.
pub async fn start_totp(v: &Vestibule, who: Own<'_>) -> Result<TotpEnrolment> {
    let account = who.own_sign_in()?;
    let secret = random_bytes::<SECRET_BYTES>()?;
    let sealed = v.sealer.seal(TOTP_PURPOSE, &secret)?;
    let written = sqlx::query(
        "INSERT INTO totp (user_id, secret, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (user_id) DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at, \
         last_step = 0, failed_step = 0, failed_count = 0 WHERE totp.confirmed_at IS NULL",
    )
    .bind(account.id)
    .bind(&sealed)
    .bind(now_ms())
    .execute(&v.db.pool)
    .await?
    .rows_affected();
    if written == 0 {
        return Err(Error::invalid("code", ValidationError::TwoFactorOn));
    }
    let base32 = data_encoding::BASE32_NOPAD.encode(&secret);
    let issuer = vestibule_domain::i18n::t(vestibule_domain::Language::En, "app-brand");
    let uri = format!(
        "otpauth://totp/{}:{}?secret={base32}&issuer={}&algorithm=SHA1&digits={TOTP_DIGITS}&period={TOTP_STEP_SECONDS}",
        percent_encode(&issuer, b""),
        percent_encode(&account.username, b""),
        percent_encode(&issuer, b"")
    );
    let qr_svg = qr_svg(&uri)?;
    Ok(TotpEnrolment { secret: in_groups_of_four(&base32), uri, qr_svg })
}

/// A QR code of `text` as an SVG document: one path of dark modules on a light square with the
/// quiet zone the standard asks for, so that it scans in a dark theme too.
fn qr_svg(text: &str) -> Result<String> {
    use qrcodegen::{QrCode, QrCodeEcc};
    let qr = QrCode::encode_text(text, QrCodeEcc::Medium).map_err(|_| Error::internal("QR code too long"))?;
    let border = 4;
    let size = qr.size() + 2 * border;
    let mut path = String::new();
    for y in 0..qr.size() {
        for x in 0..qr.size() {
            if qr.get_module(x, y) {
                path.push_str(&format!("M{},{}h1v1h-1z", x + border, y + border));
            }
        }
    }
    Ok(format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" shape-rendering="crispEdges" aria-hidden="true"><rect width="{size}" height="{size}" fill="#fff"/><path d="{path}" fill="#000"/></svg>"##
    ))
}

/// Turns the authenticator app on with its first code and the password (a session alone must not
/// tie the account to someone else's phone), and makes the first recovery codes (shown once). The
/// code's step counts as used. Audited, and a security mail goes out.
pub async fn confirm_totp(
    v: &Vestibule,
    who: Own<'_>,
    code: &str,
    password: &str,
    origin: &Origin,
) -> Result<TwoFactorUpdate> {
    let account = who.own_sign_in()?;
    let code = parse_totp(code).map_err(|e| Error::invalid("code", e))?;
    prove_password(v, account, password, "password", origin).await?;
    let row: Option<(String, Option<i64>)> = sqlx::query_as("SELECT secret, confirmed_at FROM totp WHERE user_id = $1")
        .bind(account.id)
        .fetch_optional(&v.db.pool)
        .await?;
    let sealed = match row {
        Some((_, Some(_))) => return Err(Error::invalid("code", ValidationError::TwoFactorOn)),
        Some((sealed, None)) => sealed,
        None => return Err(Error::invalid("code", ValidationError::CodeWrong)),
    };
    let Some(step) = matching_step(&open_secret(v, &sealed)?, &code, now_ms())? else {
        return Err(Error::invalid("code", ValidationError::CodeWrong));
    };
    let mail = security_mail(v, account, "two-factor-on", origin, Vec::new()).await?;
    let (codes, hashes) = new_codes(account.id)?;
    let mut tx = v.db.pool.begin().await?;
    // Only the key the code was checked against: a set-up started again meanwhile (another tab)
    // replaced it, and this code proves nothing about the new one.
    let confirmed = sqlx::query(
        "UPDATE totp SET confirmed_at = $1, last_step = $2 WHERE user_id = $3 AND secret = $4 AND confirmed_at IS NULL",
    )
    .bind(now_ms())
    .bind(step)
    .bind(account.id)
    .bind(&sealed)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if confirmed == 0 {
        return Err(Error::invalid("code", ValidationError::CodeWrong));
    }
    store_codes(&mut tx, account.id, &hashes).await?;
    audit::record(&mut *tx, account.id, "two_factor.enabled", "totp", "", origin).await?;
    let data = serde_json::json!({ "username": account.username, "enabled": true, "method": "totp" });
    crate::webhooks::emit::emit(v, &mut tx, account.id, "security.two_factor_changed", data).await?;
    if let Some(mail) = mail {
        outbox::enqueue(&mut tx, &v.sealer, &Job::Mail(mail)).await?;
    }
    tx.commit().await?;
    v.outbox_queued();
    tracing::info!(user_id = account.id, "two-factor sign-in turned on");
    Ok(TwoFactorUpdate { status: status_of(v, account.id).await?, codes: Some(codes), password_too_short: false })
}

/// New recovery codes after the password (the old set stops working). Audited and mailed about.
pub async fn new_recovery_codes(
    v: &Vestibule,
    who: Own<'_>,
    password: &str,
    origin: &Origin,
) -> Result<TwoFactorUpdate> {
    let account = who.account();
    prove_password(v, account, password, "password", origin).await?;
    let mail = security_mail(v, account, "recovery-codes-new", origin, Vec::new()).await?;
    let (codes, hashes) = new_codes(account.id)?;
    let mut tx = v.db.pool.begin().await?;
    // Takes the account's app row first: two of these at once (or one beside turning it off) run one
    // after the other on both engines, so exactly one set of codes is left, and none once it is off.
    let on = sqlx::query("UPDATE totp SET created_at = created_at WHERE user_id = $1 AND confirmed_at IS NOT NULL")
        .bind(account.id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if on == 0 {
        return Err(Error::invalid("password", ValidationError::TwoFactorOff));
    }
    store_codes(&mut tx, account.id, &hashes).await?;
    audit::record(&mut *tx, account.id, "two_factor.recovery_codes_made", "", "", origin).await?;
    if let Some(mail) = mail {
        outbox::enqueue(&mut tx, &v.sealer, &Job::Mail(mail)).await?;
    }
    tx.commit().await?;
    v.outbox_queued();
    Ok(TwoFactorUpdate { status: status_of(v, account.id).await?, codes: Some(codes), password_too_short: false })
}

/// What turning two-factor sign-in off asks for.
pub struct TurnOff<'a> {
    pub password: &'a str,
    /// End every other session of the account (the one making the change stays).
    pub sign_out_others: bool,
    pub session_token: Option<&'a str>,
}

/// Turns two-factor sign-in off after the password: the app's secret and the recovery codes are
/// deleted, optionally the other sessions end; audited, and a security mail goes out.
pub async fn turn_off(v: &Vestibule, who: Own<'_>, off: &TurnOff<'_>, origin: &Origin) -> Result<TwoFactorUpdate> {
    let account = who.account();
    prove_password(v, account, off.password, "password", origin).await?;
    let mut update = remove(v, account, off, origin).await?;
    // Long enough with a second factor, it may be too short without one (the rule of a new password).
    let too_short = vestibule_domain::Password::parse_new_for(off.password, "", "", false);
    update.password_too_short = matches!(too_short, Err(ValidationError::TooShort { .. }));
    Ok(update)
}

/// The operator turns two-factor sign-in off for someone who lost both the phone and the recovery
/// codes (`vestibule user reset-two-factor`): the same as the owner doing it, without the password,
/// and every session ends. `false` when it was off.
pub async fn reset_by_operator(v: &Vestibule, account: &Account, origin: &Origin) -> Result<bool> {
    let off = TurnOff { password: "", sign_out_others: true, session_token: None };
    Ok(status_of(v, account.id).await?.on() && !remove(v, account, &off, origin).await?.status.on())
}

async fn remove(v: &Vestibule, account: &Account, off: &TurnOff<'_>, origin: &Origin) -> Result<TwoFactorUpdate> {
    let mail = security_mail(v, account, "two-factor-off", origin, Vec::new()).await?;
    let mut tx = v.db.pool.begin().await?;
    let deleted = sqlx::query("DELETE FROM totp WHERE user_id = $1 AND confirmed_at IS NOT NULL")
        .bind(account.id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if deleted > 0 {
        sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1").bind(account.id).execute(&mut *tx).await?;
        let mut ended = 0;
        if off.sign_out_others {
            ended = crate::sessions::end_others_in(&mut tx, account.id, off.session_token).await?;
        }
        let detail = format!("other sessions ended: {ended}");
        audit::record(&mut *tx, account.id, "two_factor.disabled", "totp", &detail, origin).await?;
        let data = serde_json::json!({ "username": account.username, "enabled": false });
        crate::webhooks::emit::emit(v, &mut tx, account.id, "security.two_factor_changed", data).await?;
        if let Some(mail) = mail {
            outbox::enqueue(&mut tx, &v.sealer, &Job::Mail(mail)).await?;
        }
        tx.commit().await?;
        v.outbox_queued();
        v.user_changed(account.id).await;
        tracing::info!(user_id = account.id, other_sessions_ended = ended, "two-factor sign-in turned off");
    }
    Ok(TwoFactorUpdate { status: status_of(v, account.id).await?, codes: None, password_too_short: false })
}

fn new_codes(user_id: i64) -> Result<(RecoveryCodes, Vec<String>)> {
    let mut codes = Vec::with_capacity(RECOVERY_CODES);
    for _ in 0..RECOVERY_CODES {
        // Base32 carries 5 bits a character.
        codes.push(data_encoding::BASE32_NOPAD.encode(&random_bytes::<{ RECOVERY_CODE_LEN * 5 / 8 }>()?));
    }
    let hashes = codes.iter().map(|c| recovery_hash(user_id, c)).collect();
    Ok((RecoveryCodes(codes.iter().map(|c| in_groups_of_four(c)).collect()), hashes))
}

/// Replaces the account's recovery codes.
async fn store_codes(conn: &mut sqlx::AnyConnection, user_id: i64, hashes: &[String]) -> Result<()> {
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1").bind(user_id).execute(&mut *conn).await?;
    let now = now_ms();
    for hash in hashes {
        sqlx::query("INSERT INTO recovery_codes (user_id, code_hash, created_at) VALUES ($1, $2, $3)")
            .bind(user_id)
            .bind(hash)
            .bind(now)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

fn open_secret(v: &Vestibule, sealed: &str) -> Result<Vec<u8>> {
    v.sealer
        .open(TOTP_PURPOSE, sealed)
        .map_err(|_| Error::internal("an authenticator secret does not open with the server key"))
}

/// The cookie that holds a log-in's ticket between its two steps.
pub fn ticket_cookie_name(settings: &crate::Settings) -> &'static str {
    crate::sessions::host_only(settings, "vestibule_login", "__Host-vestibule_login")
}

/// The `Set-Cookie` value that carries `ticket` (as long as the ticket lasts; empty: clears it).
pub fn ticket_cookie(settings: &crate::Settings, ticket: &str) -> String {
    let max_age = if ticket.is_empty() { 0 } else { (TICKET_MS / 1000) as u64 };
    crate::sessions::cookie(settings, ticket_cookie_name(settings), ticket, max_age)
}

/// A ticket that is missing, forged, too old, or outlived its password.
pub fn ticket_expired() -> Error {
    Error::invalid("code", ValidationError::SecondStepExpired)
}

/// Which password a ticket was given for: a change of password meanwhile voids it.
async fn password_fingerprint(v: &Vestibule, user_id: i64) -> Result<Option<String>> {
    let hash: Option<(String,)> = sqlx::query_as("SELECT password_hash FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(&v.db.pool)
        .await?;
    Ok(hash.map(|(h,)| URL_SAFE_NO_PAD.encode(&Sha256::digest(h.as_bytes())[..16])))
}

/// The ticket that carries a log-in from its password to its second step (a cookie): the account,
/// a deadline and which password it was, sealed with the server key.
pub async fn ticket(v: &Vestibule, user_id: i64) -> Result<String> {
    let fingerprint = password_fingerprint(v, user_id).await?.unwrap_or_default();
    let plain = format!("{user_id}:{}:{fingerprint}", now_ms() + TICKET_MS);
    v.sealer.seal_for_url(TICKET_PURPOSE, plain.as_bytes())
}

/// The account a ticket is for, while it is valid.
pub async fn ticket_holder(v: &Vestibule, ticket: &str) -> Result<i64> {
    let plain = v.sealer.open_from_url(TICKET_PURPOSE, ticket).map_err(|_| ticket_expired())?;
    let plain = String::from_utf8(plain).map_err(|_| ticket_expired())?;
    let mut parts = plain.splitn(3, ':');
    let (Some(user), Some(until), Some(fingerprint)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(ticket_expired());
    };
    let (Ok(user), Ok(until)) = (user.parse::<i64>(), until.parse::<i64>()) else { return Err(ticket_expired()) };
    if until < now_ms() || password_fingerprint(v, user).await?.as_deref() != Some(fingerprint) {
        return Err(ticket_expired());
    }
    Ok(user)
}

/// The log-in's second step: an authenticator code or a recovery code for `account`. Throttled per
/// address and on a count of its own per account (the password's success does not clear it); at
/// most 3 authenticator codes are tried per step, counted before the check so that codes sent at
/// once cannot pass the limit; a step or a recovery code is accepted once only. The owner is mailed
/// when wrong codes start to be slowed down, and when a recovery code is used.
/// Answers how the step was proven (`code` or `recovery_code`), for the security log.
pub async fn second_step(v: &Vestibule, account: &Account, code: &str, origin: &Origin) -> Result<&'static str> {
    throttle::check_ip(&v.db, &origin.ip).await?;
    let key = throttle::code_key(account.id);
    let failures_on_record = throttle::check_account(&v.db, &key).await?;
    let code = OneTimeCode::parse(code).map_err(|e| Error::invalid("code", e))?;
    let accepted = match &code {
        OneTimeCode::Totp(code) => totp_step(v, account.id, code).await?,
        OneTimeCode::Recovery(code) => recovery_step(v, account, code, origin).await?,
    };
    if !accepted {
        let failures = throttle::record_failure(&v.db, &key, &origin.ip).await?;
        audit::record(&v.db.pool, account.id, "sign_in.failed", "", "code", origin).await?;
        if failures == throttle::FREE_FAILURES
            && let Some(mail) = security_mail(v, account, "codes-failing", origin, Vec::new()).await?
        {
            outbox::queue(v, mail).await?;
        }
        return Err(Error::invalid("code", ValidationError::CodeWrong));
    }
    if failures_on_record {
        throttle::record_success(&v.db, &key).await?;
    }
    Ok(match code {
        OneTimeCode::Totp(_) => "code",
        OneTimeCode::Recovery(_) => "recovery_code",
    })
}

/// A code from the authenticator app, checked as at the log-in's second step (counted, throttled,
/// each step once): to prove the owner again without the password.
pub async fn check_app_code(v: &Vestibule, account: &Account, code: &str, origin: &Origin) -> Result<()> {
    match OneTimeCode::parse(code) {
        Ok(OneTimeCode::Totp(_)) => second_step(v, account, code, origin).await.map(|_| ()),
        _ => Err(Error::invalid("code", ValidationError::TotpFormat)),
    }
}

async fn totp_step(v: &Vestibule, user_id: i64, code: &str) -> Result<bool> {
    let now = now_ms();
    let current = step_at(now);
    // The try is counted first, in the statement that checks the limit.
    let counted = sqlx::query(
        "UPDATE totp SET failed_count = CASE WHEN failed_step = $1 THEN failed_count + 1 ELSE 1 END, \
         failed_step = $1 WHERE user_id = $2 AND confirmed_at IS NOT NULL \
         AND NOT (failed_step = $1 AND failed_count >= $3)",
    )
    .bind(current)
    .bind(user_id)
    .bind(WRONG_PER_STEP)
    .execute(&v.db.pool)
    .await?
    .rows_affected();
    if counted == 0 {
        let on: Option<(i64,)> = sqlx::query_as("SELECT 1 FROM totp WHERE user_id = $1 AND confirmed_at IS NOT NULL")
            .bind(user_id)
            .fetch_optional(&v.db.pool)
            .await?;
        return match on {
            Some(_) => Err(throttle::retry_after((current + 1) * TOTP_STEP_SECONDS * 1000, now)),
            None => Ok(false),
        };
    }
    let (sealed,): (String,) =
        sqlx::query_as("SELECT secret FROM totp WHERE user_id = $1").bind(user_id).fetch_one(&v.db.pool).await?;
    let Some(step) = matching_step(&open_secret(v, &sealed)?, code, now)? else { return Ok(false) };
    // Only an update that moves the last accepted step forward accepts the code; it gives the try back.
    let moved = sqlx::query(
        "UPDATE totp SET last_step = $1, failed_count = failed_count - 1 WHERE user_id = $2 AND last_step < $1",
    )
    .bind(step)
    .bind(user_id)
    .execute(&v.db.pool)
    .await?
    .rows_affected();
    Ok(moved == 1)
}

async fn recovery_step(v: &Vestibule, account: &Account, code: &str, origin: &Origin) -> Result<bool> {
    let hash = recovery_hash(account.id, code);
    let mut tx = v.db.pool.begin().await?;
    let used =
        sqlx::query("UPDATE recovery_codes SET used_at = $1 WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL")
            .bind(now_ms())
            .bind(account.id)
            .bind(&hash)
            .execute(&mut *tx)
            .await?
            .rows_affected();
    if used == 0 {
        return Ok(false);
    }
    let (left,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL")
        .bind(account.id)
        .fetch_one(&mut *tx)
        .await?;
    audit::record(&mut *tx, account.id, "two_factor.recovery_code_used", "", &format!("left: {left}"), origin).await?;
    tx.commit().await?;
    // The mail is queued after the code is spent: a failure to queue it must not undo the log-in.
    if let Some(mail) = security_mail(v, account, "recovery-used", origin, vec![("left", left.into())]).await? {
        outbox::queue(v, mail).await?;
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA-1 (the last 6 of its 8 digits).
    #[test]
    fn codes_match_rfc_6238() {
        let secret = b"12345678901234567890";
        for (seconds, code) in
            [(59, "287082"), (1_111_111_109, "081804"), (1_234_567_890, "005924"), (2_000_000_000, "279037")]
        {
            assert_eq!(code_at(secret, step_at(seconds * 1000)).unwrap(), code, "at {seconds}");
        }
        let now = 1_234_567_890_000;
        assert_eq!(matching_step(secret, "005924", now).unwrap(), Some(step_at(now)));
        let previous = code_at(secret, step_at(now) - 1).unwrap();
        assert_eq!(matching_step(secret, &previous, now).unwrap(), Some(step_at(now) - 1));
        let older = code_at(secret, step_at(now) - 2).unwrap();
        assert_eq!(matching_step(secret, &older, now).unwrap(), None, "two steps back is too old");
    }

    #[test]
    fn the_qr_code_is_an_svg_and_the_uri_is_encoded() {
        let svg = qr_svg("otpauth://totp/Vestibule:alice?secret=ABC").unwrap();
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>") && svg.contains("<path d=\"M"));
    }
}
