import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches, MaxLength, ValidateIf } from 'class-validator';
import { DeviceIdField, DeviceNameField } from '../../common/device-fields.js';
import type { Identity } from '../identities.repository.js';
import type { StartRequest } from '../oidc.service.js';

/** An S256 PKCE challenge: base64url of a SHA-256, 43 characters (RFC 7636 4.2). */
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;
/** A PKCE verifier: 43-128 unreserved characters (RFC 7636 4.1). */
const CODE_VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

export class OidcStartQuery implements StartRequest {
  @ApiProperty({
    description: 'Absolute URL on an origin of CORS_ORIGINS or OIDC_REDIRECT_ORIGINS; the browser comes back here',
    example: 'http://localhost:5173/',
  })
  @IsString()
  @MaxLength(2048)
  redirect_uri: string;

  @ApiProperty({
    enum: ['cookie', 'code'],
    description: '`cookie`: the refresh cookie is set and nothing goes in the URL; `code`: a one-time code for POST /auth/oidc/exchange',
  })
  @IsIn(['cookie', 'code'], { message: 'mode must be "cookie" or "code"' })
  mode: 'cookie' | 'code';

  @ApiPropertyOptional({
    description: "mode=code: BASE64URL(SHA-256(code_verifier)) of the app's own PKCE verifier (S256)",
    pattern: S256_CHALLENGE.source,
  })
  @ValidateIf((q: OidcStartQuery) => q.mode === 'code' || q.code_challenge !== undefined)
  @IsString()
  @Matches(S256_CHALLENGE, { message: 'code_challenge must be an S256 challenge (43 base64url characters); required for mode=code' })
  code_challenge?: string;

  @ApiPropertyOptional({ enum: ['S256'], description: 'Only S256' })
  @IsOptional()
  @IsIn(['S256'], { message: 'code_challenge_method must be S256' })
  code_challenge_method?: 'S256';

  @DeviceIdField()
  deviceId?: string;

  @DeviceNameField()
  deviceName?: string;

  @ApiPropertyOptional({ description: 'From POST /auth/identities/link-token: the provider account is linked to that user' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  link_token?: string;
}

export class OidcExchangeDto {
  @ApiProperty({ description: 'The `code` the callback put on redirect_uri' })
  @IsString()
  @Length(1, 512)
  code: string;

  @ApiProperty({ description: 'The PKCE verifier of the code_challenge given at start', pattern: CODE_VERIFIER.source })
  @IsString()
  @Matches(CODE_VERIFIER, { message: 'codeVerifier must be 43 to 128 characters of A-Z a-z 0-9 . _ ~ -' })
  codeVerifier: string;
}

/** `:id` of the provider routes: the configured id (an unknown one is 404). */
export class ProviderParams {
  @ApiProperty({ example: 'google' })
  @IsString()
  @MaxLength(64)
  id: string;
}

export class ProviderResponse {
  @ApiProperty({ example: 'google' })
  id: string;

  @ApiProperty({ example: 'Google' })
  name: string;
}

/** GET /auth/identities and the console: a linked provider account. */
export interface IdentityView {
  id: string;
  provider: string;
  subject: string;
  email: string | null;
  createdAt: string;
}

export function toIdentityView(identity: Identity): IdentityView {
  return {
    id: identity.id,
    provider: identity.provider,
    subject: identity.subject,
    email: identity.email,
    createdAt: identity.createdAt.toISOString(),
  };
}

export class IdentityResponse implements IdentityView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'google', description: 'The provider id of OIDC_PROVIDERS' })
  provider: string;

  @ApiProperty({ description: "The provider's `sub` for this person" })
  subject: string;

  @ApiProperty({ type: String, nullable: true, format: 'email', description: 'The email the provider gave when it was linked' })
  email: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

export class LinkTokenResponse {
  @ApiProperty({ description: 'Single use, 60 s: pass it to GET /auth/oidc/:id/start as link_token' })
  linkToken: string;
}
