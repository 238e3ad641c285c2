import { Controller, Get, Header, Headers, HttpCode, Post, UseFilters } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { ErrorCode } from '../common/errors.js';
import type { ClientInfo } from '../audit/audit.types.js';
import { Client } from '../common/client-info.decorator.js';
import { RefreshLimits } from '../common/login-budget.js';
import { RateLimiter } from '../common/rate-limiter.js';
import { Public } from '@auth-service/guard';
import { TAKES_DPOP } from '../dpop/dpop-nonce.js';
import { FORM_BODY, FormBody, type FormFields } from './form-body.js';
import { ApiOAuthErrors, AuthorizationServerMetadataBody, IntrospectionResponseBody, OAuthTokenResponseBody } from './oauth-api.js';
import { OAuthExceptionFilter } from './oauth-exception.filter.js';
import { OAuthService } from './oauth.service.js';

/**
 * POST /oauth/introspect: every call costs token lookups, so an ip gets at most `perIp` a minute;
 * and the secret is guessable only as fast as `deniedPerIp` wrong credentials per 15 minutes
 * (counted before the check, given back on success, as login counts guesses).
 */
export const INTROSPECT_LIMITS = { perIp: 3000, deniedPerIp: 20 };

/** The OAuth 2.0 endpoints, form-encoded in and RFC-shaped out, errors included. */
const FORM = 'application/x-www-form-urlencoded';
const MALFORMED: ['invalid_request', number, string] = [
  'invalid_request',
  400,
  'A parameter is missing, empty or repeated, or the body is not a form (and at /oauth/token, any refresh while REFRESH_ENVELOPE=required)',
];
const BUSY: ['temporarily_unavailable', number, string] = [
  'temporarily_unavailable',
  429,
  'Too many requests from this ip; see Retry-After',
];

@ApiTags('oauth')
@Controller('oauth')
@UseFilters(OAuthExceptionFilter)
export class OAuthController {
  constructor(
    private readonly oauth: OAuthService,
    private readonly limiter: RateLimiter,
    private readonly refreshLimits: RefreshLimits,
  ) {}

  @Public()
  @Post('token')
  @RouteConfig({ ...FORM_BODY, ...TAKES_DPOP })
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  @ApiOperation({
    summary: 'RFC 6749 §6: grant_type=refresh_token, the same rotation as POST /auth/refresh; a DPoP header for key-bound sessions',
  })
  @ApiConsumes(FORM)
  @ApiOkResponse({ type: OAuthTokenResponseBody })
  @ApiOAuthErrors(
    MALFORMED,
    ['unsupported_grant_type', 400, 'Only refresh_token is offered here'],
    ['invalid_grant', 400, 'The refresh token is unknown, expired, reused (the session is ended) or bound to another device or key'],
    ['invalid_dpop_proof', 400, 'The DPoP proof is missing where the session is bound, or invalid'],
    ['use_dpop_nonce', 400, 'DPOP_NONCE=on: sign the proof again with the DPoP-Nonce of this answer'],
    BUSY,
  )
  async token(@FormBody() form: FormFields, @Headers('dpop') proof: unknown, @Client() client: ClientInfo) {
    // the same budget as POST /auth/refresh: one key per ip for both doors
    return this.refreshLimits.attempt(client.ip, () => this.oauth.token(form, proof, client));
  }

  @Public()
  @Post('revoke')
  @RouteConfig(FORM_BODY)
  @HttpCode(200)
  @ApiOperation({ summary: 'RFC 7009: a refresh or access token ends its whole session family; anything else is ignored' })
  @ApiConsumes(FORM)
  @ApiOkResponse({ description: 'Revoked, or nothing to revoke' })
  @ApiOAuthErrors(MALFORMED, BUSY)
  async revoke(@FormBody() form: FormFields, @Client() client: ClientInfo): Promise<void> {
    this.refreshLimits.admit(client.ip);
    await this.refreshLimits.spend(client.ip);
    await this.oauth.revoke(form, client);
  }

  @Public()
  @Post('introspect')
  @RouteConfig(FORM_BODY)
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'RFC 7662, for resource servers holding INTROSPECTION_SECRET (Basic password or Bearer)' })
  @ApiConsumes(FORM)
  @ApiOkResponse({ type: IntrospectionResponseBody })
  @ApiOAuthErrors(MALFORMED, ['invalid_client', 401, 'The INTROSPECTION_SECRET is missing or wrong'], BUSY)
  @ApiErrors(ErrorCode.NotFound)
  async introspect(@FormBody() form: FormFields, @Headers('authorization') authorization: unknown, @Client() client: ClientInfo) {
    const denied = { key: `introspect:denied:ip:${client.ip}`, limit: INTROSPECT_LIMITS.deniedPerIp, windowSeconds: 15 * 60 };
    await this.limiter.take({ key: `introspect:ip:${client.ip}`, limit: INTROSPECT_LIMITS.perIp, windowSeconds: 60 }, denied);
    const answer = await this.oauth.introspect(form, authorization);
    await this.limiter.refund(denied.key);
    return answer;
  }
}

/** RFC 8414 metadata, at the well-known path for an issuer without a path component. */
@ApiTags('oauth')
@Controller('.well-known')
export class OAuthMetadataController {
  constructor(private readonly oauth: OAuthService) {}

  @Public()
  @Get('oauth-authorization-server')
  @ApiOperation({ summary: 'RFC 8414 authorization server metadata' })
  @ApiOkResponse({ type: AuthorizationServerMetadataBody })
  metadata() {
    return this.oauth.metadata();
  }
}
