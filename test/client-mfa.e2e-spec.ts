import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { buildClientPackage } from './support/client-build.js';
import { newUser } from './support/factories.js';
import { claimsOf, totpCode } from './support/mfa.js';
import { startTestApp, type TestApp } from './support/test-app.js';

interface Session {
  accessToken: string;
  sessionId: string;
  deviceId: string;
}
/** What this test uses of the built client (typed here: the server's tsconfig has no DOM types). */
interface AuthClient {
  login(input: { email: string; password: string }): Promise<Session>;
  getSession(): Promise<Session | null>;
  enrollTotp(): Promise<{ id: string; secret: string; otpauthUrl: string }>;
  confirmTotp(id: string, code: string): Promise<{ recoveryCodes: string[] }>;
  verifyMfa(input: { mfaToken: string; code: string }): Promise<Session>;
  stepUp(input: { code: string }): Promise<Session>;
  mfaFactors(): Promise<{ totp: { id: string }[]; recoveryCodesLeft: number }>;
  regenerateRecoveryCodes(): Promise<{ recoveryCodes: string[] }>;
  me(): Promise<{ mfa?: boolean }>;
  logout(): Promise<void>;
  dispose(): void;
}
type ClientError = Error & { code: string; mfaToken?: string; methods?: string[] };

/** The client package's second-factor calls against the real service (Node, bearer mode). */
describe('the client: second factors', () => {
  let t: TestApp;
  let createAuthClient: (options: Record<string, unknown>) => AuthClient;
  let MfaRequiredError: new (...args: never[]) => Error;

  beforeAll(async () => {
    const built = buildClientPackage('mfa-node');
    ({ createAuthClient, MfaRequiredError } = await import(path.join(built, 'index.js')));
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('enrols TOTP, meets mfa_required at the next login, finishes it on the same device, and steps up', async () => {
    const user = await newUser(t.url);
    const client = createAuthClient({ baseUrl: t.url, mode: 'bearer', crossTab: false, deviceId: 'device-mfa-client-01' });
    try {
      await client.login(user);
      const enrolment = await client.enrollTotp();
      expect(enrolment.otpauthUrl).toContain(`secret=${enrolment.secret}`);
      const { recoveryCodes } = await client.confirmTotp(enrolment.id, totpCode(enrolment.secret));
      expect(recoveryCodes).toHaveLength(10);
      expect((await client.me()).mfa).toBe(true);
      await client.logout();

      const refused = await client.login(user).then(
        () => undefined,
        (error: ClientError) => error,
      );
      expect(refused).toBeInstanceOf(MfaRequiredError);
      expect(refused).toMatchObject({ code: 'mfa_required', methods: ['totp', 'recovery_code'] });
      expect(await client.getSession()).toBeNull();

      const session = await client.verifyMfa({ mfaToken: refused!.mfaToken!, code: totpCode(enrolment.secret, Date.now() + 30_000) });
      expect(session.deviceId).toBe('device-mfa-client-01');
      expect(claimsOf(session.accessToken).amr).toEqual(['pwd', 'otp', 'mfa']);

      const wrong = await client.stepUp({ code: '000000' }).then(
        () => undefined,
        (error: ClientError) => error,
      );
      expect(wrong?.code).toBe('invalid_mfa_code');
      const stepped = await client.stepUp({ code: recoveryCodes[0] });
      expect(stepped.sessionId).toBe(session.sessionId);
      expect((await client.getSession())?.accessToken).toBe(stepped.accessToken);
      expect((await client.regenerateRecoveryCodes()).recoveryCodes).toHaveLength(10);
      expect((await client.mfaFactors()).recoveryCodesLeft).toBe(10);
    } finally {
      client.dispose();
    }
  });
});
