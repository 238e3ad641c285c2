import { Body, Controller, Get, Header, HttpCode, Post } from '@nestjs/common';
import type { ClientInfo } from '../audit/audit.types.js';
import { Client } from '../common/client-info.decorator.js';
import { RateLimiter } from '../common/rate-limiter.js';

import type { AuthenticatedUser } from '../guard/access-token-verifier.js';
import { CurrentUser, Public } from '../guard/decorators.js';
import { SessionsService } from '../sessions/sessions.service.js';
import { toUserView, UsersService } from '../users/users.service.js';
import { AuthService } from './auth.service.js';
import { LoginDto, RefreshDto, RegisterDto } from './dto/auth.dto.js';

@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly limiter: RateLimiter,
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
  login(@Body() dto: LoginDto, @Client() client: ClientInfo) {
    return this.auth.login(dto, client);
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  refresh(@Body() dto: RefreshDto, @Client() client: ClientInfo) {
    this.limiter.hit(`refresh:ip:${client.ip}`, 3000, 60);
    return this.auth.refresh(dto, client);
  }

  /** Ends the caller's session family; its access tokens stop working at once here. */
  @Post('logout')
  @HttpCode(204)
  async logout(@CurrentUser() user: AuthenticatedUser, @Client() client: ClientInfo): Promise<void> {
    await this.sessions.endFamilies({ ids: [user.sessionId], userId: user.userId }, { reason: 'logout', client });
  }

  @Get('me')
  @Header('Cache-Control', 'no-store')
  async me(@CurrentUser() user: AuthenticatedUser) {
    return toUserView(await this.users.findById(user.userId));
  }
}
