import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { createAuthClient, type AuthClient, type AuthClientOptions } from './client.js';
import { AuthClientError } from './errors.js';
import { memoryStorage } from './storage.js';
import { ChannelHub, FakeAuthServer, FakeLocks } from './testing/fake-auth-server.js';
import type { SessionEndReason, StorageAdapter } from './types.js';

const API = 'https://api.test/data';

describe('createAuthClient', () => {
  let server: FakeAuthServer;
  let clients: AuthClient[];

  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
    server = new FakeAuthServer(60);
    clients = [];
  });
  afterEach(() => {
    for (const client of clients) client.dispose();
    jest.useRealTimers();
  });

  /** A client ("tab") of the fake server; pass shared locks/channels for several tabs. */
  function tab(overrides: Partial<AuthClientOptions> = {}) {
    const ended: SessionEndReason[] = [];
    const client = createAuthClient({
      baseUrl: server.base,
      mode: 'bearer',
      fetch: server.fetch,
      deviceId: 'device-0001',
      crossTab: false,
      onSessionEnd: (reason) => ended.push(reason),
      ...overrides,
    });
    clients.push(client);
    return { client, ended };
  }

  const expireAccessToken = () => jest.advanceTimersByTimeAsync(61_000);

  describe('single flight', () => {
    it('makes one refresh for 50 concurrent fetch calls with an expired token, and all succeed', async () => {
      const { client } = tab();
      await client.login({ email: 'a@b.c', password: 'pw' });
      await expireAccessToken();
      const responses = await Promise.all(Array.from({ length: 50 }, () => client.fetch(API)));
      expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));
      expect(server.refreshes).toBe(1);
      expect(server.apiCalls).toBe(50);
    });

    it('refreshes shortly before expiry rather than after a 401', async () => {
      const { client } = tab();
      await client.login({ email: 'a@b.c', password: 'pw' });
      await jest.advanceTimersByTimeAsync(50_000); // 10 s left: inside the 30 s (capped at 12 s) margin
      expect((await client.fetch(API)).status).toBe(200);
      expect(server.refreshes).toBe(1);
      expect(server.apiCalls).toBe(1);
    });
  });

  describe('401 token_expired', () => {
    it('refreshes once and retries once, then returns the answer as it is', async () => {
      const { client, ended } = tab();
      await client.login({ email: 'a@b.c', password: 'pw' });
      server.forceExpired = 1;
      const first = await client.fetch(API, { method: 'POST', body: 'x' });
      expect(first.status).toBe(200);
      expect([server.refreshes, server.apiCalls]).toEqual([1, 2]);

      server.forceExpired = 2;
      const second = await client.fetch(API);
      expect(second.status).toBe(401);
      expect([server.refreshes, server.apiCalls]).toEqual([2, 4]);
      expect(ended).toEqual([]);
    });

    it('refreshes once and retries once on token_outdated (the roles changed), keeping the session', async () => {
      const { client, ended } = tab();
      await client.login({ email: 'a@b.c', password: 'pw' });
      server.forceOutdated = 1;
      const response = await client.fetch(API);
      expect(response.status).toBe(200);
      expect([server.refreshes, server.apiCalls]).toEqual([1, 2]);
      expect(ended).toEqual([]);
    });

    it('retries a Request object with its body', async () => {
      const { client } = tab();
      await client.login({ email: 'a@b.c', password: 'pw' });
      server.forceExpired = 1;
      const response = await client.fetch(new Request(API, { method: 'POST', body: 'payload' }));
      expect(response.status).toBe(200);
    });
  });

  describe('transient failures keep the session', () => {
    it('recovers a lost refresh response: the retry presents the same token and gets the same child', async () => {
      const { client, ended } = tab();
      const session = await client.login({ email: 'a@b.c', password: 'pw' });
      await expireAccessToken();
      server.faults.push({ kind: 'lost' });
      const call = client.fetch(API);
      await jest.advanceTimersByTimeAsync(600);
      expect((await call).status).toBe(200);
      expect(server.refreshes).toBe(1); // the lost rotation and the retry made one generation
      expect(server.lastRefreshBody).toEqual({ refreshToken: session.refreshToken, deviceId: 'device-0001' });
      expect(ended).toEqual([]);
      // the family goes on with the child
      await expireAccessToken();
      expect((await client.fetch(API)).status).toBe(200);
      expect(server.refreshes).toBe(2);
    });

    it.each([
      ['a network error', { kind: 'network' } as const],
      ['a 503', { kind: 'status', status: 503, code: 'unavailable' } as const],
      ['a 429', { kind: 'status', status: 429, code: 'rate_limited' } as const],
    ])('keeps the session when every attempt meets %s, and refreshes later', async (_name, fault) => {
      const { client, ended } = tab();
      await client.login({ email: 'a@b.c', password: 'pw' });
      await expireAccessToken();
      server.faults.push(fault, fault, fault, fault);
      const failing = client.fetch(API).catch((error: unknown) => error);
      await jest.advanceTimersByTimeAsync(4000);
      const error = (await failing) as AuthClientError;
      expect(error).toBeInstanceOf(AuthClientError);
      expect(error.transient).toBe(true);
      expect(ended).toEqual([]);
      expect(await client.getSession()).not.toBeNull(); // no fault left: this refreshes
      expect((await client.fetch(API)).status).toBe(200);
      expect(server.refreshes).toBe(1);
    });
  });

  describe('definitive answers end the session', () => {
    it.each(['refresh_token_reused', 'device_mismatch', 'refresh_token_expired', 'invalid_refresh_token', 'account_disabled'] as const)(
      'ends it on %s with that reason, and forgets the tokens',
      async (code) => {
        const storage = memoryStorage();
        const { client, ended } = tab({ storage });
        await client.login({ email: 'a@b.c', password: 'pw' });
        await expireAccessToken();
        server.faults.push({ kind: 'status', status: code === 'account_disabled' ? 403 : 401, code });
        const response = await client.fetch(API);
        expect(response.status).toBe(401); // sent without a token: the app sees it is signed out
        expect(ended).toEqual([code]);
        expect(await client.getAccessToken()).toBeNull();
        expect(await storage.getItem('auth-client:https://auth.test:session')).toBeNull();
        expect(server.refreshes).toBe(0);
      },
    );

    it('ends it with session_revoked when an API answers so (an admin ended it)', async () => {
      const { client, ended } = tab();
      await client.login({ email: 'a@b.c', password: 'pw' });
      server.familyAlive = false;
      expect((await client.fetch(API)).status).toBe(401);
      expect(ended).toEqual(['session_revoked']);
      expect(await client.getAccessToken()).toBeNull();
    });

    it('does not end it for other 401s (a resource service with another audience)', async () => {
      const { client, ended } = tab();
      await client.login({ email: 'a@b.c', password: 'pw' });
      const response = await client.fetch('https://api.test/other-audience');
      expect(response.status).toBe(401);
      expect(ended).toEqual([]);
      expect(server.refreshes).toBe(0);
      expect(await client.getAccessToken()).not.toBeNull();
    });
  });

  describe('across tabs', () => {
    it('two cookie-mode tabs firing 20 calls each after expiry make one refresh, and both adopt it', async () => {
      const locks = new FakeLocks();
      const hub = new ChannelHub();
      const a = tab({ mode: 'cookie', crossTab: { locks, channel: hub.channel('tabs') } });
      const b = tab({ mode: 'cookie', crossTab: { locks, channel: hub.channel('tabs') } });
      await a.client.login({ email: 'a@b.c', password: 'pw' });
      await jest.advanceTimersByTimeAsync(0); // b adopts the login over the channel
      expect((await b.client.getSession())?.sessionId).toBe('family-1');
      await expireAccessToken();
      const calls = [...Array.from({ length: 20 }, () => a.client.fetch(API)), ...Array.from({ length: 20 }, () => b.client.fetch(API))];
      const responses = await Promise.all(calls);
      expect(responses.map((r) => r.status)).toEqual(Array(40).fill(200));
      expect(server.refreshes).toBe(1);
      expect(await a.client.getAccessToken()).toBe(await b.client.getAccessToken());
      expect(a.ended).toEqual([]);
      expect(b.ended).toEqual([]);
    });

    it('re-reads shared storage before refreshing and adopts the token another tab stored', async () => {
      const storage = memoryStorage(); // as localStorage: shared by both tabs, no channel
      const a = tab({ storage });
      const b = tab({ storage });
      await a.client.login({ email: 'a@b.c', password: 'pw' });
      await expireAccessToken();
      expect((await b.client.fetch(API)).status).toBe(200);
      expect((await a.client.fetch(API)).status).toBe(200);
      expect(server.refreshes).toBe(1);
    });

    it('does not wait for ever on a frozen tab holding the lock: it refreshes after the lock timeout', async () => {
      const locks = new FakeLocks();
      const { client } = tab({ crossTab: { locks, channel: null }, lockTimeoutMs: 5000 });
      await client.login({ email: 'a@b.c', password: 'pw' });
      await expireAccessToken();
      const release = locks.hold('auth-client:https://auth.test:refresh');
      let settled = false;
      const call = client.fetch(API).then((r) => ((settled = true), r));
      await jest.advanceTimersByTimeAsync(4000);
      expect(settled).toBe(false);
      await jest.advanceTimersByTimeAsync(2500);
      expect((await call).status).toBe(200);
      expect(server.refreshes).toBe(1);
      release();
    });

    it('logout in one tab ends the session in the other, with reason logout', async () => {
      const hub = new ChannelHub();
      const a = tab({ mode: 'cookie', crossTab: { locks: null, channel: hub.channel('tabs') } });
      const b = tab({ mode: 'cookie', crossTab: { locks: null, channel: hub.channel('tabs') } });
      await a.client.login({ email: 'a@b.c', password: 'pw' });
      await jest.advanceTimersByTimeAsync(0);
      await a.client.logout();
      await jest.advanceTimersByTimeAsync(0);
      expect(a.ended).toEqual(['logout']);
      expect(b.ended).toEqual(['logout']);
      expect(await b.client.getAccessToken()).toBeNull();
      expect(server.cookie).toBeNull();
    });
  });

  describe('logout', () => {
    it('in bearer mode sends the refresh token (no refresh for an expired access token) and ends the session', async () => {
      const { client, ended } = tab();
      const session = await client.login({ email: 'a@b.c', password: 'pw' });
      await expireAccessToken();
      await client.logout();
      expect(server.lastLogoutBody).toEqual({ refreshToken: session.refreshToken });
      expect(server.refreshes).toBe(0);
      expect(ended).toEqual(['logout']);
      expect(await client.getAccessToken()).toBeNull();
    });

    it('ends the session here even when the server cannot be reached', async () => {
      const { client, ended } = tab({
        fetch: async (input, init) =>
          String(input).endsWith('/auth/logout') ? Promise.reject(new TypeError('Failed to fetch')) : server.fetch(input, init),
      });
      await client.login({ email: 'a@b.c', password: 'pw' });
      await expect(client.logout()).rejects.toThrow('Failed to fetch');
      expect(ended).toEqual(['logout']);
    });
  });

  describe('cookie mode', () => {
    it('restores the session from the cookie after a reload (memory storage)', async () => {
      const first = tab({ mode: 'cookie' });
      await first.client.login({ email: 'a@b.c', password: 'pw' });
      expect(server.lastRefreshBody).toBeUndefined();
      const reloaded = tab({ mode: 'cookie' });
      const session = await reloaded.client.getSession();
      expect(session?.sessionId).toBe('family-1');
      expect(session?.refreshToken).toBeUndefined();
      expect(server.lastRefreshBody).toEqual({ deviceId: 'device-0001' });
    });

    it('asks the cookie once when there is no session, and does not report an ended session', async () => {
      const { client, ended } = tab({ mode: 'cookie' });
      expect(await client.getSession()).toBeNull();
      expect(await client.getAccessToken()).toBeNull();
      expect((await client.fetch(API)).status).toBe(401);
      expect(ended).toEqual([]);
      expect(server.lastRefreshBody).toEqual({ deviceId: 'device-0001' });
    });

    it('refuses the envelope, which protects a token JavaScript holds', () => {
      expect(() => createAuthClient({ baseUrl: server.base, mode: 'cookie', envelope: true })).toThrow(/bearer mode only/);
    });

    describe('rememberSignIn', () => {
      /** The browser's localStorage: shared by the tabs of an origin, kept across visits. */
      let local: StorageAdapter;
      beforeEach(() => {
        local = memoryStorage();
      });
      const visit = () => tab({ mode: 'cookie', rememberSignIn: true, deviceStorage: local });

      it('asks the server nothing on a first visit, so no 401 is logged', async () => {
        const { client, ended } = visit();
        expect(await client.getSession()).toBeNull();
        expect(await client.getAccessToken()).toBeNull();
        expect(server.refreshes).toBe(0);
        expect(ended).toEqual([]);
      });

      it('restores the session from the cookie on a later visit', async () => {
        await visit().client.login({ email: 'a@b.c', password: 'pw' });
        const later = visit();
        expect((await later.client.getSession())?.sessionId).toBe('family-1');
        expect(server.refreshes).toBe(1);
        expect(await local.getItem('auth-client:https://auth.test:signed-in')).toBe('1');
      });

      it('forgets the flag when the session ends, so the next visit asks nothing again', async () => {
        const first = visit();
        await first.client.login({ email: 'a@b.c', password: 'pw' });
        await first.client.logout();
        expect(await local.getItem('auth-client:https://auth.test:signed-in')).toBeNull();
        expect(await visit().client.getSession()).toBeNull();
        expect(server.refreshes).toBe(0);
      });

      it('finds a session another tab started after this one had looked', async () => {
        const waiting = visit();
        expect(await waiting.client.getSession()).toBeNull();
        await visit().client.login({ email: 'a@b.c', password: 'pw' });
        expect((await waiting.client.getSession())?.sessionId).toBe('family-1');
      });

      it('is for cookie mode only', () => {
        expect(() => createAuthClient({ baseUrl: server.base, mode: 'bearer', rememberSignIn: true })).toThrow(/cookie mode only/);
      });
    });
  });

  describe('envelope', () => {
    it('seals bearer-mode refreshes to the JWKS enc key (RSA-OAEP-256, A256GCM) with the token, device and time', async () => {
      await server.enableEnvelope();
      const { client } = tab({ envelope: true });
      const session = await client.login({ email: 'a@b.c', password: 'pw' });
      await expireAccessToken();
      expect((await client.fetch(API)).status).toBe(200);
      expect(Object.keys(server.lastRefreshBody ?? {})).toEqual(['envelope']);
      expect(server.lastEnvelope).toEqual({
        refreshToken: session.refreshToken,
        deviceId: 'device-0001',
        ts: Math.floor(Date.now() / 1000),
        header: { alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: 'enc-1' },
      });
      expect(server.refreshes).toBe(1);
    });
  });

  describe('storage', () => {
    /** An AsyncStorage-like adapter: every method returns a promise. */
    function asyncStorage(): StorageAdapter & { items: Map<string, string> } {
      const items = new Map<string, string>();
      return {
        items,
        getItem: async (key) => items.get(key) ?? null,
        setItem: async (key, value) => void items.set(key, value),
        removeItem: async (key) => void items.delete(key),
      };
    }

    it('keeps the session and a generated device id in an async storage across restarts', async () => {
      const storage = asyncStorage();
      const first = tab({ storage, deviceStorage: storage, deviceId: undefined });
      await first.client.login({ email: 'a@b.c', password: 'pw' });
      const deviceId = storage.items.get('auth-client:https://auth.test:device');
      expect(deviceId).toMatch(/^[0-9a-f]{32}$/);
      first.client.dispose();

      const restarted = tab({ storage, deviceStorage: storage, deviceId: undefined });
      await expireAccessToken();
      expect((await restarted.client.fetch(API)).status).toBe(200);
      expect(server.lastRefreshBody).toMatchObject({ deviceId: 'device-0001' });
      await restarted.client.login({ email: 'a@b.c', password: 'pw' });
      expect(storage.items.get('auth-client:https://auth.test:device')).toBe(deviceId);
    });
  });

  it('dispose stops the client: later calls fail and other tabs are no longer heard', async () => {
    const hub = new ChannelHub();
    const a = tab({ crossTab: { locks: null, channel: hub.channel('tabs') } });
    const b = tab({ crossTab: { locks: null, channel: hub.channel('tabs') } });
    b.client.dispose();
    await a.client.login({ email: 'a@b.c', password: 'pw' });
    await a.client.logout();
    await jest.advanceTimersByTimeAsync(0);
    expect(b.ended).toEqual([]);
    await expect(b.client.getAccessToken()).rejects.toMatchObject({ code: 'disposed' });
  });
});
