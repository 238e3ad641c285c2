import { Module } from '@nestjs/common';
import { WebhooksModule } from '../webhooks/webhooks.module.js';
import { APP_GUARD } from '@nestjs/core';
import { RecoveryModule } from '../recovery/recovery.module.js';
import { DpopModule } from '../dpop/dpop.module.js';
import { MfaModule } from '../mfa/mfa.module.js';
import { SessionsModule } from '../sessions/sessions.module.js';
import { UsersModule } from '../users/users.module.js';
import { AccessTokenGuard } from './access-token.guard.js';
import { AuthCookies } from '../sessions/auth-cookies.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { PasswordController } from './password.controller.js';
import { PasswordService } from './password.service.js';

@Module({
  imports: [UsersModule, SessionsModule, RecoveryModule, DpopModule, MfaModule, WebhooksModule],
  controllers: [AuthController, PasswordController],
  providers: [AuthService, PasswordService, AuthCookies, { provide: APP_GUARD, useClass: AccessTokenGuard }],
  exports: [AuthCookies, AuthService],
})
export class AuthModule {}
