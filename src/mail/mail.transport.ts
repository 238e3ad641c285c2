import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createTransport } from 'nodemailer';
import type { RenderedMail } from './mail-templates.js';

/** A composed mail ready to go. */
export interface OutgoingMail extends RenderedMail {
  to: string;
}

/** Where mail goes: an SMTP server, or .eml files for a setup with no mail server. */
export interface MailTransport {
  /** Sends one mail; resolves to a description for the log (never the body: it holds a token). */
  send(mail: OutgoingMail, id: string): Promise<string>;
  close(): void;
}

/** SMTP at MAIL_URL (`smtp://` with STARTTLS when offered, or `smtps://`), credentials in the URL. */
export function smtpTransport(url: string, from: string): MailTransport {
  const transporter = createTransport(
    {
      url,
      // a hung server must not hold a delivery forever; the outbox retries later
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 30_000,
    },
    { from },
  );
  return {
    async send(mail) {
      const info = await transporter.sendMail(mail);
      return `sent over SMTP (${info.messageId})`;
    },
    close: () => transporter.close(),
  };
}

/** Each mail as an .eml file under `directory` (nodemailer's stream transport composes it). */
export function fileTransport(directory: string, from: string): MailTransport {
  const transporter = createTransport({ streamTransport: true, buffer: true, newline: 'unix' }, { from });
  return {
    async send(mail, id) {
      const info = await transporter.sendMail(mail);
      await mkdir(directory, { recursive: true, mode: 0o700 });
      const file = path.join(directory, `${new Date().toISOString().replace(/[:.]/g, '-')}-${id}.eml`);
      // readable by the owner only: the link in it is a live token
      await writeFile(file, info.message as Buffer, { mode: 0o600 });
      return `written to ${file}`;
    },
    close: () => transporter.close(),
  };
}
