import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { MailDelivery } from '../src/mail/mail-delivery.service.js';
import { BackgroundTasks } from '../src/recovery/background-tasks.js';
import { launchChromium } from './support/console-browser.js';
import { emailVerified } from './support/db-state.js';
import { loginAs, newUser } from './support/factories.js';
import { linkIn, RESET_SUBJECT, startMailbox, VERIFY_SUBJECT, type Mailbox } from './support/mailbox.js';
import { http, startTestApp, type TestApp } from './support/test-app.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.resolve('test-artifacts');
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`recovery browser tests skipped: no Chromium at ${CHROMIUM}`);

(haveChromium ? describe : describe.skip)('recovery pages in Chromium', () => {
  let t: TestApp;
  let mailbox: Mailbox;
  let chromium: Browser;
  let browser: BrowserContext;

  beforeAll(async () => {
    mailbox = await startMailbox();
    t = await startTestApp({ MAIL_URL: mailbox.url });
    t.config.PASSWORD_RESET_URL = `${t.url}/reset-password?token={token}`;
    t.config.EMAIL_VERIFY_URL = `${t.url}/verify-email?token={token}`;
    mkdirSync(ARTIFACTS, { recursive: true });
    // a fresh profile every run, removed when the browser closes
    chromium = await launchChromium();
    browser = await chromium.newContext();
  });
  afterAll(async () => {
    await browser?.close();
    await chromium?.close();
    await t?.close();
    await mailbox?.close();
  });

  async function mailed(address: string, subject: string): Promise<URL> {
    await t.app.get(BackgroundTasks).idle();
    await t.app.get(MailDelivery).drain();
    return linkIn(await mailbox.next(address, subject));
  }

  it('sets a new password from the mailed link; old sessions end and the new password logs in', async () => {
    const user = await newUser(t.url);
    const before = await loginAs(t.url, user);
    await http(t.url, 'POST', '/auth/password/forgot', { body: { email: user.email } });
    const link = await mailed(user.email, RESET_SUBJECT);

    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/.test(message.text())) violations.push(message.text());
    });
    // the link is checked on opening (listened for before the page loads: the check may answer first),
    // and spent by nothing: the form stays
    const checked = page.waitForResponse((response) => response.url().endsWith('/auth/password/reset/check'));
    await page.goto(link.href);
    await checked;
    await page.getByLabel('New password', { exact: true }).fill('chosen in chromium 1');
    await page.getByLabel('Repeat the new password').fill('chosen in chromium 2');
    await page.getByRole('button', { name: 'Set the new password' }).click();
    await expectText(page.locator('#status'), 'The two passwords differ.');
    expect(await page.getByLabel('Repeat the new password').getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel('Repeat the new password').fill('chosen in chromium 1');
    await page.getByRole('button', { name: 'Set the new password' }).click();
    await expectText(page.locator('#status'), 'Your password has been changed');
    await page.screenshot({ path: path.join(ARTIFACTS, 'reset-password-done.png'), fullPage: true });
    expect(violations).toEqual([]);

    expect((await http(t.url, 'POST', '/auth/login', { body: { email: user.email, password: 'chosen in chromium 1' } })).status).toBe(200);
    expect((await http(t.url, 'POST', '/auth/login', { body: { email: user.email, password: user.password } })).status).toBe(401);
    expect((await http(t.url, 'GET', '/auth/me', { token: before.accessToken })).body.code).toBe('session_revoked');

    // the same link a second time: spent, and said as the page opens, before anything is typed
    await page.goto(link.href);
    await expectText(page.locator('#status'), 'This link is invalid, was already used, or has expired.');
    expect(await page.getByLabel('New password', { exact: true }).isVisible()).toBe(false);
    await page.screenshot({ path: path.join(ARTIFACTS, 'reset-password-spent.png'), fullPage: true });
    await page.close();
  });

  it('confirms an email address from the mailed link', async () => {
    const user = await newUser(t.url);
    const link = await mailed(user.email, VERIFY_SUBJECT);
    const page = await browser.newPage();
    await page.goto(link.href);
    // nothing happens before the button is pressed (link scanners confirm nothing)
    expect(await emailVerified(t.db, user.id)).toBe(false);
    await page.screenshot({ path: path.join(ARTIFACTS, 'verify-email.png'), fullPage: true });
    await page.getByRole('button', { name: 'Confirm my email address' }).click();
    await expectText(page.locator('#status'), 'Your email address is confirmed.');
    expect(await emailVerified(t.db, user.id)).toBe(true);
    await page.close();
  });
});

/** Waits (Playwright's auto-wait, 10 s at most) until the element's text contains `text`. */
async function expectText(locator: import('playwright-core').Locator, text: string): Promise<void> {
  await locator.filter({ hasText: text }).waitFor({ timeout: 10_000 });
}
