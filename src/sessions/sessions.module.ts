import { Module } from '@nestjs/common';
import { CleanupRepository } from './cleanup.repository.js';
import { CleanupService } from './cleanup.service.js';
import { SessionsRepository } from './sessions.repository.js';
import { SessionsService } from './sessions.service.js';

@Module({
  providers: [SessionsRepository, SessionsService, CleanupRepository, CleanupService],
  exports: [SessionsService, CleanupService],
})
export class SessionsModule {}
