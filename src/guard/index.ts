/**
 * The guard other Nest services import as `nest-auth-service/guard`. It depends on Nest,
 * passport, passport-jwt and jose only: nothing of TypeORM, pg or the rest of the auth service.
 */
export { AuthGuardModule, type AuthGuardAsyncOptions } from './auth-guard.module.js';
export type { AuthGuardModuleOptions, AuthGuardOptions, DpopOptions, RevocationOptions } from './auth-guard.options.js';
export { JwtAuthGuard } from './jwt-auth.guard.js';
export { CurrentUser, Public, Roles } from './decorators.js';
export { GuardError, type GuardErrorCode } from './errors.js';
export type { AuthenticatedUser } from './access-token-verifier.js';
export { accessTokenHash, DPOP_ALGORITHMS } from './dpop-proof.js';
