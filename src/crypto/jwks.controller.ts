import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Public } from '@auth-service/guard';
import { KeysService } from './keys.service.js';

class JwksResponse {
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: 'Public JWKs: `use: sig` (ES256) and `use: enc` (RSA-OAEP-256)',
  })
  keys: object[];
}

@ApiTags('keys')
@Controller('.well-known')
export class JwksController {
  constructor(private readonly keys: KeysService) {}

  /** Signing keys (use sig) and envelope keys (use enc), including not-yet-active and retired ones. */
  @Public()
  @Get('jwks.json')
  @Header('Cache-Control', 'public, max-age=60')
  @ApiOperation({ summary: 'The public keys that verify access tokens and encrypt refresh envelopes' })
  @ApiOkResponse({ type: JwksResponse })
  jwks() {
    return this.keys.jwks();
  }
}
