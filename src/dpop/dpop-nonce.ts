import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DpopService } from './dpop.service.js';

/** Route config (`@RouteConfig(TAKES_DPOP)`) of the routes that take DPoP proofs: login, refresh, the token endpoint. */
export const TAKES_DPOP = { dpop: true } as const;

/**
 * With DPOP_NONCE=on, every answer of a route that takes DPoP proofs, success or error (a
 * refused body included), carries a fresh nonce in `DPoP-Nonce` (RFC 9449 §8): a client refused
 * with use_dpop_nonce signs its proof again with it, and later proofs use the newest. A Fastify
 * hook rather than a Nest interceptor: an interceptor puts an RxJS pipeline around every
 * refresh for a header set before the handler runs.
 */
export function offerDpopNonces(app: NestFastifyApplication): void {
  const dpop = app.get(DpopService);
  if (!dpop.noncesRequired) return;
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) => {
      if ((request.routeOptions.config as { dpop?: boolean } | undefined)?.dpop) void reply.header('DPoP-Nonce', dpop.issueNonce());
      done();
    });
}
