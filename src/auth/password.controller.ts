import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiBearer, ApiErrors } from '../common/api-errors.decorator.js';
import { ErrorCode } from '../common/errors.js';
import type { ClientInfo } from '../audit/audit.types.js';
import { Client } from '../common/client-info.decorator.js';
import { type AuthenticatedUser, CurrentUser } from '@auth-service/guard';
import { ChangePasswordDto } from './dto/auth.dto.js';
import { PasswordService } from './password.service.js';

/** The caller's password. Needs a valid access token. */
@ApiTags('sessions')
@ApiBearer()
@Controller('auth')
export class PasswordController {
  constructor(private readonly passwords: PasswordService) {}

  @Post('password')
  @HttpCode(204)
  @ApiOperation({ summary: 'Change the password; every other session of the user ends' })
  @ApiNoContentResponse()
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.InvalidCredentials, ErrorCode.RateLimited)
  async changePassword(
    @CurrentUser() user: AuthenticatedUser,
    @Body() dto: ChangePasswordDto,
    @Client() client: ClientInfo,
  ): Promise<void> {
    await this.passwords.change(user, dto, client);
  }
}
