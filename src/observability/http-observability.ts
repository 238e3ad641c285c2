import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { type AuthenticatedUser, REQUEST_USER } from '@auth-service/guard';
import { accessLogger, requestContext } from './logger.js';
import { EARLY_ANSWER_HEADERS } from './security-headers.js';
import type { MetricsService } from './metrics.service.js';

/** The `route` label of requests no route matched: one series, whatever paths scanners try. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * Per request: the request id in `X-Request-Id` and on every log line written while serving it,
 * one JSON line when it ends (method, route pattern, path without the query, status, duration,
 * user id when authenticated) and one observation of http_request_duration_seconds.
 * The query string is never logged: a link's token would sit there.
 */
export function observeHttp(fastify: FastifyInstance, logger: Logger, metrics: MetricsService): void {
  const access = accessLogger(logger);
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    requestContext.run({ reqId: request.id }, done);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? UNMATCHED_ROUTE;
    const seconds = reply.elapsedTime / 1000;
    metrics.observeRequest(request.method, route, reply.statusCode, seconds);
    const level = reply.statusCode >= 500 ? 'error' : 'info';
    if (access.isLevelEnabled(level)) {
      access[level](
        {
          reqId: request.id,
          method: request.method,
          route,
          path: pathOf(request),
          statusCode: reply.statusCode,
          durationMs: Math.round(reply.elapsedTime * 100) / 100,
          userId: userOf(request),
        },
        'request completed',
      );
    }
    done();
  });
}

/**
 * The request id and the baseline security headers on an answer given before any hook ran (an
 * undecodable URL): neither our onRequest hook nor helmet's saw it.
 */
export function tagReply(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return reply.headers({ ...EARLY_ANSWER_HEADERS, 'x-request-id': request.id });
}

function pathOf(request: FastifyRequest): string {
  const url = request.url;
  const query = url.indexOf('?');
  return (query === -1 ? url : url.slice(0, query)).slice(0, 512);
}

function userOf(request: FastifyRequest): string | undefined {
  return (request as unknown as Record<string, AuthenticatedUser | undefined>)[REQUEST_USER]?.userId;
}
