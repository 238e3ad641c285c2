import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Inject } from '@nestjs/common';
import { AccessTokenVerifier, bearerToken } from '../guard/access-token-verifier.js';
import { IS_PUBLIC, REQUEST_USER, REQUIRED_ROLES } from '../guard/decorators.js';
import { GuardError } from '../guard/errors.js';
import { AppConfig } from '../config/app-config.js';
import { KeysService } from '../crypto/keys.service.js';
import { SessionsService } from '../sessions/sessions.service.js';

/**
 * The service's own guard, registered globally: the same token checks as the guard other
 * services import (AccessTokenVerifier), with keys from memory instead of a JWKS fetch, plus
 * a database check that the session still exists, so an ended session is refused at once.
 * Roles come from the database too, so a role change applies here immediately.
 */
@Injectable()
export class AccessTokenGuard implements CanActivate {
  private readonly verifier: AccessTokenVerifier;

  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionsService,
    keys: KeysService,
    @Inject(AppConfig) config: AppConfig,
  ) {
    this.verifier = new AccessTokenVerifier({
      issuer: config.issuer,
      audience: config.AUTH_AUDIENCE,
      resolveKey: (kid) => keys.verificationKey(kid),
    });
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest();
    const token = bearerToken(request.headers?.authorization);
    if (!token) throw new GuardError('invalid_token', 'A bearer access token is required');
    const claims = await this.verifier.verify(token);
    const owner = await this.sessions.findSessionOwner(claims.sessionId);
    if (!owner || owner.userId !== claims.userId) throw new GuardError('session_revoked');
    const user = { ...claims, roles: owner.roles };
    request[REQUEST_USER] = user;
    const required = this.reflector.getAllAndOverride<string[] | undefined>(REQUIRED_ROLES, targets);
    if (required?.length && !required.some((role) => user.roles.includes(role))) throw new GuardError('forbidden');
    return true;
  }
}
