// A tiny local SMTP server for the email example: accepts any mail (any login, no TLS) and appends
// it to a file. Usage: NODE_PATH=<plugin checkout>/node_modules node smtp.js <port> <file>
const { SMTPServer } = require('smtp-server');
const fs = require('fs');
const port = Number(process.argv[2] || 2525);
const file = process.argv[3] || 'mails.log';
new SMTPServer({
  authOptional: true, allowInsecureAuth: true, disabledCommands: ['STARTTLS'],
  onAuth(auth, session, cb) { cb(null, { user: auth.username }); },
  onData(stream, session, cb) {
    let data = '';
    stream.on('data', (c) => (data += c));
    stream.on('end', () => { fs.appendFileSync(file, `--- to ${session.envelope.rcptTo.map((r) => r.address)}\n${data}\n`); cb(); });
  },
}).listen(port, '127.0.0.1', () => console.log(`smtp on ${port}`));
