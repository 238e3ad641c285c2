import type { FetchLike } from './types.js';

interface Jwk {
  kid?: string;
  use?: string;
  alg?: string;
  kty: string;
  [key: string]: unknown;
}

/**
 * Seals refresh requests in the server's envelope (docs/api.md "Refresh semantics" 6): a JWE,
 * RSA-OAEP-256 + A256GCM, to the `enc` key of the JWKS. jose is loaded only when an app turns
 * the envelope on, so apps that do not pay nothing for it.
 */
export class EnvelopeSealer {
  private key: Promise<{ jwk: Jwk; key: CryptoKey | Uint8Array }> | null = null;

  constructor(
    private readonly jwksUrl: string,
    private readonly fetchImpl: FetchLike,
  ) {}

  async seal(refreshToken: string, deviceId: string): Promise<string> {
    const { CompactEncrypt } = await import('jose');
    const { jwk, key } = await (this.key ??= this.loadKey());
    const plaintext = new TextEncoder().encode(JSON.stringify({ refreshToken, deviceId, ts: Math.floor(Date.now() / 1000) }));
    return new CompactEncrypt(plaintext).setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: jwk.kid }).encrypt(key);
  }

  /** Forgets the key, e.g. after envelope_invalid (the server may have rotated it). */
  forgetKey(): void {
    this.key = null;
  }

  private async loadKey(): Promise<{ jwk: Jwk; key: CryptoKey | Uint8Array }> {
    try {
      const { importJWK } = await import('jose');
      const response = await this.fetchImpl(this.jwksUrl);
      if (!response.ok) throw new Error(`JWKS answered ${response.status}`);
      const { keys } = (await response.json()) as { keys: Jwk[] };
      const jwk = keys.find((k) => k.use === 'enc' && (k.alg === undefined || k.alg === 'RSA-OAEP-256'));
      if (!jwk) throw new Error('the JWKS has no envelope (use: enc) key');
      return { jwk, key: await importJWK(jwk, 'RSA-OAEP-256') };
    } catch (error) {
      this.key = null;
      throw error;
    }
  }
}
