import { Body, Controller, Get, Header, Headers, HttpCode, Post, Req, Res } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiCreatedResponse, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type AuthenticatedUser, CurrentUser, Public } from '@auth-service/guard';
import { ApiBearer, ApiErrors } from '../common/api-errors.decorator.js';
import { AppError, ErrorCode } from '../common/errors.js';
import { OPTIONAL_JSON_BODY } from '../common/json-body.js';
import type { ClientInfo } from '../audit/audit.types.js';
import { Client } from '../common/client-info.decorator.js';
import { RefreshLimits } from '../common/login-budget.js';
import { RateLimiter } from '../common/rate-limiter.js';
import { MetricsService } from '../observability/metrics.service.js';
import { TAKES_DPOP } from '../dpop/dpop-nonce.js';
import { EmailVerificationService } from '../recovery/email-verification.service.js';
import { SessionsService } from '../sessions/sessions.service.js';
import { toMeView, toUserView, UsersService } from '../users/users.service.js';
import { AuthCookies, endsFamily } from '../sessions/auth-cookies.js';
import { AuthService } from './auth.service.js';
import { OrRefreshToken } from './access-token.guard.js';
import { LoginDto, LogoutDto, RefreshDto, RegisterDto } from './dto/auth.dto.js';
import { LoginResponse, TokenPairResponse } from '../sessions/dto/sessions.responses.js';
import { MeResponse, UserResponse } from './dto/auth.responses.js';
import { MfaService } from '../mfa/mfa.service.js';

