import { Module } from '@nestjs/common';
import { RevocationsModule } from '../revocations/revocations.module.js';
import { CleanupRepository } from './cleanup.repository.js';
import { CleanupService } from './cleanup.service.js';
import { SessionsController } from './sessions.controller.js';
import { SessionsRepository } from './sessions.repository.js';
import { SessionsService } from './sessions.service.js';

@Module({
  imports: [RevocationsModule],
  controllers: [SessionsController],
  providers: [SessionsRepository, SessionsService, CleanupRepository, CleanupService],
  exports: [SessionsService, CleanupService],
})
export class SessionsModule {}
