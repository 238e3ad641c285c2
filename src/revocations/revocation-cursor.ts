/**
 * The feed's cursor: opaque to guards, here the database time of the answer as base64url ISO.
 * Reading from a cursor goes back OVERLAP_SECONDS, because revoked_at is stamped when a row is
 * written and the transaction may commit (and become visible) a little later: a revocation
 * stamped just before one answer but committed just after it still comes with the next one.
 * Repeats are harmless to a guard.
 */
export const OVERLAP_SECONDS = 30;

export function encodeCursor(at: Date): string {
  return Buffer.from(at.toISOString()).toString('base64url');
}

/** The time to read from, or undefined when the cursor is not one of ours. */
export function decodeCursor(cursor: string): Date | undefined {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(cursor)) return undefined;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/.test(text)) return undefined;
  const at = new Date(text);
  return Number.isNaN(at.getTime()) ? undefined : new Date(at.getTime() - OVERLAP_SECONDS * 1000);
}
