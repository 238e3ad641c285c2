import type { KeyObject } from 'node:crypto';
import { PassportStrategy } from '@nestjs/passport';
import { decodeProtectedHeader } from 'jose';
import { Passport } from 'passport';
import { ExtractJwt, Strategy as JwtStrategy } from 'passport-jwt';
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

/** RFC 9068 access tokens; media types compare case-insensitively, with or without the prefix. */
const ACCESS_TOKEN_TYP = /^(application\/)?at\+jwt$/i;

/** The caller, as the guard hands it to route handlers (`amr`, `authTime` when the token says how it signed in). */
export interface AuthenticatedUser extends AuthenticationFacts {
  userId: string;
  sessionId: string;
  roles: string[];
  tokenId: string;
  /** Unix seconds. */
  expiresAt: number;
  /** The thumbprint of the DPoP key the token is bound to (`cnf.jkt`), if it is bound. */
  jkt?: string;
}

/** A published public key and the one algorithm it may verify. */
export interface VerificationKey {
  key: KeyObject;
  alg: string;
}

/** Finds the public key for a `kid`; undefined when it is not (or no longer) published. */
export type KeyResolver = (kid: string) => Promise<VerificationKey | undefined>;

export interface VerifierOptions {
  issuer: string;
  audience: string;
  resolveKey: KeyResolver;
  clockToleranceSeconds?: number;
  /** Most verified tokens remembered (the fast path). Default 10,000. */
  cacheSize?: number;
  /** A token whose exp is further than this past its iat is refused. Default 86,400 s. */
  maxLifetimeSeconds?: number;
}

const STRATEGY = 'access-token';

/**
 * The one implementation of access-token checking, for this service's own guard and for
 * AuthGuardModule in other services. A token seen before costs a hash and a map lookup; a new
 * one goes through the passport-jwt strategy below (signature by a published key, alg bound to
 * that key, `typ: at+jwt`, `iss`, `aud`, `exp`, `nbf`, and the claims the services rely on),
 * once even when many requests bring it at the same moment.
 *
 * Each verifier runs passport on a Passport instance of its own, so it never replaces or is
 * replaced by a `jwt` strategy the host application registers on the global one.
 */
export class AccessTokenVerifier {
  private readonly passport = new Passport();
  private readonly cache: VerifiedTokenCache<AuthenticatedUser>;
  private readonly pending = new Map<string, Promise<AuthenticatedUser>>();
  private readonly toleranceMs: number;

