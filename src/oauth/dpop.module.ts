import { Module } from '@nestjs/common';
import { DpopRepository } from './dpop.repository.js';
import { DpopService } from './dpop.service.js';

/**
 * DPoP proofs and their replay store, on their own so that login, refresh, the service's guard
 * and the cleanup job can use them without depending on the OAuth endpoints.
 */
@Module({
  providers: [DpopRepository, DpopService],
  exports: [DpopService, DpopRepository],
})
export class DpopModule {}
