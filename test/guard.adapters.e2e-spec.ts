import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get, Module, UseGuards, type DynamicModule, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import {
  AuthGuardModule,
  CurrentUser,
  JwtAuthGuard,
  Public,
  Roles,
  type AuthenticatedUser,
  type AuthGuardOptions,
} from '../packages/guard/src/index.js';
import { forgedTokens, newSigningKey, sleep } from './guard-fixtures.js';
import { makeAdmin } from './support/db-state.js';
import { loginAs, newUser, type Session } from './support/factories.js';
import { http, startTestApp, type TestApp } from './support/test-app.js';

const SECRET = 'adapters-feed-secret-0001';

/** Not under @UseGuards: guarded only where the guard is registered globally. */
@Controller()
class OpenController {
  @Public()
  @Get('public')
  hello() {
    return { hello: 'world' };
  }

  @Get('undecorated')
  undecorated() {
    return { reached: true };
  }
}

/** Protected per controller, for the app that does not register the guard globally. */
@Controller()
@UseGuards(JwtAuthGuard)
class ProtectedController {
  @Get('me')
  me(@CurrentUser() user: AuthenticatedUser) {
    return user;
  }

  @Roles('admin')
  @Get('admin')
  admin(@CurrentUser('userId') userId: string) {
    return { userId };
  }

  @Public()
  @Get('open-inside')
  open() {
    return { open: true };
  }
}

