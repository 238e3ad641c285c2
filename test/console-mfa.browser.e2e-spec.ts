import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { newAdmin } from './support/admin.js';
import { collectPageErrors, screenshot } from './support/console-browser.js';
import { backdateAuthTime } from './support/db-state.js';
import { loginAs, newUser } from './support/factories.js';
import { enrolTotp, nextStepCode } from './support/mfa.js';
import { http, startTestApp, type TestApp } from './support/test-app.js';
import { CHROMIUM, createCredential, hasChromium, launchChromium, virtualAuthenticator } from './support/webauthn.js';

if (!hasChromium) console.warn(`SKIPPED the console second-factor browser tests: no Chromium at ${CHROMIUM}`);

/** The admin console with ADMIN_REQUIRE_MFA=on, in Chromium: the admin's second step, passkeys, and resetting a user's factors. */
(hasChromium ? describe : describe.skip)('admin console: second factors in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let consoleUrl: string;

  beforeAll(async () => {
    t = await startTestApp({ ADMIN_REQUIRE_MFA: 'on', WEBAUTHN_RP_ID: 'localhost' });
    const origin = t.url.replace('127.0.0.1', 'localhost');
    t.config.WEBAUTHN_ORIGINS = origin;
    consoleUrl = `${origin}/console`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function signInWithPassword(page: Page, email: string, password: string) {
    await page.goto(consoleUrl);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  }

  it("asks the admin for the second factor, lets them in with it, and resets a user's factors after a step-up", async () => {
    const admin = await newAdmin(t);
    const adminTotp = await enrolTotp(t.url, await loginAs(t.url, admin));
    const user = await newUser(t.url);
    const userSession = await loginAs(t.url, user);
    const userTotp = await enrolTotp(t.url, userSession);

    const page = await (await browser.newContext()).newPage();
    const errors = collectPageErrors(page);
    await signInWithPassword(page, admin.email, admin.password);
    await page.getByLabel('Code from your authenticator app, or a recovery code').fill(nextStepCode(adminTotp.secret));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();

    // ten minutes later (older than STEP_UP_MAX_AGE): the reload's refresh carries the old auth_time
    await backdateAuthTime(t.db, { userId: admin.id }, 600);
    await page.goto(`${consoleUrl}#/users/${user.id}`);
    await page.reload();
    const factors = page.getByRole('table', { name: 'Second factors' });
    await factors.waitFor();
    expect(await factors.getByRole('row').count()).toBe(2);
    expect(await factors.textContent()).toContain('Authenticator app (TOTP)');
    expect(await page.content()).not.toContain(userTotp.secret);
    await page.getByRole('button', { name: 'Reset second factors' }).click();
    const dialog = page.getByRole('dialog');
    // without the admin's own factor: refused as the API says
    await dialog.getByRole('button', { name: 'Reset second factors' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'step_up_required' }).waitFor();
    await dialog.getByLabel('Your code (authenticator app or recovery code)').fill(adminTotp.recoveryCodes[0]);
    await dialog.getByRole('button', { name: 'Reset second factors' }).click();
    await page.getByRole('status').filter({ hasText: 'were removed' }).waitFor();
    await page.getByText('No second factor: the password alone signs in.').waitFor();
    await screenshot(page, 'user-factors-reset');
    expect((await http(t.url, 'GET', '/auth/me', { token: userSession.accessToken })).body.code).toBe('session_revoked');
    expect(errors).toEqual([]);
  });

  it('signs the admin in with a passkey alone', async () => {
    const admin = await newAdmin(t);
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(consoleUrl);
    await virtualAuthenticator(page);
    const session = await loginAs(t.url, admin);
    const options = await http(t.url, 'POST', '/auth/passkeys/options', { token: session.accessToken });
    const registered = await http(t.url, 'POST', '/auth/passkeys', {
      token: session.accessToken,
      body: { response: await createCredential(page, options.body), name: 'Console key' },
    });
    expect(registered.status).toBe(201);

    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    await screenshot(page, 'signed-in-with-passkey');
    expect(errors).toEqual([]);
  });
});
