import { Global, Module } from '@nestjs/common';
import { CleanupTasks } from './cleanup-tasks.js';
import { CleanupService } from './cleanup.service.js';

/** The cleanup job and the registry every module adds its cleanup tasks to. */
@Global()
@Module({ providers: [CleanupTasks, CleanupService], exports: [CleanupTasks, CleanupService] })
export class CleanupModule {}
