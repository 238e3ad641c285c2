import { applyDecorators } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants.js';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiResponse, type ApiResponseOptions } from '@nestjs/swagger';
import { STATUS_CODES } from 'node:http';
import { AppError, ErrorCode } from './errors.js';

/** The error body of docs/api.md, as the OpenAPI document shows it. */
export class ApiErrorBody {
  @ApiProperty({ example: 401 })
  statusCode: number;

  @ApiProperty({ example: 'Unauthorized' })
  error: string;

  @ApiProperty({ enum: Object.values(ErrorCode), description: 'Stable, machine-readable; see docs/api.md "Errors"' })
  code: string;

  @ApiProperty({ example: 'human readable' })
  message: string;

  @ApiPropertyOptional({
    description: 'validation_failed only: which field and why',
    example: [{ field: 'email', message: 'email must be an email address' }],
  })
  details?: { field: string; message: string }[];
}

/** The name of the security scheme access-token routes use in the document. */
export const BEARER_SCHEME = 'accessToken';

const DOCUMENTED = Symbol('api-errors:codes');

/**
 * Documents the error answers a route can give, each with its status and an example of the
 * docs/api.md body, e.g. `@ApiErrors(ErrorCode.InvalidCredentials, ErrorCode.RateLimited)`.
 * Repeatable and cumulative: codes of the same status are listed together. On a controller
 * class it applies to every route of the class.
 */
export function ApiErrors(...codes: ErrorCode[]): MethodDecorator & ClassDecorator {
  return ((target: object, key?: string | symbol, descriptor?: PropertyDescriptor) => {
    if (descriptor) {
      document(descriptor.value as object, codes);
      return descriptor;
    }
    const prototype = (target as { prototype: object }).prototype;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const handler = Object.getOwnPropertyDescriptor(prototype, name)?.value as object | undefined;
      if (typeof handler === 'function' && Reflect.hasMetadata(PATH_METADATA, handler)) document(handler, codes);
    }
    return target;
  }) as MethodDecorator & ClassDecorator;
}

/**
 * A route that needs an access token: the Bearer scheme, and the 401s of a missing, bad,
 * expired or ended token. Add `ErrorCode.Forbidden` with ApiErrors where a role is required.
 */
export function ApiBearer(): MethodDecorator & ClassDecorator {
  return applyDecorators(ApiBearerAuth(BEARER_SCHEME), ApiErrors(ErrorCode.InvalidToken, ErrorCode.TokenExpired, ErrorCode.SessionRevoked));
}

/** The error codes documented on a route handler (for tests). */
export function documentedErrors(handler: object): ErrorCode[] {
  return Reflect.getMetadata(DOCUMENTED, handler) ?? [];
}

function document(handler: object, codes: ErrorCode[]): void {
  const known = documentedErrors(handler);
  const fresh = codes.filter((code) => !known.includes(code));
  Reflect.defineMetadata(DOCUMENTED, [...known, ...fresh], handler);
  for (const code of fresh) {
    (ApiResponse(errorResponse(code)) as MethodDecorator)({}, 'handler', { value: handler });
  }
}

/** The OpenAPI response of one error code: its status, the docs/api.md body and an example. */
export function errorResponse(code: ErrorCode): ApiResponseOptions {
  const { status, message } = new AppError(code);
  return {
    status,
    type: ApiErrorBody,
    description: `\`${code}\`: ${message}`,
    examples: { [code]: { summary: code, value: { statusCode: status, error: STATUS_CODES[status], code, message } } },
    ...(code === ErrorCode.RateLimited
      ? { headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } } }
      : {}),
  };
}
