import { Controller, Get } from '@nestjs/common';
import { CurrentUser, Public, Roles, type AuthenticatedUser } from '@auth-service/guard';

@Controller()
export class ProfileController {
  @Public()
  @Get('public')
  hello() {
    return { message: 'Anyone may read this' };
  }

  /** Any valid access token of a live session. */
  @Get('me')
  me(@CurrentUser() user: AuthenticatedUser) {
    return { userId: user.userId, sessionId: user.sessionId, roles: user.roles };
  }

  /** Tokens whose `roles` include admin; others get 403 forbidden. */
  @Roles('admin')
  @Get('admin')
  admin(@CurrentUser('userId') userId: string) {
    return { message: 'Admins only', userId };
  }
}
