import { describe, expect, it } from '@jest/globals';
import { recordingLogger } from '../../../test/guard-fixtures.js';
import type { FetchLike } from './http-json.js';
import { RevocationFeed } from './revocation.feed.js';

/** A feed endpoint in memory that records the URLs and headers it was asked with. */
interface FakeFeed {
  pages: unknown[];
  requests: { url: string; headers: Record<string, string> }[];
  status: number;
  down: boolean;
  fetch: FetchLike;
}

function fakeFeed(): FakeFeed {
  const state: FakeFeed = {
    pages: [],
    requests: [],
    status: 200,
    down: false,
    fetch: (async (url, init) => {
      state.requests.push({ url, headers: init.headers ?? {} });
      if (state.down) throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') });
      const page = state.pages.length > 0 ? state.pages.shift() : { cursor: 'c-empty', revoked: [] };
      return { ok: state.status < 400, status: state.status, json: async () => page };
    }) as FetchLike,
  };
  return state;
}

function makeSut(options: { maxStalenessSeconds?: number; secret?: string; pollSeconds?: number } = {}) {
  const feed = fakeFeed();
  const logger = recordingLogger();
  const sut = new RevocationFeed({
    url: 'http://auth.test/auth/revocations',
    pollSeconds: 2,
    toleranceSeconds: 0,
    fetch: feed.fetch,
    logger,
    ...options,
  });
  return { sut, feed, logger };
}

const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

describe('RevocationFeed', () => {
  it('learns revoked sessions and asks from the cursor of the previous answer, with the secret', async () => {
    const { sut, feed } = makeSut({ secret: 'the-feed-secret-0001' });
    feed.pages.push({ cursor: 'c1', revoked: [{ sid: 's1', until: inMinutes(10) }] });
    feed.pages.push({ cursor: 'c2', revoked: [{ sid: 's2', until: inMinutes(10) }] });
    expect(await sut.poll()).toBe(true);
    expect(await sut.poll()).toBe(true);
    expect(sut.isRevoked('s1')).toBe(true);
    expect(sut.isRevoked('s2')).toBe(true);
    expect(sut.isRevoked('s3')).toBe(false);
    expect(feed.requests.map((r) => r.url)).toEqual(['http://auth.test/auth/revocations', 'http://auth.test/auth/revocations?since=c1']);
    expect(feed.requests[0].headers.authorization).toBe('Bearer the-feed-secret-0001');
  });

  it('learns users whose tokens before a change are outdated, beside ended sessions', async () => {
    const { sut, feed } = makeSut();
    const changedAt = Date.now();
    feed.pages.push({
      cursor: 'c1',
      revoked: [
        { sid: 's1', until: inMinutes(10) },
        { sub: 'u1', notBefore: new Date(changedAt).toISOString(), until: inMinutes(10) },
      ],
    });
    expect(await sut.poll()).toBe(true);
    const before = Math.floor(changedAt / 1000) - 1;
    expect(sut.isOutdated('u1', before)).toBe(true);
    expect(sut.isOutdated('u1', Math.ceil(changedAt / 1000))).toBe(false);
    expect(sut.isOutdated('u2', before)).toBe(false);
    expect(sut.isRevoked('s1')).toBe(true);
  });

  it('drops entries whose tokens have expired', async () => {
    const { sut, feed } = makeSut();
    feed.pages.push({
      cursor: 'c1',
      revoked: [
        { sid: 'past', until: inMinutes(-1) },
        { sid: 'live', until: inMinutes(5) },
      ],
    });
    await sut.poll();
    expect(sut.revoked.size).toBe(1);
    expect(sut.isRevoked('past')).toBe(false);
  });

  it('keeps what it knows when the feed is down, warns once, and says when it is back', async () => {
    const { sut, feed, logger } = makeSut();
    feed.pages.push({ cursor: 'c1', revoked: [{ sid: 's1', until: inMinutes(10) }] });
    await sut.poll();
    feed.down = true;
    expect(await sut.poll()).toBe(false);
    expect(await sut.poll()).toBe(false);
    expect(sut.isRevoked('s1')).toBe(true);
    expect(sut.isStale()).toBe(false); // no staleness limit: keep serving
    expect(logger.warnings).toEqual([expect.stringMatching(/unreachable: fetch failed \(connect ECONNREFUSED\).*still serving/)]);
    feed.down = false;
    expect(await sut.poll()).toBe(true);
    expect(logger.lines).toEqual([expect.stringContaining('reachable again')]);
    expect(feed.requests.at(-1)?.url).toContain('since=c1');
  });

  it('treats an error status or a malformed page as a failed poll', async () => {
    const { sut, feed } = makeSut();
    feed.status = 401;
    expect(await sut.poll()).toBe(false);
    feed.status = 200;
    for (const page of [
      { revoked: [] },
      { cursor: 'c', revoked: [{ sid: 1, until: 'x' }] },
      null,
      { cursor: 'c', revoked: [{ sid: 's', until: 'not a date' }] },
      { cursor: 'c', revoked: [{ sub: 'u', until: inMinutes(1) }] },
      { cursor: 'c', revoked: [{ sub: 'u', notBefore: 'x', until: inMinutes(1) }] },
    ]) {
      feed.pages.push(page);
      expect(await sut.poll()).toBe(false);
    }
    expect(sut.revoked.size).toBe(0);
  });

  it('with maxStalenessSeconds, is stale before the first poll and once its knowledge is older than that', async () => {
    const { sut, feed } = makeSut({ maxStalenessSeconds: 5 });
    expect(sut.isStale()).toBe(true);
    await sut.poll();
    expect(sut.isStale()).toBe(false);
    feed.down = true;
    await sut.poll();
    expect(sut.isStale(Date.now() + 4_000)).toBe(false);
    expect(sut.isStale(Date.now() + 6_000)).toBe(true);
  });

  it('polls every pollSeconds once started, and stops', async () => {
    const { sut, feed } = makeSut({ pollSeconds: 0.05 });
    await sut.start();
    await new Promise((r) => setTimeout(r, 300));
    sut.stop();
    const polled = feed.requests.length;
    expect(polled).toBeGreaterThanOrEqual(3);
    await new Promise((r) => setTimeout(r, 150));
    expect(feed.requests.length).toBe(polled);
  });
});
