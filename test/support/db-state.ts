import type pg from 'pg';

/**
 * What the specs read from and arrange in the database behind the service, named for what a test
 * wants to know or to make true. Each takes the connection the spec already has: `TestApp.db`,
 * or a client of its own on the same database.
 *
 * The rows come back as PostgreSQL has them (snake_case columns, Date timestamps, Buffer bytea);
 * a test that wants some columns of a row asserts them with `expect.objectContaining`, which
 * compares each named column exactly.
 */
export type Db = Pick<pg.Client, 'query'>;

/** A JSON object the service wrote (an audit event's detail, a webhook payload), for the test to read any field of. */
// biome-ignore lint/suspicious/noExplicitAny: a test reads whatever fields the service wrote and asserts them
type Json = Record<string, any>;

// ---------------------------------------------------------------------------------------------
// users

export interface UserRow {
  id: string;
  email: string;
  email_canonical: string | null;
  email_verified: boolean;
  name: string | null;
  password_hash: string | null;
  password_changed_at: Date;
  roles: string[];
  claims: Json;
  disabled: boolean;
  tokens_not_before: Date | null;
  devices_revoked_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** The users row of `userId`; fails when there is none. */
export async function userRow(db: Db, userId: string): Promise<UserRow> {
  const [row] = (await db.query<UserRow>('SELECT * FROM users WHERE id = $1', [userId])).rows;
  if (!row) throw new Error(`no users row ${userId}`);
  return row;
}

/** Whether the user has a row (never had, or deleted: not). */
export async function userExists(db: Db, userId: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM users WHERE id = $1', [userId])).rowCount === 1;
}

/** The users row whose email is exactly `email` (as stored, not canonicalised); fails when there is none. */
export async function userByEmail(db: Db, email: string): Promise<UserRow> {
  const [row] = (await db.query<UserRow>('SELECT * FROM users WHERE email = $1', [email])).rows;
  if (!row) throw new Error(`no users row with email ${email}`);
  return row;
}

/** How many accounts have exactly this email (as stored). */
export async function usersWithEmail(db: Db, email: string): Promise<number> {
  return (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM users WHERE email = $1', [email])).rows[0].n;
}

/** Whether the user's email is verified. */
export async function emailVerified(db: Db, userId: string): Promise<boolean> {
  return (await userRow(db, userId)).email_verified;
}

/** Marks the email verified (or not), as following the mailed link (or an admin) would. */
export async function setEmailVerified(db: Db, userId: string, verified = true): Promise<void> {
  await db.query('UPDATE users SET email_verified = $2 WHERE id = $1', [userId, verified]);
}

/** Disables the account in the database alone: unlike the admin route, it ends none of its families. */
export async function disableUser(db: Db, userId: string): Promise<void> {
  await db.query('UPDATE users SET disabled = true WHERE id = $1', [userId]);
}

/** Gives the user the roles user and admin (tokens issued before carry the old roles). */
export async function makeAdmin(db: Db, userId: string): Promise<void> {
  await db.query(`UPDATE users SET roles = '{user,admin}' WHERE id = $1`, [userId]);
}

/**
 * Writes a users row directly, without the service (no canonical email, no audit event, no
 * usable password), as an older version or an import would have left it; `createdSecondsAgo`
 * back-dates it. Returns its id.
 */
export async function insertUser(db: Db, email: string, createdSecondsAgo = 0): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO users (email, password_hash, created_at) VALUES ($1, 'x', now() - make_interval(secs => $2)) RETURNING id`,
    [email, createdSecondsAgo],
  );
  return rows[0].id;
}

/** Deletes the users row as an operator would, outside the service: the cascades do the rest. */
export async function deleteUser(db: Db, userId: string): Promise<void> {
  await db.query('DELETE FROM users WHERE id = $1', [userId]);
}

// ---------------------------------------------------------------------------------------------
// session families

export interface FamilyRow {
  id: string;
  user_id: string;
  device_id: string;
  device_name: string | null;
  user_agent: string | null;
  ip: string | null;
  jkt: string | null;
  origin: string | null;
  amr: string[] | null;
  auth_time: Date | null;
  created_at: Date;
  last_used_at: Date;
  expires_at: Date;
}

/** The session_families row of a family (a session id), or undefined once it has ended. */
export async function familyRow(db: Db, familyId: string): Promise<FamilyRow | undefined> {
  return (await db.query<FamilyRow>('SELECT * FROM session_families WHERE id = $1', [familyId])).rows[0];
}

/** Whether the family still has its row. */
export async function familyExists(db: Db, familyId: string): Promise<boolean> {
  return (await familyRow(db, familyId)) !== undefined;
}

/** The user's families, oldest first. */
export async function familiesOf(db: Db, userId: string): Promise<FamilyRow[]> {
  return (await db.query<FamilyRow>('SELECT * FROM session_families WHERE user_id = $1 ORDER BY created_at, id', [userId])).rows;
}

/** How many families the user has. */
export async function familyCount(db: Db, userId: string): Promise<number> {
  return (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM session_families WHERE user_id = $1', [userId])).rows[0].n;
}

/** How many families there are, of every user. */
export async function totalFamilyCount(db: Db): Promise<number> {
  return (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM session_families')).rows[0].n;
}

/** How many rows a family holds: its own (0 or 1) and its generations'. */
export async function familyRowCounts(db: Db, familyId: string): Promise<{ families: number; generations: number }> {
  const { rows } = await db.query<{ families: number; generations: number }>(
    `SELECT (SELECT count(*)::int FROM session_families WHERE id = $1) AS families,
            (SELECT count(*)::int FROM refresh_tokens WHERE family_id = $1) AS generations`,
    [familyId],
  );
  return rows[0];
}

/** Moves the family's absolute expiry `secondsAgo` into the past. */
export async function expireFamily(db: Db, familyId: string, secondsAgo = 1): Promise<void> {
  await db.query('UPDATE session_families SET expires_at = now() - make_interval(secs => $2) WHERE id = $1', [familyId, secondsAgo]);
}

/** Sets when the family's user last proved who they are (auth_time) to `secondsAgo` ago: one family, or every family of a user. */
export async function backdateAuthTime(db: Db, of: { familyId: string } | { userId: string }, secondsAgo: number): Promise<void> {
  const [column, id] = 'familyId' in of ? ['id', of.familyId] : ['user_id', of.userId];
  await db.query(`UPDATE session_families SET auth_time = now() - make_interval(secs => $2) WHERE ${column} = $1`, [id, secondsAgo]);
}

/** Deletes the family row as an operator would, outside the service. */
export async function deleteFamily(db: Db, familyId: string): Promise<void> {
  await db.query('DELETE FROM session_families WHERE id = $1', [familyId]);
}

// ---------------------------------------------------------------------------------------------
// refresh-token generations

export interface GenerationRow {
  id: string;
  family_id: string;
  parent_id: string | null;
  token_hash: Buffer;
  grace_token: Buffer | null;
  created_at: Date;
  rotated_at: Date | null;
  expires_at: Date;
  retried_late_at: Date | null;
}

/** The generations (refresh_tokens rows) of a family, oldest first. */
export async function generationsOf(db: Db, familyId: string): Promise<GenerationRow[]> {
  return (await db.query<GenerationRow>('SELECT * FROM refresh_tokens WHERE family_id = $1 ORDER BY created_at', [familyId])).rows;
}

/** How many generations the family (or these families together) holds. */
export async function generationCount(db: Db, familyIds: string | string[]): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM refresh_tokens WHERE family_id = ANY($1::uuid[])', [
    [familyIds].flat(),
  ]);
  return rows[0].n;
}

/** Moves one generation's expiry `secondsAgo` into the past. */
export async function expireGeneration(db: Db, generationId: string, secondsAgo = 1): Promise<void> {
  await db.query('UPDATE refresh_tokens SET expires_at = now() - make_interval(secs => $2) WHERE id = $1', [generationId, secondsAgo]);
}

/** Moves the expiry of every generation of the family `secondsAgo` into the past: the family has been idle too long. */
export async function expireGenerationsOf(db: Db, familyId: string, secondsAgo = 1): Promise<void> {
  await db.query('UPDATE refresh_tokens SET expires_at = now() - make_interval(secs => $2) WHERE family_id = $1', [familyId, secondsAgo]);
}

// ---------------------------------------------------------------------------------------------
// audit events

export interface AuditRow {
  id: string;
  at: Date;
  type: string;
  user_id: string | null;
  session_id: string | null;
  session_ids: string[] | null;
  ip: string | null;
  user_agent: string | null;
  detail: Json;
}

/**
 * Which audit events: each given field narrows (type: one of these types; detail: the detail
 * holds these fields with these values). A field given as undefined or null is an error rather
 * than no condition, so an id the test failed to get never widens the search.
 */
export interface AuditFilter {
  type?: string | string[];
  userId?: string;
  sessionId?: string;
  detail?: Json;
}

function auditWhere(filter: AuditFilter): { where: string; values: unknown[] } {
  const conditions: string[] = [];
  const values: unknown[] = [];
  const condition = (sql: (parameter: string) => string, value: unknown) => {
    values.push(value);
    conditions.push(sql(`$${values.length}`));
  };
  for (const [field, value] of Object.entries(filter)) {
    if (value === undefined || value === null) throw new Error(`audit filter: ${field} is ${value}`);
  }
  if (filter.type !== undefined) condition((p) => `type = ANY(${p}::text[])`, [filter.type].flat());
  if (filter.userId !== undefined) condition((p) => `user_id = ${p}`, filter.userId);
  if (filter.sessionId !== undefined) condition((p) => `session_id = ${p}`, filter.sessionId);
  if (filter.detail !== undefined) condition((p) => `detail @> ${p}::jsonb`, JSON.stringify(filter.detail));
  return { where: conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '', values };
}

/** The audit events the filter names, in the order they were written. */
export async function auditEvents(db: Db, filter: AuditFilter = {}): Promise<AuditRow[]> {
  const { where, values } = auditWhere(filter);
  return (await db.query<AuditRow>(`SELECT * FROM audit_events ${where} ORDER BY at`, values)).rows;
}

/** The type and detail of each audit event the filter names, in the order they were written. */
export async function auditTrail(db: Db, filter: AuditFilter): Promise<{ type: string; detail: Json }[]> {
  return (await auditEvents(db, filter)).map(({ type, detail }) => ({ type, detail }));
}

/** The details of the audit events the filter names, in the order they were written. */
export async function auditDetails(db: Db, filter: AuditFilter): Promise<Json[]> {
  return (await auditEvents(db, filter)).map((event) => event.detail);
}

/** The types of the audit events the filter names, in the order they were written. */
export async function auditTypes(db: Db, filter: AuditFilter): Promise<string[]> {
  return (await auditEvents(db, filter)).map((event) => event.type);
}

/** How many audit events the filter names; with none, how many there are in all. */
export async function auditCount(db: Db, filter: AuditFilter = {}): Promise<number> {
  const { where, values } = auditWhere(filter);
  return (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_events ${where}`, values)).rows[0].n;
}

