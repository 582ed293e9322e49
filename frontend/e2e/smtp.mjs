// A mail server for tests, on 127.0.0.1: it speaks enough SMTP (RFC 5321) for the service's
// mailer to deliver to it, and keeps every message so a test can read what arrived and for whom.

import { createServer } from 'node:net';

/** Decodes a message's body as sent: quoted-printable or base64 when the headers say so. */
function decodeBody(headers, body) {
  const encoding = headers.match(/^content-transfer-encoding:\s*(\S+)/im)?.[1]?.toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    return Buffer.from(
      body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h) => String.fromCharCode(parseInt(h, 16))),
      'latin1',
    ).toString('utf8');
  }
  return body;
}

/** Decodes an RFC 2047 encoded-word header (`=?utf-8?b?…?=` or `=?utf-8?q?…?=`). */
function decodeHeader(value) {
  return value.replace(/=\?utf-8\?([bq])\?(.*?)\?=\s*/gi, (_, kind, text) =>
    kind.toLowerCase() === 'b'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_, h) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'));
}

/** Starts the server on `port`; resolves to { messages, waitFor, stop }. */
export async function startSmtp(port) {
  const messages = [];
  const sockets = new Set();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.setEncoding('utf8');
    let buffer = '';
    let inData = false;
    let envelope = { from: '', to: [] };
    let data = '';
    const reply = (line) => socket.write(`${line}\r\n`);
    reply('220 test-smtp ready');
    socket.on('data', (chunk) => {
      buffer += chunk;
      let at;
      while ((at = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, at);
        buffer = buffer.slice(at + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            const split = data.indexOf('\r\n\r\n');
            const headers = data.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
            const subject = decodeHeader(headers.match(/^subject:\s*(.*)$/im)?.[1] ?? '');
            messages.push({ ...envelope, subject, body: decodeBody(headers, data.slice(split + 4)) });
            envelope = { from: '', to: [] };
            data = '';
            reply('250 queued');
          } else {
            data += `${line.startsWith('..') ? line.slice(1) : line}\r\n`;
          }
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') reply('250 test-smtp');
        else if (verb === 'MAIL') { envelope.from = line.match(/<(.*)>/)?.[1] ?? ''; reply('250 ok'); }
        else if (verb === 'RCPT') { envelope.to.push((line.match(/<(.*)>/)?.[1] ?? '').toLowerCase()); reply('250 ok'); }
        else if (verb === 'DATA') { inData = true; reply('354 go on'); }
        else if (verb === 'RSET') { envelope = { from: '', to: [] }; reply('250 ok'); }
        else if (verb === 'NOOP') reply('250 ok');
        else if (verb === 'QUIT') { reply('221 bye'); socket.end(); }
        else reply('502 not implemented');
      }
    });
    socket.on('error', () => {});
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    messages,
    /** Waits (up to `ms`) for a message to `to` whose subject matches; returns it. */
    async waitFor(to, subject, ms = 15000) {
      const end = Date.now() + ms;
      for (;;) {
        const found = messages.find((m) => m.to.includes(to.toLowerCase()) && subject.test(m.subject));
        if (found) return found;
        if (Date.now() > end) {
          const seen = messages.filter((m) => m.to.includes(to.toLowerCase())).map((m) => m.subject);
          throw new Error(`no email to ${to} matching ${subject}; they had: ${JSON.stringify(seen)}`);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    stop: () => new Promise((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(resolve);
    }),
  };
}
