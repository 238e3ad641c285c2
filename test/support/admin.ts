import { randomBytes } from 'node:crypto';
import { UsersService } from '../../src/users/users.service.js';
import { userByEmail } from './db-state.js';
import type { TestUser } from './factories.js';
import { http, type TestApp } from './test-app.js';

/** An admin created the way ADMIN_EMAIL/ADMIN_PASSWORD create one at start. */
export async function newAdmin(t: TestApp): Promise<TestUser> {
  const email = `admin-${randomBytes(6).toString('hex')}@example.com`;
  const password = 'admin password 123';
  await t.app.get(UsersService).ensureAdmin(email, password);
  return { id: (await userByEmail(t.db, email)).id, email, password };
}

/** Follows nextCursor from `path` (which has a query string) to the end; returns every item. */
export async function allPages(base: string, token: string, path: string): Promise<{ items: any[]; pages: number }> {
  const items: any[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const response: any = await http(base, 'GET', cursor ? `${path}&cursor=${encodeURIComponent(cursor)}` : path, { token });
    if (response.status !== 200) throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
    items.push(...response.body.items);
    cursor = response.body.nextCursor;
    pages++;
  } while (cursor);
  return { items, pages };
}
