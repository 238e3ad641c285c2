/** One OpenID Connect provider of OIDC_PROVIDERS (docs/oidc.md). */
export interface OidcProviderConfig {
  /** In the URLs (`/auth/oidc/<id>/start`), the audit (`oidc:<id>`) and the identities. */
  id: string;
  /** What a sign-in button says ("Sign in with <name>"). */
  name: string;
  /** The issuer identifier; its discovery document is `<issuer>/.well-known/openid-configuration`. */
  issuer: string;
  clientId: string;
  /** Unset: a public client (PKCE alone, no client authentication). */
  clientSecret?: string;
  /** Space separated; must include `openid`. */
  scopes: string;
}

const PROVIDER_ID = /^[a-z0-9][a-z0-9_-]{0,31}$/;
const KEYS = new Set(['id', 'name', 'issuer', 'clientId', 'clientSecret', 'scopes']);
const DEFAULT_SCOPES = 'openid email profile';

/** Hosts where an http:// issuer is accepted (a provider on this machine, as in docs/oidc.md). */
export function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
}

/**
 * Reads OIDC_PROVIDERS (the JSON text itself; `source` names where it came from) into provider
 * entries, with one problem line per bad entry (every problem of that entry in it), so a boot
 * refused for a typo says which provider and what to fix.
 */
export function parseOidcProviders(
  json: string,
  source: string,
  production: boolean,
): { providers: OidcProviderConfig[]; problems: string[] } {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    return { providers: [], problems: [`${source}: not valid JSON (${(error as Error).message})`] };
  }
  if (!Array.isArray(value)) return { providers: [], problems: [`${source}: must be a JSON array of providers`] };
  const providers: OidcProviderConfig[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  value.forEach((entry: unknown, index) => {
    const label = `${source}[${index}]${isObject(entry) && typeof entry.id === 'string' ? ` ("${entry.id}")` : ''}`;
    if (!isObject(entry)) {
      problems.push(`${label}: must be an object { id, name, issuer, clientId, clientSecret?, scopes? }`);
      return;
    }
    const faults = entryProblems(entry, production);
    if (typeof entry.id === 'string' && seen.has(entry.id)) faults.push(`id "${entry.id}" is used twice`);
    if (typeof entry.id === 'string') seen.add(entry.id);
    if (faults.length > 0) {
      problems.push(`${label}: ${faults.join('; ')}`);
      return;
    }
    providers.push({
      id: entry.id as string,
      name: entry.name as string,
      issuer: entry.issuer as string,
      clientId: entry.clientId as string,
      clientSecret: entry.clientSecret as string | undefined,
      scopes: (entry.scopes as string | undefined) ?? DEFAULT_SCOPES,
    });
  });
  return { providers, problems };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function entryProblems(entry: Record<string, unknown>, production: boolean): string[] {
  const faults: string[] = [];
  const text = (key: string) => typeof entry[key] === 'string' && (entry[key] as string).trim() !== '';
  const unknown = Object.keys(entry).filter((key) => !KEYS.has(key));
  if (unknown.length > 0) faults.push(`unknown ${unknown.map((k) => `"${k}"`).join(', ')}`);
  if (typeof entry.id !== 'string' || !PROVIDER_ID.test(entry.id))
    faults.push('id must be 1-32 of a-z, 0-9, _ and -, starting with a letter or digit');
  if (!text('name')) faults.push('name is required');
  if (!text('clientId')) faults.push('clientId is required');
  if (entry.clientSecret !== undefined && !text('clientSecret')) faults.push('clientSecret must be a non-empty string when given');
  if (entry.scopes !== undefined && (typeof entry.scopes !== 'string' || !entry.scopes.split(' ').includes('openid')))
    faults.push('scopes must be a space-separated string including "openid"');
  const issuerFault = issuerProblem(entry.issuer, production);
  if (issuerFault) faults.push(issuerFault);
  return faults;
}

function issuerProblem(issuer: unknown, production: boolean): string | undefined {
  if (typeof issuer !== 'string') return 'issuer is required';
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    return `issuer "${issuer}" is not an absolute URL`;
  }
  if (url.search || url.hash) return `issuer "${issuer}" must not have a query or fragment`;
  if (url.protocol === 'https:') return undefined;
  // plain http only for a provider on this machine, and never in production
  if (url.protocol === 'http:' && isLoopback(url.hostname) && !production) return undefined;
  return `issuer "${issuer}" must be https:// (http:// only on localhost outside production)`;
}
