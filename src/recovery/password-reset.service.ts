import { Inject, Injectable } from '@nestjs/common';
import { AuditRepository } from '../audit/audit.repository.js';
import { AuditType, ClientInfo } from '../audit/audit.types.js';
import { AppError, ErrorCode } from '../common/errors.js';
import { AppConfig } from '../config/app-config.js';
import { CryptoService } from '../crypto/crypto.service.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { MailDelivery } from '../mail/mail-delivery.service.js';
import { MailService } from '../mail/mail.service.js';
import { SessionsService } from '../sessions/sessions.service.js';
import { UsersRepository } from '../users/users.repository.js';
import { UsersService } from '../users/users.service.js';
import { WebhooksService } from '../webhooks/webhooks.service.js';
import { AccountTokensRepository } from './account-tokens.repository.js';
import { BackgroundTasks } from './background-tasks.js';
import { RecoveryLimits } from '../common/login-budget.js';
import { mailedLink, validFor } from './recovery-links.js';

/**
 * Forgot and reset. A reset sets the password, ends every session family of the account,
 * spends the token and writes the audit rows in one transaction: whoever held a session
 * (perhaps the reason for the reset) is out the moment the new password works.
 */
@Injectable()
export class PasswordResetService {
  constructor(
    private readonly tokens: AccountTokensRepository,
    private readonly users: UsersService,
    private readonly usersRepository: UsersRepository,
    private readonly sessions: SessionsService,
    private readonly audit: AuditRepository,
    private readonly crypto: CryptoService,
    private readonly mail: MailService,
    private readonly delivery: MailDelivery,
    private readonly limits: RecoveryLimits,
    private readonly unitOfWork: UnitOfWork,
    private readonly background: BackgroundTasks,
    private readonly webhooks: WebhooksService,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  /**
   * POST /auth/password/forgot. The caller gets 202 before anything about the email is
   * looked at: the answer and its timing are the same for a known, unknown, disabled or
   * limited account, because none of that work happens on the request path.
   */
  forgot(email: string, client: ClientInfo): void {
    this.background.run('forgot-password', () => this.processForgot(email, client));
  }

  private async processForgot(email: string, client: ClientInfo): Promise<void> {
    if (!(await this.limits.allowForgot(email, client.ip))) return;
    const user = await this.users.findByEmail(email);
    const requested = { type: AuditType.PasswordResetRequested, sessionId: null, ...client };
    if (!user || user.disabled) {
      await this.audit.record({ ...requested, userId: user?.id ?? null, detail: { email, outcome: user ? 'disabled' : 'unknown_email' } });
      return;
    }
    const token = this.crypto.randomToken();
    await this.unitOfWork.run(async (tx) => {
      await this.tokens.issue(user.id, 'password_reset', this.crypto.hashToken(token), this.config.PASSWORD_RESET_TTL, tx);
      await this.mail.enqueue(
        'password-reset',
        { userId: user.id, to: user.email },
        {
          link: mailedLink(this.config.passwordResetUrl, token),
          validFor: validFor(this.config.PASSWORD_RESET_TTL),
        },
        tx,
      );
      await this.audit.record({ ...requested, userId: user.id, detail: { email, outcome: 'mailed' } }, tx);
    });
    this.delivery.wake();
  }

  /**
   * POST /auth/password/reset/check: would a reset with this token be accepted now? Spends
   * nothing, so the page of a mailed link can say at once that it is used or expired, before
   * the person types a new password twice. The answer names the code the reset would give.
   */
  async check(
    token: string,
  ): Promise<{ valid: true } | { valid: false; code: typeof ErrorCode.ResetTokenInvalid | typeof ErrorCode.AccountDisabled }> {
    const userId = await this.tokens.findLive('password_reset', this.crypto.hashToken(token));
    const user = userId ? await this.usersRepository.findById(userId) : null;
    if (!user) return { valid: false, code: ErrorCode.ResetTokenInvalid };
    return user.disabled ? { valid: false, code: ErrorCode.AccountDisabled } : { valid: true };
  }

  /** POST /auth/password/reset. */
  async reset(token: string, newPassword: string, client: ClientInfo): Promise<void> {
    const tokenHash = this.crypto.hashToken(token);
    // a made-up token is refused before argon2 runs, so it costs us next to nothing
    if (!(await this.tokens.findLive('password_reset', tokenHash))) throw new AppError(ErrorCode.ResetTokenInvalid);
    const passwordHash = await this.crypto.hashPassword(newPassword);
    const user = await this.unitOfWork.run(async (tx) => {
      // spending is the compare-and-swap: of concurrent resets with one token, one gets here
      const userId = await this.tokens.spend('password_reset', tokenHash, tx);
      if (!userId) throw new AppError(ErrorCode.ResetTokenInvalid);
      const before = await this.usersRepository.lockUser(userId, tx);
      if (!before) throw new AppError(ErrorCode.ResetTokenInvalid);
      if (before.disabled) throw new AppError(ErrorCode.AccountDisabled); // rolls back: the token stays unspent
      await this.usersRepository.resetPassword(userId, passwordHash, tx);
      const ended = await this.sessions.endFamilies({ userId }, { reason: 'password_reset', client, tx });
      const event = { userId, sessionId: null, ...client };
      await this.audit.record({ type: AuditType.PasswordReset, ...event, detail: { sessionsEnded: ended.length } }, tx);
      await this.webhooks.emit('password.changed', userId, { userId, via: 'reset' }, tx);
      if (!before.emailVerified)
        await this.audit.record({ type: AuditType.EmailVerified, ...event, detail: { via: 'password_reset' } }, tx);
      return before;
    });
    await this.limits.clearGuessBudget(user.id);
  }
}
