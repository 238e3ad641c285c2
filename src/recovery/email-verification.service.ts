import { Inject, Injectable } from '@nestjs/common';
import { AuditRepository } from '../audit/audit.repository.js';
import { AuditType, ClientInfo } from '../audit/audit.types.js';
import { AppError, ErrorCode } from '../common/errors.js';
import { AppConfig } from '../config/app-config.js';
import { CryptoService } from '../crypto/crypto.service.js';
import { Tx, UnitOfWork } from '../database/unit-of-work.js';
import { MailDelivery } from '../mail/mail-delivery.service.js';
import { MailService } from '../mail/mail.service.js';
import { UsersRepository } from '../users/users.repository.js';
import { UsersService } from '../users/users.service.js';
import { AccountTokensRepository } from './account-tokens.repository.js';
import { RecoveryLimits } from '../common/login-budget.js';
import { mailedLink, validFor } from './recovery-links.js';

/** Email verification: a link mailed at registration (and on demand), spent to verify. */
@Injectable()
export class EmailVerificationService {
  constructor(
    private readonly tokens: AccountTokensRepository,
    private readonly users: UsersService,
    private readonly usersRepository: UsersRepository,
    private readonly audit: AuditRepository,
    private readonly crypto: CryptoService,
    private readonly mail: MailService,
    private readonly delivery: MailDelivery,
    private readonly limits: RecoveryLimits,
    private readonly unitOfWork: UnitOfWork,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  /** Queues a verification mail in `tx`, superseding earlier links. Call `sendQueued()` after the commit. */
  async issue(user: { id: string; email: string }, tx: Tx): Promise<void> {
    const token = this.crypto.randomToken();
    await this.tokens.issue(user.id, 'email_verify', this.crypto.hashToken(token), this.config.EMAIL_VERIFY_TTL, tx);
    await this.mail.enqueue(
      'email-verify',
      { userId: user.id, to: user.email },
      {
        link: mailedLink(this.config.emailVerifyUrl, token),
        validFor: validFor(this.config.EMAIL_VERIFY_TTL),
      },
      tx,
    );
  }

  /** Sends what `issue` queued, off the request path. */
  sendQueued(): void {
    this.delivery.wake();
  }

  /** POST /auth/email/verify/resend: a new link unless the email is verified already. */
  async resend(userId: string): Promise<void> {
    await this.limits.takeResend(userId);
    const user = await this.users.findById(userId);
    if (user.emailVerified) return;
    await this.unitOfWork.run((tx) => this.issue(user, tx));
    this.sendQueued();
  }

  /** POST /auth/email/verify: spends the token and marks the email verified. */
  async verify(token: string, client: ClientInfo): Promise<void> {
    const tokenHash = this.crypto.hashToken(token);
    await this.unitOfWork.run(async (tx) => {
      const userId = await this.tokens.spend('email_verify', tokenHash, tx);
      if (!userId) throw new AppError(ErrorCode.ResetTokenInvalid);
      if (await this.usersRepository.markEmailVerified(userId, tx)) {
        await this.audit.record({ type: AuditType.EmailVerified, userId, sessionId: null, ...client, detail: { via: 'link' } }, tx);
      }
    });
  }
}
