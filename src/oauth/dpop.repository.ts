import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { preparedQuery } from '../database/prepared.js';
import type { ReplayStore } from '../guard/dpop-proof.js';

/**
 * The DPoP proofs accepted and not yet stale, shared by every instance: a proof replayed
 * against any of them finds its (jkt, jti) already there.
 */
@Injectable()
export class DpopRepository implements ReplayStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Records a proof; false when this key already used this jti (one statement, race-free). */
  async remember(jkt: string, jti: string, expiresAtSeconds: number): Promise<boolean> {
    const rows = await preparedQuery(this.dataSource, 'dpop.remember',
      `INSERT INTO dpop_proofs (jkt, jti, expires_at) VALUES ($1, $2, to_timestamp($3))
       ON CONFLICT DO NOTHING RETURNING 1`,
      [jkt, jti, expiresAtSeconds],
    );
    return rows.length === 1;
  }
}
