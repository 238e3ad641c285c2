import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AdvisoryLock } from '../database/advisory-locks.js';
import { CryptoKeyEntity } from './crypto-key.entity.js';


export type KeyUse = 'sig' | 'enc';

@Injectable()
export class KeysRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Keys still published: the newest key of each use, the ones waiting to activate, and
   * retired ones until `retiredGraceSeconds` after their retirement (their last token expired).
   */
  findPublished(retiredGraceSeconds: number): Promise<CryptoKeyEntity[]> {
    return this.dataSource
      .getRepository(CryptoKeyEntity)
      .createQueryBuilder('k')
      .where(`k.retired_at IS NULL OR k.retired_at > now() - make_interval(secs => :grace)`, { grace: retiredGraceSeconds })
      .orderBy('k.activates_at', 'DESC')
      .getMany();
  }

  /**
   * Runs `work` in a transaction holding the keys lock, so that two instances booting or
   * rotating at once do not both create a key.
   */
  async withKeysLock<T>(work: (tx: KeysTransaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [AdvisoryLock.Keys]);
      const repo = manager.getRepository(CryptoKeyEntity);
      return work({
        newest: (use) => repo.findOne({ where: { use }, order: { activatesAt: 'DESC' } }),
        insert: async (key) => {
          await manager.query(
            `INSERT INTO crypto_keys (kid, use, alg, public_jwk, private_key, activates_at) VALUES ($1, $2, $3, $4, $5, $6)`,
            [key.kid, key.use, key.alg, key.publicJwk, key.privateKey, key.activatesAt],
          );
        },
        retireAllBut: async (use, kid, at) => {
          await manager.query(
            `UPDATE crypto_keys SET retired_at = $3 WHERE use = $1 AND kid <> $2 AND retired_at IS NULL`,
            [use, kid, at],
          );
        },
      });
    });
  }

  /** Seconds the database clock is ahead of ours is irrelevant: activation times come from it. */
  async now(): Promise<Date> {
    const [row] = await this.dataSource.query('SELECT now() AS now');
    return row.now;
  }
}

export interface KeysTransaction {
  newest(use: KeyUse): Promise<CryptoKeyEntity | null>;
  insert(key: Omit<CryptoKeyEntity, 'createdAt'> & { createdAt?: Date }): Promise<void>;
  /** Marks every other key of this use as retired at `at` (when `kid` takes over). */
  retireAllBut(use: KeyUse, kid: string, at: Date): Promise<void>;
}
