import { Controller, Get, Header } from '@nestjs/common';
import { Public } from '@auth-service/guard';
import { KeysService } from './keys.service.js';

@Controller('.well-known')
export class JwksController {
  constructor(private readonly keys: KeysService) {}

  /** Signing keys (use sig) and envelope keys (use enc), including not-yet-active and retired ones. */
  @Public()
  @Get('jwks.json')
  @Header('Cache-Control', 'public, max-age=60')
  jwks() {
    return this.keys.jwks();
  }
}
