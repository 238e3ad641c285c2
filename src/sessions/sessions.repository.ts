import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditType, ClientInfo } from '../audit/audit.types.js';
import { AUDIT_COLUMNS } from '../audit/audit.repository.js';
import { preparedQuery } from '../database/prepared.js';
import { cursorAt } from '../database/sql.js';
import { webhookOutboxInsert } from '../webhooks/webhooks.repository.js';
import type { GenerationKey } from './refresh-token.format.js';

export interface NewFamily {
  familyId: string;
  userId: string;
  /** The password hash the login was verified against: the family is created only if it is still the user's. */
  verifiedPasswordHash: string | null;
  deviceId: string;
  deviceName: string | null;
  generationId: string;
  tokenHash: Buffer;
  idleTtl: number;
  maxLifetime: number;
  /** Thumbprint of the DPoP key the family is bound to, or null for a bearer family. */
  jkt: string | null;
  /** The browser origin a cookie-mode family was started from, or null. */
  origin: string | null;
  /** RFC 8176 methods of the login, kept for every access token of the family. */
  amr: string[];
  /** Unix seconds of the login: the family's auth_time until a step-up renews it. */
  authTime: number;
}

export interface NewGeneration {
  id: string;
  tokenHash: Buffer;
  /** The token sealed for the grace window, or null when the grace is off. */
  graceToken: Buffer | null;
  idleTtl: number;
}

/**
 * The refresh's one statement (rotateGeneration). Every row it touches is named by its primary
 * key from the parameters ($10, $1), never by a join alone: the plan PostgreSQL caches for a
 * prepared statement must not depend on the table's statistics. Written as `t.id = g.id`, a
 * database never analyzed (a new deployment, until autovacuum's first ANALYZE) planned the
 * UPDATE as a bitmap scan over every live generation, and each refresh cost more than the last.
 */
export const ROTATE_STATEMENT = {
  name: 'sessions.rotate',
  text: `WITH g AS (
     SELECT t.id, t.family_id, t.token_hash, t.rotated_at, t.expires_at AS idle_expires_at,
            f.expires_at AS family_expires_at, f.user_id, f.device_id, f.jkt, f.origin, f.amr, f.auth_time, u.disabled, u.roles,
            u.claims, u.tokens_not_before
       FROM refresh_tokens t
       JOIN session_families f ON f.id = t.family_id
       JOIN users u ON u.id = f.user_id
      WHERE t.family_id = $10 AND t.id = $1
        FOR UPDATE OF f
   ), parent AS (
     UPDATE refresh_tokens t SET rotated_at = now(), grace_token = NULL
       FROM g
      WHERE t.family_id = $10 AND t.id = $1 AND t.rotated_at IS NULL AND g.token_hash = $2 AND NOT g.disabled
        AND g.idle_expires_at > now() AND g.family_expires_at > now()
        AND ($3::text IS NULL OR g.device_id = $3)
        AND (g.jkt IS NULL OR g.jkt = $11::text)
        AND ($12::text IS NULL OR g.origin IS NULL OR g.origin = $12::text)
     RETURNING t.id, t.family_id
   ), child AS (
     INSERT INTO refresh_tokens (id, family_id, parent_id, token_hash, expires_at, grace_token)
     SELECT $4, p.family_id, p.id, $5, LEAST(now() + make_interval(secs => $6), g.family_expires_at), $7
       FROM parent p CROSS JOIN g
     RETURNING id, expires_at
   ), audit AS (
     INSERT INTO audit_events (${AUDIT_COLUMNS})
     SELECT '${AuditType.TokenRefreshed}', g.user_id, g.family_id, $8, $9, jsonb_build_object('generation', c.id, 'parent', g.id)
       FROM g CROSS JOIN child c
   )
   SELECT g.family_id AS "familyId", g.token_hash AS "tokenHash", g.user_id AS "userId",
          g.device_id AS "deviceId", g.roles, g.claims, g.tokens_not_before AS "notBefore", g.jkt,
          g.amr, extract(epoch FROM g.auth_time)::float8 AS "authTime", c.id AS "childId", c.expires_at AS "childExpiresAt"
     FROM g LEFT JOIN child c ON true`,
};

