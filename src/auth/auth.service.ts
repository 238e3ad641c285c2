import { Inject, Injectable } from '@nestjs/common';
import { AuditRepository } from '../audit/audit.repository.js';
import { AuditType, ClientInfo } from '../audit/audit.types.js';
import { AppError, ErrorCode } from '../common/errors.js';
import { Budget, RateLimiter } from '../common/rate-limiter.js';
import { AppConfig } from '../config/app-config.js';
import { CryptoService, DeviceClaim } from '../crypto/crypto.service.js';
import { EnvelopeDecryptError, KeysService } from '../crypto/keys.service.js';
import { DpopService } from '../oauth/dpop.service.js';
import { SessionsService, TokenPair } from '../sessions/sessions.service.js';
import { canonicalEmail } from '../users/email.js';
import type { User } from '../users/users.repository.js';
import { UsersService } from '../users/users.service.js';
import { LoginDto, RefreshDto } from './dto/auth.dto.js';
import { DEVICE_ID_PATTERN } from '../sessions/device-id.js';

/** Envelopes older or newer than this (seconds, against our clock) are refused. */
const ENVELOPE_MAX_SKEW = 120;

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

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly keys: KeysService,
    private readonly audit: AuditRepository,
    private readonly limiter: RateLimiter,
    private readonly dpop: DpopService,
    private readonly crypto: CryptoService,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  /** With a DPoP proof (`proof`, the DPoP header), the new session is bound to its key. */
  async login(dto: LoginDto, client: ClientInfo, proof?: unknown): Promise<LoginAnswer> {
    const user = await this.users.findByEmail(dto.email);
    const knownDevice = user ? this.knownDevice(user, dto) : undefined;
    const [budget, ...others] = loginBudgets({ userId: user?.id, canonicalEmail: canonicalEmail(dto.email), knownDevice, ip: client.ip });
    // Counted before the password check, and given back on success: counting only after a
    // failure would let a burst of parallel guesses all pass before the first one failed.
    await this.limiter.take(budget, ...others);
    const valid = await this.users.checkPassword(user, dto.password);
    if (!user || !valid) {
      // the attempted email is recorded, never the password; the user id when the account exists
      await this.audit.record({ type: AuditType.LoginFailed, userId: user?.id ?? null, sessionId: null, ...client, detail: { email: dto.email, reason: 'invalid_credentials' } });
      throw new AppError(ErrorCode.InvalidCredentials);
    }
    if (user.disabled) {
      await this.audit.record({ type: AuditType.LoginFailed, userId: user.id, sessionId: null, ...client, detail: { email: dto.email, reason: 'account_disabled' } });
      throw new AppError(ErrorCode.AccountDisabled);
    }
    // checked only once the password is right: a bad proof must not tell a guesser anything
    const jkt = await this.dpop.proofKey(proof, 'POST', '/auth/login');
    // the account's (or device's) count starts again; the ip only gets this attempt back
    await Promise.all([this.limiter.reset(budget.key), ...others.map((b) => this.limiter.refund(b.key))]);
    // only after the password check, so the answer tells a guesser nothing about the account
    if (this.config.REQUIRE_EMAIL_VERIFICATION === 'on' && !user.emailVerified) {
      await this.audit.record({ type: AuditType.LoginFailed, userId: user.id, sessionId: null, ...client, detail: { email: dto.email, reason: 'email_not_verified' } });
      throw new AppError(ErrorCode.EmailNotVerified);
    }
    return this.startSession(user, 'password', { deviceId: dto.deviceId ?? knownDevice?.deviceId, deviceName: dto.deviceName }, client, jkt);
  }

  /**
   * Starts a session family for a user who has just proved who they are (`method`: `password`,
   * `passkey`, `oidc:<id>`), and signs the device token of the login answer. Every sign-in ends
   * here, so a session looks the same however it began.
   */
  async startSession(user: User, method: string, device: { deviceId?: string; deviceName?: string }, client: ClientInfo, jkt?: string): Promise<LoginAnswer> {
    const pair = await this.sessions.login({ userId: user.id, roles: user.roles, claims: user.claims, notBefore: user.tokensNotBefore, passwordHash: user.passwordHash, method }, device, client, jkt);
    const deviceToken = this.crypto.signDeviceToken({ userId: user.id, deviceId: pair.deviceId }, DEVICE_TOKEN_TTL);
    return { ...pair, deviceToken };
  }

  /**
   * The device a login's deviceToken vouches for, when it is genuine, of this account, and (if
   * the login names a deviceId) of that device. Anything else is simply not a known device.
   */
  private knownDevice(user: User, dto: LoginDto): DeviceClaim | undefined {
    if (dto.deviceToken === undefined) return undefined;
    const claim = this.crypto.verifyDeviceToken(dto.deviceToken);
    if (!claim || claim.userId !== user.id || (dto.deviceId !== undefined && dto.deviceId !== claim.deviceId)) return undefined;
    return claim;
  }

  /**
   * POST /auth/refresh with a plain body, an encrypted envelope (per REFRESH_ENVELOPE), or the
   * cookie-mode cookie, and a DPoP proof (`proof`) when the session is bound to a key.
   * REFRESH_ENVELOPE=required does not apply to the cookie: the envelope protects a token that
   * JavaScript holds, and in cookie mode JavaScript never sees it.
   */
  async refresh(dto: RefreshDto, client: ClientInfo, carrier: 'body' | 'cookie' = 'body', proof?: unknown): Promise<TokenPair> {
    const mode = this.config.REFRESH_ENVELOPE;
    const jkt = await this.dpop.proofKey(proof, 'POST', '/auth/refresh');
    if (dto.envelope !== undefined) {
      if (dto.refreshToken !== undefined || dto.deviceId !== undefined) {
        throw new AppError(ErrorCode.ValidationFailed, 'Send either an envelope or a refreshToken, not both', [{ field: 'envelope', message: 'envelope excludes refreshToken and deviceId' }]);
      }
      if (mode === 'off') throw new AppError(ErrorCode.EnvelopeInvalid, 'Refresh envelopes are disabled on this server');
      const { refreshToken, deviceId } = await this.openEnvelope(dto.envelope);
      return this.sessions.refresh(refreshToken, deviceId, client, jkt);
    }
    if (mode === 'required' && carrier === 'body') throw new AppError(ErrorCode.EnvelopeRequired);
    if (dto.refreshToken === undefined) {
      throw new AppError(ErrorCode.ValidationFailed, 'refreshToken is required', [{ field: 'refreshToken', message: 'refreshToken is required' }]);
    }
    return this.sessions.refresh(dto.refreshToken, dto.deviceId, client, jkt);
  }

  private async openEnvelope(envelope: string): Promise<{ refreshToken: string; deviceId: string }> {
    let payload: unknown;
    try {
      payload = await this.keys.decryptEnvelope(envelope);
    } catch (error) {
      if (error instanceof EnvelopeDecryptError) throw new AppError(ErrorCode.EnvelopeInvalid);
      throw error;
    }
    const { refreshToken, deviceId, ts } = (payload ?? {}) as Record<string, unknown>;
    if (typeof refreshToken !== 'string' || refreshToken.length > 512 || typeof deviceId !== 'string' || !DEVICE_ID_PATTERN.test(deviceId) || typeof ts !== 'number' || !Number.isFinite(ts)) {
      throw new AppError(ErrorCode.EnvelopeInvalid, 'The refresh envelope has a bad shape');
    }
    if (Math.abs(Date.now() / 1000 - ts) > ENVELOPE_MAX_SKEW) {
      throw new AppError(ErrorCode.EnvelopeInvalid, 'The refresh envelope is stale');
    }
    return { refreshToken, deviceId };
  }
}
