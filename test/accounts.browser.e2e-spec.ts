import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { decodeJwt } from 'jose';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AuthGuardModule, CurrentUser, Roles, type AuthenticatedUser } from '../packages/guard/src/index.js';
import { sleep } from './guard-fixtures.js';
import { newAdmin } from './support/admin.js';
import { collectPageErrors, hasChromium, launchChromium, screenshot, CHROMIUM } from './support/console-browser.js';
import { loginAs, newUser, refresh, type TestUser } from './support/factories.js';
import { linkIn, startMailbox, type Mailbox } from './support/mailbox.js';
import { http, startTestApp, type TestApp } from './support/test-app.js';
import { startWebhookReceiver } from './support/webhook-receiver.js';

if (!hasChromium) console.warn(`SKIPPED the accounts browser tests: ${CHROMIUM} is not installed`);
const describeInBrowser = hasChromium ? describe : describe.skip;

const SECRET = 'accounts-browser-feed-0001';

/** An app service behind the guard with an editors-only route that shows the caller's claims. */
@Controller()
class ArticlesController {
  @Roles('editor')
  @Get('articles')
  articles(@CurrentUser() user: AuthenticatedUser<{ team: string }>) {
    return { team: user.claims.team ?? null };
  }
}

async function eventually<T>(what: string, probe: () => Promise<T | undefined | false>, deadlineMs = 15_000): Promise<T> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`never happened: ${what}`);
    await sleep(50);
  }
}

