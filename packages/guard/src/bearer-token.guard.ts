import { CanActivate, ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AccessTokenVerifier, AuthenticatedUser, bearerToken } from './access-token-verifier.js';
import { IS_PUBLIC, REQUEST_USER, REQUIRED_ROLES } from './decorators.js';
import { GuardError } from './errors.js';

/** What a route asks of the guard, from @Public() and @Roles() on the handler or its class. */
interface RouteRule {
  isPublic: boolean;
  roles: string[] | undefined;
}

/**
 * What every guard of ours does with a request: let @Public() routes through, verify the bearer
 * token, ask the subclass whether the session may still act (`admit`), put the user on the
 * request for @CurrentUser() and enforce @Roles(). The auth service's own guard and the guard
 * other services import differ only in `admit`.
 */
export abstract class BearerTokenGuard implements CanActivate {
  private readonly rules = new WeakMap<Function, Map<Function, RouteRule>>();

  constructor(
    protected readonly reflector: Reflector,
    protected readonly verifier: AccessTokenVerifier,
  ) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const rule = this.ruleFor(context);
    if (rule.isPublic) return true;
    const request = context.switchToHttp().getRequest();
    const token = bearerToken(request.headers?.authorization);
    if (!token) throw new GuardError('invalid_token', 'A bearer access token is required');
    const verified = this.verifier.verify(token);
    // a token seen before is answered without a promise: the fast path stays synchronous
    if (verified instanceof Promise) return verified.then((user) => this.accept(rule, request, user));
    return this.accept(rule, request, verified);
  }

  /** The user the session stands for now, or a GuardError (e.g. session_revoked). */
  protected abstract admit(user: AuthenticatedUser): AuthenticatedUser | Promise<AuthenticatedUser>;

  private accept(rule: RouteRule, request: Record<string, unknown>, verified: AuthenticatedUser): boolean | Promise<boolean> {
    const admitted = this.admit(verified);
    if (admitted instanceof Promise) return admitted.then((user) => this.authorize(rule, request, user));
    return this.authorize(rule, request, admitted);
  }

  private authorize(rule: RouteRule, request: Record<string, unknown>, user: AuthenticatedUser): boolean {
    request[REQUEST_USER] = user;
    if (rule.roles?.length && !rule.roles.some((role) => user.roles.includes(role))) throw new GuardError('forbidden');
    return true;
  }

  /**
   * Decorators are fixed once the app is built, so each route's rule is read once rather than
   * with four reflect-metadata lookups per request, a measurable part of the fast path.
   */
  private ruleFor(context: ExecutionContext): RouteRule {
    const handler = context.getHandler();
    const controller = context.getClass();
    let byHandler = this.rules.get(controller);
    if (!byHandler) this.rules.set(controller, (byHandler = new Map()));
    let rule = byHandler.get(handler);
    if (!rule) {
      const targets = [handler, controller];
      rule = {
        isPublic: this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, targets) === true,
        roles: this.reflector.getAllAndOverride<string[] | undefined>(REQUIRED_ROLES, targets),
      };
      byHandler.set(handler, rule);
    }
    return rule;
  }
}
