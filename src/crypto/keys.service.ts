import { MasterKeyMismatchError } from './master-key.js';
import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject, randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { calculateJwkThumbprint, compactDecrypt, decodeProtectedHeader, type JWK } from 'jose';
import { AppConfig } from '../config/app-config.js';
import { CryptoService } from './crypto.service.js';
import { KeysRepository, KeyUse, StoredKey } from './keys.repository.js';

export const SIGNING_ALG = 'ES256';
export const ENVELOPE_ALG = 'RSA-OAEP-256';
export const ENVELOPE_ENC = 'A256GCM';
/** Tolerated clock skew between us and token verifiers, added to every "still valid" window. */
export const CLOCK_SKEW_SECONDS = 60;
/**
 * How often each instance re-reads keys from the database (rotations by `npm run keys:rotate`
 * or another instance): shorter than the default KEY_ACTIVATION_DELAY, so every instance
 * publishes a new key before any instance signs with it.
 */
const RELOAD_SECONDS = 5;

interface LoadedKey {
  kid: string;
  use: KeyUse;
  activatesAt: Date;
  publicJwk: JWK;
  publicKey: KeyObject;
  privateKey: KeyObject;
}

export interface AccessTokenClaims {
  sub: string;
  sid: string;
  roles: string[];
  /** The user's claims: carried as `claims` when not empty. */
  claims?: Record<string, unknown>;
  /**
   * The user's tokens_not_before (their roles or claims changed then): the token's `iat` is
   * stamped no earlier than the second it falls in is over, so the outdated-token rule
   * (`tokenIsOutdated`) never refuses a token issued after the change, whatever the clock's
   * second boundary. That puts `iat` at most about two seconds ahead just after a change.
   */
  notBefore?: Date | null;
  /** Thumbprint of the DPoP key the token is bound to (RFC 9449 `cnf.jkt`). */
  jkt?: string | null;
  /** RFC 8176 authentication methods of the session (absent for sessions older than them). */
  amr?: string[] | null;
  /** Unix seconds of the session's last authentication (login or step-up). */
  authTime?: number | null;
}

export interface SignedAccessToken {
  token: string;
  expiresIn: number;
  jti: string;
}

export class EnvelopeDecryptError extends Error {}

/** A published key as admins see it: never its private part. */
export interface PublishedKey {
  kid: string;
  use: KeyUse;
  alg: string;
  createdAt: Date;
  activatesAt: Date;
  retiredAt: Date | null;
}

/**
 * The signing (ES256) and envelope (RSA-OAEP-256) keys: created on first start, stored in
 * PostgreSQL with the private part sealed under the master key, imported once as KeyObjects
 * (passing PEM per call costs 3-7x), shared by every instance and rotated without logouts.
 */
