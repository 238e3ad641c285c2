import { Injectable } from '@nestjs/common';
import { loginAccountKey } from '../auth/auth.service.js';
import { passwordFailureKey } from '../auth/password.service.js';
import { AppError, ErrorCode } from '../common/errors.js';
import { RateLimiter } from '../common/rate-limiter.js';
import { canonicalEmail } from '../users/email.js';

const WINDOW = 15 * 60;
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
 * Every rate limit of recovery and verification, in one place. The counters are the shared
 * ones in PostgreSQL, so every instance counts together.
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
