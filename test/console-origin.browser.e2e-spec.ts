import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { newAdmin } from './support/admin.js';
import { CHROMIUM, hasChromium, launchChromium } from './support/console-browser.js';
import { familiesOf, generationCount, generationsOf } from './support/db-state.js';
import { startTestApp, type TestApp } from './support/test-app.js';

if (!hasChromium) console.warn(`SKIPPED the console origin browser test: ${CHROMIUM} is not installed`);
const describeInBrowser = hasChromium ? describe : describe.skip;

/** What the page.evaluate callback returns from the other origin's fetch. */
interface Attempt {
  status: number;
  body: { code?: string; accessToken?: string };
}

/**
 * API.md "Browser cookies: one family per origin", in Chromium: an app on an allowed CORS origin
 * of the same site as the console (localhost, another port) gets the console's refresh cookie
 * sent with its credentialed requests (SameSite looks at the site, not the port). The family
 * remembers that it started at the service's own origin, so that page cannot refresh or end it,
 * and never sees the admin's access token.
 */
describeInBrowser("the admin console's session and an allowed app origin, in a browser", () => {
  let t: TestApp;
  let browser: Browser;
  let appServer: Server;
  let appOrigin: string;

  beforeAll(async () => {
    appServer = createServer((_request, response) =>
      response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>an allowed app</title><p>app'),
    );
    await new Promise<void>((resolve) => appServer.listen(0, '127.0.0.1', resolve));
    const address = appServer.address();
    appOrigin = `http://localhost:${typeof address === 'object' && address ? address.port : 0}`;
    t = await startTestApp({ CORS_ORIGINS: appOrigin });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await new Promise((resolve) => appServer?.close(resolve));
  });

  it("a page on an allowed origin cannot refresh (or end) the console's session, and the console keeps working", async () => {
    const admin = await newAdmin(t);
    const serviceOrigin = t.url.replace('127.0.0.1', 'localhost');
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(`${serviceOrigin}/console`);
      const form = page.getByRole('form', { name: 'Sign in' });
      await form.getByLabel('Email').fill(admin.email);
      await form.getByLabel('Password').fill(admin.password);
      await form.getByRole('button', { name: 'Sign in', exact: true }).click(); // beside 'Sign in with a passkey'
      await page.getByRole('heading', { name: 'Overview' }).waitFor();
      const before = (await context.cookies(serviceOrigin)).find((c) => c.name === 'refresh');
      expect(before).toMatchObject({ httpOnly: true, path: '/' });
      const [family] = await familiesOf(t.db, admin.id);
      expect(family.origin).toBe(serviceOrigin);

      // the other app, same site, allowed by CORS, tries the console's cookie
      await page.goto(`${appOrigin}/`);
      const attempts = await page.evaluate(async (service: string): Promise<Attempt[]> => {
        const call = async (path: string) => {
          const response = await fetch(`${service}${path}`, {
            method: 'POST',
            credentials: 'include',
            headers: { 'x-auth-mode': 'cookie', 'content-type': 'application/json' },
            body: '{}',
          });
          return { status: response.status, body: (await response.json()) as Attempt['body'] };
        };
        return [await call('/auth/refresh'), await call('/auth/logout')];
      }, serviceOrigin);
      for (const attempt of attempts) {
        expect([attempt.status, attempt.body.code, attempt.body.accessToken]).toEqual([403, 'csrf_failed', undefined]);
      }
      // nothing rotated or ended, and the cookie is the one the console holds
      expect((await generationsOf(t.db, family.id)).map((generation) => generation.rotated_at)).toEqual([null]);
      expect((await context.cookies(serviceOrigin)).find((c) => c.name === 'refresh')?.value).toBe(before!.value);

      // back on the console, its session refreshes from its own origin as before
      await page.goto(`${serviceOrigin}/console`);
      await page.getByRole('heading', { name: 'Overview' }).waitFor();
      expect(await generationCount(t.db, family.id)).toBe(2);
    } finally {
      await context.close();
    }
  });
});
