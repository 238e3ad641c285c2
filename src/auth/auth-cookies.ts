import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ErrorCode } from '../common/errors.js';
import { AppConfig } from '../config/app-config.js';
import { DEVICE_TOKEN_TTL } from './login-budgets.js';

/** The header a browser app sends to opt into cookie mode (custom, so it forces a CORS preflight). */
export const AUTH_MODE_HEADER = 'x-auth-mode';

/** One cookie the service sets: its name and the path it is scoped to. */
export interface AuthCookie {
  name: string;
  path: string;
}

/** Refusals that end or refuse the family: the refresh cookie is worthless after them. */
const FAMILY_ENDING = new Set<ErrorCode>([
  ErrorCode.RefreshTokenReused,
  ErrorCode.DeviceMismatch,
  ErrorCode.RefreshTokenExpired,
  ErrorCode.InvalidRefreshToken,
  ErrorCode.AccountDisabled,
]);

export function endsFamily(error: unknown): boolean {
  return error instanceof AppError && FAMILY_ENDING.has(error.code);
}

/**
 * Whether a request opted into cookie mode. Only `cookie` (or no header / `bearer`) is
 * meaningful; anything else is a client bug worth a 400 rather than a silent fallback.
 */
export function isCookieMode(request: FastifyRequest): boolean {
  const mode = request.headers[AUTH_MODE_HEADER];
  if (mode === undefined || mode === 'bearer') return false;
  if (mode === 'cookie') return true;
  throw new AppError(ErrorCode.ValidationFailed, 'X-Auth-Mode must be "cookie" or "bearer"', [{ field: 'X-Auth-Mode', message: 'must be "cookie" or "bearer"' }]);
}

/**
 * Setting, reading and clearing the auth cookies (docs/api.md "cookie mode"), and the origin
 * check that guards them. Every auth cookie is HttpOnly, Secure and SameSite, so the token
 * never reaches JavaScript and is only sent over TLS (browsers treat http://localhost as secure).
 */
@Injectable()
export class AuthCookies {
  readonly refresh: AuthCookie;
  /** The device token (OWASP device cookie), sent back only to the login. */
  readonly device: AuthCookie;
  private readonly sameSite: 'strict' | 'lax' | 'none';
  private readonly trustedOrigins: Set<string>;

  constructor(@Inject(AppConfig) config: AppConfig) {
    this.refresh = { name: config.REFRESH_COOKIE_NAME, path: '/auth' };
    this.device = { name: config.DEVICE_COOKIE_NAME, path: '/auth/login' };
    this.sameSite = config.REFRESH_COOKIE_SAMESITE.toLowerCase() as 'strict' | 'lax' | 'none';
    this.trustedOrigins = new Set([...config.corsOrigins, new URL(config.issuer).origin]);
  }

  /**
   * True when the request is in cookie mode and may use the cookies: its `Origin`, when
   * sent, is the service's own or one of CORS_ORIGINS. Else 403 csrf_failed, before any
   * cookie is read or written.
   */
  enterCookieMode(request: FastifyRequest): boolean {
    if (!isCookieMode(request)) return false;
    const origin = request.headers.origin;
    if (origin === undefined) return true; // not a browser's cross-origin request (curl, a native app)
    if (this.trustedOrigins.has(origin) || origin === `${request.protocol}://${request.host}`) return true;
    throw new AppError(ErrorCode.CsrfFailed);
  }

  read(request: FastifyRequest, cookie: AuthCookie): string | undefined {
    const value = request.cookies[cookie.name];
    return value === undefined || value === '' ? undefined : value;
  }

  set(reply: FastifyReply, cookie: AuthCookie, value: string, maxAgeSeconds: number): void {
    reply.setCookie(cookie.name, value, { ...this.attributes(cookie), maxAge: maxAgeSeconds });
  }

  clear(reply: FastifyReply, cookie: AuthCookie): void {
    reply.clearCookie(cookie.name, this.attributes(cookie));
  }

  /** Moves a token pair's refresh token into the refresh cookie; the body keeps the rest. */
  handOver<T extends { refreshToken: string; refreshExpiresIn: number }>(reply: FastifyReply, pair: T): Omit<T, 'refreshToken'> {
    const { refreshToken, ...rest } = pair;
    this.set(reply, this.refresh, refreshToken, pair.refreshExpiresIn);
    return rest;
  }

  /** A sign-in's answer in cookie mode: the device token and the refresh token go to their cookies. */
  handOverLogin<T extends { refreshToken: string; refreshExpiresIn: number; deviceToken: string }>(reply: FastifyReply, pair: T, deviceTokenTtl = DEVICE_TOKEN_TTL): Omit<T, 'refreshToken'> {
    this.set(reply, this.device, pair.deviceToken, deviceTokenTtl);
    return this.handOver(reply, pair);
  }

  private attributes(cookie: AuthCookie) {
    return { httpOnly: true, secure: true, sameSite: this.sameSite, path: cookie.path };
  }
}
