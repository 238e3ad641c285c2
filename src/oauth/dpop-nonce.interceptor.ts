import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { DpopService } from './dpop.service.js';

/**
 * With DPOP_NONCE=on, every answer of a route that takes DPoP proofs (login, refresh, the token
 * endpoint), success or error, carries a fresh nonce in `DPoP-Nonce` (RFC 9449 §8): a client
 * refused with use_dpop_nonce signs its proof again with it, and later proofs use the newest.
 */
@Injectable()
export class DpopNonceInterceptor implements NestInterceptor {
  constructor(private readonly dpop: DpopService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (this.dpop.noncesRequired) {
      const reply = context.switchToHttp().getResponse<{ header(name: string, value: string): unknown }>();
      reply.header('DPoP-Nonce', this.dpop.issueNonce());
    }
    return next.handle();
  }
}
