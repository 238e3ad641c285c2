import { describe, expect, it } from '@jest/globals';
import { AccountRecovery1764640000000 } from '../migrations/1764640000000-AccountRecovery.js';
import { insertUser } from './support/db-state.js';
import { migrationDb } from './support/migration-db.js';

describe('migration AccountRecovery', () => {
  const { db, runner } = migrationDb();

  it('marks accounts that existed before it verified, and starts new ones unverified; down undoes it', async () => {
    const migration = new AccountRecovery1764640000000();
    await migration.down(runner());
    const columns = await db.query(
      `SELECT 1 FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'email_verified'`,
    );
    expect(columns.rows).toHaveLength(0);
    await insertUser(db, 'before@example.com');

    await migration.up(runner());
    await insertUser(db, 'after@example.com');
    const users = await db.query(`SELECT email, email_verified FROM users ORDER BY email`);
    expect(users.rows).toEqual([
      { email: 'after@example.com', email_verified: false },
      { email: 'before@example.com', email_verified: true },
    ]);
  });
});
