import { NestFactory } from '@nestjs/core';
import fastifyCookie from '@fastify/cookie';
import fastifyCors from '@fastify/cors';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { STATUS_CODES } from 'node:http';
import { LogController, type FastifyBaseLogger, type FastifyError, type FastifyReply, type FastifyRequest } from 'fastify';
import { AppModule } from './app.module.js';
import { ErrorCode } from './common/errors.js';
import { BODY_LIMIT_BYTES, errorBody } from './common/http-exception.filter.js';
import { bodyIsOptional, parseJsonBody } from './common/json-body.js';
import { collectRouteMethods } from './common/route-methods.js';
import { createValidationPipe } from './common/validation.pipe.js';
import { offerDpopNonces } from './dpop/dpop-nonce.js';
import { registerFormBody } from './oauth/form-body.js';
import type { AppConfig } from './config/app-config.js';
import { registerConsole } from './console/console.plugin.js';
import { requestIdFor } from './observability/request-id.js';
import { observeHttp, tagReply } from './observability/http-observability.js';
import { createLogger, PinoNestLogger } from './observability/logger.js';
import { MetricsService } from './observability/metrics.service.js';
import { serveOpenApi } from './observability/openapi.js';
import { registerSecurityHeaders } from './observability/security-headers.js';
import type { Logger } from 'pino';

/**
 * Builds the Fastify application exactly as production runs it; tests use the same function.
 * `log`: the JSON logger (default: stdout at LOG_LEVEL), or false for none.
 */
export async function createApp(
  config: AppConfig,
  databaseUrl: string,
  log: Logger | false = createLogger(config.LOG_LEVEL),
): Promise<NestFastifyApplication> {
  const logger = log === false ? createLogger('silent', { write: () => undefined }) : log;
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    // one line per request is ours (observeHttp): with the route pattern and the user, without the query
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'reqId' }),
    // request.log is the service's logger itself: lines written while serving a request get its
    // id from the request context (createLogger's mixin), and a pino child per request would run
    // the field redaction over its bindings on every request
    childLoggerFactory: (serviceLogger: FastifyBaseLogger) => serviceLogger,
    // the caller's X-Request-Id when it is acceptable, else a new one
    requestIdHeader: false,
    genReqId: (request: { headers: Record<string, string | string[] | undefined> }) => requestIdFor(request.headers['x-request-id']),
    // trust exactly TRUST_PROXY hops of X-Forwarded-For (0: use the socket address)
    trustProxy: (_address: string, hop: number) => hop < config.TRUST_PROXY,
    bodyLimit: BODY_LIMIT_BYTES,
    // a URL Fastify cannot decode (bad percent-encoding) never reaches Nest's filter
    frameworkErrors: (_error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      void tagReply(request, reply)
        .code(400)
        .send(errorBody(400, ErrorCode.ValidationFailed, 'The URL is not valid'));
    },
    // neither does a request Node's HTTP parser refuses (control characters in a header, ...)
    clientErrorHandler: (_error, socket) => {
      if (!socket.writable) return;
      const body = JSON.stringify(errorBody(400, ErrorCode.ValidationFailed, 'The request is not valid HTTP'));
      socket.end(
        `HTTP/1.1 400 ${STATUS_CODES[400]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    },
  });
  const fastify = adapter.getInstance();
  collectRouteMethods(fastify);
  // Node answers an Expect other than 100-continue with a bare 417 and no body, before any of
  // our code runs. RFC 9110 10.1.1 lets a server ignore an expectation it does not support, so
  // such requests are served as if the header were absent (100-continue keeps Node's handling).
  fastify.server.on('checkExpectation', (request, response) => fastify.server.emit('request', request, response));
  // Only JSON bodies: any other Content-Type (text/plain included, which Fastify would hand
  // over as a string) is 415 unsupported_media_type, never parsed as something else.
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    try {
      done(null, parseJsonBody(body as string, { optional: bodyIsOptional(request.routeOptions.config) }));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  // form bodies for the OAuth endpoints only; every other route still takes JSON alone
  registerFormBody(fastify, BODY_LIMIT_BYTES);
  // bodyParser false: Nest would otherwise register its own JSON parser over ours at init
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(config, databaseUrl), adapter, {
    logger: log === false ? false : new PinoNestLogger(logger),
    bodyParser: false,
  });
  app.useGlobalPipes(createValidationPipe());
  observeHttp(fastify, logger, app.get(MetricsService));
  registerSecurityHeaders(app, config);
  offerDpopNonces(app);
  await registerBrowserSupport(app, config);
  serveOpenApi(app);
  await registerConsole(app);
  return app;
}

/** Seconds browsers may cache a preflight answer (Chromium caps it at 7200). */
const PREFLIGHT_MAX_AGE = 7200;

/**
 * CORS for the exact origins of CORS_ORIGINS (credentials allowed, so cookie mode works from
 * them; any other origin gets no Access-Control-Allow-Origin and its preflight fails) and
 * cookie parsing for cookie mode (docs/api.md "Browser apps").
 */
async function registerBrowserSupport(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const allowed = new Set(config.corsOrigins);
  await app.register(fastifyCookie);
  await app.register(fastifyCors, {
    origin: (origin: string | undefined, callback: (error: Error | null, allow: boolean) => void) =>
      callback(null, origin !== undefined && allowed.has(origin)),
    credentials: true,
    methods: ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type', 'x-auth-mode', 'x-request-id', 'dpop'],
    exposedHeaders: ['Retry-After', 'X-Request-Id', 'DPoP-Nonce'],
    maxAge: PREFLIGHT_MAX_AGE,
  });
}
