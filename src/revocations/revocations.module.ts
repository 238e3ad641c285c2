import { Module } from '@nestjs/common';
import { FeedSecretGuard } from './feed-secret.guard.js';
import { RevocationHub } from './revocation.hub.js';
import { RevocationsController } from './revocations.controller.js';
import { RevocationsRepository } from './revocations.repository.js';

@Module({ controllers: [RevocationsController], providers: [RevocationsRepository, RevocationHub, FeedSecretGuard], exports: [RevocationsRepository] })
export class RevocationsModule {}
