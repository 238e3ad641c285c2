import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AdvisoryLock, lockForTransaction } from '../database/advisory-locks.js';

export type KeyUse = 'sig' | 'enc';

/** A crypto_keys row. */
export interface StoredKey {
  kid: string;
  use: KeyUse;
  alg: string;
  publicJwk: Record<string, unknown>;
  /** PKCS#8 DER sealed with AES-256-GCM under the master key, bound to the kid. */
  privateKey: Buffer;
  createdAt: Date;
  /** Published from creation; used for signing (or preferred for envelopes) from here on. */
  activatesAt: Date;
  /** When a newer key took over; the key stays published until its last token expired. */
  retiredAt: Date | null;
}

const KEY = `kid, use, alg, public_jwk AS "publicJwk", private_key AS "privateKey", created_at AS "createdAt",
  activates_at AS "activatesAt", retired_at AS "retiredAt"`;

@Injectable()
export class KeysRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Keys still published: the newest key of each use, the ones waiting to activate, and
   * retired ones until `retiredGraceSeconds` after their retirement (their last token expired).
   */
  findPublished(retiredGraceSeconds: number): Promise<StoredKey[]> {
    return this.dataSource.query(
      `SELECT ${KEY} FROM crypto_keys
        WHERE retired_at IS NULL OR retired_at > now() - make_interval(secs => $1)
        ORDER BY activates_at DESC`,
      [retiredGraceSeconds],
    );
  }

  /**
   * Runs `work` in a transaction holding the keys lock, so that two instances booting or
   * rotating at once do not both create a key.
   */
  async withKeysLock<T>(work: (tx: KeysTransaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await lockForTransaction(manager, AdvisoryLock.Keys);
      return work({
        newest: async (use) => {
          const [row] = await manager.query(`SELECT ${KEY} FROM crypto_keys WHERE use = $1 ORDER BY activates_at DESC LIMIT 1`, [use]);
          return row ?? null;
        },
        insert: async (key) => {
          await manager.query(
            `INSERT INTO crypto_keys (kid, use, alg, public_jwk, private_key, activates_at) VALUES ($1, $2, $3, $4, $5, $6)`,
            [key.kid, key.use, key.alg, key.publicJwk, key.privateKey, key.activatesAt],
          );
        },
        retireAllBut: async (use, kid, at) => {
          await manager.query(`UPDATE crypto_keys SET retired_at = $3 WHERE use = $1 AND kid <> $2 AND retired_at IS NULL`, [use, kid, at]);
        },
      });
    });
  }

  /** The database's clock: activation times are compared with it, so instances' clocks need not agree. */
  async now(): Promise<Date> {
    const [row] = await this.dataSource.query('SELECT now() AS now');
    return row.now;
  }
}

export interface KeysTransaction {
  newest(use: KeyUse): Promise<StoredKey | null>;
  insert(key: Omit<StoredKey, 'createdAt'>): Promise<void>;
  /** Marks every other key of this use as retired at `at` (when `kid` takes over). */
  retireAllBut(use: KeyUse, kid: string, at: Date): Promise<void>;
}
