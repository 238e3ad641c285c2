import { Body, Controller, Get, Header, HttpCode, Post } from '@nestjs/common';
import type { ClientInfo } from '../audit/audit.types.js';
import { Client } from '../common/client-info.decorator.js';
import { RateLimiter } from '../common/rate-limiter.js';
import type { AuthenticatedUser } from '../guard/access-token-verifier.js';
import { CurrentUser, Public } from '../guard/decorators.js';
import { EmailVerificationService } from '../recovery/email-verification.service.js';
import { SessionsService } from '../sessions/sessions.service.js';
import { toUserView, UsersService } from '../users/users.service.js';
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
    private readonly verification: EmailVerificationService,
  ) {}

  @Public()
  @Post('register')
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
  login(@Body() dto: LoginDto, @Client() client: ClientInfo) {
    return this.auth.login(dto, client);
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  async refresh(@Body() dto: RefreshDto, @Client() client: ClientInfo) {
    await this.limiter.take({ key: `refresh:ip:${client.ip}`, limit: 3000, windowSeconds: 60 });
    return this.auth.refresh(dto, client);
  }

  /**
   * Ends the caller's session family; its access tokens stop working at once here. With a
   * Bearer token, that token's family; without one, the family of the body's `refreshToken`
   * (judged as a refresh judges it), so an app whose access token expired can still log out.
   */
  @Post('logout')
  @OrRefreshToken()
  @HttpCode(204)
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
  async me(@CurrentUser() user: AuthenticatedUser) {
    return toUserView(await this.users.findById(user.userId));
  }
}
