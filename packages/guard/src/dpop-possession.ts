import type { AuthenticatedUser, PresentedToken } from './access-token-verifier.js';
import { accessTokenHash, type ProofVerdict, type ReplayStore, verifyProof } from './dpop-proof.js';
import { GuardError } from './errors.js';

/** Seconds a proof's `iat` may be from our clock, either way, by default. */
export const DEFAULT_PROOF_WINDOW_SECONDS = 60;

export interface DpopPossessionOptions {
  /** Remembers accepted proofs until they are stale, to refuse replays. */
  replays: ReplayStore;
  /** Seconds a proof's `iat` may be from our clock, either way. */
  windowSeconds?: number;
  /**
   * The public base URL of the service as clients address it (e.g. `https://api.example.com`,
   * or with a path prefix a proxy strips). Unset: DPoP-bound tokens are refused; never derived
   * from the Host header, which the caller chooses.
   */
  publicUrl?: string;
}

/** The parts of an Express or Fastify request a proof is checked against. */
interface RequestLike {
  method?: string;
  url?: string;
  originalUrl?: string;
  protocol?: string;
  headers?: Record<string, string | string[] | undefined>;
}

/**
 * Proof of possession for DPoP-bound access tokens (RFC 9449 §7): a token with `cnf.jkt` must
 * come as `Authorization: DPoP <token>` with a `DPoP` proof signed by that very key, for this
 * method and URL, fresh, never seen before, and carrying the token's hash (`ath`). A bearer
 * token must not be sent with the DPoP scheme either.
 */
export class DpopPossession {
  private readonly windowSeconds: number;

  constructor(private readonly options: DpopPossessionOptions) {
    this.windowSeconds = options.windowSeconds ?? DEFAULT_PROOF_WINDOW_SECONDS;
  }

  /** Whether this request needs a proof at all (the common bearer case costs one comparison). */
  static applies(user: AuthenticatedUser, presented: PresentedToken): boolean {
    return user.jkt !== undefined || presented.scheme === 'dpop';
  }

  /** Resolves when the request proves possession of the token's key; else throws GuardError. */
  async check(request: RequestLike, presented: PresentedToken, user: AuthenticatedUser): Promise<void> {
    if (user.jkt === undefined) throw new GuardError('invalid_token', 'The DPoP scheme needs a DPoP-bound access token');
    const publicUrl = this.options.publicUrl;
    if (publicUrl === undefined)
      throw new GuardError('invalid_token', 'This service does not accept DPoP-bound access tokens (its guard has no dpop.publicUrl)');
    if (presented.scheme !== 'dpop')
      throw new GuardError(
        'invalid_dpop_proof',
        'This access token is DPoP-bound: send it as "Authorization: DPoP <token>" with a DPoP proof',
      );
    const verdict = await verifyProof(
      request.headers?.dpop,
      { method: request.method ?? '', url: urlOf(request, publicUrl), ath: accessTokenHash(presented.token) },
      { now: Math.floor(Date.now() / 1000), windowSeconds: this.windowSeconds },
    );
    if (verdict.kind === 'refuse') throw new GuardError('invalid_dpop_proof', describeRefusal(verdict));
    if (verdict.jkt !== user.jkt)
      throw new GuardError('invalid_dpop_proof', 'The DPoP proof is signed by another key than the token is bound to');
    if (!(await this.options.replays.remember(verdict.jkt, verdict.jti, verdict.iat + this.windowSeconds))) {
      throw new GuardError('invalid_dpop_proof', 'The DPoP proof was already used');
    }
  }
}

/** The URL a proof for this request must name: the path under the configured public URL. */
function urlOf(request: RequestLike, publicUrl: string): string {
  const path = (request.originalUrl ?? request.url ?? '/').split(/[?#]/)[0];
  const url = new URL(publicUrl);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}${path}`;
}

/** A message naming what was wrong with a refused proof, for the error body. */
export function describeRefusal(verdict: Extract<ProofVerdict, { kind: 'refuse' }>): string {
  return `The DPoP proof is refused: ${verdict.reason.replaceAll('_', ' ')}`;
}
