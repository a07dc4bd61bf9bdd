//! Single sign-on with one OpenID Connect provider (`VESTIBULE_OIDC_*`, issue #13): the
//! authorization code flow with PKCE, a state bound to the browser by a cookie, and a nonce, all
//! single use and short-lived, stored here; discovery from the issuer (openidconnect). A first
//! sign-in creates an account (its username from the provider's preferred one, made unique), or,
//! when an account has the same address, links to it only after its owner gives its password.
//! Accounts made this way have no password of their own: sign-in and two-factor authentication
//! are the provider's.

use crate::accounts::{self, Account, find_by_email, find_by_id};
use crate::audit::{self, Origin};
use crate::time::now_ms;
use crate::token::{digest, random_token};
use crate::{Error, Result, UserError, Vestibule};
use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreProviderMetadata};
use openidconnect::{
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, IssuerUrl, Nonce, PkceCodeChallenge, PkceCodeVerifier,
    RedirectUrl, Scope, TokenResponse,
};
use vestibule_domain::{EmailAddress, Username, ValidationError};

/// How long a sign-in may take at the provider, and a pending link wait for the password.
pub const STEP_MS: i64 = 10 * 60 * 1000;
/// The path the provider sends the browser back to.
pub const CALLBACK: &str = "/login/sso/callback";

/// The cookie that binds a sign-in's state to the browser that began it (`__Host-` over https).
pub fn state_cookie(settings: &crate::Settings) -> &'static str {
    crate::sessions::host_only(settings, "vestibule_sso", "__Host-vestibule_sso")
}

/// The cookie that holds a pending link's ticket (`/login/sso/link`).
pub fn link_cookie(settings: &crate::Settings) -> &'static str {
    crate::sessions::host_only(settings, "vestibule_sso_link", "__Host-vestibule_sso_link")
}

pub use crate::config::OidcSettings;

fn settings(v: &Vestibule) -> Result<&OidcSettings> {
    v.settings.oidc.as_ref().ok_or(Error(UserError::NotFound))
}

fn http() -> Result<reqwest::Client> {
    // No redirects: the library's advice against SSRF through the provider's answers.
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(15))
        .build()
        .map_err(|e| Error::internal(format_args!("OIDC client: {e}")))
}

fn failed(what: impl std::fmt::Display) -> Error {
    tracing::warn!("single sign-on: {what}");
    Error(UserError::SsoFailed)
}

async fn client(
    v: &Vestibule,
    http: &reqwest::Client,
) -> Result<
    openidconnect::core::CoreClient<
        openidconnect::EndpointSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointMaybeSet,
        openidconnect::EndpointMaybeSet,
    >,
> {
    let oidc = settings(v)?;
    let issuer = IssuerUrl::new(oidc.issuer.clone()).map_err(failed)?;
    let metadata = CoreProviderMetadata::discover_async(issuer, http).await.map_err(failed)?;
    let redirect = RedirectUrl::new(format!("{}{CALLBACK}", v.base_url())).map_err(failed)?;
    Ok(CoreClient::from_provider_metadata(
        metadata,
        ClientId::new(oidc.client_id.clone()),
        Some(ClientSecret::new(oidc.client_secret.expose().to_string())),
    )
    .set_redirect_uri(redirect))
}

/// A sign-in begun: where to send the browser, and the state for its cookie.
pub struct Begun {
    pub url: String,
    pub state: String,
}

/// Starts a sign-in at the provider; `next` is where to go afterwards (checked by the caller).
pub async fn begin(v: &Vestibule, next: &str) -> Result<Begun> {
    let http = http()?;
    let client = client(v, &http).await?;
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, state, nonce) = client
        .authorize_url(CoreAuthenticationFlow::AuthorizationCode, CsrfToken::new_random, Nonce::new_random)
        .add_scope(Scope::new("email".into()))
        .add_scope(Scope::new("profile".into()))
        .set_pkce_challenge(challenge)
        .url();
    let now = now_ms();
    sqlx::query("DELETE FROM sso_logins WHERE created_at < $1").bind(now - STEP_MS).execute(&v.db.pool).await?;
    sqlx::query("DELETE FROM sso_links WHERE created_at < $1").bind(now - STEP_MS).execute(&v.db.pool).await?;
    sqlx::query("INSERT INTO sso_logins (state_hash, nonce, verifier, next, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(digest(state.secret()))
        .bind(nonce.secret())
        .bind(v.sealer.seal("sso", verifier.secret().as_bytes())?)
        .bind(next)
        .bind(now)
        .execute(&v.db.pool)
        .await?;
    Ok(Begun { url: url.to_string(), state: state.secret().clone() })
}

