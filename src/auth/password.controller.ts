import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import type { ClientInfo } from '../audit/audit.types.js';
import { Client } from '../common/client-info.decorator.js';
import type { AuthenticatedUser } from '../guard/access-token-verifier.js';
import { CurrentUser } from '../guard/decorators.js';
import { ChangePasswordDto } from './dto/auth.dto.js';
import { PasswordService } from './password.service.js';

/** The caller's password. Needs a valid access token. */
@Controller('auth')
export class PasswordController {
  constructor(private readonly passwords: PasswordService) {}

  @Post('password')
  @HttpCode(204)
  async changePassword(@CurrentUser() user: AuthenticatedUser, @Body() dto: ChangePasswordDto, @Client() client: ClientInfo): Promise<void> {
    await this.passwords.change(user, dto, client);
  }
}
