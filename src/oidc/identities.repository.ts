import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

const UNIQUE_VIOLATION = '23505';

/** A provider account linked to a user. */
export interface Identity {
  id: string;
  userId: string;
  provider: string;
  subject: string;
  email: string | null;
  createdAt: Date;
}

const IDENTITY = `id, user_id AS "userId", provider, subject, email, created_at AS "createdAt"`;

/** The identities table: which provider account `(provider, subject)` signs in to which user. */
@Injectable()
export class IdentitiesRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findBySubject(provider: string, subject: string): Promise<Identity | undefined> {
    const [row] = await this.dataSource.query(`SELECT ${IDENTITY} FROM identities WHERE provider = $1 AND subject = $2`, [
      provider,
      subject,
    ]);
    return row;
  }

  /** Links a provider account; undefined when it is linked already (to anyone: the unique index decides under any race). */
  async insert(
    identity: { id: string; userId: string; provider: string; subject: string; email: string | null },
    tx: EntityManager,
  ): Promise<Identity | undefined> {
    try {
      const [row] = await tx.query(
        `INSERT INTO identities (id, user_id, provider, subject, email) VALUES ($1, $2, $3, $4, $5) RETURNING ${IDENTITY}`,
        [identity.id, identity.userId, identity.provider, identity.subject, identity.email],
      );
      return row;
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) return undefined;
      throw error;
    }
  }

  /** The user's identities, oldest first. */
  listByUser(userId: string): Promise<Identity[]> {
    return this.dataSource.query(`SELECT ${IDENTITY} FROM identities WHERE user_id = $1 ORDER BY created_at, id`, [userId]);
  }

  /**
   * Locks the user row (so two concurrent unlinks of a password-less account cannot both see
   * "another identity is left") and returns what removing one needs: whether the user has a
   * password, and their identities. Undefined for an unknown user.
   */
  async lockSignInMethods(userId: string, tx: EntityManager): Promise<{ hasPassword: boolean; identities: Identity[] } | undefined> {
    const [user] = await tx.query(`SELECT password_hash IS NOT NULL AS "hasPassword" FROM users WHERE id = $1 FOR UPDATE`, [userId]);
    if (!user) return undefined;
    const identities: Identity[] = await tx.query(`SELECT ${IDENTITY} FROM identities WHERE user_id = $1 ORDER BY created_at, id`, [
      userId,
    ]);
    return { hasPassword: user.hasPassword, identities };
  }

  async delete(userId: string, id: string, tx: EntityManager): Promise<void> {
    await tx.query(`DELETE FROM identities WHERE id = $1 AND user_id = $2`, [id, userId]);
  }
}
