import { IsEmail, IsOptional, IsString, Length, Matches, MaxLength, ValidateIf } from 'class-validator';
import { DEVICE_ID_PATTERN, DEVICE_ID_RULE } from '../../sessions/device-id.js';

/** Optional, but null is a wrong type rather than "absent" (unlike @IsOptional). */
const OmittableNotNull = (field: string) => ValidateIf((dto: Record<string, unknown>) => dto[field] !== undefined);

/** Passwords: 8-128 characters of any Unicode, used exactly as typed (never trimmed). */
const PASSWORD = Length(8, 128, { message: 'password must be 8 to 128 characters' });
/** Device ids: 8-128 characters of [A-Za-z0-9._-]. */
const DEVICE_ID = Matches(DEVICE_ID_PATTERN, { message: DEVICE_ID_RULE });

export class RegisterDto {
  @IsString() @MaxLength(254) @IsEmail({}, { message: 'email must be an email address' })
  email: string;

  @IsString() @PASSWORD
  password: string;

  @IsOptional() @IsString() @Length(1, 200)
  name?: string;
}

export class LoginDto {
  @IsString() @MaxLength(254) @IsEmail({}, { message: 'email must be an email address' })
  email: string;

  // Only the upper bound here: a too-short password is simply wrong, not a validation error.
  @IsString() @Length(1, 128)
  password: string;

  @IsOptional() @IsString() @DEVICE_ID
  deviceId?: string;

  @IsOptional() @IsString() @Length(1, 200)
  deviceName?: string;
}

export class RefreshDto {
  @OmittableNotNull('refreshToken') @IsString() @MaxLength(512)
  refreshToken?: string;

  @OmittableNotNull('deviceId') @IsString() @DEVICE_ID
  deviceId?: string;

  /** JWE compact serialization (RSA-OAEP-256 + A256GCM) of { refreshToken, deviceId, ts }. */
  @OmittableNotNull('envelope') @IsString() @MaxLength(8192)
  envelope?: string;
}

export class ChangePasswordDto {
  @IsString() @Length(1, 128)
  currentPassword: string;

  @IsString() @PASSWORD
  newPassword: string;
}
