//! Outgoing mail. Use cases queue a `Mail` on the outbox (`outbox::enqueue`) inside the
//! transaction of their change; the outbox's worker hands it to the `Mailer`: SMTP through lettre
//! when `VESTIBULE_SMTP_URL` is set, otherwise an `.eml` file under `<data dir>/outbox/` (the
//! embedded default, readable by tests). Bodies are never logged: they may hold single-use links.

use crate::{Result, Settings};
use lettre::message::{Mailbox, header::ContentType};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::time::Duration;

/// How long one SMTP conversation may take; well inside the outbox lease, so that no other worker
/// takes a job while its mail may still be on its way.
const SMTP_TIMEOUT: Duration = Duration::from_secs(20);

/// A plain-text message to one recipient, with the `Message-ID` it keeps across retries.
#[derive(Serialize, Deserialize)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub body: String,
    pub message_id: String,
}

/// The recipient may be named (it is on every envelope), the subject and body are not.
impl std::fmt::Debug for Mail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mail").field("to", &self.to).field("message_id", &self.message_id).finish_non_exhaustive()
    }
}

impl Mail {
    /// A new message with a fresh `Message-ID` in the sender's domain.
    pub fn new(settings: &Settings, to: &str, subject: String, body: String) -> Result<Self> {
        // `Settings::from_vars` made sure it parses.
        let from: Option<Mailbox> = settings.mail_from.parse().ok();
        let domain = from.as_ref().map_or("localhost", |m| m.email.domain());
        let unique = crate::token::random_token()?;
        Ok(Self { to: to.to_string(), subject, body, message_id: format!("<{unique}@{domain}>") })
    }
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
        let message = Message::builder()
            .from(from.clone())
            .to(to)
            .subject(&mail.subject)
            .message_id(Some(mail.message_id.clone()))
            .header(ContentType::TEXT_PLAIN)
            .body(mail.body.clone())
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
