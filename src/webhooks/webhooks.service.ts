import { Inject, Injectable } from '@nestjs/common';
import { AuditRepository } from '../audit/audit.repository.js';
import { AuditType, ClientInfo } from '../audit/audit.types.js';
import { AppError, ErrorCode } from '../common/errors.js';
import { AppConfig } from '../config/app-config.js';
import { CryptoService } from '../crypto/crypto.service.js';
import { Tx, UnitOfWork } from '../database/unit-of-work.js';
import { pageSize } from '../common/pagination.js';
import { WEBHOOK_SECRET_SEAL, WebhookDelivery } from './webhook-delivery.service.js';
import { webhookUrlProblem } from './webhook-target.js';
import { WEBHOOK_TEST_EVENT, webhookPayload, type WebhookEventType } from './webhook.types.js';
import { WebhooksRepository } from './webhooks.repository.js';

export interface WebhookView {
  id: string;
  url: string;
  events: string[];
  createdAt: string;
}

export interface DeliveryView {
  id: string;
  event: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastAttemptAt: string | null;
  responseStatus: number | null;
  lastError: string | null;
  createdAt: string;
}

const toView = (row: { id: string; url: string; events: string[]; createdAt: Date }): WebhookView => ({
  id: row.id,
  url: row.url,
  events: row.events,
  createdAt: row.createdAt.toISOString(),
});

/** Webhook endpoints (admins) and the events the rest of the service announces through them. */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly repository: WebhooksRepository,
    private readonly delivery: WebhookDelivery,
    private readonly audit: AuditRepository,
    private readonly crypto: CryptoService,
    private readonly unitOfWork: UnitOfWork,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  /**
   * Writes an event into the outbox in `tx` (the transaction of the change it announces), one
   * message per subscribed endpoint. Call `sendQueued()` after the commit.
   */
  emit(type: WebhookEventType, userId: string | null, data: Record<string, unknown>, tx: Tx): Promise<number> {
    return this.repository.emit(type, userId, webhookPayload(type, data) as unknown as Record<string, unknown>, tx);
  }

  /** GDPR erasure of a deleted user's addresses from the messages about them, in the deletion's transaction. */
  eraseEmails(userId: string, emails: string[], tx: Tx): Promise<void> {
    return this.repository.eraseEmails(userId, emails, tx);
  }

  /** Sends what was just committed without waiting for the next poll. */
  sendQueued(): void {
    this.delivery.wake();
  }

  /** POST /admin/webhooks: the secret is in this answer only. */
  async create(actorId: string, input: { url: string; events: string[] }, client: ClientInfo): Promise<WebhookView & { secret: string }> {
    const problem = webhookUrlProblem(input.url, this.config.webhooksAllowPrivate);
    if (problem) throw new AppError(ErrorCode.ValidationFailed, undefined, [{ field: 'url', message: problem }]);
    const id = this.crypto.uuid();
    const secret = this.crypto.webhookSecret();
    const events = [...new Set(input.events)];
    const row = await this.unitOfWork.run(async (tx) => {
      const created = await this.repository.createEndpoint(
        { id, url: input.url, events, secretSealed: this.crypto.seal(WEBHOOK_SECRET_SEAL, Buffer.from(secret), id) },
        tx,
      );
      await this.audit.record(
        {
          type: AuditType.WebhookCreated,
          userId: null,
          sessionId: null,
          ...client,
          detail: { webhookId: id, url: input.url, events, by: actorId },
        },
        tx,
      );
      return created;
    });
    return { ...toView(row), secret };
  }

  async list(): Promise<WebhookView[]> {
    return (await this.repository.listEndpoints()).map(toView);
  }

  async remove(actorId: string, id: string, client: ClientInfo): Promise<void> {
    await this.unitOfWork.run(async (tx) => {
      const row = await this.repository.deleteEndpoint(id, tx);
      if (!row) throw new AppError(ErrorCode.NotFound, 'No such webhook');
      await this.audit.record(
        { type: AuditType.WebhookDeleted, userId: null, sessionId: null, ...client, detail: { webhookId: id, url: row.url, by: actorId } },
        tx,
      );
    });
  }

  /** "Send test event": a `webhook.test` message to this endpoint only. */
  async sendTest(actorId: string, id: string): Promise<{ id: string }> {
    const written = await this.unitOfWork.run((tx) =>
      this.repository.emit(
        WEBHOOK_TEST_EVENT,
        null,
        webhookPayload(WEBHOOK_TEST_EVENT, { by: actorId }) as unknown as Record<string, unknown>,
        tx,
        id,
      ),
    );
    if (written === 0) throw new AppError(ErrorCode.NotFound, 'No such webhook');
    this.sendQueued();
    return { id };
  }

  /** GET /admin/webhooks/:id/deliveries: newest first. */
  async deliveries(id: string, query: { limit?: number; cursor?: string }): Promise<{ items: DeliveryView[]; nextCursor: string | null }> {
    if (!(await this.repository.findEndpoint(id))) throw new AppError(ErrorCode.NotFound, 'No such webhook');
    const limit = pageSize(query.limit);
    const rows = await this.repository.deliveries(id, limit + 1, decodeSeq(query.cursor));
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items: items.map(({ seq: _, lastAttemptAt, createdAt, ...row }) => ({
        ...row,
        lastAttemptAt: lastAttemptAt?.toISOString() ?? null,
        createdAt: createdAt.toISOString(),
      })),
      nextCursor: rows.length > limit && last ? Buffer.from(JSON.stringify(['deliveries', last.seq])).toString('base64url') : null,
    };
  }
}

function decodeSeq(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value[0] === 'deliveries' && typeof value[1] === 'string' && /^\d{1,18}$/.test(value[1])) return value[1];
  } catch {
    // falls through to the refusal
  }
  throw new AppError(ErrorCode.ValidationFailed, 'The cursor is not valid', [
    { field: 'cursor', message: 'cursor must be the nextCursor of a previous page of this list' },
  ]);
}
