import { Module } from '@nestjs/common';
import { SessionsModule } from '../sessions/sessions.module.js';
import { DpopModule } from '../dpop/dpop.module.js';
import { OAuthController, OAuthMetadataController } from './oauth.controller.js';
import { OAuthService } from './oauth.service.js';

/** OAuth 2.0 endpoints: token, revocation, introspection, metadata (RFC 6749, 7009, 7662, 8414). */
@Module({
  imports: [SessionsModule, DpopModule],
  controllers: [OAuthController, OAuthMetadataController],
  providers: [OAuthService],
})
export class OAuthModule {}
