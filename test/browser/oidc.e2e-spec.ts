import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { refreshCookie } from '../../src/sessions/auth-cookies.js';
import { freePort, runScript } from '../guard-processes.js';
import { familiesOf, userByEmail } from '../support/db-state.js';
import { CHROMIUM, hasChromium, launchChromium } from '../support/console-browser.js';
import { startOidcFixture, type OidcFixture } from '../support/oidc.js';
import { serveStatic } from '../support/static-server.js';

/**
 * "Sign in with Test IdP" in headless Chromium, the whole redirect dance: the example web app
 * (its buttons from GET /auth/providers) -> the service's start -> a real oidc-provider's
 * sign-in page -> the service's callback -> back to the app, signed in. Once per mode.
 */
const ARTIFACTS = path.resolve('test-artifacts');
if (!hasChromium) console.warn(`SKIPPED: browser tests need Chromium at ${CHROMIUM}`);
const describeInBrowser = hasChromium ? describe : describe.skip;

/** Points a built app at the service, as a deployment does: the meta tags of its index.html. */
function pointAt(dir: string, tags: Record<string, string>): void {
  const index = path.join(dir, 'index.html');
  let html = readFileSync(index, 'utf8');
  for (const [name, value] of Object.entries(tags)) {
    const next = html.replace(new RegExp(`(<meta name="${name}" content=")[^"]*"`), `$1${value}"`);
    if (next === html) throw new Error(`index.html has no ${name} meta tag`);
    html = next;
  }
  writeFileSync(index, html);
}

describeInBrowser('sign in with an OpenID Connect provider in Chromium', () => {
  let fx: OidcFixture;
  let browser: Browser;
  let context: BrowserContext;
  let cookieAppUrl: string;
  let codeAppUrl: string;
  const closers: (() => Promise<void>)[] = [];
  const scratch: string[] = [];

  beforeAll(async () => {
    const [cookiePort, codePort] = [await freePort(), await freePort()];
    cookieAppUrl = `http://localhost:${cookiePort}`;
    codeAppUrl = `http://localhost:${codePort}`;
    fx = await startOidcFixture({ CORS_ORIGINS: `${cookieAppUrl},${codeAppUrl}` }, { authHost: 'localhost' });
    fx.accounts.alice = { email: 'alice@example.com', email_verified: true, name: 'Alice' };
    fx.accounts.carol = { email: 'carol@example.com', email_verified: true, name: 'Carol' };

    const out = mkdtempSync(path.join(tmpdir(), 'oidc-web-app-'));
    scratch.push(out);
    await runScript(
      'node_modules/vite/bin/vite.js',
      ['build', 'examples/web-app', '--outDir', out, '--emptyOutDir', '--logLevel', 'warn'],
      {},
    );
    const codeOut = mkdtempSync(path.join(tmpdir(), 'oidc-web-app-'));
    scratch.push(codeOut);
    cpSync(out, codeOut, { recursive: true });
    pointAt(out, { 'auth-url': fx.t.config.issuer, 'resource-url': 'http://localhost:9' });
    pointAt(codeOut, { 'auth-url': fx.t.config.issuer, 'resource-url': 'http://localhost:9', 'oidc-mode': 'code' });
    closers.push((await serveStatic(out, cookiePort)).close, (await serveStatic(codeOut, codePort)).close);

    browser = await launchChromium();
    context = await browser.newContext();
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    for (const close of closers) await close();
    await fx?.close();
    for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
  });

  async function open(url: string): Promise<Page> {
    // signed out at the provider too, so that it asks who signs in
    await context.clearCookies({ domain: new URL(fx.idp.issuer).hostname });
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForSelector('body[data-ready="true"]');
    return page;
  }

  /** Clicks "Sign in with Test IdP", then the account on the provider's page; waits to be back in the app. */
  async function signInThroughProvider(page: Page, accountEmail: string, appUrl: string): Promise<void> {
    await page.getByRole('button', { name: 'Sign in with Test IdP' }).click();
    await page.waitForURL((url) => url.href.startsWith(fx.idp.issuer));
    await page.getByRole('heading', { name: 'Test IdP' }).waitFor();
    await page.getByRole('button', { name: `Sign in as ${accountEmail}` }).click();
    await page.waitForURL((url) => url.href.startsWith(appUrl));
    await page.waitForSelector('body[data-ready="true"]');
  }

  it('mode=cookie: the app lists the provider, the dance ends signed in, and a reload keeps the session', async () => {
    const page = await open(cookieAppUrl);
    await page.getByRole('group', { name: 'Sign in with a provider' }).getByRole('button', { name: 'Sign in with Test IdP' }).waitFor();
    await signInThroughProvider(page, 'alice@example.com', cookieAppUrl);
    await page.getByRole('heading', { name: 'Signed in as alice@example.com' }).waitFor();
    expect(page.url()).toBe(`${cookieAppUrl}/`); // nothing in the URL
    const refresh = (await context.cookies()).find((c) => c.name === refreshCookie(fx.t.config).name && c.domain === 'localhost')!;
    expect(refresh).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/' });
    await page.screenshot({ path: path.join(ARTIFACTS, 'oidc-cookie-signed-in.png'), fullPage: true });

    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    await page.getByRole('heading', { name: 'Signed in as alice@example.com' }).waitFor();
    const alice = await userByEmail(fx.t.db, 'alice@example.com');
    // one family, bound to the app the provider sent the browser back to
    expect(await familiesOf(fx.t.db, alice.id)).toEqual([
      expect.objectContaining({ device_name: expect.stringMatching(/^Example app in Chrome/), origin: cookieAppUrl }),
    ]);
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByRole('heading', { name: 'Sign in', exact: true }).waitFor();
    await page.close();
  });

  it('mode=code: the app trades the code with its own PKCE verifier and is signed in; a reload keeps the session', async () => {
    const page = await open(codeAppUrl);
    let exchanged = 0;
    page.on('request', (request) => void (request.url().endsWith('/auth/oidc/exchange') && exchanged++));
    await signInThroughProvider(page, 'carol@example.com', codeAppUrl);
    await page.getByRole('heading', { name: 'Signed in as carol@example.com' }).waitFor();
    expect(exchanged).toBe(1);
    expect(page.url()).toBe(`${codeAppUrl}/`); // the code was taken out of the address bar
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    await page.getByRole('heading', { name: 'Signed in as carol@example.com' }).waitFor();
    await page.close();
  });

  it('a refusal at the provider comes back as an error the app shows, with no session', async () => {
    const page = await open(cookieAppUrl);
    await page.getByRole('button', { name: 'Sign in with Test IdP' }).click();
    await page.getByRole('button', { name: 'Deny' }).click();
    await page.waitForURL((url) => url.href.startsWith(cookieAppUrl));
    await page.waitForSelector('body[data-ready="true"]');
    await expect(page.locator('#status').innerText()).resolves.toBe('The sign-in was cancelled at the provider.');
    expect(await page.locator('#signed-in').isHidden()).toBe(true);
    await page.close();
  });
});
