import { errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { GuardError } from './errors.js';
import { authenticationClaims, type AuthenticationFacts } from './mfa-policy.js';
import { VerifiedTokenCache } from './verified-token.cache.js';

/**
 * Asymmetric signature algorithms only, and a token must use the alg its key is published with
 * (ES256 for the auth service's keys): an HS256 token "signed" with a public key, `alg: none`
 * or an RSA alg on an EC key are all refused.
 */
export const ACCEPTED_ALGORITHMS = ['ES256', 'ES384', 'ES512', 'PS256', 'PS384', 'PS512', 'RS256', 'RS384', 'RS512'] as const;

/** A compact JWS: three base64url parts. */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** User and session ids are lower-case UUIDs, as the auth service writes them. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The auth service's largest ACCESS_TOKEN_TTL: no genuine token lives longer. */
export const MAX_ACCESS_TOKEN_LIFETIME = 86400;

/** RFC 9068 access tokens (`typ: at+jwt`; jose also accepts `application/at+jwt`, in any case). */
export const ACCESS_TOKEN_TYP = 'at+jwt';

/** The `claims` an access token carries: the JSON object an admin set on the user. */
export type UserClaims = Record<string, unknown>;

/**
 * The caller, as the guard hands it to route handlers. `TClaims` types the app's own claims:
 * `@CurrentUser() user: AuthenticatedUser<{ tenant: string }>`. The guard checks only that
 * `claims` is a JSON object; its fields are whatever the auth service's admins set.
 */
export interface AuthenticatedUser<TClaims extends object = UserClaims> extends AuthenticationFacts {
  userId: string;
  sessionId: string;
  /** `user`, `admin` and the app roles of the auth service's ROLES. */
  roles: string[];
  /** The token's `claims`, `{}` when it has none. */
  claims: Partial<TClaims>;
  tokenId: string;
  /** Unix seconds (`iat`). */
  issuedAt: number;
  /** Unix seconds. */
  expiresAt: number;
  /** The thumbprint of the DPoP key the token is bound to (`cnf.jkt`), if it is bound. */
  jkt?: string;
}

/**
 * The full check of a token not seen before: signature, header and claims. Resolves to the
 * caller or rejects with a GuardError (invalid_token, token_expired).
 */
export type TokenCheck = (token: string) => Promise<AuthenticatedUser>;

export interface VerifierOptions {
  /** The full check; `verifyAccessToken(...)` for tokens from a JWKS. */
  check: TokenCheck;
  /** Seconds past a token's exp it stays acceptable; its cache entry lives as long. Default 0. */
  clockToleranceSeconds?: number;
  /** Most verified tokens remembered (the fast path). Default 10,000. */
  cacheSize?: number;
}

/**
 * The front of access-token checking, for this service's own guard and for AuthGuardModule in
 * other services: a token seen before costs a hash and a map lookup; a new one goes through the
 * full check once, even when many requests bring it at the same moment. Refusals are not cached.
 */
export class AccessTokenVerifier {
  private readonly cache: VerifiedTokenCache<AuthenticatedUser>;
  private readonly pending = new Map<string, Promise<AuthenticatedUser>>();
  private readonly toleranceMs: number;
  private readonly check: TokenCheck;

  constructor(options: VerifierOptions) {
    this.cache = new VerifiedTokenCache(options.cacheSize);
    this.toleranceMs = (options.clockToleranceSeconds ?? 0) * 1000;
    this.check = options.check;
  }

  /**
   * The caller a token stands for; throws GuardError (invalid_token, token_expired). Returns
   * synchronously for a token already verified, so the fast path allocates no promise.
   */
  verify(token: string): AuthenticatedUser | Promise<AuthenticatedUser> {
    const key = VerifiedTokenCache.keyOf(token);
    const cached = this.cache.get(key);
    if (cached) return cached;
    // Checked only here, off the fast path: a cached token passed this check when it was cached.
    if (!COMPACT_JWS.test(token)) return Promise.reject(new GuardError('invalid_token', 'The access token is malformed'));
    let pending = this.pending.get(key);
    if (!pending) {
      pending = this.verifyFully(token, key).finally(() => this.pending.delete(key));
      this.pending.set(key, pending);
    }
    return pending;
  }

  private async verifyFully(token: string, key: string): Promise<AuthenticatedUser> {
    const user = await this.check(token);
    this.cache.set(key, user, user.expiresAt * 1000 + this.toleranceMs);
    return user;
  }
}

export interface AccessTokenCheckOptions {
  issuer: string;
  audience: string;
  /** The published keys, as a jose key getter: `Jwks.getKey`, `createLocalJWKSet(...)`, ... */
  keys: JWTVerifyGetKey;
  clockToleranceSeconds?: number;
  /** A token whose exp is further than this past its iat is refused. Default 86,400 s. */
  maxLifetimeSeconds?: number;
}

/**
 * The full check with jose's `jwtVerify`: signature by a published key under an asymmetric alg
 * that key is published for, `typ: at+jwt`, no `crit` extension (we understand none, RFC 7515
 * 4.1.11), `iss`, `aud`, `exp`, `nbf`, then the claims the services rely on (`userFromClaims`).
 */
export function verifyAccessToken(options: AccessTokenCheckOptions): TokenCheck {
  const maxLifetime = options.maxLifetimeSeconds ?? MAX_ACCESS_TOKEN_LIFETIME;
  const verifyOptions = {
    issuer: options.issuer,
    audience: options.audience,
    algorithms: [...ACCEPTED_ALGORITHMS],
    typ: ACCESS_TOKEN_TYP,
    clockTolerance: options.clockToleranceSeconds ?? 0,
  };
  const keys: JWTVerifyGetKey = (header, token) => {
    // the auth service names the key of every token it signs: a token naming none is not its own
    if (typeof header.kid !== 'string') throw new GuardError('invalid_token', 'The access token names no key');
    return options.keys(header, token);
  };
  return async (token) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, verifyOptions));
    } catch (error) {
      throw refusal(error);
    }
    return userFromClaims(payload, maxLifetime);
  };
}

