import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { MailDelivery } from '../src/mail/mail-delivery.service.js';
import { BackgroundTasks } from '../src/recovery/background-tasks.js';
import { freePort, runScript } from './guard-processes.js';
import { newAdmin } from './support/admin.js';
import { collectBrowserNoise, hasChromium, launchChromium, screen, sidewaysOverflow, CHROMIUM } from './support/console-browser.js';
import { loginAs, newUser, refresh, type Session, type TestUser } from './support/factories.js';
import { linkIn, RESET_SUBJECT, startMailbox, VERIFY_SUBJECT, type Mailbox } from './support/mailbox.js';
import { serveStatic } from './support/static-server.js';
import { http, startTestApp, type TestApp } from './support/test-app.js';

if (!hasChromium) console.warn(`SKIPPED the page tour: ${CHROMIUM} is not installed (apt-get install -y chromium)`);
const describeInBrowser = hasChromium ? describe : describe.skip;

/**
 * Every page a person meets (the console, the recovery pages, the example app's first visit)
 * at a desktop's 1280 px and a phone's 390 px: nothing scrolls sideways, nothing reads "null",
 * and the browser's console stays empty — no error, no warning, no refused request, no 404.
 * Screenshots of each go to .data/screens/ to be looked at.
 */
describeInBrowser('the pages at 1280 and 390 px', () => {
  let t: TestApp;
  let mailbox: Mailbox;
  let browser: Browser;
  let consoleUrl: string;
  let admin: TestUser;
  let ada: TestUser;
  let unnamed: Session;
  let stolen: Session;
  let freshResetLink: URL;
  let spentResetLink: URL;
  let verifyLink: URL;
  let appUrl: string;
  let closeApp: () => Promise<void>;
  const appDir = path.resolve('test-artifacts', 'web-app-tour');

  beforeAll(async () => {
    const appPort = await freePort();
    appUrl = `http://localhost:${appPort}`;
    mailbox = await startMailbox();
    t = await startTestApp({ MAIL_URL: mailbox.url, CORS_ORIGINS: appUrl, REFRESH_REUSE_GRACE: '0' });
    t.config.PASSWORD_RESET_URL = `${t.url}/reset-password?token={token}`;
    t.config.EMAIL_VERIFY_URL = `${t.url}/verify-email?token={token}`;
    consoleUrl = `${t.url.replace('127.0.0.1', 'localhost')}/console`;

    admin = await newAdmin(t);
    ada = await newUser(t.url, { email: 'ada.lovelace.with.a.rather.long.address@analytical-engine.example.com', name: 'Ada Lovelace' });
    await loginAs(t.url, ada, { deviceId: 'ada-laptop-0001', deviceName: 'Laptop with a long name of its own' });
    unnamed = await loginAs(t.url, ada, { deviceId: 'ada-unnamed-0002' });
    stolen = await loginAs(t.url, ada, { deviceId: 'ada-desktop-003', deviceName: 'Desktop' });
    expect((await refresh(t.url, stolen.refreshToken, 'ada-desktop-003')).status).toBe(200);
    expect((await refresh(t.url, stolen.refreshToken, 'ada-desktop-003')).body.code).toBe('refresh_token_reused');

    const mailed = async (address: string, subject: string) => {
      await t.app.get(BackgroundTasks).idle();
      await t.app.get(MailDelivery).drain();
      return linkIn(await mailbox.next(address, subject));
    };
    verifyLink = await mailed(ada.email, VERIFY_SUBJECT);
    const carol = await newUser(t.url);
    await http(t.url, 'POST', '/auth/password/forgot', { body: { email: carol.email } });
    freshResetLink = await mailed(carol.email, RESET_SUBJECT);
    const dave = await newUser(t.url);
    await http(t.url, 'POST', '/auth/password/forgot', { body: { email: dave.email } });
    spentResetLink = await mailed(dave.email, RESET_SUBJECT);
    const spent = await http(t.url, 'POST', '/auth/password/reset', {
      body: { token: spentResetLink.searchParams.get('token'), newPassword: 'a new password 123' },
    });
    expect(spent.status).toBe(204);

    // the example app, built and pointed at this service the way a deployment would be
    await runScript(
      'node_modules/vite/bin/vite.js',
      ['build', 'examples/web-app', '--outDir', appDir, '--emptyOutDir', '--logLevel', 'warn'],
      {},
    );
    const index = path.join(appDir, 'index.html');
    writeFileSync(
      index,
      readFileSync(index, 'utf8').replace(/(<meta name="auth-url" content=")[^"]*"/, `$1http://localhost:${new URL(t.url).port}"`),
    );
    closeApp = (await serveStatic(appDir, appPort)).close;
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await closeApp?.();
    await t?.close();
    await mailbox?.close();
    rmSync(appDir, { recursive: true, force: true });
  });

  describe.each([1280, 390])('at %i px', (width) => {
    let context: BrowserContext;
    let page: Page;
    let noise: string[];
    /** Pages that scrolled sideways, with by how much. */
    const wide: string[] = [];

    beforeAll(async () => {
      context = await browser.newContext({ viewport: { width, height: 860 } });
      page = await context.newPage();
      noise = collectBrowserNoise(page);
    });
    afterAll(() => context.close());

    /** Screenshot, and notes whether the page scrolls sideways or shows a literal null. */
    async function look(name: string): Promise<void> {
      await screen(page, name);
      const overflow = await sidewaysOverflow(page);
      if (overflow > 0) wide.push(`${name}: ${overflow} px wider than the window`);
      expect(await page.locator('body').innerText()).not.toMatch(/\bnull\b|\bundefined\b/);
    }

    it('signs in to the console without a refused request first', async () => {
      await page.goto(consoleUrl);
      const form = page.getByRole('form', { name: 'Sign in' });
      await form.waitFor();
      await look('console-sign-in');
      await form.getByLabel('Email').fill(admin.email);
      await form.getByLabel('Password').fill(admin.password);
      await form.getByRole('button', { name: 'Sign in', exact: true }).click(); // beside 'Sign in with a passkey'
      await page.getByText('Live sessions now').waitFor();
      await look('console-overview');
    });

    it('lists users with their actions reachable', async () => {
      await page.goto(`${consoleUrl}#/users`);
      const row = page.getByRole('row', { name: new RegExp(ada.email.replace(/\./g, '\\.')) });
      await row.waitFor();
      await look('console-users');
      const button = row.getByRole('button', { name: 'Disable user' });
      await button.scrollIntoViewIfNeeded();
      const box = await button.boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= width).toBe(true);
      // and its confirmation fits the window
      await button.click();
      const dialog = page.getByRole('dialog', { name: `Disable ${ada.email}?` });
      await dialog.waitFor();
      await screen(page, 'console-users-confirm');
      const shown = (await dialog.boundingBox())!;
      expect(shown.x >= 0 && shown.x + shown.width <= width).toBe(true);
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'hidden' });
    });

    it('shows a user page: an unnamed device reads "Unnamed device", the user id in one piece', async () => {
      await page.goto(`${consoleUrl}#/users/${ada.id}`);
      const sessions = page.getByRole('table', { name: 'Live sessions' });
      await sessions.getByRole('row', { name: /Laptop/ }).waitFor();
      await page
        .getByRole('table', { name: /newest events of this user/ })
        .getByText('Login', { exact: true })
        .first()
        .waitFor();
      // a table still, rows named by their cells: the column labels drawn on a phone are not read twice
      await sessions.getByRole('row', { name: /^Unnamed device device ada-unnamed-0002/ }).waitFor();
      const id = page.locator('dl.facts code').filter({ hasText: ada.id });
      const { height } = (await id.boundingBox())!;
      const lineHeight = await id.evaluate<
        number,
        { ownerDocument: { defaultView: { getComputedStyle(e: unknown): { fontSize: string } } } }
      >((el) => parseFloat(el.ownerDocument.defaultView.getComputedStyle(el).fontSize) * 2);
      expect(height).toBeLessThan(lineHeight); // one line
      await look('console-user');
    });

    it('shows a live session of an unnamed device', async () => {
      await page.goto(`${consoleUrl}#/sessions/${unnamed.sessionId}`);
      await page.getByText('Live', { exact: true }).waitFor();
      await page.getByRole('list', { name: 'Lineage' }).waitFor();
      await look('console-session-live');
      expect(await page.getByRole('link', { name: 'Users' }).getAttribute('aria-current')).toBe('page');
    });

    it('shows an ended session from the audit trail, without asking for the family first', async () => {
      const asked: string[] = [];
      const note = (request: Request) => void (request.url().includes('/admin/sessions/') && asked.push(request.url()));
      page.on('request', note);
      await page.goto(`${consoleUrl}#/sessions/${stolen.sessionId}`);
      await page.getByRole('heading', { name: 'Ended by refresh-token reuse' }).waitFor();
      await page.getByRole('list', { name: 'Lineage' }).waitFor();
      page.off('request', note);
      await look('console-session-ended');
      expect(asked).toEqual([]);
      // an ended session is a piece of the audit trail, no longer one of the user's
      expect(await page.getByRole('link', { name: 'Users' }).getAttribute('aria-current')).toBeNull();
      expect(await page.getByRole('link', { name: 'Audit' }).getAttribute('aria-current')).toBe('page');
    });

    it('shows the audit trail and the keys', async () => {
      await page.goto(`${consoleUrl}#/audit`);
      await page.getByRole('table', { name: /All events/ }).waitFor();
      await look('console-audit');
      await page.goto(`${consoleUrl}#/keys`);
      await page.getByRole('table', { name: /Published keys/ }).waitFor();
      await look('console-keys');
    });

    it('opens a reset link, and says at once when a link was already used', async () => {
      await page.goto(freshResetLink.href);
      await page.getByLabel('New password', { exact: true }).waitFor();
      await look('reset-password');
      await page.goto(spentResetLink.href);
      await page.locator('#status').filter({ hasText: 'This link is invalid, was already used, or has expired.' }).waitFor();
      expect(await page.getByLabel('New password', { exact: true }).isVisible()).toBe(false);
      await look('reset-password-spent');
    });

    it('opens an email confirmation link', async () => {
      await page.goto(verifyLink.href);
      await page.getByRole('button', { name: 'Confirm my email address' }).waitFor();
      await look('verify-email');
    });

    it('opens the example app for the first time: no config request, no refresh without a session', async () => {
      const requests: string[] = [];
      const app = await context.newPage();
      const appNoise = collectBrowserNoise(app);
      app.on('request', (request) => requests.push(`${request.method()} ${new URL(request.url()).pathname}`));
      await app.goto(appUrl);
      await app.waitForSelector('body[data-ready="true"]');
      await app.getByRole('heading', { name: 'Sign in' }).waitFor();
      await screen(app, 'example-app-first-visit');
      const overflow = await sidewaysOverflow(app);
      if (overflow > 0) wide.push(`example app: ${overflow} px wider than the window`);
      // the one call to the service: the public list of providers its "Sign in with ..." buttons come from
      expect(requests.filter((r) => /config\.json|\/auth\//.test(r))).toEqual(['GET /auth/providers']);
      expect(appNoise).toEqual([]);
      await app.close();
    });

    it('scrolled sideways on no page', () => {
      expect(wide).toEqual([]);
    });

    it('left the browser console empty throughout', () => {
      expect(noise).toEqual([]);
    });
  });
});
