import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
} from 'class-validator';
import { ROLE_NAME } from '../../config/app-config.js';
import { AuditType } from '../../audit/audit.types.js';
import { EmptyAsAbsent, PageQuery, QueryInt } from '../../common/pagination.js';

export { PageQuery };

/** A role list as the admin API takes it; which names exist (`user`, `admin`, ROLES) is checked by the service. */
export const RoleList = () => (target: object, key: string) => {
  IsArray()(target, key);
  ArrayNotEmpty()(target, key);
  ArrayUnique()(target, key);
  ArrayMaxSize(64)(target, key);
  Matches(ROLE_NAME, { each: true, message: 'each role must match [a-z][a-z0-9_-]{0,31}' })(target, key);
};

export class UsersQuery extends PageQuery {
  /** A fragment of the email, matched case-insensitively anywhere in it. */
  @ApiPropertyOptional({ maxLength: 254, description: 'A fragment of the email, matched case-insensitively' })
  @IsOptional()
  @EmptyAsAbsent()
  @IsString()
  @MaxLength(254)
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the rule is about NUL, which PostgreSQL text cannot hold
  @Matches(/^[^\u0000]*$/, { message: 'query must not contain NUL characters' }) // PostgreSQL text cannot hold them
  query?: string;
}

export class SessionsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: "Only this user's sessions" })
  @IsOptional()
  @EmptyAsAbsent()
  @IsUUID('all', { message: 'userId must be a UUID' })
  userId?: string;
}

export class AuditQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @EmptyAsAbsent()
  @IsUUID('all', { message: 'userId must be a UUID' })
  userId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @EmptyAsAbsent()
  @IsUUID('all', { message: 'sessionId must be a UUID' })
  sessionId?: string;

  @ApiPropertyOptional({ enum: AuditType, enumName: 'AuditType' })
  @IsOptional()
  @EmptyAsAbsent()
  @IsIn(Object.values(AuditType), { message: `type must be one of ${Object.values(AuditType).join(', ')}` })
  type?: AuditType;
}

/** PATCH /admin/users/:id. `roles` is the complete new set, not a delta. */
export class UpdateUserDto {
  @ApiPropertyOptional({ description: 'true: the account cannot log in or refresh, and every session of it ends' })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;

  @ApiPropertyOptional({ type: [String], description: 'The complete new set of roles: `user`, `admin` and the app roles of ROLES' })
  @IsOptional()
  @RoleList()
  roles?: string[];

  /** The JSON object access tokens carry as `claims` (at most 1 KiB, no reserved keys); `{}` removes them. */
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      'The JSON object access tokens carry as `claims` (at most 1 KiB; not iss sub aud exp nbf iat jti sid roles amr auth_time cnf claims); `{}` removes them',
  })
  @IsOptional()
  @IsObject()
  claims?: Record<string, unknown>;

  /** Marks the email verified (or not) without a mail, e.g. after checking it another way. */
  @ApiPropertyOptional({ description: 'Mark the email verified (or not) without a mail' })
  @IsOptional()
  @IsBoolean()
  emailVerified?: boolean;
}
