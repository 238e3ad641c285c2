import { CanActivate, ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AccessTokenVerifier, AuthenticatedUser, accessTokenCredentials, type PresentedToken } from './access-token-verifier.js';
import { DpopPossession } from './dpop-possession.js';
import { DPOP_ALGORITHMS } from './dpop-proof.js';
import { IS_PUBLIC, REQUEST_USER, REQUIRED_ROLES } from './decorators.js';
import { GuardError } from './errors.js';
import { DEFAULT_STEP_UP_MAX_AGE, mfaVerdict, REQUIRED_MFA, type MfaRequirement } from './mfa-policy.js';

/** What a route asks of the guard, from @Public() and @Roles() on the handler or its class. */
interface RouteRule {
  isPublic: boolean;
  roles: string[] | undefined;
  /** From @RequireMfa()/@StepUp(), or `mfaRequirement` of the subclass. */
  mfa: MfaRequirement | undefined;
}

/**
 * What every guard of ours does with a request: let @Public() routes through, verify the bearer
 * token, ask the subclass whether the session may still act (`admit`), put the user on the
 * request for @CurrentUser() and enforce @Roles(). The auth service's own guard and the guard
 * other services import differ only in `admit`.
 */
export abstract class BearerTokenGuard implements CanActivate {
  private readonly rules = new WeakMap<Function, Map<Function, RouteRule>>();
  /** Seconds @StepUp() allows since the second factor; a subclass sets its configured value. */
  protected stepUpMaxAgeSeconds = DEFAULT_STEP_UP_MAX_AGE;

  constructor(
    protected readonly reflector: Reflector,
    protected readonly verifier: AccessTokenVerifier,
    /** Checks DPoP proofs for tokens bound to a key (`cnf.jkt`). */
    protected readonly dpop: DpopPossession,
  ) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const rule = this.ruleFor(context);
    if (rule.isPublic) return true;
    try {
      const answer = this.check(rule, context);
      return answer instanceof Promise ? answer.catch((error: unknown) => challenged(context, error)) : answer;
    } catch (error) {
      return challenged(context, error);
    }
  }

  private check(rule: RouteRule, context: ExecutionContext): boolean | Promise<boolean> {
    const request = context.switchToHttp().getRequest();
    const presented = accessTokenCredentials(request.headers?.authorization);
    if (!presented) throw new GuardError('invalid_token', 'A bearer access token is required');
    const verified = this.verifier.verify(presented.token);
    // a token seen before is answered without a promise: the fast path stays synchronous
    if (verified instanceof Promise) return verified.then((user) => this.possessed(rule, context, presented, user));
    return this.possessed(rule, context, presented, verified);
  }

  /** The user the session stands for now, or a GuardError (e.g. session_revoked). */
  protected abstract admit(user: AuthenticatedUser): AuthenticatedUser | Promise<AuthenticatedUser>;

  /** A DPoP-bound token needs a proof of its key first; a bearer token goes straight on. */
  private possessed(
    rule: RouteRule,
    context: ExecutionContext,
    presented: PresentedToken,
    user: AuthenticatedUser,
  ): boolean | Promise<boolean> {
    const request = context.switchToHttp().getRequest();
    if (!DpopPossession.applies(user, presented)) return this.accept(rule, request, user);
    return this.dpop.check(request, presented, user).then(
      () => this.accept(rule, request, user),
      (error: unknown) => {
        // RFC 9449 §7.1: tell the client which scheme and algorithms a proof needs
        if (error instanceof GuardError && error.code === 'invalid_dpop_proof') {
          setChallenge(context, `DPoP error="invalid_dpop_proof", algs="${DPOP_ALGORITHMS.join(' ')}"`);
        }
        throw error;
      },
    );
  }

  private accept(rule: RouteRule, request: Record<string, unknown>, verified: AuthenticatedUser): boolean | Promise<boolean> {
    const admitted = this.admit(verified);
    if (admitted instanceof Promise) return admitted.then((user) => this.authorize(rule, request, user));
    return this.authorize(rule, request, admitted);
  }

  private authorize(rule: RouteRule, request: Record<string, unknown>, user: AuthenticatedUser): boolean {
    request[REQUEST_USER] = user;
    if (rule.roles?.length && !rule.roles.some((role) => user.roles.includes(role))) throw new GuardError('forbidden');
    if (
      rule.mfa &&
      mfaVerdict(user, rule.mfa, { nowSeconds: Math.floor(Date.now() / 1000), stepUpMaxAgeSeconds: this.stepUpMaxAgeSeconds }).kind !== 'ok'
    ) {
      throw new GuardError('step_up_required');
    }
    return true;
  }

  /**
   * The second-factor requirement of a route, from its @RequireMfa()/@StepUp() (`declared`). A
   * subclass may add one by policy (the auth service's ADMIN_REQUIRE_MFA, a guard option); read
   * once per route.
   */
  protected mfaRequirement(declared: MfaRequirement | undefined, _context: ExecutionContext): MfaRequirement | undefined {
    return declared;
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
        mfa: this.mfaRequirement(this.reflector.getAllAndOverride<MfaRequirement | undefined>(REQUIRED_MFA, targets), context),
      };
      byHandler.set(handler, rule);
    }
    return rule;
  }
}

type ChallengeResponse = {
  header?(name: string, value: string): unknown;
  setHeader?(name: string, value: string): unknown;
};

function setChallenge(context: ExecutionContext, challenge: string): void {
  const response = context.switchToHttp().getResponse<ChallengeResponse | undefined>();
  if (response?.header) response.header('WWW-Authenticate', challenge);
  else response?.setHeader?.('WWW-Authenticate', challenge);
}

/**
 * RFC 6750 §3: a 401 names the scheme it wants, `Bearer` alone when no token came (or one under
 * a scheme we do not take) and with `error="invalid_token"` when the one that came is refused
 * (expired, revoked and outdated included); a token sent with the DPoP scheme is answered in
 * that scheme (RFC 9449 §7.1). A bad or missing proof has set its own challenge already.
 * Rethrows the error.
 */
function challenged(context: ExecutionContext, error: unknown): never {
  if (error instanceof GuardError && error.getStatus() === 401 && error.code !== 'invalid_dpop_proof') {
    const request = context.switchToHttp().getRequest<{ headers?: { authorization?: unknown } }>();
    const presented = accessTokenCredentials(request.headers?.authorization);
    setChallenge(
      context,
      !presented
        ? 'Bearer'
        : presented.scheme === 'dpop'
          ? `DPoP error="invalid_token", algs="${DPOP_ALGORITHMS.join(' ')}"`
          : 'Bearer error="invalid_token"',
    );
  }
  throw error;
}
