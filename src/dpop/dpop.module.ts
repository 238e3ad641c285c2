import { Module, OnModuleInit } from '@nestjs/common';
import { CleanupTasks } from '../cleanup/cleanup-tasks.js';
import { DpopRepository } from './dpop.repository.js';
import { DpopService } from './dpop.service.js';

/** Remembered DPoP proofs are deleted only this long after they turned stale (clock differences). */
const DPOP_PROOF_MARGIN_SECONDS = 60;

/**
 * DPoP proofs (RFC 9449) and their replay store, on their own so that login, refresh, the
 * service's guard and the OAuth endpoints can use them without depending on one another.
 */
@Module({
  providers: [DpopRepository, DpopService],
  exports: [DpopService, DpopRepository],
})
export class DpopModule implements OnModuleInit {
  constructor(
    private readonly tasks: CleanupTasks,
    private readonly proofs: DpopRepository,
  ) {}

  /** Remembered proofs past their freshness window. */
  onModuleInit(): void {
    this.tasks.register('staleDpopProofs', (batch) => this.proofs.deleteStale(DPOP_PROOF_MARGIN_SECONDS, batch));
  }
}
