import { Body, Controller, Get, Header, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ClientInfo } from '../audit/audit.types.js';
import { Client } from '../common/client-info.decorator.js';
import { AppError, ErrorCode } from '../common/errors.js';
import { RateLimiter } from '../common/rate-limiter.js';
import { type AuthenticatedUser, CurrentUser, Public } from '@auth-service/guard';
import { SessionsService } from '../sessions/sessions.service.js';
import { toUserView, UsersService } from '../users/users.service.js';
import { AuthCookies, endsFamily } from './auth-cookies.js';
import { AuthService } from './auth.service.js';
import { OrRefreshToken } from './access-token.guard.js';
import { LoginDto, LogoutDto, RefreshDto, RegisterDto } from './dto/auth.dto.js';

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
    await this.limiter.take({ key: `register:ip:${client.ip}`, limit: 100, windowSeconds: 60 });
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
    await this.limiter.take({ key: `refresh:ip:${client.ip}`, limit: 3000, windowSeconds: 60 });
    if (!this.cookies.enterCookieMode(request)) return this.auth.refresh(dto, client);
    refuseBodyToken(dto);
    // the same path as a body token: rotation, grace, reuse detection, device binding, audit
    const pair = await this.withRefreshCookie(request, reply, (refreshToken) => this.auth.refresh({ refreshToken, deviceId: dto.deviceId }, client, 'cookie'));
    return this.cookies.handOver(reply, pair);
  }

  /**
   * Ends the caller's session family; its access tokens stop working at once here. With a
   * Bearer token, that token's family; without one, the family of the body's `refreshToken`
   * (judged as a refresh judges it), so an app whose access token expired can still log out.
   * In cookie mode the refresh cookie takes the body's place, and is cleared.
   */
  @Post('logout')
  @OrRefreshToken()
  @HttpCode(204)
  async logout(@CurrentUser() user: AuthenticatedUser | undefined, @Body() dto: LogoutDto, @Client() client: ClientInfo, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    const cookieMode = this.cookies.enterCookieMode(request);
    if (cookieMode) refuseBodyToken(dto);
    if (user) {
      await this.sessions.endFamilies({ ids: [user.sessionId], userId: user.userId }, { reason: 'logout', client });
    } else {
      await this.limiter.take({ key: `refresh:ip:${client.ip}`, limit: 3000, windowSeconds: 60 });
      if (!cookieMode) return this.sessions.endByRefreshToken(dto.refreshToken!, client);
      await this.withRefreshCookie(request, reply, (refreshToken) => this.sessions.endByRefreshToken(refreshToken, client));
    }
    if (cookieMode) this.cookies.clear(reply, this.cookies.refresh);
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

  @Get('me')
  @Header('Cache-Control', 'no-store')
  async me(@CurrentUser() user: AuthenticatedUser) {
    return toUserView(await this.users.findById(user.userId));
  }
}

/** In cookie mode the refresh token comes from the cookie only: one in the body is a client bug. */
function refuseBodyToken(dto: { refreshToken?: string; envelope?: string }): void {
  if (dto.refreshToken !== undefined || dto.envelope !== undefined) {
    throw new AppError(ErrorCode.ValidationFailed, 'In cookie mode the refresh token comes from the cookie', [{ field: 'refreshToken', message: 'not allowed in cookie mode' }]);
  }
}