/// What the provider says of the person.
#[derive(Debug, Clone)]
pub struct Identity {
    pub issuer: String,
    pub subject: String,
    pub preferred_username: Option<String>,
    pub email: Option<String>,
    pub email_verified: bool,
    pub name: Option<String>,
}

/// How a finished sign-in goes on.
pub enum Finished {
    /// Sign this account in, then go to `next`.
    SignIn { account: Account, next: String },
    /// An account has this address: its owner must give its password (`link`) first. The ticket
    /// goes into a cookie.
    Link { ticket: String },
}

/// The provider sent the browser back with `code` for `state`; `cookie` is the state this
/// browser was given. A state that is not this browser's, unknown, used or old, a code the
/// provider refuses, or an ID token whose nonce, audience, issuer or signature is wrong: refused.
pub async fn finish(v: &Vestibule, state: &str, cookie: Option<&str>, code: &str, origin: &Origin) -> Result<Finished> {
    if cookie != Some(state) {
        return Err(failed("the state is not the one this browser was given"));
    }
    let row: Option<(String, String, Option<String>, i64)> =
        sqlx::query_as("DELETE FROM sso_logins WHERE state_hash = $1 RETURNING nonce, verifier, next, created_at")
            .bind(digest(state))
            .fetch_optional(&v.db.pool)
            .await?;
    let Some((nonce, verifier, next, created_at)) = row else { return Err(failed("unknown or used state")) };
    if now_ms() - created_at > STEP_MS {
        return Err(failed("the sign-in took too long"));
    }
    let verifier = String::from_utf8(v.sealer.open("sso", &verifier).map_err(failed)?).map_err(failed)?;
    let http = http()?;
    let client = client(v, &http).await?;
    let token = client
        .exchange_code(AuthorizationCode::new(code.to_string()))
        .map_err(failed)?
        .set_pkce_verifier(PkceCodeVerifier::new(verifier))
        .request_async(&http)
        .await
        .map_err(failed)?;
    let id_token = token.id_token().ok_or_else(|| failed("no ID token"))?;
    let claims = id_token.claims(&client.id_token_verifier(), &Nonce::new(nonce)).map_err(failed)?;
    let identity = Identity {
        issuer: claims.issuer().to_string(),
        subject: claims.subject().to_string(),
        preferred_username: claims.preferred_username().map(|u| u.to_string()),
        email: claims.email().map(|e| e.to_string()),
        email_verified: claims.email_verified().unwrap_or(false),
        name: claims.name().and_then(|n| n.get(None)).map(|n| n.to_string()),
    };
    let next = vestibule_domain::safe_next(next.as_deref()).to_string();
    signed_in(v, identity, next, origin).await
}

