import { Controller, Get, Header, Headers, HttpCode, Post, UseFilters, UseInterceptors } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { ClientInfo } from '../audit/audit.types.js';
import { Client } from '../common/client-info.decorator.js';
import { RateLimiter } from '../common/rate-limiter.js';
import { Public } from '../guard/decorators.js';
import { DpopNonceInterceptor } from './dpop-nonce.interceptor.js';
import { FORM_BODY, FormBody, type FormFields } from './form-body.js';
import { OAuthExceptionFilter } from './oauth-exception.filter.js';
import { OAuthService } from './oauth.service.js';

/** The OAuth 2.0 endpoints, form-encoded in and RFC-shaped out, errors included. */
@Controller('oauth')
@UseFilters(OAuthExceptionFilter)
export class OAuthController {
  constructor(
    private readonly oauth: OAuthService,
    private readonly limiter: RateLimiter,
  ) {}

  @Public()
  @Post('token')
  @RouteConfig(FORM_BODY)
  @UseInterceptors(DpopNonceInterceptor)
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  token(@FormBody() form: FormFields, @Headers('dpop') proof: unknown, @Client() client: ClientInfo) {
    // the same budget as POST /auth/refresh: one key per ip for both doors
    this.limiter.hit(`refresh:ip:${client.ip}`, 3000, 60);
    return this.oauth.token(form, proof, client);
  }

  @Public()
  @Post('revoke')
  @RouteConfig(FORM_BODY)
  @HttpCode(200)
  async revoke(@FormBody() form: FormFields, @Client() client: ClientInfo): Promise<void> {
    this.limiter.hit(`refresh:ip:${client.ip}`, 3000, 60);
    await this.oauth.revoke(form, client);
  }

  @Public()
  @Post('introspect')
  @RouteConfig(FORM_BODY)
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  introspect(@FormBody() form: FormFields, @Headers('authorization') authorization: unknown) {
    return this.oauth.introspect(form, authorization);
  }
}

/** RFC 8414 metadata, at the well-known path for an issuer without a path component. */
@Controller('.well-known')
export class OAuthMetadataController {
  constructor(private readonly oauth: OAuthService) {}

  @Public()
  @Get('oauth-authorization-server')
  metadata() {
    return this.oauth.metadata();
  }
}
