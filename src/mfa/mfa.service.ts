import { Inject, Injectable } from '@nestjs/common';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { type AuthenticationFacts, mfaVerdict } from '@auth-service/guard';
import { AuditRepository } from '../audit/audit.repository.js';
import { AuditType, ClientInfo } from '../audit/audit.types.js';
import { DEVICE_TOKEN_TTL, type LoginAnswer } from '../sessions/login-answer.js';
import { loginBudgets } from '../common/login-budget.js';
import { AppError, ErrorCode } from '../common/errors.js';
import { Budget, RateLimiter } from '../common/rate-limiter.js';
import { AppConfig } from '../config/app-config.js';
import { CryptoService } from '../crypto/crypto.service.js';
import { Tx, UnitOfWork } from '../database/unit-of-work.js';
import { MetricsService } from '../observability/metrics.service.js';
import { SessionsService, TokenPair } from '../sessions/sessions.service.js';
import type { User } from '../users/users.repository.js';
import { UsersService } from '../users/users.service.js';
import { combinedAmr, factorAmr, hasFactor, MfaMethod, passkeyLoginAmr, signInVerdict } from './amr.js';
import { FactorSummary, MfaRepository, MfaTokenRow } from './mfa.repository.js';
import { AssertionVerdict, PasskeysService } from './passkeys.service.js';
import { matchingStep, newRecoveryCode, newTotpSecret, normalizeRecoveryCode, TOTP_CODE, totpUrl } from './totp.js';

/** mfaTokens live 5 minutes (API.md). */
export const MFA_TOKEN_TTL = 300;
/** How many recovery codes a user gets. */
export const RECOVERY_CODES = 10;
const TOTP_SECRET_PURPOSE = 'totp-secret';

/** The first step of a sign-in, as the second step needs it. */
export interface FirstStep {
  /** RFC 8176 methods it used: `["pwd"]`, a passkey's, a provider's. */
  amr: string[];
  /** For the audit event: `password`, `passkey`, `oidc:<id>`. */
  method: string;
  /** The DPoP key of the login's proof, to bind the family when it is created. */
  jkt?: string;
  /** The login came from a device that proved it signed in to this account before. */
  knownDevice?: boolean;
  /** A cookie-mode sign-in's browser origin: the family is bound to it (docs/browser-apps.md). */
  origin?: string;
}

/** A second factor as presented: a code (TOTP or recovery code) or a passkey assertion. */
export interface SecondFactor {
  code?: string;
  passkey?: AuthenticationResponseJSON;
}

export interface FactorsView {
  totp: { id: string; createdAt: string; lastUsedAt: string | null }[];
  passkeys: { id: string; name: string; createdAt: string; lastUsedAt: string | null; backedUp: boolean; deviceType: string }[];
  recoveryCodesLeft: number;
}

/** What a sign-in needs of its user to start a session. */
type SignInUser = Pick<User, 'id' | 'roles' | 'claims' | 'tokensNotBefore' | 'passwordHash'>;

