import { Injectable } from '@nestjs/common';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { preparedQuery } from '../database/prepared.js';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions.js';

export interface RevokedSession {
  sid: string;
  /** The last moment an access token of the family could still be valid. */
  until: Date;
}

/** A user whose access tokens issued before `notBefore` are outdated (roles or claims changed). */
export interface OutdatedTokens {
  sub: string;
  notBefore: Date;
  /** The last moment an access token issued before `notBefore` could still be valid. */
  until: Date;
}

/** An entry of the feed. */
export type Revocation = RevokedSession | OutdatedTokens;

/** An entry as the feed and the stream write it. */
export function revocationJson(r: Revocation): Record<string, string> {
  return 'sid' in r
    ? { sid: r.sid, until: r.until.toISOString() }
    : { sub: r.sub, notBefore: r.notBefore.toISOString(), until: r.until.toISOString() };
}

/** The channel the revoked_sessions trigger notifies (migration NotifyRevocations). */
export const REVOCATIONS_CHANNEL = 'revoked_sessions';

export interface NotificationHandlers {
  /** A NOTIFY payload, as the trigger wrote it. */
  onNotification(payload: string): void;
  /** LISTEN is in place: after the first connection and after every reconnection. */
  onListening(reconnected: boolean): void;
  /** The listening connection failed; it is being re-established. */
  onLost(error: unknown): void;
}

/** A LISTENing connection that re-establishes itself until `close`. */
export interface Listening {
  close(): Promise<void>;
}

/** Reconnection delays of the listening connection: 100 ms doubling to 5 s. */
const RECONNECT_MIN_MS = 100;
const RECONNECT_MAX_MS = 5000;

/**
 * Reads and prunes revoked_sessions, which SessionsRepository.deleteFamilies writes in the same
 * statement as the deletion, and listens to the notification its trigger sends at commit.
 */
@Injectable()
export class RevocationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Families whose tokens may still be live, revoked after `since` (all of them without it),
   * and the database clock at the query, which is the next cursor. One row: the clock and the
   * list come from the same snapshot.
   */
  async findRevoked(since: Date | undefined): Promise<{ now: Date; revoked: Revocation[] }> {
    const [row] = await this.dataSource.query(
      `SELECT now() AS now,
              COALESCE((SELECT json_agg(e.entry ORDER BY e.at) FROM (
                SELECT json_build_object('sid', session_id, 'until', valid_until) AS entry, revoked_at AS at
                  FROM revoked_sessions WHERE valid_until > now() AND ($1::timestamptz IS NULL OR revoked_at > $1)
                UNION ALL
                SELECT json_build_object('sub', user_id, 'notBefore', not_before, 'until', valid_until), revoked_at
                  FROM outdated_tokens WHERE valid_until > now() AND ($1::timestamptz IS NULL OR revoked_at > $1)
              ) e), '[]') AS revoked`,
      [since ?? null],
    );
    return { now: row.now, revoked: (row.revoked as Record<string, string>[]).map(parseRevocation) };
  }

  /**
   * LISTENs on `channel` on a connection of its own (a pooled one would lose the LISTEN when
   * returned), and re-establishes it with backoff whenever it breaks, until closed.
   */
  listen(channel: string, handlers: NotificationHandlers): Listening {
    const url = (this.dataSource.options as PostgresDataSourceOptions).url;
    let client: pg.Client | undefined;
    let closed = false;
    let timer: NodeJS.Timeout | undefined;
    let delay = RECONNECT_MIN_MS;
    let connectedBefore = false;

    const retry = (error: unknown) => {
      client?.removeAllListeners();
      client?.on('error', () => undefined);
      void client?.end().catch(() => undefined);
      client = undefined;
      if (closed) return;
      handlers.onLost(error);
      timer = setTimeout(connect, delay).unref();
      delay = Math.min(delay * 2, RECONNECT_MAX_MS);
    };
    const connect = async () => {
      if (closed) return;
      const current = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000, keepAlive: true });
      client = current;
      current.on('error', retry);
      current.on('end', () => client === current && retry(new Error('connection ended')));
      current.on('notification', (message) => {
        if (message.channel === channel) handlers.onNotification(message.payload ?? '');
      });
      try {
        await current.connect();
        await current.query(`LISTEN ${current.escapeIdentifier(channel)}`);
      } catch (error) {
        if (client === current) retry(error);
        return;
      }
      delay = RECONNECT_MIN_MS;
      handlers.onListening(connectedBefore);
      connectedBefore = true;
    };
    void connect();
    return {
      close: async () => {
        closed = true;
        clearTimeout(timer);
        const current = client;
        client = undefined;
        current?.removeAllListeners();
        current?.on('error', () => undefined);
        await current?.end().catch(() => undefined);
      },
    };
  }

  /** Deletes up to `batch` outdated-token entries no access token can need any more (valid_until passed). */
  async deleteLapsedOutdated(batch: number): Promise<number> {
    const [{ n }] = await this.dataSource.query(
      `WITH gone AS (
         DELETE FROM outdated_tokens WHERE id IN (SELECT id FROM outdated_tokens WHERE valid_until < now() LIMIT $1)
         RETURNING 1
       ) SELECT count(*)::int AS n FROM gone`,
      [batch],
    );
    return n;
  }

  /** Deletes up to `batch` revocations no access token can need any more (valid_until passed). */
  async deleteLapsed(batch: number): Promise<number> {
    // prepared, like the other cleanup batches: planning would cost more than the statement
    const [{ n }] = await preparedQuery<{ n: number }>(
      this.dataSource,
      'revocations.delete_lapsed',
      `WITH gone AS (
         DELETE FROM revoked_sessions WHERE session_id IN (
           SELECT session_id FROM revoked_sessions WHERE valid_until < now() LIMIT $1)
         RETURNING 1
       ) SELECT count(*)::int AS n FROM gone`,
      [batch],
    );
    return n;
  }
}

/** An entry as JSON (the feed query, the NOTIFY payloads) to a Revocation. */
export function parseRevocation(e: Record<string, string>): Revocation {
  return e.sid !== undefined
    ? { sid: e.sid, until: new Date(e.until) }
    : { sub: e.sub, notBefore: new Date(e.notBefore), until: new Date(e.until) };
}
