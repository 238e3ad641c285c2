import { Transform } from 'class-transformer';
import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

/**
 * `:id` route parameters: anything but a UUID is 400 validation_failed, never a database error.
 * Lower-cased, the form PostgreSQL returns, so comparing ids in code (is this the caller's own
 * account?) agrees with the database, which matches them whatever their case.
 */
export class IdParams {
  @ApiProperty({ format: 'uuid' })
  @Transform(({ value }) => (typeof value === 'string' ? value.toLowerCase() : value))
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}
