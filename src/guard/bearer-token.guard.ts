import { CanActivate, ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AccessTokenVerifier, AuthenticatedUser, bearerToken } from './access-token-verifier.js';
import { IS_PUBLIC, REQUEST_USER, REQUIRED_ROLES } from './decorators.js';
import { GuardError } from './errors.js';

/**
 * What every guard of ours does with a request: let @Public() routes through, verify the bearer
 * token, ask the subclass whether the session may still act (`admit`), put the user on the
 * request for @CurrentUser() and enforce @Roles(). The auth service's own guard and the guard
 * other services import differ only in `admit`.
 */
export abstract class BearerTokenGuard implements CanActivate {
  constructor(
    protected readonly reflector: Reflector,
    protected readonly verifier: AccessTokenVerifier,
  ) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const targets: [Function, Function] = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest();
    const token = bearerToken(request.headers?.authorization);
    if (!token) throw new GuardError('invalid_token', 'A bearer access token is required');
    const verified = this.verifier.verify(token);
    // a token seen before is answered without a promise: the fast path stays synchronous
    if (verified instanceof Promise) return verified.then((user) => this.accept(targets, request, user));
    return this.accept(targets, request, verified);
  }

  /** The user the session stands for now, or a GuardError (e.g. session_revoked). */
  protected abstract admit(user: AuthenticatedUser): AuthenticatedUser | Promise<AuthenticatedUser>;

  private accept(targets: [Function, Function], request: Record<string, unknown>, verified: AuthenticatedUser): boolean | Promise<boolean> {
    const admitted = this.admit(verified);
    if (admitted instanceof Promise) return admitted.then((user) => this.authorize(targets, request, user));
    return this.authorize(targets, request, admitted);
  }

  private authorize(targets: [Function, Function], request: Record<string, unknown>, user: AuthenticatedUser): boolean {
    request[REQUEST_USER] = user;
    const required = this.reflector.getAllAndOverride<string[] | undefined>(REQUIRED_ROLES, targets);
    if (required?.length && !required.some((role) => user.roles.includes(role))) throw new GuardError('forbidden');
    return true;
  }
}
