//! Outgoing mail. Use cases queue a `Mail` on the outbox (`outbox::enqueue`) inside the
//! transaction of their change; the outbox's worker hands it to the `Mailer`: SMTP through lettre
//! when `VESTIBULE_SMTP_URL` is set, otherwise an `.eml` file under `<data dir>/outbox/` (the
//! embedded default, readable by tests). Bodies are never logged: they may hold single-use links.
//! Every mail goes as plain text and as HTML made from the same text (`templates/mail.html`).

use crate::{Result, Settings};
use askama::Template;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::time::Duration;
use vestibule_domain::Language;

/// How long one SMTP conversation may take; well inside the outbox lease, so that no other worker
/// takes a job while its mail may still be on its way.
const SMTP_TIMEOUT: Duration = Duration::from_secs(20);

/// A message to one recipient, with the `Message-ID` it keeps across retries. The body is plain
/// text: paragraphs apart by a blank line, links on their own or at the end of a line, and an
/// optional footer after a `-- ` line; the HTML part is made from it.
#[derive(Serialize, Deserialize)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub body: String,
    pub message_id: String,
    /// The language the mail is written in (the HTML part's `lang`).
    #[serde(default)]
    pub language: Language,
    /// The one-click unsubscribe URL (RFC 8058) of a mail the user may turn off; security mails have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unsubscribe: Option<String>,
}

/// The recipient may be named (it is on every envelope), the subject and body are not.
impl std::fmt::Debug for Mail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mail").field("to", &self.to).field("message_id", &self.message_id).finish_non_exhaustive()
    }
}

impl Mail {
    /// A new message with a fresh `Message-ID` in the sender's domain.
    pub fn new(settings: &Settings, language: Language, to: &str, subject: String, body: String) -> Result<Self> {
        // `Settings::from_vars` made sure it parses.
        let from: Option<Mailbox> = settings.mail_from.parse().ok();
        let domain = from.as_ref().map_or("localhost", |m| m.email.domain());
        let unique = crate::token::random_token()?;
        Ok(Self {
            to: to.to_string(),
            subject,
            body,
            message_id: format!("<{unique}@{domain}>"),
            language,
            unsubscribe: None,
        })
    }

    /// The HTML part: the same words as the text, with its links as links.
    pub fn html(&self) -> Result<String, askama::Error> {
        let (text, footer) = self.body.split_once("\n-- \n").unwrap_or((&self.body, ""));
        let body = text
            .split("\n\n")
            .map(|paragraph| paragraph.trim_matches('\n').lines().map(parts).collect::<Vec<_>>())
            .filter(|p| !p.is_empty())
            .collect();
        let footer = footer.lines().filter(|l| !l.trim().is_empty()).map(parts).collect();
        let brand = vestibule_domain::i18n::t(self.language, "app-brand");
        MailHtml { lang: self.language.as_str(), subject: &self.subject, brand: &brand, body, footer }.render()
    }
}

#[derive(Template)]
#[template(path = "mail.html")]
struct MailHtml<'a> {
    lang: &'a str,
    subject: &'a str,
    brand: &'a str,
    body: Vec<Vec<Vec<Part<'a>>>>,
    footer: Vec<Vec<Part<'a>>>,
}

/// A piece of a line: text, or a web address to show as a link.
enum Part<'a> {
    Text(String),
    Link(&'a str),
}

fn parts(line: &str) -> Vec<Part<'_>> {
    let mut out = Vec::new();
    let mut text = String::new();
    for word in line.split(' ') {
        if word.starts_with("https://") || word.starts_with("http://") {
            if !text.is_empty() {
                out.push(Part::Text(std::mem::take(&mut text)));
            }
            out.push(Part::Link(word));
            text.push(' ');
        } else {
            text.push_str(word);
            text.push(' ');
        }
    }
    let text = text.trim_end();
    if !text.is_empty() {
        out.push(Part::Text(text.to_string()));
    }
    out
}

