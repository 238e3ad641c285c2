import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { preparedQuery } from '../database/prepared.js';
import type { ReplayStore } from '@auth-service/guard';

/**
 * The DPoP proofs accepted and not yet stale, shared by every instance: a proof replayed
 * against any of them finds its (jkt, jti) already there.
 */
@Injectable()
export class DpopRepository implements ReplayStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Records a proof; false when this key already used this jti (one statement, race-free). */
  async remember(jkt: string, jti: string, expiresAtSeconds: number): Promise<boolean> {
    const rows = await preparedQuery(
      this.dataSource,
      'dpop.remember',
      `INSERT INTO dpop_proofs (jkt, jti, expires_at) VALUES ($1, $2, to_timestamp($3))
       ON CONFLICT DO NOTHING RETURNING 1`,
      [jkt, jti, expiresAtSeconds],
    );
    return rows.length === 1;
  }

  /**
   * Deletes up to `batch` proofs `marginSeconds` past their expiry (the cleanup job): by then
   * each is stale and refused on its iat alone; the margin covers a database clock ahead of ours.
   */
  async deleteStale(marginSeconds: number, batch: number): Promise<number> {
    const [{ n }] = await this.dataSource.query(
      `WITH gone AS (
         DELETE FROM dpop_proofs WHERE (jkt, jti) IN (
           SELECT jkt, jti FROM dpop_proofs WHERE expires_at < now() - make_interval(secs => $1) LIMIT $2)
         RETURNING 1
       ) SELECT count(*)::int AS n FROM gone`,
      [marginSeconds, batch],
    );
    return n;
  }
}
