import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** What a ticket is for: an authorization request (`state`), a mode=code sign-in code, a link token. */
export type TicketKind = 'state' | 'code' | 'link';

/**
 * The oidc_tickets table: short-lived, single-use server state of provider sign-ins, keyed by
 * the hash of a random value the browser or app holds, so any instance can finish a flow
 * another started. The payload arrives sealed (the service seals it under MASTER_KEY).
 */
@Injectable()
export class OidcTicketsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores a ticket living `ttlSeconds`; also drops a batch of expired ones (nobody can spend them). */
  async insert(kind: TicketKind, tokenHash: Buffer, payload: Buffer, ttlSeconds: number): Promise<void> {
    await this.dataSource.query(
      `WITH expired AS (
         DELETE FROM oidc_tickets WHERE token_hash IN (
           SELECT token_hash FROM oidc_tickets WHERE expires_at < now() ORDER BY expires_at LIMIT 100 FOR UPDATE SKIP LOCKED)
       )
       INSERT INTO oidc_tickets (token_hash, kind, payload, expires_at) VALUES ($1, $2, $3, now() + make_interval(secs => $4))`,
      [tokenHash, kind, payload, ttlSeconds],
    );
  }

  /**
   * Spends a ticket: deletes it and returns its sealed payload when it exists, is of `kind`
   * and has not expired. A DELETE, so of concurrent requests with one ticket only one gets it.
   */
  async take(kind: TicketKind, tokenHash: Buffer): Promise<Buffer | undefined> {
    // wrapped in a SELECT: TypeORM answers a bare DELETE with [rows, count]
    const [row] = await this.dataSource.query(
      `WITH spent AS (
         DELETE FROM oidc_tickets WHERE token_hash = $1 AND kind = $2 RETURNING payload, expires_at
       ) SELECT payload, expires_at > now() AS live FROM spent`,
      [tokenHash, kind],
    );
    return row?.live ? row.payload : undefined;
  }
}
