import { hash } from 'node:crypto';

interface Entry<T> {
  value: T;
  /** Epoch ms after which the entry is gone (the token's exp plus the clock tolerance). */
  until: number;
}

/**
 * Tokens whose signature and claims were already checked, so a token seen before costs a hash
 * and a lookup instead of a signature verification (80-240 µs for ES256). Keyed by a SHA-256
 * of the token, so the cache holds no usable bearer token; bounded, and an entry dies at its
 * token's expiry. Revocation is not cached here: the guard checks it on every request.
 *
 * Hashing uses node:crypto directly: the guard package imports nothing of the service's own
 * crypto module, which would drag TypeORM and argon2 into every service that uses the guard.
 */
export class VerifiedTokenCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(private readonly maxEntries = 10_000) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new Error('the verified-token cache needs room for at least one token');
  }

  /** The cache key of a token: base64url SHA-256, 43 characters. */
  static keyOf(token: string): string {
    return hash('sha256', token, 'base64url');
  }

  get(key: string, now = Date.now()): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.until <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** Remembers `value` until `until` (epoch ms); makes room by dropping expired, then oldest entries. */
  set(key: string, value: T, until: number, now = Date.now()): void {
    if (until <= now) return;
    if (!this.entries.has(key) && this.entries.size >= this.maxEntries) this.makeRoom(now);
    this.entries.set(key, { value, until });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }

  private makeRoom(now: number): void {
    for (const [key, entry] of this.entries) {
      if (entry.until <= now) this.entries.delete(key);
    }
    // Still full of live tokens: drop the oldest tenth (a Map iterates in insertion order), so
    // the sweep above runs once per maxEntries/10 inserts rather than on every one.
    const target = Math.floor(this.maxEntries * 0.9);
    for (const key of this.entries.keys()) {
      if (this.entries.size <= target) break;
      this.entries.delete(key);
    }
  }
}
