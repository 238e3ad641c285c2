import { Injectable, Logger } from '@nestjs/common';
import type { DeviceClaim } from '../crypto/crypto.service.js';
import { canonicalEmail } from '../email-address/email.js';
import { AppError, ErrorCode } from './errors.js';
import { type Budget, RateLimiter } from './rate-limiter.js';

/**
 * Every guess budget and rate-limit key of the service, in one file: logins, current
 * passwords, recovery and verification. The counters are the shared ones in PostgreSQL, so
 * every instance counts together.
 */

const WINDOW = 15 * 60;

/** Failed logins allowed in the window before 429 (docs/api.md "Password guessing"). */
export const LOGIN_FAILURES = { perAccount: 20, perKnownDevice: 10, perIp: 200, windowSeconds: WINDOW };

/** Wrong current passwords allowed per user in the window before 429 (like failed logins). */
export const PASSWORD_FAILURES = { perUser: 10, windowSeconds: WINDOW };

/** The rate-limit key of an account's wrong passwords (a password reset may clear it). */
export function loginAccountKey(userId: string): string {
  return `login:account:${userId}`;
}

/**
 * Which guess budgets a login spends, from who it claims to be. A login from a device that
 * proved it signed in to this account before spends only that device's budget, so strangers
 * exhausting the account's or the ip's cannot lock the owner out of it. Every other login
 * spends the account's budget (keyed by the account, so every spelling of the email and every
 * instance count together; an email without an account is keyed by its canonical form, so it
 * behaves exactly like one with) and its ip's.
 */
export function loginBudgets(facts: {
  userId: string | undefined;
  canonicalEmail: string;
  knownDevice: DeviceClaim | undefined;
  ip: string | null;
}): Budget[] {
  const window = LOGIN_FAILURES.windowSeconds;
  if (facts.userId !== undefined && facts.knownDevice?.userId === facts.userId) {
    return [
      { key: `login:device:${facts.userId}:${facts.knownDevice.deviceId}`, limit: LOGIN_FAILURES.perKnownDevice, windowSeconds: window },
    ];
  }
  const account = facts.userId !== undefined ? loginAccountKey(facts.userId) : `login:email:${facts.canonicalEmail}`;
  return [
    { key: account, limit: LOGIN_FAILURES.perAccount, windowSeconds: window },
    { key: `login:ip:${facts.ip}`, limit: LOGIN_FAILURES.perIp, windowSeconds: window },
  ];
}

/** The rate-limit key of a user's wrong current passwords (a password reset clears it too). */
export function passwordFailureKey(userId: string): string {
  return `password-fail:user:${userId}`;
}

/** The budget a wrong current password spends. */
export function passwordFailureBudget(userId: string): Budget {
  return { key: passwordFailureKey(userId), limit: PASSWORD_FAILURES.perUser, windowSeconds: PASSWORD_FAILURES.windowSeconds };
}
/**
 * Reset mails per account from one ip, and forgot requests per ip, per window; past them
 * requests are ignored (still 202). Per account *and* ip, not per account: a per-account count
 * would let any stranger use it up and silence the owner's own request for the window.
 */
export const FORGOT_LIMITS = { perAccountAndIp: 5, perIp: 50 };
/** Verification mails a user may ask for per window (each supersedes the previous link). */
const RESEND_PER_USER = 5;
/** Reset and verification token checks per ip per window: tokens are 256-bit, this only caps the work a flood causes. */
const TOKEN_CHECKS_PER_IP = 100;

/**
 * The rate limits of recovery and verification.
 */
@Injectable()
export class RecoveryLimits {
  constructor(private readonly limiter: RateLimiter) {}

  /**
   * Counts a forgot-password request; false when the account from this ip (every spelling of
   * the email counts together, whether or not it has an account) or the ip is over its limit.
   */
  async allowForgot(email: string, ip: string | null): Promise<boolean> {
    try {
      await this.limiter.take(
        { key: `forgot:email:${canonicalEmail(email)}:ip:${ip}`, limit: FORGOT_LIMITS.perAccountAndIp, windowSeconds: WINDOW },
        { key: `forgot:ip:${ip}`, limit: FORGOT_LIMITS.perIp, windowSeconds: WINDOW },
      );
      return true;
    } catch (error) {
      if (error instanceof AppError && error.code === ErrorCode.RateLimited) return false;
      throw error;
    }
  }