/** Tried as a new admin would: invite, roles and a claim, a webhook, deletion, all through the console. */
describeInBrowser('accounts in the admin console', () => {
  let t: TestApp;
  let mailbox: Mailbox;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let resource: INestApplication;
  let resourceUrl: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let admin: TestUser;
  const invitedEmail = `grace.${Date.now().toString(36)}@example.com`;
  const invitedPassword = 'grace chose this 1';
  let invitedId: string;

  beforeAll(async () => {
    mailbox = await startMailbox();
    receiver = await startWebhookReceiver();
    t = await startTestApp({ MAIL_URL: mailbox.url, ROLES: 'editor', REVOCATION_FEED_SECRET: SECRET, REFRESH_REUSE_GRACE: '0' });
    @Module({
      imports: [
        AuthGuardModule.forRoot({
          issuer: 'http://auth.test',
          audience: 'api',
          jwksUri: `${t.url}/.well-known/jwks.json`,
          revocations: { secret: SECRET },
          global: true,
        }),
      ],
      controllers: [ArticlesController],
    })
    class ResourceModule {}
    resource = await NestFactory.create(ResourceModule, new FastifyAdapter(), { logger: false });
    await resource.listen(0, '127.0.0.1');
    resourceUrl = `http://127.0.0.1:${resource.getHttpServer().address().port}`;
    admin = await newAdmin(t);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    page = await context.newPage();
    errors = collectPageErrors(page);
    await page.goto(`${t.url.replace('127.0.0.1', 'localhost')}/console`);
    const form = page.getByRole('form', { name: 'Sign in' });
    await form.getByLabel('Email').fill(admin.email);
    await form.getByLabel('Password').fill(admin.password);
    await form.getByRole('button', { name: 'Sign in', exact: true }).click(); // beside 'Sign in with a passkey'
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await resource?.close();
    await t?.close();
    await receiver?.close();
    await mailbox?.close();
  });

  it('invites a user from the Users page; the mailed link lets them choose a password', async () => {
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByRole('button', { name: 'Invite user' }).click();
    const form = page.getByRole('form', { name: 'Invite user' });
    await form.getByLabel('Email').fill(invitedEmail);
    await form.getByLabel('Name (optional)').fill('Grace');
    await screenshot(page, 'accounts-01-invite');
    await form.getByRole('button', { name: 'Send invitation' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Invited ${invitedEmail}` })
      .waitFor();
    const link = linkIn(await mailbox.next(invitedEmail, 'You have been invited'));
    // the invited person opens the link in the browser and chooses a password
    const invitee = await context.newPage();
    await invitee.goto(link.toString().replace(/^http:\/\/localhost:\d+/, t.url));
    await invitee.getByLabel('New password', { exact: true }).fill(invitedPassword);
    await invitee.getByLabel('Repeat the new password').fill(invitedPassword);
    await invitee.getByRole('button').click();
    await invitee.getByText('Your password has been changed').waitFor();
    await invitee.close();
    const login = await http(t.url, 'POST', '/auth/login', { body: { email: invitedEmail, password: invitedPassword } });
    expect(login.status).toBe(200);
    invitedId = decodeJwt(login.body.accessToken).sub!;
  });

  it('gives them the role editor and a claim; the old token is refused with token_outdated at a guarded service, the next one carries both', async () => {
    const session = await loginAs(t.url, { id: invitedId, email: invitedEmail, password: invitedPassword });
    expect((await http(resourceUrl, 'GET', '/articles', { token: session.accessToken })).body.code).toBe('forbidden');

    await page.getByLabel('Search users').fill(invitedEmail);
    await page.getByRole('link', { name: invitedEmail }).click();
    const editor = page.getByRole('form', { name: 'Roles and claims' });
    await editor.getByLabel('editor').check();
    await editor.getByLabel(/Claims/).fill('{ "team": "docs" }');
    await screenshot(page, 'accounts-02-roles-claims');
    await editor.getByRole('button', { name: 'Save roles and claims' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved the roles and claims' }).waitFor();
    await page.getByText('editor', { exact: true }).first().waitFor();

    await eventually(
      'the guarded service refuses the old token',
      async () => (await http(resourceUrl, 'GET', '/articles', { token: session.accessToken })).body.code === 'token_outdated',
    );
    const next = await refresh(t.url, session.refreshToken);
    const claims = decodeJwt(next.body.accessToken);
    expect(claims.roles).toEqual(['user', 'editor']);
    expect(claims.claims).toEqual({ team: 'docs' });
    const articles = await http(resourceUrl, 'GET', '/articles', { token: next.body.accessToken });
    expect([articles.status, articles.body]).toEqual([200, { team: 'docs' }]);
  });

  it('adds a webhook pointing at a local receiver, which gets session.reuse_detected signed when a reuse happens', async () => {
    await page.getByRole('link', { name: 'Webhooks' }).click();
    const form = page.getByRole('form', { name: 'Add an endpoint' });
    await form.getByLabel('Endpoint URL').fill(receiver.url);
    await form.getByRole('button', { name: 'Add endpoint' }).click();
    const secret = await page.getByTestId('webhook-secret').textContent();
    expect(secret).toMatch(/^whsec_/);
    receiver.useSecret(secret!);
    await screenshot(page, 'accounts-03-webhook');

    const user = await newUser(t.url);
    const session = await loginAs(t.url, user);
    await refresh(t.url, session.refreshToken);
    expect((await refresh(t.url, session.refreshToken)).body.code).toBe('refresh_token_reused');
    const hook = await eventually('the signed reuse event', async () =>
      receiver.received.find((r) => r.payload?.type === 'session.reuse_detected' && r.payload.data.userId === user.id),
    );
    expect(hook.verified).toBe(true);
    expect(hook.payload!.data.sessionIds).toEqual([session.sessionId]);

    await page.getByRole('button', { name: 'Deliveries' }).click();
    await page.getByRole('button', { name: 'Send test event' }).click();
    await eventually('the test event', async () => receiver.received.find((r) => r.verified && r.payload?.type === 'webhook.test'));
    await page.getByRole('button', { name: 'Refresh deliveries' }).click();
    await page
      .getByRole('cell', { name: /session\.reuse_detected/ })
      .or(page.getByRole('rowheader', { name: /session\.reuse_detected/ }))
      .first()
      .waitFor();
    await screenshot(page, 'accounts-04-deliveries');
  });

  it('deletes the user after a confirmation that says what ends; nothing of them can be exported or used afterwards', async () => {
    const session = await loginAs(t.url, { id: invitedId, email: invitedEmail, password: invitedPassword });
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByLabel('Search users').fill(invitedEmail);
    await page.getByRole('link', { name: invitedEmail }).click();
    await page.getByRole('heading', { name: invitedEmail }).waitFor();
    await page.getByRole('button', { name: 'Delete user' }).click();
    const dialog = page.getByRole('dialog', { name: `Delete ${invitedEmail}?` });
    await dialog.getByText(/ends 3 sessions/).waitFor();
    await dialog.getByText(/audit trail keeps its events, with the email address erased/).waitFor();
    await screenshot(page, 'accounts-05-delete');
    await dialog.getByRole('button', { name: 'Delete user' }).click();
    await page.getByRole('heading', { name: 'User deleted' }).waitFor();
    const exported = await http(t.url, 'GET', '/auth/me/export', { token: session.accessToken });
    expect([exported.status, exported.body.code]).toEqual([401, 'session_revoked']);
    const { rows } = await t.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE detail::text ILIKE $1`, [`%${invitedEmail}%`]);
    expect(rows[0].n).toBe(0);
    expect(errors).toEqual([]);
  });
});
