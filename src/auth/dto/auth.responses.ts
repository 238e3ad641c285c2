import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TOKEN_TYPES, type TokenPair, type TokenType } from '@auth-service/contract';
import type { LoginAnswer } from '../auth.service.js';
import type { MeView, UserView } from '../../users/users.service.js';

// Documentation shapes of the answers (OpenAPI); `implements` keeps each in step with the type
// the service really returns.

export class TokenPairResponse implements TokenPair {
  @ApiProperty({ enum: TOKEN_TYPES, description: '`DPoP` when the access token is bound to the DPoP key of the login\'s proof (RFC 9449): send it as `Authorization: DPoP` with a proof' })
  tokenType: TokenType;

  @ApiProperty({ description: 'JWS (ES256, typ at+jwt), verifiable with /.well-known/jwks.json' })
  accessToken: string;

  @ApiProperty({ description: 'Seconds the access token is valid', example: 600 })
  expiresIn: number;

  @ApiPropertyOptional({ description: 'Opaque and one-time: each refresh returns a new one. Absent in cookie mode (the HttpOnly cookie carries it)' })
  refreshToken?: string;

  @ApiProperty({ description: 'Seconds until the refresh token expires (idle or absolute)', example: 1209600 })
  refreshExpiresIn: number;

  @ApiProperty({ format: 'uuid', description: 'The session family id (`sid` of the access token)' })
  sessionId: string;

  @ApiProperty({ example: 'ada-laptop-1' })
  deviceId: string;
}

// in cookie mode the refresh token goes to the cookie, so the answer may lack it
export class LoginResponse extends TokenPairResponse implements Omit<LoginAnswer, 'refreshToken'> {
  @ApiProperty({ description: 'Opaque and signed, bound to the user and deviceId, valid a year: send it with later logins on this device' })
  deviceToken: string;
}

export class UserResponse implements UserView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'email' })
  email: string;

  @ApiProperty({ type: String, nullable: true })
  name: string | null;

  @ApiProperty({ type: [String], example: ['user'] })
  roles: string[];

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

export class MeResponse extends UserResponse implements MeView {
  @ApiProperty({ description: 'The email was verified (a mailed link was followed)' })
  emailVerified: boolean;

  @ApiProperty({ description: 'The account has a password (false: it signs in only through a provider or a passkey)' })
  hasPassword: boolean;

  @ApiProperty({ description: 'A second factor (TOTP or passkey) is active' })
  mfa: boolean;
}
