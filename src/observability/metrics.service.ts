import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { AppError, ErrorCode } from '../common/errors.js';

/** `result` of auth_refresh_total: the successes (late_retry: a retry after the grace, docs/design.md "Retries after the grace"), then why a refresh was refused. */
export const REFRESH_RESULTS = [
  'rotated',
  'grace',
  'late_retry',
  'reused',
  'expired',
  'invalid',
  'device_mismatch',
  'disabled',
  'rate_limited',
  'error',
] as const;
export type RefreshResult = (typeof REFRESH_RESULTS)[number];

/** `result` of auth_login_total. */
export const LOGIN_RESULTS = [
  'success',
  'mfa_required',
  'invalid_credentials',
  'account_disabled',
  'rate_limited',
  'email_not_verified',
  'invalid',
  'error',
] as const;
export type LoginResult = (typeof LOGIN_RESULTS)[number];

/** `result` of auth_webhook_deliveries_total: one per attempt. */
export const WEBHOOK_RESULTS = ['delivered', 'retry', 'failed'] as const;
export type WebhookResult = (typeof WEBHOOK_RESULTS)[number];

const REFRESH_RESULT_OF: Partial<Record<ErrorCode, RefreshResult>> = {
  [ErrorCode.RefreshTokenReused]: 'reused',
  [ErrorCode.RefreshTokenExpired]: 'expired',
  [ErrorCode.InvalidRefreshToken]: 'invalid',
  [ErrorCode.EnvelopeInvalid]: 'invalid',
  [ErrorCode.EnvelopeRequired]: 'invalid',
  [ErrorCode.ValidationFailed]: 'invalid',
  [ErrorCode.DeviceMismatch]: 'device_mismatch',
  [ErrorCode.AccountDisabled]: 'disabled',
  [ErrorCode.RateLimited]: 'rate_limited',
};

/**
 * The Prometheus registry of one service instance (a registry per app, not prom-client's
 * global one, so several apps in one process, as in the tests, count apart). Counters on hot
 * paths are bound to their label values once, so counting is one increment.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  private readonly requestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  private readonly loginTotal = new Counter({
    name: 'auth_login_total',
    help: 'Login attempts by result',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  private readonly refreshTotal = new Counter({
    name: 'auth_refresh_total',
    help: 'Refresh attempts by result: rotated, grace (an idempotent retry), or why it was refused',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  private readonly mfaTotal = new Counter({
    name: 'auth_mfa_total',
    help: 'Second-factor checks by method (totp, recovery_code, passkey) and result (success, failure, replayed, counter_rollback)',
    labelNames: ['method', 'result'] as const,
    registers: [this.registry],
  });

  private readonly sessionsEndedTotal = new Counter({
    name: 'auth_sessions_ended_total',
    help: 'Session families ended, by reason (logout, refresh_token_reused, device_mismatch, admin, expired, ...)',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  private readonly oidcTotal = new Counter({
    name: 'auth_oidc_total',
    help: 'OpenID Connect sign-ins by provider and result: success, or the error of the redirect',
    labelNames: ['provider', 'result'] as const,
    registers: [this.registry],
  });

  private readonly webhookDeliveriesTotal = new Counter({
    name: 'auth_webhook_deliveries_total',
    help: 'Webhook delivery attempts by result: delivered, retry (a failed attempt to be retried), failed (given up)',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  private readonly logins = bind(this.loginTotal, LOGIN_RESULTS);
  private readonly webhookDeliveries = bind(this.webhookDeliveriesTotal, WEBHOOK_RESULTS);
  private readonly refreshes = bind(this.refreshTotal, REFRESH_RESULTS);

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** One finished HTTP request; `route` is the matched pattern (`/auth/sessions/:id`), never the raw path. */
  observeRequest(method: string, route: string, statusCode: number, seconds: number): void {
    this.requestDuration.observe({ method, route, status_code: statusCode }, seconds);
  }

  login(result: LoginResult): void {
    this.logins[result].inc();
  }

  /** A refused login, by the code it was refused with. */
  loginFailed(error: unknown): void {
    const code = error instanceof AppError ? error.code : undefined;
    const result = (LOGIN_RESULTS as readonly string[]).includes(code ?? '')
      ? (code as LoginResult)
      : code === ErrorCode.ValidationFailed
        ? 'invalid'
        : 'error';
    this.logins[result].inc();
  }

  refreshed(result: 'rotated' | 'grace' | 'late_retry'): void {
    this.refreshes[result].inc();
  }

  /** A refused refresh, by the code it was refused with. */
  refreshFailed(error: unknown): void {
    const code = error instanceof AppError ? error.code : undefined;
    this.refreshes[(code && REFRESH_RESULT_OF[code]) ?? 'error'].inc();
  }

  /** A provider sign-in's callback: `success` or its redirect error; `provider` is a configured id only. */
  oidc(provider: string, result: string): void {
    this.oidcTotal.inc({ provider, result });
  }

  webhookDelivery(result: WebhookResult): void {
    this.webhookDeliveries[result].inc();
  }

  /** One second-factor check (a login's second step, a passkey login, a step-up, a confirmation). */
  mfa(method: string, result: string): void {
    this.mfaTotal.inc({ method, result });
  }

  sessionsEnded(reason: string, count: number): void {
    if (count > 0) this.sessionsEndedTotal.inc({ reason }, count);
  }

  /** The Prometheus text exposition of every metric. */
  exposition(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

/** Label children created once: `inc()` on them skips hashing the labels on every call. */
function bind<L extends string>(counter: Counter<'result'>, results: readonly L[]): Record<L, { inc(): void }> {
  return Object.fromEntries(results.map((result) => [result, counter.labels(result)])) as Record<L, { inc(): void }>;
}