  /** Counts a resend; 429 rate_limited past the limit. */
  takeResend(userId: string): Promise<void> {
    return this.limiter.take({ key: `verify-resend:user:${userId}`, limit: RESEND_PER_USER, windowSeconds: WINDOW });
  }

  /** Counts a reset or verification token check; 429 rate_limited past the limit. */
  takeTokenCheck(ip: string | null): Promise<void> {
    return this.limiter.take({ key: `token-check:ip:${ip}`, limit: TOKEN_CHECKS_PER_IP, windowSeconds: WINDOW });
  }

  /** A reset proves the owner: earlier wrong guesses (logins, current passwords) no longer hold the account back. */
  clearGuessBudget(userId: string): Promise<void> {
    return this.limiter.reset(loginAccountKey(userId), passwordFailureKey(userId));
  }
}

/**
 * Refused refreshes per ip per window before 429. Refresh tokens are 256-bit: the budget caps
 * the work a flood of bad ones causes, it does not protect a secret (docs/api.md "Password
 * guessing").
 */
export const REFRESH_REFUSALS = { perIp: 3000, windowSeconds: 60 };

/** A 4xx of ours (or the OAuth endpoints'), other than a 429: the caller's attempt was refused. */
function isRefusal(error: unknown): boolean {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 500 && status !== 429;
}

/**
 * The refresh doors' budget per ip: POST /auth/refresh, logout by refresh token, /oauth/token
 * and /oauth/revoke share one key. Only refusals spend it: a refresh that works proved a
 * 256-bit secret, so the common refresh writes no counter and costs no extra round trip
 * (a revocation always spends it, its answer never telling whether the token was known).
 *
 * Once a refusal finds the budget spent, this instance answers 429 to the ip at once, without
 * the database, until the window ends. The count is the shared one in PostgreSQL, so every
 * instance spends one budget; each instance starts refusing the ip at its own next refusal.
 */
@Injectable()
export class RefreshLimits {
  /** Ips whose budget is spent, with the end of their window (ms since the epoch). */
  private readonly spentUntil = new Map<string, number>();
  private readonly logger = new Logger('RateLimits');

  constructor(private readonly limiter: RateLimiter) {}

  /** Throws 429 while the ip's budget is spent, as this instance last learned it. */
  admit(ip: string | null): void {
    const until = this.spentUntil.get(String(ip));
    if (until === undefined) return;
    const secondsLeft = Math.ceil((until - Date.now()) / 1000);
    if (secondsLeft > 0) throw new AppError(ErrorCode.RateLimited, undefined, undefined, secondsLeft);
    this.spentUntil.delete(String(ip));
  }

  /**
   * Runs one attempt through a refresh door: refused at once while the ip's budget is spent,
   * and a refusal it ends in spends it. The refusal is answered as it is (its work, such as
   * ending a reused family, is done): the ip's next attempts get the 429. Counting never turns
   * a refusal into a 500: a failed count is logged and the refusal answered.
   */
  async attempt<T>(ip: string | null, run: () => Promise<T>): Promise<T> {
    this.admit(ip);
    try {
      return await run();
    } catch (error) {
      if (isRefusal(error)) await this.spend(ip).catch((counting: unknown) => this.countFailed(counting));
      throw error;
    }
  }

  private countFailed(error: unknown): void {
    // a 429 is already remembered by spend(); anything else is the counter's own failure
    if (!(error instanceof AppError && error.code === ErrorCode.RateLimited)) this.logger.warn(`refresh budget not counted: ${error}`);
  }

  /** Spends one attempt of the ip's budget; 429 when it is spent. */
  async spend(ip: string | null): Promise<void> {
    try {
      await this.limiter.take({ key: `refresh:ip:${ip}`, limit: REFRESH_REFUSALS.perIp, windowSeconds: REFRESH_REFUSALS.windowSeconds });
    } catch (error) {
      if (error instanceof AppError && error.retryAfter !== undefined) this.remember(String(ip), Date.now() + error.retryAfter * 1000);
      throw error;
    }
  }

  private remember(ip: string, until: number): void {
    // only ips past their budget are kept, each until its window ends: drop the lapsed ones
    if (this.spentUntil.size >= 10_000) for (const [key, end] of this.spentUntil) if (end <= Date.now()) this.spentUntil.delete(key);
    this.spentUntil.set(ip, until);
  }
}
