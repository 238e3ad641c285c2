import { Controller, Get, Header, Headers, Inject, Query, Res, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { AppError, ErrorCode } from '../common/errors.js';
import { AppConfig } from '../config/app-config.js';
import { Public } from '@auth-service/guard';
import { FeedSecretGuard } from './feed-secret.guard.js';
import { RevocationHub } from './revocation.hub.js';
import { openRevocationStream } from './revocation.stream.js';
import { decodeCursor, encodeCursor } from './revocation-cursor.js';
import { revocationJson, RevocationsRepository } from './revocations.repository.js';

export class RevocationsQuery {
  /** The `cursor` of a previous answer; absent: every revocation whose tokens may still be live. */
  @ApiPropertyOptional({ description: 'The `cursor` of a previous answer' })
  @IsOptional()
  @IsString()
  since?: string;
}

export class RevocationStreamQuery extends RevocationsQuery {
  /** Seconds between heartbeat comments; default REVOCATION_STREAM_HEARTBEAT. */
  @ApiPropertyOptional({
    type: Number,
    minimum: 1,
    maximum: 300,
    description: 'Seconds between heartbeat comments; default REVOCATION_STREAM_HEARTBEAT',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(300)
  heartbeat?: number;
}

class RevokedSession {
  @ApiProperty({ format: 'uuid', description: 'The ended session family (`sid` of its access tokens)' })
  sid: string;

  @ApiProperty({ format: 'date-time', description: 'After this, no access token of the family can still be valid' })
  until: string;
}

class OutdatedTokens {
  @ApiProperty({ format: 'uuid', description: 'A user whose roles or claims changed (`sub` of their access tokens)' })
  sub: string;

  @ApiProperty({ format: 'date-time', description: 'Access tokens of the user issued before this are refused with `token_outdated`' })
  notBefore: string;

  @ApiProperty({ format: 'date-time', description: 'After this, no access token issued before `notBefore` can still be valid' })
  until: string;
}

class RevocationsResponse {
  @ApiProperty({ description: 'Pass as `since` next time' })
  cursor: string;

  @ApiProperty({
    type: 'array',
    items: { oneOf: [{ $ref: getSchemaPath(RevokedSession) }, { $ref: getSchemaPath(OutdatedTokens) }] },
    description: 'Ended families `{ sid, until }` and users whose older tokens are outdated `{ sub, notBefore, until }`',
  })
  revoked: (RevokedSession | OutdatedTokens)[];
}

/**
 * The revocation feed guards of other services read: session families ended by logout, reuse,
 * device mismatch, an admin, a password change or a disabled account. It lives in PostgreSQL,
 * so every instance of the auth service answers with the same list, and every instance pushes
 * every revocation on its streams, whichever instance made it.
 */
@ApiTags('revocations')
@ApiExtraModels(RevokedSession, OutdatedTokens)
@Controller('auth/revocations')
@Public() // not an access token: the feed secret, when one is set
@UseGuards(FeedSecretGuard)
export class RevocationsController {
  constructor(
    private readonly repository: RevocationsRepository,
    private readonly hub: RevocationHub,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Session families ended since a cursor, for guards of other services' })
  @ApiBearerAuth('feedSecret')
  @ApiOkResponse({ type: RevocationsResponse })
  @ApiErrors(ErrorCode.InvalidToken, ErrorCode.ValidationFailed)
  async feed(@Query() query: RevocationsQuery): Promise<{ cursor: string; revoked: Record<string, string>[] }> {
    const { now, revoked } = await this.repository.findRevoked(since(query.since, 'since'));
    return { cursor: encodeCursor(now), revoked: revoked.map(revocationJson) };
  }

  /**
   * The same feed pushed as Server-Sent Events: first every revocation since the cursor
   * (`Last-Event-ID`, else `since`, else all that may still matter), then each one as it
   * commits, every event's id being the cursor to resume from; heartbeat comments between
   * (`heartbeat` seconds apart, so a guard with a short staleness limit can ask for more).
   */
  @Get('stream')
  @ApiOperation({ summary: 'The same feed pushed as Server-Sent Events (needs Accept: text/event-stream); resume with Last-Event-ID' })
  @ApiBearerAuth('feedSecret')
  @ApiOkResponse({
    description:
      '`event: revoked`, `id: <cursor>`, `data: { "revoked": [{ "sid", "until" }] }`, one per committed batch; heartbeat comments between',
    content: { 'text/event-stream': { schema: { type: 'string' } } },
  })
  @ApiErrors(ErrorCode.InvalidToken, ErrorCode.ValidationFailed, ErrorCode.RateLimited)
  async stream(
    @Query() query: RevocationStreamQuery,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Headers('accept') accept: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const from = lastEventId !== undefined ? since(lastEventId, 'Last-Event-ID') : since(query.since, 'since');
    // an endless stream only for a client that asks for one (EventSource and the guard do), so a
    // plain HTTP client never hangs on it
    if (!accept?.includes('text/event-stream')) {
      throw new AppError(ErrorCode.ValidationFailed, 'This endpoint streams Server-Sent Events', [
        { field: 'accept', message: 'accept must include text/event-stream' },
      ]);
    }
    if (this.hub.streamCount >= this.config.REVOCATION_STREAMS_MAX) {
      throw new AppError(ErrorCode.RateLimited, 'Too many revocation streams are open on this instance', undefined, 5);
    }
    await openRevocationStream(
      reply,
      this.hub,
      () => this.repository.findRevoked(from),
      query.heartbeat ?? this.config.REVOCATION_STREAM_HEARTBEAT,
    );
  }
}

/** A cursor parameter as the time to read from; a malformed one is 400 naming `field`. */
function since(cursor: string | undefined, field: string): Date | undefined {
  if (cursor === undefined) return undefined;
  const at = decodeCursor(cursor);
  if (!at)
    throw new AppError(ErrorCode.ValidationFailed, 'The request is not valid', [
      { field, message: `${field} must be a cursor returned by this endpoint` },
    ]);
  return at;
}
