/**
 * A refresh token is `<family id>.<generation id>.<secret>`: the two ids find the row by its
 * primary key (family_id, id), the family id first so every statement of the refresh path is
 * keyed by the family (one shard when the tables are distributed by it: docs/scale-out.md), and
 * the 256-bit secret proves possession. The database keeps only SHA-256 of the whole string.
 */
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const FORMAT = new RegExp(`^(${UUID})\\.(${UUID})\\.([A-Za-z0-9_-]{43})$`);

/** Which generation a token names: its family and its own id. */
export interface GenerationKey {
  familyId: string;
  id: string;
}

export function formatRefreshToken(key: GenerationKey, secret: string): string {
  return `${key.familyId}.${key.id}.${secret}`;
}

/** The family and generation ids of a well-formed token, or undefined. */
export function parseRefreshToken(token: string): GenerationKey | undefined {
  const match = FORMAT.exec(token);
  return match ? { familyId: match[1], id: match[2] } : undefined;
}
