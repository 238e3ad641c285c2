import { describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { LeanRefreshAndBatchKills1764720000000 } from '../migrations/1764720000000-LeanRefreshAndBatchKills.js';
import { deleteFamily, deleteUser, generationCount, insertUser } from './support/db-state.js';
import { migrationDb } from './support/migration-db.js';

describe('migration LeanRefreshAndBatchKills', () => {
  const { db, runner } = migrationDb();

  async function family(userId: string): Promise<string> {
    const id = randomUUID();
    await db.query(
      `INSERT INTO session_families (id, user_id, device_id, expires_at) VALUES ($1, $2, 'device-0001', now() + interval '1 day')`,
      [id, userId],
    );
    await db.query(
      `INSERT INTO refresh_tokens (id, family_id, token_hash, expires_at) VALUES ($1, $2, '\\x00', now() + interval '1 hour')`,
      [randomUUID(), id],
    );
    return id;
  }

  it('deletes generations with their family by trigger; down brings back the foreign key and one audit row per ended session', async () => {
    const userId = await insertUser(db, 'lean@example.com');
    const kept = await family(userId);
    const ended = await family(userId);
    await deleteFamily(db, ended);
    expect(await generationCount(db, ended)).toBe(0);
    expect(await generationCount(db, kept)).toBe(1);
    const [a, b] = [randomUUID(), randomUUID()].sort();
    await db.query(
      `INSERT INTO audit_events (type, user_id, session_ids, detail) VALUES ('session_revoked', $1, $2, '{"reason":"admin"}')`,
      [userId, [a, b]],
    );

    const migration = new LeanRefreshAndBatchKills1764720000000();
    await migration.down(runner());
    const events = await db.query(
      `SELECT session_id, detail FROM audit_events WHERE user_id = $1 AND type = 'session_revoked' ORDER BY session_id`,
      [userId],
    );
    expect(events.rows).toEqual([
      { session_id: a, detail: { reason: 'admin' } },
      { session_id: b, detail: { reason: 'admin' } },
    ]);
    await expect(
      db.query(`INSERT INTO refresh_tokens (id, family_id, token_hash, expires_at) VALUES ($1, $2, '\\x00', now())`, [
        randomUUID(),
        randomUUID(),
      ]),
    ).rejects.toThrow(/foreign key/);
    await deleteFamily(db, kept); // the cascade again
    expect(await generationCount(db, kept)).toBe(0);

    await migration.up(runner());
    const again = await family(userId);
    await deleteUser(db, userId); // user → families cascade → trigger
    expect(await generationCount(db, again)).toBe(0);
    const indexes = await db.query(
      `SELECT indexname FROM pg_indexes WHERE tablename IN ('refresh_tokens', 'audit_events') AND indexname IN ('refresh_tokens_live_idx', 'audit_events_session_ids_idx')`,
    );
    expect(indexes.rows).toEqual([{ indexname: 'audit_events_session_ids_idx' }]);
  });
});