/** A presented generation with what a refresh needs of its family and user. */
interface PresentedGeneration {
  id: string;
  familyId: string;
  tokenHash: Buffer;
  rotatedAt: Date | null;
  idleExpiresAt: Date;
  familyExpiresAt: Date;
  userId: string;
  deviceId: string;
  disabled: boolean;
  roles: string[];
  claims: Record<string, unknown>;
  /** The user's tokens_not_before: access tokens issued before it are outdated. */
  notBefore: Date | null;
  /** The DPoP key thumbprint the family is bound to, or null. */
  jkt: string | null;
  /** The browser origin a cookie-mode family was started from, or null. */
  origin: string | null;
  /** How the family signed in (null for families older than second factors). */
  amr: string[] | null;
  /** Unix seconds of that sign-in or the last step-up. */
  authTime: number | null;
}

/**
 * What the rotation statement returns: what a refresh answers with, of the presented
 * generation's family and user, and the child it inserted. Only these columns: every other one
 * would be parsed on every refresh and read by nobody (the slow path reads afresh).
 */
export interface RotationRow {
  familyId: string;
  tokenHash: Buffer;
  userId: string;
  deviceId: string;
  roles: string[];
  claims: Record<string, unknown>;
  notBefore: Date | null;
  jkt: string | null;
  amr: string[] | null;
  authTime: number | null;
  /** Set when this statement rotated the generation. */
  childId: string | null;
  childExpiresAt: Date | null;
}

/** The presented generation and its child, as committed now. */
export interface GenerationState extends PresentedGeneration {
  createdAt: Date;
  /** Set when this generation was handed out by a retry of its parent after the grace. */
  retriedLateAt: Date | null;
  generations: number;
  child: { id: string; rotatedAt: Date | null; expiresAt: Date; expired: boolean; graceToken: Buffer | null } | null;
  secondsSinceRotation: number | null;
  idleExpired: boolean;
  familyExpired: boolean;
}

export interface FamilyDeletion {
  reason: string;
  auditType: AuditType;
  client: ClientInfo;
  /** Seconds an access token of the family may still be valid: what guards must cover. */
  accessTokenTtl: number;
  detail?: Record<string, unknown>;
}

/** Who an access token's session stands for now. */
export interface SessionOwner {
  userId: string;
  roles: string[];
  claims: Record<string, unknown>;
  notBefore: Date | null;
}

/** A family as the session endpoints show it. */
export interface SessionRow {
  id: string;
  userId: string;
  deviceId: string;
  deviceName: string | null;
  userAgent: string | null;
  ip: string | null;
  createdAt: Date;
  lastUsedAt: Date;
  /** The earlier of the newest generation's idle expiry and the family's absolute expiry. */
  expiresAt: Date;
  /** created_at to the microsecond (a JS Date keeps milliseconds, too coarse for a cursor). */
  cursorAt: string;
}

export interface GenerationRow {
  id: string;
  parentId: string | null;
  createdAt: Date;
  rotatedAt: Date | null;
  expiresAt: Date;
}

/**
 * Families with their effective expiry. The newest generation is the one not yet rotated;
 * the lateral lookup walks refresh_tokens_family_idx backwards and stops at the first row.
 * A family was last used when its newest generation was made (its login or its last
 * rotation): a refresh does not write the family row for it (session_families.last_used_at
 * keeps the login time, the fallback should a family have no unrotated generation).
 */
const SESSION_ROWS = `
  SELECT f.id, f.user_id AS "userId", f.device_id AS "deviceId", f.device_name AS "deviceName",
         f.user_agent AS "userAgent", f.ip, f.created_at AS "createdAt",
         coalesce(newest.created_at, f.last_used_at) AS "lastUsedAt", LEAST(f.expires_at, newest.expires_at) AS "expiresAt",
         ${cursorAt('f.created_at')}
    FROM session_families f
    LEFT JOIN LATERAL (
      SELECT t.expires_at, t.created_at FROM refresh_tokens t
       WHERE t.family_id = f.id AND t.rotated_at IS NULL
       ORDER BY t.created_at DESC LIMIT 1
    ) newest ON true`;

/**
 * All SQL of session families and their generations. The refresh path is built so that the
 * common case is one statement (one round trip) and every invariant holds under concurrency:
 * each statement locks the family row first, then its generations, so refreshes of a family
 * are serialised and never deadlock with a family deletion, which takes the same order.
 */
