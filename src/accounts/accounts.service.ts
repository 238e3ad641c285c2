import { Inject, Injectable } from '@nestjs/common';
import { AuditRepository } from '../audit/audit.repository.js';
import { AuditType, ClientInfo } from '../audit/audit.types.js';
import type { AuthenticationFacts } from '@auth-service/guard';
import { passwordFailureBudget } from '../common/login-budget.js';
import { AppError, ErrorCode } from '../common/errors.js';
import { RateLimiter } from '../common/rate-limiter.js';
import { AppConfig } from '../config/app-config.js';
import { CryptoService } from '../crypto/crypto.service.js';
import { Tx, UnitOfWork } from '../database/unit-of-work.js';
import { MailDelivery } from '../mail/mail-delivery.service.js';
import { MailService } from '../mail/mail.service.js';
import { MfaService } from '../mfa/mfa.service.js';
import { AccountTokensRepository } from '../recovery/account-tokens.repository.js';
import { mailedLink, validFor } from '../recovery/recovery-links.js';
import { SessionsService } from '../sessions/sessions.service.js';
import { rolesProblem } from '../users/claims.js';
import { canonicalEmail } from '../email-address/email.js';
import { User, UsersRepository } from '../users/users.repository.js';
import { toUserView, UsersService, UserView } from '../users/users.service.js';
import { WebhooksService } from '../webhooks/webhooks.service.js';
import { AccountsRepository } from './accounts.repository.js';

/** Wrong passwords on these routes count against the same per-user budget as a password change. */

/** Email-change requests a user may make per hour (each mails the new and the current address). */
const EMAIL_CHANGES_PER_HOUR = 5;

/** Who asks for an account's deletion. */
export type Deleter = { kind: 'self'; sessionId: string } | { kind: 'admin'; adminId: string };

/**
 * An account's life beyond register and login: deletion (GDPR erasure), export, email change,
 * and accounts created by admins with an invitation.
 */