/** A failed check as the docs/api.md refusal: token_expired for an expired token, else invalid_token. */
export function refusal(reason: unknown): GuardError {
  if (reason instanceof GuardError) return reason;
  if (reason instanceof errors.JWTExpired) return new GuardError('token_expired');
  return new GuardError('invalid_token');
}

/**
 * The caller from the claims of a token whose signature and registered claims passed: the claims
 * we rely on, in the shapes we rely on. A signature proves who made a token, not that its claims
 * are sane: a non-UUID sid must not reach a uuid column, and `exp: 1e400` (Infinity once parsed,
 * which passes any "not expired" comparison) must not outlive any token we could have issued.
 */
export function userFromClaims(payload: Record<string, unknown>, maxLifetime: number = MAX_ACCESS_TOKEN_LIFETIME): AuthenticatedUser {
  const { sub, sid, jti, roles, exp, iat, cnf, claims } = payload;
  if (
    typeof sub !== 'string' ||
    typeof sid !== 'string' ||
    typeof jti !== 'string' ||
    typeof exp !== 'number' ||
    typeof iat !== 'number' ||
    !Array.isArray(roles) ||
    !roles.every((role) => typeof role === 'string')
  ) {
    throw new GuardError('invalid_token', 'The access token lacks required claims');
  }
  if (!UUID.test(sub) || !UUID.test(sid) || jti.length === 0 || jti.length > 256) {
    throw new GuardError('invalid_token', 'The access token has malformed sub, sid or jti claims');
  }
  if (!Number.isSafeInteger(iat) || !Number.isSafeInteger(exp) || exp <= iat || exp - iat > maxLifetime) {
    throw new GuardError('invalid_token', 'The access token has malformed iat or exp claims');
  }
  if (claims !== undefined && (typeof claims !== 'object' || claims === null || Array.isArray(claims))) {
    throw new GuardError('invalid_token', 'The access token has malformed claims');
  }
  const authentication = authenticationClaims(payload);
  if (!authentication) throw new GuardError('invalid_token', 'The access token has malformed amr or auth_time claims');
  const user: AuthenticatedUser = {
    userId: sub,
    sessionId: sid,
    roles,
    claims: (claims as UserClaims | undefined) ?? {},
    tokenId: jti,
    issuedAt: iat,
    expiresAt: exp,
    ...authentication,
  };
  // a confirmation we cannot honour must not be ignored: the token would lose its binding
  if (cnf !== undefined) {
    const jkt = (cnf as { jkt?: unknown } | null)?.jkt;
    if (typeof jkt !== 'string' || jkt.length === 0)
      throw new GuardError('invalid_token', 'The access token has a confirmation (cnf) this guard cannot check');
    user.jkt = jkt;
  }
  return user;
}

/**
 * The credentials of a `Bearer` Authorization header, or undefined. Only the scheme is matched
 * here; the verifier checks the token's shape when it has not seen it before.
 */
export function bearerToken(header: unknown): string | undefined {
  const presented = accessTokenCredentials(header);
  return presented?.scheme === 'bearer' ? presented.token : undefined;
}

/** An access token as presented: `Authorization: Bearer <token>` or, DPoP-bound, `DPoP <token>` (RFC 9449). */
export interface PresentedToken {
  scheme: 'bearer' | 'dpop';
  token: string;
}

export function accessTokenCredentials(header: unknown): PresentedToken | undefined {
  if (typeof header !== 'string') return undefined;
  const scheme = /^(Bearer|DPoP) +/i.exec(header);
  if (!scheme) return undefined;
  const token = header.slice(scheme[0].length).trimEnd();
  if (token.length === 0) return undefined;
  return { scheme: scheme[1].toLowerCase() === 'dpop' ? 'dpop' : 'bearer', token };
}
