import { describe, expect, it } from '@jest/globals';
import { MfaTokenMethod1764730000000 } from '../migrations/1764730000000-MfaTokenMethod.js';
import { migrationDb } from './support/migration-db.js';

describe('migration MfaTokenMethod', () => {
  const { db, runner } = migrationDb();

  it('gives the mfa tokens waiting at the migration the method their amr told, and the previous release’s inserts its old guess', async () => {
    const migration = new MfaTokenMethod1764730000000();
    await migration.down(runner());
    const {
      rows: [user],
    } = await db.query(`INSERT INTO users (email, password_hash) VALUES ('waiting@example.com', 'x') RETURNING id`);
    for (const [hash, amr] of [
      ['\\x01', ['pwd']],
      ['\\x02', ['hwk']],
      ['\\x03', ['fed']],
    ])
      await db.query(`INSERT INTO mfa_tokens (token_hash, user_id, amr, expires_at) VALUES ($1, $2, $3, now() + interval '5 minutes')`, [
        hash,
        user.id,
        amr,
      ]);

    await migration.up(runner());
    const { rows } = await db.query(`SELECT amr, method FROM mfa_tokens ORDER BY token_hash`);
    expect(rows).toEqual([
      { amr: ['pwd'], method: 'password' },
      { amr: ['hwk'], method: 'passkey' },
      { amr: ['fed'], method: 'other' },
    ]);
    // an instance still on the previous release inserts no method (a rolling deploy)
    await db.query(`INSERT INTO mfa_tokens (token_hash, user_id, amr, expires_at) VALUES ('\\x04', $1, '{fed}', now())`, [user.id]);
    expect((await db.query(`SELECT method FROM mfa_tokens WHERE token_hash = '\\x04'`)).rows).toEqual([{ method: 'other' }]);
    await expect(
      db.query(`INSERT INTO mfa_tokens (token_hash, user_id, amr, method, expires_at) VALUES ('\\x05', $1, '{pwd}', NULL, now())`, [
        user.id,
      ]),
    ).rejects.toThrow(/not-null/);
  });
});
