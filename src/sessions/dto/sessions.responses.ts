import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TOKEN_TYPES, type TokenPair, type TokenType } from '@auth-service/contract';
import type { LoginAnswer } from '../login-answer.js';
import type { SessionView } from '../session.view.js';

// Documentation shape of a session (OpenAPI); `implements` keeps it in step with the view the service returns.

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

export class TokenPairResponse implements TokenPair {
  @ApiProperty({
    enum: TOKEN_TYPES,
    description:
      "`DPoP` when the access token is bound to the DPoP key of the login's proof (RFC 9449): send it as `Authorization: DPoP` with a proof",
  })
  tokenType: TokenType;

  @ApiProperty({ description: 'JWS (ES256, typ at+jwt), verifiable with /.well-known/jwks.json' })
  accessToken: string;

  @ApiProperty({ description: 'Seconds the access token is valid', example: 600 })
  expiresIn: number;

  @ApiPropertyOptional({
    description: 'Opaque and one-time: each refresh returns a new one. Absent in cookie mode (the HttpOnly cookie carries it)',
  })
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