@Injectable()
export class AccountsService {
  constructor(
    private readonly repository: AccountsRepository,
    private readonly users: UsersService,
    private readonly usersRepository: UsersRepository,
    private readonly sessions: SessionsService,
    private readonly audit: AuditRepository,
    private readonly tokens: AccountTokensRepository,
    private readonly crypto: CryptoService,
    private readonly mail: MailService,
    private readonly delivery: MailDelivery,
    private readonly limiter: RateLimiter,
    private readonly webhooks: WebhooksService,
    private readonly mfa: MfaService,
    private readonly unitOfWork: UnitOfWork,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  /**
   * The caller proves they hold the account before an irreversible change: its password, or,
   * for an account without one (created by a provider), a second factor used within
   * STEP_UP_MAX_AGE, or without any factor a sign-in (through the provider) that recent (403
   * step_up_required otherwise: the app steps up, or signs in again, and tries again).
   * Wrong guesses share the per-user budget of a password change.
   */
  private async confirmHolder(user: User, caller: AuthenticationFacts, password: string | undefined): Promise<void> {
    if (user.passwordHash === null) {
      if (await this.mfa.hasFactor(user.id)) {
        this.mfa.requireStepUp(caller, 'This account has no password: confirm with a second factor (POST /auth/step-up) first');
      } else {
        this.mfa.requireRecentSignIn(caller, 'This account has no password or second factor: sign in again with its provider first');
      }
      return;
    }
    if (password === undefined) {
      throw new AppError(ErrorCode.ValidationFailed, undefined, [{ field: 'password', message: 'password is required' }]);
    }
    await this.confirmPassword(user, password);
  }

  private async confirmPassword(user: User, password: string): Promise<void> {
    const budget = passwordFailureBudget(user.id);
    await this.limiter.take(budget);
    if (!(await this.crypto.verifyPassword(user.passwordHash, password)))
      throw new AppError(ErrorCode.InvalidCredentials, 'The password is wrong');
    await this.limiter.reset(budget.key);
  }

  /** DELETE /auth/me. */
  async deleteSelf(
    caller: { userId: string; sessionId: string } & AuthenticationFacts,
    password: string | undefined,
    client: ClientInfo,
  ): Promise<void> {
    const user = await this.users.findById(caller.userId);
    await this.confirmHolder(user, caller, password);
    await this.deleteAccount(user.id, { kind: 'self', sessionId: caller.sessionId }, client);
  }

  /** DELETE /admin/users/:id: not one's own account (that is DELETE /auth/me), and never the last admin. */
  async deleteByAdmin(adminId: string, userId: string, client: ClientInfo): Promise<void> {
    if (userId.toLowerCase() === adminId) throw new AppError(ErrorCode.Forbidden, 'Delete your own account with DELETE /auth/me');
    await this.deleteAccount(userId, { kind: 'admin', adminId }, client);
  }

  /**
   * One transaction: the user's families end (pushed to guards), the email is erased from the
   * audit trail, rate-limit keys and webhook messages, the users row goes with everything keyed
   * by it (tokens, factors, identities, unsent mail), and `user_deleted` is recorded and announced.
   */
  private async deleteAccount(userId: string, by: Deleter, client: ClientInfo): Promise<void> {
    await this.unitOfWork.run(async (tx) => {
      if (by.kind === 'admin') {
        // the guard saw an admin when the request arrived; a concurrent demotion may have ended that
        const admins = await this.usersRepository.lockActiveAdmins(tx);
        if (!admins.includes(by.adminId)) throw new AppError(ErrorCode.Forbidden);
      }
      const user = await this.usersRepository.findById(userId, tx);
      if (!user) throw new AppError(ErrorCode.NotFound, 'No such user');
      if (by.kind === 'self' && user.roles.includes('admin') && !user.disabled) {
        const admins = await this.usersRepository.lockActiveAdmins(tx);
        if (admins.length === 1) throw new AppError(ErrorCode.Forbidden, 'The last admin cannot delete their account');
      }
      const detail = by.kind === 'admin' ? { by: by.adminId } : { by: 'self' };
      const ended = await this.sessions.endFamilies({ userId }, { reason: 'user_deleted', client, detail, tx });
      const emails = [user.email, canonicalEmail(user.email)];
      await this.repository.eraseEmails(emails, tx);
      await this.webhooks.eraseEmails(userId, emails, tx);
      await this.repository.deleteUser(userId, tx);
      await this.audit.record(
        { type: AuditType.UserDeleted, userId, sessionId: null, ...client, detail: { ...detail, sessionsEnded: ended.length } },
        tx,
      );
      await this.webhooks.emit('user.deleted', userId, { userId }, tx);
    });
    this.webhooks.sendQueued();
  }

  /** GET /auth/me/export: everything stored about the caller (no secrets: no hashes, no tokens). */
  async export(userId: string): Promise<Record<string, unknown>> {
    const user = await this.users.findById(userId);
    const rows = await this.repository.exportRows(userId);
    return {
      exportedAt: new Date().toISOString(),
      profile: {
        id: user.id,
        email: user.email,
        name: user.name,
        roles: user.roles,
        claims: user.claims,
        emailVerified: user.emailVerified,
        disabled: user.disabled,
        createdAt: user.createdAt.toISOString(),
        passwordChangedAt: user.passwordChangedAt.toISOString(),
      },
      sessions: rows.sessions,
      auditEvents: rows.auditEvents,
      pendingEmailChange: rows.pendingEmailChange,
      factors: rows.factors,
      identities: rows.identities,
    };
  }

  /** POST /auth/email/change: a link to the new address, a notice to the old one. */
  async requestEmailChange(caller: { userId: string; sessionId: string }, newEmail: string, password: string): Promise<void> {
    // each request mails two addresses, one of them the caller's choice: a few an hour
    await this.limiter.take({ key: `email-change:user:${caller.userId}`, limit: EMAIL_CHANGES_PER_HOUR, windowSeconds: 3600 });
    const user = await this.users.findById(caller.userId);
    await this.confirmPassword(user, password);
    const email = newEmail.trim();
    const canonical = canonicalEmail(email);
    if (canonical === canonicalEmail(user.email)) {
      throw new AppError(ErrorCode.ValidationFailed, undefined, [
        { field: 'newEmail', message: 'newEmail is already the email of this account' },
      ]);
    }
    if (await this.usersRepository.findByCanonicalEmail(canonical)) throw new AppError(ErrorCode.EmailTaken);
    const token = this.crypto.randomToken();
    const ttl = this.config.EMAIL_VERIFY_TTL;
    await this.unitOfWork.run(async (tx) => {
      await this.repository.issueEmailChange(
        user.id,
        { tokenHash: this.crypto.hashToken(token), newEmail: email, sessionId: caller.sessionId, ttlSeconds: ttl },
        tx,
      );
      await this.mail.enqueue(
        'email-change',
        { userId: user.id, to: email },
        { link: mailedLink(this.config.emailChangeUrl, token), validFor: validFor(ttl) },
        tx,
      );
      await this.mail.enqueue('email-change-notice', { userId: user.id, to: user.email }, { link: '', validFor: validFor(ttl) }, tx);
    });
    this.delivery.wake();
  }

  /** POST /auth/email/change/confirm: the email changes (verified); every family but the one that asked ends. */
  async confirmEmailChange(token: string, client: ClientInfo): Promise<void> {
    const tokenHash = this.crypto.hashToken(token);
    await this.unitOfWork.run(async (tx) => {
      const change = await this.repository.spendEmailChange(tokenHash, tx);
      if (!change) throw new AppError(ErrorCode.ResetTokenInvalid);
      const before = await this.usersRepository.lockUser(change.userId, tx);
      if (!before) throw new AppError(ErrorCode.ResetTokenInvalid);
      if (before.disabled) throw new AppError(ErrorCode.AccountDisabled);
      // refused as a whole: the token stays unspent, as nothing happened
      if (!(await this.repository.changeEmail(change.userId, change.newEmail, canonicalEmail(change.newEmail), tx)))
        throw new AppError(ErrorCode.EmailTaken);
      const ended = await this.sessions.endFamilies(
        { userId: change.userId, exceptId: change.sessionId ?? undefined },
        { reason: 'email_changed', client, tx },
      );
      // a reset link mailed to the old address must not open the account any more
      await this.tokens.withdraw(change.userId, 'password_reset', tx);
      await this.audit.record(
        {
          type: AuditType.EmailChanged,
          userId: change.userId,
          sessionId: change.sessionId,
          ...client,
          detail: { from: before.email, to: change.newEmail, sessionsEnded: ended.length },
        },
        tx,
      );
      await this.webhooks.emit(
        'user.email_changed',
        change.userId,
        { userId: change.userId, email: change.newEmail, previousEmail: before.email },
        tx,
      );
    });
    this.webhooks.sendQueued();
  }

  /**
   * POST /admin/users: an account without a usable password (a random one nobody knows); with
   * `invite`, a set-password link valid INVITE_TTL, spent with POST /auth/password/reset, which
   * also verifies the email.
   */
  async createByAdmin(
    adminId: string,
    input: { email: string; name?: string; roles?: string[]; invite?: boolean },
    client: ClientInfo,
  ): Promise<UserView> {
    const problem = input.roles && rolesProblem(input.roles, this.config.roles);
    if (problem) throw new AppError(ErrorCode.ValidationFailed, undefined, [{ field: 'roles', message: problem }]);
    const roles = input.roles ? this.config.roles.filter((role) => input.roles!.includes(role)) : ['user'];
    const token = this.crypto.randomToken();
    const user = await this.users.register(
      { email: input.email, password: this.crypto.randomToken(), name: input.name, roles },
      client,
      async (created: User, tx: Tx) => {
        await this.audit.record(
          {
            type: AuditType.UserCreatedByAdmin,
            userId: created.id,
            sessionId: null,
            ...client,
            detail: { by: adminId, invited: input.invite === true, roles },
          },
          tx,
        );
        if (input.invite) {
          await this.tokens.issue(created.id, 'password_reset', this.crypto.hashToken(token), this.config.INVITE_TTL, tx);
          await this.mail.enqueue(
            'invite',
            { userId: created.id, to: created.email },
            { link: mailedLink(this.config.passwordResetUrl, token), validFor: validFor(this.config.INVITE_TTL) },
            tx,
          );
        }
      },
      { createdBy: adminId },
    );
    this.delivery.wake();
    return toUserView(user, true);
  }
}
