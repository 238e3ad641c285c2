import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { CryptoService } from './crypto.service.js';
import { MASTER_KEY } from './crypto.tokens.js';
import { KeysRepository } from './keys.repository.js';
import { KeysService } from './keys.service.js';
import { resolveMasterKey } from './master-key.js';
import { JwksController } from './jwks.controller.js';

@Global()
@Module({
  controllers: [JwksController],
  providers: [
    { provide: MASTER_KEY, inject: [AppConfig], useFactory: (config: AppConfig) => resolveMasterKey(config.MASTER_KEY, config.DATA_DIR) },
    CryptoService,
    KeysRepository,
    KeysService,
  ],
  exports: [CryptoService, KeysService],
})
export class CryptoModule {}
