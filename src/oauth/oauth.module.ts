import { Module } from '@nestjs/common';
import { SessionsModule } from '../sessions/sessions.module.js';
import { DpopRepository } from './dpop.repository.js';
import { DpopService } from './dpop.service.js';
import { OAuthController, OAuthMetadataController } from './oauth.controller.js';
import { OAuthService } from './oauth.service.js';

/** OAuth 2.0 endpoints (token, revocation, introspection, metadata) and DPoP proofs. */
@Module({
  imports: [SessionsModule],
  controllers: [OAuthController, OAuthMetadataController],
  providers: [DpopRepository, DpopService, OAuthService],
  exports: [DpopService],
})
export class OAuthModule {}
