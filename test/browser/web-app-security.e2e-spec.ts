import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { freePort, runScript } from '../guard-processes.js';
import { collectPageErrors } from '../support/console-browser.js';
import { backdateAuthTime } from '../support/db-state.js';
import { newUser, type TestUser } from '../support/factories.js';
import { totpCode } from '../support/mfa.js';
import { pointAt, serveStatic } from '../support/static-server.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { CHROMIUM, hasChromium, launchChromium, virtualAuthenticator } from '../support/webauthn.js';

if (!hasChromium) console.warn(`SKIPPED: the Security page tests need Chromium at ${CHROMIUM}`);

/**
 * The example web app's Security page as a new user tries it, in Chromium with a virtual
 * authenticator: add a passkey, sign out, sign in with the passkey alone; set up TOTP from the
 * page's QR code and key; regenerate recovery codes after a step-up; a password login then
 * asks for the second factor. The app on its own origin, the auth service on another.
 */
(hasChromium ? describe : describe.skip)("the example web app's Security page in Chromium", () => {
  let t: TestApp;
  let browser: Browser;
  let appUrl: string;
  let out: string;
  let closeApp: () => Promise<void>;
  let user: TestUser;

  beforeAll(async () => {
    const appPort = await freePort();
    appUrl = `http://localhost:${appPort}`;
    t = await startTestApp({ CORS_ORIGINS: appUrl, WEBAUTHN_RP_ID: 'localhost' });
    out = mkdtempSync(path.join(tmpdir(), 'web-app-security-'));
    await runScript(
      'node_modules/vite/bin/vite.js',
      ['build', 'examples/web-app', '--outDir', out, '--emptyOutDir', '--logLevel', 'warn'],
      {},
    );
    pointAt(out, `http://localhost:${new URL(t.url).port}`, 'http://localhost:9');
    closeApp = (await serveStatic(out, appPort)).close;
    browser = await launchChromium();
    user = await newUser(t.url);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await closeApp?.();
    await t?.close();
    if (out) rmSync(out, { recursive: true, force: true });
  });

  const status = (page: Page, text: string | RegExp) => page.locator('#status', { hasText: text }).waitFor();

  async function signInWithPassword(page: Page): Promise<void> {
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  }

  async function signOut(page: Page): Promise<void> {
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  }

  it('adds a passkey, signs in with it alone, sets up TOTP from the QR code, and regenerates recovery codes after a step-up', async () => {
    const page = await (await browser.newContext()).newPage();
    const errors = collectPageErrors(page);
    await page.goto(appUrl);
    await page.waitForSelector('body[data-ready="true"]');
    await virtualAuthenticator(page);

    await signInWithPassword(page);
    await page.getByRole('heading', { name: `Signed in as ${user.email}` }).waitFor();
    const security = page.getByRole('region', { name: 'Security' });
    await security.getByLabel('Passkey name').fill('Virtual laptop key');
    await security.getByRole('button', { name: 'Add a passkey' }).click();
    await status(page, 'Passkey "Virtual laptop key" added.');
    expect(await page.locator('#recovery-list li').count()).toBe(10);
    expect(await page.getByRole('table', { name: 'Your second factors' }).textContent()).toContain('Virtual laptop key');

    // sign out, then in with the passkey alone
    await signOut(page);
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await page.getByRole('heading', { name: `Signed in as ${user.email}` }).waitFor();

    // an authenticator app: the QR code, and the key it encodes shown for typing
    await security.getByRole('button', { name: 'Set up an authenticator app' }).click();
    const qr = page.getByRole('img', { name: "QR code of the authenticator app's secret" });
    await qr.waitFor();
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    const secret = (await page.locator('#totp-secret').innerText()).replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await page.getByLabel('Code from the app').fill(totpCode(secret));
    await page.getByRole('button', { name: 'Confirm', exact: true }).click();
    await status(page, 'Authenticator app set up.');
    expect(await page.getByRole('table', { name: 'Your second factors' }).getByRole('row').count()).toBe(3);

    // recovery codes need a fresh step-up: this session signed in with the passkey, so it passes at once
    const before = await page.locator('#recovery-list').innerText();
    await security.getByRole('button', { name: 'Regenerate recovery codes' }).click();
    await status(page, 'New recovery codes');
    expect(await page.locator('#recovery-list').innerText()).not.toBe(before);
    await page.screenshot({ path: path.resolve('test-artifacts', 'web-app-security.png'), fullPage: true });

    // a password login now asks for the second factor; the code after the confirmed one is accepted
    await signOut(page);
    await signInWithPassword(page);
    await page.getByRole('form', { name: 'Second factor' }).waitFor();
    await page.getByLabel('Code', { exact: true }).fill(totpCode(secret, Date.now() + 30_000));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('heading', { name: `Signed in as ${user.email}` }).waitFor();

    // signed in with password and code, more than STEP_UP_MAX_AGE ago: the step-up form asks first
    await backdateAuthTime(t.db, { userId: user.id }, 600);
    await page.reload();
    await page.getByRole('heading', { name: `Signed in as ${user.email}` }).waitFor();
    await security.getByRole('button', { name: 'Regenerate recovery codes' }).click();
    await page.getByRole('form', { name: 'Confirm it is you' }).waitFor();
    await page.getByRole('button', { name: 'Use a passkey' }).last().click();
    await status(page, 'New recovery codes');
    expect(errors).toEqual([]);
  });
});