@Injectable()
export class SessionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Creates a family with its first generation and records the login, in one statement. */
  async createFamily(family: NewFamily, client: ClientInfo, detail: Record<string, unknown>): Promise<{ expiresAt: Date } | undefined> {
    // The user row is share-locked and must still be enabled with the password the login
    // verified: a password change or a disable that commits during the login's argon2 either
    // waits for this statement (and then deletes the new family with the others) or wins, and
    // then no family is created. Undefined when the user changed under the login.
    const [row] = await preparedQuery<{ expiresAt: Date }>(
      this.dataSource,
      'sessions.createFamily',
      `WITH u AS (
         SELECT id FROM users WHERE id = $2 AND NOT disabled AND password_hash IS NOT DISTINCT FROM $13::text FOR SHARE
       ), f AS (
         INSERT INTO session_families (id, user_id, device_id, device_name, user_agent, ip, expires_at, jkt, origin, amr, auth_time)
         SELECT $1, u.id, $3, $4, $5, $6, now() + make_interval(secs => $7), $14, $15, $16, to_timestamp($17) FROM u
         RETURNING id, user_id, expires_at
       ), g AS (
         INSERT INTO refresh_tokens (id, family_id, token_hash, expires_at)
         SELECT $8, f.id, $9, LEAST(now() + make_interval(secs => $10), f.expires_at) FROM f
         RETURNING expires_at
       ), a AS (
         INSERT INTO audit_events (${AUDIT_COLUMNS})
         SELECT $11, f.user_id, f.id, $6, $5, $12 FROM f
       )
       SELECT g.expires_at AS "expiresAt" FROM g`,
      [
        family.familyId,
        family.userId,
        family.deviceId,
        family.deviceName,
        client.userAgent,
        client.ip,
        family.maxLifetime,
        family.generationId,
        family.tokenHash,
        family.idleTtl,
        AuditType.LoginSucceeded,
        detail,
        family.verifiedPasswordHash,
        family.jkt,
        family.origin,
        family.amr,
        family.authTime,
      ],
    );
    return row;
  }

  /**
   * The whole happy path of a refresh in one statement: lock the family, check the presented
   * generation (hash, not rotated, idle and absolute expiry, user enabled, device), mark it
   * rotated (a compare-and-swap on rotated_at IS NULL), insert its child and write the audit
   * event (the console rebuilds an ended family's lineage from these). Nothing else: the family
   * row is locked, not rewritten (its last use is its newest generation's created_at). When any check fails nothing is written and `childId` is null;
   * the caller then decides (grace, reuse, expiry, DPoP key) from `findPresented`. `jkt` is the
   * key of the request's DPoP proof: a family bound to a key rotates only with a proof of it.
   * `origin` is a cookie-mode request's Origin: a family started from another origin does not rotate.
   */
  async rotateGeneration(
    presented: GenerationKey,
    tokenHash: Buffer,
    deviceId: string | null,
    child: NewGeneration,
    client: ClientInfo,
    jkt: string | null = null,
    origin: string | null = null,
  ): Promise<RotationRow | undefined> {
    const [row] = await preparedQuery<RotationRow>(this.dataSource, ROTATE_STATEMENT.name, ROTATE_STATEMENT.text, [
      presented.id,
      tokenHash,
      deviceId,
      child.id,
      child.tokenHash,
      child.idleTtl,
      child.graceToken,
      client.ip,
      client.userAgent,
      presented.familyId,
      jkt,
      origin,
    ]);
    return row;
  }

  /**
   * For the slow path, after `rotateGeneration` changed nothing: the generation, its child and the
   * family size as committed now. No lock is needed: `rotateGeneration` waited for the family lock, so
   * any rotation that beat it has committed and this new snapshot sees its child; and what is
   * decided from here is either read-only (the grace answer) or one atomic deletion.
   */
  async findPresented(presented: GenerationKey): Promise<GenerationState | undefined> {
    const [row] = await preparedQuery<Record<string, any>>(
      this.dataSource,
      'sessions.inspect',
      `SELECT t.id, t.family_id AS "familyId", t.token_hash AS "tokenHash", t.created_at AS "createdAt",
              t.rotated_at AS "rotatedAt", t.retried_late_at AS "retriedLateAt",
              t.expires_at AS "idleExpiresAt", f.expires_at AS "familyExpiresAt",
              f.user_id AS "userId", f.device_id AS "deviceId", f.jkt, f.origin, u.disabled, u.roles,
              u.claims, u.tokens_not_before AS "notBefore",
              f.amr, extract(epoch FROM f.auth_time)::float8 AS "authTime",
              (SELECT count(*)::int FROM refresh_tokens x WHERE x.family_id = $2) AS generations,
              extract(epoch FROM now() - t.rotated_at)::float8 AS "secondsSinceRotation",
              (t.expires_at <= now()) AS "idleExpired", (f.expires_at <= now()) AS "familyExpired",
              c.id AS "childId", c.rotated_at AS "childRotatedAt", c.expires_at AS "childExpiresAt",
              c.grace_token AS "childGraceToken", (c.expires_at <= now()) AS "childExpired"
         FROM refresh_tokens t
         JOIN session_families f ON f.id = t.family_id
         JOIN users u ON u.id = f.user_id
         LEFT JOIN refresh_tokens c ON c.family_id = $2 AND c.parent_id = $1
        WHERE t.family_id = $2 AND t.id = $1`,
      [presented.id, presented.familyId],
    );
    if (!row) return undefined;
    const { childId, childRotatedAt, childExpiresAt, childGraceToken, childExpired, ...rest } = row;
    return {
      ...(rest as Omit<GenerationState, 'child'>),
      child: childId
        ? { id: childId, rotatedAt: childRotatedAt, expiresAt: childExpiresAt, expired: childExpired, graceToken: childGraceToken }
        : null,
    };
  }

  /**
   * A step-up: the family's newest generation is rotated to `child` (as a refresh would) and the
   * family's amr and auth_time are renewed, in one statement under the family lock. Undefined
   * when the family no longer exists, belongs to someone else, or has no live generation.
   */
  async stepUp(
    familyId: string,
    userId: string,
    child: NewGeneration,
    amr: string[],
    authTime: number,
    client: ClientInfo,
  ): Promise<
    | { deviceId: string; jkt: string | null; roles: string[]; claims: Record<string, unknown>; notBefore: Date | null; expiresAt: Date }
    | undefined
  > {
    const [row] = await this.dataSource.query(
      `WITH f AS (
         SELECT f.id, f.device_id, f.jkt, f.expires_at, u.roles, u.claims, u.tokens_not_before FROM session_families f JOIN users u ON u.id = f.user_id
          WHERE f.id = $1 AND f.user_id = $2 AND NOT u.disabled FOR UPDATE OF f
       ), parent AS (
         UPDATE refresh_tokens t SET rotated_at = now(), grace_token = NULL FROM f
          WHERE t.family_id = $1 AND t.family_id = f.id AND t.rotated_at IS NULL AND t.expires_at > now()
         RETURNING t.id, t.family_id
       ), child AS (
         INSERT INTO refresh_tokens (id, family_id, parent_id, token_hash, expires_at, grace_token)
         SELECT $3, p.family_id, p.id, $4, LEAST(now() + make_interval(secs => $5), f.expires_at), $6 FROM parent p CROSS JOIN f
         RETURNING id, expires_at
       ), touch AS (
         UPDATE session_families s SET amr = $7, auth_time = to_timestamp($8), last_used_at = now() FROM child c WHERE s.id = $1
       ), audit AS (
         INSERT INTO audit_events (${AUDIT_COLUMNS})
         SELECT $9, $2, $1, $10, $11, jsonb_build_object('generation', c.id, 'parent', p.id, 'amr', $7::text[]) FROM child c CROSS JOIN parent p
       )
       SELECT f.device_id AS "deviceId", f.jkt, f.roles, f.claims, f.tokens_not_before AS "notBefore", c.expires_at AS "expiresAt" FROM f JOIN child c ON true`,
      [
        familyId,
        userId,
        child.id,
        child.tokenHash,
        child.idleTtl,
        child.graceToken,
        amr,
        authTime,
        AuditType.StepUp,
        client.ip,
        client.userAgent,
      ],
    );
    return row;
  }

  /**
   * Marks a child handed out again by a late retry of its parent, if it is still unrotated and
   * unexpired (family row locked first, like every writer). False when a concurrent refresh
   * rotated it meanwhile: the caller decides again.
   */
  async markRetriedLate(familyId: string, childId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `WITH f AS (
         SELECT id FROM session_families WHERE id = $1 FOR UPDATE
       ), marked AS (
         UPDATE refresh_tokens t SET retried_late_at = coalesce(t.retried_late_at, now())
           FROM f
          WHERE t.family_id = $1 AND t.id = $2 AND f.id IS NOT NULL AND t.rotated_at IS NULL AND t.expires_at > now()
         RETURNING t.id
       ) SELECT id FROM marked`,
      [familyId, childId],
    );
    return rows.length > 0;
  }

  /**
   * Deletes families (their generations go with them: the session_families_delete_generations
   * trigger, see the LeanRefreshAndBatchKills migration), publishes them on the revocation feed
   * (a trigger on revoked_sessions announces them at commit, see the NotifyRevocations
   * migration) and records the ending, in one statement. `where` picks the families: by id
   * (keyed by the family, as on the refresh path and logout: one audit event per family), or
   * all of a user's (but one): then one audit event for the whole batch, its families listed
   * in session_ids (and in session_id when it is one), which GET /admin/audit?sessionId= finds.
   * The same statement writes one webhook message per subscribed endpoint (session.revoked, or
   * session.reuse_detected for a reuse): one for the whole batch. Returns the ids deleted.
   */
  async deleteFamilies(
    where: { ids?: string[]; userId?: string; exceptId?: string },
    deletion: FamilyDeletion,
    tx?: EntityManager,
  ): Promise<string[]> {
    if (!where.ids && !where.userId) throw new Error('deleteFamilies needs ids or a user id');
    // two statements rather than one with `$1 IS NULL OR ...`: a distributed database can route
    // the first to the family's shard only when the family id is a plain condition
    // ($1 is still named in the second so that PostgreSQL knows every parameter's type)
    const pick = where.ids
      ? 'id = ANY($1::uuid[]) AND ($2::uuid IS NULL OR user_id = $2) AND ($3::uuid IS NULL OR id <> $3)'
      : '$1::uuid[] IS NULL AND user_id = $2 AND ($3::uuid IS NULL OR id <> $3)';
    const audit = where.ids
      ? `INSERT INTO audit_events (${AUDIT_COLUMNS})
         SELECT $6, user_id, id, $7, $8, $9::jsonb || jsonb_build_object('reason', $5::text) FROM f`
      : `INSERT INTO audit_events (${AUDIT_COLUMNS}, session_ids)
         SELECT $6, $2, CASE WHEN cardinality(ids) = 1 THEN ids[1] END, $7, $8, $9::jsonb || jsonb_build_object('reason', $5::text), ids
           FROM (SELECT array_agg(id ORDER BY id) AS ids FROM f) batch WHERE ids IS NOT NULL`;
    const rows: { id: string }[] = await (tx ?? this.dataSource.manager).query(
      `WITH f AS (
         DELETE FROM session_families WHERE ${pick}
         RETURNING id, user_id
       ), r AS (
         INSERT INTO revoked_sessions (session_id, user_id, valid_until, reason)
         SELECT id, user_id, now() + make_interval(secs => $4), $5 FROM f
         ON CONFLICT (session_id) DO NOTHING
       ), a AS (
         ${audit}
       ), batch AS (
         -- one webhook message per statement (and endpoint), however many families it ended, so
         -- a mass kill stays one insert; userId when they were one user's, as they nearly always are
         SELECT CASE WHEN count(DISTINCT user_id) = 1 THEN min(user_id::text)::uuid END AS user_id,
                jsonb_build_object('type', $10::text, 'timestamp', $11::text, 'data',
                  jsonb_strip_nulls(jsonb_build_object(
                    'userId', CASE WHEN count(DISTINCT user_id) = 1 THEN min(user_id::text) END,
                    'userIds', CASE WHEN count(DISTINCT user_id) > 1 THEN jsonb_agg(DISTINCT user_id) END,
                    'sessionIds', jsonb_agg(id), 'reason', $5::text))) AS payload
           FROM f
          -- nothing to build when no endpoint listens (the usual case: no webhook at all)
          WHERE EXISTS (SELECT 1 FROM webhook_endpoints e WHERE $10::text = ANY (e.events))
         HAVING count(*) > 0
       ), w AS (
         ${webhookOutboxInsert('$10::text', 'batch')}
       )
       SELECT id FROM f`,
      [
        where.ids ?? null,
        where.userId ?? null,
        where.exceptId ?? null,
        deletion.accessTokenTtl,
        deletion.reason,
        deletion.auditType,
        deletion.client.ip,
        deletion.client.userAgent,
        deletion.detail ?? {},
        deletion.auditType === AuditType.RefreshReuseDetected ? 'session.reuse_detected' : 'session.revoked',
        new Date().toISOString(),
      ],
    );
    return rows.map((r) => r.id);
  }

  /** Takes back every device token the user holds (they are stateless: see the DeviceTokensRevokedAt migration). */
  async revokeDeviceTokens(userId: string): Promise<void> {
    await this.dataSource.query(`UPDATE users SET devices_revoked_at = now() WHERE id = $1`, [userId]);
  }

  /**
   * The user id, live roles and claims behind an access token's session, if the family still
   * exists, and the user's tokens_not_before (tokens issued before it are outdated).
   */
  async findSessionOwner(familyId: string): Promise<SessionOwner | undefined> {
    const [row] = await preparedQuery<SessionOwner>(
      this.dataSource,
      'sessions.owner',
      // a disabled user's families are deleted, but a login racing the disable could leave
      // one behind: refuse it here too
      `SELECT f.user_id AS "userId", u.roles, u.claims, u.tokens_not_before AS "notBefore" FROM session_families f JOIN users u ON u.id = f.user_id WHERE f.id = $1 AND NOT u.disabled`,
      [familyId],
    );
    return row;
  }

  /**
   * Live families (expiry not passed), newest first (created_at DESC, id DESC), optionally of
   * one user, after the (cursorAt, id) of the previous page's last row.
   */
  listSessions(filter: { userId?: string }, limit: number, before?: { at: string; id: string }): Promise<SessionRow[]> {
    return this.dataSource.query(
      `SELECT * FROM (${SESSION_ROWS}
        WHERE ($1::uuid IS NULL OR f.user_id = $1)
          AND ($2::timestamptz IS NULL OR (f.created_at, f.id) < ($2::timestamptz, $3::uuid))
       ) s
       WHERE s."expiresAt" > now()
       ORDER BY s."createdAt" DESC, s.id DESC
       LIMIT $4`,
      [filter.userId ?? null, before?.at ?? null, before?.id ?? null, limit],
    );
  }

  /**
   * How many families are live now, from refresh_tokens_newest_expires_idx alone: each family has one
   * generation not yet rotated, whose expires_at is already the earlier of its idle and
   * absolute expiry, the same test as the lists' "expiresAt > now()".
   */
  async countLive(): Promise<number> {
    const [{ count }] = await this.dataSource.query(
      `SELECT count(*)::int AS count FROM refresh_tokens WHERE rotated_at IS NULL AND expires_at > now()`,
    );
    return count;
  }

  /** One family, expired or not; undefined when it no longer exists. */
  async findSession(familyId: string): Promise<SessionRow | undefined> {
    const [row] = await this.dataSource.query(`${SESSION_ROWS} WHERE f.id = $1`, [familyId]);
    return row;
  }

  /** The newest `limit` generations of a family, returned oldest first, and how many it holds. */
  async findLineage(familyId: string, limit: number): Promise<{ generations: GenerationRow[]; total: number }> {
    const rows: (GenerationRow & { total: number })[] = await this.dataSource.query(
      `SELECT * FROM (
         SELECT id, parent_id AS "parentId", created_at AS "createdAt", rotated_at AS "rotatedAt",
                expires_at AS "expiresAt", count(*) OVER ()::int AS total
           FROM refresh_tokens WHERE family_id = $1
          ORDER BY created_at DESC, id DESC LIMIT $2
       ) newest ORDER BY "createdAt", id`,
      [familyId, limit],
    );
    return { generations: rows.map(({ total: _, ...generation }) => generation), total: rows[0]?.total ?? 0 };
  }
}
