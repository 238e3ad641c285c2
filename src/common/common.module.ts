import { Global, Module } from '@nestjs/common';
import { RateLimitRepository } from './rate-limit.repository.js';
import { RateLimiter } from './rate-limiter.js';

@Global()
@Module({ providers: [RateLimiter, RateLimitRepository], exports: [RateLimiter, RateLimitRepository] })
export class CommonModule {}
