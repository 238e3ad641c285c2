import type { LoggerService } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import { pino, stdTimeFunctions, type DestinationStream, type Logger } from 'pino';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** What every log line written while serving a request carries. */
export interface RequestContext {
  reqId: string;
}

/** The request being served, set by the request hooks; read by every log line. */
export const requestContext = new AsyncLocalStorage<RequestContext>();

/** Field names whose values never reach the log, whatever object they sit in. */
const SECRET_FIELDS = [
  'password',
  'currentPassword',
  'newPassword',
  'refreshToken',
  'accessToken',
  'deviceToken',
  'token',
  'envelope',
  'authorization',
  'cookie',
  'set-cookie',
  'secret',
  'masterKey',
];
const REDACT_PATHS = SECRET_FIELDS.flatMap((field) => [`["${field}"]`, `*["${field}"]`, `*.*["${field}"]`]);

/**
 * Shapes of secrets inside free text (a message or a stack trace): JWTs, refresh tokens
 * (`<uuid>.<43 base64url>`) and whatever follows `Bearer`. Field redaction cannot reach text.
 */
const SECRET_TEXT =
  /\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*|\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.[A-Za-z0-9_-]{43}\b|\b(Bearer|Basic)\s+\S+/gi;

export function scrubText(text: string): string {
  return text.replace(SECRET_TEXT, (match, scheme?: string) => (scheme ? `${scheme} [Redacted]` : '[Redacted]'));
}

/**
 * The service's one logger: JSON lines (pino) with an ISO time, the level as a word, the
 * request id of the request being served, and secrets redacted by field name and by shape.
 */
export function createLogger(level: LogLevel | 'silent', destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined, // no pid/hostname on every line: the platform adds its own
      timestamp: stdTimeFunctions.isoTime,
      messageKey: 'msg',
      formatters: {
        level: (label) => ({ level: label }),
      },
      mixin: () => {
        const context = requestContext.getStore();
        return context ? { reqId: context.reqId } : {};
      },
      redact: { paths: REDACT_PATHS, censor: '[Redacted]' },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((arg) => (typeof arg === 'string' ? scrubText(arg) : arg)) as Parameters<typeof method>);
        },
      },
      serializers: {
        err: (error: unknown) => {
          if (!(error instanceof Error)) return error;
          return { type: error.name, message: scrubText(error.message), stack: error.stack ? scrubText(error.stack) : undefined };
        },
      },
    },
    // synchronous, as pino's default: one write(2) per line. An asynchronous destination hands
    // every line to libuv's thread pool, and the hand-off costs more CPU than the write itself
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

/**
 * The logger for the one line that ends each request (observeHttp): the same destination,
 * format and request id, without field redaction. That line's fields are fixed (method, route,
 * path without its query, status, duration, user id) and none can hold a secret, while
 * redaction by wildcard path walks every line three levels deep for each of its paths: about
 * 80 µs a line, measured, more than the rest of a refresh's logging together.
 */
export function accessLogger(logger: Logger): Logger {
  return logger.child({}, { redact: { paths: [] } });
}

/**
 * Nest's framework logs at start (every module loaded, every route mapped) are noise once the
 * service works: they go to `debug`, so the info-level boot log is a handful of lines.
 */
const CHATTY_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication']);

/** Nest's LoggerService on the pino logger, so `new Logger(ctx).log(...)` comes out as JSON too. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    const context = contextOf(params);
    this.write(context && CHATTY_CONTEXTS.has(context) ? 'debug' : 'info', message, context, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    const context = contextOf(params);
    // Nest passes (message, stack, context); a stack is the one extra string it adds, and an
    // error without one comes as (message, undefined, context), which is no extra to log
    const stack = typeof params[0] === 'string' && params[0].includes('\n') ? params.shift() : undefined;
    if (params.length > 0 && params[0] === undefined) params.shift();
    this.write('error', message, context, params, stack as string | undefined);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, contextOf(params), params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, contextOf(params), params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, contextOf(params), params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, contextOf(params), params);
  }

  private write(
    level: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal',
    message: unknown,
    context: string | undefined,
    extra: unknown[],
    stack?: string,
  ): void {
    if (!this.logger.isLevelEnabled(level)) return;
    const fields: Record<string, unknown> = {};
    if (context) fields.context = context;
    if (stack) fields.stack = scrubText(stack);
    if (extra.length > 0) fields.extra = extra;
    if (message instanceof Error) this.logger[level]({ ...fields, err: message }, message.message);
    else if (typeof message === 'object' && message !== null) this.logger[level]({ ...fields, ...message });
    else this.logger[level](fields, String(message));
  }
}

/** Nest puts the context last when it is a string (a stack trace is not a context). */
function contextOf(params: unknown[]): string | undefined {
  const last = params.at(-1);
  return typeof last === 'string' && !last.includes('\n') ? (params.pop() as string) : undefined;
}
