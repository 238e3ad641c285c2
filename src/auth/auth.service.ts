import { Inject, Injectable } from '@nestjs/common';
import { AuditRepository } from '../audit/audit.repository.js';
import { AuditType, ClientInfo } from '../audit/audit.types.js';
import { AppError, ErrorCode } from '../common/errors.js';
import { loginBudgets } from '../common/login-budget.js';
import { RateLimiter } from '../common/rate-limiter.js';
import { AppConfig } from '../config/app-config.js';
import { CryptoService, type DeviceClaim } from '../crypto/crypto.service.js';
import { EnvelopeDecryptError, KeysService } from '../crypto/keys.service.js';
import { DpopService } from '../dpop/dpop.service.js';
import { MfaService } from '../mfa/mfa.service.js';
import { SessionsService, TokenPair } from '../sessions/sessions.service.js';
import { canonicalEmail } from '../email-address/email.js';
import type { User } from '../users/users.repository.js';
import { UsersService } from '../users/users.service.js';
import { LoginDto, RefreshDto } from './dto/auth.dto.js';
import { DEVICE_ID_PATTERN } from '@auth-service/contract';
import { PROVIDER_SIGN_IN_AMR, signInVerdict } from '../mfa/amr.js';
import type { LoginAnswer } from '../sessions/login-answer.js';

/** Envelopes older or newer than this (seconds, against our clock) are refused. */
const ENVELOPE_MAX_SKEW = 120;

/**
 * Whether a genuine device token was taken back: signed before the password last changed (a
 * reset or change: whoever had the old password may have signed in from their own device) or
 * before the owner logged out everywhere.
 */
export function deviceTokenRevoked(claim: DeviceClaim, user: Pick<User, 'passwordChangedAt' | 'devicesRevokedAt'>): boolean {
  const revokedAt = Math.max(user.passwordChangedAt.getTime(), user.devicesRevokedAt?.getTime() ?? 0);
  return claim.issuedAt === undefined || claim.issuedAt <= revokedAt;
}

