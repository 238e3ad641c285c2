import { AuthClientError, createAuthClient } from '@auth-service/client';
import { ApiError, type Fetcher } from './api';

/** What the console needs of a signed-in session. */
export interface ConsoleAuth {
  login(email: string, password: string): Promise<void>;
  /** Resumes a session after a reload (from the refresh cookie); false when there is none. */
  resume(): Promise<boolean>;
  logout(): Promise<void>;
  /** fetch with the access token; the API's own answer is returned, refusals included. */
  fetch: Fetcher;
  /** Called when the session ends for good (reuse, revoked, expired...), with the API's code. */
  onSessionEnd(listener: (reason: string) => void): () => void;
}

function toApiError(error: unknown): unknown {
  return error instanceof AuthClientError ? new ApiError(error.status ?? 0, error.code, error.message) : error;
}

/**
 * The project's client in cookie mode: the refresh token lives in an HttpOnly cookie scoped to
 * /auth, the access token in this tab's memory (the client's default storage in cookie mode),
 * so nothing a script could steal is ever in localStorage. Refreshes are the client's: one at a
 * time across tabs, and a network error never signs the admin out.
 */
export function createConsoleAuth(): ConsoleAuth {
  // rememberSignIn: a first visit asks /auth/refresh nothing (no 401 in the console) until someone signs in here
  const client = createAuthClient({ baseUrl: location.origin, mode: 'cookie', storageKey: 'admin-console', rememberSignIn: true });
  return {
    async login(email, password) {
      try {
        await client.login({ email, password, deviceName: 'Admin console' });
      } catch (error) {
        throw toApiError(error);
      }
    },
    async resume() {
      try {
        return (await client.getSession()) !== null;
      } catch (error) {
        throw toApiError(error);
      }
    },
    logout: () => client.logout(),
    fetch: (input, init) => client.fetch(input, init),
    onSessionEnd: (listener) => client.onSessionEnd(listener),
  };
}
