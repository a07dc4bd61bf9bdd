//! Account identity and credentials: usernames, email addresses and passwords.
//! Every constructor normalises first (trim, NFKC, case) and then validates.

use crate::ValidationError;
use crate::text::{nfc, nfkc};
use serde::{Deserialize, Serialize};

/// A username: 3-32 characters of `a-z 0-9 - _ .`, starting and ending with a letter or digit.
/// Normalised to NFKC lowercase; immutable after sign-up.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Username(String);

impl Username {
    pub const MIN: usize = 3;
    pub const MAX: usize = 32;

    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let value: String = nfkc(raw.trim()).to_lowercase();
        let len = value.chars().count();
        if len == 0 {
            return Err(ValidationError::Required);
        }
        if let Some(found) = value.chars().find(|c| !Self::allowed(*c)) {
            return Err(ValidationError::UsernameChar { found });
        }
        if len < Self::MIN {
            return Err(ValidationError::TooShort { min: Self::MIN });
        }
        if len > Self::MAX {
            return Err(ValidationError::TooLong { max: Self::MAX });
        }
        let edge_ok = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
        if !edge_ok(value.chars().next()) || !edge_ok(value.chars().last()) {
            return Err(ValidationError::UsernameEdge);
        }
        Ok(Self(value))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A character a username may hold (after lower-casing).
    fn allowed(c: char) -> bool {
        c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.')
    }

    /// A username made from `hint` (another system's name for the person) and `suffix` (`""`,
    /// `"-2"`…): other characters become `-`, the edges are trimmed, and the hint is cut so that the
    /// whole fits. `None` when too little of the hint is left (fewer than `MIN` characters).
    pub fn from_hint(hint: &str, suffix: &str) -> Option<Self> {
        let clean: String = nfkc(hint).to_lowercase().chars().map(|c| if Self::allowed(c) { c } else { '-' }).collect();
        let stem: String = clean
            .trim_matches(|c: char| !c.is_ascii_alphanumeric())
            .chars()
            .take(Self::MAX.saturating_sub(suffix.len()))
            .collect();
        let stem = stem.trim_end_matches(|c: char| !c.is_ascii_alphanumeric());
        if stem.is_empty() {
            return None;
        }
        Self::parse(&format!("{stem}{suffix}")).ok()
    }
}

/// An email address: `local@domain`, at most 254 characters, domain lowercased.
/// Deliberately permissive in the local part (only a link proves an address works).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EmailAddress(String);

impl EmailAddress {
    pub const MAX: usize = 254;

    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let value = nfkc(raw.trim());
        if value.is_empty() {
            return Err(ValidationError::Required);
        }
        if value.chars().count() > Self::MAX {
            return Err(ValidationError::TooLong { max: Self::MAX });
        }
        let (local, domain) = value.rsplit_once('@').ok_or(ValidationError::EmailFormat)?;
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '@' | '<' | '>' | ',' | ';' | '"'));
        let domain = domain.to_lowercase();
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|l| {
                !l.is_empty()
                    && l.len() <= 63
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.chars().all(|c| c.is_alphanumeric() || c == '-')
            })
            && labels.last().is_some_and(|tld| tld.chars().count() >= 2 && !tld.chars().all(|c| c.is_ascii_digit()));
        if !local_ok || !domain_ok {
            return Err(ValidationError::EmailFormat);
        }
        Ok(Self(format!("{local}@{domain}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What decides whether two addresses are the same (sign-up, log-in, email change and the CLI
    /// all compare this, and storage keeps it unique): the whole address, local part included, in
    /// NFKC and without case. RFC 5321 lets a mail server tell `Bob@` from `bob@`, but no large
    /// provider does, and two accounts whose addresses differ only in case would be one mailbox
    /// (or one person impersonating another). "Without case" is Unicode case folding, the full
    /// lowercase meant for comparing: it also matches `ß` with `SS` and `ς` with `Σ`, which plain
    /// lowercasing keeps apart. Folding and NFKC run twice, as in Unicode's compatibility caseless
    /// match (D146), so a key's key is itself. The address as typed is still what mail goes to.
    pub fn comparison_key(&self) -> String {
        let fold = |text: &str| nfkc(&unicase::UniCase::new(text).to_folded_case());
        fold(&fold(&self.0))
    }
}

/// What a person types to log in: a username or an email address, normalised the same way
/// as at sign-up so either one finds the account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoginName {
    Username(Username),
    Email(EmailAddress),
}

impl LoginName {
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        if raw.contains('@') {
            EmailAddress::parse(raw).map(Self::Email)
        } else {
            Username::parse(raw).map(Self::Username)
        }
    }
}

