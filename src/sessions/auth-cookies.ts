import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ErrorCode } from '../common/errors.js';
import { AppConfig } from '../config/app-config.js';
import { DEVICE_TOKEN_TTL } from './login-answer.js';

/** The header a browser app sends to opt into cookie mode (custom, so it forces a CORS preflight). */
export const AUTH_MODE_HEADER = 'x-auth-mode';

/** One cookie the service sets: its name and the path it is scoped to. */
export interface AuthCookie {
  name: string;
  path: string;
  /** Unset: REFRESH_COOKIE_SAMESITE. */
  sameSite?: 'strict' | 'lax' | 'none';
}

/** A cookie-mode request's origin facts (see AuthCookies.enterCookieMode). */
export interface CookieMode {
  origin: string | undefined;
  familyOrigin: string;
}

/**
 * The refresh cookie (API.md "Browser cookies: one family per origin"): `__Host-<name>` with
 * `Path=/` and no `Domain` when the service is served over https (AUTH_ISSUER), so a sibling
 * subdomain can neither plant nor shadow it; the plain name over http (localhost), where
 * browsers do not honour the prefix.
 */
export function refreshCookie(config: Pick<AppConfig, 'issuer' | 'REFRESH_COOKIE_NAME'>): AuthCookie {
  const https = new URL(config.issuer).protocol === 'https:';
  return { name: https ? `__Host-${config.REFRESH_COOKIE_NAME}` : config.REFRESH_COOKIE_NAME, path: '/' };
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
  throw new AppError(ErrorCode.ValidationFailed, 'X-Auth-Mode must be "cookie" or "bearer"', [
    { field: 'X-Auth-Mode', message: 'must be "cookie" or "bearer"' },
  ]);
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
  /**
   * Binds a provider sign-in to the browser that started it (its hash is in the flow's state),
   * so nobody can finish their own sign-in in someone else's browser. Lax: it must come along
   * on the provider's top-level redirect back to the callback.
   */
  readonly oidcFlow: AuthCookie = { name: '__Secure-oidc-flow', path: '/auth/oidc', sameSite: 'lax' };
  private readonly sameSite: 'strict' | 'lax' | 'none';
  private readonly trustedOrigins: Set<string>;
  private readonly ownOrigin: string;

  constructor(@Inject(AppConfig) config: AppConfig) {
    this.refresh = refreshCookie(config);
    this.device = { name: config.DEVICE_COOKIE_NAME, path: '/auth/login' };
    this.sameSite = config.REFRESH_COOKIE_SAMESITE.toLowerCase() as 'strict' | 'lax' | 'none';
    this.ownOrigin = new URL(config.issuer).origin;
    this.trustedOrigins = new Set([...config.corsOrigins, this.ownOrigin]);
  }

  /**
   * The request's cookie mode, when it opted in and may use the cookies: its `Origin`, when
   * sent, is the service's own or one of CORS_ORIGINS. Else 403 csrf_failed, before any cookie
   * is read or written. Undefined when the request is not in cookie mode.
   *
   * `origin` is the request's Origin (undefined without one: not a browser's cross-origin call,
   * such as curl or a native app), which a refresh or logout must share with the family;
   * `familyOrigin` is what a login binds its family to: that Origin, or the service's own.
   */
  enterCookieMode(request: FastifyRequest): CookieMode | undefined {
    if (!isCookieMode(request)) return undefined;
    const origin = request.headers.origin;
    if (origin === undefined) return { origin, familyOrigin: this.ownOrigin };
    if (this.trustedOrigins.has(origin) || origin === `${request.protocol}://${request.host}`) return { origin, familyOrigin: origin };
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

  /**
   * Cookie mode of a login answer: the device token also goes to its cookie (so the next
   * password login from this browser is a known device), the refresh token to the refresh cookie.
   */
  handOverLogin<T extends { refreshToken: string; refreshExpiresIn: number; deviceToken: string }>(
    reply: FastifyReply,
    answer: T,
  ): Omit<T, 'refreshToken' | 'deviceToken'> {
    // the device token goes to its own HttpOnly cookie only: no script needs it, none should read it
    const { deviceToken, refreshToken, ...rest } = answer;
    this.set(reply, this.device, deviceToken, DEVICE_TOKEN_TTL);
    this.set(reply, this.refresh, refreshToken, answer.refreshExpiresIn);
    return rest;
  }

  /** Moves a token pair's refresh token into the refresh cookie; the body keeps the rest. */
  handOver<T extends { refreshToken: string; refreshExpiresIn: number }>(reply: FastifyReply, pair: T): Omit<T, 'refreshToken'> {
    const { refreshToken, ...rest } = pair;
    this.set(reply, this.refresh, refreshToken, pair.refreshExpiresIn);
    return rest;
  }

  private attributes(cookie: AuthCookie) {
    return { httpOnly: true, secure: true, sameSite: cookie.sameSite ?? this.sameSite, path: cookie.path };
  }
}
