import { Injectable } from '@nestjs/common';
import { loginFailureKey } from '../auth/auth.service.js';
import { passwordFailureKey } from '../auth/password.service.js';
import { AppError, ErrorCode } from '../common/errors.js';
import { RateLimiter } from '../common/rate-limiter.js';

const WINDOW = 15 * 60;
/** Reset mails per account, and forgot requests per ip, per window; past them requests are ignored (still 202). */
export const FORGOT_LIMITS = { perAccount: 5, perIp: 50 };
/** Verification mails a user may ask for per window (each supersedes the previous link). */
const RESEND_PER_USER = 5;
/** Reset and verification token checks per ip per window: tokens are 256-bit, this only caps the work a flood causes. */
const TOKEN_CHECKS_PER_IP = 100;

/**
 * Every rate limit of recovery and verification, and the one place they touch the rate limiter:
 * moving limits into PostgreSQL (shared by every instance) changes only this class. The methods
 * are async for that reason.
 */
@Injectable()
export class RecoveryLimits {
  constructor(private readonly limiter: RateLimiter) {}

  /** Counts a forgot-password request; false when the account (as the email was typed) or the ip is over its limit. */
  async allowForgot(email: string, ip: string | null): Promise<boolean> {
    try {
      this.limiter.hit(`forgot:ip:${ip}`, FORGOT_LIMITS.perIp, WINDOW);
      this.limiter.hit(`forgot:email:${email.trim().toLowerCase()}`, FORGOT_LIMITS.perAccount, WINDOW);
      return true;
    } catch (error) {
      if (error instanceof AppError && error.code === ErrorCode.RateLimited) return false;
      throw error;
    }
  }

  /** Counts a resend; 429 rate_limited past the limit. */
  async takeResend(userId: string): Promise<void> {
    this.limiter.hit(`verify-resend:user:${userId}`, RESEND_PER_USER, WINDOW);
  }

  /** Counts a reset or verification token check; 429 rate_limited past the limit. */
  async takeTokenCheck(ip: string | null): Promise<void> {
    this.limiter.hit(`token-check:ip:${ip}`, TOKEN_CHECKS_PER_IP, WINDOW);
  }

  /** A reset proves the owner: earlier wrong guesses (logins, current passwords) no longer hold the account back. */
  async clearGuessBudget(user: { id: string; email: string }): Promise<void> {
    this.limiter.reset(loginFailureKey(user.email));
    this.limiter.reset(passwordFailureKey(user.id));
  }
}
