import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync } from 'node:fs';
import { CHROMIUM, hasChromium, launchChromium } from './support/console-browser.js';
import { http, startTestApp, type TestApp } from './support/test-app.js';

if (!hasChromium) console.warn(`docs page browser test skipped: no ${CHROMIUM}`);

/** GET /docs in a real browser: the page renders every operation from our own files, under its CSP. */
(hasChromium ? describe : describe.skip)('docs page in a browser', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('renders every operation of the document, loading nothing from another origin and breaking no CSP rule', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const foreign: string[] = [];
      const problems: string[] = [];
      page.on('request', (request) => {
        if (!request.url().startsWith(t.url) && !request.url().startsWith('data:')) foreign.push(request.url());
      });
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));

      await page.goto(`${t.url}/docs`);
      const { body: doc } = await http(t.url, 'GET', '/openapi.json');
      const operations = Object.values(doc.paths as Record<string, object>).reduce((n, ops) => n + Object.keys(ops).length, 0);
      await page.waitForFunction(`document.querySelectorAll('.opblock').length === ${operations}`, undefined, { timeout: 20_000 });

      // open the login operation: its error answers are listed with their codes
      await page.locator('.opblock-summary-path', { hasText: '/auth/login' }).first().click();
      await page.getByText('invalid_credentials').first().waitFor({ timeout: 10_000 });

      mkdirSync('test-artifacts', { recursive: true });
      await page.screenshot({ path: 'test-artifacts/docs-page.png', fullPage: false });
      expect(foreign).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
