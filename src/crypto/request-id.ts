import { randomUUID } from 'node:crypto';

/** A caller's request id we echo: 1 to 128 characters of [A-Za-z0-9._-] (docs/api.md "Operating it"). */
const ACCEPTABLE = /^[A-Za-z0-9._-]{1,128}$/;

/** The caller's `X-Request-Id` when acceptable, else a new random one. */
export function requestIdFor(header: string | string[] | undefined): string {
  return typeof header === 'string' && ACCEPTABLE.test(header) ? header : randomUUID();
}
