import { IsString, Length } from 'class-validator';
import { IsAccountEmail } from '../../users/email.js';

/** Mailed tokens are 43 characters; anything up to this length is "invalid", not malformed. */
const TOKEN = Length(1, 512, { message: 'token must be 1 to 512 characters' });

export class ForgotPasswordDto {
  /** The registration rule, so every spelling that names an account is accepted. */
  @IsAccountEmail()
  email: string;
}

export class ResetPasswordDto {
  @IsString() @TOKEN
  token: string;

  /** The registration rule: 8 to 128 characters of any Unicode, as typed. */
  @IsString() @Length(8, 128, { message: 'newPassword must be 8 to 128 characters' })
  newPassword: string;
}

export class VerifyEmailDto {
  @IsString() @TOKEN
  token: string;
}