/// Why a mail did not go out.
#[derive(Debug)]
pub struct NotDelivered {
    pub message: String,
    /// The mail server refused it for good (a 5xx): sending it again cannot help.
    pub permanent: bool,
}

impl NotDelivered {
    fn transient(message: impl std::fmt::Display) -> Self {
        Self { message: message.to_string(), permanent: false }
    }
}

#[derive(Clone)]
pub enum Mailer {
    Smtp { transport: AsyncSmtpTransport<Tokio1Executor>, from: Mailbox },
    Outbox { dir: PathBuf, from: Mailbox },
}

impl Mailer {
    pub fn from_settings(settings: &Settings) -> Result<Self, String> {
        let from: Mailbox = settings.mail_from.parse().map_err(|e| format!("VESTIBULE_MAIL_FROM: {e}"))?;
        Ok(match &settings.smtp_url {
            Some(url) => Self::Smtp {
                transport: AsyncSmtpTransport::<Tokio1Executor>::from_url(url.expose())
                    .map_err(|e| format!("VESTIBULE_SMTP_URL: {e}"))?
                    .timeout(Some(SMTP_TIMEOUT))
                    .build(),
                from,
            },
            None => Self::Outbox { dir: settings.data_dir.join("outbox"), from },
        })
    }

    /// Hands `mail` to the mail server (or writes it to the directory). Called by the outbox.
    pub async fn deliver(&self, mail: &Mail) -> Result<(), NotDelivered> {
        let (Self::Smtp { from, .. } | Self::Outbox { from, .. }) = self;
        let refused = |message: String| NotDelivered { message, permanent: true };
        let to: Mailbox = mail.to.parse().map_err(|e| refused(format!("recipient {}: {e}", mail.to)))?;
        let html = mail.html().map_err(|e| refused(format!("rendering mail: {e}")))?;
        let mut builder = Message::builder()
            .from(from.clone())
            .to(to)
            .subject(&mail.subject)
            .message_id(Some(mail.message_id.clone()));
        if let Some(url) = &mail.unsubscribe {
            // RFC 8058: a mail client may offer "Unsubscribe" and POST to the link itself.
            builder = builder
                .raw_header(HeaderValue::new(HeaderName::new_from_ascii_str("List-Unsubscribe"), format!("<{url}>")))
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                    "List-Unsubscribe=One-Click".into(),
                ));
        }
        let message = builder
            .multipart(MultiPart::alternative_plain_html(mail.body.clone(), html))
            .map_err(|e| refused(format!("building mail: {e}")))?;
        match self {
            Self::Smtp { transport, .. } => {
                transport
                    .send(message)
                    .await
                    .map_err(|e| NotDelivered { permanent: e.is_permanent(), message: format!("SMTP: {e}") })?;
                tracing::info!(message_id = %mail.message_id, "mail sent");
            }
            Self::Outbox { dir, .. } => {
                // In the order written, then by Message-ID.
                let id: String = mail.message_id.chars().filter(char::is_ascii_alphanumeric).take(16).collect();
                let path = dir.join(format!("{}-{id}.eml", crate::time::now_ms()));
                let bytes = message.formatted();
                let dir = dir.clone();
                let written = path.clone();
                tokio::task::spawn_blocking(move || {
                    std::fs::create_dir_all(&dir)?;
                    // Written whole, then renamed: a reader never sees half a message.
                    let partial = written.with_extension("part");
                    std::fs::write(&partial, bytes)?;
                    std::fs::rename(&partial, &written)
                })
                .await
                .map_err(NotDelivered::transient)?
                .map_err(|e| NotDelivered::transient(format_args!("writing {}: {e}", path.display())))?;
                tracing::info!(message_id = %mail.message_id, path = %path.display(), "mail written to the outbox directory");
            }
        }
        Ok(())
    }
}
