import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { decodeJwt } from 'jose';
import { AuthGuardModule, CurrentUser, Roles, type AuthenticatedUser } from '../packages/guard/src/index.js';
import { sleep } from './guard-fixtures.js';
import { newAdmin } from './support/admin.js';
import { auditTypes, userRow } from './support/db-state.js';
import { loginAs, newUser, refresh, type Session, type TestUser } from './support/factories.js';
import { http, startTestApp, type TestApp } from './support/test-app.js';

const SECRET = 'roles-feed-secret-0001';

interface AppClaims {
  tenant: string;
}

/** A service behind the guard with an app role and typed claims. */
@Controller()
class EditorController {
  @Roles('editor')
  @Get('articles')
  articles(@CurrentUser() user: AuthenticatedUser<AppClaims>) {
    return { tenant: user.claims.tenant ?? null, roles: user.roles };
  }

  @Get('whoami')
  whoami(@CurrentUser('claims') claims: Partial<AppClaims>) {
    return { claims };
  }
}

async function eventually(what: string, condition: () => Promise<boolean>, deadlineMs = 10_000): Promise<number> {
  const start = Date.now();
  while (!(await condition())) {
    if (Date.now() - start > deadlineMs) throw new Error(`never happened: ${what}`);
    await sleep(20);
  }
  return Date.now() - start;
}

