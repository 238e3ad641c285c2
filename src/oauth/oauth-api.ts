import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';
import { DPOP_ALGORITHMS } from '@auth-service/guard';
import type { OAuthErrorCode } from './oauth-errors.js';

/** The error body of RFC 6749 §5.2, which the OAuth endpoints answer instead of docs/api.md's. */
export class OAuthErrorBody {
  @ApiProperty({
    enum: [
      'invalid_request',
      'invalid_client',
      'invalid_grant',
      'unsupported_grant_type',
      'invalid_dpop_proof',
      'use_dpop_nonce',
      'temporarily_unavailable',
    ],
  })
  error: string;

  @ApiProperty({ example: 'The refresh token was already used; the session has been ended' })
  error_description: string;
}

/** RFC 6749 §5.1. */
export class OAuthTokenResponseBody {
  @ApiProperty() access_token: string;
  @ApiProperty({ enum: ['Bearer', 'DPoP'] }) token_type: string;
  @ApiProperty({ example: 600 }) expires_in: number;
  @ApiProperty() refresh_token: string;
}

/** RFC 7662 §2.2: `{ active: false }`, or the token's claims. */
export class IntrospectionResponseBody {
  @ApiProperty() active: boolean;
  @ApiPropertyOptional({ enum: ['Bearer', 'DPoP', 'refresh_token'] }) token_type?: string;
  @ApiPropertyOptional() sub?: string;
  @ApiPropertyOptional({ description: 'the session family' }) sid?: string;
  @ApiPropertyOptional() exp?: number;
  @ApiPropertyOptional({ description: 'bound tokens: { jkt }' }) cnf?: { jkt: string };
}

/** RFC 8414 metadata (the members we publish). */
export class AuthorizationServerMetadataBody {
  @ApiProperty() issuer: string;
  @ApiProperty() token_endpoint: string;
  @ApiProperty() revocation_endpoint: string;
  @ApiPropertyOptional({ description: 'only with INTROSPECTION_SECRET' }) introspection_endpoint?: string;
  @ApiProperty() jwks_uri: string;
  @ApiProperty({ example: ['refresh_token'] }) grant_types_supported: string[];
  @ApiProperty({ example: [...DPOP_ALGORITHMS] }) dpop_signing_alg_values_supported: string[];
}

/** Documents the OAuth errors a route answers: `[error, status, description]` each. */
export function ApiOAuthErrors(...errors: [OAuthErrorCode, number, string][]): MethodDecorator {
  return applyDecorators(
    ApiExtraModels(OAuthErrorBody),
    ...errors.map(([error, status, description]) =>
      ApiResponse({
        status,
        type: OAuthErrorBody,
        description: `\`${error}\`: ${description}`,
        examples: { [error]: { summary: error, value: { error, error_description: description } } },
      }),
    ),
  );
}
