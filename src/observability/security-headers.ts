import helmet, { type HelmetOptions } from 'helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from '../config/app-config.js';

/**
 * A JSON answer needs no script, style or frame: `default-src 'none'` costs an API nothing and
 * stops a response from ever running as a page (OWASP REST Security cheat sheet).
 */
const API_CSP = { defaultSrc: ["'none'"], frameAncestors: ["'none'"] };

/**
 * The headers every answer must carry (docs/api.md "Operating it"), for the few answers Fastify gives
 * before any hook runs (a URL it cannot decode), which helmet's onRequest hook never sees.
 */
export const EARLY_ANSWER_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'content-security-policy': "default-src 'none';frame-ancestors 'none'",
};

/**
 * The docs page (Swagger UI, served from our own files: no CDN): its scripts and styles are
 * files of ours, Swagger UI sets inline style attributes and uses data: images, and "try it
 * out" calls this origin.
 */
export const DOCS_CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** The options of one header policy: helmet's. */
type HeaderPolicy = HelmetOptions;
/** The headers a policy puts on every answer, as helmet sets them. */
type PolicyHeaders = [name: string, value: string][];

/**
 * What helmet's middleware for `policy` sets on an answer. Our policies are static (no CSP
 * nonce, nothing read from the request), so helmet's answer is the same for every request:
 * it is asked once, on a response that records the headers, and the hook copies them.
 */
export function headersOf(policy: HeaderPolicy): PolicyHeaders {
  const headers = new Map<string, string>();
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => headers.set(name, String(value)),
    removeHeader: (name: string) => headers.delete(name),
  };
  let failure: unknown;
  helmet(policy)({} as never, recorder as never, (error?: unknown) => {
    failure = error;
  });
  if (failure) throw failure;
  return [...headers];
}

/**
 * Security headers on every answer, by helmet: nosniff, `Referrer-Policy: no-referrer`, the API
 * CSP, HSTS only in production (a development server on plain http must not pin browsers to
 * https for localhost), and helmet's other defaults. A route serving HTML gets a policy of its
 * own through its Fastify route config (see `pageCsp`).
 *
 * Each policy's headers are computed by helmet once (`headersOf`), at the first request that
 * needs them, and set in one onRequest hook. Running helmet's eleven middlewares per request
 * cost more CPU than the headers are worth on a refresh; @fastify/helmet, which also rebuilds
 * the middleware per request, cost more still.
 */
export function registerSecurityHeaders(app: NestFastifyApplication, config: AppConfig): void {
  const base: HeaderPolicy = {
    contentSecurityPolicy: { useDefaults: false, directives: API_CSP },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: config.isProduction ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  };
  const everywhere = headersOf(base);
  const ownPolicies = new WeakMap<HeaderPolicy, PolicyHeaders>();
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) => {
      const own = (request.routeOptions.config as RouteHeaders | undefined)?.[ROUTE_POLICY];
      let headers = own ? ownPolicies.get(own) : everywhere;
      if (!headers) {
        headers = headersOf({ ...base, ...own } as HeaderPolicy);
        ownPolicies.set(own!, headers);
      }
      const raw = reply.raw;
      for (const [name, value] of headers) raw.setHeader(name, value);
      done();
    });
}

/** The Fastify route config key holding a route's own header policy (merged over the base). */
const ROUTE_POLICY = 'securityHeaders';
type RouteHeaders = { [ROUTE_POLICY]?: HeaderPolicy };

/**
 * Gives the routes under `prefix` their own CSP, and any other helmet option of their own
 * (`frameguard` for a page that must never be framed), through their Fastify route config.
 */
export function pageCsp(
  app: NestFastifyApplication,
  prefix: string,
  directives: Record<string, string[]>,
  options: { frameguard?: { action: 'deny' | 'sameorigin' } } = {},
): void {
  const policy: HeaderPolicy = { ...options, contentSecurityPolicy: { useDefaults: false, directives } };
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRoute', (route) => {
      if (route.url === prefix || route.url.startsWith(`${prefix}/`)) {
        route.config = Object.assign(route.config ?? {}, { [ROUTE_POLICY]: policy });
      }
    });
}
