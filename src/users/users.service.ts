import { Injectable } from '@nestjs/common';
import { AuditRepository } from '../audit/audit.repository.js';
import { AuditType, ClientInfo } from '../audit/audit.types.js';
import { AppError, ErrorCode } from '../common/errors.js';
import { CryptoService } from '../crypto/crypto.service.js';
import { Tx, UnitOfWork } from '../database/unit-of-work.js';
import { User, UsersRepository } from './users.repository.js';
import { canonicalEmail } from '../email-address/email.js';
import { WebhooksService } from '../webhooks/webhooks.service.js';

/** The public shape of a user (docs/api.md). */
export interface UserView {
  id: string;
  email: string;
  name: string | null;
  roles: string[];
  createdAt: string;
  disabled?: boolean;
  emailVerified?: boolean;
  /** What access tokens carry as `claims` (admin views). */
  claims?: Record<string, unknown>;
}

/** What a view of a user needs: a users row, or a row of the admin queries. */
type UserFields = Pick<User, 'id' | 'email' | 'name' | 'roles' | 'createdAt' | 'disabled' | 'emailVerified' | 'claims'>;

export function toUserView(user: UserFields, withAdminFields = false): UserView {
  const view: UserView = { id: user.id, email: user.email, name: user.name, roles: user.roles, createdAt: user.createdAt.toISOString() };
  if (withAdminFields) {
    view.disabled = user.disabled;
    view.emailVerified = user.emailVerified;
    view.claims = user.claims;
  }
  return view;
}

/** GET /auth/me: the caller's own account, with what only its owner needs to know. */
export interface MeView extends UserView {
  emailVerified: boolean;
  /** False for an account that signs in only through a provider or a passkey. */
  hasPassword: boolean;
}

export function toMeView(user: UserFields & Pick<User, 'passwordHash'>): MeView {
  return { ...toUserView(user), emailVerified: user.emailVerified, hasPassword: Boolean(user.passwordHash) };
}

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly audit: AuditRepository,
    private readonly crypto: CryptoService,
    private readonly unitOfWork: UnitOfWork,
    private readonly webhooks: WebhooksService,
  ) {}

  /** Creates an account; `onCreated` runs in the same transaction (the verification mail is queued there). */
  async register(
    input: { email: string; password: string; name?: string; roles?: string[] },
    client: ClientInfo,
    onCreated?: (user: User, tx: Tx) => Promise<void>,
    origin: { createdBy?: string } = {},
  ): Promise<User> {
    const passwordHash = await this.crypto.hashPassword(input.password);
    const created = await this.unitOfWork.run(async (tx) => {
      const user = await this.users.insert(
        {
          email: input.email.trim(),
          emailCanonical: canonicalEmail(input.email),
          name: input.name ?? null,
          passwordHash,
          roles: input.roles,
        },
        tx,
      );
      if (!user) throw new AppError(ErrorCode.EmailTaken);
      await this.audit.record(
        { type: AuditType.UserRegistered, userId: user.id, sessionId: null, ...client, detail: { email: user.email } },
        tx,
      );
      await onCreated?.(user, tx);
      await this.webhooks.emit('user.created', user.id, { userId: user.id, email: user.email, ...origin }, tx);
      return user;
    });
    this.webhooks.sendQueued();
    return created;
  }

  /**
   * Creates the account of a person a provider vouched for: no password (they can set one
   * through "forgot password"), the email verified exactly when the provider says so.
   * `onCreated` runs in the same transaction (the identity is linked there). 409 email_taken
   * when an account with the email exists.
   */
  async createFromProvider(
    input: { email: string; name: string | null; emailVerified: boolean; method: string },
    client: ClientInfo,
    onCreated: (user: User, tx: Tx) => Promise<void>,
  ): Promise<User> {
    return this.unitOfWork.run(async (tx) => {
      const user = await this.users.insert(
        {
          email: input.email.trim(),
          emailCanonical: canonicalEmail(input.email),
          name: input.name,
          passwordHash: null,
          emailVerified: input.emailVerified,
        },
        tx,
      );
      if (!user) throw new AppError(ErrorCode.EmailTaken);
      await this.audit.record(
        {
          type: AuditType.UserRegistered,
          userId: user.id,
          sessionId: null,
          ...client,
          detail: { email: user.email, method: input.method },
        },
        tx,
      );
      await onCreated(user, tx);
      return user;
    });
  }

  /** The account of an email in any spelling with the same canonical form; null when none. */
  findByEmail(email: string): Promise<User | null> {
    return this.users.findByCanonicalEmail(canonicalEmail(email));
  }

  /**
   * Whether `password` is the password of `user` (found by findByEmail; null when the email has
   * no account). Always runs one argon2 verification, so an unknown email takes as long as a
   * wrong password. Rehashes a correct password whose hash uses weaker parameters.
   */
  async checkPassword(user: User | null, password: string): Promise<boolean> {
    if (!user) {
      await this.crypto.burnPasswordCheck(password);
      return false;
    }
    if (!(await this.crypto.verifyPassword(user.passwordHash, password)) || user.passwordHash === null) return false;
    if (this.crypto.needsRehash(user.passwordHash)) {
      const stronger = await this.crypto.hashPassword(password);
      if (await this.users.replaceHash(user.id, user.passwordHash, stronger)) user.passwordHash = stronger;
    }
    return true;
  }

  async findById(id: string): Promise<User> {
    const user = await this.users.findById(id);
    if (!user) throw new AppError(ErrorCode.NotFound);
    return user;
  }

  /** Creates the configured admin if no account has this email (never overwrites a password). */
  async ensureAdmin(email: string, password: string): Promise<'created' | 'exists'> {
    if (await this.findByEmail(email)) return 'exists';
    try {
      // the operator chose this address: it needs no verification mail
      await this.register(
        { email, password, name: 'Administrator', roles: ['user', 'admin'] },
        { ip: null, userAgent: 'bootstrap' },
        async (user, tx) => void (await this.users.markEmailVerified(user.id, tx)),
      );
      return 'created';
    } catch (error) {
      if (error instanceof AppError && error.code === ErrorCode.EmailTaken) return 'exists'; // another instance won
      throw error;
    }
  }
}
