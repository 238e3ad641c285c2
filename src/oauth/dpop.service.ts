import { Inject, Injectable } from '@nestjs/common';
import { AppError, ErrorCode } from '../common/errors.js';
import { AppConfig } from '../config/app-config.js';
import { describeRefusal, DpopPossession } from '../guard/dpop-possession.js';
import { verifyProof } from '../guard/dpop-proof.js';
import { DpopRepository } from './dpop.repository.js';

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
    const verdict = await verifyProof(proof, { method, url: this.endpoint(path) }, { now: Math.floor(Date.now() / 1000), windowSeconds });
    if (verdict.kind === 'refuse') throw new AppError(ErrorCode.InvalidDpopProof, describeRefusal(verdict));
    if (!(await this.repository.remember(verdict.jkt, verdict.jti, verdict.iat + windowSeconds))) {
      throw new AppError(ErrorCode.InvalidDpopProof, 'The DPoP proof was already used');
    }
    return verdict.jkt;
  }

  /** The absolute URL of one of our endpoints, as clients address it: under the issuer. */
  endpoint(path: string): string {
    return `${this.config.issuer.replace(/\/+$/, '')}${path}`;
  }
}
