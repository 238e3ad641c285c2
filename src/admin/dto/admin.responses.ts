import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AuditType } from '../../audit/audit.types.js';
import { UserResponse } from '../../auth/dto/auth.responses.js';
import { SessionResponse } from '../../sessions/dto/sessions.responses.js';
import type { GenerationView, SessionDetailView } from '../../sessions/session.view.js';
import type { KeyState, KeysView, KeyView, RotationView } from '../admin-keys.service.js';
import type { AuditEventView } from '../admin.service.js';
import type { OverviewCounts, OverviewView } from '../overview.service.js';

// Documentation shapes of the admin answers (OpenAPI), kept in step by `implements`.

export class AdminUserResponse extends UserResponse {
  @ApiPropertyOptional()
  disabled?: boolean;

  @ApiPropertyOptional({ description: 'Whether the user proved they own the email address' })
  emailVerified?: boolean;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'What access tokens carry as `claims`' })
  claims?: Record<string, unknown>;
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

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The session the event is about; asked with ?sessionId=, that session even when the event names several',
  })
  sessionId: string | null;

  @ApiProperty({
    type: [String],
    nullable: true,
    description: "Every session an event about several names (ending all of a user's sessions writes one event), else null",
  })
  sessionIds: string[] | null;

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

export class OverviewCountsResponse implements OverviewCounts {
  @ApiProperty({ description: 'login_succeeded events' })
  logins: number;

  @ApiProperty({ description: 'login_failed events' })
  loginFailures: number;

  @ApiProperty({ description: 'token_refreshed events' })
  refreshes: number;

  @ApiProperty({ description: 'refresh_reuse_detected events' })
  reuseDetections: number;

  @ApiProperty({ description: 'device_mismatch events' })
  deviceMismatches: number;
}

export class OverviewHourResponse extends OverviewCountsResponse {
  @ApiProperty({ format: 'date-time', description: 'Start of the UTC hour' })
  hour: string;
}

export class OverviewResponse implements OverviewView {
  @ApiProperty({ format: 'date-time', description: 'Start of the first hourly bucket (23 hours before the current UTC hour)' })
  from: string;

  @ApiProperty({ format: 'date-time' })
  to: string;

  @ApiProperty({ description: 'Families live now: not expired, not ended' })
  liveSessions: number;

  @ApiProperty({ type: OverviewCountsResponse })
  totals: OverviewCountsResponse;

  @ApiProperty({ type: [OverviewHourResponse], description: '24 buckets, oldest first; the last is the current, partial hour' })
  hourly: OverviewHourResponse[];
}

export class KeyResponse implements KeyView {
  @ApiProperty()
  kid: string;

  @ApiProperty({ enum: ['sig', 'enc'] })
  use: 'sig' | 'enc';

  @ApiProperty({ example: 'ES256' })
  alg: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time', description: 'From when it signs (sig) or is preferred (enc)' })
  activatesAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When a newer key takes (or took) over' })
  retiredAt: string | null;

  @ApiProperty({ enum: ['pending', 'active', 'retired'] })
  state: KeyState;
}

export class KeysResponse implements KeysView {
  @ApiProperty({ description: 'KEY_ACTIVATION_DELAY: seconds between publishing a rotated key and using it' })
  activationDelaySeconds: number;

  @ApiProperty({ type: Number, nullable: true, description: 'SIGNING_KEY_ROTATION, or null when keys rotate only on demand' })
  automaticRotationSeconds: number | null;

  @ApiProperty({ description: 'How long a retired key stays published (access-token lifetime plus clock skew)' })
  retiredKeyPublishedSeconds: number;

  @ApiProperty({ type: [KeyResponse], description: 'The published keys, newest first' })
  items: KeyResponse[];
}

export class RotationResponse implements RotationView {
  @ApiProperty({ format: 'date-time', description: 'When the new keys take over' })
  activatesAt: string;

  @ApiProperty()
  activationDelaySeconds: number;

  @ApiProperty({ type: [KeyResponse], description: 'The new signing and envelope keys' })
  created: KeyResponse[];
}
