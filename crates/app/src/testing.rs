//! Helpers for tests in this and other crates: a real SMTP server on 127.0.0.1 that answers
//! each command and keeps every message that arrives, so a test can read what was sent.

use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// One message as the server received it.
#[derive(Debug, Default, Clone)]
pub struct Received {
    /// The addresses given with `RCPT TO`.
    pub recipients: Vec<String>,
    /// The message as sent after `DATA`: headers, a blank line, the body.
    pub data: String,
}

impl Received {
    /// A header's value (the first with that name), unfolded.
    pub fn header(&self, name: &str) -> Option<String> {
        let (head, _) = self.data.split_once("\n\n")?;
        let mut value: Option<String> = None;
        for line in head.lines() {
            if let Some(v) = value.as_mut() {
                if line.starts_with([' ', '\t']) {
                    v.push_str(line.trim_end());
                    continue;
                }
                break;
            }
            if let Some((key, rest)) = line.split_once(':')
                && key.eq_ignore_ascii_case(name)
            {
                value = Some(rest.trim().to_string());
            }
        }
        value
    }

    /// The body as the sender wrote it: quoted-printable or base64 decoded, CRLF as LF.
    pub fn body(&self) -> String {
        let raw = self.data.split_once("\n\n").map_or("", |(_, b)| b);
        let encoding = self
            .header("Content-Transfer-Encoding")
            .unwrap_or_default()
            .to_ascii_lowercase();
        let bytes = match encoding.as_str() {
            "quoted-printable" => decode_quoted_printable(raw),
            "base64" => decode_base64(raw),
            _ => raw.as_bytes().to_vec(),
        };
        String::from_utf8_lossy(&bytes).replace("\r\n", "\n")
    }
}

fn decode_quoted_printable(text: &str) -> Vec<u8> {
    let mut out = Vec::new();
    for line in text.lines() {
        let bytes = line.trim_end().as_bytes();
        let (bytes, soft_break) = match bytes.strip_suffix(b"=") {
            Some(rest) => (rest, true),
            None => (bytes, false),
        };
        let mut i = 0;
        while i < bytes.len() {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            match (bytes[i], hex) {
                (b'=', Some(byte)) => {
                    out.push(byte);
                    i += 3;
                }
                (byte, _) => {
                    out.push(byte);
                    i += 1;
                }
            }
        }
        if !soft_break {
            out.push(b'\n');
        }
    }
    out
}

fn decode_base64(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut buffer, mut bits) = (0u32, 0u32);
    for byte in text.bytes() {
        let Some(value) = ALPHABET.iter().position(|&a| a == byte) else {
            continue;
        };
        buffer = (buffer << 6) | value as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    out
}

/// A running SMTP server and what it has received.
#[derive(Debug, Clone)]
pub struct SmtpServer {
    /// `127.0.0.1:PORT`, for [`crate::mail::Mailer::smtp`].
    pub address: String,
    inbox: Arc<Mutex<Vec<Received>>>,
}

/// How the server behaves.
#[derive(Debug, Clone, Copy, Default)]
struct Behaviour {
    /// How long it takes to accept each message, like a busy relay.
    delay: std::time::Duration,
}

impl SmtpServer {
    /// Starts a server on a free port of 127.0.0.1; it runs until the test's runtime ends.
    pub async fn start() -> SmtpServer {
        Self::start_with(Behaviour::default()).await
    }

    /// A server that takes `delay` to accept each message, so that work sent through it
    /// overlaps in time (several workers sending at once).
    pub async fn start_slow(delay: std::time::Duration) -> SmtpServer {
        Self::start_with(Behaviour { delay }).await
    }

    async fn start_with(behaviour: Behaviour) -> SmtpServer {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1 for SMTP");
        let address = listener.local_addr().expect("local address").to_string();
        let inbox = Arc::new(Mutex::new(Vec::new()));
        let kept = inbox.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(converse(stream, kept.clone(), behaviour));
            }
        });
        SmtpServer { address, inbox }
    }

    /// Every message received so far.
    pub fn received(&self) -> Vec<Received> {
        self.inbox.lock().map(|m| m.clone()).unwrap_or_default()
    }
}

/// An address on 127.0.0.1 where nothing listens: a mail relay that is down.
pub async fn closed_smtp_address() -> String {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind 127.0.0.1");
    let address = listener.local_addr().expect("local address").to_string();
    drop(listener);
    address
}

async fn converse(
    stream: tokio::net::TcpStream,
    kept: Arc<Mutex<Vec<Received>>>,
    behaviour: Behaviour,
) {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read).lines();
    if write.write_all(b"220 test ESMTP\r\n").await.is_err() {
        return;
    }
    let mut message = Received::default();
    while let Ok(Some(line)) = lines.next_line().await {
        let upper = line.to_ascii_uppercase();
        let reply: &[u8] = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
            b"250 test\r\n"
        } else if let Some(rest) = upper.strip_prefix("RCPT TO:") {
            let start = line.len() - rest.len();
            message
                .recipients
                .push(line[start..].trim().trim_matches(['<', '>']).to_string());
            b"250 OK\r\n"
        } else if upper.starts_with("DATA") {
            if write.write_all(b"354 go ahead\r\n").await.is_err() {
                return;
            }
            while let Ok(Some(data)) = lines.next_line().await {
                if data == "." {
                    break;
                }
                message.data.push_str(&data);
                message.data.push('\n');
            }
            tokio::time::sleep(behaviour.delay).await;
            if let Ok(mut inbox) = kept.lock() {
                inbox.push(std::mem::take(&mut message));
            }
            b"250 queued\r\n"
        } else if upper.starts_with("QUIT") {
            let _ = write.write_all(b"221 bye\r\n").await;
            return;
        } else {
            b"250 OK\r\n"
        };
        if write.write_all(reply).await.is_err() {
            return;
        }
    }
}
