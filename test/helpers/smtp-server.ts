import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

/** A message the SMTP server accepted: its envelope (where it really goes) and the parsed message. */
export interface ReceivedMail {
  from: string;
  /** Envelope recipients: to, cc and bcc alike. */
  recipients: string[];
  user?: string;
  mail: ParsedMail;
}

export interface FakeSmtp {
  port: number;
  received: ReceivedMail[];
  /** SMTP sessions opened so far (connections). */
  connections: number;
  close(): Promise<void>;
}

/** SMTP errors carry the reply code smtp-server answers with. */
const smtpError = (message: string, responseCode: number) => Object.assign(new Error(message), { responseCode });

/**
 * A real SMTP server (smtp-server) on 127.0.0.1, parsing each message with mailparser. Given
 * `credentials` it requires AUTH with them (535 otherwise); without, it takes anyone. It refuses
 * two recipients on purpose:
 * `full@…` with 452 (mailbox full, try later) and `nobody@…` with 550 (no such user).
 */
export const startFakeSmtp = async (credentials?: { user: string; pass: string }): Promise<FakeSmtp> => {
  const received: ReceivedMail[] = [];
  const state = { connections: 0 };
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    authOptional: credentials === undefined,
    logger: false,
    onConnect(_session, callback) {
      state.connections += 1;
      callback();
    },
    onAuth(auth, _session, callback) {
      if (credentials && auth.username === credentials.user && auth.password === credentials.pass)
        return callback(null, { user: auth.username });
      return callback(smtpError('Authentication credentials invalid', 535));
    },
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      if (address.address.startsWith('full@')) return callback(smtpError('Mailbox full, try again later', 452));
      if (address.address.startsWith('nobody@')) return callback(smtpError('No such user here', 550));
      return callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            recipients: session.envelope.rcptTo.map(({ address }) => address),
            user: typeof session.user === 'string' ? session.user : undefined,
            mail,
          });
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    received,
    get connections() {
      return state.connections;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

/** `providers.email` options that send to this server (plain SMTP on loopback), from the test shop's address. */
export const emailProviderFor = (smtp: FakeSmtp) => ({
  transport: { host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true },
  from: 'Shop <shop@example.test>',
});
