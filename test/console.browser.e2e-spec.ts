import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { newAdmin } from './support/admin.js';
import { collectPageErrors, hasChromium, launchChromium, screenshot, CHROMIUM } from './support/console-browser.js';
import { auditCount, familyCount } from './support/db-state.js';
import { generationOf, loginAs, newUser, refresh, type Session, type TestUser } from './support/factories.js';
import { http, startTestApp, type TestApp } from './support/test-app.js';

if (!hasChromium) {
  console.warn(`SKIPPED the admin console browser tests: ${CHROMIUM} is not installed (apt-get install -y chromium)`);
}
const describeInBrowser = hasChromium ? describe : describe.skip;

/** What the page.evaluate callbacks read in the browser (the test program has no DOM types). */
interface FocusedElement {
  tagName: string;
  textContent: string | null;
  getAttribute(name: string): string | null;
  labels?: { textContent: string | null }[] | null;
}
interface BrowserGlobals {
  localStorage: Record<string, string>;
  sessionStorage: Record<string, string>;
  document: { cookie: string; activeElement: FocusedElement | null };
}

/** The admin console in headless Chromium against the real service and PostgreSQL. */
describeInBrowser('admin console in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let consoleUrl: string;
  let admin: TestUser;
  const tag = `c${Date.now().toString(36)}`;
  let ada: TestUser;
  let adaLaptop: Session;
  let adaPhone: Session;
  let bob: TestUser;
  let bobStolen: Session;
  let rory: TestUser;
  let kay: TestUser;
  let kaySession: Session;

  const me = (session: Session) => http(t.url, 'GET', '/auth/me', { token: session.accessToken });

  beforeAll(async () => {
    // grace 0: a second presentation of a rotated token is reuse at once, judged `grace_disabled`
    t = await startTestApp({ REFRESH_REUSE_GRACE: '0' });
    // localhost, not 127.0.0.1: the origin browsers treat as secure, as an admin would open it
    consoleUrl = `${t.url.replace('127.0.0.1', 'localhost')}/console`;
    admin = await newAdmin(t);
    ada = await newUser(t.url, { email: `ada.lovelace.${tag}@example.com`, name: 'Ada Lovelace' });
    adaLaptop = await loginAs(t.url, ada, { deviceId: 'ada-laptop-0001', deviceName: 'Laptop' });
    adaPhone = await loginAs(t.url, ada, { deviceId: 'ada-phone-0002', deviceName: 'Phone' });
    bob = await newUser(t.url, { email: `bob.${tag}@example.com`, name: 'Bob' });
    bobStolen = await loginAs(t.url, bob, { deviceId: 'bob-desktop-01', deviceName: 'Desktop' });
    const rotated = await refresh(t.url, bobStolen.refreshToken, 'bob-desktop-01');
    expect(rotated.status).toBe(200);
    expect((await refresh(t.url, bobStolen.refreshToken, 'bob-desktop-01')).body.code).toBe('refresh_token_reused');
    rory = await newUser(t.url, { email: `rory.${tag}@example.com`, name: 'Rory' });
    kay = await newUser(t.url, { email: `kay.${tag}@example.com`, name: 'Kay' });
    kaySession = await loginAs(t.url, kay, { deviceId: 'kay-tablet-001', deviceName: 'Tablet' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** A fresh browser profile's tab with the console open. */
  async function openConsole(): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1360, height: 860 } });
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(consoleUrl);
    return { context, page, errors };
  }

  async function signIn(page: Page, user: TestUser): Promise<void> {
    const form = page.getByRole('form', { name: 'Sign in' });
    await form.getByLabel('Email').fill(user.email);
    await form.getByLabel('Password').fill(user.password);
    await form.getByRole('button', { name: 'Sign in', exact: true }).click();
  }

  describe('as an admin', () => {
    let page: Page;
    let context: BrowserContext;
    let errors: string[];

    beforeAll(async () => {
      ({ page, context, errors } = await openConsole());
    });
    afterAll(() => context.close());

    it('signs in and lands on the overview', async () => {
      await expect(page.getByRole('heading', { name: 'Sign in' })).toBeTruthy();
      await page.getByRole('form', { name: 'Sign in' }).getByLabel('Email').fill(admin.email);
      await screenshot(page, '01-sign-in');
      await page.getByRole('form', { name: 'Sign in' }).getByLabel('Password').fill(admin.password);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByRole('heading', { name: 'Overview' }).waitFor();
      await page.getByText('Live sessions now').waitFor();
      await screenshot(page, '02-overview');
      const stored = await page.evaluate(() => {
        const { localStorage, sessionStorage, document } = globalThis as unknown as BrowserGlobals;
        return JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, cookie: document.cookie });
      });
      expect(stored).not.toMatch(/eyJ|refresh/i); // no JWT, no refresh token where scripts can read them
      const cookies = await context.cookies();
      expect(cookies.find((c) => c.name === 'refresh')).toMatchObject({ httpOnly: true, secure: true, path: '/' });
    });

    it('stays signed in across a reload, through the refresh cookie alone', async () => {
      await page.reload();
      await page.getByRole('heading', { name: 'Overview' }).waitFor();
      expect(await page.getByRole('form', { name: 'Sign in' }).count()).toBe(0);
    });

    it('finds a user by a part of the email', async () => {
      await page.getByRole('link', { name: 'Users' }).click();
      await page.getByLabel('Search users').fill(`LOVELACE.${tag}`);
      const row = page.getByRole('row', { name: new RegExp(`ada\\.lovelace\\.${tag}`) });
      await page.getByRole('table', { name: `Users whose email contains “LOVELACE.${tag}”, oldest first` }).waitFor();
      expect(await page.getByRole('table').getByRole('row').count()).toBe(2); // header + Ada
      await expect(row.getByText('Active').isVisible()).resolves.toBe(true);
      await screenshot(page, '03-users-search');
    });

    it('opens the user and ends one of two sessions: that access token is refused at once, the other works', async () => {
      await page.getByRole('link', { name: ada.email }).click();
      await page.getByRole('heading', { name: ada.email }).waitFor();
      const sessions = page.getByRole('table', { name: 'Live sessions' });
      await sessions.getByRole('row', { name: /Laptop/ }).waitFor();
      expect(await sessions.getByRole('button', { name: 'End session' }).count()).toBe(2);
      await screenshot(page, '04-user');

      await sessions
        .getByRole('row', { name: /Laptop/ })
        .getByRole('button', { name: 'End session' })
        .click();
      await page.getByRole('status').filter({ hasText: 'Ended the session on Laptop' }).waitFor();
      await sessions.getByRole('row', { name: /Laptop/ }).waitFor({ state: 'detached' });
      expect(await sessions.getByRole('button', { name: 'End session' }).count()).toBe(1);

      const refused = await me(adaLaptop);
      expect([refused.status, refused.body.code]).toEqual([401, 'session_revoked']);
      expect((await me(adaPhone)).status).toBe(200);
      await page
        .getByRole('table', { name: /newest events of this user/ })
        .getByText('Session ended')
        .first()
        .waitFor();
      await screenshot(page, '05-user-session-ended');
    });

    it('opens a session that ended by reuse and shows the reuse event with its reason', async () => {
      await page.getByRole('link', { name: 'Audit' }).click();
      await page.getByLabel('Event type').selectOption('refresh_reuse_detected');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      const row = page.getByRole('row', { name: /Reuse detected/ }).first();
      await row.waitFor();
      await screenshot(page, '06-audit-reuse');
      await row.getByRole('link', { name: `session ${bobStolen.sessionId}` }).click();

      await page.getByRole('heading', { name: 'Ended by refresh-token reuse' }).waitFor();
      const ending = page.getByRole('region', { name: 'Ended by refresh-token reuse' });
      await expect(ending.textContent()).resolves.toContain('the grace window is off (REFRESH_REUSE_GRACE=0)');
      const detail = await ending.locator('dl.detail').textContent();
      expect(detail).toContain('judgedReuseBecause');
      expect(detail).toContain('grace_disabled');
      expect(detail).toContain(`presentedGeneration${generationOf(bobStolen.refreshToken)}`);
      // the lineage rebuilt from the audit trail marks the generation presented twice
      const reused = page.getByRole('listitem').filter({ hasText: 'Presented again: reuse' });
      await expect(reused.textContent()).resolves.toContain('Generation 1');
      await screenshot(page, '07-session-reuse');
    });

    it('shows a live session with its lineage', async () => {
      await page.goto(`${consoleUrl}#/sessions/${adaPhone.sessionId}`);
      await page.getByRole('heading', { name: 'Lineage' }).waitFor();
      await page.getByText('Live', { exact: true }).waitFor();
      expect(await page.getByRole('list', { name: 'Lineage' }).getByRole('listitem').count()).toBe(1);
      await screenshot(page, '08-session-live');
    });

    it('disables a user after a confirmation that says what happens, and their sessions are gone', async () => {
      await page.goto(`${consoleUrl}#/users/${ada.id}`);
      await page.getByRole('heading', { name: ada.email }).waitFor();
      await page.getByRole('button', { name: 'Disable user' }).click();
      const dialog = page.getByRole('dialog', { name: `Disable ${ada.email}?` });
      await dialog.waitFor();
      await expect(dialog.textContent()).resolves.toContain('ends 1 session of');
      await screenshot(page, '09-disable-confirm');
      await dialog.getByRole('button', { name: 'Disable user' }).click();
      await page.getByRole('status').filter({ hasText: 'is disabled' }).waitFor();
      await page.getByText('No live session.').waitFor();
      await page.locator('dl.facts').getByText('Disabled').waitFor();
      expect((await me(adaPhone)).body.code).toBe('session_revoked');
      await page.getByRole('button', { name: 'Enable user' }).waitFor();
      await screenshot(page, '10-user-disabled');
    });

    it('changes roles after a confirmation, and the API applies them at once (older tokens are token_outdated)', async () => {
      await page.goto(`${consoleUrl}#/users?query=${encodeURIComponent(`rory.${tag}`)}`);
      const row = page.getByRole('row', { name: new RegExp(`rory\\.${tag}`) });
      await row.getByRole('button', { name: 'Make admin' }).click();
      const dialog = page.getByRole('dialog', { name: `Make ${rory.email} an admin?` });
      await expect(dialog.textContent()).resolves.toContain('No session is ended');
      await dialog.getByRole('button', { name: 'Make admin' }).click();
      await row.getByText('admin', { exact: true }).waitFor();
      const roryToken = (await loginAs(t.url, rory)).accessToken;
      expect((await http(t.url, 'GET', '/admin/users', { token: roryToken })).status).toBe(200);

      await row.getByRole('button', { name: 'Remove admin' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Remove admin' }).click();
      await row.getByRole('button', { name: 'Make admin' }).waitFor();
      expect((await http(t.url, 'GET', '/admin/users', { token: roryToken })).body.code).toBe('token_outdated');
      const demoted = (await loginAs(t.url, rory)).accessToken;
      expect((await http(t.url, 'GET', '/admin/users', { token: demoted })).body.code).toBe('forbidden');
    });

    it("shows the API's refusal where the action was, with its code", async () => {
      await page.goto(`${consoleUrl}#/audit`);
      await page.getByLabel('User id').fill('not-a-uuid');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      const alert = page.getByRole('alert');
      await alert.waitFor();
      await expect(alert.textContent()).resolves.toMatch(
        /userId must be a UUID.*400 validation_failed|400 validation_failed.*userId must be a UUID/,
      );
      await screenshot(page, '11-api-error');
    });

    it('pages through the audit trail, newest first', async () => {
      await t.db.query(
        `INSERT INTO audit_events (type, at, detail) SELECT 'login_failed', now() - make_interval(secs => i), jsonb_build_object('email', 'pager-' || i || '@example.com')
           FROM generate_series(1, 25) i`,
      );
      await page.goto(`${consoleUrl}#/audit?type=login_failed`);
      const rows = page.getByRole('table').getByRole('row');
      await page.getByText('pager-1@example.com', { exact: true }).waitFor();
      expect(await rows.count()).toBe(21); // header + 20
      await page.getByRole('navigation', { name: 'Events pages' }).getByRole('button', { name: 'Next page' }).click();
      await page.getByText('pager-25@example.com', { exact: true }).waitFor();
      expect(await rows.count()).toBe(6);
      expect(await page.getByRole('button', { name: 'Next page' }).isDisabled()).toBe(true);
      await page.getByRole('button', { name: 'Previous page' }).click();
      await page.getByText('pager-1@example.com', { exact: true }).waitFor();
    });

    it('lists the keys and rotates them, explaining the activation delay', async () => {
      await page.getByRole('link', { name: 'Keys' }).click();
      await page.getByText('KEY_ACTIVATION_DELAY').waitFor();
      await page.getByRole('button', { name: 'Rotate keys now' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('button', { name: 'Rotate keys now' }).click();
      await page.getByRole('status').filter({ hasText: 'New keys published' }).waitFor();
      await page.getByText('Published, not yet used').first().waitFor();
      await screenshot(page, '12-keys');
      expect(await auditCount(t.db, { type: 'keys_rotated', detail: { by: admin.id } })).toBe(1);
    });

    it('signs out: the session ends on the server and a reload shows the sign-in form', async () => {
      const before = await familyCount(t.db, admin.id);
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      await page.getByText('You signed out.').waitFor();
      expect(await familyCount(t.db, admin.id)).toBe(before - 1);
      await page.reload();
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    });

    it('showed no browser error (CSP violation, script error) on any page', () => {
      expect(errors).toEqual([]);
    });
  });

  it('shows a non-admin that this account is not an admin, and nothing else', async () => {
    const { page, context, errors } = await openConsole();
    try {
      await signIn(page, bob);
      await page.getByRole('heading', { name: 'This account is not an admin' }).waitFor();
      expect(await page.getByRole('navigation').count()).toBe(0);
      expect(await page.getByRole('table').count()).toBe(0);
      await screenshot(page, '13-not-admin');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('works with the keyboard alone: sign in, find a user, reach "End session" and use it', async () => {
    const { page, context } = await openConsole();
    try {
      const focused = () =>
        page.evaluate(() => {
          const el = (globalThis as unknown as BrowserGlobals).document.activeElement;
          return el
            ? `${el.tagName.toLowerCase()}:${el.getAttribute('aria-label') ?? el.textContent?.trim() ?? ''}:${el.labels?.[0]?.textContent ?? ''}`
            : '';
        });
      /** Presses Tab until `target` matches the focused element; fails after `max` presses. */
      const tabTo = async (target: RegExp, max = 40) => {
        for (let i = 0; i < max; i++) {
          await page.keyboard.press('Tab');
          if (target.test(await focused())) return;
        }
        throw new Error(`Tab never reached ${target}; last focus ${await focused()}`);
      };
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      await tabTo(/^input:.*:Email$/);
      await page.keyboard.type(admin.email);
      await tabTo(/^input:.*:Password$/);
      await page.keyboard.type(admin.password);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Overview' }).waitFor();

      await tabTo(/^a:Users:/);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Users' }).waitFor();
      await tabTo(/^input:.*:Search users$/);
      await page.keyboard.type(`kay.${tag}`);
      await page.getByRole('row', { name: new RegExp(`kay\\.${tag}`) }).waitFor();
      await tabTo(new RegExp(`^a:kay\\.${tag}`));
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: kay.email }).waitFor();
      await tabTo(/^button:End session:/);
      await screenshot(page, '14-keyboard-end-session-focused');
      await page.keyboard.press('Enter');
      await page.getByRole('status').filter({ hasText: 'Ended the session on Tablet' }).waitFor();
      expect((await me(kaySession)).body.code).toBe('session_revoked');
    } finally {
      await context.close();
    }
  });
});
