import { Body, Controller, Get, Header, HttpCode, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiBearer, ApiErrors } from '../common/api-errors.decorator.js';
import { ErrorCode } from '../common/errors.js';
import type { ClientInfo } from '../audit/audit.types.js';
import { Client } from '../common/client-info.decorator.js';
import { RateLimiter } from '../common/rate-limiter.js';
import { MetricsService } from '../observability/metrics.service.js';
import type { AuthenticatedUser } from '../guard/access-token-verifier.js';
import { CurrentUser, Public } from '../guard/decorators.js';
import { SessionsService } from '../sessions/sessions.service.js';
import { toUserView, UsersService } from '../users/users.service.js';
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
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  @ApiOperation({ summary: 'Log in: starts a session family and returns its first token pair' })
  @ApiOkResponse({ type: TokenPairResponse })
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.InvalidCredentials, ErrorCode.AccountDisabled, ErrorCode.RateLimited)
  async login(@Body() dto: LoginDto, @Client() client: ClientInfo) {
    try {
      const pair = await this.auth.login(dto, client);
      this.metrics.login('success');
      return pair;
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
  @ApiOperation({ summary: 'Rotate a refresh token: a new pair; a rotated token presented again ends the family' })
  @ApiOkResponse({ type: TokenPairResponse })
  @ApiErrors(
    ErrorCode.ValidationFailed, ErrorCode.InvalidRefreshToken, ErrorCode.RefreshTokenExpired, ErrorCode.RefreshTokenReused,
    ErrorCode.DeviceMismatch, ErrorCode.AccountDisabled, ErrorCode.EnvelopeInvalid, ErrorCode.EnvelopeRequired, ErrorCode.RateLimited,
  )
  async refresh(@Body() dto: RefreshDto, @Client() client: ClientInfo) {
    try {
      await this.limiter.take({ key: `refresh:ip:${client.ip}`, limit: 3000, windowSeconds: 60 });
      return await this.auth.refresh(dto, client);
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
   */
  @Post('logout')
  @OrRefreshToken()
  @HttpCode(204)
  @ApiOperation({ summary: 'End a session: the Bearer token\'s, or without one the family of the body\'s refreshToken' })
  @ApiNoContentResponse()
  @ApiBearer()
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.InvalidRefreshToken, ErrorCode.RefreshTokenExpired, ErrorCode.RefreshTokenReused, ErrorCode.AccountDisabled, ErrorCode.RateLimited)
  async logout(@CurrentUser() user: AuthenticatedUser | undefined, @Body() dto: LogoutDto, @Client() client: ClientInfo): Promise<void> {
    if (user) {
      await this.sessions.endFamilies({ ids: [user.sessionId], userId: user.userId }, { reason: 'logout', client });
      return;
    }
    await this.limiter.take({ key: `refresh:ip:${client.ip}`, limit: 3000, windowSeconds: 60 });
    await this.sessions.endByRefreshToken(dto.refreshToken!, client);
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
