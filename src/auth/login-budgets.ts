import type { Budget } from '../common/rate-limiter.js';
import type { DeviceClaim } from '../crypto/crypto.service.js';
import type { TokenPair } from '../sessions/sessions.service.js';

/** Failed logins allowed in the window before 429 (docs/api.md "Password guessing"). */
export const LOGIN_FAILURES = { perAccount: 20, perKnownDevice: 10, perIp: 200, windowSeconds: 15 * 60 };

/** Device tokens (and their cookie) are valid a year. */
export const DEVICE_TOKEN_TTL = 365 * 24 * 3600;

/** The login answer: the token pair and this device's token for its next logins. */
export type LoginAnswer = TokenPair & { deviceToken: string };

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
export function loginBudgets(facts: { userId: string | undefined; canonicalEmail: string; knownDevice: DeviceClaim | undefined; ip: string | null }): Budget[] {
  const window = LOGIN_FAILURES.windowSeconds;
  if (facts.userId !== undefined && facts.knownDevice?.userId === facts.userId) {
    return [{ key: `login:device:${facts.userId}:${facts.knownDevice.deviceId}`, limit: LOGIN_FAILURES.perKnownDevice, windowSeconds: window }];
  }
  const account = facts.userId !== undefined ? loginAccountKey(facts.userId) : `login:email:${facts.canonicalEmail}`;
  return [
    { key: account, limit: LOGIN_FAILURES.perAccount, windowSeconds: window },
    { key: `login:ip:${facts.ip}`, limit: LOGIN_FAILURES.perIp, windowSeconds: window },
  ];
}
