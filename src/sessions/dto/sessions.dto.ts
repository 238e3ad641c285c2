import { IsIn, IsOptional } from 'class-validator';

/** DELETE /auth/sessions: `keep=current` spares the caller's own family; no other value is accepted. */
export class EndSessionsQuery {
  @IsOptional() @IsIn(['current'], { message: 'keep must be "current"' })
  keep?: 'current';
}
