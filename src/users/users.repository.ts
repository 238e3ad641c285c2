import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { UserEntity } from './user.entity.js';

const UNIQUE_VIOLATION = '23505';

@Injectable()
export class UsersRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(tx?: EntityManager) {
    return (tx ?? this.dataSource.manager).getRepository(UserEntity);
  }

  /** Inserts a user; returns null when the email is taken (case-insensitively). */
  async insert(user: { email: string; name: string | null; passwordHash: string; roles?: string[] }, tx?: EntityManager): Promise<UserEntity | null> {
    try {
      const saved = await this.repo(tx).save(this.repo(tx).create({ ...user, roles: user.roles ?? ['user'] }));
      return saved;
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) return null;
      throw error;
    }
  }

  findByEmail(email: string): Promise<UserEntity | null> {
    return this.repo().createQueryBuilder('u').where('lower(u.email) = lower(:email)', { email }).getOne();
  }

  findById(id: string, tx?: EntityManager): Promise<UserEntity | null> {
    return this.repo(tx).findOne({ where: { id } });
  }

  async updatePasswordHash(id: string, passwordHash: string, tx?: EntityManager): Promise<void> {
    await this.repo(tx).update({ id }, { passwordHash, passwordChangedAt: () => 'now()' });
  }

  /** Rehash on login (stronger parameters) without touching password_changed_at. */
  async replaceHash(id: string, passwordHash: string): Promise<void> {
    await this.repo().update({ id }, { passwordHash });
  }
}
