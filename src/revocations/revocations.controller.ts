import { Controller, Get, Header, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { AppError, ErrorCode } from '../common/errors.js';
import { Public } from '@auth-service/guard';
import { FeedSecretGuard } from './feed-secret.guard.js';
import { decodeCursor, encodeCursor } from './revocation-cursor.js';
import { RevocationsRepository } from './revocations.repository.js';

export class RevocationsQuery {
  /** The `cursor` of a previous answer; absent: every revocation whose tokens may still be live. */
  @ApiPropertyOptional({ description: 'The `cursor` of a previous answer' })
  @IsOptional() @IsString()
  since?: string;
}

/**
 * The revocation feed guards of other services poll: session families ended by logout, reuse,
 * device mismatch, an admin, a password change or a disabled account. It lives in PostgreSQL,
 * so every instance of the auth service answers with the same list.
 */
class RevokedSession {
  @ApiProperty({ format: 'uuid', description: 'The ended session family (`sid` of its access tokens)' })
  sid: string;

  @ApiProperty({ format: 'date-time', description: 'After this, no access token of the family can still be valid' })
  until: string;
}

class RevocationsResponse {
  @ApiProperty({ description: 'Pass as `since` next time' })
  cursor: string;

  @ApiProperty({ type: [RevokedSession] })
  revoked: RevokedSession[];
}

@ApiTags('revocations')
@Controller('auth/revocations')
export class RevocationsController {
  constructor(private readonly repository: RevocationsRepository) {}

  @Public() // not an access token: the feed secret, when one is set
  @UseGuards(FeedSecretGuard)
  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Session families ended since a cursor, for guards of other services' })
  @ApiBearerAuth('feedSecret')
  @ApiOkResponse({ type: RevocationsResponse })
  @ApiErrors(ErrorCode.InvalidToken, ErrorCode.ValidationFailed)
  async feed(@Query() query: RevocationsQuery): Promise<{ cursor: string; revoked: { sid: string; until: string }[] }> {
    let since: Date | undefined;
    if (query.since !== undefined) {
      since = decodeCursor(query.since);
      if (!since) {
        throw new AppError(ErrorCode.ValidationFailed, 'The request is not valid', [{ field: 'since', message: 'since must be a cursor returned by this endpoint' }]);
      }
    }
    const { now, revoked } = await this.repository.findRevoked(since);
    return { cursor: encodeCursor(now), revoked: revoked.map((r) => ({ sid: r.sid, until: r.until.toISOString() })) };
  }
}
