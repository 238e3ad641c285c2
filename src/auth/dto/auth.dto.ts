import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches, MaxLength, ValidateIf } from 'class-validator';
import { DEVICE_ID_PATTERN, DEVICE_ID_RULE } from '@auth-service/contract';
import { IsAccountEmail } from '../../email-address/email.js';
import { DeviceIdField, DeviceNameField } from '../../common/device-fields.js';
import { acceptAsIs, optionalStrings } from '../../common/validation.pipe.js';

/** Optional, but null is a wrong type rather than "absent" (unlike @IsOptional). */
const OmittableNotNull = (field: string) => ValidateIf((dto: Record<string, unknown>) => dto[field] !== undefined);

/** Passwords: 8-128 characters of any Unicode, used exactly as typed (never trimmed). */
const PASSWORD = Length(8, 128, { message: 'password must be 8 to 128 characters' });
/** Device ids: 8-128 characters of [A-Za-z0-9._-]. */
const DEVICE_ID = Matches(DEVICE_ID_PATTERN, { message: DEVICE_ID_RULE });

export class RegisterDto {
  @ApiProperty({ format: 'email', maxLength: 254, example: 'ada@example.com' })
  @IsString()
  @IsAccountEmail()
  email: string;

  @ApiProperty({ minLength: 8, maxLength: 128, description: 'Any Unicode, used exactly as typed', example: 'correct horse battery' })
  @IsString()
  @PASSWORD
  password: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 200, example: 'Ada' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;
}

export class LoginDto {
  @ApiProperty({ format: 'email', maxLength: 254, example: 'ada@example.com' })
  @IsString()
  @IsAccountEmail()
  email: string;

  // Only the upper bound here: a too-short password is simply wrong, not a validation error.
  @ApiProperty({ minLength: 1, maxLength: 128, example: 'correct horse battery' })
  @IsString()
  @Length(1, 128)
  password: string;

  @DeviceIdField({ description: "The client's own device id; absent: one is generated and returned", example: 'ada-laptop-1' })
  deviceId?: string;

  @DeviceNameField({ example: 'Laptop' })
  deviceName?: string;

  /** The deviceToken of an earlier login on this device: its own guess budget (OWASP device cookies). */
  @ApiPropertyOptional({
    maxLength: 2048,
    description: "The `deviceToken` of an earlier login on this device: a guess budget of its own, never refused for others' failures",
  })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  deviceToken?: string;
}

export class RefreshDto {
  @ApiPropertyOptional({ maxLength: 512, description: 'The newest refresh token of the session (or send `envelope` instead)' })
  @OmittableNotNull('refreshToken')
  @IsString()
  @MaxLength(512)
  refreshToken?: string;

  @ApiPropertyOptional({ pattern: DEVICE_ID_PATTERN.source, description: "When sent, must be the session's device id" })
  @OmittableNotNull('deviceId')
  @IsString()
  @DEVICE_ID
  deviceId?: string;

  /** JWE compact serialization (RSA-OAEP-256 + A256GCM) of { refreshToken, deviceId, ts }. */
  @ApiPropertyOptional({
    maxLength: 8192,
    description: 'JWE (RSA-OAEP-256, A256GCM, kid of the JWKS `enc` key) of `{ refreshToken, deviceId, ts }`; excludes the other fields',
  })
  @OmittableNotNull('envelope')
  @IsString()
  @MaxLength(8192)
  envelope?: string;
}

// The refresh body is checked on every refresh: one that certainly passes the rules above is
// taken as it is (the rules' lengths are at most these .length, which count code units).
acceptAsIs(RefreshDto, (body) =>
  optionalStrings(body, {
    refreshToken: (value) => value.length <= 512,
    deviceId: (value) => DEVICE_ID_PATTERN.test(value),
    envelope: (value) => value.length <= 8192,
  }),
);

/** POST /auth/logout without a Bearer token: the refresh token of the family to end. */
export class LogoutDto {
  @ApiPropertyOptional({ maxLength: 512, description: 'Without a Bearer token: the refresh token of the session to end' })
  @OmittableNotNull('refreshToken')
  @IsString()
  @MaxLength(512)
  refreshToken?: string;
}

export class ChangePasswordDto {
  @ApiProperty({ minLength: 1, maxLength: 128 })
  @IsString()
  @Length(1, 128)
  currentPassword: string;

  @ApiProperty({ minLength: 8, maxLength: 128, description: 'Any Unicode, used exactly as typed' })
  @IsString()
  @PASSWORD
  newPassword: string;
}
