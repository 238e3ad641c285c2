import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { AccessTokenVerifier } from '@auth-service/guard';
import { accessTokenVerifierProvider } from './access-token.verifier.provider.js';
import { CryptoService } from './crypto.service.js';
import { MASTER_KEY } from './crypto.tokens.js';
import { KeysRepository } from './keys.repository.js';
import { KeysService } from './keys.service.js';
import { resolveMasterKey } from './master-key.js';
import { JwksController } from './jwks.controller.js';
import { JwtStrategy } from './jwt.strategy.js';

@Global()
@Module({
  controllers: [JwksController],
  providers: [
    { provide: MASTER_KEY, inject: [AppConfig], useFactory: (config: AppConfig) => resolveMasterKey(config.MASTER_KEY, config.DATA_DIR) },
    CryptoService,
    KeysRepository,
    KeysService,
    JwtStrategy,
    accessTokenVerifierProvider,
  ],
  exports: [CryptoService, KeysService, AccessTokenVerifier],
})
export class CryptoModule {}
