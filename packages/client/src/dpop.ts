/**
 * DPoP (RFC 9449) for the client: the session is bound to a key of this device, and every
 * refresh and API call carries a proof signed with it, so a refresh or access token copied off
 * the device is useless without the key. The private key is created non-extractable: script
 * can sign with it but never read it out. jose is loaded only when an app turns DPoP on.
 */

/** Where the key comes from: a CryptoKeyPair the app keeps (React Native, Node), or one made for it. */
export type DpopKeySource = () => Promise<CryptoKeyPair>;

export class DpopSigner {
  private keyPair: Promise<CryptoKeyPair> | null = null;
  private header: Promise<{ alg: 'ES256'; typ: 'dpop+jwt'; jwk: Record<string, unknown> }> | null = null;
  /** The newest nonce the server sent (RFC 9449 §8), put in every proof. */
  private nonce: string | undefined;

  constructor(private readonly source: DpopKeySource) {}

  /** A proof for one request: `htm` the method, `url` the absolute URL, `accessToken` sent with it (ath). */
  async proof(htm: string, url: string, accessToken?: string): Promise<string> {
    const { SignJWT, base64url } = await import('jose');
    const keyPair = await (this.keyPair ??= this.source().catch((error: unknown) => {
      this.keyPair = null;
      throw error;
    }));
    const header = await (this.header ??= this.publicHeader(keyPair));
    const target = new URL(url);
    const claims: Record<string, unknown> = { htm: htm.toUpperCase(), htu: `${target.origin}${target.pathname}`, jti: randomJti() };
    if (this.nonce !== undefined) claims.nonce = this.nonce;
    if (accessToken !== undefined) {
      claims.ath = base64url.encode(new Uint8Array(await subtle().digest('SHA-256', new TextEncoder().encode(accessToken))));
    }
    return new SignJWT(claims).setProtectedHeader(header).setIssuedAt().sign(keyPair.privateKey);
  }

  /** Keeps a nonce from a DPoP-Nonce header; true when it is a new one. */
  noteNonce(nonce: string | null): boolean {
    if (!nonce || nonce === this.nonce) return false;
    this.nonce = nonce;
    return true;
  }

  private async publicHeader(keyPair: CryptoKeyPair) {
    const { exportJWK } = await import('jose');
    const { kty, crv, x, y } = await exportJWK(keyPair.publicKey);
    return { alg: 'ES256' as const, typ: 'dpop+jwt' as const, jwk: { kty, crv, x, y } };
  }
}

/** A new ES256 key pair whose private half cannot be exported. */
export function generateDpopKeyPair(): Promise<CryptoKeyPair> {
  return subtle().generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']) as Promise<CryptoKeyPair>;
}

/**
 * The browser's key for `name`, kept in IndexedDB (CryptoKeys are stored as they are, still
 * non-extractable), created on first use. Tabs racing to create it agree on one: the first
 * `add` wins and the others read it back.
 */
export function indexedDbKeyPair(name: string): DpopKeySource {
  return async () => {
    const indexedDB = (globalThis as { indexedDB?: IDBFactory }).indexedDB;
    if (!indexedDB) throw new Error('IndexedDB is not available here: pass dpop: { keyPair } instead');
    const db = await request(
      Object.assign(indexedDB.open('auth-client-dpop', 1), {
        onupgradeneeded: (event: IDBVersionChangeEvent) => (event.target as IDBOpenDBRequest).result.createObjectStore('keys'),
      }),
    );
    try {
      const stored = await request(db.transaction('keys').objectStore('keys').get(name));
      if (stored) return stored as CryptoKeyPair;
      const created = await generateDpopKeyPair();
      try {
        await request(db.transaction('keys', 'readwrite').objectStore('keys').add(created, name));
        return created;
      } catch {
        return (await request(db.transaction('keys').objectStore('keys').get(name))) as CryptoKeyPair;
      }
    } finally {
      db.close();
    }
  };
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function subtle(): SubtleCrypto {
  const crypto = (globalThis as { crypto?: Crypto }).crypto;
  if (!crypto?.subtle) throw new Error('WebCrypto (crypto.subtle) is missing: DPoP needs it');
  return crypto.subtle;
}

/** `bytes` random bytes, base64url (DPoP jti, PKCE verifiers). */
export function randomBase64url(bytes: number): string {
  return base64url((globalThis as { crypto: Crypto }).crypto.getRandomValues(new Uint8Array(bytes)));
}

export function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** 128 random bits, base64url. */
function randomJti(): string {
  return randomBase64url(16);
}
