import { Module } from '@nestjs/common';
import { WebhookDelivery } from './webhook-delivery.service.js';
import { WebhooksController } from './webhooks.controller.js';
import { WebhooksRepository } from './webhooks.repository.js';
import { WebhooksService } from './webhooks.service.js';

/** Signed webhooks: endpoints, the outbox written with each change, and its background delivery. */
@Module({
  controllers: [WebhooksController],
  providers: [WebhooksRepository, WebhooksService, WebhookDelivery],
  exports: [WebhooksService, WebhooksRepository],
})
export class WebhooksModule {}
