import { CanActivate, ExecutionContext, Inject, Injectable, mixin, type Type } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { CryptoService } from '../crypto/crypto.service.js';
import { AppError, ErrorCode } from './errors.js';

/**
 * A guard for a route an operator's tool calls with a shared secret (the revocation feed,
 * /metrics): with the secret configured, only `Authorization: Bearer <secret>` passes, else
 * 401 `invalid_token`; unset, the route is open. Both sides are hashed before the
 * constant-time comparison, so neither the length nor any prefix of the secret shows in the timing.
 */
export function SecretBearerGuard(secretOf: (config: AppConfig) => string | undefined, what: string): Type<CanActivate> {
  @Injectable()
  class SecretBearerGuardMixin implements CanActivate {
    private readonly expected?: Buffer;

    constructor(
      @Inject(AppConfig) config: AppConfig,
      private readonly crypto: CryptoService,
    ) {
      const secret = secretOf(config);
      this.expected = secret ? crypto.hashToken(secret) : undefined;
    }

    canActivate(context: ExecutionContext): boolean {
      if (!this.expected) return true;
      const header: unknown = context.switchToHttp().getRequest().headers?.authorization;
      const presented = typeof header === 'string' ? /^Bearer +(.+)$/i.exec(header)?.[1] : undefined;
      if (presented === undefined || !this.crypto.constantEquals(this.crypto.hashToken(presented), this.expected)) {
        throw new AppError(ErrorCode.InvalidToken, `The ${what} is missing or wrong`);
      }
      return true;
    }
  }
  return mixin(SecretBearerGuardMixin);
}
