import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { ApiErrorBody, BEARER_SCHEME, errorResponse } from '../common/api-errors.decorator.js';
import { ErrorCode } from '../common/errors.js';
import { DOCS_CSP, pageCsp } from './security-headers.js';

export const OPENAPI_PATH = '/openapi.json';
export const DOCS_PATH = '/docs';

/** The OpenAPI 3 document, built from the controllers, their DTOs and their @Api* decorators. */
export function buildOpenApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Auth service')
    .setDescription(
      'Login, rotating refresh tokens, sessions and their administration. Every error answers ' +
        '`{ statusCode, error, code, message }` with a stable `code`; each operation lists the codes it can answer.',
    )
    .setVersion('1')
    .addTag('auth', 'Register, log in, refresh, log out')
    .addTag('sessions', "The caller's own sessions and password")
    .addTag('admin', 'Users, sessions and audit, for admins')
    .addTag('keys')
    .addTag('revocations', 'The feed guards of other services poll')
    .addTag('health')
    .addTag('operations')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'An access token from /auth/login or /auth/refresh' },
      BEARER_SCHEME,
    )
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'REVOCATION_FEED_SECRET, when the service sets one' }, 'feedSecret')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'METRICS_TOKEN, when the service sets one' }, 'metricsToken')
    // any route that reaches the database can find it down
    .addGlobalResponse(errorResponse(ErrorCode.Unavailable))
    .build();
  return SwaggerModule.createDocument(app, config, { extraModels: [ApiErrorBody] });
}

/**
 * GET /openapi.json and the Swagger UI page at GET /docs, its scripts and styles served from
 * swagger-ui-dist by @fastify/static (no CDN), under a CSP of its own. The document is built
 * on the first request, when every module's routes are known.
 */
export function serveOpenApi(app: NestFastifyApplication): void {
  pageCsp(app, DOCS_PATH, DOCS_CSP);
  SwaggerModule.setup(DOCS_PATH.slice(1), app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: OPENAPI_PATH.slice(1),
    raw: ['json'],
    customSiteTitle: 'Auth service API',
    swaggerOptions: { persistAuthorization: false, tryItOutEnabled: true },
  });
}
