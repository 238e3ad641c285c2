import { ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AccessTokenVerifier, type AuthenticatedUser } from '../guard/access-token-verifier.js';
import { BearerTokenGuard } from '../guard/bearer-token.guard.js';
import { GuardError } from '../guard/errors.js';
import { AppConfig } from '../config/app-config.js';
import { KeysService, SIGNING_ALG } from '../crypto/keys.service.js';
import { SessionsService } from '../sessions/sessions.service.js';
import { AUTH_MODE_HEADER, COOKIE_CREDENTIAL } from './auth-cookies.js';

/**
 * The service's own guard, registered globally: the same token checks as the guard other
 * services import (BearerTokenGuard + AccessTokenVerifier), with keys from memory instead of a
 * JWKS fetch, plus a database check that the session still exists, so an ended session is
 * refused here at once. Roles come from the database too, so a role change applies immediately.
 */
@Injectable()
export class AccessTokenGuard extends BearerTokenGuard {
  constructor(
    reflector: Reflector,
    private readonly sessions: SessionsService,
    keys: KeysService,
    @Inject(AppConfig) config: AppConfig,
  ) {
    super(reflector, new AccessTokenVerifier({
      issuer: config.issuer,
      audience: config.AUTH_AUDIENCE,
      resolveKey: async (kid) => {
        const key = await keys.verificationKey(kid);
        return key && { key, alg: SIGNING_ALG };
      },
    }));
  }

  /** A cookie-mode request without a Bearer may reach a @CookieCredential() route (logout). */
  override canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const headers = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>().headers;
    if (headers[AUTH_MODE_HEADER] === 'cookie' && headers.authorization === undefined
      && this.reflector.get<boolean | undefined>(COOKIE_CREDENTIAL, context.getHandler()) === true) return true;
    return super.canActivate(context);
  }

  protected async admit(user: AuthenticatedUser): Promise<AuthenticatedUser> {
    const owner = await this.sessions.findSessionOwner(user.sessionId);
    if (!owner || owner.userId !== user.userId) throw new GuardError('session_revoked');
    return { ...user, roles: owner.roles };
  }
}
