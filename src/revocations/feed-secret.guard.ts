import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { AppError, ErrorCode } from '../common/errors.js';
import { AppConfig } from '../config/app-config.js';
import { CryptoService } from '../crypto/crypto.service.js';

/**
 * With REVOCATION_FEED_SECRET set, the feed answers only `Authorization: Bearer <secret>`.
 * Both sides are hashed before the constant-time comparison, so neither the length nor any
 * prefix of the secret shows in the timing.
 */
@Injectable()
export class FeedSecretGuard implements CanActivate {
  private readonly expected?: Buffer;

  constructor(@Inject(AppConfig) config: AppConfig, private readonly crypto: CryptoService) {
    this.expected = config.REVOCATION_FEED_SECRET ? crypto.hashToken(config.REVOCATION_FEED_SECRET) : undefined;
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.expected) return true;
    const header: unknown = context.switchToHttp().getRequest().headers?.authorization;
    const presented = typeof header === 'string' ? /^Bearer +(.+)$/i.exec(header)?.[1] : undefined;
    if (presented === undefined || !this.crypto.constantEquals(this.crypto.hashToken(presented), this.expected)) {
      throw new AppError(ErrorCode.InvalidToken, 'The revocation feed secret is missing or wrong');
    }
    return true;
  }
}
