import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MailTemplateError, MailTemplates } from './mail-templates.js';
import { retryDelay } from './mail-delivery.service.js';

const values = { link: 'https://app.example/reset?token=abc&x=1', email: 'ada@example.com', validFor: '30 minutes' };

const made: string[] = [];
/** A folder for templates of the test's own; removed after the file's tests. */
function templatesDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'templates-'));
  made.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

describe('MailTemplates', () => {
  it('renders the built-in templates with the link in both bodies', () => {
    const sut = new MailTemplates();
    const mail = sut.render('password-reset', values);
    expect(mail.subject).toBe('Reset your password');
    expect(mail.text).toContain(values.link);
    expect(mail.text).not.toMatch(/^Subject:/);
    expect(mail.text).toContain('within 30 minutes');
    expect(mail.html).toContain('href="https://app.example/reset?token=abc&amp;x=1"');
    expect(sut.render('email-verify', values).subject).toBe('Confirm your email address');
  });

  it('escapes values in HTML and keeps line breaks out of the subject', () => {
    const dir = templatesDir();
    writeFileSync(path.join(dir, 'email-verify.txt'), 'Subject: Welcome {{email}}\n\nOpen {{link}}\n');
    writeFileSync(path.join(dir, 'email-verify.html'), '<p>{{ email }}</p><a href="{{link}}">go</a>');
    const sut = new MailTemplates(dir);
    expect(sut.overridden).toEqual(['email-verify.txt', 'email-verify.html']);
    const mail = sut.render('email-verify', { ...values, email: '"><script>x</script>\r\nBcc: evil@example.com' });
    expect(mail.subject).toBe('Welcome "><script>x</script> Bcc: evil@example.com');
    expect(mail.html).toBe(
      '<p>&quot;&gt;&lt;script&gt;x&lt;/script&gt;\r\nBcc: evil@example.com</p><a href="https://app.example/reset?token=abc&amp;x=1">go</a>',
    );
    expect(mail.text).toBe('Open https://app.example/reset?token=abc&x=1\n');
    // the files it did not replace are the built-in ones
    expect(sut.render('password-reset', values).subject).toBe('Reset your password');
  });

  it.each([
    ['no Subject line', 'Open {{link}}\n', '<a href="{{link}}">go</a>', /must start with a "Subject: \.\.\." line/],
    ['no link in the text', 'Subject: Hi\n\nNothing here\n', '<a href="{{link}}">go</a>', /password-reset.txt must contain \{\{link\}\}/],
    ['no link in the HTML', 'Subject: Hi\n\n{{link}}\n', '<p>nothing</p>', /password-reset.html must contain \{\{link\}\}/],
  ])('refuses a template with %s at boot', (_, text, html, message) => {
    const dir = templatesDir();
    writeFileSync(path.join(dir, 'password-reset.txt'), text);
    writeFileSync(path.join(dir, 'password-reset.html'), html);
    expect(() => new MailTemplates(dir)).toThrow(message);
  });

  it('refuses a MAIL_TEMPLATES_DIR that does not exist', () => {
    expect(() => new MailTemplates('/nonexistent/templates')).toThrow(MailTemplateError);
  });
});

describe('retryDelay', () => {
  it('doubles from 10 seconds and stops growing at an hour', () => {
    expect([1, 2, 3, 4, 9, 10].map(retryDelay)).toEqual([10, 20, 40, 80, 2560, 3600]);
  });
});
