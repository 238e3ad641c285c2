import { ExecutionContext, Inject, Injectable, Optional } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AccessTokenVerifier, type AuthenticatedUser } from './access-token-verifier.js';
import { BearerTokenGuard } from './bearer-token.guard.js';
import { DpopPossession } from './dpop-possession.js';
import { AUTH_GUARD_OPTIONS, type AuthGuardOptions } from './auth-guard.options.js';
import { GuardError } from './errors.js';
import { DEFAULT_STEP_UP_MAX_AGE, type MfaRequirement } from './mfa-policy.js';
import { RevocationFeed } from './revocation.feed.js';

/**
 * The guard other Nest services put on their routes (globally with AuthGuardModule.forRoot({
 * global: true }) or per controller with @UseGuards(JwtAuthGuard)). No database and no call to
 * the auth service per request: keys come from the cached JWKS, ended sessions from the
 * revocation feed, checked on every request including fast-path hits.
 */
@Injectable()
export class JwtAuthGuard extends BearerTokenGuard {
  constructor(
    reflector: Reflector,
    verifier: AccessTokenVerifier,
    @Inject(RevocationFeed) private readonly revocations: RevocationFeed | null,
    dpop: DpopPossession,
    @Optional() @Inject(AUTH_GUARD_OPTIONS) private readonly options?: AuthGuardOptions,
  ) {
    super(reflector, verifier, dpop);
    this.stepUpMaxAgeSeconds = options?.mfa?.stepUpMaxAgeSeconds ?? DEFAULT_STEP_UP_MAX_AGE;
  }

  /** `mfa.requireEverywhere` asks `mfa` of every route that needs a token and declares nothing stricter. */
  protected override mfaRequirement(declared: MfaRequirement | undefined, _context: ExecutionContext): MfaRequirement | undefined {
    return declared ?? (this.options?.mfa?.requireEverywhere ? {} : undefined);
  }

  protected admit(user: AuthenticatedUser): AuthenticatedUser {
    if (!this.revocations) return user;
    const now = Date.now();
    if (this.revocations.isStale(now)) throw new GuardError('unavailable', 'The revocation feed has been unreachable for too long');
    if (this.revocations.isRevoked(user.sessionId, now)) throw new GuardError('session_revoked');
    if (this.revocations.isOutdated(user.userId, user.issuedAt, now)) throw new GuardError('token_outdated');
    return user;
  }
}
