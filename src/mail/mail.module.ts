import { Global, Logger, Module } from '@nestjs/common';
import path from 'node:path';
import { AppConfig } from '../config/app-config.js';
import { MailDelivery } from './mail-delivery.service.js';
import { MailOutboxRepository } from './mail-outbox.repository.js';
import { MailTemplates } from './mail-templates.js';
import { MailService } from './mail.service.js';
import { MAIL_TRANSPORT } from './mail.tokens.js';
import { fileTransport, smtpTransport } from './mail.transport.js';

/** Outgoing mail: templates, the outbox and its delivery over SMTP (or into DATA_DIR/outbox). */
@Global()
@Module({
  providers: [
    {
      provide: MailTemplates,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        const templates = new MailTemplates(config.MAIL_TEMPLATES_DIR);
        if (templates.overridden.length > 0)
          new Logger('Mail').log(`templates from ${config.MAIL_TEMPLATES_DIR}: ${templates.overridden.join(', ')}`);
        return templates;
      },
    },
    {
      provide: MAIL_TRANSPORT,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        if (config.MAIL_URL) return smtpTransport(config.MAIL_URL, config.MAIL_FROM);
        const outbox = path.resolve(config.DATA_DIR, 'outbox');
        new Logger('Mail').log(`MAIL_URL is not set: mail is written as .eml files under ${outbox}, not delivered`);
        return fileTransport(outbox, config.MAIL_FROM);
      },
    },
    MailOutboxRepository,
    MailService,
    MailDelivery,
  ],
  exports: [MailService, MailDelivery],
})
export class MailModule {}
