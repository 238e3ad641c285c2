/** Keys a user's claims may not use: registered JWT claims and the ones access tokens already carry. */
export const RESERVED_CLAIMS = [
  'iss',
  'sub',
  'aud',
  'exp',
  'nbf',
  'iat',
  'jti',
  'sid',
  'roles',
  'amr',
  'auth_time',
  'cnf',
  'claims',
] as const;

/** The largest claims object, as compact JSON in UTF-8 bytes. */
export const MAX_CLAIMS_BYTES = 1024;

/** Why `claims` cannot be a user's claims, or undefined when it can. */
export function claimsProblem(claims: unknown): string | undefined {
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) return 'claims must be a JSON object';
  const reserved = Object.keys(claims).filter((key) => (RESERVED_CLAIMS as readonly string[]).includes(key));
  if (reserved.length > 0) return `claims must not use the reserved keys ${reserved.join(', ')}`;
  if (Buffer.byteLength(JSON.stringify(claims), 'utf8') > MAX_CLAIMS_BYTES)
    return `claims must be at most ${MAX_CLAIMS_BYTES} bytes of JSON`;
  return undefined;
}

/** Why `roles` cannot be a user's roles given the roles this service knows, or undefined. */
export function rolesProblem(roles: string[], known: string[]): string | undefined {
  const unknown = roles.filter((role) => !known.includes(role));
  return unknown.length > 0 ? `each role must be one of ${known.join(', ')} (unknown: ${unknown.join(', ')})` : undefined;
}
