//! Personal access tokens of Git providers, kept for the host platform to act on the user's
//! repositories: the provider, its address, a name, the token's last 4 characters and its expiry.
//! The page's form and the server check a new token with `NewGitToken::validate`.

use crate::api_keys::{WARN_DAYS, end_of_day};
use crate::i18n::{GitTokens, section_t};
use crate::preferences::{Language, TimeZoneName};
use crate::url::HttpUrl;
use crate::{FieldError, ValidationError};
use serde::{Deserialize, Serialize};

/// Tokens per account.
pub const MAX_TOKENS: usize = 25;
/// A token's name: at most this many characters.
pub const NAME_MAX: usize = 64;
/// The longest token accepted (providers' tokens are 40 to a few hundred characters).
pub const TOKEN_MAX: usize = 1024;
/// The shortest: a real token is far longer, and lists show the last 4 characters of it.
pub const TOKEN_MIN: usize = 8;
const DAY_MS: i64 = 86_400_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GitProvider {
    Github,
    Gitlab,
    Bitbucket,
    Gitea,
    /// Any other host (a self-hosted server): its address is required.
    Custom,
}

impl GitProvider {
    pub const ALL: [GitProvider; 5] = [Self::Github, Self::Gitlab, Self::Bitbucket, Self::Gitea, Self::Custom];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Github => "github",
            Self::Gitlab => "gitlab",
            Self::Bitbucket => "bitbucket",
            Self::Gitea => "gitea",
            Self::Custom => "custom",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        Self::ALL
            .into_iter()
            .find(|p| p.as_str() == raw.trim())
            .ok_or_else(|| ValidationError::OneOf { allowed: Self::ALL.iter().map(|p| p.as_str().into()).collect() })
    }

    /// The public service's address; a self-hosted GitHub, GitLab or Gitea gives its own.
    pub fn default_url(self) -> Option<&'static str> {
        match self {
            Self::Github => Some("https://github.com"),
            Self::Gitlab => Some("https://gitlab.com"),
            Self::Bitbucket => Some("https://bitbucket.org"),
            Self::Gitea => Some("https://gitea.com"),
            Self::Custom => None,
        }
    }

    /// The name shown (a brand's own name; "Other host" from the catalogs).
    pub fn label_in(self, language: Language) -> String {
        match self {
            Self::Github => "GitHub".into(),
            Self::Gitlab => "GitLab".into(),
            Self::Bitbucket => "Bitbucket".into(),
            Self::Gitea => "Gitea".into(),
            Self::Custom => section_t::<GitTokens>(language, "git-provider-custom", &[]),
        }
    }
}

/// A token to store, as the page's form and the CLI send it.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewGitToken {
    pub provider: String,
    /// The provider's address; blank for the public service.
    #[serde(default)]
    pub url: String,
    pub name: String,
    pub token: String,
    /// The last day it works (`YYYY-MM-DD`, the user's zone), if the provider gave one.
    #[serde(default)]
    pub expires_on: String,
}

impl std::fmt::Debug for NewGitToken {
    // The token never reaches a log line, even through `{:?}`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewGitToken")
            .field("provider", &self.provider)
            .field("url", &self.url)
            .field("name", &self.name)
            .field("token", &"[redacted]")
            .field("expires_on", &self.expires_on)
            .finish()
    }
}

/// A checked `NewGitToken`.
pub struct ValidGitToken {
    pub provider: GitProvider,
    pub url: String,
    pub name: String,
    pub token: String,
    pub expires_at: Option<i64>,
}

impl std::fmt::Debug for ValidGitToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ValidGitToken").field("name", &self.name).field("token", &"[redacted]").finish()
    }
}

impl ValidGitToken {
    /// What lists show of the token: its last 4 characters.
    pub fn last4(&self) -> String {
        let chars: Vec<char> = self.token.chars().collect();
        chars[chars.len().saturating_sub(4)..].iter().collect()
    }
}

impl NewGitToken {
    /// Every field's problem at once, with the field's name.
    pub fn validate(&self, now_ms: i64, zone: &TimeZoneName) -> Result<ValidGitToken, Vec<FieldError>> {
        let provider = GitProvider::parse(&self.provider).map_err(|e| e.on("provider"));
        let url = match (&provider, self.url.trim()) {
            (Ok(provider), "") => provider.default_url().map(str::to_string).ok_or(ValidationError::Required),
            // Which address a blank one stands for depends on the provider, whose message says it all.
            (Err(_), "") => Ok(String::new()),
            (_, url) => HttpUrl::parse(url).map(|u| u.as_str().trim_end_matches('/').to_string()),
        }
        .map_err(|e| e.on("url"));
        let name = match crate::text::one_line(&self.name, NAME_MAX) {
            Ok(name) if name.is_empty() => Err(ValidationError::Required),
            other => other,
        }
        .map_err(|e| e.on("name"));
        let token = parse_token(&self.token).map_err(|e| e.on("token"));
        let expires_at = match self.expires_on.trim() {
            "" => Ok(None),
            date => end_of_day(date, zone)
                .and_then(|at| if at <= now_ms { Err(ValidationError::ExpiryPast) } else { Ok(Some(at)) }),
        }
        .map_err(|e| e.on("expires_on"));
        match (provider, url, name, token, expires_at) {
            (Ok(provider), Ok(url), Ok(name), Ok(token), Ok(expires_at)) => {
                Ok(ValidGitToken { provider, url, name, token, expires_at })
            }
            (provider, url, name, token, expires_at) => {
                Err([provider.err(), url.err(), name.err(), token.err(), expires_at.err()]
                    .into_iter()
                    .flatten()
                    .collect())
            }
        }
    }
}

