import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
}

/**
 * A real SMTP server in the test process (the `smtp-server` package): the service's mail goes
 * over SMTP to it, and tests read what arrived. `reject` makes the next deliveries fail with a
 * temporary error, to exercise retries.
 */
export interface Mailbox {
  url: string;
  received: ReceivedMail[];
  /** Fails the next `count` deliveries with 451. */
  reject(count: number): void;
  /** The next mail to `address` with this subject (already received or still to come). */
  next(address: string, subject: string, timeoutMs?: number): Promise<ReceivedMail>;
  close(): Promise<void>;
}

/** `credentials`: the server then refuses mail from a client that does not log in with them. */
export async function startMailbox(credentials?: { user: string; pass: string }): Promise<Mailbox> {
  const received: ReceivedMail[] = [];
  const taken = new Set<ReceivedMail>();
  const waiters: (() => void)[] = [];
  let rejections = 0;
  const server = new SMTPServer({
    authOptional: !credentials,
    allowInsecureAuth: true, // loopback, no TLS
    disabledCommands: ['STARTTLS'], // loopback test server without a certificate
    logger: false,
    onAuth(auth, _session, callback) {
      if (credentials && auth.username === credentials.user && auth.password === credentials.pass) callback(null, { user: auth.username });
      else callback(new Error('invalid credentials'));
    },
    onData(stream, session, callback) {
      if (rejections > 0) {
        rejections--;
        stream.resume();
        stream.on('end', () => callback(Object.assign(new Error('try again later'), { responseCode: 451 })));
        return;
      }
      simpleParser(stream).then((parsed) => {
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          subject: parsed.subject ?? '',
          text: parsed.text ?? '',
          html: typeof parsed.html === 'string' ? parsed.html : '',
        });
        for (const wake of waiters.splice(0)) wake();
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;

  return {
    url: credentials
      ? `smtp://${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.pass)}@127.0.0.1:${port}`
      : `smtp://127.0.0.1:${port}`,
    received,
    reject: (count) => void (rejections = count),
    async next(address, subject, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const mail = received.find((m) => !taken.has(m) && m.to.includes(address) && m.subject === subject);
        if (mail) {
          taken.add(mail);
          return mail;
        }
        if (Date.now() > deadline) throw new Error(`no mail "${subject}" to ${address} within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200);
        });
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The link of a mail whose text holds one http(s) URL with a token. */
export const RESET_SUBJECT = 'Reset your password';
export const VERIFY_SUBJECT = 'Confirm your email address';

export function linkIn(mail: ReceivedMail): URL {
  const match = /https?:\/\/\S+token=\S+/.exec(mail.text);
  if (!match) throw new Error(`no link in mail: ${mail.text}`);
  return new URL(match[0]);
}
