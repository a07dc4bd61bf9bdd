//! Outgoing mail: SMTP through lettre when `VESTIBULE_SMTP_URL` is set, otherwise each message is
//! written as an `.eml` file under `<data dir>/outbox/` (the embedded default, readable by tests).
//! Bodies are never logged: they may hold single-use links.

use crate::{Error, Result, Settings};
use lettre::message::{Mailbox, header::ContentType};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::path::PathBuf;

/// A plain-text message to one recipient.
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub body: String,
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
                    .build(),
                from,
            },
            None => Self::Outbox { dir: settings.data_dir.join("outbox"), from },
        })
    }

    pub async fn send(&self, mail: Mail) -> Result<()> {
        let (Self::Smtp { from, .. } | Self::Outbox { from, .. }) = self;
        let to: Mailbox = mail.to.parse().map_err(|e| Error::internal(format_args!("recipient {}: {e}", mail.to)))?;
        let message = Message::builder()
            .from(from.clone())
            .to(to)
            .subject(&mail.subject)
            .header(ContentType::TEXT_PLAIN)
            .body(mail.body)
            .map_err(|e| Error::internal(format_args!("building mail: {e}")))?;
        match self {
            Self::Smtp { transport, .. } => {
                transport.send(message).await.map_err(|e| Error::internal(format_args!("SMTP: {e}")))?;
                tracing::info!(subject = %mail.subject, "mail sent");
            }
            Self::Outbox { dir, .. } => {
                let name = format!("{}-{}.eml", crate::time::now_ms(), &crate::token::random_token()?[..8]);
                let path = dir.join(name);
                let bytes = message.formatted();
                let dir = dir.clone();
                let written = path.clone();
                tokio::task::spawn_blocking(move || {
                    std::fs::create_dir_all(&dir)?;
                    std::fs::write(&written, bytes)
                })
                .await
                .map_err(|e| Error::internal(format_args!("outbox task: {e}")))?
                .map_err(|e| Error::internal(format_args!("writing {}: {e}", path.display())))?;
                tracing::info!(subject = %mail.subject, path = %path.display(), "mail written to the outbox");
            }
        }
        Ok(())
    }
}
