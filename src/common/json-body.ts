import { AppError, ErrorCode } from './errors.js';

/** Deeper bodies are refused: class-transformer recurses, and 5,000 levels overflow its stack. */
const MAX_DEPTH = 32;

/**
 * Keys the validation layer would silently drop instead of refusing as unknown (class-transformer
 * skips them to avoid prototype pollution), so a body carrying them is refused here instead.
 */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor']);

/**
 * Route config (`@RouteConfig`) of routes whose body is optional (refresh and logout in cookie
 * mode): there `Content-Type: application/json` with an empty body is read as `{}`, as browsers'
 * fetch wrappers send it, rather than refused (API.md "Browser cookies").
 */
export const OPTIONAL_JSON_BODY = { optionalJsonBody: true } as const;

/** Whether a route's config (Fastify `routeOptions.config`) says its body is optional. */
export function bodyIsOptional(config: unknown): boolean {
  return (config as { optionalJsonBody?: unknown } | undefined)?.optionalJsonBody === true;
}

/**
 * Parses a JSON body and refuses, as 400 validation_failed, what JSON allows but the rest of
 * the service cannot take: NUL characters (PostgreSQL text rejects them), lone UTF-16
 * surrogates (jsonb and the email validator reject them), deep nesting and the keys `__proto__`
 * and `constructor` (dropped silently downstream, where every other unknown key is a 400). Checking here, once,
 * keeps every field of every route safe without a rule per field.
 */
export function parseJsonBody(text: string, options: { optional?: boolean } = {}): unknown {
  if (text.length === 0) {
    if (options.optional) return {};
    throw new AppError(ErrorCode.ValidationFailed, 'The body is empty');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError(ErrorCode.ValidationFailed, 'Malformed JSON body');
  }
  assertStorable(value, 0);
  return value;
}

function assertStorable(value: unknown, depth: number): void {
  if (typeof value === 'string') {
    assertText(value);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (depth >= MAX_DEPTH) throw new AppError(ErrorCode.ValidationFailed, 'The body is nested too deeply');
  if (Array.isArray(value)) {
    for (const item of value) assertStorable(item, depth + 1);
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    assertText(key);
    if (FORBIDDEN_KEYS.has(key))
      throw new AppError(ErrorCode.ValidationFailed, `The key ${key} is not allowed`, [{ field: key, message: `${key} is not allowed` }]);
    assertStorable(item, depth + 1);
  }
}

function assertText(text: string): void {
  if (text.includes('\u0000') || !text.isWellFormed()) {
    throw new AppError(ErrorCode.ValidationFailed, 'The body contains a NUL character or invalid Unicode');
  }
}
