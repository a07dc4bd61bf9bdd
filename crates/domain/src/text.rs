//! Unicode normalisation (NFKC, and NFC for names), the first step of every constructor that
//! normalises text.
//! The server uses the unicode-normalization crate's tables; the browser asks its own
//! (`String.prototype.normalize`), which keeps about 60 KB (gzipped) of tables out of the WASM.
//! Both follow the same Unicode algorithm; only a code point newer than one side's Unicode
//! version can come out differently, and the server's answer is the one that is stored.

/// `text` in Normalization Form KC (usernames, email addresses, passwords).
pub fn nfkc(text: &str) -> String {
    tables::nfkc(text)
}

/// `text` in Normalization Form C (display names: canonical forms only, `ﬁ` stays `ﬁ`).
pub fn nfc(text: &str) -> String {
    tables::nfc(text)
}

/// A one-line text of at most `max` characters (a description, a note, a reason), trimmed:
/// no control character (no line break either).
pub fn one_line(raw: &str, max: usize) -> Result<String, crate::error::ValidationError> {
    let text = raw.trim();
    if text.chars().count() > max {
        return Err(crate::error::ValidationError::TooLong { max });
    }
    if text.chars().any(char::is_control) {
        return Err(crate::error::ValidationError::ControlCharacter);
    }
    Ok(text.to_string())
}

#[cfg(not(target_arch = "wasm32"))]
mod tables {
    use unicode_normalization::UnicodeNormalization;

    pub fn nfkc(text: &str) -> String {
        text.nfkc().collect()
    }

    pub fn nfc(text: &str) -> String {
        text.nfc().collect()
    }
}

#[cfg(target_arch = "wasm32")]
mod tables {
    pub fn nfkc(text: &str) -> String {
        normalize(text, "NFKC")
    }

    pub fn nfc(text: &str) -> String {
        normalize(text, "NFC")
    }

    fn normalize(text: &str, form: &str) -> String {
        js_sys::JsString::from(text).normalize(form).as_string().unwrap_or_else(|| text.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::{nfc, nfkc};

    #[test]
    fn compatibility_forms_become_their_plain_letters() {
        assert_eq!(nfkc("ｂｏｂ"), "bob");
        assert_eq!(nfkc("ﬁle"), "file");
        assert_eq!(nfkc("e\u{301}"), "é");
    }

    #[test]
    fn names_keep_their_compatibility_forms() {
        assert_eq!(nfc("e\u{301}"), "é");
        assert_eq!(nfc("ﬁle"), "ﬁle");
    }
}
