import fastifyStatic from '@fastify/static';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pageCsp } from '../observability/security-headers.js';

/** Where the admin console is served. */
export const CONSOLE_PATH = '/console';

/**
 * The console's Content-Security-Policy: its own scripts and styles only (Vite emits no inline
 * script), API calls to this origin only, never framed. The console holds an admin's access
 * token in memory, so a script injected by any means must have nowhere to load from or send to.
 */
const CONSOLE_CSP = {
  defaultSrc: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'"],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
};

/**
 * The built console (`npm run build` puts it in dist/console), seen from this file compiled
 * (dist/src/console) or run from source by jest (src/console). Undefined when it is not built.
 */
export function consoleRoot(): string | undefined {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return [path.resolve(here, '../../console'), path.resolve(here, '../../dist/console')].find((dir) =>
    existsSync(path.join(dir, 'index.html')),
  );
}

/**
 * Serves the admin console at GET /console and its assets under /console/, with the service's
 * security headers (registerSecurityHeaders) except a CSP and X-Frame-Options: DENY of its own.
 * Without a build it logs how to make one and serves nothing (404).
 */
export async function registerConsole(app: NestFastifyApplication): Promise<void> {
  const root = consoleRoot();
  if (!root) {
    new Logger('Console').warn(`the admin console is not built: run \`npm run build\` to serve it at ${CONSOLE_PATH}`);
    return;
  }
  pageCsp(app, CONSOLE_PATH, CONSOLE_CSP, { frameguard: { action: 'deny' } });
  await app.register(async (scope: FastifyInstance) => {
    await scope.register(fastifyStatic, {
      root,
      prefix: `${CONSOLE_PATH}/`,
      index: ['index.html'],
      cacheControl: false,
      // file names under assets/ carry a content hash; index.html names them, so it is revalidated
      setHeaders: (reply, file) => {
        reply.header('Cache-Control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
    scope.get(CONSOLE_PATH, (_request, reply) => reply.sendFile('index.html'));
  });
}