async fn signed_in(v: &Vestibule, who: Identity, next: String, origin: &Origin) -> Result<Finished> {
    let known: Option<(i64,)> = sqlx::query_as("SELECT user_id FROM sso_identities WHERE issuer = $1 AND subject = $2")
        .bind(&who.issuer)
        .bind(&who.subject)
        .fetch_optional(&v.db.pool)
        .await?;
    if let Some((user_id,)) = known {
        let account = find_by_id(v, user_id).await?.ok_or_else(|| failed("the linked account is gone"))?;
        return Ok(Finished::SignIn { account, next });
    }
    let email = who.email.as_deref().and_then(|e| EmailAddress::parse(e).ok());
    if let Some(email) = &email
        && let Some(existing) = find_by_email(v, email).await?
    {
        // Only an address both sides proved: a provider that merely claims someone's address must
        // not even learn that the account exists; an unproven local address is not its owner's yet.
        if !who.email_verified || !existing.email_verified || existing.sso_only {
            return Err(failed("an account has this address, but it is not proven on both sides"));
        }
        let ticket = random_token()?;
        sqlx::query(
            "INSERT INTO sso_links (ticket_hash, user_id, issuer, subject, next, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(digest(&ticket))
        .bind(existing.id)
        .bind(&who.issuer)
        .bind(&who.subject)
        .bind(&next)
        .bind(now_ms())
        .execute(&v.db.pool)
        .await?;
        return Ok(Finished::Link { ticket });
    }
    let Some(email) = email.filter(|_| who.email_verified) else {
        return Err(failed("the provider gave no verified email address"));
    };
    let account = create(v, &who, &email).await?;
    audit::record(&v.db.pool, account.id, "sso.created", &who.issuer, "", origin).await?;
    Ok(Finished::SignIn { account, next })
}

/// A new account for `who`: its username from the provider's (else the address's local part),
/// made valid and unique; no password of its own.
async fn create(v: &Vestibule, who: &Identity, email: &EmailAddress) -> Result<Account> {
    // The provider's name, else the address's local part, else "user" (`Username::from_hint`).
    let local = email.as_str().split('@').next().unwrap_or_default();
    let hint = [who.preferred_username.as_deref().unwrap_or_default(), local]
        .into_iter()
        .find(|hint| Username::from_hint(hint, "").is_some())
        .unwrap_or("user");
    let hash = v.hasher.hash(&vestibule_domain::Password::for_login(&random_token()?)).await?;
    for n in 1..30u32 {
        // Room for the suffix within the longest username; after a few, a random one.
        let suffix = match n {
            1 => String::new(),
            2..=9 => format!("-{n}"),
            _ => format!("-{}", &random_token()?[..6].to_ascii_lowercase()),
        };
        let Some(username) = Username::from_hint(hint, &suffix) else { continue };
        let mut tx = v.db.begin_write().await?;
        match accounts::insert_hashed(
            &mut tx,
            &username,
            email,
            accounts::passwords::PasswordHash(hash.0.clone()),
            false,
            Some(now_ms()),
        )
        .await
        {
            Ok(account) => {
                sqlx::query("UPDATE users SET sso_only = 1, full_name = $1 WHERE id = $2")
                    .bind(who.name.clone().unwrap_or_default())
                    .bind(account.id)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(
                    "INSERT INTO sso_identities (user_id, issuer, subject, created_at) VALUES ($1, $2, $3, $4)",
                )
                .bind(account.id)
                .bind(&who.issuer)
                .bind(&who.subject)
                .bind(now_ms())
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                // Nothing can have cached a new account; said anyway, as every writer of accounts does.
                v.user_changed(account.id).await;
                return find_by_id(v, account.id).await?.ok_or_else(|| failed("the new account is gone"));
            }
            Err(Error(UserError::Invalid(errors))) if errors.iter().any(|e| e.field == "username") => continue,
            // The address was taken meanwhile (the same person in two tabs): this sign-in fails, and
            // the next one finds the account.
            Err(e) => return Err(failed(format_args!("could not create the account: {e}"))),
        }
    }
    Err(failed("no free username"))
}

/// The owner of the account a pending link names gives its password: the provider's identity is
/// linked to it, and it signs in. Wrong passwords count like a log-in's.
pub async fn link(v: &Vestibule, ticket: &str, password: &str, origin: &Origin) -> Result<(Account, String)> {
    let row: Option<(i64, String, String, String, i64)> =
        sqlx::query_as("SELECT user_id, issuer, subject, next, created_at FROM sso_links WHERE ticket_hash = $1")
            .bind(digest(ticket))
            .fetch_optional(&v.db.pool)
            .await?;
    let Some((user_id, issuer, subject, next, created_at)) = row.filter(|r| now_ms() - r.4 <= STEP_MS) else {
        return Err(Error::invalid("password", ValidationError::SecondStepExpired));
    };
    let _ = created_at;
    let owner = find_by_id(v, user_id).await?.ok_or_else(|| failed("the account is gone"))?;
    // A link signs in with the password alone: not for an account that asks for a second factor.
    if crate::two_factor::required(v, owner.id).await? {
        return Err(Error::invalid("password", ValidationError::SsoLinkTwoFactor));
    }
    let account = accounts::log_in(v, &owner.username, password, origin).await.map_err(|e| match e.0 {
        UserError::BadCredentials => Error::invalid("password", ValidationError::PasswordWrong),
        other => Error(other),
    })?;
    if account.id != owner.id {
        return Err(failed("the password is another account's"));
    }
    let mut tx = v.db.begin_write().await?;
    let used =
        sqlx::query("DELETE FROM sso_links WHERE ticket_hash = $1").bind(digest(ticket)).execute(&mut *tx).await?;
    if used.rows_affected() != 1 {
        return Err(Error::invalid("password", ValidationError::SecondStepExpired));
    }
    let inserted =
        sqlx::query("INSERT INTO sso_identities (user_id, issuer, subject, created_at) VALUES ($1, $2, $3, $4)")
            .bind(account.id)
            .bind(&issuer)
            .bind(&subject)
            .bind(now_ms())
            .execute(&mut *tx)
            .await;
    if let Err(e) = inserted {
        // Linked meanwhile (another ticket for the same identity).
        return Err(failed(format_args!("the identity is linked already: {e}")));
    }
    audit::record(&mut *tx, account.id, "sso.linked", &issuer, "linked", origin).await?;
    tx.commit().await?;
    Ok((account, next))
}
