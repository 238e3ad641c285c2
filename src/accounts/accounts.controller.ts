import { Body, Controller, Delete, Get, Header, HttpCode, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser, Public, Roles } from '@auth-service/guard';
import type { ClientInfo } from '../audit/audit.types.js';
import { AdminUserResponse } from '../admin/dto/admin.responses.js';
import { ApiBearer, ApiErrors } from '../common/api-errors.decorator.js';
import { Client } from '../common/client-info.decorator.js';
import { ErrorCode } from '../common/errors.js';
import { IdParams } from '../common/params.dto.js';
import { RecoveryLimits } from '../common/login-budget.js';
import { StepUpWhenAdminMfa } from '../auth/access-token.guard.js';
import { AccountsService } from './accounts.service.js';
import { ChangeEmailDto, ConfirmEmailChangeDto, CreateUserDto, DeleteMeDto } from './dto/accounts.dto.js';

/** The caller's own account: deletion, export, email change. */
@ApiTags('auth')
@Controller('auth')
export class AccountController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly limits: RecoveryLimits,
  ) {}

  @Delete('me')
  @HttpCode(204)
  @ApiBearer()
  @ApiOperation({
    summary: "Delete the caller's account: sessions, factors, identities and tokens go; audit events stay without the email",
  })
  @ApiNoContentResponse()
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.InvalidCredentials, ErrorCode.StepUpRequired, ErrorCode.Forbidden, ErrorCode.RateLimited)
  async deleteMe(@CurrentUser() user: AuthenticatedUser, @Body() dto: DeleteMeDto, @Client() client: ClientInfo): Promise<void> {
    await this.accounts.deleteSelf(user, dto.password, client);
  }

  @Get('me/export')
  @Header('Cache-Control', 'no-store')
  @ApiBearer()
  @ApiOperation({ summary: 'Everything stored about the caller, as JSON (no password hash, no token)' })
  @ApiOkResponse({
    description:
      '`{ exportedAt, profile, sessions, auditEvents, pendingEmailChange, factors, identities }` (factors without their secrets)',
  })
  export(@CurrentUser() user: AuthenticatedUser) {
    return this.accounts.export(user.userId);
  }

  @Post('email/change')
  @HttpCode(202)
  @ApiBearer()
  @ApiOperation({ summary: 'Mail a confirmation link to a new address, and a notice to the current one' })
  @ApiAcceptedResponse()
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.InvalidCredentials, ErrorCode.EmailTaken, ErrorCode.RateLimited)
  async changeEmail(@CurrentUser() user: AuthenticatedUser, @Body() dto: ChangeEmailDto): Promise<void> {
    await this.accounts.requestEmailChange(user, dto.newEmail, dto.password);
  }

  @Public()
  @Post('email/change/confirm')
  @HttpCode(204)
  @ApiOperation({ summary: 'Confirm a new email with the mailed token: it becomes the (verified) email; every other session ends' })
  @ApiNoContentResponse()
  @ApiErrors(
    ErrorCode.ValidationFailed,
    ErrorCode.ResetTokenInvalid,
    ErrorCode.EmailTaken,
    ErrorCode.AccountDisabled,
    ErrorCode.RateLimited,
  )
  async confirmEmailChange(@Body() dto: ConfirmEmailChangeDto, @Client() client: ClientInfo): Promise<void> {
    await this.limits.takeTokenCheck(client.ip);
    await this.accounts.confirmEmailChange(dto.token, client);
  }
}

/** Admins create (and invite) and delete accounts. */
@ApiTags('admin')
@ApiBearer()
@ApiErrors(ErrorCode.Forbidden, ErrorCode.ValidationFailed)
@Controller('admin/users')
@Roles('admin')
export class AdminAccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Post()
  @ApiOperation({ summary: 'Create an account; `invite: true` mails it a set-password link' })
  @ApiCreatedResponse({ type: AdminUserResponse })
  @ApiErrors(ErrorCode.EmailTaken)
  create(@CurrentUser() actor: AuthenticatedUser, @Body() dto: CreateUserDto, @Client() client: ClientInfo) {
    return this.accounts.createByAdmin(actor.userId, dto, client);
  }

  /** With ADMIN_REQUIRE_MFA=on this route needs a step-up (docs/api.md). */
  @Delete(':id')
  @StepUpWhenAdminMfa()
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an account, as DELETE /auth/me does' })
  @ApiNoContentResponse()
  @ApiErrors(ErrorCode.NotFound)
  async remove(@CurrentUser() actor: AuthenticatedUser, @Param() params: IdParams, @Client() client: ClientInfo): Promise<void> {
    await this.accounts.deleteByAdmin(actor.userId, params.id, client);
  }
}
