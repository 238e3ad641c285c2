import { Inject, Injectable } from '@nestjs/common';
import { AppError, ErrorCode } from '../common/errors.js';
import { AppConfig } from '../config/app-config.js';
import { CryptoService } from '../crypto/crypto.service.js';
import { describeRefusal, DpopPossession } from '@auth-service/guard';
import { verifyProof } from '@auth-service/guard';
import { DpopRepository } from './dpop.repository.js';

const NONCE_PURPOSE = 'dpop-nonce';
/** Seconds a server nonce is accepted after it was issued (every answer carries a fresh one). */
export const NONCE_LIFETIME_SECONDS = 300;

/**
 * DPoP proofs on the auth service's own endpoints. The rules are the guard package's (one
 * implementation for both sides); what this adds is the replay store in PostgreSQL, so a proof
 * used at one instance is refused at every other.
 */
@Injectable()
export class DpopService {
  /** Proof of possession for DPoP-bound access tokens on this service's own routes. */
  readonly possession: DpopPossession;

  constructor(
    private readonly repository: DpopRepository,
    private readonly crypto: CryptoService,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {
    this.possession = new DpopPossession({ replays: repository, windowSeconds: config.DPOP_PROOF_WINDOW, publicUrl: config.issuer });
  }

  /**
   * The thumbprint of the key that signed the request's `DPoP` proof for `method` on our
   * endpoint `path`, or undefined when the request carries no proof. A proof that is there
   * but invalid, stale or replayed is 401 invalid_dpop_proof: it is never silently ignored.
   */
  async proofKey(proof: unknown, method: string, path: string): Promise<string | undefined> {
    if (proof === undefined) return undefined;
    const windowSeconds = this.config.DPOP_PROOF_WINDOW;
    const now = Math.floor(Date.now() / 1000);
    const acceptsNonce = this.noncesRequired ? (nonce: unknown) => this.nonceIsFresh(nonce, now) : undefined;
    const verdict = await verifyProof(proof, { method, url: this.endpoint(path), acceptsNonce }, { now, windowSeconds });
    // the answer carries a fresh nonce (offerDpopNonces): the client signs again with it
    if (verdict.kind === 'refuse' && verdict.reason === 'bad_nonce') throw new AppError(ErrorCode.UseDpopNonce);
    if (verdict.kind === 'refuse') throw new AppError(ErrorCode.InvalidDpopProof, describeRefusal(verdict));
    if (!(await this.repository.remember(verdict.jkt, verdict.jti, verdict.iat + windowSeconds))) {
      throw new AppError(ErrorCode.InvalidDpopProof, 'The DPoP proof was already used');
    }
    return verdict.jkt;
  }

  /** Whether proofs must carry a server nonce (DPOP_NONCE=on). */
  get noncesRequired(): boolean {
    return this.config.DPOP_NONCE === 'on';
  }

  /**
   * A new server nonce: the time it was issued, sealed (AES-256-GCM under the master key), so
   * every instance can check any instance's nonces without storing them.
   */
  issueNonce(): string {
    const issuedAt = Buffer.from(String(Math.floor(Date.now() / 1000)));
    return this.crypto.seal(NONCE_PURPOSE, issuedAt, NONCE_PURPOSE).toString('base64url');
  }

  private nonceIsFresh(nonce: unknown, now: number): boolean {
    if (typeof nonce !== 'string' || nonce.length > 200) return false;
    let issuedAt: number;
    try {
      issuedAt = Number(this.crypto.open(NONCE_PURPOSE, Buffer.from(nonce, 'base64url'), NONCE_PURPOSE).toString('utf8'));
    } catch {
      return false; // not one of ours, or tampered with
    }
    return issuedAt <= now + 5 && now - issuedAt <= NONCE_LIFETIME_SECONDS;
  }

  /** The absolute URL of one of our endpoints, as clients address it: under the issuer. */
  endpoint(path: string): string {
    return `${this.config.issuer.replace(/\/+$/, '')}${path}`;
  }
}
