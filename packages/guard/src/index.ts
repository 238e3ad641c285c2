/**
 * The guard other Nest services import as `@auth-service/guard`. It depends on Nest, jose and
 * eventsource-parser only: nothing of TypeORM, pg or the rest of the auth service.
 */
export { AuthGuardModule, type AuthGuardAsyncOptions } from './auth-guard.module.js';
export type { AuthGuardModuleOptions, AuthGuardOptions, DpopOptions, MfaOptions, RevocationOptions } from './auth-guard.options.js';
export { JwtAuthGuard } from './jwt-auth.guard.js';
export { CurrentUser, Public, REQUEST_USER, Roles } from './decorators.js';
/** Second factors: @RequireMfa({ maxAgeSeconds }) and @StepUp() on routes, judged on `amr` and `auth_time`. */
export {
  authenticationClaims,
  DEFAULT_STEP_UP_MAX_AGE,
  mfaVerdict,
  RequireMfa,
  StepUp,
  type AuthenticationFacts,
  type MfaRequirement,
} from './mfa-policy.js';
export { GUARD_ERRORS, GuardError, type GuardErrorCode } from './errors.js';
export {
  AccessTokenVerifier,
  refusal,
  userFromClaims,
  verifyAccessToken,
  type AccessTokenCheckOptions,
  type AuthenticatedUser,
  type TokenCheck,
  type UserClaims,
  type VerifierOptions,
} from './access-token-verifier.js';
export { tokenIsOutdated } from './revocation.set.js';
export { Jwks, type JwksOptions } from './jwks.js';
/** For a guard of your own (the auth service's guard is one): the shared request handling. */
export { BearerTokenGuard } from './bearer-token.guard.js';
/** DPoP (RFC 9449): proof checks shared with the auth service, which binds sessions to a key. */
export { accessTokenHash, DPOP_ALGORITHMS, MemoryReplayStore, verifyProof, type ProofVerdict, type ReplayStore } from './dpop-proof.js';
export { describeRefusal, DpopPossession } from './dpop-possession.js';
