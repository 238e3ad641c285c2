import formBody from '@fastify/formbody';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { errorCodes, type FastifyInstance } from 'fastify';
import { OAuthError } from './oauth-errors.js';

/** Route config (`@RouteConfig(FORM_BODY)`) of the routes that take form-encoded bodies. */
export const FORM_BODY = { formBody: true } as const;

const FORM_TYPE = /^\s*application\/x-www-form-urlencoded\s*(;|$)/i;

/** Form parameters as parsed: a repeated parameter is an array. */
export type FormFields = Record<string, string | string[] | undefined>;

/**
 * OAuth endpoints take `application/x-www-form-urlencoded` (RFC 6749), parsed by
 * @fastify/formbody; every other route still refuses such a body exactly as it refuses any
 * other non-JSON type (Fastify's 415 error), before a byte of it is parsed.
 */
export function registerFormBody(fastify: FastifyInstance, bodyLimit: number): void {
  void fastify.register(formBody, { bodyLimit });
  fastify.addHook('preParsing', async (request, _reply, payload) => {
    const config = request.routeOptions.config as { formBody?: boolean } | undefined;
    // an unknown route stays a 404, whatever its body
    if (!request.is404 && FORM_TYPE.test(request.headers['content-type'] ?? '') && config?.formBody !== true) {
      throw new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE();
    }
    return payload;
  });
}

/** The form body of an OAuth request; any other body is `invalid_request`. */
export const FormBody = createParamDecorator((_: unknown, ctx: ExecutionContext): FormFields => {
  const request = ctx.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; body?: unknown }>();
  if (!FORM_TYPE.test(request.headers['content-type'] ?? '')) {
    throw new OAuthError('invalid_request', 'The body must be application/x-www-form-urlencoded');
  }
  return (request.body ?? {}) as FormFields;
});

/** One parameter: absent is undefined; repeated or empty is `invalid_request` (RFC 6749 §3.1). */
export function formField(form: FormFields, name: string, maxLength = 8192): string | undefined {
  const value = form[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new OAuthError('invalid_request', `${name} must be given once`);
  if (value.length === 0 || value.length > maxLength)
    throw new OAuthError('invalid_request', `${name} must be 1 to ${maxLength} characters`);
  return value;
}

/** A parameter the request cannot do without. */
export function requiredFormField(form: FormFields, name: string): string {
  const value = formField(form, name);
  if (value === undefined) throw new OAuthError('invalid_request', `${name} is required`);
  return value;
}
