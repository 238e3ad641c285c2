import { ApiProperty } from '@nestjs/swagger';
import type { MeView, UserView } from '../../users/users.service.js';

// Documentation shapes of the answers (OpenAPI); `implements` keeps each in step with the type
// the service really returns.

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
