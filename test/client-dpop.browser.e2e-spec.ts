import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM, hasChromium, launchChromium } from './support/console-browser.js';
import { buildClientPackage } from './support/client-build.js';
import { auditCount, familyRow } from './support/db-state.js';
import { newUser } from './support/factories.js';
import { http, startTestApp, type TestApp } from './support/test-app.js';

if (!hasChromium) console.log(`client DPoP browser test skipped: ${CHROMIUM} is missing`);

/**
 * The page's origin, and the service's issuer. localhost is a secure context (WebCrypto needs
 * one); Playwright serves the page itself and forwards every other path to the test service,
 * so page and API share one origin, as a web app behind the same host would.
 */
const ORIGIN = 'http://localhost:5999';
const JOSE = path.resolve('node_modules/jose/dist/webapi');

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>DPoP client</title>
<script type="importmap">{ "imports": { "jose": "/vendor/jose/index.js" } }</script>
<script type="module" src="/app/main.js"></script></head>
<body><main><h1>DPoP client</h1><p id="status" role="status">loading</p></main></body></html>`;

/** The web app: logs in with dpop: true, calls the API, refreshes, and reports what it saw. */
const MAIN = `import { createAuthClient } from '/client/index.js';
const status = document.getElementById('status');
const keyInIndexedDb = () => new Promise((resolve, reject) => {
  const open = indexedDB.open('auth-client-dpop', 1);
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const all = open.result.transaction('keys').objectStore('keys').getAll();
    all.onsuccess = () => resolve(all.result);
  };
});
window.signIn = async (email, password) => {
  const client = createAuthClient({ baseUrl: location.origin, mode: 'bearer', dpop: true, crossTab: false });
  const first = await client.login({ email, password });
  const me = await client.me();
  await new Promise((r) => setTimeout(r, 1200)); // past the 1 s access token: the next call refreshes
  const again = await client.me();
  const now = await client.getSession();
  const keys = await keyInIndexedDb();
  const exported = await crypto.subtle.exportKey('jwk', keys[0].privateKey).then(() => 'exported', () => 'refused');
  client.dispose();
  status.textContent = 'signed in as ' + again.email + ' with a ' + now.tokenType + '-bound session';
  return { tokenType: first.tokenType, email: me.email, refreshed: now.refreshToken !== first.refreshToken, refreshToken: now.refreshToken,
    sessionId: first.sessionId, keys: keys.length, extractable: keys[0].privateKey.extractable, exported };
};
status.textContent = 'ready';
`;

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.html': 'text/html' };

(hasChromium ? describe : describe.skip)('the client with dpop: true in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    const client = buildClientPackage('dpop-browser');
    t = await startTestApp({ AUTH_ISSUER: ORIGIN, ACCESS_TOKEN_TTL: '1' });
    browser = await launchChromium();
    page = await browser.newPage();
    await page.route(`${ORIGIN}/**`, async (route) => {
      const url = new URL(route.request().url());
      const file = (root: string, rest: string) => {
        const full = path.join(root, rest);
        if (!full.startsWith(root) || !existsSync(full)) return route.fulfill({ status: 404 });
        return route.fulfill({
          status: 200,
          contentType: TYPES[path.extname(full)] ?? 'application/octet-stream',
          body: readFileSync(full),
        });
      };
      if (url.pathname === '/app/') return route.fulfill({ status: 200, contentType: 'text/html', body: PAGE });
      if (url.pathname === '/app/main.js') return route.fulfill({ status: 200, contentType: 'text/javascript', body: MAIN });
      if (url.pathname.startsWith('/vendor/jose/')) return file(JOSE, url.pathname.slice('/vendor/jose/'.length));
      if (url.pathname.startsWith('/client/')) return file(client, url.pathname.slice('/client/'.length));
      // the request as the page sent it (DPoP header included), answered by the test service
      return route.fulfill({ response: await route.fetch({ url: `${t.url}${url.pathname}${url.search}` }) });
    });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('binds the session to a non-extractable key kept in IndexedDB, refreshes with it, and the copied refresh token is refused', async () => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${ORIGIN}/app/`);
    await page.getByRole('status').filter({ hasText: 'ready' }).waitFor();
    const user = await newUser(t.url);
    const result = await page.evaluate(
      ([email, password]) =>
        (globalThis as unknown as { signIn(e: string, p: string): Promise<Record<string, unknown>> }).signIn(email, password),
      [user.email, user.password],
    );
    mkdirSync('test-artifacts/oauth', { recursive: true });
    await page.screenshot({ path: 'test-artifacts/oauth/client-dpop.png' });

    expect(result).toMatchObject({
      tokenType: 'DPoP',
      email: user.email,
      refreshed: true,
      keys: 1,
      extractable: false,
      exported: 'refused',
    });
    const family = await familyRow(t.db, result.sessionId as string);
    expect(family?.jkt).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await auditCount(t.db, { sessionId: result.sessionId as string, type: 'token_refreshed' })).toBeGreaterThanOrEqual(1);

    // the refresh token copied out of the page, to a program without the key
    const copied = await http(t.url, 'POST', '/auth/refresh', { body: { refreshToken: result.refreshToken } });
    expect([copied.status, copied.body.code]).toEqual([401, 'invalid_dpop_proof']);

    // a reload keeps the same key: the next login is bound to the same thumbprint
    await page.reload();
    await page.getByRole('status').filter({ hasText: 'ready' }).waitFor();
    const second = await page.evaluate(
      ([email, password]) =>
        (globalThis as unknown as { signIn(e: string, p: string): Promise<Record<string, unknown>> }).signIn(email, password),
      [user.email, user.password],
    );
    expect(second.keys).toBe(1);
    expect((await familyRow(t.db, second.sessionId as string))?.jkt).toBe(family?.jkt);
    expect(errors).toEqual([]);
  });
});
