import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { SessionView } from '../../sessions/session.view.js';
import type { TokenPair } from '../../sessions/sessions.service.js';
import type { LoginAnswer } from '../auth.service.js';
import type { UserView } from '../../users/users.service.js';

// Documentation shapes of the answers (OpenAPI); `implements` keeps each in step with the type
// the service really returns.

export class TokenPairResponse implements TokenPair {
  @ApiProperty({ enum: ['Bearer'] })
  tokenType: 'Bearer';

  @ApiProperty({ description: 'JWS (ES256, typ at+jwt), verifiable with /.well-known/jwks.json' })
  accessToken: string;

  @ApiProperty({ description: 'Seconds the access token is valid', example: 600 })
  expiresIn: number;

  @ApiProperty({ description: 'Opaque and one-time: each refresh returns a new one' })
  refreshToken: string;

  @ApiProperty({ description: 'Seconds until the refresh token expires (idle or absolute)', example: 1209600 })
  refreshExpiresIn: number;

  @ApiProperty({ format: 'uuid', description: 'The session family id (`sid` of the access token)' })
  sessionId: string;

  @ApiProperty({ example: 'ada-laptop-1' })
  deviceId: string;
}

export class LoginResponse extends TokenPairResponse implements LoginAnswer {
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

/** GET /auth/me: the account and whether a second factor is active. */
export class MeResponse extends UserResponse {
  @ApiProperty({ description: 'A second factor (TOTP or passkey) is active' })
  mfa: boolean;
}

export class SessionResponse implements SessionView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  userId: string;

  @ApiProperty()
  deviceId: string;

  @ApiProperty({ type: String, nullable: true })
  deviceName: string | null;

  @ApiProperty({ type: String, nullable: true })
  userAgent: string | null;

  @ApiProperty({ type: String, nullable: true })
  ip: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  lastUsedAt: string;

  @ApiProperty({ format: 'date-time', description: 'The earlier of the idle and the absolute expiry' })
  expiresAt: string;

  @ApiPropertyOptional({ description: 'In /auth/sessions only: the session making the request' })
  current?: boolean;
}