async function resourceApp(adapter: 'express' | 'fastify', guardModule: DynamicModule): Promise<{ app: INestApplication; url: string }> {
  @Module({ imports: [guardModule], controllers: [OpenController, ProtectedController] })
  class ResourceModule {}
  const app = await NestFactory.create(ResourceModule, adapter === 'express' ? new ExpressAdapter() : new FastifyAdapter(), {
    logger: false,
  });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  return { app, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` };
}

/** The options every app here shares: the test auth service's issuer, audience and JWKS. */
function guardOptions(authUrl: string, more: Partial<AuthGuardOptions> = {}): AuthGuardOptions {
  return { issuer: 'http://auth.test', audience: 'api', jwksUri: `${authUrl}/.well-known/jwks.json`, ...more };
}

/** Starts the auth service and a resource app guarded by `guardModule` around the tests of a describe block. */
function withServices(adapter: 'express' | 'fastify', guardModule: (authUrl: string) => DynamicModule, env: Record<string, string> = {}) {
  const services = {} as { auth: TestApp; resource: { app: INestApplication; url: string } };
  beforeAll(async () => {
    services.auth = await startTestApp(env);
    services.resource = await resourceApp(adapter, guardModule(services.auth.url));
  });
  afterAll(async () => {
    await services.resource?.app.close();
    await services.auth?.close();
  });
  return services;
}

describe.each([
  ['express', 'registered globally', true],
  ['fastify', 'per controller', false],
] as const)('the guard on %s, %s', (adapter, _how, global) => {
  const services = withServices(
    adapter,
    (authUrl) => {
      const options = guardOptions(authUrl, { revocations: { secret: SECRET } });
      return global
        ? AuthGuardModule.forRoot({ ...options, global: true })
        : AuthGuardModule.forRootAsync({ useFactory: async () => options });
    },
    { REVOCATION_FEED_SECRET: SECRET },
  );
  let auth: TestApp;
  let resource: { app: INestApplication; url: string };
  let user: Session;
  let admin: Session;

  beforeAll(async () => {
    ({ auth, resource } = services);
    user = await loginAs(auth.url, await newUser(auth.url));
    const adminUser = await newUser(auth.url);
    await makeAdmin(auth.db, adminUser.id);
    admin = await loginAs(auth.url, adminUser);
  });

  it('answers a protected route with the user behind the token', async () => {
    const response = await http(resource.url, 'GET', '/me', { token: user.accessToken });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      userId: expect.any(String),
      sessionId: user.sessionId,
      roles: ['user'],
      claims: {},
      tokenId: expect.any(String),
      issuedAt: expect.any(Number),
      expiresAt: expect.any(Number),
      amr: ['pwd'],
      authTime: expect.any(Number),
    });
  });

  it('lets @Public() routes through without a token', async () => {
    expect((await http(resource.url, 'GET', '/open-inside')).status).toBe(200);
    expect((await http(resource.url, 'GET', '/public')).body).toEqual({ hello: 'world' });
  });

  it(global ? 'guards every other route of the app' : 'guards only the controllers under @UseGuards', async () => {
    expect((await http(resource.url, 'GET', '/undecorated')).status).toBe(global ? 401 : 200);
  });

  it('answers 401 invalid_token with the docs/api.md body for a missing, malformed or forged token', async () => {
    const forged = await forgedTokens(await newSigningKey());
    for (const token of [
      undefined,
      'garbage',
      forged['alg none'],
      forged['HS256 keyed with the public JWK'],
      forged['signed with another key'],
    ]) {
      const response = await http(resource.url, 'GET', '/me', { token });
      expect(response.status).toBe(401);
      expect(response.body).toEqual({ statusCode: 401, error: 'Unauthorized', code: 'invalid_token', message: expect.any(String) });
      // RFC 6750 §3: the scheme, and the error when a token came
      expect(response.headers.get('www-authenticate')).toBe(token === undefined ? 'Bearer' : 'Bearer error="invalid_token"');
    }
    // a token sent with the DPoP scheme is answered in that scheme (RFC 9449 §7.1); another scheme as no token
    const underDpop = await http(resource.url, 'GET', '/me', { headers: { authorization: 'DPoP garbage' } });
    expect([underDpop.status, underDpop.headers.get('www-authenticate')]).toEqual([
      401,
      expect.stringMatching(/^DPoP error="invalid_token", algs="/),
    ]);
    const basic = await http(resource.url, 'GET', '/me', { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expect([basic.status, basic.headers.get('www-authenticate')]).toEqual([401, 'Bearer']);
  });

  it('answers 403 forbidden without the role and 200 with it', async () => {
    const refused = await http(resource.url, 'GET', '/admin', { token: user.accessToken });
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({ statusCode: 403, error: 'Forbidden', code: 'forbidden', message: expect.any(String) });
    expect(refused.headers.get('www-authenticate')).toBeNull();
    expect((await http(resource.url, 'GET', '/admin', { token: admin.accessToken })).status).toBe(200);
  });

  it('refuses the still-unexpired token of an ended session within 3 s, from the fast path too', async () => {
    const session = await loginAs(auth.url, await newUser(auth.url));
    expect((await http(resource.url, 'GET', '/me', { token: session.accessToken })).status).toBe(200); // now cached
    expect((await http(auth.url, 'POST', '/auth/logout', { token: session.accessToken })).status).toBe(204);
    const ended = Date.now();
    let response: Awaited<ReturnType<typeof http>>;
    do {
      await sleep(50);
      response = await http(resource.url, 'GET', '/me', { token: session.accessToken });
    } while (response.status === 200 && Date.now() - ended < 5_000);
    expect(response.body).toMatchObject({ statusCode: 401, code: 'session_revoked' });
    expect(response.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    expect(Date.now() - ended).toBeLessThan(3_000);
    expect((await http(resource.url, 'GET', '/me', { token: user.accessToken })).status).toBe(200);
  });
});

describe('the guard with revocations.maxStalenessSeconds', () => {
  const services = withServices('fastify', (authUrl) =>
    AuthGuardModule.forRoot({
      ...guardOptions(authUrl),
      // a feed nobody answers: the guard never learns anything
      revocations: { url: 'http://127.0.0.1:9/auth/revocations', maxStalenessSeconds: 1, pollSeconds: 0.2 },
      global: true,
    }),
  );

  it('answers 503 unavailable rather than vouch for a token it cannot check', async () => {
    const { auth, resource } = services;
    const session = await loginAs(auth.url, await newUser(auth.url));
    const response = await http(resource.url, 'GET', '/me', { token: session.accessToken });
    expect(response.status).toBe(503);
    expect(response.body).toEqual({ statusCode: 503, error: 'Service Unavailable', code: 'unavailable', message: expect.any(String) });
    expect((await http(resource.url, 'GET', '/public')).status).toBe(200);
  });
});

describe('the guard with revocations: false', () => {
  const services = withServices('express', (authUrl) =>
    AuthGuardModule.forRoot({ ...guardOptions(authUrl), revocations: false, global: true }),
  );

  it('verifies tokens without a feed, and an ended session passes until its token expires, as documented', async () => {
    const { auth, resource } = services;
    const session = await loginAs(auth.url, await newUser(auth.url));
    expect((await http(auth.url, 'POST', '/auth/logout', { token: session.accessToken })).status).toBe(204);
    await sleep(2_500);
    expect((await http(resource.url, 'GET', '/me', { token: session.accessToken })).status).toBe(200);
  });
});

describe('AuthGuardModule options', () => {
  it.each([
    [{ issuer: '', audience: 'api', jwksUri: 'http://a/.well-known/jwks.json' }, /issuer is required/],
    [{ issuer: 'http://a', audience: 'api', jwksUri: 'not a url' }, /jwksUri must be an absolute URL/],
    [{ issuer: 'http://a', audience: 'api', jwksUri: 'http://a/jwks', revocations: { pollSeconds: 0 } }, /pollSeconds must be positive/],
  ])('refuses %p at boot', (options, message) => {
    expect(() => AuthGuardModule.forRoot(options as AuthGuardOptions)).toThrow(message);
  });
});
