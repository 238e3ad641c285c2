import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { EventSourceMessage } from 'eventsource-parser';
import { readEventStream } from '../packages/guard/src/event-stream.js';
import { RevocationFeed } from '../packages/guard/src/revocation.feed.js';
import { recordingLogger, sleep } from './guard-fixtures.js';
import { freePort, startProcess, type RunningProcess } from './guard-processes.js';
import { loginAs, newUser, type Session } from './support/factories.js';
import { http, startTestApp, type TestApp } from './support/test-app.js';

const SECRET = 'stream-feed-secret-0001';
const auth = { authorization: `Bearer ${SECRET}` };
const sse = { accept: 'text/event-stream' };

/** Waits until `condition` holds; the deadline only stops a broken test from hanging. */
async function eventually(what: string, condition: () => boolean | Promise<boolean>, deadlineMs = 30_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`never happened: ${what}`);
    await sleep(25);
  }
}

/** A raw SSE reader on a stream URL, collecting the revoked sids and event ids it is pushed. */
function openStream(url: string, headers: Record<string, string> = auth) {
  const controller = new AbortController();
  const state = { sids: new Set<string>(), ids: [] as string[], opened: false, ended: undefined as unknown };
  readEventStream(fetch as never, url, headers, 60_000, controller.signal, {
    onOpen: () => (state.opened = true),
    onAlive: () => undefined,
    onEvent: (event: EventSourceMessage) => {
      if (event.id) state.ids.push(event.id);
      for (const { sid } of JSON.parse(event.data).revoked) state.sids.add(sid);
    },
  }).then(
    () => (state.ended = 'ended'),
    (error) => (state.ended = error),
  );
  return { state, close: () => controller.abort(new Error('closed by the test')) };
}

/** A TCP proxy in front of `target` that the test can cut and restore, on a fixed port. */
async function cuttableProxy(target: URL) {
  const port = await freePort();
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  const up = () =>
    new Promise<void>((resolve) => {
      server = createServer((client) => {
        const upstream = createConnection(Number(target.port), target.hostname);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => undefined);
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, '127.0.0.1', () => resolve());
    });
  const down = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server?.close(() => resolve());
    });
  await up();
  return { url: `http://127.0.0.1:${port}`, up, down };
}

function feed(base: string, options: { streamUrl?: string; pollSeconds?: number; maxStalenessSeconds?: number } = {}) {
  const logger = recordingLogger();
  const sut = new RevocationFeed({
    url: `${base}/auth/revocations`,
    streamUrl: `${base}/auth/revocations/stream`,
    secret: SECRET,
    // an hour: in these tests only the stream can deliver, unless a test says otherwise
    pollSeconds: 3600,
    toleranceSeconds: 0,
    logger,
    ...options,
  });
  return { sut, logger };
}

