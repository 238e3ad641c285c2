import { Controller, Get, Header } from '@nestjs/common';
import { AppError, ErrorCode } from '../common/errors.js';
import { Public } from '@auth-service/guard';
import { HealthRepository } from './health.repository.js';

@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthRepository) {}

  /** 200 when the database answers, 503 `unavailable` when it does not. */
  @Public()
  @Get()
  @Header('Cache-Control', 'no-store')
  async check() {
    if (!(await this.health.databaseAnswers())) throw new AppError(ErrorCode.Unavailable, 'The database is unreachable');
    return { status: 'ok' };
  }
}
