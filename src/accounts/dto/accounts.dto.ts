import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Length } from 'class-validator';
import { RoleList } from '../../admin/dto/admin.dto.js';
import { IsAccountEmail } from '../../email-address/email.js';

export class DeleteMeDto {
  // the upper bound only: a short password is simply wrong
  @ApiPropertyOptional({
    minLength: 1,
    maxLength: 128,
    description: "The account's password; an account without one steps up instead (POST /auth/step-up)",
  })
  @IsOptional()
  @IsString()
  @Length(1, 128)
  password?: string;
}

export class ChangeEmailDto {
  @ApiProperty({ format: 'email', maxLength: 254, example: 'ada@new.example.com' })
  @IsAccountEmail()
  newEmail: string;

  @ApiProperty({ minLength: 1, maxLength: 128, description: "The account's password" })
  @IsString()
  @Length(1, 128)
  password: string;
}

export class ConfirmEmailChangeDto {
  @ApiProperty({ minLength: 1, maxLength: 512, description: 'The token of the mailed link' })
  @IsString()
  @Length(1, 512, { message: 'token must be 1 to 512 characters' })
  token: string;
}

export class CreateUserDto {
  @ApiProperty({ format: 'email', maxLength: 254, example: 'grace@example.com' })
  @IsAccountEmail()
  email: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 200 })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ type: [String], description: '`user`, `admin` and the app roles of ROLES; default `["user"]`' })
  @IsOptional()
  @RoleList()
  roles?: string[];

  @ApiPropertyOptional({ description: 'Mail a set-password link valid INVITE_TTL seconds' })
  @IsOptional()
  @IsBoolean()
  invite?: boolean;
}
