import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { SessionView } from '../session.view.js';

// Documentation shape of a session (OpenAPI); `implements` keeps it in step with the view the service returns.

export class SessionResponse implements SessionView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  userId: string;

  @ApiProperty()
  deviceId: string;

  @ApiProperty({ type: String, nullable: true })
  deviceName: string | null;

  @ApiProperty({ type: String, nullable: true })
  userAgent: string | null;

  @ApiProperty({ type: String, nullable: true })
  ip: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  lastUsedAt: string;

  @ApiProperty({ format: 'date-time', description: 'The earlier of the idle and the absolute expiry' })
  expiresAt: string;

  @ApiPropertyOptional({ description: 'In /auth/sessions only: the session making the request' })
  current?: boolean;
}