describe('GET /auth/revocations/stream and the guard on it, two instances on one database', () => {
  let a: TestApp;
  let b: RunningProcess;
  let bUrl: string;

  beforeAll(async () => {
    a = await startTestApp({ REVOCATION_FEED_SECRET: SECRET, REVOCATION_STREAM_HEARTBEAT: '1' });
    const port = await freePort();
    bUrl = `http://127.0.0.1:${port}`;
    // the second instance is a real process of the built service, on the same database
    b = await startProcess(
      'dist/src/main.js',
      {
        DATABASE_URL: a.databaseUrl,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: mkdtempSync(path.join(tmpdir(), 'auth-b-')),
        MASTER_KEY: 'a'.repeat(64),
        AUTH_ISSUER: 'http://auth.test',
        REVOCATION_FEED_SECRET: SECRET,
        REVOCATION_STREAM_HEARTBEAT: '1',
      },
      `${bUrl}/health`,
    );
  });
  afterAll(async () => {
    await b?.stop();
    await a?.close();
  });

  const session = async (base: string): Promise<Session> => loginAs(base, await newUser(base));
  const logout = async (base: string, s: Session) =>
    expect((await http(base, 'POST', '/auth/logout', { token: s.accessToken })).status).toBe(204);

  it('refuses a missing secret (401), and a malformed Last-Event-ID or heartbeat or no Accept: text/event-stream (400), as JSON', async () => {
    expect((await http(a.url, 'GET', '/auth/revocations/stream', { headers: sse })).body).toMatchObject({
      statusCode: 401,
      code: 'invalid_token',
    });
    for (const [headers, query] of [
      [{ ...sse, ...auth, 'last-event-id': 'not-a-cursor!' }, ''],
      [{ ...sse, ...auth }, '?heartbeat=0'],
      [{ ...sse, ...auth }, '?heartbeat=x'],
      [{ ...sse, ...auth }, '?since=%00'],
      [auth, ''],
    ] as const) {
      const response = await http(a.url, 'GET', `/auth/revocations/stream${query}`, { headers });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: 'validation_failed' });
    }
  });

  it('pushes a family ended on either instance to the streams of both', async () => {
    const onA = openStream(`${a.url}/auth/revocations/stream`);
    const onB = openStream(`${bUrl}/auth/revocations/stream`);
    try {
      await eventually(
        'both streams open',
        () => onA.state.opened && onB.state.opened && onA.state.ids.length > 0 && onB.state.ids.length > 0,
      );
      const endedOnA = await session(a.url);
      const endedOnB = await session(bUrl);
      const alive = await session(a.url);
      await logout(a.url, endedOnA);
      await logout(bUrl, endedOnB);
      for (const stream of [onA, onB]) {
        await eventually('both kills pushed', () => stream.state.sids.has(endedOnA.sessionId) && stream.state.sids.has(endedOnB.sessionId));
        expect(stream.state.sids.has(alive.sessionId)).toBe(false);
      }
    } finally {
      onA.close();
      onB.close();
    }
  });

  it('replays what came after Last-Event-ID to a stream that reconnects', async () => {
    const first = openStream(`${a.url}/auth/revocations/stream`);
    await eventually('the catch-up event', () => first.state.ids.length > 0);
    const cursor = first.state.ids.at(-1)!;
    first.close();
    const missed = await session(a.url);
    await logout(bUrl, missed);
    const resumed = openStream(`${a.url}/auth/revocations/stream`, { ...auth, 'last-event-id': cursor });
    try {
      await eventually('the missed kill replayed', () => resumed.state.sids.has(missed.sessionId));
    } finally {
      resumed.close();
    }
  });

  it('a guard learns a kill made on the other instance through the stream, never polling', async () => {
    const { sut } = feed(a.url);
    await sut.start();
    try {
      await eventually('the stream open', () => sut.isStreaming);
      const victim = await session(a.url);
      await logout(bUrl, victim);
      await eventually('the guard refusing the session', () => sut.isRevoked(victim.sessionId));
      expect(sut.isStreaming).toBe(true);
    } finally {
      sut.stop();
    }
  });

  it('a guard cut off from the auth service catches up from its cursor when it reconnects', async () => {
    const proxy = await cuttableProxy(new URL(a.url));
    const { sut, logger } = feed(proxy.url);
    await sut.start();
    try {
      await eventually('the stream open', () => sut.isStreaming);
      await proxy.down();
      await eventually('the guard noticing the break', () => !sut.isStreaming);
      const victim = await session(a.url);
      await logout(bUrl, victim);
      await sleep(500);
      expect(sut.isRevoked(victim.sessionId)).toBe(false); // no way to learn it while cut off
      await proxy.up();
      await eventually('the guard catching up', () => sut.isRevoked(victim.sessionId));
      expect(logger.lines).toEqual(expect.arrayContaining([expect.stringMatching(/revocation stream open again/)]));
    } finally {
      sut.stop();
      await proxy.down();
    }
  });

  it('falls back to polling when the stream is dead: a stream that never speaks, or none at all', async () => {
    let attempts = 0;
    const silent: HttpServer = createHttpServer((_request, response) => {
      attempts++;
      response.writeHead(200, { 'content-type': 'text/event-stream' }); // and then nothing, ever
      response.flushHeaders();
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
    const address = silent.address();
    const silentUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/auth/revocations/stream`;
    const guards = [
      feed(a.url, { streamUrl: silentUrl, pollSeconds: 0.2, maxStalenessSeconds: 2 }).sut,
      feed(a.url, { streamUrl: `${a.url}/auth/no-such-stream`, pollSeconds: 0.2 }).sut,
    ];
    try {
      for (const guard of guards) await guard.start();
      await eventually('the silent stream given up and tried again', () => attempts >= 2);
      const victim = await session(a.url);
      await logout(bUrl, victim);
      for (const guard of guards) await eventually('the kill learned by polling', () => guard.isRevoked(victim.sessionId));
      expect(guards.map((g) => g.isStreaming)).toEqual([false, false]);
    } finally {
      for (const g of guards) g.stop();
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('with maxStalenessSeconds, heartbeats keep a streaming guard fresh and it fails closed once cut off', async () => {
    const proxy = await cuttableProxy(new URL(a.url));
    const { sut } = feed(proxy.url, { maxStalenessSeconds: 2 });
    await sut.start();
    try {
      await eventually('the stream open', () => sut.isStreaming);
      await sleep(3_000); // longer than the staleness limit: only heartbeats keep it fresh
      expect(sut.isStale()).toBe(false);
      await proxy.down();
      await eventually('the guard refusing everything', () => sut.isStale());
    } finally {
      sut.stop();
      await proxy.down();
    }
  });
});

describe('REVOCATION_STREAMS_MAX', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ REVOCATION_FEED_SECRET: SECRET, REVOCATION_STREAMS_MAX: '2' })));
  afterAll(async () => t?.close());

  it('answers 429 rate_limited with Retry-After past the limit, and admits again once a stream closes', async () => {
    const open = [openStream(`${t.url}/auth/revocations/stream`), openStream(`${t.url}/auth/revocations/stream`)];
    try {
      await eventually('two streams open', () => open.every((s) => s.state.ids.length > 0));
      const refused = await http(t.url, 'GET', '/auth/revocations/stream', { headers: { ...sse, ...auth } });
      expect(refused.status).toBe(429);
      expect(refused.body).toMatchObject({ code: 'rate_limited' });
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      open[0].close();
      const again = openStream(`${t.url}/auth/revocations/stream`);
      open.push(again);
      await eventually('a stream admitted again', () => again.state.ids.length > 0);
    } finally {
      for (const s of open) s.close();
    }
  });
});
