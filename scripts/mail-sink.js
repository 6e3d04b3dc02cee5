// The demo's mail server: a real SMTP server (the `smtp-server` package) on a port the OS
// picks, which accepts every message and writes it to .run/mail/ as an .eml file (open it
// in any mail program, or forward it), printing where each one went. `npm start` points
// the reporting service at it (SMTP_URL) unless SMTP_URL is set to a real server.
const fs = require('fs');
const path = require('path');
const { SMTPServer } = require('smtp-server');
const { simpleParser } = require('mailparser');

async function startMailSink({ dir, onMessage = () => {} }) {
  fs.mkdirSync(dir, { recursive: true });
  let serial = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 50 * 1024 * 1024,
    onData(stream, session, callback) {
      const chunks = [];
      stream.on('data', (c) => chunks.push(c));
      stream.on('end', async () => {
        try {
          const raw = Buffer.concat(chunks);
          const parsed = await simpleParser(raw);
          const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
          const slug = String(parsed.subject ?? 'message')
            .toLowerCase()
            .replace(/[^a-z0-9]+/g, '-')
            .replace(/^-|-$/g, '')
            .slice(0, 60);
          const file = path.join(dir, `${stamp}-${String(++serial).padStart(3, '0')}-${slug}.eml`);
          fs.writeFileSync(file, raw, { mode: 0o600 });
          onMessage({ file, parsed, to: session.envelope.rcptTo.map((r) => r.address) });
          callback(null, `2.0.0 Ok: written to ${path.basename(file)}`);
        } catch (err) {
          callback(err);
        }
      });
    },
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.server.address();
  return { url: `smtp://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) };
}

module.exports = { startMailSink };
