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
import { DEVICE_ID_PATTERN } from '@auth-service/contract';
import { DeviceIdField, DeviceNameField } from '../../common/device-fields.js';
import { acceptAsIs, isPlainObject, optionalStrings } from '../../common/validation.pipe.js';

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

  @DeviceIdField()
  deviceId?: string;

  @DeviceNameField()
  deviceName?: string;
}

// A passkey sign-in's body is checked on every passkey sign-in: one that certainly passes the
// rules above is taken as it is (acceptAsIs), as browsers send it. Base64url has one code unit
// per character, so .length is what the rules count; a device name with surrogates or
// variation selectors (which the rules count otherwise), an extension result that is not a
// plain value, or anything else unusual takes the full check.
const base64url = (max: number) => (value: string) => value.length <= max && BASE64URL.test(value);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** Code units the rules' length does not count one for one: surrogates, variation selectors. */
const ODD_UNITS = /[\uD800-\uDFFF]|\uFE0E|\uFE0F/;

/** Whether `body` has every key of `keys` (own, not undefined). */
const has = (body: Record<string, unknown>, keys: string[]) => keys.every((key) => Object.hasOwn(body, key) && body[key] !== undefined);

/** An object of plain values only (strings, numbers, booleans), none under a key class-transformer drops. */
const plainValues = (value: unknown) =>
  isPlainObject(value) &&
  Object.entries(value).every(
    ([key, v]) => key !== '__proto__' && key !== 'constructor' && ['string', 'number', 'boolean'].includes(typeof v),
  );

function plainAssertion(value: unknown): boolean {
  if (!isPlainObject(value)) return false;
  const { response, clientExtensionResults, ...rest } = value;
  return (
    has(rest, ['id', 'rawId', 'type']) &&
    optionalStrings(rest, {
      id: base64url(1024),
      rawId: base64url(1024),
      type: (v) => v === 'public-key',
      authenticatorAttachment: (v) => v === 'platform' || v === 'cross-platform',
    }) &&
    isPlainObject(response) &&
    has(response, ['clientDataJSON', 'authenticatorData', 'signature']) &&
    optionalStrings(response, {
      clientDataJSON: base64url(8192),
      authenticatorData: base64url(8192),
      signature: base64url(2048),
      userHandle: base64url(512),
      attestationObject: base64url(65536),
    }) &&
    plainValues(clientExtensionResults)
  );
}

acceptAsIs(
  PasskeyLoginDto,
  (body) => {
    const { response, ...rest } = body;
    return (
      has(rest, ['challengeId']) &&
      optionalStrings(rest, {
        challengeId: (v) => UUID.test(v),
        deviceId: (v) => DEVICE_ID_PATTERN.test(v),
        deviceName: (v) => v.length >= 1 && v.length <= 200 && !ODD_UNITS.test(v),
      }) &&
      plainAssertion(response)
    );
  },
  // what class-transformer makes of it: an instance of each nested DTO
  (body) => {
    const response = body.response as Record<string, unknown>;
    return Object.assign(new PasskeyLoginDto(), body, {
      response: Object.assign(new AuthenticationResponseDto(), response, {
        response: Object.assign(new AssertionBody(), response.response),
      }),
    });
  },
);

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
