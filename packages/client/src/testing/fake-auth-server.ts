import { compactDecrypt, exportJWK, generateKeyPair } from 'jose';
import type { ChannelLike, LockManagerLike } from '../types.js';

/** What the fake service does with the next refresh request, instead of answering normally. */
export type RefreshFault =
  | { kind: 'status'; status: number; code: string }
  /** The server rotates the token but the answer never arrives (a lost response). */
  | { kind: 'lost' }
  /** The request never reaches the server. */
  | { kind: 'network' };

interface Generation {
  token: string;
  rotatedAt: number | null;
  child: Generation | null;
}

/**
 * An in-memory auth service with the refresh semantics of docs/api.md: one-time refresh tokens,
 * a grace window answering the same child, reuse detection; access tokens that expire by the
 * (fake) clock; a protected GET /api/data. Counts every refresh it rotated.
 */
export class FakeAuthServer {
  readonly base = 'https://auth.test';
  refreshes = 0;
  apiCalls = 0;
  faults: RefreshFault[] = [];
  /** Cookie mode: the browser's cookie jar for the service. */
  cookie: string | null = null;
  familyAlive = true;
  private generations = new Map<string, Generation>();
  private accessTokens = new Map<string, number>();
  private counter = 0;
  lastRefreshBody: Record<string, unknown> | undefined;
  lastLogoutBody: Record<string, unknown> | undefined;
  /** Set by enableEnvelope: the server's envelope key pair; refreshes then accept `envelope`. */
  private envelopeKey: { privateKey: CryptoKey; jwk: Record<string, unknown> } | null = null;
  /** What the last envelope held once decrypted. */
  lastEnvelope: Record<string, unknown> | undefined;
  /** Answer 401 token_expired to the next n API calls whatever the token (clock skew). */
  forceExpired = 0;
  /** Answer 401 token_outdated to the next n API calls whatever the token (the user's roles changed). */
  forceOutdated = 0;

  constructor(
    private readonly accessTtl = 60,
    private readonly graceMs = 10_000,
  ) {}

  /** A token pair for a fresh login; in cookie mode the refresh token goes to the cookie jar. */
  loginPair(cookieMode = false): Record<string, unknown> {
    const generation = this.newGeneration();
    return this.pair(generation, cookieMode);
  }

  async enableEnvelope(): Promise<void> {
    const { publicKey, privateKey } = await generateKeyPair('RSA-OAEP-256', { extractable: true });
    this.envelopeKey = { privateKey, jwk: { ...(await exportJWK(publicKey)), kid: 'enc-1', use: 'enc', alg: 'RSA-OAEP-256' } };
  }

  fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(String(input instanceof Request ? input.url : input));
    const headers = new Headers(init.headers);
    const body =
      url.pathname.startsWith('/auth/') && typeof init.body === 'string' ? (JSON.parse(init.body) as Record<string, unknown>) : undefined;
    const cookieMode = headers.get('x-auth-mode') === 'cookie';
    if (url.pathname === '/.well-known/jwks.json')
      return json(200, { keys: this.envelopeKey ? [{ kty: 'EC', use: 'sig', kid: 'sig-1' }, this.envelopeKey.jwk] : [] });
    if (url.pathname === '/auth/login') return json(200, this.loginPair(cookieMode));
    if (url.pathname === '/auth/refresh') return this.refresh(body ?? {}, cookieMode);
    if (url.pathname === '/auth/logout') {
      this.lastLogoutBody = body;
      this.familyAlive = false;
      this.cookie = null;
      return new Response(null, { status: 204 });
    }
    this.apiCalls++;
    if (url.pathname === '/other-audience') return json(401, { code: 'invalid_token' });
    const token = headers.get('authorization')?.replace(/^Bearer /, '') ?? '';
    const expiresAt = this.accessTokens.get(token);
    if (expiresAt === undefined) return json(401, { code: 'invalid_token' });
    if (!this.familyAlive) return json(401, { code: 'session_revoked' });
    if (this.forceOutdated > 0) {
      this.forceOutdated--;
      return json(401, { code: 'token_outdated' });
    }
    if (this.forceExpired > 0) {
      this.forceExpired--;
      return json(401, { code: 'token_expired' });
    }
    if (Date.now() >= expiresAt) return json(401, { code: 'token_expired' });
    return json(200, { ok: true, path: url.pathname });
  };

  private async refresh(body: Record<string, unknown>, cookieMode: boolean): Promise<Response> {
    this.lastRefreshBody = body;
    const fault = this.faults.shift();
    if (fault?.kind === 'network') throw new TypeError('Failed to fetch');
    if (fault?.kind === 'status') return json(fault.status, { code: fault.code, message: fault.code });
    if (typeof body.envelope === 'string' && this.envelopeKey) {
      const { plaintext, protectedHeader } = await compactDecrypt(body.envelope, this.envelopeKey.privateKey);
      this.lastEnvelope = { ...JSON.parse(new TextDecoder().decode(plaintext)), header: protectedHeader };
    }
    const token = cookieMode ? this.cookie : ((this.lastEnvelope?.refreshToken ?? body.refreshToken) as string | undefined);
    const generation = token ? this.generations.get(token) : undefined;
    if (!generation || !this.familyAlive) return json(401, { code: 'invalid_refresh_token' });
    let answer: Generation;
    if (generation.rotatedAt === null) {
      answer = this.newGeneration();
      generation.rotatedAt = Date.now();
      generation.child = answer;
      this.refreshes++;
    } else if (Date.now() - generation.rotatedAt <= this.graceMs && generation.child && generation.child.rotatedAt === null) {
      answer = generation.child;
    } else {
      this.familyAlive = false;
      return json(401, { code: 'refresh_token_reused' });
    }
    const response = json(200, this.pair(answer, cookieMode));
    if (fault?.kind === 'lost') throw new TypeError('Failed to fetch');
    return response;
  }

  private newGeneration(): Generation {
    const generation = { token: `rt-${++this.counter}`, rotatedAt: null, child: null };
    this.generations.set(generation.token, generation);
    return generation;
  }

  private pair(generation: Generation, cookieMode: boolean): Record<string, unknown> {
    const accessToken = `at-${++this.counter}`;
    this.accessTokens.set(accessToken, Date.now() + this.accessTtl * 1000);
    if (cookieMode) this.cookie = generation.token;
    return {
      tokenType: 'Bearer',
      accessToken,
      expiresIn: this.accessTtl,
      ...(cookieMode ? {} : { refreshToken: generation.token }),
      refreshExpiresIn: 1209600,
      sessionId: 'family-1',
      deviceId: 'device-0001',
    };
  }
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/** Web Locks for tests: one holder per name, a FIFO of waiters, ifAvailable and abort signals. */
export class FakeLocks implements LockManagerLike {
  private held = new Set<string>();
  private queues = new Map<string, Array<() => void>>();

  async request<T>(
    name: string,
    options: { ifAvailable?: boolean; signal?: AbortSignal },
    callback: (lock: unknown) => Promise<T>,
  ): Promise<T> {
    if (this.held.has(name)) {
      if (options.ifAvailable) return callback(null);
      // granted by the releasing holder, which hands the lock over without freeing it
      await new Promise<void>((resolve, reject) => {
        const queue = this.queues.get(name) ?? [];
        this.queues.set(name, queue);
        const grant = () => {
          options.signal?.removeEventListener('abort', abort);
          resolve();
        };
        const abort = () => {
          queue.splice(queue.indexOf(grant), 1);
          reject(new DOMException('aborted', 'AbortError'));
        };
        options.signal?.addEventListener('abort', abort);
        queue.push(grant);
      });
    } else {
      this.held.add(name);
    }
    try {
      return await callback({ name });
    } finally {
      const next = this.queues.get(name)?.shift();
      if (next) next();
      else this.held.delete(name);
    }
  }

  /** Holds a lock until the returned function is called (a frozen tab). */
  hold(name: string): () => void {
    let release!: () => void;
    void this.request(name, {}, () => new Promise<void>((resolve) => (release = resolve)));
    return () => release();
  }
}

/** BroadcastChannel for tests: delivers to every other channel of the same name, asynchronously. */
export class ChannelHub {
  private members = new Set<ChannelLike & { name: string }>();

  channel(name: string): ChannelLike {
    const hub = this;
    const member = {
      name,
      onmessage: null as ChannelLike['onmessage'],
      postMessage(message: unknown) {
        const copy = structuredClone(message);
        for (const other of hub.members) {
          // a promise, not queueMicrotask, which jest's fake timers hold back
          if (other !== member && other.name === name) void Promise.resolve().then(() => other.onmessage?.({ data: copy }));
        }
      },
      close() {
        hub.members.delete(member);
      },
    };
    this.members.add(member);
    return member;
  }
}
