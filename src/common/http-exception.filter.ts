import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { AppError, ErrorCode } from './errors.js';
import { routeMethodsOf } from './route-methods.js';

/** Largest request body accepted (Fastify's bodyLimit); a larger one is 413 payload_too_large. */
export const BODY_LIMIT_BYTES = 64 * 1024;

interface ReplyLike {
  status?(code: number): ReplyLike; // express
  code?(code: number): ReplyLike; // fastify
  header?(name: string, value: string): ReplyLike;
  setHeader?(name: string, value: string): void;
  send?(body: unknown): void;
  json?(body: unknown): void;
}

/** Maps a status to the docs/api.md code when a framework exception (not ours) reaches the filter. */
function codeForStatus(status: number): ErrorCode | undefined {
  switch (status) {
    case 400:
      return ErrorCode.ValidationFailed;
    case 413:
      return ErrorCode.PayloadTooLarge;
    case 415:
      return ErrorCode.UnsupportedMediaType;
    case 401:
      return ErrorCode.InvalidToken;
    case 403:
      return ErrorCode.Forbidden;
    case 404:
      return ErrorCode.NotFound;
    case 405:
      return ErrorCode.MethodNotAllowed;
    case 429:
      return ErrorCode.RateLimited;
    default:
      return undefined;
  }
}

/** Builds the docs/api.md error body. Shared by the filter and the guard (which may run on Express). */
export function errorBody(status: number, code: string, message: string, details?: unknown) {
  return { statusCode: status, error: STATUS_CODES[status] ?? 'Error', code, message, ...(details ? { details } : {}) };
}

export function sendJson(reply: ReplyLike, status: number, body: unknown, headers: Record<string, string> = {}): void {
  for (const [name, value] of Object.entries(headers)) {
    if (reply.header) reply.header(name, value);
    else reply.setHeader?.(name, value);
  }
  if (reply.code) reply.code(status).send?.(body);
  else reply.status?.(status).json?.(body);
}

/**
 * The one place where errors become HTTP: domain AppErrors by their code, framework errors
 * (bad JSON, unknown route, body too large) by their status, anything else as a bare 500
 * that leaks nothing but is logged.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<ReplyLike>();
    if (exception instanceof AppError) {
      const headers: Record<string, string> = exception.retryAfter ? { 'Retry-After': String(exception.retryAfter) } : {};
      sendJson(
        reply,
        exception.status,
        { ...errorBody(exception.status, exception.code, exception.message, exception.details), ...exception.extra },
        headers,
      );
      return;
    }
    // Already in the docs/api.md shape (GuardError from the guard module).
    if (exception instanceof HttpException && hasCode(exception.getResponse())) {
      sendJson(reply, exception.getStatus(), exception.getResponse());
      return;
    }
    const status = statusOf(exception);
    const code = status ? codeForStatus(status) : undefined;
    if (status === 404 && this.methodNotAllowed(host, reply)) return;
    if (status && (code === ErrorCode.ValidationFailed || code === ErrorCode.PayloadTooLarge || code === ErrorCode.UnsupportedMediaType)) {
      // Fastify's body errors: malformed JSON, a body that is not JSON, or one too large
      sendJson(reply, status, errorBody(status, code, messageOf(exception)));
      return;
    }
    if (status && code) {
      const message = code === ErrorCode.NotFound ? 'Not found' : exception instanceof Error ? exception.message : code;
      sendJson(reply, status, errorBody(status, code, message));
      return;
    }
    if (isDatabaseDown(exception)) {
      sendJson(reply, 503, errorBody(503, ErrorCode.Unavailable, 'The database is unavailable'));
      return;
    }
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    sendJson(reply, HttpStatus.INTERNAL_SERVER_ERROR, errorBody(500, 'internal_error', 'Internal server error'));
  }

  /** A route 404 for a path that other methods serve is 405 with `Allow` (Fastify apps only). */
  private methodNotAllowed(host: ArgumentsHost, reply: ReplyLike): boolean {
    const request = host.switchToHttp().getRequest<{ server?: unknown; method?: string; url?: string }>();
    const allowed = routeMethodsOf(request.server)?.allowed((request.url ?? '').split('?')[0]) ?? [];
    if (allowed.length === 0 || allowed.includes(request.method ?? '')) return false;
    const status = 405;
    sendJson(
      reply,
      status,
      errorBody(status, ErrorCode.MethodNotAllowed, `${request.method} is not allowed here; use ${allowed.join(', ')}`),
      { Allow: allowed.join(', ') },
    );
    return true;
  }
}

function statusOf(exception: unknown): number | undefined {
  if (exception instanceof HttpException) return exception.getStatus();
  // Fastify's own errors (malformed JSON, wrong content type, body too large) carry statusCode.
  const candidate = (exception as { statusCode?: unknown } | null)?.statusCode;
  return typeof candidate === 'number' && candidate >= 400 && candidate < 500 ? candidate : undefined;
}

function hasCode(body: unknown): body is { code: string } {
  return typeof body === 'object' && body !== null && typeof (body as { code?: unknown }).code === 'string';
}

function messageOf(exception: unknown): string {
  const message = exception instanceof Error ? exception.message : '';
  if (/JSON/i.test(message)) return 'Malformed JSON body';
  if (/content-type|media type/i.test(message)) return 'The body must be JSON (Content-Type: application/json)';
  if (/too large/i.test(message)) return `The body is larger than the limit of ${BODY_LIMIT_BYTES / 1024} KiB`;
  return 'The request is not valid';
}

function isDatabaseDown(exception: unknown): boolean {
  const code = (exception as { code?: string } | null)?.code;
  const message = exception instanceof Error ? exception.message : '';
  return (
    code === 'ECONNREFUSED' ||
    code === '57P01' || // admin_shutdown
    code === '57P03' || // cannot_connect_now
    code === '53300' || // too_many_connections
    /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect/i.test(message)
  );
}
