import { existsSync } from 'node:fs';
import path from 'node:path';
import { Controller, Get, Header, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator, type HealthIndicatorResult } from '@nestjs/terminus';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { AppError, ErrorCode } from '../common/errors.js';
import { KeysService } from '../crypto/keys.service.js';
import { AppConfig } from '../config/app-config.js';
import { clusterMarker } from '../database/embedded-postgres.js';
import { Public } from '@auth-service/guard';

/** How long the database may take to answer `SELECT 1` before the instance counts as not ready. */
const DATABASE_TIMEOUT_MS = 2000;

class HealthView {
  @ApiProperty({ example: 'ok' })
  status: 'ok';

  @ApiPropertyOptional({
    description: 'Each readiness check and its state',
    example: { database: { status: 'up' }, keys: { status: 'up' } },
  })
  checks?: HealthIndicatorResult;
}

/**
 * Liveness (the process serves) and readiness (it can do its job: the database answers and the
 * signing keys are loaded) for orchestrators and load balancers, checked by @nestjs/terminus.
 */
@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly keys: KeysService,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  /** Where the embedded PostgreSQL keeps its cluster (src/database/database.ts). */
  private get embeddedDir(): string {
    return path.resolve(this.config.DATA_DIR, 'pg');
  }

  @Get('live')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Liveness: 200 while the process serves HTTP (no dependency checked)' })
  @ApiOkResponse({ type: HealthView })
  live(): HealthView {
    return { status: 'ok' };
  }

  @Get(['ready', ''])
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Readiness: 200 when the database answers and the signing keys are loaded, else 503' })
  @ApiOkResponse({ type: HealthView })
  @ApiErrors(ErrorCode.Unavailable)
  async ready(): Promise<HealthView> {
    try {
      const result = await this.health.check([
        () => this.database.pingCheck('database', { timeout: DATABASE_TIMEOUT_MS }),
        () => {
          const keys = this.indicators.check('keys');
          return this.keys.keysLoaded() ? keys.up() : keys.down({ message: 'no signing key loaded' });
        },
        // the embedded PostgreSQL keeps answering from open files after its directory was
        // deleted, while every new relation it opens fails: the files are what tell (where
        // this service made a cluster, its note says so)
        ...(this.config.DATABASE_URL || !existsSync(clusterMarker(this.embeddedDir))
          ? []
          : [
              () => {
                const files = this.indicators.check('databaseFiles');
                return existsSync(path.join(this.embeddedDir, 'PG_VERSION'))
                  ? files.up()
                  : files.down({ message: `${this.embeddedDir} is gone` });
              },
            ]),
      ]);
      return { status: 'ok', checks: result.details };
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const failing = Object.keys((error.getResponse() as { error?: object }).error ?? {});
      throw new AppError(ErrorCode.Unavailable, `Not ready: ${failing.join(', ') || 'shutting down'}`);
    }
  }
}