/// A new password, following NIST SP 800-63B-4: 15-128 code points after NFKC, no composition
/// rules, refused when easy to guess or built from the account's own names.
/// Not `Serialize` and its `Debug` hides the value, so it cannot leak into logs or responses.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(…)")
    }
}

impl Password {
    /// For an account that signs in with its password alone (NIST SP 800-63B-4).
    pub const MIN: usize = 15;
    /// Once a second factor is on.
    pub const MIN_WITH_SECOND_FACTOR: usize = 8;
    pub const MAX: usize = 128;

    /// Checks a new password against the rules and the account it is for. The guessability check
    /// (zxcvbn and its 800 KB of word lists) needs the `strength` feature: the server always has it;
    /// the browser's bundle leaves it out, so the browser checks the rest live and the server's
    /// answer to the form adds "too easy to guess" next to the field.
    pub fn parse_new(raw: &str, username: &str, email: &str) -> Result<Self, ValidationError> {
        Self::parse_new_for(raw, username, email, false)
    }

    /// As `parse_new`, for an account with (`second_factor`) or without a second factor on.
    pub fn parse_new_for(raw: &str, username: &str, email: &str, second_factor: bool) -> Result<Self, ValidationError> {
        let value = Self::normalise(raw);
        let len = value.chars().count();
        let min = Self::min(second_factor);
        if len == 0 {
            return Err(ValidationError::Required);
        }
        if len < min {
            return Err(ValidationError::TooShort { min });
        }
        if len > Self::MAX {
            return Err(ValidationError::TooLong { max: Self::MAX });
        }
        let lower = value.to_lowercase();
        let local = email.split('@').next().unwrap_or_default().to_lowercase();
        let contains = |part: &str| part.chars().count() >= 3 && lower.contains(part);
        if contains(&username.trim().to_lowercase()) || contains(local.trim()) {
            return Err(ValidationError::PasswordLikeAccount);
        }
        #[cfg(feature = "strength")]
        {
            let inputs = [username, email, local.as_str()];
            let estimate = zxcvbn::zxcvbn(&value, &inputs);
            if u8::from(estimate.score()) < 3 {
                let warning = estimate.feedback().and_then(|f| f.warning()).map(|w| password_warning(w).to_string());
                return Err(ValidationError::PasswordWeak { warning });
            }
        }
        Ok(Self(value))
    }

    /// The shortest new password allowed.
    pub const fn min(second_factor: bool) -> usize {
        if second_factor { Self::MIN_WITH_SECOND_FACTOR } else { Self::MIN }
    }

    /// A password typed at log-in: only normalised, never judged (rules may have changed since).
    pub fn for_login(raw: &str) -> Self {
        Self(Self::normalise(raw))
    }

    fn normalise(raw: &str) -> String {
        nfkc(raw)
    }

    /// The normalised secret, for hashing only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

macro_rules! string_newtype {
    ($($t:ty),*) => {$(
        impl TryFrom<String> for $t {
            type Error = ValidationError;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::parse(&value)
            }
        }
        impl From<$t> for String {
            fn from(value: $t) -> String {
                value.0
            }
        }
        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
        impl AsRef<str> for $t {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    )*};
}
string_newtype!(Username, EmailAddress);

/// A sign-up form's three fields, checked together; each error names its field.
/// The browser runs this on every keystroke and the server again on submit.
pub fn validate_sign_up(
    username: &str,
    email: &str,
    password: &str,
) -> Result<(Username, EmailAddress, Password), Vec<crate::FieldError>> {
    let u = Username::parse(username).map_err(|e| e.on("username"));
    let e = EmailAddress::parse(email).map_err(|e| e.on("email"));
    let p = Password::parse_new(password, username, email).map_err(|e| e.on("password"));
    match (u, e, p) {
        (Ok(u), Ok(e), Ok(p)) => Ok((u, e, p)),
        (u, e, p) => Err([u.err(), e.err(), p.err()].into_iter().flatten().collect()),
    }
}

/// An account as pages and the API show it. Holds no secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub id: i64,
    pub username: String,
    pub email: String,
    /// Whether a mailed link proved the address (or the operator vouched for it with `vestibule user
    /// create`). Mail other than that link, such as notifications, goes only to verified addresses.
    pub email_verified: bool,
    pub full_name: String,
    pub is_admin: bool,
    /// Support staff (`vestibule user grant-support`): may act on accounts that grant them access.
    pub is_support: bool,
    /// Made by the single sign-on provider: no password of its own; sign-in and two-factor
    /// authentication are the provider's.
    pub sso_only: bool,
    /// Milliseconds since the Unix epoch.
    pub created_at: i64,
    /// Where the avatar is served (`/avatars/<random>.png`), if one was uploaded.
    pub avatar_url: Option<String>,
}