// ---------------------------------------------------------------------------------------------
// revocations (the feed of ended families that guards of other services read)

/** Why the family was revoked, or undefined when the feed does not list it. */
export async function revocationReason(db: Db, sessionId: string): Promise<string | undefined> {
  return (await db.query<{ reason: string }>('SELECT reason FROM revoked_sessions WHERE session_id = $1', [sessionId])).rows[0]?.reason;
}

/** Whether the revocation feed lists the family. */
export async function isRevoked(db: Db, sessionId: string): Promise<boolean> {
  return (await revocationReason(db, sessionId)) !== undefined;
}

/** Ends the revocation's validity (no access token of the family can be valid any more): cleanup may prune it. */
export async function lapseRevocation(db: Db, sessionId: string): Promise<void> {
  await db.query(`UPDATE revoked_sessions SET valid_until = now() - interval '1 second' WHERE session_id = $1`, [sessionId]);
}

// ---------------------------------------------------------------------------------------------
// everything else a few specs share

/** The hits counted in a rate-limit bucket, or undefined when there is no bucket for `key`. */
export async function bucketHits(db: Db, key: string): Promise<number | undefined> {
  return (await db.query<{ hits: number }>('SELECT hits FROM rate_limit_buckets WHERE key = $1', [key])).rows[0]?.hits;
}

