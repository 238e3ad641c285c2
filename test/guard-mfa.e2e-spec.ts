import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { AuthGuardModule, RequireMfa, StepUp, type MfaOptions } from '../packages/guard/src/index.js';
import { backdateAuthTime } from './support/db-state.js';
import { loginAs, newUser, refresh, type Session } from './support/factories.js';
import { enrolTotp, firstStep, verifyMfa } from './support/mfa.js';
import { http, startTestApp, type TestApp } from './support/test-app.js';

@Controller()
class SensitiveController {
  @Get('profile')
  profile() {
    return { reached: 'profile' };
  }

  @RequireMfa()
  @Get('payroll')
  payroll() {
    return { reached: 'payroll' };
  }

  @StepUp()
  @Get('close-account')
  closeAccount() {
    return { reached: 'close-account' };
  }
}

async function resourceApp(authUrl: string, mfa: MfaOptions): Promise<{ app: INestApplication; url: string }> {
  @Module({
    imports: [
      AuthGuardModule.forRoot({
        issuer: 'http://auth.test',
        audience: 'api',
        jwksUri: `${authUrl}/.well-known/jwks.json`,
        revocations: false,
        mfa,
        global: true,
      }),
    ],
    controllers: [SensitiveController],
  })
  class ResourceModule {}
  const app = await NestFactory.create(ResourceModule, new ExpressAdapter(), { logger: false });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  return { app, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` };
}

/** The guard other services import judges amr and auth_time itself: @RequireMfa(), @StepUp() and mfa.requireEverywhere. */
describe('the guard: second-factor requirements on a resource service', () => {
  let auth: TestApp;
  let relaxed: { app: INestApplication; url: string };
  let strict: { app: INestApplication; url: string };
  let password: Session;
  let withCode: Session;

  beforeAll(async () => {
    auth = await startTestApp();
    relaxed = await resourceApp(auth.url, { stepUpMaxAgeSeconds: 60 });
    strict = await resourceApp(auth.url, { requireEverywhere: true });
    const user = await newUser(auth.url);
    password = await loginAs(auth.url, user);
    const totp = await enrolTotp(auth.url, password);
    const { mfaToken } = await firstStep(auth.url, user);
    withCode = (await verifyMfa(auth.url, { mfaToken, code: totp.recoveryCodes[0] })).body;
  });
  afterAll(async () => {
    await strict?.app.close();
    await relaxed?.app.close();
    await auth?.close();
  });

  const get = (service: { url: string }, path: string, session: { accessToken: string }) =>
    http(service.url, 'GET', path, { token: session.accessToken });

  it('refuses a password-only token on @RequireMfa() and @StepUp() routes with 403 step_up_required, and lets it through elsewhere', async () => {
    expect((await get(relaxed, '/profile', password)).status).toBe(200);
    for (const path of ['/payroll', '/close-account']) {
      const refused = await get(relaxed, path, password);
      expect([path, refused.status, refused.body]).toEqual([
        path,
        403,
        expect.objectContaining({ statusCode: 403, code: 'step_up_required' }),
      ]);
    }
  });

  it('lets a token with a recent second factor through both', async () => {
    expect((await get(relaxed, '/payroll', withCode)).body).toEqual({ reached: 'payroll' });
    expect((await get(relaxed, '/close-account', withCode)).body).toEqual({ reached: 'close-account' });
  });

  it('refuses @StepUp() once auth_time is older than stepUpMaxAgeSeconds, while @RequireMfa() still passes', async () => {
    await backdateAuthTime(auth.db, { familyId: withCode.sessionId }, 61);
    const aged = (await refresh(auth.url, (withCode as Session).refreshToken)).body;
    expect((await get(relaxed, '/payroll', aged)).status).toBe(200);
    const refused = await get(relaxed, '/close-account', aged);
    expect([refused.status, refused.body.code]).toEqual([403, 'step_up_required']);
  });

  it('with mfa.requireEverywhere, asks mfa of every route that needs a token', async () => {
    const refused = await get(strict, '/profile', password);
    expect([refused.status, refused.body.code]).toEqual([403, 'step_up_required']);
    expect((await get(strict, '/profile', withCode)).body).toEqual({ reached: 'profile' });
  });
});
