import { Inject, Injectable } from '@nestjs/common';
import { AuditRepository } from '../audit/audit.repository.js';
import { AuditType, ClientInfo } from '../audit/audit.types.js';
import { AppError, ErrorCode } from '../common/errors.js';
import { RateLimiter } from '../common/rate-limiter.js';
import { AppConfig } from '../config/app-config.js';
import { EnvelopeDecryptError, KeysService } from '../crypto/keys.service.js';
import { SessionsService, TokenPair } from '../sessions/sessions.service.js';
import { UsersService } from '../users/users.service.js';
import { LoginDto, RefreshDto } from './dto/auth.dto.js';
import { DEVICE_ID_PATTERN } from '../sessions/device-id.js';

/** Envelopes older or newer than this (seconds, against our clock) are refused. */
const ENVELOPE_MAX_SKEW = 120;

/** Failed logins allowed per email (and per ip) in the window before 429. */
const LOGIN_FAILURES = { perEmail: 20, perIp: 200, windowSeconds: 15 * 60 };

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly keys: KeysService,
    private readonly audit: AuditRepository,
    private readonly limiter: RateLimiter,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  async login(dto: LoginDto, client: ClientInfo): Promise<TokenPair> {
    const emailKey = `login-fail:email:${dto.email.trim().toLowerCase()}`;
    const ipKey = `login-fail:ip:${client.ip}`;
    // Counted before the password check, and refunded on success: counting only after a
    // failure would let a burst of parallel guesses all pass before the first one failed.
    this.limiter.hit(emailKey, LOGIN_FAILURES.perEmail, LOGIN_FAILURES.windowSeconds);
    this.limiter.hit(ipKey, LOGIN_FAILURES.perIp, LOGIN_FAILURES.windowSeconds);
    const { user, valid } = await this.users.verifyCredentials(dto.email, dto.password);
    if (!user || !valid) {
      // the attempted email is recorded, never the password; the user id when the account exists
      await this.audit.record({ type: AuditType.LoginFailed, userId: user?.id ?? null, sessionId: null, ...client, detail: { email: dto.email, reason: 'invalid_credentials' } });
      throw new AppError(ErrorCode.InvalidCredentials);
    }
    if (user.disabled) {
      await this.audit.record({ type: AuditType.LoginFailed, userId: user.id, sessionId: null, ...client, detail: { email: dto.email, reason: 'account_disabled' } });
      throw new AppError(ErrorCode.AccountDisabled);
    }
    this.limiter.reset(emailKey);
    this.limiter.refund(ipKey);
    return this.sessions.login({ userId: user.id, roles: user.roles, passwordHash: user.passwordHash }, { deviceId: dto.deviceId, deviceName: dto.deviceName }, client);
  }

  /** POST /auth/refresh with a plain body or an encrypted envelope (per REFRESH_ENVELOPE). */
  async refresh(dto: RefreshDto, client: ClientInfo): Promise<TokenPair> {
    const mode = this.config.REFRESH_ENVELOPE;
    if (dto.envelope !== undefined) {
      if (dto.refreshToken !== undefined || dto.deviceId !== undefined) {
        throw new AppError(ErrorCode.ValidationFailed, 'Send either an envelope or a refreshToken, not both', [{ field: 'envelope', message: 'envelope excludes refreshToken and deviceId' }]);
      }
      if (mode === 'off') throw new AppError(ErrorCode.EnvelopeInvalid, 'Refresh envelopes are disabled on this server');
      const { refreshToken, deviceId } = await this.openEnvelope(dto.envelope);
      return this.sessions.refresh(refreshToken, deviceId, client);
    }
    if (mode === 'required') throw new AppError(ErrorCode.EnvelopeRequired);
    if (dto.refreshToken === undefined) {
      throw new AppError(ErrorCode.ValidationFailed, 'refreshToken is required', [{ field: 'refreshToken', message: 'refreshToken is required' }]);
    }
    return this.sessions.refresh(dto.refreshToken, dto.deviceId, client);
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
