/**
 * A refresh token is `<generation id>.<secret>`: the id finds the row by primary key, the
 * 256-bit secret proves possession. The database keeps only SHA-256 of the whole string.
 */
const FORMAT = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([A-Za-z0-9_-]{43})$/;

export function formatRefreshToken(generationId: string, secret: string): string {
  return `${generationId}.${secret}`;
}

/** The generation id of a well-formed token, or undefined. */
export function parseRefreshToken(token: string): string | undefined {
  return FORMAT.exec(token)?.[1];
}
