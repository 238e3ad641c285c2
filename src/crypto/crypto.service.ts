import { Inject, Injectable } from '@nestjs/common';
import {
  createCipheriv,
  createDecipheriv,
  createSecretKey,
  hash,
  hkdfSync,
  type KeyObject,
  randomBytes,
  randomUUID,
  timingSafeEqual,
} from 'node:crypto';
import * as argon2 from 'argon2';
import { JwtService } from '@nestjs/jwt';
import { MASTER_KEY } from './crypto.tokens.js';

/** OWASP's minimum for argon2id: 19 MiB, 2 iterations, 1 lane. */
const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/** Sealed blobs are iv(12) | tag(16) | ciphertext: AES-256-GCM with associated data. */
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Device tokens (OWASP device cookies): HS256 JWS under a key derived from the master key. */
const DEVICE_TOKEN = { purpose: 'device-token', typ: 'device+jwt', alg: 'HS256' } as const;

/** What a valid device token vouches for: this device signed in to this account before. */
export interface DeviceClaim {
  userId: string;
  deviceId: string;
  /** When the token was signed (unix milliseconds), to refuse tokens issued before a revocation. */
  issuedAt?: number;
}

/**
 * Randomness, hashing, passwords and symmetric sealing for the service's modules, so their
 * security-sensitive code has one home. Within src/crypto, KeysService (asymmetric keys, JOSE)
 * and master-key.ts also use node:crypto; outside it only the guard does (it verifies tokens
 * without the service) and the embedded database (a non-secret directory name).
 */
@Injectable()
export class CryptoService {
  private readonly sealKeys = new Map<string, Buffer>();
  private dummyHash?: Promise<string>;
  private deviceTokenKey?: KeyObject;
  /**
   * Device tokens only. Their key goes to jsonwebtoken as a KeyObject: given raw bytes, it first
   * tries to read them as a PEM or DER key and throws that away, which cost 0.50 ms of CPU per
   * token signed and 0.54 ms per token checked, against 0.03 and 0.02 ms with the KeyObject.
   */
  private readonly jwt = new JwtService({
    secretOrKeyProvider: () => (this.deviceTokenKey ??= createSecretKey(this.sealKey(DEVICE_TOKEN.purpose))),
  });

  constructor(@Inject(MASTER_KEY) private readonly masterKey: Buffer) {}

  /** base64url of `bytes` random bytes (32 bytes: 256 bits). */
  randomToken(bytes = 32): string {
    return randomBytes(bytes).toString('base64url');
  }

  /** A Standard Webhooks signing secret: `whsec_` and the base64 of 32 random bytes. */
  webhookSecret(): string {
    return `whsec_${randomBytes(32).toString('base64')}`;
  }

  uuid(): string {
    return randomUUID();
  }

  /** SHA-256 of a high-entropy token: what the database stores instead of the token. */
  hashToken(token: string): Buffer {
    // one-shot: no Hash object to build and fetch the digest for (twice per refresh)
    return hash('sha256', token, 'buffer');
  }

  constantEquals(a: Buffer, b: Buffer): boolean {
    return a.length === b.length && timingSafeEqual(a, b);
  }

  hashPassword(password: string): Promise<string> {
    return argon2.hash(password, ARGON2_OPTIONS);
  }

  /**
   * Whether `password` matches `hash`. A user without a password (created by an OpenID Connect
   * provider) has no hash: the check still runs one argon2 verification and fails, so such an
   * account answers a password login exactly as a wrong password does, in the same time.
   */
  async verifyPassword(hash: string | null, password: string): Promise<boolean> {
    if (hash === null) {
      await this.burnPasswordCheck(password);
      return false;
    }
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false; // a malformed stored hash is a failed login, not a 500
    }
  }

  /**
   * Runs a full argon2 verification against a throwaway hash, so that an unknown email
   * takes as long as a wrong password and login timing does not reveal which emails exist.
   */
  async burnPasswordCheck(password: string): Promise<void> {
    this.dummyHash ??= argon2.hash(this.randomToken(), ARGON2_OPTIONS);
    await this.verifyPassword(await this.dummyHash, password);
  }

  /** Whether a stored hash uses weaker parameters than today's, so it is rehashed on login. */
  needsRehash(hash: string): boolean {
    return argon2.needsRehash(hash, ARGON2_OPTIONS);
  }

  /**
   * A device token: proof that `deviceId` signed in to `userId` before, valid `ttlSeconds`.
   * Signed (HS256, @nestjs/jwt) with a key derived from the master key, so every instance sharing
   * MASTER_KEY accepts it; clients treat it as opaque. Signed and checked on the calling thread:
   * through WebCrypto each would be a job queued on libuv's pool behind the argon2 hashes of
   * concurrent logins.
   */
  signDeviceToken(claim: DeviceClaim, ttlSeconds: number): string {
    // `ims`: the signing time in milliseconds (`iat` has whole seconds, too coarse to tell a token
    // signed just after a password change from one signed just before it)
    return this.jwt.sign(
      { did: claim.deviceId, ims: Date.now() },
      {
        algorithm: DEVICE_TOKEN.alg,
        header: { alg: DEVICE_TOKEN.alg, typ: DEVICE_TOKEN.typ },
        subject: claim.userId,
        expiresIn: ttlSeconds,
      },
    );
  }

  /** The claim of a genuine, unexpired device token; undefined for anything else. */
  verifyDeviceToken(token: string): DeviceClaim | undefined {
    try {
      const { header, payload } = this.jwt.verify<{
        header: { typ?: string };
        payload: { sub?: unknown; did?: unknown; iat?: unknown; ims?: unknown };
      }>(token, {
        algorithms: [DEVICE_TOKEN.alg],
        complete: true,
      });
      if (header.typ !== DEVICE_TOKEN.typ || typeof payload.sub !== 'string' || typeof payload.did !== 'string') return undefined;
      // a token without `ims` (signed before it existed) counts from the start of its `iat` second
      const issuedAt = typeof payload.ims === 'number' ? payload.ims : typeof payload.iat === 'number' ? payload.iat * 1000 : undefined;
      return { userId: payload.sub, deviceId: payload.did, issuedAt };
    } catch {
      return undefined; // forged, expired, malformed: simply not a known device
    }
  }

  /** AES-256-GCM under a key derived from the master key for `purpose`, bound to `context`. */
  seal(purpose: string, plaintext: Buffer, context: string): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.sealKey(purpose), iv);
    cipher.setAAD(Buffer.from(context));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  /** Opens what seal() made; throws if the blob, purpose or context does not match. */
  open(purpose: string, sealed: Buffer, context: string): Buffer {
    const decipher = createDecipheriv('aes-256-gcm', this.sealKey(purpose), sealed.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
  }

  private sealKey(purpose: string): Buffer {
    let key = this.sealKeys.get(purpose);
    if (!key) {
      key = Buffer.from(hkdfSync('sha256', this.masterKey, Buffer.alloc(0), `auth-service:${purpose}`, 32));
      this.sealKeys.set(purpose, key);
    }
    return key;
  }
}