/** A wrong factor: rolls a second step's transaction back (its mfaToken is given back), then is reported. */
class FactorRefused extends Error {
  constructor(
    readonly method: MfaMethod,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/**
 * Second factors (TOTP, recovery codes, passkeys), the second step of a sign-in, and step-up.
 * `challengeOrIssue` is the one place that decides whether a sign-in that passed its first step
 * gets a session or an mfaToken: password logins, passkey logins and provider logins all end there.
 */
@Injectable()
export class MfaService {
  constructor(
    private readonly repository: MfaRepository,
    private readonly passkeys: PasskeysService,
    private readonly sessions: SessionsService,
    private readonly users: UsersService,
    private readonly crypto: CryptoService,
    private readonly limiter: RateLimiter,
    private readonly audit: AuditRepository,
    private readonly metrics: MetricsService,
    private readonly unitOfWork: UnitOfWork,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  /** Which factors the user has (one query). */
  summary(userId: string): Promise<FactorSummary> {
    return this.repository.summary(userId);
  }

  /** Whether the user has an active second factor (GET /auth/me `mfa`). */
  async hasFactor(userId: string): Promise<boolean> {
    return hasFactor(await this.repository.summary(userId));
  }

  /**
   * The step-up rule of @StepUp() routes (a second factor within STEP_UP_MAX_AGE: `mfa` in amr,
   * a recent auth_time), for an action that asks for it only in some cases, which its service
   * judges: 403 step_up_required otherwise (the app calls POST /auth/step-up and tries again).
   */
  requireStepUp(caller: AuthenticationFacts, message?: string): void {
    const verdict = mfaVerdict(
      caller,
      { maxAgeSeconds: 'step-up' },
      { nowSeconds: Date.now() / 1000, stepUpMaxAgeSeconds: this.config.STEP_UP_MAX_AGE },
    );
    if (verdict.kind !== 'ok') throw new AppError(ErrorCode.StepUpRequired, message);
  }

  /**
   * The holder of an account with neither a password nor a second factor (signed up through a
   * provider) confirms an irreversible change by signing in again: the session's own sign-in
   * (auth_time) within STEP_UP_MAX_AGE stands for the step-up it cannot do. 403
   * step_up_required otherwise.
   */
  requireRecentSignIn(caller: AuthenticationFacts, message?: string): void {
    const age = Date.now() / 1000 - (caller.authTime ?? Number.NEGATIVE_INFINITY);
    if (!(age <= this.config.STEP_UP_MAX_AGE)) throw new AppError(ErrorCode.StepUpRequired, message);
  }

  /**
   * The end of every sign-in's first step (password, passkey, provider): a session now, when the
   * first step was multi-factor or the user has no factor; otherwise 401 `mfa_required` (see
   * `challenge`). No family exists before the second step. `factors`: the summary when the
   * caller has it already.
   */
  async challengeOrIssue(
    user: SignInUser,
    device: { deviceId?: string; deviceName?: string },
    first: FirstStep,
    client: ClientInfo,
    factors?: FactorSummary,
  ): Promise<LoginAnswer> {
    await this.challenge(user, device, first, factors);
    return this.issue(user, device, first.amr, first.method, client, first.jkt, first.origin);
  }

  /**
   * The second-step half of challengeOrIssue, alone for a sign-in whose session comes later (a
   * provider's mode=code sign-in, whose exchange starts it): 401 `mfa_required` with a
   * single-use `mfaToken` that carries the device, and the methods that can complete it, when
   * the first step needs a second one; else nothing. `factors`: as for challengeOrIssue.
   */
  async challenge(
    user: Pick<User, 'id'>,
    device: { deviceId?: string; deviceName?: string },
    first: FirstStep,
    factors?: FactorSummary,
  ): Promise<void> {
    // a first step that was multi-factor on its own (a user-verifying passkey) needs no look at the factors
    if (first.amr.includes('mfa')) return;
    const verdict = signInVerdict(factors ?? (await this.repository.summary(user.id)), first.amr);
    if (verdict.kind === 'issue') return;
    const mfaToken = this.crypto.randomToken();
    await this.repository.insertMfaToken(
      this.crypto.hashToken(mfaToken),
      {
        userId: user.id,
        amr: first.amr,
        method: first.method,
        // fixed now, so the session the second step creates is this device's
        deviceId: device.deviceId ?? this.crypto.randomToken(16),
        deviceName: device.deviceName ?? null,
        knownDevice: first.knownDevice ?? false,
        jkt: first.jkt ?? null,
      },
      MFA_TOKEN_TTL,
    );
    throw new AppError(ErrorCode.MfaRequired, undefined, undefined, undefined, { mfaToken, methods: verdict.methods });
  }

  /** POST /auth/mfa/challenge: passkey options for the second step of this mfaToken. */
  async secondStepOptions(mfaToken: string): Promise<{ options: PublicKeyCredentialRequestOptionsJSON }> {
    const hash = this.crypto.hashToken(mfaToken);
    const pending = await this.repository.findMfaToken(hash);
    if (!pending) throw new AppError(ErrorCode.MfaTokenInvalid);
    const mine = await this.repository.listPasskeys(pending.userId);
    if (mine.length === 0 || pending.amr.includes('hwk'))
      throw new AppError(ErrorCode.ValidationFailed, 'This sign-in cannot be completed with a passkey', [
        { field: 'mfaToken', message: 'no passkey method' },
      ]);
    return { options: await this.passkeys.requestOptions({ purpose: 'mfa', mfaTokenHash: hash }, pending.userId, mine) };
  }

  /**
   * POST /auth/mfa/verify: the second step. The factor is judged inside a transaction that
   * spends the mfaToken, so a concurrent second step with the same token waits and then finds it
   * spent, and a wrong factor rolls back and leaves the token for another try. Every try takes
   * from the guess budget the login took from (the account's, or the known device's).
   */
  async verify(mfaToken: string, factor: SecondFactor, client: ClientInfo, origin?: string): Promise<LoginAnswer> {
    const hash = this.crypto.hashToken(mfaToken);
    const pending = await this.repository.findMfaToken(hash);
    if (!pending) throw new AppError(ErrorCode.MfaTokenInvalid);
    const [budget, ...others] = this.budgets(pending.userId, client, pending.knownDevice ? pending.deviceId : undefined);
    await this.limiter.take(budget, ...others);
    let spent: MfaTokenRow;
    let second: { method: MfaMethod; amr: string[] };
    try {
      ({ spent, second } = await this.unitOfWork.run(async (tx) => {
        const row = await this.repository.spendMfaToken(hash, tx);
        if (!row) throw new AppError(ErrorCode.MfaTokenInvalid);
        const checked = await this.checkFactor(row.userId, factor, { purpose: 'mfa', mfaTokenHash: hash }, tx, client, row.amr);
        return { spent: row, second: checked };
      }));
    } catch (error) {
      throw await this.reportRefusal(error, pending.userId, 'login', client);
    }
    await Promise.all([this.limiter.reset(budget.key), ...others.map((b) => this.limiter.refund(b.key))]);
    this.metrics.mfa(second.method, 'success');
    await this.audit.record({
      type: AuditType.MfaVerified,
      userId: spent.userId,
      sessionId: null,
      ...client,
      detail: { method: second.method, purpose: 'login' },
    });
    const user = await this.users.findById(spent.userId);
    if (user.disabled) throw new AppError(ErrorCode.AccountDisabled);
    return this.issue(
      user,
      { deviceId: spent.deviceId, deviceName: spent.deviceName ?? undefined },
      combinedAmr(spent.amr, second.amr),
      spent.method,
      client,
      spent.jkt ?? undefined,
      origin,
    );
  }

  /** POST /auth/passkeys/login/options: a usernameless challenge (no allowCredentials). */
  async passkeyLoginOptions(client: ClientInfo): Promise<{ challengeId: string; options: PublicKeyCredentialRequestOptionsJSON }> {
    // each call stores a row: bounded per ip like the other unauthenticated writes
    await this.limiter.take({ key: `passkey-options:ip:${client.ip}`, limit: 300, windowSeconds: 60 });
    const challengeId = this.crypto.uuid();
    return { challengeId, options: await this.passkeys.requestOptions({ purpose: 'login', id: challengeId }, null) };
  }

  /**
   * POST /auth/passkeys/login: a discoverable credential names its account. A failed assertion
   * of a known credential takes from that account's guess budget; any failure from the ip's.
   */
  async passkeyLogin(
    challengeId: string,
    response: AuthenticationResponseJSON,
    device: { deviceId?: string; deviceName?: string },
    client: ClientInfo,
    origin?: string,
  ): Promise<LoginAnswer> {
    const ipBudget: Budget = this.budgets('', client)[1];
    const verdict = await this.passkeys.verifyAssertion({ purpose: 'login', id: challengeId }, response);
    const userId = verdict.passkey?.userId;
    if (!verdict.ok) {
      await this.limiter.take(...(userId ? this.budgets(userId, client) : [ipBudget]));
      throw await this.reportRefusal(new FactorRefused('passkey', verdict.reason), userId ?? null, 'login', client);
    }
    // the owner came with the credential (one query): roles, password hash and disabled flag
    const user = { id: verdict.passkey.userId, ...verdict.passkey.owner };
    if (verdict.passkey.owner.disabled) throw new AppError(ErrorCode.AccountDisabled);
    this.metrics.mfa('passkey', 'success');
    return this.challengeOrIssue(user, device, { amr: passkeyLoginAmr(verdict.userVerified), method: 'passkey', origin }, client);
  }

  /** POST /auth/step-up/options: passkey options for the caller's session. */
  async stepUpOptions(userId: string, sessionId: string): Promise<{ options: PublicKeyCredentialRequestOptionsJSON }> {
    const mine = await this.repository.listPasskeys(userId);
    if (mine.length === 0)
      throw new AppError(ErrorCode.ValidationFailed, 'You have no passkey', [{ field: 'passkey', message: 'no passkey registered' }]);
    return { options: await this.passkeys.requestOptions({ purpose: 'step_up', sessionId }, userId, mine) };
  }

  /**
   * POST /auth/step-up: a factor renews the session's auth_time and adds `mfa` to its amr,
   * within the same family (its newest generation is rotated, so the answer is a full pair).
   */
  async stepUp(
    caller: { userId: string; sessionId: string; amr?: string[] },
    factor: SecondFactor,
    client: ClientInfo,
  ): Promise<TokenPair> {
    const [budget, ...others] = this.budgets(caller.userId, client);
    await this.limiter.take(budget, ...others);
    let second: { method: MfaMethod; amr: string[] };
    try {
      second = await this.unitOfWork.run((tx) =>
        this.checkFactor(caller.userId, factor, { purpose: 'step_up', sessionId: caller.sessionId }, tx, client),
      );
    } catch (error) {
      throw await this.reportRefusal(error, caller.userId, 'step_up', client);
    }
    await Promise.all([budget, ...others].map((b) => this.limiter.refund(b.key)));
    this.metrics.mfa(second.method, 'success');
    await this.audit.record({
      type: AuditType.MfaVerified,
      userId: caller.userId,
      sessionId: caller.sessionId,
      ...client,
      detail: { method: second.method, purpose: 'step_up' },
    });
    return this.sessions.stepUp(caller.sessionId, caller.userId, combinedAmr(caller.amr ?? [], second.amr), client);
  }

  async listFactors(userId: string): Promise<FactorsView> {
    const [totps, passkeys, recoveryCodesLeft] = await Promise.all([
      this.repository.activeTotps(userId),
      this.repository.listPasskeys(userId),
      this.repository.recoveryCodesLeft(userId),
    ]);
    return {
      totp: totps.map((t) => ({ id: t.id, createdAt: t.createdAt.toISOString(), lastUsedAt: t.lastUsedAt?.toISOString() ?? null })),
      passkeys: passkeys.map((p) => ({
        id: p.id,
        name: p.name,
        createdAt: p.createdAt.toISOString(),
        lastUsedAt: p.lastUsedAt?.toISOString() ?? null,
        backedUp: p.backedUp,
        deviceType: p.deviceType,
      })),
      recoveryCodesLeft,
    };
  }

  /** POST /auth/mfa/totp: a pending factor; the secret is sealed with the master key, bound to the factor's id. */
  async startTotp(user: Pick<User, 'id' | 'email'>): Promise<{ id: string; secret: string; otpauthUrl: string }> {
    const id = this.crypto.uuid();
    const secret = newTotpSecret();
    await this.repository.insertPendingTotp(id, user.id, this.crypto.seal(TOTP_SECRET_PURPOSE, secret.bytes, id));
    return { id, secret: secret.base32, otpauthUrl: totpUrl(secret.bytes, this.config.WEBAUTHN_RP_NAME, user.email) };
  }

  /**
   * POST /auth/mfa/totp/:id/confirm: a code from the app activates the factor (its step is
   * then used up). The user's first factor comes with 10 recovery codes.
   */
  async confirmTotp(userId: string, id: string, code: string, client: ClientInfo): Promise<{ recoveryCodes: string[] }> {
    const [budget, ...others] = this.budgets(userId, client);
    await this.limiter.take(budget, ...others);
    const before = await this.repository.summary(userId);
    let recoveryCodes: string[] = [];
    try {
      await this.unitOfWork.run(async (tx) => {
        const factor = await this.repository.findTotp(userId, id, tx);
        if (!factor) throw new AppError(ErrorCode.NotFound, 'No such pending factor');
        if (factor.confirmedAt) throw new AppError(ErrorCode.NotFound, 'This factor is confirmed already');
        await this.useTotp(factor, code, tx);
        if (!hasFactor(before)) recoveryCodes = await this.newRecoveryCodes(userId, tx);
        await this.audit.record(
          { type: AuditType.MfaEnrolled, userId, sessionId: null, ...client, detail: { method: 'totp', factorId: id } },
          tx,
        );
      });
    } catch (error) {
      throw await this.reportRefusal(error, userId, 'enrol', client);
    }
    await Promise.all([budget, ...others].map((b) => this.limiter.refund(b.key)));
    this.metrics.mfa('totp', 'success');
    return { recoveryCodes };
  }

  async deleteTotp(userId: string, id: string, client: ClientInfo): Promise<void> {
    if (!(await this.repository.deleteTotp(userId, id))) throw new AppError(ErrorCode.NotFound, 'No such factor');
    await this.audit.record({ type: AuditType.MfaRemoved, userId, sessionId: null, ...client, detail: { method: 'totp', factorId: id } });
  }

  /** POST /auth/mfa/recovery-codes: 10 new codes; the old ones stop working. */
  async regenerateRecoveryCodes(userId: string, client: ClientInfo): Promise<{ recoveryCodes: string[] }> {
    if (!hasFactor(await this.repository.summary(userId))) {
      throw new AppError(ErrorCode.ValidationFailed, 'Recovery codes need a second factor first', [
        { field: 'factor', message: 'no active factor' },
      ]);
    }
    const recoveryCodes = await this.unitOfWork.run(async (tx) => {
      const codes = await this.newRecoveryCodes(userId, tx);
      await this.audit.record(
        { type: AuditType.MfaEnrolled, userId, sessionId: null, ...client, detail: { method: 'recovery_code', regenerated: true } },
        tx,
      );
      return codes;
    });
    return { recoveryCodes };
  }

  passkeyRegistrationOptions(user: Pick<User, 'id' | 'email' | 'name'>): Promise<PublicKeyCredentialCreationOptionsJSON> {
    return this.passkeys.registrationOptions(user);
  }

  /** POST /auth/passkeys: the user's first factor also comes with 10 recovery codes (an extension of API.md). */
  async registerPasskey(userId: string, response: RegistrationResponseJSON, name: string | undefined, client: ClientInfo) {
    const before = await this.repository.summary(userId);
    const passkey = await this.passkeys.register(userId, response, name);
    const recoveryCodes = hasFactor(before) ? undefined : await this.unitOfWork.run((tx) => this.newRecoveryCodes(userId, tx));
    await this.audit.record({
      type: AuditType.PasskeyRegistered,
      userId,
      sessionId: null,
      ...client,
      detail: { passkeyId: passkey.id, name: passkey.name },
    });
    await this.audit.record({
      type: AuditType.MfaEnrolled,
      userId,
      sessionId: null,
      ...client,
      detail: { method: 'passkey', passkeyId: passkey.id },
    });
    return { id: passkey.id, name: passkey.name, createdAt: passkey.createdAt.toISOString(), ...(recoveryCodes ? { recoveryCodes } : {}) };
  }

  async deletePasskey(userId: string, id: string, client: ClientInfo): Promise<void> {
    if (!(await this.repository.deletePasskey(userId, id))) throw new AppError(ErrorCode.NotFound, 'No such passkey');
    await this.audit.record({ type: AuditType.PasskeyRemoved, userId, sessionId: null, ...client, detail: { passkeyId: id } });
  }

  /** DELETE /admin/users/:id/mfa: every factor and recovery code removed, every family ended. */
  async adminReset(userId: string, admin: { userId: string }, client: ClientInfo): Promise<void> {
    await this.users.findById(userId);
    await this.unitOfWork.run(async (tx) => {
      const factors = await this.repository.deleteAllFactors(userId, tx);
      await this.audit.record(
        { type: AuditType.MfaRemoved, userId, sessionId: null, ...client, detail: { method: 'all', factors, by: admin.userId } },
        tx,
      );
      await this.sessions.endFamilies({ userId }, { reason: 'mfa_reset', client, tx });
    });
  }

  private async issue(
    user: SignInUser,
    device: { deviceId?: string; deviceName?: string },
    amr: string[],
    method: string,
    client: ClientInfo,
    jkt?: string,
    origin?: string,
  ): Promise<LoginAnswer> {
    const pair = await this.sessions.login(
      {
        userId: user.id,
        roles: user.roles,
        claims: user.claims,
        notBefore: user.tokensNotBefore,
        passwordHash: user.passwordHash,
        amr,
        method,
      },
      device,
      client,
      jkt,
      origin,
    );
    const deviceToken = this.crypto.signDeviceToken({ userId: user.id, deviceId: pair.deviceId }, DEVICE_TOKEN_TTL);
    return { ...pair, deviceToken };
  }

  /** The login budgets of API.md "Password guessing", for a second step of this account. */
  private budgets(userId: string, client: ClientInfo, knownDeviceId?: string): Budget[] {
    return loginBudgets({
      userId,
      canonicalEmail: '',
      knownDevice: knownDeviceId ? { userId, deviceId: knownDeviceId } : undefined,
      ip: client.ip,
    });
  }

  /** Judges a factor of `userId`; throws FactorRefused (rolling `tx` back) when it does not pass. */
  private async checkFactor(
    userId: string,
    factor: SecondFactor,
    binding: Parameters<PasskeysService['verifyAssertion']>[0],
    tx: Tx,
    client: ClientInfo,
    firstAmr: string[] = [],
  ): Promise<{ method: MfaMethod; amr: string[] }> {
    if (factor.passkey !== undefined) {
      if (firstAmr.includes('hwk')) throw new FactorRefused('passkey', 'same_factor');
      const verdict: AssertionVerdict = await this.passkeys.verifyAssertion(binding, factor.passkey, userId);
      if (!verdict.ok) throw new FactorRefused('passkey', verdict.reason);
      return { method: 'passkey', amr: factorAmr('passkey', verdict.userVerified) };
    }
    const code = (factor.code ?? '').replace(/\s/g, '');
    if (TOTP_CODE.test(code)) {
      const factors = await this.repository.activeTotps(userId, tx);
      for (const totp of factors) {
        if (await this.useTotp(totp, code, tx, false)) return { method: 'totp', amr: factorAmr('totp') };
      }
      throw new FactorRefused('totp', factors.length ? 'wrong_code' : 'no_factor');
    }
    const recovery = normalizeRecoveryCode(code);
    const left = recovery === undefined ? undefined : await this.repository.useRecoveryCode(userId, this.crypto.hashToken(recovery), tx);
    if (left === undefined) throw new FactorRefused('recovery_code', 'wrong_code');
    await this.audit.record({ type: AuditType.RecoveryCodeUsed, userId, sessionId: null, ...client, detail: { left } }, tx);
    return { method: 'recovery_code', amr: factorAmr('recovery_code') };
  }

  /**
   * Checks a code against one factor and uses its step up. With `strict`, a wrong or replayed
   * code throws; otherwise false (another factor of the user may still match).
   */
  private async useTotp(factor: { id: string; secret: Buffer }, code: string, tx: Tx, strict = true): Promise<boolean> {
    const secret = this.crypto.open(TOTP_SECRET_PURPOSE, factor.secret, factor.id);
    const step = TOTP_CODE.test(code) ? matchingStep(secret, code, Date.now()) : undefined;
    if (step === undefined) {
      if (strict) throw new FactorRefused('totp', 'wrong_code');
      return false;
    }
    if (!(await this.repository.useTotpStep(factor.id, step, tx))) throw new FactorRefused('totp', 'replayed');
    return true;
  }

  private async newRecoveryCodes(userId: string, tx: Tx): Promise<string[]> {
    const codes = Array.from({ length: RECOVERY_CODES }, () => newRecoveryCode());
    await this.repository.replaceRecoveryCodes(
      userId,
      codes.map((c) => this.crypto.hashToken(normalizeRecoveryCode(c)!)),
      tx,
    );
    return codes;
  }

  /** A refused factor becomes 401 invalid_mfa_code, audited and counted; other errors pass through. */
  private async reportRefusal(error: unknown, userId: string | null, purpose: string, client: ClientInfo): Promise<unknown> {
    if (!(error instanceof FactorRefused)) return error;
    this.metrics.mfa(error.method, error.reason === 'replayed' || error.reason === 'counter_rollback' ? error.reason : 'failure');
    await this.audit.record({
      type: AuditType.MfaFailed,
      userId,
      sessionId: null,
      ...client,
      detail: { method: error.method, reason: error.reason, purpose },
    });
    return new AppError(ErrorCode.InvalidMfaCode);
  }
}