@Injectable()
export class KeysService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(KeysService.name);
  private keys: LoadedKey[] = [];
  private jwksCache: { keys: JWK[] } = { keys: [] };
  private timers: NodeJS.Timeout[] = [];
  private reloading?: Promise<void>;
  private loadedAt = 0;
  private readonly jwt = new JwtService();

  constructor(
    private readonly repository: KeysRepository,
    private readonly crypto: CryptoService,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.repository.withKeysLock(async (tx) => {
      for (const use of ['sig', 'enc'] as const) {
        if (!(await tx.newest(use))) await tx.insert(await this.newKey(use, new Date()));
      }
    });
    await this.reload();
    this.timers.push(setInterval(() => void this.reloadQuietly(), RELOAD_SECONDS * 1000).unref());
    const period = this.config.SIGNING_KEY_ROTATION;
    if (period) {
      const check = Math.min(period, 60) * 1000;
      const lead = Math.min(this.config.KEY_ACTIVATION_DELAY, Math.floor(period / 2));
      const rotateIfDue = () => this.rotateKeys(lead, period).catch((e) => this.logger.warn(`key rotation failed: ${e}`));
      this.timers.push(setInterval(() => void rotateIfDue(), check).unref());
    }
  }

  onApplicationShutdown(): void {
    this.timers.forEach(clearInterval);
  }

  /**
   * Signs an access token (JWS, ES256, typ at+jwt) with the active signing key. @nestjs/jwt
   * (jsonwebtoken) signs with node:crypto on the calling thread. jose signs through WebCrypto,
   * whose every operation is a job on libuv's thread pool; on a refresh that hand-off cost more
   * CPU than the signature (221 µs a token against 147 µs, measured here).
   */
  async signAccessToken(claims: AccessTokenClaims): Promise<SignedAccessToken> {
    const key = this.activeKey('sig');
    const jti = randomUUID();
    const now = Math.max(Math.floor(Date.now() / 1000), claims.notBefore ? Math.ceil(claims.notBefore.getTime() / 1000) : 0);
    const payload = {
      iss: this.config.issuer,
      aud: this.config.AUTH_AUDIENCE,
      sub: claims.sub,
      sid: claims.sid,
      roles: claims.roles,
      ...(claims.claims && Object.keys(claims.claims).length > 0 ? { claims: claims.claims } : {}),
      ...(claims.jkt ? { cnf: { jkt: claims.jkt } } : {}),
      ...(claims.amr ? { amr: claims.amr } : {}),
      ...(claims.authTime ? { auth_time: Math.floor(claims.authTime) } : {}),
      jti,
      iat: now,
      exp: now + this.config.ACCESS_TOKEN_TTL,
    };
    const token = this.jwt.sign(payload, {
      privateKey: key.privateKey,
      algorithm: SIGNING_ALG,
      header: { alg: SIGNING_ALG, typ: 'at+jwt', kid: key.kid },
    });
    return { token, expiresIn: this.config.ACCESS_TOKEN_TTL, jti };
  }

  /** Public keys for GET /.well-known/jwks.json. */
  jwks(): { keys: JWK[] } {
    return this.jwksCache;
  }

  /** The keys the JWKS publishes now, read fresh from the database, newest first. */
  async publishedKeys(): Promise<PublishedKey[]> {
    const rows = await this.repository.findPublished(this.config.ACCESS_TOKEN_TTL + CLOCK_SKEW_SECONDS);
    return rows.map(({ kid, use, alg, createdAt, activatesAt, retiredAt }) => ({ kid, use, alg, createdAt, activatesAt, retiredAt }));
  }

  /** Public signing key by kid, for the service's own guard; reloads once on an unknown kid. */
  async verificationKey(kid: string): Promise<KeyObject | undefined> {
    const found = this.keys.find((k) => k.kid === kid && k.use === 'sig');
    if (found) return found.publicKey;
    await this.reloadForUnknownKid();
    return this.keys.find((k) => k.kid === kid && k.use === 'sig')?.publicKey;
  }

  /**
   * Opens a refresh envelope: JWE compact, RSA-OAEP-256 + A256GCM only, with one of our
   * published `enc` keys. Every failure is the same EnvelopeDecryptError, so the caller
   * cannot become an oracle that tells padding errors from other ones.
   */
  async decryptEnvelope(envelope: string): Promise<unknown> {
    try {
      // the kid names which of our published enc keys was used (docs/api.md); without it, refuse
      const { kid } = decodeProtectedHeader(envelope);
      if (typeof kid !== 'string') throw new Error('no kid');
      let key = this.keys.find((k) => k.use === 'enc' && k.kid === kid);
      if (!key) {
        await this.reloadForUnknownKid();
        key = this.keys.find((k) => k.use === 'enc' && k.kid === kid);
      }
      if (!key) throw new Error('unknown kid');
      const { plaintext } = await compactDecrypt(envelope, key.privateKey, {
        keyManagementAlgorithms: [ENVELOPE_ALG],
        contentEncryptionAlgorithms: [ENVELOPE_ENC],
      });
      return JSON.parse(Buffer.from(plaintext).toString('utf8'));
    } catch {
      throw new EnvelopeDecryptError('envelope does not decrypt');
    }
  }

  /**
   * Publishes a new signing and envelope key now and switches to them after `leadSeconds`,
   * so that verifiers caching the JWKS learn the key before the first token signed with it.
   * The previous keys stay published until every token they signed has expired.
   * With `onlyIfOlderThan` (seconds), does nothing when the newest key is younger: several
   * instances run the automatic rotation, and the first one to take the lock does it.
   */
  async rotateKeys(
    leadSeconds = this.config.KEY_ACTIVATION_DELAY,
    onlyIfOlderThan?: number,
  ): Promise<{ kid: string; use: KeyUse; activatesAt: Date }[]> {
    const created = await this.repository.withKeysLock(async (tx) => {
      const now = await this.repository.now();
      const newest = await tx.newest('sig');
      if (onlyIfOlderThan && newest && now.getTime() - newest.activatesAt.getTime() < onlyIfOlderThan * 1000) return [];
      const activatesAt = new Date(now.getTime() + leadSeconds * 1000);
      const result = [];
      for (const use of ['sig', 'enc'] as const) {
        const key = await this.newKey(use, activatesAt);
        await tx.retireAllBut(use, key.kid, activatesAt);
        await tx.insert(key);
        result.push({ kid: key.kid, use, activatesAt });
      }
      return result;
    });
    if (created.length > 0) await this.reload();
    return created;
  }

  /** True when a signing and an envelope key are loaded, so tokens can be issued (readiness). */
  keysLoaded(): boolean {
    return this.keys.some((k) => k.use === 'sig') && this.keys.some((k) => k.use === 'enc');
  }

  private activeKey(use: KeyUse): LoadedKey {
    const now = Date.now();
    // keys are sorted newest first; the newest already active one is in use
    const key = this.keys.find((k) => k.use === use && k.activatesAt.getTime() <= now) ?? this.keys.find((k) => k.use === use);
    if (!key) throw new Error(`no ${use} key loaded`);
    return key;
  }

  /**
   * A kid we do not know may be a key another instance just created: re-read, but at most once
   * a second, so a flood of tokens with random kids cannot turn into a flood of queries.
   */
  private async reloadForUnknownKid(): Promise<void> {
    if (Date.now() - this.loadedAt < 1000) return;
    await this.reloadQuietly();
  }

  private async reloadQuietly(): Promise<void> {
    try {
      await this.reload();
    } catch (error) {
      this.logger.warn(`could not reload keys: ${String(error)}`);
    }
  }

  /** Re-reads the published keys now (they are re-read every 5 s and on an unknown kid anyway). */
  reload(): Promise<void> {
    // concurrent callers (unknown kid flood, timer) share one query
    this.reloading ??= this.load().finally(() => (this.reloading = undefined));
    return this.reloading;
  }

  private async load(): Promise<void> {
    const rows = await this.repository.findPublished(this.config.ACCESS_TOKEN_TTL + CLOCK_SKEW_SECONDS);
    const known = new Map(this.keys.map((k) => [k.kid, k]));
    this.keys = rows.map((row) => known.get(row.kid) ?? this.importKey(row));
    this.jwksCache = { keys: this.keys.map((k) => k.publicJwk) };
    this.loadedAt = Date.now();
  }

  private importKey(row: StoredKey): LoadedKey {
    let der: Buffer;
    try {
      der = this.crypto.open('key-at-rest', row.privateKey, row.kid);
    } catch {
      // AES-GCM's tag check is the only way a wrong master key shows
      throw new MasterKeyMismatchError();
    }
    const privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    const publicJwk = row.publicJwk as JWK;
    return {
      kid: row.kid,
      use: row.use,
      activatesAt: row.activatesAt,
      publicJwk,
      publicKey: createPublicKey({ key: publicJwk as import('node:crypto').JsonWebKey, format: 'jwk' }),
      privateKey,
    };
  }

  private async newKey(use: KeyUse, activatesAt: Date): Promise<Omit<StoredKey, 'createdAt'>> {
    const pair = use === 'sig' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = pair.publicKey.export({ format: 'jwk' }) as JWK;
    const kid = await calculateJwkThumbprint(jwk);
    const alg = use === 'sig' ? SIGNING_ALG : ENVELOPE_ALG;
    const der = pair.privateKey.export({ format: 'der', type: 'pkcs8' });
    return {
      kid,
      use,
      alg,
      publicJwk: { ...jwk, kid, use, alg },
      privateKey: this.crypto.seal('key-at-rest', der, kid),
      activatesAt,
      retiredAt: null,
    };
  }
}
