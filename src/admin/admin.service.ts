import { Inject, Injectable } from '@nestjs/common';
import { AuditEventRow, AuditRepository } from '../audit/audit.repository.js';
import { AuditType, ClientInfo } from '../audit/audit.types.js';
import { AppError, ErrorCode } from '../common/errors.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { SessionDetailView, SessionView, toSessionView } from '../sessions/session.view.js';
import { SessionsService } from '../sessions/sessions.service.js';
import { UsersRepository } from '../users/users.repository.js';
import { toUserView, UsersService, UserView } from '../users/users.service.js';
import { AuditQuery, SessionsQuery, UpdateUserDto, UsersQuery } from './dto/admin.dto.js';
import { AppConfig } from '../config/app-config.js';
import { WebhooksService } from '../webhooks/webhooks.service.js';
import { claimsProblem, rolesProblem } from '../users/claims.js';
import { decodeCursor, Page, pageSize, toPage } from '../common/pagination.js';
import { canonicalEmail } from '../email-address/email.js';

/** The `event` of docs/api.md. */
export type AuditEventView = Omit<AuditEventRow, 'at' | 'cursorAt'> & { at: string };

/** Admin operations. `actorId` is the admin making the request; it goes into every audit row. */
@Injectable()
export class AdminService {
  constructor(
    private readonly users: UsersService,
    private readonly usersRepository: UsersRepository,
    private readonly sessions: SessionsService,
    private readonly audit: AuditRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly webhooks: WebhooksService,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  async searchUsers(query: UsersQuery): Promise<Page<UserView>> {
    const limit = pageSize(query.limit);
    const rows = await this.usersRepository.search(
      query.query === undefined ? undefined : canonicalEmail(query.query),
      limit + 1,
      decodeCursor('users', query.cursor),
    );
    return toPage('users', rows, limit, (row) => toUserView(row, true));
  }

  /** One user with the admin fields (`disabled`); 404 for an unknown id. */
  async getUser(userId: string): Promise<UserView> {
    return toUserView(await this.users.findById(userId), true);
  }

  /**
   * Disables, enables, changes the roles or the emailVerified flag of a user, in one transaction with its audit rows.
   * Disabling ends every family of the user. An admin may not disable their own account or
   * drop their own admin role (403 forbidden): together with the lock on every active admin,
   * that keeps at least one admin whatever runs concurrently.
   */
  async updateUser(actorId: string, userId: string, change: UpdateUserDto, client: ClientInfo): Promise<UserView> {
    if (userId === actorId && change.disabled === true) {
      throw new AppError(ErrorCode.Forbidden, 'You cannot disable your own account');
    }
    if (userId === actorId && change.roles && !change.roles.includes('admin')) {
      throw new AppError(ErrorCode.Forbidden, 'You cannot remove your own admin role');
    }
    const roleProblem = change.roles && rolesProblem(change.roles, this.config.roles);
    if (roleProblem) throw new AppError(ErrorCode.ValidationFailed, undefined, [{ field: 'roles', message: roleProblem }]);
    const claimProblem = change.claims && claimsProblem(change.claims);
    if (claimProblem) throw new AppError(ErrorCode.ValidationFailed, undefined, [{ field: 'claims', message: claimProblem }]);
    // in the order ROLES lists them, so equal sets compare equal
    const roles = change.roles && this.config.roles.filter((role) => change.roles!.includes(role));
    return this.unitOfWork.run(async (tx) => {
      // The guard saw the caller as an admin when the request arrived; a concurrent change
      // (another admin demoting this one) may have taken that away since.
      if (!(await this.usersRepository.lockActiveAdmins(tx)).includes(actorId)) throw new AppError(ErrorCode.Forbidden);
      const before = await this.usersRepository.lockUser(userId, tx);
      if (!before) throw new AppError(ErrorCode.NotFound, 'No such user');
      const after = (await this.usersRepository.update(
        userId,
        { disabled: change.disabled, roles, claims: change.claims, emailVerified: change.emailVerified },
        tx,
      ))!;
      const event = { userId, sessionId: null, ...client };
      if (change.disabled === true) {
        // also when already disabled: a login racing the earlier disabling may have left a family
        const ended = await this.sessions.endFamilies({ userId }, { reason: 'user_disabled', client, detail: { by: actorId }, tx });
        if (!before.disabled) {
          await this.audit.record(
            { type: AuditType.UserDisabled, ...event, detail: { disabled: true, by: actorId, sessionsEnded: ended.length } },
            tx,
          );
          await this.webhooks.emit('user.disabled', userId, { userId, disabled: true }, tx);
        }
      } else if (change.disabled === false && before.disabled) {
        await this.audit.record({ type: AuditType.UserDisabled, ...event, detail: { disabled: false, by: actorId } }, tx);
      }
      const rolesChanged = roles !== undefined && roles.join() !== before.roles.join();
      const claimsChanged = change.claims !== undefined && !sameJson(change.claims, before.claims);
      if (rolesChanged) {
        await this.audit.record({ type: AuditType.RolesChanged, ...event, detail: { from: before.roles, to: roles, by: actorId } }, tx);
      }
      if (claimsChanged) {
        await this.audit.record(
          { type: AuditType.ClaimsChanged, ...event, detail: { from: before.claims, to: change.claims, by: actorId } },
          tx,
        );
      }
      if (rolesChanged || claimsChanged) {
        // every access token issued before now carries the old roles or claims: refused at the
        // service and, through the revocation push, at every guard (token_outdated)
        await this.usersRepository.outdateTokens(userId, this.config.ACCESS_TOKEN_TTL, tx);
      }
      if (change.emailVerified !== undefined && change.emailVerified !== before.emailVerified) {
        await this.audit.record(
          { type: AuditType.EmailVerified, ...event, detail: { via: 'admin', verified: change.emailVerified, by: actorId } },
          tx,
        );
      }
      return toUserView(after, true);
    });
  }

  async listSessions(query: SessionsQuery): Promise<Page<SessionView>> {
    const limit = pageSize(query.limit);
    const rows = await this.sessions.listSessions({ userId: query.userId }, limit + 1, decodeCursor('sessions', query.cursor));
    return toPage('sessions', rows, limit, (row) => toSessionView(row));
  }

  sessionDetail(sessionId: string): Promise<SessionDetailView> {
    return this.sessions.findSessionDetail(sessionId);
  }

  async endSession(actorId: string, sessionId: string, client: ClientInfo): Promise<void> {
    const ended = await this.sessions.endFamilies({ ids: [sessionId] }, { reason: 'admin', client, detail: { by: actorId } });
    if (ended.length === 0) throw new AppError(ErrorCode.NotFound, 'No such session');
  }

  async endUserSessions(actorId: string, userId: string, client: ClientInfo): Promise<void> {
    await this.users.findById(userId); // 404 for an unknown user, rather than a silent no-op
    await this.sessions.endFamilies({ userId }, { reason: 'admin', client, detail: { by: actorId } });
  }

  async searchAudit(query: AuditQuery): Promise<Page<AuditEventView>> {
    const limit = pageSize(query.limit);
    const filter = { userId: query.userId, sessionId: query.sessionId, type: query.type };
    const rows = await this.audit.search(filter, limit + 1, decodeCursor('audit', query.cursor));
    return toPage('audit', rows, limit, ({ cursorAt: _, at, ...event }) => ({ ...event, at: at.toISOString() }));
  }
}

/** Whether two JSON values are the same (key order aside). */
function sameJson(a: unknown, b: unknown): boolean {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v)
              .sort(([x], [y]) => (x < y ? -1 : 1))
              .map(([k, x]) => [k, canonical(x)]),
          )
        : v;
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}
