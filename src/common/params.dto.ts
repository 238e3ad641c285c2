import { IsUUID } from 'class-validator';

/** `:id` route parameters: anything but a UUID is 400 validation_failed, never a database error. */
export class IdParams {
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}
