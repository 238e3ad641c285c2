import { useEffect, useState } from 'preact/hooks';

/** The console's routes live in the URL hash (/console#/users/…), so the server serves one page. */
export type Route =
  | { page: 'overview' }
  | { page: 'users'; query: string }
  | { page: 'user'; id: string }
  | { page: 'session'; id: string }
  | { page: 'audit'; type: string; userId: string; sessionId: string }
  | { page: 'keys' }
  | { page: 'webhooks' }
  | { page: 'not-found'; path: string };

export function parseRoute(hash: string): Route {
  const [path = '', search = ''] = hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(search);
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  switch (parts[0]) {
    case undefined:
    case 'overview':
      return { page: 'overview' };
    case 'users':
      return parts[1] ? { page: 'user', id: parts[1] } : { page: 'users', query: params.get('query') ?? '' };
    case 'sessions':
      if (parts[1]) return { page: 'session', id: parts[1] };
      break;
    case 'audit':
      return {
        page: 'audit',
        type: params.get('type') ?? '',
        userId: params.get('userId') ?? '',
        sessionId: params.get('sessionId') ?? '',
      };
    case 'keys':
      return { page: 'keys' };
    case 'webhooks':
      return { page: 'webhooks' };
  }
  return { page: 'not-found', path };
}

/** Links inside the console. */
export const href = {
  overview: () => '#/overview',
  users: (query = '') => (query ? `#/users?${new URLSearchParams({ query })}` : '#/users'),
  user: (id: string) => `#/users/${encodeURIComponent(id)}`,
  session: (id: string) => `#/sessions/${encodeURIComponent(id)}`,
  audit: (filter: { type?: string; userId?: string; sessionId?: string } = {}) => {
    const params = new URLSearchParams(Object.entries(filter).filter(([, v]) => v) as [string, string][]).toString();
    return params ? `#/audit?${params}` : '#/audit';
  },
  keys: () => '#/keys',
  webhooks: () => '#/webhooks',
};

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return route;
}

/** Replaces the current history entry (a search box updating its query, not a new page). */
export function replaceHash(hash: string): void {
  history.replaceState(null, '', hash);
}
