import { ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants.js';
import { Reflector } from '@nestjs/core';
import {
  AccessTokenVerifier,
  type AuthenticatedUser,
  BearerTokenGuard,
  GuardError,
  tokenIsOutdated,
  type MfaRequirement,
} from '@auth-service/guard';
import { AppConfig } from '../config/app-config.js';
import { DpopService } from '../dpop/dpop.service.js';
import { SessionsService } from '../sessions/sessions.service.js';
import { AUTH_MODE_HEADER } from '../sessions/auth-cookies.js';

const REFRESH_TOKEN_INSTEAD = 'auth:refresh-token-instead';

/**
 * On a route that needs a Bearer token, also lets through a request with no Authorization
 * header whose body carries `refreshToken`, or in cookie mode (the refresh cookie): the handler
 * then judges that token itself (POST /auth/logout, so an app whose access token expired can
 * still log out).
 */
export const OrRefreshToken = () => SetMetadata(REFRESH_TOKEN_INSTEAD, true);

/**
 * The service's own guard, registered globally: the same token checks as the guard other
 * services import (BearerTokenGuard + AccessTokenVerifier, DPoP proofs for bound tokens), with
 * keys from memory instead of a JWKS fetch and proofs remembered in PostgreSQL, plus a database
 * check that the session still exists, so an ended session is refused here at once, and that
 * the token does not predate a change of its user's roles or claims (`token_outdated`).
 */
const STEP_UP_WHEN_ADMIN_MFA = 'auth:step-up-when-admin-mfa';

/** An admin route that needs a step-up when ADMIN_REQUIRE_MFA=on (docs/api.md: deleting a user). */
export const StepUpWhenAdminMfa = () => SetMetadata(STEP_UP_WHEN_ADMIN_MFA, true);

@Injectable()
export class AccessTokenGuard extends BearerTokenGuard {
  constructor(
    reflector: Reflector,
    private readonly sessions: SessionsService,
    verifier: AccessTokenVerifier,
    dpop: DpopService,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {
    super(reflector, verifier, dpop.possession);
    this.stepUpMaxAgeSeconds = config.STEP_UP_MAX_AGE;
  }

  /**
   * ADMIN_REQUIRE_MFA=on: every route of an `admin` controller needs `mfa` in amr (step-up routes
   * keep their age limit), and a route marked @StepUpWhenAdminMfa() needs a step-up.
   */
  protected override mfaRequirement(declared: MfaRequirement | undefined, context: ExecutionContext): MfaRequirement | undefined {
    if (declared || this.config.ADMIN_REQUIRE_MFA !== 'on') return declared;
    if (this.reflector.get(STEP_UP_WHEN_ADMIN_MFA, context.getHandler()) === true) return { maxAgeSeconds: 'step-up' };
    const path = String(this.reflector.get<string | undefined>(PATH_METADATA, context.getClass()) ?? '');
    return /^\/?admin(\/|$)/.test(path) ? {} : undefined;
  }

  private readonly refreshTokenInstead = new WeakMap<Function, boolean>();

  override canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const handler = context.getHandler();
    let allowed = this.refreshTokenInstead.get(handler);
    if (allowed === undefined)
      this.refreshTokenInstead.set(handler, (allowed = this.reflector.get(REFRESH_TOKEN_INSTEAD, handler) === true));
    if (allowed) {
      const request = context.switchToHttp().getRequest<{ headers?: Record<string, unknown>; body?: { refreshToken?: unknown } }>();
      const instead = request.body?.refreshToken !== undefined || request.headers?.[AUTH_MODE_HEADER] === 'cookie';
      if (request.headers?.authorization === undefined && instead) return true;
    }
    return super.canActivate(context);
  }

  protected async admit(user: AuthenticatedUser): Promise<AuthenticatedUser> {
    const owner = await this.sessions.findSessionOwner(user.sessionId);
    if (!owner || owner.userId !== user.userId) throw new GuardError('session_revoked');
    // the same rule as every guard's, from the same row, at once rather than within the push
    if (owner.notBefore && tokenIsOutdated(user.issuedAt, owner.notBefore.getTime())) throw new GuardError('token_outdated');
    return { ...user, roles: owner.roles, claims: owner.claims };
  }
}
