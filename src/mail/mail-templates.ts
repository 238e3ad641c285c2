import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { assetPath } from '../common/assets.js';

/** The mails the service sends; each has `<kind>.txt` and `<kind>.html` templates. */
export const MAIL_KINDS = ['password-reset', 'email-verify', 'invite', 'email-change', 'email-change-notice'] as const;
export type MailKind = (typeof MAIL_KINDS)[number];
/** Notices with nothing to open: their templates need no {{link}}. */
const LINKLESS_KINDS: readonly MailKind[] = ['email-change-notice'];

/** The values a template can use as {{name}}. */
export interface MailValues {
  link: string;
  email: string;
  /** How long the link works, in words (`30 minutes`, `24 hours`). */
  validFor: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

interface Template {
  /** The first line of the text template, `Subject: ...`. */
  subject: string;
  text: string;
  html: string;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export class MailTemplateError extends Error {}

/**
 * The mail templates: the built-in ones under assets/mail/, each file replaceable by a file of
 * the same name in MAIL_TEMPLATES_DIR. Read once at boot, so a broken template stops the start
 * instead of a send.
 */
export class MailTemplates {
  private readonly templates = new Map<MailKind, Template>();

  /** Which files came from `overrideDir`. */
  readonly overridden: string[] = [];

  constructor(overrideDir?: string) {
    if (overrideDir !== undefined && !(existsSync(overrideDir) && statSync(overrideDir).isDirectory())) {
      throw new MailTemplateError(`MAIL_TEMPLATES_DIR ${overrideDir} is not a directory`);
    }
    const read = (file: string) => {
      const custom = overrideDir && path.join(overrideDir, file);
      if (custom && existsSync(custom)) {
        this.overridden.push(file);
        return readFileSync(custom, 'utf8');
      }
      return readFileSync(assetPath('mail', file), 'utf8');
    };
    for (const kind of MAIL_KINDS) {
      const text = read(`${kind}.txt`);
      const match = /^Subject:[ \t]*(.+?)\r?\n\r?\n?/.exec(text);
      if (!match) throw new MailTemplateError(`mail template ${kind}.txt must start with a "Subject: ..." line`);
      const html = read(`${kind}.html`);
      for (const [file, body] of [
        [`${kind}.txt`, text],
        [`${kind}.html`, html],
      ]) {
        if (!LINKLESS_KINDS.includes(kind) && !body.includes('{{link}}'))
          throw new MailTemplateError(`mail template ${file} must contain {{link}}`);
      }
      this.templates.set(kind, { subject: match[1].trim(), text: text.slice(match[0].length), html });
    }
  }

  /** Fills in a template: values verbatim in the subject and text, HTML-escaped in the HTML. */
  render(kind: MailKind, values: MailValues): RenderedMail {
    const template = this.templates.get(kind)!;
    const fill = (body: string, encode: (v: string) => string) =>
      body.replace(/\{\{\s*(link|email|validFor)\s*\}\}/g, (_, name: keyof MailValues) => encode(values[name]));
    const escapeHtml = (v: string) => v.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
    return {
      // a header cannot hold a line break: an email address must not be able to add one
      subject: fill(template.subject, (v) => v.replace(/[\r\n]+/g, ' ')),
      text: fill(template.text, (v) => v),
      html: fill(template.html, escapeHtml),
    };
  }
}
