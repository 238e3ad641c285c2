import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { IsAccountEmail } from '../../email-address/email.js';

/** Mailed tokens are 43 characters; anything up to this length is "invalid", not malformed. */
const TOKEN = Length(1, 512, { message: 'token must be 1 to 512 characters' });

export class ForgotPasswordDto {
  /** The registration rule, so every spelling that names an account is accepted. */
  @ApiProperty({ format: 'email', maxLength: 254, example: 'ada@example.com' })
  @IsAccountEmail()
  email: string;
}

export class ResetPasswordDto {
  @ApiProperty({ minLength: 1, maxLength: 512, description: 'The token of the mailed link' })
  @IsString()
  @TOKEN
  token: string;

  /** The registration rule: 8 to 128 characters of any Unicode, as typed. */
  @ApiProperty({ minLength: 8, maxLength: 128, description: 'Any Unicode, used exactly as typed' })
  @IsString()
  @Length(8, 128, { message: 'newPassword must be 8 to 128 characters' })
  newPassword: string;
}

export class CheckResetTokenDto {
  @ApiProperty({ minLength: 1, maxLength: 512, description: 'The token of the mailed link' })
  @IsString()
  @TOKEN
  token: string;
}

/** What POST /auth/password/reset/check says of a token: a reset with it would be accepted, or why not. */
export class ResetTokenCheckDto {
  @ApiProperty({ description: 'true: POST /auth/password/reset with this token would be accepted now' })
  valid: boolean;

  @ApiProperty({
    required: false,
    enum: ['reset_token_invalid', 'account_disabled'],
    description: 'Why not, when valid is false: the code the reset would answer',
  })
  code?: 'reset_token_invalid' | 'account_disabled';
}

export class VerifyEmailDto {
  @ApiProperty({ minLength: 1, maxLength: 512, description: 'The token of the mailed link' })
  @IsString()
  @TOKEN
  token: string;
}
