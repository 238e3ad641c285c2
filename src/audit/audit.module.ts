import { Global, Inject, Module, OnModuleInit } from '@nestjs/common';
import { CleanupTasks } from '../cleanup/cleanup-tasks.js';
import { AppConfig } from '../config/app-config.js';
import { AuditRepository } from './audit.repository.js';

@Global()
@Module({
  providers: [AuditRepository],
  exports: [AuditRepository],
})
export class AuditModule implements OnModuleInit {
  constructor(
    private readonly tasks: CleanupTasks,
    private readonly audit: AuditRepository,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  /** Audit events older than AUDIT_RETENTION. */
  onModuleInit(): void {
    this.tasks.register('auditEvents', (batch) => this.audit.deleteOlderThan(this.config.AUDIT_RETENTION, batch));
  }
}