  constructor(options: VerifierOptions) {
    this.cache = new VerifiedTokenCache(options.cacheSize);
    this.toleranceMs = (options.clockToleranceSeconds ?? 0) * 1000;
    createStrategy(this.passport, options);
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

  private verifyFully(token: string, key: string): Promise<AuthenticatedUser> {
    return new Promise((resolve, reject) => {
      // Passport sees a carrier holding only the token: the fast path above and this slow path
      // judge the same string, and passport's session helpers stay off the real request.
      const carrier = { headers: { authorization: `Bearer ${token}` } };
      const done = (error: unknown, user?: AuthenticatedUser | false, info?: unknown) => {
        if (error || !user) return reject(refusal(error ?? info));
        this.cache.set(key, user, user.expiresAt * 1000 + this.toleranceMs);
        resolve(user);
      };
      this.passport.authenticate(STRATEGY, { session: false }, done)(carrier, {}, (error: unknown) => reject(refusal(error)));
    });
  }
}

function createStrategy(passport: InstanceType<typeof Passport>, options: VerifierOptions) {
  const maxLifetime = options.maxLifetimeSeconds ?? MAX_ACCESS_TOKEN_LIFETIME;
  class AccessTokenStrategy extends PassportStrategy(JwtStrategy, STRATEGY) {
    constructor() {
      super({
        jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
        secretOrKeyProvider: (_request: unknown, token: string, done: (error: unknown, key?: string | Buffer) => void) => {
          // jsonwebtoken 9 verifies with a KeyObject; @types/passport-jwt predates KeyObjects
          keyFor(token, options.resolveKey).then((key) => done(null, key as unknown as Buffer), (error) => done(error));
        },
        issuer: options.issuer,
        audience: options.audience,
        algorithms: [...ACCEPTED_ALGORITHMS],
        jsonWebTokenOptions: { clockTolerance: options.clockToleranceSeconds ?? 0 },
      });
    }

    // called by the mixin's constructor to register the strategy: our own Passport, not the global one
    getPassportInstance() {
      return passport;
    }

    /**
     * Runs after the signature and the registered claims passed: the claims we rely on, in the
     * shapes we rely on. A signature proves who made a token, not that its claims are sane: a
     * non-UUID sid must not reach a uuid column, and `exp: 1e400` (Infinity once parsed, which
     * jsonwebtoken treats as "never expires") must not outlive any token we could have issued.
     */
    validate(payload: Record<string, unknown>): AuthenticatedUser {
      const { sub, sid, jti, roles, exp, iat, cnf } = payload;
      if (typeof sub !== 'string' || typeof sid !== 'string' || typeof jti !== 'string' || typeof exp !== 'number' || typeof iat !== 'number'
        || !Array.isArray(roles) || !roles.every((role) => typeof role === 'string')) {
        throw new GuardError('invalid_token', 'The access token lacks required claims');
      }
      if (!UUID.test(sub) || !UUID.test(sid) || jti.length === 0 || jti.length > 256) {
        throw new GuardError('invalid_token', 'The access token has malformed sub, sid or jti claims');
      }
      if (!Number.isSafeInteger(iat) || !Number.isSafeInteger(exp) || exp <= iat || exp - iat > maxLifetime) {
        throw new GuardError('invalid_token', 'The access token has malformed iat or exp claims');
      }
      const authentication = authenticationClaims(payload);
      if (!authentication) throw new GuardError('invalid_token', 'The access token has malformed amr or auth_time claims');
      const user: AuthenticatedUser = { userId: sub, sessionId: sid, roles, tokenId: jti, expiresAt: exp, ...authentication };
      // a confirmation we cannot honour must not be ignored: the token would lose its binding
      if (cnf !== undefined) {
        const jkt = (cnf as { jkt?: unknown } | null)?.jkt;
        if (typeof jkt !== 'string' || jkt.length === 0) throw new GuardError('invalid_token', 'The access token has a confirmation (cnf) this guard cannot check');
        user.jkt = jkt;
      }
      return user;
    }
  }
  return new AccessTokenStrategy();
}

/** The published key for a token, after the header checks that need no signature check. */
async function keyFor(token: string, resolveKey: KeyResolver): Promise<KeyObject> {
  let header;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    throw new GuardError('invalid_token', 'The access token is malformed');
  }
  if (typeof header.typ !== 'string' || !ACCESS_TOKEN_TYP.test(header.typ)) {
    throw new GuardError('invalid_token', 'The token is not an access token (typ must be at+jwt)');
  }
  // RFC 7515 4.1.11: a verifier must refuse a JWS whose crit names an extension it does not
  // understand; jsonwebtoken ignores crit, and we understand none.
  if (header.crit !== undefined) throw new GuardError('invalid_token', 'The access token names critical header extensions');
  if (typeof header.kid !== 'string') throw new GuardError('invalid_token', 'The access token names no key');
  const key = await resolveKey(header.kid);
  if (!key) throw new GuardError('invalid_token', 'The access token was signed with an unknown key');
  if (header.alg !== key.alg) throw new GuardError('invalid_token', 'The access token uses an algorithm its key is not published for');
  return key.key;
}

/** What the strategy or jsonwebtoken reported, as the API.md refusal. */
function refusal(reason: unknown): GuardError {
  if (reason instanceof GuardError) return reason;
  const name = (reason as { name?: unknown } | null)?.name;
  if (name === 'TokenExpiredError') return new GuardError('token_expired');
  return new GuardError('invalid_token');
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
