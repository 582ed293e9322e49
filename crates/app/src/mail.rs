//! Sending email: over SMTP to the council's mail relay, or, in the demo only, printed to the
//! terminal. It lives in `app` so that background jobs (reminders, digests, queued emails) can
//! send as well as the web's sign-in pages. The text of each message says what to do next and
//! holds nothing the recipient may not see (see [`crate::notify`]).

use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

#[derive(Clone, Default)]
pub enum Mailer {
    /// No way to send email: families cannot sign in (a warning is logged at start), and queued
    /// emails wait in the outbox until a relay is given.
    #[default]
    None,
    /// The demo: messages are printed to standard output instead of sent.
    Print,
    /// SMTP to a relay (plain SMTP on the given port; the relay delivers onwards).
    Smtp {
        transport: AsyncSmtpTransport<Tokio1Executor>,
        from: Mailbox,
    },
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Mailer::None => "Mailer::None",
            Mailer::Print => "Mailer::Print",
            Mailer::Smtp { .. } => "Mailer::Smtp",
        })
    }
}

impl Mailer {
    /// An SMTP mailer for `HOST:PORT`, sending as `from`.
    pub fn smtp(address: &str, from: &str) -> Result<Mailer, String> {
        let (host, port) = address
            .rsplit_once(':')
            .and_then(|(h, p)| p.parse::<u16>().ok().map(|p| (h.to_string(), p)))
            .ok_or_else(|| format!("--smtp: '{address}' is not HOST:PORT"))?;
        let from: Mailbox = from
            .parse()
            .map_err(|e| format!("--mail-from: '{from}' is not an email address ({e})"))?;
        let transport = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
            .port(port)
            .build();
        Ok(Mailer::Smtp { transport, from })
    }

    pub fn can_send(&self) -> bool {
        !matches!(self, Mailer::None)
    }

    /// Sends one plain-text message.
    pub async fn send(&self, to: &str, subject: &str, body: &str) -> Result<(), String> {
        match self {
            Mailer::None => Err("no mail server is configured (--smtp)".into()),
            Mailer::Print => {
                println!("Email to {to}: {subject}\n{body}\n(demo: printed instead of sent)");
                Ok(())
            }
            Mailer::Smtp { transport, from } => {
                let to: Mailbox = to
                    .parse()
                    .map_err(|e| format!("'{to}' is not an email address ({e})"))?;
                let message = Message::builder()
                    .from(from.clone())
                    .to(to)
                    .subject(subject)
                    .body(body.to_string())
                    .map_err(|e| e.to_string())?;
                transport
                    .send(message)
                    .await
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            }
        }
    }
}