/// A token as pasted: trimmed, 1 to `TOKEN_MAX` characters, no space or control character inside.
fn parse_token(raw: &str) -> Result<String, ValidationError> {
    let token = raw.trim();
    if token.is_empty() {
        return Err(ValidationError::Required);
    }
    if token.chars().count() < TOKEN_MIN {
        return Err(ValidationError::TooShort { min: TOKEN_MIN });
    }
    if token.chars().count() > TOKEN_MAX {
        return Err(ValidationError::TooLong { max: TOKEN_MAX });
    }
    if token.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(ValidationError::GitTokenFormat);
    }
    Ok(token.to_string())
}

/// A stored token as lists show it: never the token, only its last 4 characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GitTokenInfo {
    pub id: String,
    pub provider: GitProvider,
    pub url: String,
    pub name: String,
    pub last4: String,
    pub created_at: i64,
    pub expires_at: Option<i64>,
    /// When the host platform last fetched it.
    pub last_fetched_at: Option<i64>,
}

/// The badge next to a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GitTokenStatus {
    Active,
    /// Expires within `WARN_DAYS`: in this many days, rounded up.
    ExpiresSoon {
        days: i64,
    },
    Expired,
}

impl GitTokenInfo {
    /// `••••abcd`
    pub fn masked(&self) -> String {
        format!("••••{}", self.last4)
    }

    pub fn status(&self, now_ms: i64) -> GitTokenStatus {
        match self.expires_at {
            Some(at) if at <= now_ms => GitTokenStatus::Expired,
            Some(at) if at - now_ms <= WARN_DAYS * DAY_MS => {
                GitTokenStatus::ExpiresSoon { days: (at - now_ms + DAY_MS - 1) / DAY_MS }
            }
            _ => GitTokenStatus::Active,
        }
    }
}

impl GitTokenStatus {
    pub fn label_in(self, language: Language) -> String {
        match self {
            Self::Active => section_t::<GitTokens>(language, "git-status-active", &[]),
            Self::ExpiresSoon { days } => {
                section_t::<GitTokens>(language, "git-status-expires-soon", &[("days", days.max(1).into())])
            }
            Self::Expired => section_t::<GitTokens>(language, "git-status-expired", &[]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_790_000_000_000;

    fn request(provider: &str, url: &str, token: &str, expires_on: &str) -> NewGitToken {
        NewGitToken {
            provider: provider.into(),
            url: url.into(),
            name: " deploy bot ".into(),
            token: token.into(),
            expires_on: expires_on.into(),
        }
    }

    #[test]
    fn a_token_is_checked_field_by_field() {
        let valid =
            request("github", "", " ghp_abcdefghijklmnop1234 ", "").validate(NOW, &TimeZoneName::utc()).unwrap();
        assert_eq!((valid.url.as_str(), valid.name.as_str()), ("https://github.com", "deploy bot"));
        assert_eq!((valid.token.as_str(), valid.last4().as_str()), ("ghp_abcdefghijklmnop1234", "1234"));
        assert!(!format!("{valid:?}").contains("ghp_"), "never in Debug");
        assert!(!format!("{:?}", request("github", "", "ghp_secret", "")).contains("ghp_secret"));
        let own = request("gitlab", "https://git.example.com/", "glpat-xyz123", "2030-01-31")
            .validate(NOW, &TimeZoneName::utc());
        assert_eq!(own.unwrap().url, "https://git.example.com");
        let short = request("github", "", "abc1234", "").validate(NOW, &TimeZoneName::utc()).unwrap_err();
        assert_eq!(short[0].error, Some(ValidationError::TooShort { min: TOKEN_MIN }));

        let errors =
            request("svn", "ftp://x", "two words", "2020-01-01").validate(NOW, &TimeZoneName::utc()).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["provider", "url", "token", "expires_on"]);
        let errors = request("custom", " ", "", "soon").validate(NOW, &TimeZoneName::utc()).unwrap_err();
        assert_eq!(errors[0].error, Some(ValidationError::Required), "a custom host needs its address");
        assert_eq!(errors.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), ["url", "token", "expires_on"]);
    }

    #[test]
    fn status_and_mask() {
        let mut info = GitTokenInfo {
            id: "a".into(),
            provider: GitProvider::Github,
            url: "https://github.com".into(),
            name: "n".into(),
            last4: "1234".into(),
            created_at: NOW,
            expires_at: None,
            last_fetched_at: None,
        };
        assert_eq!(info.masked(), "••••1234");
        assert_eq!(info.status(NOW), GitTokenStatus::Active);
        info.expires_at = Some(NOW + 3 * DAY_MS);
        assert_eq!(info.status(NOW), GitTokenStatus::ExpiresSoon { days: 3 });
        assert_eq!(info.status(NOW).label_in(Language::En), "Expires in 3 days");
        info.expires_at = Some(NOW);
        assert_eq!(info.status(NOW).label_in(Language::De), "Abgelaufen");
        assert_eq!(GitProvider::Custom.label_in(Language::De), "Anderer Host");
    }
}
