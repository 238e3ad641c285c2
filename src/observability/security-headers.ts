import helmet from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from '../config/app-config.js';

/**
 * A JSON answer needs no script, style or frame: `default-src 'none'` costs an API nothing and
 * stops a response from ever running as a page (OWASP REST Security cheat sheet).
 */
const API_CSP = { defaultSrc: ["'none'"], frameAncestors: ["'none'"] };

/**
 * The headers every answer must carry (API.md "Operating it"), for the few answers Fastify gives
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

/**
 * Security headers on every answer (@fastify/helmet): nosniff, `Referrer-Policy: no-referrer`,
 * the API CSP, HSTS only in production (a development server on plain http must not pin
 * browsers to https for localhost). A route serving HTML sets its own CSP through its Fastify
 * route config `helmet` (see `pageCsp`).
 */
export async function registerSecurityHeaders(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: API_CSP },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: config.isProduction ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  });
}

/** The Fastify route `config` that gives the routes under `prefix` their own CSP. */
export function pageCsp(app: NestFastifyApplication, prefix: string, directives: Record<string, string[]>): void {
  app.getHttpAdapter().getInstance().addHook('onRoute', (route) => {
    if (route.url === prefix || route.url.startsWith(`${prefix}/`)) {
      route.config = Object.assign(route.config ?? {}, { helmet: { contentSecurityPolicy: { useDefaults: false, directives } } });
    }
  });
}
