import { ApiError, type Fetcher } from './api';

/** What the console needs of a signed-in session. Tokens live in memory only, never in Web Storage. */
export interface ConsoleAuth {
  login(email: string, password: string): Promise<void>;
  /** Resumes a session after a reload; false when there is none. */
  resume(): Promise<boolean>;
  logout(): Promise<void>;
  /** fetch with the access token; the API's own answer is returned, refusals included. */
  fetch: Fetcher;
  /** Called when the session ends for good (reuse, revoked, expired...), with the API's code. */
  onSessionEnd(listener: (reason: string) => void): () => void;
}

async function errorOf(response: Response): Promise<ApiError> {
  const body = await response.json().catch(() => undefined);
  return new ApiError(response.status, body?.code ?? 'http_error', body?.message ?? `${response.status} ${response.statusText}`);
}

/**
 * Bearer tokens kept in this module's memory: a reload signs the admin out.
 */
export function createConsoleAuth(): ConsoleAuth {
  let accessToken: string | undefined;
  let refreshToken: string | undefined;
  const listeners = new Set<(reason: string) => void>();
  const end = (reason: string) => {
    accessToken = refreshToken = undefined;
    listeners.forEach((listener) => listener(reason));
  };
  const post = (path: string, body: unknown, token?: string) =>
    fetch(`${location.origin}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  const authorised = (input: string, init: RequestInit = {}) =>
    fetch(input, { ...init, headers: { ...(init.headers as Record<string, string>), ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}) } });

  return {
    async login(email, password) {
      const response = await post('/auth/login', { email, password, deviceName: 'Admin console' });
      if (!response.ok) throw await errorOf(response);
      ({ accessToken, refreshToken } = await response.json());
    },
    async resume() {
      return false;
    },
    async logout() {
      if (accessToken) await post('/auth/logout', undefined, accessToken).catch(() => undefined);
      end('logout');
    },
    async fetch(input, init) {
      let response = await authorised(input, init);
      if (response.status !== 401) return response;
      const code = (await response.clone().json().catch(() => undefined))?.code;
      if (code === 'token_expired' && refreshToken) {
        const refreshed = await post('/auth/refresh', { refreshToken });
        if (refreshed.ok) {
          ({ accessToken, refreshToken } = await refreshed.json());
          response = await authorised(input, init);
          if (response.status !== 401) return response;
        } else {
          end((await errorOf(refreshed)).code);
          return response;
        }
      }
      end(code ?? 'invalid_token');
      return response;
    },
    onSessionEnd(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