export interface AccountTokenRow {
  user_id: string;
  purpose: 'password_reset' | 'email_verify' | 'email_change';
  token_hash: Buffer;
  new_email: string | null;
  session_id: string | null;
  created_at: Date;
  expires_at: Date;
}

/** The user's outstanding account tokens (reset, verification, email change links), of one purpose or all. */
export async function accountTokens(db: Db, userId: string, purpose?: AccountTokenRow['purpose']): Promise<AccountTokenRow[]> {
  const sql = 'SELECT * FROM account_tokens WHERE user_id = $1 AND ($2::text IS NULL OR purpose = $2)';
  return (await db.query<AccountTokenRow>(sql, [userId, purpose ?? null])).rows;
}

/** The users the provider's account (`subject` at `provider`) is linked to: none or one. */
export async function identityOwners(db: Db, provider: string, subject: string): Promise<string[]> {
  const { rows } = await db.query<{ user_id: string }>('SELECT user_id FROM identities WHERE provider = $1 AND subject = $2', [
    provider,
    subject,
  ]);
  return rows.map((row) => row.user_id);
}

/** Lets every OpenID Connect ticket of a kind (a flow's state, a code, a link token) expire. */
export async function expireOidcTickets(db: Db, kind: 'state' | 'code' | 'link'): Promise<void> {
  await db.query(`UPDATE oidc_tickets SET expires_at = now() - interval '1 second' WHERE kind = $1`, [kind]);
}

export interface WebhookMessageRow {
  id: string;
  endpoint_id: string;
  type: string;
  user_id: string | null;
  payload: Json;
  seq: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  next_attempt_at: Date;
  leased_until: Date | null;
  last_attempt_at: Date | null;
  response_status: number | null;
  last_error: string | null;
  created_at: Date;
}

/** The webhook messages written about a user (of one type, or all). */
export async function webhookMessagesAbout(db: Db, userId: string, type?: string): Promise<WebhookMessageRow[]> {
  const sql = 'SELECT * FROM webhook_messages WHERE user_id = $1 AND ($2::text IS NULL OR type = $2)';
  return (await db.query<WebhookMessageRow>(sql, [userId, type ?? null])).rows;
}
