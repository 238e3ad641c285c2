import { Body, Controller, Delete, Get, Header, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiFoundResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type AuthenticatedUser, CurrentUser, Public } from '@auth-service/guard';
import type { ClientInfo } from '../audit/audit.types.js';
import { AuthCookies } from '../sessions/auth-cookies.js';
import { LoginResponse } from '../sessions/dto/sessions.responses.js';
import { ApiBearer, ApiErrors } from '../common/api-errors.decorator.js';
import { Client } from '../common/client-info.decorator.js';
import { ErrorCode } from '../common/errors.js';
import { IdParams } from '../common/params.dto.js';
import { RateLimiter } from '../common/rate-limiter.js';
import {
  IdentityResponse,
  LinkTokenResponse,
  OidcExchangeDto,
  OidcStartQuery,
  ProviderParams,
  ProviderResponse,
  toIdentityView,
} from './dto/oidc.dto.js';
import { OidcService, STATE_TTL } from './oidc.service.js';

/** Sign in with an OpenID Connect provider (API.md), and the caller's linked provider accounts. */
@ApiTags('oidc')
@Controller('auth')
export class OidcController {
  constructor(
    private readonly oidc: OidcService,
    private readonly cookies: AuthCookies,
    private readonly limiter: RateLimiter,
  ) {}

  @Public()
  @Get('providers')
  @ApiOperation({ summary: 'The configured OpenID Connect providers, for sign-in buttons' })
  @ApiOkResponse({ type: [ProviderResponse] })
  providers() {
    return this.oidc.list();
  }

  @Public()
  @Get('oidc/:id/start')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Start a provider sign-in: 302 to the provider (or to redirect_uri?error=provider_error while the provider is not discovered)',
  })
  @ApiFoundResponse({
    description: "To the provider's authorization endpoint; sets the flow cookie that binds the sign-in to this browser",
  })
  @ApiErrors(
    ErrorCode.ValidationFailed,
    ErrorCode.RedirectUriNotAllowed,
    ErrorCode.LinkTokenInvalid,
    ErrorCode.NotFound,
    ErrorCode.RateLimited,
  )
  async start(
    @Param() params: ProviderParams,
    @Query() query: OidcStartQuery,
    @Client() client: ClientInfo,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.limiter.take({ key: `oidc:ip:${client.ip}`, limit: 300, windowSeconds: 60 });
    const { location, binding } = await this.oidc.start(params.id, query);
    if (binding !== undefined) this.cookies.set(reply, this.cookies.oidcFlow, binding, STATE_TTL);
    await reply.redirect(location, 302);
  }

  @Public()
  @Get('oidc/:id/callback')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'Where the provider sends the browser back: 302 to redirect_uri (mode=cookie: with the refresh cookie set; mode=code: ?code=; failures: ?error=)',
  })
  @ApiFoundResponse({ description: "To the flow's redirect_uri" })
  @ApiErrors(ErrorCode.InvalidState, ErrorCode.NotFound, ErrorCode.RateLimited)
  async callback(
    @Param() params: ProviderParams,
    @Client() client: ClientInfo,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.limiter.take({ key: `oidc:ip:${client.ip}`, limit: 300, windowSeconds: 60 });
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
    const binding = this.cookies.read(request, this.cookies.oidcFlow);
    const outcome = await this.oidc.callback(params.id, query, binding, client);
    this.cookies.clear(reply, this.cookies.oidcFlow);
    // exactly what a cookie-mode login sets: the refresh cookie and the device cookie
    if (outcome.session) this.cookies.handOverLogin(reply, outcome.session);
    await reply.redirect(outcome.location, 302);
  }

  @Public()
  @Post('oidc/exchange')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  @ApiOperation({ summary: "Trade the one-time code of a mode=code sign-in and the app's PKCE verifier for a token pair" })
  @ApiOkResponse({ type: LoginResponse })
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.OidcCodeInvalid, ErrorCode.AccountDisabled, ErrorCode.RateLimited, ErrorCode.CsrfFailed)
  async exchange(
    @Body() dto: OidcExchangeDto,
    @Client() client: ClientInfo,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    // checked first: a refused origin must not spend the code
    const cookieMode = this.cookies.enterCookieMode(request);
    await this.limiter.take({ key: `oidc:ip:${client.ip}`, limit: 300, windowSeconds: 60 });
    // X-Auth-Mode: cookie, as a cookie-mode login: the family is bound to the request's origin
    // and the refresh token goes to the cookie
    const answer = await this.oidc.exchange(dto.code, dto.codeVerifier, client, cookieMode?.familyOrigin);
    return cookieMode ? this.cookies.handOverLogin(reply, answer) : answer;
  }

  @Get('identities')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: "The caller's linked provider accounts, oldest first" })
  @ApiOkResponse({ type: [IdentityResponse] })
  @ApiBearer()
  async identities(@CurrentUser() user: AuthenticatedUser) {
    return (await this.oidc.listIdentities(user.userId)).map(toIdentityView);
  }

  @Post('identities/link-token')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'A single-use link token (60 s): a provider sign-in started with it links the provider account to the caller' })
  @ApiOkResponse({ type: LinkTokenResponse })
  @ApiBearer()
  async linkToken(@CurrentUser() user: AuthenticatedUser) {
    return { linkToken: await this.oidc.issueLinkToken(user.userId) };
  }

  @Delete('identities/:id')
  @HttpCode(204)
  @ApiOperation({ summary: "Unlink one of the caller's provider accounts; never the only way to sign in (409 last_sign_in_method)" })
  @ApiNoContentResponse()
  @ApiBearer()
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.NotFound, ErrorCode.LastSignInMethod, ErrorCode.StepUpRequired)
  async unlink(@CurrentUser() user: AuthenticatedUser, @Param() params: IdParams, @Client() client: ClientInfo): Promise<void> {
    await this.oidc.unlink(user.userId, user, params.id, client);
  }
}
