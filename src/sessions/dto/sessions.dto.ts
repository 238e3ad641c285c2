import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

/** DELETE /auth/sessions: `keep=current` spares the caller's own family; no other value is accepted. */
export class EndSessionsQuery {
  @ApiPropertyOptional({ enum: ['current'], description: '`current`: end every session but the one making the request' })
  @IsOptional()
  @IsIn(['current'], { message: 'keep must be "current"' })
  keep?: 'current';
}