describe('app roles and claims', () => {
  let t: TestApp;
  let resource: INestApplication;
  let resourceUrl: string;
  let adminSession: Session;

  beforeAll(async () => {
    t = await startTestApp({ ROLES: 'editor,billing', REVOCATION_FEED_SECRET: SECRET });
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
      controllers: [EditorController],
    })
    class ResourceModule {}
    resource = await NestFactory.create(ResourceModule, new FastifyAdapter(), { logger: false });
    await resource.listen(0, '127.0.0.1');
    const address = resource.getHttpServer().address();
    resourceUrl = `http://127.0.0.1:${address.port}`;
    adminSession = await loginAs(t.url, await newAdmin(t));
  });

  afterAll(async () => {
    await resource?.close();
    await t?.close();
  });

  const patch = (id: string, body: unknown) => http(t.url, 'PATCH', `/admin/users/${id}`, { token: adminSession.accessToken, body });

  it('puts app roles and claims in the next token, and refuses older tokens with token_outdated at the service and at a guard', async () => {
    const user: TestUser = await newUser(t.url);
    const old = await loginAs(t.url, user);
    // the guard learns of the session first (its feed is started) and admits the old token
    expect((await http(resourceUrl, 'GET', '/whoami', { token: old.accessToken })).status).toBe(200);
    expect((await http(resourceUrl, 'GET', '/articles', { token: old.accessToken })).body.code).toBe('forbidden');

    const changed = await patch(user.id, { roles: ['user', 'editor'], claims: { tenant: 'acme' } });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ roles: ['user', 'editor'], claims: { tenant: 'acme' } });

    // at the service at once
    const atService = await http(t.url, 'GET', '/auth/me', { token: old.accessToken });
    expect(atService.status).toBe(401);
    expect(atService.body.code).toBe('token_outdated');
    // at the guard within the push latency
    const latency = await eventually(
      'the guard refuses the old token',
      async () => (await http(resourceUrl, 'GET', '/whoami', { token: old.accessToken })).body.code === 'token_outdated',
    );
    expect(latency).toBeLessThan(3000);

    // a refresh answers a token with the new roles and claims, accepted everywhere
    const fresh = await refresh(t.url, old.refreshToken);
    expect(fresh.status).toBe(200);
    const claims = decodeJwt(fresh.body.accessToken);
    expect(claims.roles).toEqual(['user', 'editor']);
    expect(claims.claims).toEqual({ tenant: 'acme' });
    expect((await http(t.url, 'GET', '/auth/me', { token: fresh.body.accessToken })).status).toBe(200);
    const articles = await http(resourceUrl, 'GET', '/articles', { token: fresh.body.accessToken });
    expect(articles.status).toBe(200);
    expect(articles.body).toEqual({ tenant: 'acme', roles: ['user', 'editor'] });
    // a new login too
    expect(decodeJwt((await loginAs(t.url, user)).accessToken).claims).toEqual({ tenant: 'acme' });

    const audit = await auditTypes(t.db, { userId: user.id, type: ['roles_changed', 'claims_changed'] });
    expect(audit.sort()).toEqual(['claims_changed', 'roles_changed']);
  });

  it('carries the change on the revocations feed as { sub, notBefore, until }', async () => {
    const user = await newUser(t.url);
    await patch(user.id, { claims: { tenant: 'feed' } });
    const feed = await http(t.url, 'GET', '/auth/revocations', { token: SECRET });
    expect(feed.status).toBe(200);
    const entry = feed.body.revoked.find((e: { sub?: string }) => e.sub === user.id);
    expect(entry).toEqual({ sub: user.id, notBefore: expect.any(String), until: expect.any(String) });
    expect(Date.parse(entry.until) - Date.parse(entry.notBefore)).toBeGreaterThanOrEqual(t.config.ACCESS_TOKEN_TTL * 1000);
  });

  it("refuses a demoted admin's token at once, and a second admin can no longer act with it", async () => {
    const second = await newAdmin(t);
    const session = await loginAs(t.url, second);
    expect((await http(t.url, 'GET', '/admin/users', { token: session.accessToken })).status).toBe(200);
    expect((await patch(second.id, { roles: ['user'] })).status).toBe(200);
    const after = await http(t.url, 'GET', '/admin/users', { token: session.accessToken });
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('token_outdated');
  });

  it('changes nothing, and outdates nothing, when the roles and claims stay the same', async () => {
    const user = await newUser(t.url);
    const session = await loginAs(t.url, user);
    expect((await patch(user.id, { roles: ['user'], claims: {} })).status).toBe(200);
    expect((await http(t.url, 'GET', '/auth/me', { token: session.accessToken })).status).toBe(200);
  });

  it.each([
    [{ roles: ['user', 'root'] }, 'roles'],
    [{ roles: ['User'] }, 'roles'],
    [{ roles: [] }, 'roles'],
    [{ claims: { sub: 'x' } }, 'claims'],
    [{ claims: { roles: ['admin'] } }, 'claims'],
    [{ claims: ['a'] }, 'claims'],
    [{ claims: 'a' }, 'claims'],
    [{ claims: { big: 'x'.repeat(1100) } }, 'claims'],
  ])('refuses %j with 400 validation_failed naming the field, changing nothing', async (body, field) => {
    const user = await newUser(t.url);
    const response = await patch(user.id, body);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation_failed');
    expect(response.body.details.map((d: { field: string }) => d.field)).toContain(field);
    expect(await userRow(t.db, user.id)).toEqual(expect.objectContaining({ roles: ['user'], claims: {}, tokens_not_before: null }));
  });

  it('refuses a token issued between two changes made within one second', async () => {
    const user = await newUser(t.url);
    const session = await loginAs(t.url, user);
    await patch(user.id, { roles: ['user', 'editor'] });
    const between = await refresh(t.url, session.refreshToken);
    expect(decodeJwt(between.body.accessToken).roles).toEqual(['user', 'editor']);
    await patch(user.id, { roles: ['user'] });
    const refused = await http(t.url, 'GET', '/auth/me', { token: between.body.accessToken });
    expect([refused.status, refused.body.code]).toEqual([401, 'token_outdated']);
    await eventually(
      'the guard refuses it too',
      async () => (await http(resourceUrl, 'GET', '/articles', { token: between.body.accessToken })).body.code === 'token_outdated',
    );
    const after = await refresh(t.url, between.body.refreshToken);
    expect((await http(t.url, 'GET', '/auth/me', { token: after.body.accessToken })).status).toBe(200);
    expect((await http(resourceUrl, 'GET', '/articles', { token: after.body.accessToken })).body.code).toBe('forbidden');
  });

  it('issues tokens after a change that are never outdated, even within the second of the change', async () => {
    const user = await newUser(t.url);
    const session = await loginAs(t.url, user);
    let refreshToken = session.refreshToken;
    for (let i = 0; i < 5; i++) {
      await patch(user.id, { claims: { n: i } });
      const fresh = await refresh(t.url, refreshToken);
      expect(fresh.status).toBe(200);
      refreshToken = fresh.body.refreshToken;
      const me = await http(t.url, 'GET', '/auth/me', { token: fresh.body.accessToken });
      expect(me.status).toBe(200);
    }
  });
});
