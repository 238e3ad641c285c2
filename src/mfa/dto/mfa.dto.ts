import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { DEVICE_ID_PATTERN, DEVICE_ID_RULE } from '@auth-service/contract';

const BASE64URL = /^[A-Za-z0-9_-]*$/;
const B64 = (field: string, max: number) => [IsString(), MaxLength(max), Matches(BASE64URL, { message: `${field} must be base64url` })];
const apply =
  (decorators: PropertyDecorator[]): PropertyDecorator =>
  (target, key) =>
    decorators.forEach((d) => {
      d(target, key);
    });

/** A second-factor code: 6 TOTP digits or a recovery code (groups and case ignored). */
const CODE = [IsString(), Length(6, 32, { message: 'code must be a 6-digit code or a recovery code' })];

class AssertionBody {
  @ApiProperty() @apply(B64('clientDataJSON', 8192)) clientDataJSON: string;
  @ApiProperty() @apply(B64('authenticatorData', 8192)) authenticatorData: string;
  @ApiProperty() @apply(B64('signature', 2048)) signature: string;
  @ApiPropertyOptional() @IsOptional() @apply(B64('userHandle', 512)) userHandle?: string;
  @ApiPropertyOptional() @IsOptional() @apply(B64('attestationObject', 65536)) attestationObject?: string;
}

/** `AuthenticationResponseJSON` (WebAuthn Level 3 `toJSON()` of an assertion), checked for shape; @simplewebauthn/server checks the rest. */
export class AuthenticationResponseDto {
  @ApiProperty() @apply(B64('id', 1024)) id: string;
  @ApiProperty() @apply(B64('rawId', 1024)) rawId: string;
  @ApiProperty({ enum: ['public-key'] }) @IsIn(['public-key']) type: 'public-key';
  @ApiProperty({ type: AssertionBody }) @IsObject() @ValidateNested() @Type(() => AssertionBody) response: AssertionBody;
  @ApiProperty({ type: 'object', additionalProperties: true }) @IsObject() clientExtensionResults: Record<string, unknown>;
  @ApiPropertyOptional({ enum: ['platform', 'cross-platform'] })
  @IsOptional()
  @IsIn(['platform', 'cross-platform'])
  authenticatorAttachment?: 'platform' | 'cross-platform';
}

class AttestationBody {
  @ApiProperty() @apply(B64('clientDataJSON', 8192)) clientDataJSON: string;
  @ApiProperty() @apply(B64('attestationObject', 65536)) attestationObject: string;
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(8)
  @IsString({ each: true })
  @MaxLength(32, { each: true })
  transports?: string[];
  @ApiPropertyOptional() @IsOptional() @apply(B64('authenticatorData', 65536)) authenticatorData?: string;
  @ApiPropertyOptional() @IsOptional() @apply(B64('publicKey', 8192)) publicKey?: string;
  @ApiPropertyOptional({ description: 'COSE algorithm of the new key' }) @IsOptional() @IsInt() publicKeyAlgorithm?: number;
}

/** `RegistrationResponseJSON` (WebAuthn Level 3 `toJSON()` of a new credential), checked for shape. */
export class RegistrationResponseDto {
  @ApiProperty() @apply(B64('id', 1024)) id: string;
  @ApiProperty() @apply(B64('rawId', 1024)) rawId: string;
  @ApiProperty({ enum: ['public-key'] }) @IsIn(['public-key']) type: 'public-key';
  @ApiProperty({ type: AttestationBody }) @IsObject() @ValidateNested() @Type(() => AttestationBody) response: AttestationBody;
  @ApiProperty({ type: 'object', additionalProperties: true }) @IsObject() clientExtensionResults: Record<string, unknown>;
  @ApiPropertyOptional({ enum: ['platform', 'cross-platform'] })
  @IsOptional()
  @IsIn(['platform', 'cross-platform'])
  authenticatorAttachment?: 'platform' | 'cross-platform';
}

export class CodeDto {
  @ApiProperty({ example: '123456', description: 'A TOTP code from the authenticator app' })
  @apply(CODE)
  code: string;
}

export class RegisterPasskeyDto {
  @ApiProperty({ type: RegistrationResponseDto })
  @IsObject()
  @ValidateNested()
  @Type(() => RegistrationResponseDto)
  response: RegistrationResponseDto;

  @ApiPropertyOptional({ minLength: 1, maxLength: 100, example: 'Laptop' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  name?: string;
}

export class PasskeyLoginDto {
  @ApiProperty({ format: 'uuid', description: 'From POST /auth/passkeys/login/options' })
  @IsUUID('all', { message: 'challengeId must be a UUID' })
  challengeId: string;

  @ApiProperty({ type: AuthenticationResponseDto })
  @IsObject()
  @ValidateNested()
  @Type(() => AuthenticationResponseDto)
  response: AuthenticationResponseDto;

  @ApiPropertyOptional({ pattern: '^[A-Za-z0-9._-]{8,128}$' })
  @IsOptional()
  @IsString()
  @Matches(DEVICE_ID_PATTERN, { message: DEVICE_ID_RULE })
  deviceId?: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 200 })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  deviceName?: string;
}

export class MfaTokenDto {
  @ApiProperty({ description: 'The mfaToken of the mfa_required answer' })
  @IsString()
  @Length(1, 128)
  mfaToken: string;
}

/** A code or a passkey assertion, exactly one. */
export class SecondFactorDto {
  @ApiPropertyOptional({ description: 'A TOTP code or a recovery code (send `code` or `passkey`)', example: '123456' })
  @ValidateIf((dto: SecondFactorDto) => dto.passkey === undefined)
  @apply(CODE)
  code?: string;

  @ApiPropertyOptional({
    type: AuthenticationResponseDto,
    description: 'A passkey assertion for the options of /auth/mfa/challenge or /auth/step-up/options',
  })
  @ValidateIf((dto: SecondFactorDto) => dto.code === undefined || dto.passkey !== undefined)
  @IsObject()
  @ValidateNested()
  @Type(() => AuthenticationResponseDto)
  passkey?: AuthenticationResponseDto;
}

export class MfaVerifyDto extends SecondFactorDto {
  @ApiProperty({ description: 'The mfaToken of the mfa_required answer' })
  @IsString()
  @Length(1, 128)
  mfaToken: string;
}
