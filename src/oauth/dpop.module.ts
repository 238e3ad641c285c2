import { Module } from '@nestjs/common';
import { DpopNonceInterceptor } from './dpop-nonce.interceptor.js';
import { DpopRepository } from './dpop.repository.js';
import { DpopService } from './dpop.service.js';

/**
 * DPoP proofs and their replay store, on their own so that login, refresh, the service's guard
 * and the cleanup job can use them without depending on the OAuth endpoints.
 */
@Module({
  providers: [DpopRepository, DpopService, DpopNonceInterceptor],
  exports: [DpopService, DpopRepository, DpopNonceInterceptor],
})
export class DpopModule {}
