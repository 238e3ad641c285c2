import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AuditType } from '../../audit/audit.types.js';
import { SessionResponse, UserResponse } from '../../auth/dto/auth.responses.js';
import type { GenerationView, SessionDetailView } from '../../sessions/session.view.js';
import type { AuditEventView } from '../admin.service.js';

// Documentation shapes of the admin answers (OpenAPI), kept in step by `implements`.

export class AdminUserResponse extends UserResponse {
  @ApiPropertyOptional()
  disabled?: boolean;
}

export class UsersPage {
  @ApiProperty({ type: [AdminUserResponse] })
  items: AdminUserResponse[];

  @ApiProperty({ type: String, nullable: true, description: 'null on the last page' })
  nextCursor: string | null;
}

export class SessionsPage {
  @ApiProperty({ type: [SessionResponse] })
  items: SessionResponse[];

  @ApiProperty({ type: String, nullable: true, description: 'null on the last page' })
  nextCursor: string | null;
}

export class GenerationResponse implements GenerationView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null for the first generation' })
  parentId: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  rotatedAt: string | null;

  @ApiProperty({ format: 'date-time' })
  expiresAt: string;
}

export class SessionDetailResponse extends SessionResponse implements SessionDetailView {
  @ApiProperty({ type: [GenerationResponse], description: 'The newest generations, oldest first, linked by parentId' })
  generations: GenerationResponse[];

  @ApiProperty({ description: 'How many generations the family holds, shown or not' })
  generationCount: number;
}

export class AuditEventResponse implements AuditEventView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'date-time' })
  at: string;

  @ApiProperty({ enum: AuditType, enumName: 'AuditType' })
  type: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  userId: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  sessionId: string | null;

  @ApiProperty({ type: String, nullable: true })
  ip: string | null;

  @ApiProperty({ type: String, nullable: true })
  userAgent: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true })
  detail: Record<string, unknown>;
}

export class AuditPage {
  @ApiProperty({ type: [AuditEventResponse] })
  items: AuditEventResponse[];

  @ApiProperty({ type: String, nullable: true, description: 'null on the last page' })
  nextCursor: string | null;
}
