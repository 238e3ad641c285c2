import { Body, Controller, Delete, Get, Header, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, ArrayUnique, IsArray, IsIn, IsString, MaxLength } from 'class-validator';
import { type AuthenticatedUser, CurrentUser, Roles } from '@auth-service/guard';
import type { ClientInfo } from '../audit/audit.types.js';
import { PageQuery } from '../common/pagination.js';
import { ApiBearer, ApiErrors } from '../common/api-errors.decorator.js';
import { Client } from '../common/client-info.decorator.js';
import { ErrorCode } from '../common/errors.js';
import { IdParams } from '../common/params.dto.js';
import { WEBHOOK_EVENTS } from './webhook.types.js';
import { WebhooksService } from './webhooks.service.js';

export class CreateWebhookDto {
  @ApiProperty({
    example: 'https://hooks.example.com/auth',
    description: 'http(s) URL; private and loopback addresses are refused unless WEBHOOK_ALLOW_PRIVATE=on',
  })
  @IsString()
  @MaxLength(2048)
  url: string;

  @ApiProperty({ enum: WEBHOOK_EVENTS, isArray: true })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @ArrayMaxSize(WEBHOOK_EVENTS.length)
  @IsIn(WEBHOOK_EVENTS, { each: true, message: `each event must be one of ${WEBHOOK_EVENTS.join(', ')}` })
  events: string[];
}

class WebhookResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() url: string;
  @ApiProperty({ enum: WEBHOOK_EVENTS, isArray: true }) events: string[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

class CreatedWebhookResponse extends WebhookResponse {
  @ApiProperty({ description: 'The signing secret (`whsec_` + base64), shown this once' }) secret: string;
}

class DeliveryResponse {
  @ApiProperty({ format: 'uuid', description: 'The message id (`webhook-id` header)' }) id: string;
  @ApiProperty({ description: 'The event type' }) event: string;
  @ApiProperty({ enum: ['pending', 'delivered', 'failed'] }) status: string;
  @ApiProperty() attempts: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastAttemptAt: string | null;
  @ApiProperty({ type: Number, nullable: true }) responseStatus: number | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Why the last attempt failed, when it did' }) lastError: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

class DeliveriesPage {
  @ApiProperty({ type: [DeliveryResponse] }) items: DeliveryResponse[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

class TestEventResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
}

/** /admin/webhooks: endpoints that hear about account and session events (Standard Webhooks). */
@ApiTags('admin')
@ApiBearer()
@ApiErrors(ErrorCode.Forbidden, ErrorCode.ValidationFailed)
@Controller('admin/webhooks')
@Roles('admin')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Register a webhook endpoint; the answer holds its signing secret, once' })
  @ApiCreatedResponse({ type: CreatedWebhookResponse })
  create(@CurrentUser() actor: AuthenticatedUser, @Body() dto: CreateWebhookDto, @Client() client: ClientInfo) {
    return this.webhooks.create(actor.userId, dto, client);
  }

  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Webhook endpoints' })
  @ApiOkResponse({ type: [WebhookResponse] })
  list() {
    return this.webhooks.list();
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a webhook endpoint and its delivery log' })
  @ApiNoContentResponse()
  @ApiErrors(ErrorCode.NotFound)
  async remove(@CurrentUser() actor: AuthenticatedUser, @Param() params: IdParams, @Client() client: ClientInfo): Promise<void> {
    await this.webhooks.remove(actor.userId, params.id, client);
  }

  @Get(':id/deliveries')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'The delivery log of an endpoint, newest first' })
  @ApiOkResponse({ type: DeliveriesPage })
  @ApiErrors(ErrorCode.NotFound)
  deliveries(@Param() params: IdParams, @Query() query: PageQuery) {
    return this.webhooks.deliveries(params.id, query);
  }

  @Post(':id/test')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send a `webhook.test` event to this endpoint' })
  @ApiOkResponse({ type: TestEventResponse })
  @ApiErrors(ErrorCode.NotFound)
  sendTest(@CurrentUser() actor: AuthenticatedUser, @Param() params: IdParams) {
    return this.webhooks.sendTest(actor.userId, params.id);
  }
}
