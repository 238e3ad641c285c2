import { DEFINITIVE_REFRESH_CODES } from '#contract';
import type { MfaMethod } from './types.js';

/** Answers after which the session is gone for good: the client ends it in every tab. */
export const DEFINITIVE_CODES: ReadonlySet<string> = new Set(DEFINITIVE_REFRESH_CODES);

/**
 * A failed call. `code` is the server's error code (docs/api.md), or `network_error` when no answer
 * came back; `transient` says the session is intact and the call may simply be retried.
 */
export class AuthClientError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status?: number,
    readonly transient = false,
  ) {
    super(message);
    this.name = 'AuthClientError';
  }
}

/** The error code of an answer (its JSON body's `code`), without consuming the response. */
export async function errorCodeOf(response: Response): Promise<{ code: string; message: string }> {
  try {
    const body = (await response.clone().json()) as { code?: unknown; message?: unknown };
    return {
      code: typeof body.code === 'string' ? body.code : `http_${response.status}`,
      message: typeof body.message === 'string' ? body.message : response.statusText,
    };
  } catch {
    return { code: `http_${response.status}`, message: response.statusText };
  }
}

/** A server-side hiccup worth retrying: 5xx, 429, 408. */
export function isTransientStatus(status: number): boolean {
  return status >= 500 || status === 429 || status === 408;
}

/**
 * The password (or passkey) was right and the account has a second factor: finish with
 * `verifyMfa({ mfaToken, code })` or `verifyMfa({ mfaToken, passkey: true })` within 5 minutes.
 * The device id of the login is kept through the second step.
 */
export class MfaRequiredError extends AuthClientError {
  constructor(
    readonly mfaToken: string,
    readonly methods: MfaMethod[],
    message: string,
  ) {
    super('mfa_required', message, 401, false);
    this.name = 'MfaRequiredError';
  }
}
