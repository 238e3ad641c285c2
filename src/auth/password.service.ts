import { Injectable } from '@nestjs/common';
import { AuditRepository } from '../audit/audit.repository.js';
import { AuditType, ClientInfo } from '../audit/audit.types.js';
import { AppError, ErrorCode } from '../common/errors.js';
import { passwordFailureBudget } from '../common/login-budget.js';
import { RateLimiter } from '../common/rate-limiter.js';
import { CryptoService } from '../crypto/crypto.service.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { AccountTokensRepository } from '../recovery/account-tokens.repository.js';
import { SessionsService } from '../sessions/sessions.service.js';
import { UsersService } from '../users/users.service.js';
import { UsersRepository } from '../users/users.repository.js';
import { WebhooksService } from '../webhooks/webhooks.service.js';
import { ChangePasswordDto } from './dto/auth.dto.js';

@Injectable()
export class PasswordService {
  constructor(
    private readonly users: UsersService,
    private readonly usersRepository: UsersRepository,
    private readonly sessions: SessionsService,
    private readonly audit: AuditRepository,
    private readonly crypto: CryptoService,
    private readonly limiter: RateLimiter,
    private readonly unitOfWork: UnitOfWork,
    private readonly accountTokens: AccountTokensRepository,
    private readonly webhooks: WebhooksService,
  ) {}

  /**
   * Replaces the caller's password and ends every other family of the user, in one
   * transaction with its audit rows. The caller's own session stays usable: whoever changed
   * the password is the one who knew the old one.
   */
  async change(caller: { userId: string; sessionId: string }, dto: ChangePasswordDto, client: ClientInfo): Promise<void> {
    const budget = passwordFailureBudget(caller.userId);
    // counted before the check (parallel guesses cannot all pass), cleared on success
    await this.limiter.take(budget);
    const user = await this.users.findById(caller.userId);
    if (!(await this.crypto.verifyPassword(user.passwordHash, dto.currentPassword))) {
      throw new AppError(ErrorCode.InvalidCredentials, 'The current password is wrong');
    }
    // hashed before the transaction opens: argon2 takes tens of milliseconds
    const passwordHash = await this.crypto.hashPassword(dto.newPassword);
    await this.unitOfWork.run(async (tx) => {
      // a concurrent change verified against the same old password lost the race
      if (!(await this.usersRepository.replacePasswordIf(user.id, user.passwordHash, passwordHash, tx))) {
        throw new AppError(ErrorCode.InvalidCredentials, 'The current password is wrong');
      }
      const ended = await this.sessions.endFamilies(
        { userId: user.id, exceptId: caller.sessionId },
        { reason: 'password_change', client, tx },
      );
      // a reset link mailed before the change must not undo it
      await this.accountTokens.withdraw(user.id, 'password_reset', tx);
      await this.audit.record(
        {
          type: AuditType.PasswordChanged,
          userId: user.id,
          sessionId: caller.sessionId,
          ...client,
          detail: { sessionsEnded: ended.length },
        },
        tx,
      );
      await this.webhooks.emit('password.changed', user.id, { userId: user.id, via: 'change' }, tx);
    });
    await this.limiter.reset(budget.key);
  }
}