/// Where to send someone after log-in: a path on this site, defaulting to the settings page.
///
/// Accepted: one `/` and then only characters a URL path may hold as they are (RFC 3986 `pchar`, `/`,
/// `?`, `#`, and `%` with two hex digits), so no space, `\`, non-ASCII or control character. Browsers drop tabs and newlines inside a URL and read `\` as `/`, so
/// `/<TAB>/evil.example` or `/\evil.example` would take the user to `//evil.example`, another host;
/// none of those characters can pass here, and a second `/` right after the first is refused. The
/// value also goes into a `Location` header, which a control character would make invalid.
pub fn safe_next(raw: Option<&str>) -> &str {
    const FALLBACK: &str = "/settings";
    let Some(path) = raw else { return FALLBACK };
    let Some(rest) = path.strip_prefix('/') else { return FALLBACK };
    if rest.starts_with('/') || !is_path_text(rest) {
        return FALLBACK;
    }
    path
}

/// Only URL path, query and fragment characters, and well-formed `%XX` escapes.
fn is_path_text(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let plain = b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/?#".contains(&b);
        if plain {
            i += 1;
        } else if b == b'%' && bytes.get(i + 1..i + 3).is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit)) {
            i += 3;
        } else {
            return false;
        }
    }
    true
}

/// A person's full name: one field (names do not all split into first and last),
/// 1-100 characters after trimming, no control characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct FullName(String);

impl FullName {
    pub const MAX: usize = 100;

    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let value = nfc(raw.trim());
        if value.is_empty() {
            return Err(ValidationError::Required);
        }
        if value.chars().count() > Self::MAX {
            return Err(ValidationError::TooLong { max: Self::MAX });
        }
        if value.chars().any(char::is_control) {
            return Err(ValidationError::ControlCharacter);
        }
        Ok(Self(value))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}
string_newtype!(FullName);

/// Up to two initials for an avatar placeholder: from the full name's first and last words, or the username.
pub fn initials(full_name: &str, username: &str) -> String {
    let words: Vec<&str> = full_name.split_whitespace().collect();
    let picked: String = match words.as_slice() {
        [] => username.chars().take(2).collect(),
        [one] => one.chars().take(1).collect(),
        [first, .., last] => first.chars().take(1).chain(last.chars().take(1)).collect(),
    };
    picked.to_uppercase()
}

/// A stable hue (0-359) for a username, so each placeholder avatar keeps its colour (FNV-1a).
pub fn avatar_hue(username: &str) -> u16 {
    let hash = username.bytes().fold(0x811c_9dc5_u32, |h, b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193));
    (hash % 360) as u16
}

/// The avatar upload limit, checked by the browser before sending and by the server on receipt.
pub const AVATAR_MAX_BYTES: u64 = 2 * 1024 * 1024;

/// The error for an avatar over [`AVATAR_MAX_BYTES`], wherever the size is noticed.
pub fn avatar_too_large() -> ValidationError {
    ValidationError::ImageTooLarge { max_mib: (AVATAR_MAX_BYTES >> 20) as u32 }
}

/// Refuses an upload the browser already knows is too large or of the wrong type.
pub fn check_avatar_upload(size: u64, content_type: &str) -> Result<(), ValidationError> {
    if size > AVATAR_MAX_BYTES {
        return Err(avatar_too_large());
    }
    if !content_type.is_empty() && !matches!(content_type, "image/png" | "image/jpeg" | "image/webp") {
        return Err(ValidationError::ImageFormat);
    }
    Ok(())
}

/// zxcvbn's warning as the catalogs name it (`password-warning-<name>`).
#[cfg(feature = "strength")]
fn password_warning(warning: zxcvbn::feedback::Warning) -> &'static str {
    use zxcvbn::feedback::Warning as W;
    match warning {
        W::StraightRowsOfKeysAreEasyToGuess => "straight-rows",
        W::ShortKeyboardPatternsAreEasyToGuess => "keyboard-patterns",
        W::RepeatsLikeAaaAreEasyToGuess => "repeats-aaa",
        W::RepeatsLikeAbcAbcAreOnlySlightlyHarderToGuess => "repeats-abcabc",
        W::ThisIsATop10Password => "top10",
        W::ThisIsATop100Password => "top100",
        W::ThisIsACommonPassword => "common",
        W::ThisIsSimilarToACommonlyUsedPassword => "similar-to-common",
        W::SequencesLikeAbcAreEasyToGuess => "sequences",
        W::RecentYearsAreEasyToGuess => "recent-years",
        W::AWordByItselfIsEasyToGuess => "word-by-itself",
        W::DatesAreOftenEasyToGuess => "dates",
        W::NamesAndSurnamesByThemselvesAreEasyToGuess => "names-by-themselves",
        W::CommonNamesAndSurnamesAreEasyToGuess => "common-names",
    }
}
