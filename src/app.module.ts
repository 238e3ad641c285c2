import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AdminModule } from './admin/admin.module.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CommonModule } from './common/common.module.js';
import { HttpExceptionFilter } from './common/http-exception.filter.js';
import { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { CryptoModule } from './crypto/crypto.module.js';
import { DatabaseModule } from './database/database.module.js';
import { HealthModule } from './health/health.module.js';
import { OAuthModule } from './oauth/oauth.module.js';
import { ObservabilityModule } from './observability/observability.module.js';
import { MailModule } from './mail/mail.module.js';
import { RevocationsModule } from './revocations/revocations.module.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';
import { AccountsModule } from './accounts/accounts.module.js';

@Module({})
export class AppModule {
  /** The whole service for a validated config and a migrated database. */
  static register(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forConfig(config),
        DatabaseModule.forUrl(databaseUrl, config.DATABASE_POOL_SIZE),
        CommonModule,
        ObservabilityModule,
        CryptoModule,
        AuditModule,
        MailModule,
        AuthModule,
        AdminModule,
        HealthModule,
        RevocationsModule,
        OAuthModule,
        WebhooksModule,
        AccountsModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: HttpExceptionFilter }],
    };
  }
}
