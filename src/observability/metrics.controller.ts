import { Controller, Get, Header, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { prometheusContentType } from 'prom-client';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { ErrorCode } from '../common/errors.js';
import { SecretBearerGuard } from '../common/secret-bearer.guard.js';
import { Public } from '@auth-service/guard';
import { MetricsService } from './metrics.service.js';

/** With METRICS_TOKEN set, only `Authorization: Bearer <METRICS_TOKEN>` may scrape. */
export const MetricsTokenGuard = SecretBearerGuard((config) => config.METRICS_TOKEN, 'metrics token');

@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Public() // not an access token: METRICS_TOKEN, when set
  @UseGuards(MetricsTokenGuard)
  @Get()
  @Header('Content-Type', prometheusContentType)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Prometheus metrics (text exposition format)' })
  @ApiBearerAuth('metricsToken')
  @ApiOkResponse({
    description: 'http_request_duration_seconds, auth_login_total, auth_refresh_total, auth_sessions_ended_total and Node process metrics',
    content: { [prometheusContentType]: { schema: { type: 'string' } } },
  })
  @ApiErrors(ErrorCode.InvalidToken)
  scrape(): Promise<string> {
    return this.metrics.exposition();
  }
}
