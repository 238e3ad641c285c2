import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { MfaModule } from '../mfa/mfa.module.js';
import { UsersModule } from '../users/users.module.js';
import { IdentitiesRepository } from './identities.repository.js';
import { OidcProvidersService } from './oidc-providers.service.js';
import { OidcTicketsRepository } from './oidc-tickets.repository.js';
import { OidcAdminController } from './oidc-admin.controller.js';
import { OidcController } from './oidc.controller.js';
import { OidcService } from './oidc.service.js';

/** Sign in with an OpenID Connect provider, and linked identities (docs/oidc.md). */
@Module({
  imports: [AuthModule, MfaModule, UsersModule],
  controllers: [OidcController, OidcAdminController],
  providers: [OidcService, OidcProvidersService, OidcTicketsRepository, IdentitiesRepository],
  exports: [OidcService, IdentitiesRepository],
})
export class OidcModule {}
