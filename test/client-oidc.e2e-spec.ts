import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { buildClientPackage } from './support/client-build.js';
import { APP_REDIRECT, deliver, followToCallback, PROVIDER, startOidcFixture, type OidcFixture } from './support/oidc.js';

/** What this test uses of the built client (typed here: the server's tsconfig has no DOM types). */
interface AuthClient {
  providers(): Promise<{ id: string; name: string }[]>;
  signInWith(
    provider: string,
    options: { mode?: 'cookie' | 'code'; redirectUri?: string; navigate?: (url: string) => void },
  ): Promise<string>;
  completeSignIn(url?: string): Promise<{ sessionId: string; accessToken: string } | null>;
  identities(): Promise<{ provider: string; subject: string; email: string | null }[]>;
  linkToken(): Promise<string>;
  me(): Promise<{ email: string }>;
  dispose(): void;
}

/** The client package's provider sign-in (mode=code with its own PKCE) against the real service and provider. */
describe('the client: sign in with an OpenID Connect provider', () => {
  let fx: OidcFixture;
  let createAuthClient: (options: Record<string, unknown>) => AuthClient;
  const clients: AuthClient[] = [];

  beforeAll(async () => {
    const built = buildClientPackage('oidc-node');
    ({ createAuthClient } = (await import(path.join(built, 'index.js'))) as {
      createAuthClient(options: Record<string, unknown>): AuthClient;
    });
    fx = await startOidcFixture();
  });
  afterAll(async () => {
    for (const client of clients) client.dispose();
    await fx.close();
  });

  function newClient(mode: 'bearer' | 'cookie' = 'bearer'): AuthClient {
    const client = createAuthClient({ baseUrl: fx.t.url, mode, crossTab: false, deviceId: 'device-oidc-client-1' });
    clients.push(client);
    return client;
  }

  it('lists the providers, starts mode=code with an S256 challenge, and completes with its own verifier', async () => {
    const client = newClient();
    expect(await client.providers()).toEqual([{ id: PROVIDER, name: 'Test IdP' }]);
    let started = '';
    const returned = await client.signInWith(PROVIDER, { redirectUri: APP_REDIRECT, navigate: (url) => void (started = url) });
    expect(returned).toBe(started);
    const query = new URL(started).searchParams;
    expect(Object.fromEntries(query)).toMatchObject({
      mode: 'code',
      redirect_uri: APP_REDIRECT,
      code_challenge_method: 'S256',
      deviceId: 'device-oidc-client-1',
      code_challenge: expect.stringMatching(/^[\w-]{43}$/),
    });

    fx.accounts.dana = { email: 'dana@example.com', email_verified: true };
    fx.idp.next = { login: 'dana' };
    const { location } = await deliver(await followToCallback(fx, started), fx.t.url);
    const session = await client.completeSignIn(location.href);
    expect(session?.sessionId).toEqual(expect.any(String));
    expect((await client.me()).email).toBe('dana@example.com');
    expect(await client.identities()).toEqual([
      expect.objectContaining({ provider: PROVIDER, subject: 'dana', email: 'dana@example.com' }),
    ]);
    expect(await client.linkToken()).toMatch(/^[\w-]{40,}$/);
  });

  it('a code is useless to another client (it lacks the verifier)', async () => {
    const starter = newClient();
    let started = '';
    await starter.signInWith(PROVIDER, { redirectUri: APP_REDIRECT, navigate: (url) => void (started = url) });
    fx.accounts.erin = { email: 'erin@example.com' };
    fx.idp.next = { login: 'erin' };
    const { location } = await deliver(await followToCallback(fx, started), fx.t.url);
    const thief = newClient();
    await expect(thief.completeSignIn(location.href)).rejects.toMatchObject({ code: 'oidc_code_invalid' });
  });

  it('turns ?error= into an AuthClientError with that code', async () => {
    await expect(newClient().completeSignIn(`${APP_REDIRECT}?error=account_exists`)).rejects.toMatchObject({
      name: 'AuthClientError',
      code: 'account_exists',
    });
  });

  it('refuses mode=cookie in a bearer client (it could not keep the session)', async () => {
    await expect(
      newClient().signInWith(PROVIDER, { mode: 'cookie', redirectUri: APP_REDIRECT, navigate: () => undefined }),
    ).rejects.toThrow(TypeError);
  });
});
