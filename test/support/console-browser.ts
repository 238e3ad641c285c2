import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's chromium; Playwright's own browser download does not work on this machine. */
export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

export const ARTIFACTS = path.resolve('test-artifacts', 'console');

/**
 * How every browser test starts Chromium: headless, and without its calls to Google's hosts,
 * which this machine's closed network refuses noisily.
 */
export const CHROMIUM_OPTIONS = {
  executablePath: CHROMIUM,
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

/** A browser with a fresh temporary profile (launch() makes a new user-data-dir every time). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch(CHROMIUM_OPTIONS);
}

/** Saves a full-page screenshot under test-artifacts/console/ (ignored by git) to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/**
 * Collects what the browser reports as errors (CSP violations, failed scripts, uncaught
 * exceptions): a console that works only because nobody looked at its errors is not tested.
 */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    // a refused API call is logged by the browser as a failed resource; the page shows those itself
    if (
      message.type() === 'error' &&
      !/Failed to load resource: the server responded with a status of (400|401|403|404)/.test(message.text())
    )
      errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/**
 * Everything a person would see in the browser's console, strictly: errors and warnings of any
 * kind (a refused API call's "Failed to load resource" included), Chromium's [DOM] hints (a
 * password form without a username field), uncaught exceptions, and any request answered 4xx
 * or 5xx or not answered at all (a favicon 404 is not logged, but it is noise all the same).
 */
export function collectBrowserNoise(page: Page): string[] {
  const noise: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning' || message.text().startsWith('[DOM]'))
      noise.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => noise.push(`page error: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400) noise.push(`${response.status()} ${response.request().method()} ${response.url()}`);
  });
  page.on('requestfailed', (request) => noise.push(`failed ${request.method()} ${request.url()}: ${request.failure()?.errorText}`));
  return noise;
}

/** How far the page is wider than its window (0: nothing to scroll sideways to). */
export function sidewaysOverflow(page: Page): Promise<number> {
  // a string: this file is typed for Node, the expression runs in the page
  return page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
}

/** Where the screenshots of a page tour go (git-ignored): .data/screens/$SCREENS or .data/screens/latest. */
export const SCREENS = path.resolve('.data', 'screens', process.env.SCREENS ?? 'latest');

/** A full-page screenshot under SCREENS, named for the page and the window width. */
export async function screen(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENS, `${name}-${page.viewportSize()?.width ?? 0}.png`), fullPage: true });
}
