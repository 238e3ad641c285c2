import { Body, Controller, Get, Header, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ClientInfo } from '../audit/audit.types.js';
import { Client } from '../common/client-info.decorator.js';
import { AppError, ErrorCode } from '../common/errors.js';
import { RateLimiter } from '../common/rate-limiter.js';
import type { AuthenticatedUser } from '../guard/access-token-verifier.js';
import { CurrentUser, Public } from '../guard/decorators.js';
import { SessionsService } from '../sessions/sessions.service.js';
import { toUserView, UsersService } from '../users/users.service.js';
import { AuthCookies, CookieCredential, endsFamily } from './auth-cookies.js';
import { AuthService } from './auth.service.js';
import { LoginDto, RefreshDto, RegisterDto } from './dto/auth.dto.js';

@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly limiter: RateLimiter,
    private readonly cookies: AuthCookies,
  ) {}

  @Public()
  @Post('register')
  async register(@Body() dto: RegisterDto, @Client() client: ClientInfo) {
    this.limiter.hit(`register:ip:${client.ip}`, 100, 60);
    return toUserView(await this.users.register(dto, client));
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  async login(@Body() dto: LoginDto, @Client() client: ClientInfo, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const cookieMode = this.cookies.enterCookieMode(request);
    const pair = await this.auth.login(dto, client);
    return cookieMode ? this.cookies.handOver(reply, pair) : pair;
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  async refresh(@Body() dto: RefreshDto, @Client() client: ClientInfo, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    this.limiter.hit(`refresh:ip:${client.ip}`, 3000, 60);
    if (!this.cookies.enterCookieMode(request)) return this.auth.refresh(dto, client);
    if (dto.refreshToken !== undefined || dto.envelope !== undefined) {
      throw new AppError(ErrorCode.ValidationFailed, 'In cookie mode the refresh token comes from the cookie', [{ field: 'refreshToken', message: 'not allowed in cookie mode' }]);
    }
    try {
      // the same path as a body token: rotation, grace, reuse detection, device binding, audit
      const pair = await this.auth.refresh({ refreshToken: this.cookies.read(request, this.cookies.refresh) ?? '', deviceId: dto.deviceId }, client, 'cookie');
      return this.cookies.handOver(reply, pair);
    } catch (error) {
      if (endsFamily(error)) this.cookies.clear(reply, this.cookies.refresh);
      throw error;
    }
  }

  /**
   * Ends the caller's session family; its access tokens stop working at once here. In cookie
   * mode the refresh cookie alone is enough (an app whose access token expired can still log
   * out), and the cookie is cleared.
   */
  @Post('logout')
  @HttpCode(204)
  @CookieCredential()
  async logout(@CurrentUser() user: AuthenticatedUser | undefined, @Client() client: ClientInfo, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    const cookieMode = this.cookies.enterCookieMode(request);
    if (user) await this.sessions.endFamilies({ ids: [user.sessionId], userId: user.userId }, { reason: 'logout', client });
    if (!cookieMode) return;
    const token = this.cookies.read(request, this.cookies.refresh);
    if (token) await this.sessions.endByRefreshToken(token, 'logout', client);
    this.cookies.clear(reply, this.cookies.refresh);
  }

  @Get('me')
  @Header('Cache-Control', 'no-store')
  async me(@CurrentUser() user: AuthenticatedUser) {
    return toUserView(await this.users.findById(user.userId));
  }
}
