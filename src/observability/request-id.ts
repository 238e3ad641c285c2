import { randomUUID } from 'node:crypto';
import { REQUEST_ID_PATTERN } from '@auth-service/contract';

/** The caller's `X-Request-Id` when acceptable, else a new random one. */
export function requestIdFor(header: string | string[] | undefined): string {
  return typeof header === 'string' && REQUEST_ID_PATTERN.test(header) ? header : randomUUID();
}
