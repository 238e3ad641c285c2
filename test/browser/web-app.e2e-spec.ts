import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page, Request } from 'playwright-core';
import { freePort, runScript, startProcess, type RunningProcess } from '../guard-processes.js';
import { newAdmin } from '../support/admin.js';
import { CHROMIUM, CHROMIUM_OPTIONS, hasChromium } from '../support/console-browser.js';
import { familiesOf, familyCount } from '../support/db-state.js';
import { loginAs, newUser, type TestUser } from '../support/factories.js';
import { pointAt, serveStatic } from '../support/static-server.js';
import { http, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The example web app in headless Chromium: the app on one origin, the auth service and the
 * resource service on others, cookie mode. Skipped (with a message) without Debian's chromium.
 */
const ARTIFACTS = path.resolve('test-artifacts');
if (!hasChromium) console.warn(`SKIPPED: browser tests need Chromium at ${CHROMIUM} (apt-get install -y chromium); .ci/run installs it`);
const describeInBrowser = hasChromium ? describe : describe.skip;

describeInBrowser('the example web app in Chromium', () => {
  let t: TestApp;
  /** A second auth service with the default access token lifetime, and the app built for it. */
  let t600: TestApp;
  let app600Url: string;
  let closeApp600: () => Promise<void>;
  let resource: RunningProcess;
  let context: BrowserContext;
  let closeApp: () => Promise<void>;
  let closeForeign: () => Promise<void>;
  let appUrl: string;
  let foreignUrl: string;
  let user: TestUser;
  /** Directories made under the system's temp dir, removed at the end. */
  const temporaries: string[] = [];
  const temporary = (prefix: string) => {
    const dir = mkdtempSync(path.join(tmpdir(), prefix));
    temporaries.push(dir);
    return dir;
  };

  beforeAll(async () => {
    const [appPort, foreignPort, resourcePort] = [await freePort(), await freePort(), await freePort()];
    appUrl = `http://localhost:${appPort}`;
    foreignUrl = `http://localhost:${foreignPort}`; // same site, but not in CORS_ORIGINS
    t = await startTestApp({ CORS_ORIGINS: appUrl, ACCESS_TOKEN_TTL: '2' });
    const authPort = new URL(t.url).port;
    resource = await startProcess(
      'dist/examples/resource-service/main.js',
      {
        AUTH_URL: t.url,
        AUTH_ISSUER: t.config.issuer,
        PORT: String(resourcePort),
        HOST: '127.0.0.1',
        CORS_ORIGINS: appUrl,
      },
      `http://127.0.0.1:${resourcePort}/public`,
    );

    const out = temporary('web-app-');
    await runScript(
      'node_modules/vite/bin/vite.js',
      ['build', 'examples/web-app', '--outDir', out, '--emptyOutDir', '--logLevel', 'warn'],
      {},
    );
    pointAt(out, `http://localhost:${authPort}`, `http://localhost:${resourcePort}`);
    closeApp = (await serveStatic(out, appPort)).close;
    closeForeign = (await serveStatic(out, foreignPort)).close;
    const app600Port = await freePort();
    app600Url = `http://localhost:${app600Port}`;
    t600 = await startTestApp({ CORS_ORIGINS: app600Url });
    const out600 = temporary('web-app-');
    cpSync(out, out600, { recursive: true });
    pointAt(out600, `http://localhost:${new URL(t600.url).port}`, `http://localhost:${resourcePort}`);
    closeApp600 = (await serveStatic(out600, app600Port)).close;

    const { chromium } = await import('playwright-core');
    context = await chromium.launchPersistentContext(temporary('chromium-'), CHROMIUM_OPTIONS);
    mkdirSync(ARTIFACTS, { recursive: true });
    user = await newUser(t.url);
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await closeApp?.();
    await closeForeign?.();
    await closeApp600?.();
    await t600?.close();
    await resource?.stop();
    await t?.close();
    for (const dir of temporaries) rmSync(dir, { recursive: true, force: true });
  });

  const generations = async () =>
    Number(
      (
        await t.db.query('SELECT count(*) FROM refresh_tokens t JOIN session_families f ON f.id = t.family_id WHERE f.user_id = $1', [
          user.id,
        ])
      ).rows[0].count,
    );

  async function open(url = appUrl): Promise<Page> {
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForSelector('body[data-ready="true"]');
    return page;
  }

  async function signIn(page: Page): Promise<void> {
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: `Signed in as ${user.email}` }).waitFor();
  }

  /** Fires `count` calls to the resource service at once from each page; resolves with the apps' summaries. */
  async function burst(pages: Page[], count: number): Promise<string[]> {
    for (const page of pages) {
      await page.getByLabel('Calls at once').fill(String(count));
      await page.locator('#api-result').evaluate((output: { value: string }) => (output.value = ''));
    }
    // dispatched together (no actionability waits), so the tabs really race
    await Promise.all(pages.map((page) => page.getByRole('button', { name: 'Call the resource service' }).dispatchEvent('click')));
    return Promise.all(
      pages.map(async (page) => {
        await page.locator('#api-result', { hasText: /calls succeeded/ }).waitFor();
        return page.locator('#api-result').innerText();
      }),
    );
  }

  let tab1: Page;
  let tab2: Page;

  it('signs in with cookie mode, calls the resource service, and keeps the login across a reload', async () => {
    tab1 = await open();
    await signIn(tab1);
    expect(await burst([tab1], 1)).toEqual([`1 of 1 calls succeeded; the resource service sees user ${user.id}`]);
    await tab1.getByRole('table').getByRole('row').nth(1).waitFor();
    await tab1.screenshot({ path: path.join(ARTIFACTS, 'web-app-signed-in.png'), fullPage: true });

    await tab1.reload();
    await tab1.waitForSelector('body[data-ready="true"]');
    await tab1.getByRole('heading', { name: `Signed in as ${user.email}` }).waitFor();
    const cells = await tab1.getByRole('row').filter({ hasText: 'This device' }).count();
    expect(cells).toBe(1);
  });

  it('keeps the refresh token out of JavaScript: not in document.cookie, localStorage or sessionStorage', async () => {
    const cookies = await context.cookies();
    const refresh = cookies.find((c) => c.name === 'refresh')!;
    expect(refresh).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/' });
    // (a string: this file is typed for Node, the expression runs in the page)
    const visible = await tab1.evaluate<Record<string, string>>(
      '({ cookie: document.cookie, local: JSON.stringify({ ...localStorage }), session: JSON.stringify({ ...sessionStorage }) })',
    );
    for (const text of Object.values(visible)) expect(text).not.toContain(refresh.value);
    expect(visible.cookie).toBe('');
  });

  /** When each generation of the user's families was created (ms), oldest first. */
  const creationTimes = async () =>
    (
      await t.db.query(
        'SELECT extract(epoch FROM t.created_at) * 1000 AS at FROM refresh_tokens t JOIN session_families f ON f.id = t.family_id WHERE f.user_id = $1 ORDER BY t.created_at',
        [user.id],
      )
    ).rows.map((r) => Number(r.at));

  it('two tabs firing 20 calls each after the access token expired: all succeed, one generation per token lifetime', async () => {
    tab2 = await open();
    await tab2.getByRole('heading', { name: `Signed in as ${user.email}` }).waitFor();
    for (let round = 1; round <= 2; round++) {
      await new Promise((r) => setTimeout(r, 2500)); // ACCESS_TOKEN_TTL=2: both tabs' token is expired
      const before = await creationTimes();
      let refreshRequests = 0;
      const count = (request: Request) =>
        void (request.method() === 'POST' && request.url().endsWith('/auth/refresh') && refreshRequests++);
      context.on('request', count);
      const [a, b] = await burst([tab1, tab2], 20);
      context.off('request', count);
      expect([a, b].map((s) => s.split(';')[0])).toEqual(['20 of 20 calls succeeded', '20 of 20 calls succeeded']);
      const after = await creationTimes();
      const added = after.length - before.length;
      console.log(`round ${round}: 2 tabs x 20 calls sent ${refreshRequests} refresh request(s), which made ${added} generation(s)`);
      expect(added).toBeGreaterThanOrEqual(1);
      // one tab refreshed and the other adopted its answer: the server's grace window, which
      // would answer a second tab's duplicate with the same child, was not needed
      expect(refreshRequests).toBe(added);
      // A second tab refreshing what the first just refreshed would add a generation within
      // milliseconds. A new one may only follow when the previous token was due (1.6 s of its
      // 2 s): on a loaded machine a burst can outlast a 2-second token, and that is a new round.
      for (let i = before.length; i < after.length; i++) expect(after[i] - after[i - 1]).toBeGreaterThan(1500);
    }
    for (const tab of [tab1, tab2]) expect(await tab.locator('#status').getAttribute('data-end-reason')).toBeNull();
    await tab2.screenshot({ path: path.join(ARTIFACTS, 'web-app-two-tabs.png'), fullPage: true });
  });

  it('a page on an origin outside CORS_ORIGINS cannot refresh, though the browser holds the cookie', async () => {
    const before = await generations();
    const foreign = await open(foreignUrl);
    await foreign.getByRole('heading', { name: 'Sign in' }).waitFor();
    const attempt = await foreign.evaluate(
      async (auth) => {
        try {
          const response = await fetch(`${auth}/auth/refresh`, {
            method: 'POST',
            credentials: 'include',
            headers: { 'x-auth-mode': 'cookie', 'content-type': 'application/json' },
            body: '{}',
          });
          return `answered ${response.status}`;
        } catch (error) {
          return `blocked: ${(error as Error).name}`;
        }
      },
      `http://localhost:${new URL(t.url).port}`,
    );
    expect(attempt).toBe('blocked: TypeError');
    expect(await generations()).toBe(before);
    await foreign.screenshot({ path: path.join(ARTIFACTS, 'web-app-foreign-origin.png'), fullPage: true });
    await foreign.close();
    // the app's own tabs are still signed in with the untouched cookie
    expect((await burst([tab1], 1))[0]).toMatch(/^1 of 1 calls succeeded/);
  });

  it('signing out in one tab ends the session in the other', async () => {
    await tab1.getByRole('button', { name: 'Sign out', exact: true }).click();
    await tab2.waitForSelector('#status[data-end-reason="logout"]');
    const [clicked, ended] = [
      await tab1.locator('#status').getAttribute('data-ended-at'),
      await tab2.locator('#status').getAttribute('data-ended-at'),
    ];
    console.log(`the other tab ended the session ${Number(ended) - Number(clicked)} ms after this one`);
    expect(await tab2.getByRole('heading', { name: 'Sign in' }).isVisible()).toBe(true);
    expect((await context.cookies()).some((c) => c.name === 'refresh')).toBe(false);
    await tab2.screenshot({ path: path.join(ARTIFACTS, 'web-app-signed-out.png'), fullPage: true });
    await tab2.reload();
    await tab2.waitForSelector('body[data-ready="true"]');
    expect(await tab2.getByRole('heading', { name: 'Sign in' }).isVisible()).toBe(true);
  });

  it("ends the session with session_revoked at the app's next call after an admin ends it", async () => {
    // against the service with 10-minute access tokens: the next call uses the token, no refresh first
    const victim = await newUser(t600.url);
    const page = await open(app600Url);
    await page.getByLabel('Email').fill(victim.email);
    await page.getByLabel('Password').fill(victim.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: `Signed in as ${victim.email}` }).waitFor();
    const families = await familiesOf(t600.db, victim.id);
    expect(families).toHaveLength(1);
    const admin = await loginAs(t600.url, await newAdmin(t600));
    expect((await http(t600.url, 'DELETE', `/admin/sessions/${families[0].id}`, { token: admin.accessToken })).status).toBe(204);
    await page.getByRole('button', { name: 'Reload sessions' }).click();
    await page.waitForSelector('#status[data-end-reason="session_revoked"]');
    expect(await page.getByRole('heading', { name: 'Sign in' }).isVisible()).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, 'web-app-revoked.png'), fullPage: true });
    await page.close();
  });

  it('ends one other session and then all others from the sessions table', async () => {
    await signIn(tab1);
    await loginAs(t.url, user, { deviceName: 'Phone' });
    await loginAs(t.url, user, { deviceName: 'Tablet' });
    await tab1.getByRole('button', { name: 'Reload sessions' }).click();
    await tab1.getByRole('cell', { name: 'Tablet', exact: true }).waitFor();
    await tab1.getByRole('button', { name: /^End the session of Tablet/ }).click();
    await tab1.getByRole('cell', { name: 'Tablet', exact: true }).waitFor({ state: 'detached' });
    expect(await tab1.getByRole('cell', { name: 'Phone', exact: true }).count()).toBe(1);
    await tab1.getByRole('button', { name: 'End all other sessions' }).click();
    await tab1.getByRole('cell', { name: 'Phone', exact: true }).waitFor({ state: 'detached' });
    expect(await familyCount(t.db, user.id)).toBe(1);
    await tab1.getByRole('button', { name: 'Sign out everywhere' }).click();
    await tab1.waitForSelector('#status[data-end-reason="logout"]');
    expect(await familyCount(t.db, user.id)).toBe(0);
  });
});
