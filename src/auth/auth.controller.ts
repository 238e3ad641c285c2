import { Body, Controller, Get, Header, Headers, HttpCode, Post, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiBearer, ApiErrors } from '../common/api-errors.decorator.js';
import type { ClientInfo } from '../audit/audit.types.js';
import { Client } from '../common/client-info.decorator.js';
import { AppError, ErrorCode } from '../common/errors.js';
import { RateLimiter } from '../common/rate-limiter.js';
import { MetricsService } from '../observability/metrics.service.js';
import type { AuthenticatedUser } from '../guard/access-token-verifier.js';
import { CurrentUser, Public } from '../guard/decorators.js';
import { DpopNonceInterceptor } from '../oauth/dpop-nonce.interceptor.js';
import { SessionsService } from '../sessions/sessions.service.js';
import { toUserView, UsersService } from '../users/users.service.js';
import { AuthCookies, CookieCredential, endsFamily } from './auth-cookies.js';
import { AuthService } from './auth.service.js';
import { OrRefreshToken } from './access-token.guard.js';
import { LoginDto, LogoutDto, RefreshDto, RegisterDto } from './dto/auth.dto.js';
import { TokenPairResponse, UserResponse } from './dto/auth.responses.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly limiter: RateLimiter,
    private readonly cookies: AuthCookies,
    private readonly metrics: MetricsService,
  ) {}

  @Public()
  @Post('register')
  @ApiOperation({ summary: 'Create an account' })
  @ApiCreatedResponse({ type: UserResponse })
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.EmailTaken, ErrorCode.RateLimited)
  async register(@Body() dto: RegisterDto, @Client() client: ClientInfo) {
    await this.limiter.take({ key: `register:ip:${client.ip}`, limit: 100, windowSeconds: 60 });
    return toUserView(await this.users.register(dto, client));
  }

  @Public()
  @Post('login')
  @UseInterceptors(DpopNonceInterceptor)
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  @ApiOperation({ summary: 'Log in: starts a session family and returns its first token pair; a DPoP proof binds it to the key' })
  @ApiOkResponse({ type: TokenPairResponse })
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.InvalidCredentials, ErrorCode.AccountDisabled, ErrorCode.RateLimited, ErrorCode.InvalidDpopProof, ErrorCode.UseDpopNonce)
  async login(@Body() dto: LoginDto, @Headers('dpop') proof: unknown, @Client() client: ClientInfo, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    try {
      const cookieMode = this.cookies.enterCookieMode(request);
      const pair = await this.auth.login(dto, client, proof);
      this.metrics.login('success');
      return cookieMode ? this.cookies.handOver(reply, pair) : pair;
    } catch (error) {
      this.metrics.loginFailed(error);
      throw error;
    }
  }

  @Public()
  @Post('refresh')
  @UseInterceptors(DpopNonceInterceptor)
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  @ApiOperation({ summary: 'Rotate a refresh token: a new pair; a rotated token presented again ends the family' })
  @ApiOkResponse({ type: TokenPairResponse })
  @ApiErrors(
    ErrorCode.ValidationFailed, ErrorCode.InvalidRefreshToken, ErrorCode.RefreshTokenExpired, ErrorCode.RefreshTokenReused,
    ErrorCode.DeviceMismatch, ErrorCode.AccountDisabled, ErrorCode.EnvelopeInvalid, ErrorCode.EnvelopeRequired, ErrorCode.RateLimited,
    ErrorCode.InvalidDpopProof, ErrorCode.UseDpopNonce,
  )
  async refresh(@Body() dto: RefreshDto, @Headers('dpop') proof: unknown, @Client() client: ClientInfo, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    try {
      await this.limiter.take({ key: `refresh:ip:${client.ip}`, limit: 3000, windowSeconds: 60 });
      if (!this.cookies.enterCookieMode(request)) return await this.auth.refresh(dto, client, 'body', proof);
      if (dto.refreshToken !== undefined || dto.envelope !== undefined) {
        throw new AppError(ErrorCode.ValidationFailed, 'In cookie mode the refresh token comes from the cookie', [{ field: 'refreshToken', message: 'not allowed in cookie mode' }]);
      }
      try {
        // the same path as a body token: rotation, grace, reuse detection, device and DPoP binding, audit
        const pair = await this.auth.refresh({ refreshToken: this.cookies.read(request, this.cookies.refresh) ?? '', deviceId: dto.deviceId }, client, 'cookie', proof);
        return this.cookies.handOver(reply, pair);
      } catch (error) {
        if (endsFamily(error)) this.cookies.clear(reply, this.cookies.refresh);
        throw error;
      }
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
   * In cookie mode the refresh cookie alone is enough, and the cookie is cleared.
   */
  @Post('logout')
  @OrRefreshToken()
  @CookieCredential()
  @HttpCode(204)
  @ApiOperation({ summary: 'End a session: the Bearer token\'s, or without one the family of the body\'s refreshToken (or cookie)' })
  @ApiNoContentResponse()
  @ApiBearer()
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.InvalidRefreshToken, ErrorCode.RefreshTokenExpired, ErrorCode.RefreshTokenReused, ErrorCode.AccountDisabled, ErrorCode.RateLimited)
  async logout(@CurrentUser() user: AuthenticatedUser | undefined, @Body() dto: LogoutDto, @Client() client: ClientInfo, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    const cookieMode = this.cookies.enterCookieMode(request);
    if (user) {
      await this.sessions.endFamilies({ ids: [user.sessionId], userId: user.userId }, { reason: 'logout', client });
    } else if (!cookieMode) {
      await this.limiter.take({ key: `refresh:ip:${client.ip}`, limit: 3000, windowSeconds: 60 });
      await this.sessions.endByRefreshToken(dto?.refreshToken ?? '', client);
      return;
    }
    if (!cookieMode) return;
    const token = this.cookies.read(request, this.cookies.refresh);
    if (token) await this.sessions.revokeByRefreshToken(token, 'logout', client);
    this.cookies.clear(reply, this.cookies.refresh);
  }

  @Get('me')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'The caller\'s account' })
  @ApiOkResponse({ type: UserResponse })
  @ApiBearer()
  async me(@CurrentUser() user: AuthenticatedUser) {
    return toUserView(await this.users.findById(user.userId));
  }
}