export { DEVICE_TOKEN_TTL, type LoginAnswer } from '../sessions/login-answer.js';

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
    private readonly mfa: MfaService,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  /**
   * With a DPoP proof (`proof`, the DPoP header), the new session is bound to its key; with
   * `origin` (cookie mode), to the browser origin it starts from. An account with a second
   * factor gets 401 mfa_required (MfaService.challengeOrIssue) once the password is right, and
   * no session until the second step.
   */
  async login(dto: LoginDto, client: ClientInfo, proof?: unknown, origin?: string): Promise<LoginAnswer> {
    const user = await this.users.findByEmail(dto.email);
    // Every check of the request itself comes before the password: a refusal that only a right
    // password could reach would tell a guesser the password was right, without a login.
    const jkt = await this.judgedBeforePassword(user, dto, client, () => this.dpop.proofKey(proof, 'POST', '/auth/login'));
    const knownDevice = user ? this.knownDevice(user, dto) : undefined;
    const [budget, ...others] = loginBudgets({ userId: user?.id, canonicalEmail: canonicalEmail(dto.email), knownDevice, ip: client.ip });
    // Counted before the password check, and given back on success: counting only after a
    // failure would let a burst of parallel guesses all pass before the first one failed.
    await this.limiter.take(budget, ...others);
    const valid = await this.users.checkPassword(user, dto.password);
    if (!user || !valid) {
      // the attempted email is recorded, never the password; the user id when the account exists
      await this.audit.record({
        type: AuditType.LoginFailed,
        userId: user?.id ?? null,
        sessionId: null,
        ...client,
        detail: { email: dto.email, reason: 'invalid_credentials' },
      });
      throw new AppError(ErrorCode.InvalidCredentials);
    }
    if (user.disabled) {
      await this.audit.record({
        type: AuditType.LoginFailed,
        userId: user.id,
        sessionId: null,
        ...client,
        detail: { email: dto.email, reason: 'account_disabled' },
      });
      throw new AppError(ErrorCode.AccountDisabled);
    }
    const factors = await this.mfa.summary(user.id);
    const secondStep = signInVerdict(factors, ['pwd']).kind === 'second_step';
    // the account's (or device's) count starts again, unless a second step is still to come (a
    // guesser who knows the password must not refill the budget its code guesses take from);
    // the ip only gets this attempt back
    await Promise.all([
      secondStep ? this.limiter.refund(budget.key) : this.limiter.reset(budget.key),
      ...others.map((b) => this.limiter.refund(b.key)),
    ]);
    // only after the password check, so the answer tells a guesser nothing about the account
    if (this.config.REQUIRE_EMAIL_VERIFICATION === 'on' && !user.emailVerified) {
      await this.audit.record({
        type: AuditType.LoginFailed,
        userId: user.id,
        sessionId: null,
        ...client,
        detail: { email: dto.email, reason: 'email_not_verified' },
      });
      throw new AppError(ErrorCode.EmailNotVerified);
    }
    // the one step that decides between a session and a second step (mfa_required)
    return this.mfa.challengeOrIssue(
      user,
      { deviceId: dto.deviceId ?? knownDevice?.deviceId, deviceName: dto.deviceName },
      { amr: ['pwd'], method: 'password', jkt, knownDevice: knownDevice !== undefined, origin },
      client,
      factors,
    );
  }

  /**
   * A sign-in through an OpenID Connect provider (`method`: `oidc:<id>`) whose person was
   * judged: a session, or mfa_required when the user has a second factor, as for a password.
   * `origin` binds a cookie-mode family to the app's origin.
   */
  startSession(
    user: User,
    method: string,
    device: { deviceId?: string; deviceName?: string },
    client: ClientInfo,
    origin?: string,
  ): Promise<LoginAnswer> {
    return this.mfa.challengeOrIssue(user, device, { amr: [...PROVIDER_SIGN_IN_AMR], method, origin }, client);
  }

  /** Runs a check of the login request; a refusal is audited as a failed login with its code. */
  private async judgedBeforePassword<T>(
    user: User | null | undefined,
    dto: LoginDto,
    client: ClientInfo,
    check: () => Promise<T>,
  ): Promise<T> {
    try {
      return await check();
    } catch (error) {
      if (error instanceof AppError) {
        await this.audit.record({
          type: AuditType.LoginFailed,
          userId: user?.id ?? null,
          sessionId: null,
          ...client,
          detail: { email: dto.email, reason: error.code },
        });
      }
      throw error;
    }
  }

  /**
   * The device a login's deviceToken vouches for, when it is genuine, of this account, and (if
   * the login names a deviceId) of that device. Anything else is simply not a known device.
   */
  private knownDevice(user: User, dto: LoginDto): DeviceClaim | undefined {
    if (dto.deviceToken === undefined) return undefined;
    const claim = this.crypto.verifyDeviceToken(dto.deviceToken);
    if (!claim || claim.userId !== user.id || (dto.deviceId !== undefined && dto.deviceId !== claim.deviceId)) return undefined;
    return deviceTokenRevoked(claim, user) ? undefined : claim;
  }

  /**
   * POST /auth/refresh with a plain body, an encrypted envelope (per REFRESH_ENVELOPE), or the
   * cookie-mode cookie, and a DPoP proof (`proof`) when the session is bound to a key.
   * REFRESH_ENVELOPE=required holds for the cookie too (as at /oauth/token): "required" is a
   * promise that no refresh happens without an envelope, whatever door the token comes through.
   */
  async refresh(dto: RefreshDto, client: ClientInfo, proof?: unknown, origin?: string): Promise<TokenPair> {
    const mode = this.config.REFRESH_ENVELOPE;
    const jkt = await this.dpop.proofKey(proof, 'POST', '/auth/refresh');
    if (dto.envelope !== undefined) {
      if (dto.refreshToken !== undefined || dto.deviceId !== undefined) {
        throw new AppError(ErrorCode.ValidationFailed, 'Send either an envelope or a refreshToken, not both', [
          { field: 'envelope', message: 'envelope excludes refreshToken and deviceId' },
        ]);
      }
      if (mode === 'off') throw new AppError(ErrorCode.EnvelopeInvalid, 'Refresh envelopes are disabled on this server');
      const { refreshToken, deviceId } = await this.openEnvelope(dto.envelope);
      return this.sessions.refresh(refreshToken, deviceId, client, jkt);
    }
    if (mode === 'required') throw new AppError(ErrorCode.EnvelopeRequired);
    if (dto.refreshToken === undefined) {
      throw new AppError(ErrorCode.ValidationFailed, 'refreshToken is required', [
        { field: 'refreshToken', message: 'refreshToken is required' },
      ]);
    }
    return this.sessions.refresh(dto.refreshToken, dto.deviceId, client, jkt, origin);
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
    if (
      typeof refreshToken !== 'string' ||
      refreshToken.length > 512 ||
      typeof deviceId !== 'string' ||
      !DEVICE_ID_PATTERN.test(deviceId) ||
      typeof ts !== 'number' ||
      !Number.isFinite(ts)
    ) {
      throw new AppError(ErrorCode.EnvelopeInvalid, 'The refresh envelope has a bad shape');
    }
    if (Math.abs(Date.now() / 1000 - ts) > ENVELOPE_MAX_SKEW) {
      throw new AppError(ErrorCode.EnvelopeInvalid, 'The refresh envelope is stale');
    }
    return { refreshToken, deviceId };
  }
}
