import { AuthClientError, DEFINITIVE_CODES, errorCodeOf, isTransientStatus } from './errors.js';
import type { Tabs, TabMessage } from './tabs.js';
import type { SessionEndReason, StorageAdapter, StoredSession, TokenPair } from './types.js';

export interface KeeperOptions {
  mode: 'cookie' | 'bearer';
  storage: StorageAdapter;
  storageKey: string;
  tabs: Tabs;
  /** Sends POST /auth/refresh for this session (null: cookie mode with no session known yet). */
  sendRefresh: (session: StoredSession | null) => Promise<Response>;
  /** Called before a retry after envelope_invalid (the envelope key may have rotated). */
  onEnvelopeInvalid?: () => void;
  /** Refresh this long before the access token expires (capped at a fifth of its lifetime). */
  refreshMarginMs: number;
  /** Waits between attempts of a refresh that met a network error or a 5xx. */
  retryDelaysMs: number[];
  /** How long a tab that waited for another tab's refresh waits for its outcome message. */
  adoptWaitMs: number;
  /**
   * Cookie mode: a flag kept where every tab of the origin sees it, on while this browser may
   * hold a session cookie. Without it, a tab that knows no session tries the cookie once; with
   * it off, it does not (a first visit asks /auth/refresh nothing, and meets no 401).
   */
  signInHint?: { storage: StorageAdapter; key: string };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The one owner of the session and its refresh. Every caller in a tab awaits the same
 * in-flight refresh; across tabs one tab refreshes under a lock and the others adopt its
 * result; storage is re-read before refreshing; a network error or 5xx keeps the session (the
 * server's grace window answers a retried refresh with the same child); only a definitive
 * answer ends it, in every tab, through onSessionEnd.
 */
export class SessionKeeper {
  /** undefined: not read from storage yet. */
  private session: StoredSession | null | undefined;
  /** Bumped whenever the session changes (here or adopted from another tab). */
  private epoch = 0;
  private inflight: Promise<StoredSession | null> | null = null;
  /** Cookie mode: the cookie was tried and holds no session, so do not ask again until a login. */
  private signedOut = false;
  private waiters = new Set<() => void>();
  private endListeners = new Set<(reason: SessionEndReason) => void>();
  private changeListeners = new Set<(session: StoredSession | null) => void>();
  private disposed = false;

  constructor(private readonly options: KeeperOptions) {
    options.tabs.onMessage((message) => void this.onTabMessage(message));
  }

  onSessionEnd(listener: (reason: SessionEndReason) => void): () => void {
    this.endListeners.add(listener);
    return () => this.endListeners.delete(listener);
  }

  onChange(listener: (session: StoredSession | null) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** The session as known now, read from storage the first time. */
  async current(): Promise<StoredSession | null> {
    if (this.session === undefined) await this.reload();
    return this.session ?? null;
  }

  /**
   * A usable session: the current one while its access token is fresh, else refreshed.
   * In cookie mode with nothing known (a reload), the cookie is tried once.
   */
  async usable(): Promise<StoredSession | null> {
    this.assertLive();
    const session = await this.current();
    if (session && Date.now() < session.refreshAt) return session;
    if (!session && (this.options.mode === 'bearer' || this.signedOut)) return null;
    if (!session && !(await this.maySignedIn())) return null;
    return this.refresh(session?.accessToken);
  }

  /**
   * Refreshes, single flight: concurrent callers share one refresh. `rejectedToken` is the
   * access token the caller saw rejected or expiring; if the session already holds another
   * fresh one (another caller or tab refreshed meanwhile), that one is returned instead.
   */
  refresh(rejectedToken?: string): Promise<StoredSession | null> {
    this.assertLive();
    this.inflight ??= this.refreshAcrossTabs(rejectedToken).finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  /** Starts a session from a login answer, here and in the other tabs. */
  async start(pair: TokenPair): Promise<StoredSession> {
    const session = this.fromPair(pair);
    await this.adopt(session);
    this.options.tabs.post({ type: 'session', session });
    return session;
  }

  /** Ends the session here and in every tab, telling the app why. */
  async end(reason: SessionEndReason): Promise<void> {
    const had = (await this.current()) !== null;
    await this.forget();
    this.options.tabs.post({ type: 'ended', reason });
    if (had || reason !== 'invalid_refresh_token') this.emitEnd(reason);
  }

  dispose(): void {
    this.disposed = true;
    this.options.tabs.close();
    this.endListeners.clear();
    this.changeListeners.clear();
    for (const wake of this.waiters) wake();
  }

  private async refreshAcrossTabs(rejectedToken: string | undefined): Promise<StoredSession | null> {
    const epoch = this.epoch;
    return this.options.tabs.exclusive(async (waited) => {
      // Another tab refreshed just before us: its outcome is on its way over the channel.
      if (waited && this.epoch === epoch) await this.changeAfter(epoch, this.options.adoptWaitMs);
      await this.reload();
      const latest = this.session ?? null;
      if (this.epoch !== epoch && (latest === null || Date.now() < latest.refreshAt)) return latest;
      if (latest && rejectedToken !== undefined && latest.accessToken !== rejectedToken && Date.now() < latest.refreshAt) return latest;
      return this.refreshWithRetries(latest);
    });
  }

  private async refreshWithRetries(session: StoredSession | null): Promise<StoredSession | null> {
    const delays = this.options.retryDelaysMs;
    let envelopeRetried = false;
    for (let attempt = 0; ; attempt++) {
      let failure: AuthClientError;
      try {
        const response = await this.options.sendRefresh(session);
        if (response.ok) {
          const fresh = this.fromPair((await response.json()) as TokenPair, session);
          await this.adopt(fresh);
          this.options.tabs.post({ type: 'session', session: fresh });
          return fresh;
        }
        const { code, message } = await errorCodeOf(response);
        if (DEFINITIVE_CODES.has(code)) {
          if (!session && code === 'invalid_refresh_token') this.signedOut = true;
          await this.end(code as SessionEndReason);
          return null;
        }
        if (code === 'envelope_invalid' && !envelopeRetried && this.options.onEnvelopeInvalid) {
          envelopeRetried = true;
          this.options.onEnvelopeInvalid();
          attempt--;
          continue;
        }
        failure = new AuthClientError(code, message, response.status, isTransientStatus(response.status));
      } catch (error) {
        if (error instanceof AuthClientError) throw error;
        failure = new AuthClientError('network_error', error instanceof Error ? error.message : String(error), undefined, true);
      }
      // Transient: keep the session. A retry presents the same token, which the grace window
      // answers with the same child if the lost attempt did rotate it.
      if (!failure.transient || attempt >= delays.length || this.disposed) {
        this.options.tabs.post({ type: 'refresh-failed' });
        throw failure;
      }
      await sleep(delays[attempt]);
    }
  }

  private async onTabMessage(message: TabMessage): Promise<void> {
    if (this.disposed) return;
    if (message.type === 'session') {
      await this.adopt(message.session as StoredSession);
    } else if (message.type === 'ended') {
      const had = (await this.current()) !== null;
      await this.forget();
      if (had) this.emitEnd(message.reason as SessionEndReason);
    }
    this.wake();
  }

  /** Re-reads storage: another tab may have stored a newer session (shared storage). */
  private async reload(): Promise<void> {
    const raw = await this.options.storage.getItem(this.options.storageKey);
    const stored = raw ? parseSession(raw) : null;
    if (this.session === undefined) {
      this.session = stored;
      return;
    }
    if (JSON.stringify(stored) !== JSON.stringify(this.session)) this.set(stored);
  }

  private async adopt(session: StoredSession): Promise<void> {
    this.signedOut = false;
    this.set(session);
    await this.options.storage.setItem(this.options.storageKey, JSON.stringify(session));
    await this.options.signInHint?.storage.setItem(this.options.signInHint.key, '1');
  }

  private async forget(): Promise<void> {
    if (this.options.mode === 'cookie') this.signedOut = true;
    this.set(null);
    await this.options.storage.removeItem(this.options.storageKey);
    await this.options.signInHint?.storage.removeItem(this.options.signInHint.key);
  }

  /** Cookie mode: false only when the hint says this browser holds no session (read each time: another tab may have signed in). */
  private async maySignedIn(): Promise<boolean> {
    const hint = this.options.signInHint;
    return !hint || (await hint.storage.getItem(hint.key)) === '1';
  }

  private set(session: StoredSession | null): void {
    this.session = session;
    this.epoch++;
    for (const listener of [...this.changeListeners]) listener(session);
    this.wake();
  }

  private changeAfter(epoch: number, timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.waiters.add(done);
      if (this.epoch !== epoch) done();
    });
  }

  private wake(): void {
    for (const wake of [...this.waiters]) wake();
  }

  private emitEnd(reason: SessionEndReason): void {
    for (const listener of [...this.endListeners]) {
      try {
        listener(reason);
      } catch {
        // an app's listener failing must not stop the others or the client
      }
    }
  }

  private fromPair(pair: TokenPair, previous?: StoredSession | null): StoredSession {
    const now = Date.now();
    const lifetime = pair.expiresIn * 1000;
    const session: StoredSession = {
      accessToken: pair.accessToken,
      expiresAt: now + lifetime,
      refreshAt: now + lifetime - Math.min(this.options.refreshMarginMs, lifetime / 5),
      sessionId: pair.sessionId,
      deviceId: pair.deviceId ?? previous?.deviceId,
      ...(pair.tokenType === 'DPoP' ? { tokenType: 'DPoP' as const } : {}),
    };
    if (this.options.mode === 'bearer') {
      if (!pair.refreshToken) throw new AuthClientError('invalid_response', 'The server sent no refresh token in bearer mode');
      session.refreshToken = pair.refreshToken;
    }
    return session;
  }

  private assertLive(): void {
    if (this.disposed) throw new AuthClientError('disposed', 'This auth client was disposed');
  }
}

function parseSession(raw: string): StoredSession | null {
  try {
    const value = JSON.parse(raw) as Partial<StoredSession>;
    if (
      typeof value.accessToken !== 'string' ||
      typeof value.expiresAt !== 'number' ||
      typeof value.refreshAt !== 'number' ||
      typeof value.sessionId !== 'string'
    )
      return null;
    return value as StoredSession;
  } catch {
    return null;
  }
}
