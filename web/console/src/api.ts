import type {
  AuditEvent,
  AuditFilter,
  Delivery,
  Keys,
  MfaFactors,
  Overview,
  Page,
  Rotation,
  Session,
  SessionDetail,
  User,
  Webhook,
} from './types';
import type { IdentityInfo } from '@auth-service/client';

/** An answer of the API that is not a success, with the code and message of its error body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: { field: string; message: string }[] = [],
  ) {
    super(message);
  }
}

/** A fetch that authenticates the request (the auth client's). */
export type Fetcher = (input: string, init?: RequestInit) => Promise<Response>;

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** Turns any answer into its JSON or an ApiError: nothing is swallowed, every failure has a message to show. */
async function call<T>(fetcher: Fetcher, method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetcher(`${location.origin}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw new ApiError(0, 'network_error', `The service could not be reached (${error instanceof Error ? error.message : String(error)})`);
  }
  const text = await response.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!response.ok) {
    throw new ApiError(
      response.status,
      json?.code ?? 'http_error',
      json?.message ?? `${response.status} ${response.statusText}`,
      json?.details ?? [],
    );
  }
  return json as T;
}

export const PAGE_SIZE = 20;

/** Every call the console makes; each is authorised by the API exactly as for curl. */
export function createApi(fetcher: Fetcher) {
  const get = <T>(path: string) => call<T>(fetcher, 'GET', path);
  return {
    me: () => get<User>('/auth/me'),
    users: (search: string, cursor?: string) => get<Page<User>>(`/admin/users${query({ query: search, cursor, limit: PAGE_SIZE })}`),
    user: (id: string) => get<User>(`/admin/users/${encodeURIComponent(id)}`),
    identities: (userId: string) => get<IdentityInfo[]>(`/admin/users/${encodeURIComponent(userId)}/identities`),
    updateUser: (id: string, change: { disabled?: boolean; roles?: string[]; claims?: Record<string, unknown> }) =>
      call<User>(fetcher, 'PATCH', `/admin/users/${encodeURIComponent(id)}`, change),
    userFactors: (id: string) => get<MfaFactors>(`/admin/users/${encodeURIComponent(id)}/mfa`),
    resetFactors: (id: string) => call<void>(fetcher, 'DELETE', `/admin/users/${encodeURIComponent(id)}/mfa`),
    createUser: (input: { email: string; name?: string; roles?: string[]; invite?: boolean }) =>
      call<User>(fetcher, 'POST', '/admin/users', input),
    deleteUser: (id: string) => call<void>(fetcher, 'DELETE', `/admin/users/${encodeURIComponent(id)}`),
    roles: () => get<{ roles: string[] }>('/admin/roles'),
    webhooks: () => get<Webhook[]>('/admin/webhooks'),
    createWebhook: (input: { url: string; events: string[] }) =>
      call<Webhook & { secret: string }>(fetcher, 'POST', '/admin/webhooks', input),
    deleteWebhook: (id: string) => call<void>(fetcher, 'DELETE', `/admin/webhooks/${encodeURIComponent(id)}`),
    deliveries: (id: string, cursor?: string) =>
      get<Page<Delivery>>(`/admin/webhooks/${encodeURIComponent(id)}/deliveries${query({ cursor, limit: PAGE_SIZE })}`),
    sendTestEvent: (id: string) => call<{ id: string }>(fetcher, 'POST', `/admin/webhooks/${encodeURIComponent(id)}/test`),
    endUserSessions: (id: string) => call<void>(fetcher, 'DELETE', `/admin/users/${encodeURIComponent(id)}/sessions`),
    sessions: (userId: string, cursor?: string, limit = PAGE_SIZE) =>
      get<Page<Session>>(`/admin/sessions${query({ userId, cursor, limit })}`),
    session: (id: string) => get<SessionDetail>(`/admin/sessions/${encodeURIComponent(id)}`),
    endSession: (id: string) => call<void>(fetcher, 'DELETE', `/admin/sessions/${encodeURIComponent(id)}`),
    audit: (filter: AuditFilter, cursor?: string, limit = PAGE_SIZE) =>
      get<Page<AuditEvent>>(`/admin/audit${query({ ...filter, cursor, limit })}`),
    overview: () => get<Overview>('/admin/overview'),
    keys: () => get<Keys>('/admin/keys'),
    rotateKeys: () => call<Rotation>(fetcher, 'POST', '/admin/keys/rotate'),
  };
}

export type Api = ReturnType<typeof createApi>;

/**
 * How many live sessions a user has, for confirmations ("ends 3 sessions"): counted from the
 * list at the moment of asking, up to 100 ("100 or more").
 */
export async function countLiveSessions(api: Api, userId: string): Promise<{ count: number; more: boolean }> {
  const page = await api.sessions(userId, undefined, 100);
  return { count: page.items.length, more: page.nextCursor !== null };
}
