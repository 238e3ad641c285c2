import type { Provider } from '@nestjs/common';
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
  inject: [JwtStrategy],
  useFactory: (strategy: JwtStrategy) => new AccessTokenVerifier({ check: (token) => authenticate(strategy, token) }),
};

/**
 * Runs this app's `jwt` strategy on a token, the way passport's `authenticate` middleware runs a
 * strategy (a per-call object over the strategy with `success`, `fail` and `error`). The
 * instance is used directly rather than looked up by name in passport's process-wide registry,
 * where a second app in the same process (tests, a host embedding two services) would replace it.
 * Passport sees a carrier holding only the token: the service's guard reads the token from either
 * scheme (`Bearer`, or `DPoP` for a bound token) and answers a token it has seen from the cache,
 * so the strategy judges exactly the string the cache is keyed by.
 */
function authenticate(strategy: JwtStrategy, token: string): Promise<AuthenticatedUser> {
  return new Promise((resolve, reject) => {
    const carrier = { headers: { authorization: `Bearer ${token}` } };
    const attempt = Object.create(strategy) as JwtStrategy & PassportActions;
    attempt.success = (user) => (user ? resolve(user) : reject(refusalOf(undefined)));
    attempt.fail = (info) => reject(refusalOf(info));
    attempt.error = (error) => reject(refusalOf(error));
    attempt.authenticate(carrier as never, { session: false });
  });
}

/** The outcomes passport gives a strategy for one attempt. */
interface PassportActions {
  success(user: AuthenticatedUser | false): void;
  fail(info?: unknown): void;
  error(error: unknown): void;
}

/** jsonwebtoken's errors as the docs/api.md refusals. */
function refusalOf(reason: unknown): GuardError {
  if ((reason as { name?: unknown } | null)?.name === 'TokenExpiredError') return new GuardError('token_expired');
  return refusal(reason);
}
