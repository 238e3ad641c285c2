import { Inject, Injectable } from '@nestjs/common';
import { CryptoService } from '../crypto/crypto.service.js';
import type { Tx } from '../database/unit-of-work.js';
import { MailOutboxRepository } from './mail-outbox.repository.js';
import { MailKind, MailTemplates, MailValues } from './mail-templates.js';
import type { OutgoingMail } from './mail.transport.js';

/** Seal purpose of outbox payloads: they hold live links, so they are encrypted at rest. */
export const OUTBOX_SEAL = 'mail-outbox';

/**
 * Queues mail. `enqueue` writes into the outbox inside the caller's transaction, so the mail
 * exists if and only if what it announces was committed; MailDelivery sends it afterwards, off
 * the request path. Call `MailDelivery.wake()` after the commit to send it at once.
 */
@Injectable()
export class MailService {
  constructor(
    private readonly outbox: MailOutboxRepository,
    private readonly crypto: CryptoService,
    @Inject(MailTemplates) private readonly templates: MailTemplates,
  ) {}

  /**
   * Queues `kind` to the address `to`. `userId`: the account the mail is about (its own address
   * or, for an email change, the new one): the mail is dropped, unsent, if that account is deleted
   * first.
   */
  async enqueue(kind: MailKind, { userId, to }: { userId: string; to: string }, values: Omit<MailValues, 'email'>, tx: Tx): Promise<void> {
    const id = this.crypto.uuid();
    const mail: OutgoingMail = { to, ...this.templates.render(kind, { ...values, email: to }) };
    const payload = this.crypto.seal(OUTBOX_SEAL, Buffer.from(JSON.stringify(mail)), id);
    await this.outbox.insert({ id, kind, payload, userId }, tx);
  }
}