/** OpenAPI: the cookie-mode header of docs/api.md "Browser apps". */
const AuthModeHeader = () =>
  ApiHeader({
    name: 'X-Auth-Mode',
    required: false,
    description: '`cookie`: the refresh token travels in an HttpOnly cookie (Path=/auth) instead of the body; needs an allowed Origin',
  });

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly limiter: RateLimiter,
    private readonly refreshLimits: RefreshLimits,
    private readonly metrics: MetricsService,
    private readonly verification: EmailVerificationService,
    private readonly cookies: AuthCookies,
    private readonly mfa: MfaService,
  ) {}

  @Public()
  @Post('register')
  @ApiOperation({ summary: 'Create an account' })
  @ApiCreatedResponse({ type: UserResponse })
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.EmailTaken, ErrorCode.RateLimited)
  async register(@Body() dto: RegisterDto, @Client() client: ClientInfo) {
    await this.limiter.take({ key: `register:ip:${client.ip}`, limit: 100, windowSeconds: 60 });
    // the verification mail is queued in the registration's transaction, sent after it commits
    const user = await this.users.register(dto, client, (created, tx) => this.verification.issue(created, tx));
    this.verification.sendQueued();
    return toUserView(user);
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  @RouteConfig(TAKES_DPOP)
  @ApiOperation({
    summary:
      'Log in: starts a session family and returns its first token pair (in cookie mode without refreshToken, which goes to the cookie); a DPoP proof binds it to the key',
  })
  @ApiOkResponse({ type: LoginResponse })
  @AuthModeHeader()
  @ApiErrors(
    ErrorCode.ValidationFailed,
    ErrorCode.InvalidCredentials,
    ErrorCode.AccountDisabled,
    ErrorCode.RateLimited,
    ErrorCode.CsrfFailed,
    ErrorCode.InvalidDpopProof,
    ErrorCode.UseDpopNonce,
  )
  async login(
    @Body() dto: LoginDto,
    @Headers('dpop') proof: unknown,
    @Client() client: ClientInfo,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    try {
      const cookieMode = this.cookies.enterCookieMode(request);
      // in cookie mode the device cookie vouches for the device when the body does not
      const deviceToken = dto.deviceToken ?? (cookieMode ? this.cookies.read(request, this.cookies.device) : undefined);
      // a cookie-mode family is bound to the origin it starts from (the console's: the service's own)
      const pair = await this.auth.login({ ...dto, deviceToken }, client, proof, cookieMode?.familyOrigin);
      this.metrics.login('success');
      return cookieMode ? this.cookies.handOverLogin(reply, pair) : pair;
    } catch (error) {
      this.metrics.loginFailed(error);
      throw error;
    }
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  @RouteConfig({ ...TAKES_DPOP, ...OPTIONAL_JSON_BODY })
  @ApiOperation({
    summary:
      "Rotate a refresh token (the body's, or the cookie's in cookie mode): a new pair; a rotated token presented again ends the family",
  })
  @ApiOkResponse({ type: TokenPairResponse })
  @AuthModeHeader()
  @ApiErrors(
    ErrorCode.ValidationFailed,
    ErrorCode.InvalidRefreshToken,
    ErrorCode.RefreshTokenExpired,
    ErrorCode.RefreshTokenReused,
    ErrorCode.DeviceMismatch,
    ErrorCode.AccountDisabled,
    ErrorCode.EnvelopeInvalid,
    ErrorCode.EnvelopeRequired,
    ErrorCode.RateLimited,
    ErrorCode.CsrfFailed,
    ErrorCode.InvalidDpopProof,
    ErrorCode.UseDpopNonce,
  )
  async refresh(
    @Body() dto: RefreshDto,
    @Headers('dpop') proof: unknown,
    @Client() client: ClientInfo,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    try {
      return await this.refreshLimits.attempt(client.ip, async () => {
        const cookieMode = this.cookies.enterCookieMode(request);
        if (!cookieMode) return await this.auth.refresh(dto, client, proof);
        refuseBodyToken(dto);
        // the same path as a body token: rotation, grace, reuse detection, device, DPoP and origin binding, audit
        const pair = await this.withRefreshCookie(request, reply, (refreshToken) =>
          this.auth.refresh({ refreshToken, deviceId: dto.deviceId }, client, proof, cookieMode.origin),
        );
        return this.cookies.handOver(reply, pair);
      });
    } catch (error) {
      // successes are counted where rotated and grace are told apart (SessionsService)
      this.metrics.refreshFailed(error);
      throw error;
    }
  }

  /**
   * Ends the caller's session family; its access tokens stop working at once here. With a
   * Bearer token, that token's family; without one, the family of the body's `refreshToken`
   * (judged as a refresh judges it), so an app whose access token expired can still log out.
   * In cookie mode the refresh cookie names the family whenever there is one (a Bearer token of
   * another session must not leave the cookie's family alive while clearing the cookie), and is
   * cleared; the Bearer token's family ends only when no cookie came.
   */
  @Post('logout')
  @RouteConfig(OPTIONAL_JSON_BODY)
  @OrRefreshToken()
  @HttpCode(204)
  @ApiOperation({
    summary: "End a session: the Bearer token's, or without one the family of the body's refreshToken (of the cookie in cookie mode)",
  })
  @ApiNoContentResponse()
  @ApiBearer()
  @AuthModeHeader()
  @ApiErrors(
    ErrorCode.ValidationFailed,
    ErrorCode.InvalidRefreshToken,
    ErrorCode.RefreshTokenExpired,
    ErrorCode.RefreshTokenReused,
    ErrorCode.AccountDisabled,
    ErrorCode.RateLimited,
    ErrorCode.CsrfFailed,
  )
  async logout(
    @CurrentUser() user: AuthenticatedUser | undefined,
    @Body() dto: LogoutDto,
    @Client() client: ClientInfo,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    const cookieMode = this.cookies.enterCookieMode(request);
    if (cookieMode) refuseBodyToken(dto);
    const cookie = cookieMode ? this.cookies.read(request, this.cookies.refresh) : undefined;
    if (user && cookie === undefined) {
      await this.sessions.endFamilies({ ids: [user.sessionId], userId: user.userId }, { reason: 'logout', client });
    } else {
      await this.refreshLimits.attempt(client.ip, async () => {
        if (!cookieMode) return this.sessions.endByRefreshToken(dto.refreshToken!, client);
        await this.withRefreshCookie(request, reply, (refreshToken) =>
          this.sessions.endByRefreshToken(refreshToken, client, cookieMode.origin),
        );
      });
      if (!cookieMode) return;
    }
    if (cookieMode) this.cookies.clear(reply, this.cookies.refresh);
  }

  @Get('me')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: "The caller's account; `mfa`: a second factor is active" })
  @ApiOkResponse({ type: MeResponse })
  @ApiBearer()
  async me(@CurrentUser() user: AuthenticatedUser) {
    const [account, mfa] = await Promise.all([this.users.findById(user.userId), this.mfa.hasFactor(user.userId)]);
    return { ...toMeView(account), mfa };
  }

  /** Runs `use` with the refresh cookie's token; an answer that ends or refuses the family clears the cookie. */
  private async withRefreshCookie<T>(request: FastifyRequest, reply: FastifyReply, use: (refreshToken: string) => Promise<T>): Promise<T> {
    try {
      return await use(this.cookies.read(request, this.cookies.refresh) ?? '');
    } catch (error) {
      if (endsFamily(error)) this.cookies.clear(reply, this.cookies.refresh);
      throw error;
    }
  }
}

/** In cookie mode the refresh token comes from the cookie only: one in the body is a client bug. */
function refuseBodyToken(dto: { refreshToken?: string; envelope?: string }): void {
  if (dto.refreshToken !== undefined || dto.envelope !== undefined) {
    throw new AppError(ErrorCode.ValidationFailed, 'In cookie mode the refresh token comes from the cookie', [
      { field: 'refreshToken', message: 'not allowed in cookie mode' },
    ]);
  }
}
