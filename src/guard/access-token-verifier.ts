import type { KeyObject } from 'node:crypto';
import { errors, jwtVerify, type JWTPayload } from 'jose';
import { GuardError } from './errors.js';

/** Asymmetric algorithms only: an HS256 token "signed" with our public key is refused. */
export const ACCEPTED_ALGORITHMS = ['ES256', 'ES384', 'ES512', 'PS256', 'RS256', 'EdDSA'];

/** The caller, as the guard hands it to route handlers. */
export interface AuthenticatedUser {
  userId: string;
  sessionId: string;
  roles: string[];
  tokenId: string;
  /** Unix seconds. */
  expiresAt: number;
}

/** Finds the public key for a `kid`; undefined when it is not (or no longer) published. */
export type KeyResolver = (kid: string) => Promise<KeyObject | undefined>;

export interface VerifierOptions {
  issuer: string;
  audience: string;
  resolveKey: KeyResolver;
  clockToleranceSeconds?: number;
}

/**
 * Checks an access token completely: signature by a published key, algorithm allow-list,
 * `typ: at+jwt`, `iss`, `aud`, `exp`, `nbf`, and the claims the service relies on.
 * Used by this service's own guard and by AuthGuardModule in other services.
 */
export class AccessTokenVerifier {
  constructor(private readonly options: VerifierOptions) {}

  async verify(token: string): Promise<AuthenticatedUser> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(
        token,
        async (header) => {
          const key = header.kid ? await this.options.resolveKey(header.kid) : undefined;
          if (!key) throw new GuardError('invalid_token', 'The access token was signed with an unknown key');
          return key;
        },
        {
          issuer: this.options.issuer,
          audience: this.options.audience,
          algorithms: ACCEPTED_ALGORITHMS,
          typ: 'at+jwt',
          clockTolerance: this.options.clockToleranceSeconds ?? 0,
          requiredClaims: ['sub', 'exp', 'iat'],
        },
      ));
    } catch (error) {
      if (error instanceof GuardError) throw error;
      if (error instanceof errors.JWTExpired) throw new GuardError('token_expired');
      throw new GuardError('invalid_token');
    }
    const { sub, sid, roles, jti, exp } = payload as JWTPayload & { sid?: unknown; roles?: unknown };
    if (typeof sub !== 'string' || typeof sid !== 'string' || typeof jti !== 'string' || !Array.isArray(roles) || !roles.every((r) => typeof r === 'string')) {
      throw new GuardError('invalid_token', 'The access token lacks required claims');
    }
    return { userId: sub, sessionId: sid, roles, tokenId: jti, expiresAt: exp as number };
  }
}

/** The bearer token of an Authorization header value, or undefined. */
export function bearerToken(header: unknown): string | undefined {
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+([A-Za-z0-9_\-.]+)\s*$/i.exec(header);
  return match?.[1];
}
