import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { SessionsModule } from '../sessions/sessions.module.js';
import { UsersModule } from '../users/users.module.js';
import { AccessTokenGuard } from './access-token.guard.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { PasswordController } from './password.controller.js';
import { PasswordService } from './password.service.js';

@Module({
  imports: [UsersModule, SessionsModule],
  controllers: [AuthController, PasswordController],
  providers: [AuthService, PasswordService, { provide: APP_GUARD, useClass: AccessTokenGuard }],
})
export class AuthModule {}
