import type { Provider } from '@nestjs/common';
import passport from 'passport';
import { AccessTokenVerifier, GuardError, refusal, type AuthenticatedUser } from '@auth-service/guard';
import { JwtStrategy } from './jwt.strategy.js';

/**
 * The verifier of our own access tokens: the guard package's front (a cache of verified tokens,
 * one check per token however many requests bring it at once) with the passport-jwt strategy
 * as its full check. One instance serves the service's guard and the OAuth introspection and
 * revocation endpoints, so they share its cache.
 */
export const accessTokenVerifierProvider: Provider = {
  provide: AccessTokenVerifier,
  // the strategy registers itself with passport when Nest builds it
  inject: [JwtStrategy],
  useFactory: () => new AccessTokenVerifier({ check: authenticate }),
};

/**
 * Runs the `jwt` strategy on a token, as Nest's AuthGuard('jwt') runs it on a request. Passport
 * sees a carrier holding only the token: the service's guard reads the token from either scheme
 * (`Bearer`, or `DPoP` for a bound token) and answers a token it has seen from the cache, so the
 * strategy judges exactly the string the cache is keyed by, and passport stays off the request.
 */
function authenticate(token: string): Promise<AuthenticatedUser> {
  return new Promise((resolve, reject) => {
    const carrier = { headers: { authorization: `Bearer ${token}` } };
    const done = (error: unknown, user?: AuthenticatedUser | false, info?: unknown) => (error || !user ? reject(refusalOf(error ?? info)) : resolve(user));
    passport.authenticate('jwt', { session: false }, done)(carrier, {}, (error: unknown) => reject(refusalOf(error)));
  });
}

/** jsonwebtoken's errors as the docs/api.md refusals. */
function refusalOf(reason: unknown): GuardError {
  if ((reason as { name?: unknown } | null)?.name === 'TokenExpiredError') return new GuardError('token_expired');
  return refusal(reason);
}
