import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { MailDelivery } from '../src/mail/mail-delivery.service.js';
import { BackgroundTasks } from '../src/recovery/background-tasks.js';
import { buildClientPackage } from './support/client-build.js';
import { emailVerified } from './support/db-state.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** What this test uses of the built client (typed here: the server's tsconfig has no DOM types). */
interface AuthClient {
  register(input: { email: string; password: string }): Promise<{ id: string }>;
  login(input: { email: string; password: string }): Promise<{ sessionId: string }>;
  requestPasswordReset(email: string): Promise<void>;
  resetPassword(token: string, newPassword: string): Promise<void>;
  verifyEmail(token: string): Promise<void>;
  resendVerification(): Promise<void>;
  dispose(): void;
}

/** The client package's account-recovery calls against the real service, mail read from the outbox. */
describe('the client: account recovery and email verification', () => {
  let t: TestApp;
  let client: AuthClient;

  beforeAll(async () => {
    const built = buildClientPackage('recovery-node');
    const { createAuthClient } = (await import(path.join(built, 'index.js'))) as {
      createAuthClient(options: Record<string, unknown>): AuthClient;
    };
    t = await startTestApp();
    client = createAuthClient({ baseUrl: t.url, mode: 'bearer', crossTab: false, deviceId: 'device-recovery-01' });
  });
  afterAll(async () => {
    client.dispose();
    await t.close();
  });

  /** The token of the newest mailed link to `page` for `email`, once every mail is written. */
  async function mailedToken(email: string, page: 'reset-password' | 'verify-email'): Promise<string> {
    await t.app.get(BackgroundTasks).idle();
    await t.app.get(MailDelivery).drain();
    const outbox = path.join(t.config.DATA_DIR, 'outbox');
    const tokens: string[] = [];
    for (const file of readdirSync(outbox).sort()) {
      const mail = await simpleParser(readFileSync(path.join(outbox, file)));
      const to = [mail.to]
        .flat()
        .flatMap((a) => a?.value ?? [])
        .map((a) => a.address);
      const match = new RegExp(`/${page}\\?token=([A-Za-z0-9_-]+)`).exec(mail.text ?? '');
      if (to.includes(email) && match) tokens.push(match[1]);
    }
    expect(tokens.length).toBeGreaterThan(0);
    return tokens[tokens.length - 1];
  }

  it('verifies the email, asks for a reset, sets the new password, and refuses the spent link with its code', async () => {
    const email = `client-recovery-${Date.now()}@example.com`;
    const user = await client.register({ email, password: 'the first password' });
    await client.verifyEmail(await mailedToken(email, 'verify-email'));
    expect(await emailVerified(t.db, user.id)).toBe(true);

    await client.requestPasswordReset(email);
    const token = await mailedToken(email, 'reset-password');
    await client.resetPassword(token, 'the second password');
    await expect(client.login({ email, password: 'the first password' })).rejects.toMatchObject({ code: 'invalid_credentials' });
    await expect(client.login({ email, password: 'the second password' })).resolves.toMatchObject({ sessionId: expect.any(String) });
    await expect(client.resetPassword(token, 'a third password')).rejects.toMatchObject({ code: 'reset_token_invalid', status: 400 });
  });

  it('answers a reset request for an unknown email the same way', async () => {
    await expect(client.requestPasswordReset('nobody-here@example.com')).resolves.toBeUndefined();
  });

  it('mails a new verification link to the signed-in user', async () => {
    const email = `client-resend-${Date.now()}@example.com`;
    await client.register({ email, password: 'a password to resend' });
    await client.login({ email, password: 'a password to resend' });
    const first = await mailedToken(email, 'verify-email');
    await client.resendVerification();
    const second = await mailedToken(email, 'verify-email');
    expect(second).not.toBe(first);
    await expect(client.verifyEmail(first)).rejects.toMatchObject({ code: 'reset_token_invalid' });
    await client.verifyEmail(second);
  });
});
