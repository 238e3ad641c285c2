import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiBearer, ApiErrors } from '../common/api-errors.decorator.js';
import { ErrorCode } from '../common/errors.js';
import type { ClientInfo } from '../audit/audit.types.js';
import { Client } from '../common/client-info.decorator.js';
import { type AuthenticatedUser, CurrentUser, Public } from '@auth-service/guard';
import { ForgotPasswordDto, ResetPasswordDto, VerifyEmailDto } from './dto/recovery.dto.js';
import { EmailVerificationService } from './email-verification.service.js';
import { PasswordResetService } from './password-reset.service.js';
import { RecoveryLimits } from '../common/login-budget.js';

@ApiTags('recovery')
@Controller('auth')
export class RecoveryController {
  constructor(
    private readonly passwordReset: PasswordResetService,
    private readonly verification: EmailVerificationService,
    private readonly limits: RecoveryLimits,
  ) {}

  /** 202 whatever the email: known, unknown, disabled or limited (see PasswordResetService.forgot). */
  @Public()
  @Post('password/forgot')
  @HttpCode(202)
  @ApiOperation({ summary: 'Mail a one-time reset link; 202 whether or not the account exists' })
  @ApiAcceptedResponse()
  @ApiErrors(ErrorCode.ValidationFailed)
  forgot(@Body() dto: ForgotPasswordDto, @Client() client: ClientInfo): void {
    this.passwordReset.forgot(dto.email, client);
  }

  @Public()
  @Post('password/reset')
  @HttpCode(204)
  @ApiOperation({ summary: 'Set a new password with a mailed token; every session family of the account ends' })
  @ApiNoContentResponse()
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.ResetTokenInvalid, ErrorCode.AccountDisabled, ErrorCode.RateLimited)
  async reset(@Body() dto: ResetPasswordDto, @Client() client: ClientInfo): Promise<void> {
    await this.limits.takeTokenCheck(client.ip);
    await this.passwordReset.reset(dto.token, dto.newPassword, client);
  }

  @Public()
  @Post('email/verify')
  @HttpCode(204)
  @ApiOperation({ summary: 'Confirm an email address with a mailed token' })
  @ApiNoContentResponse()
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.ResetTokenInvalid, ErrorCode.RateLimited)
  async verify(@Body() dto: VerifyEmailDto, @Client() client: ClientInfo): Promise<void> {
    await this.limits.takeTokenCheck(client.ip);
    await this.verification.verify(dto.token, client);
  }

  /** A new verification link for the caller (the older one stops working); nothing when already verified. */
  @Post('email/verify/resend')
  @HttpCode(202)
  @ApiOperation({ summary: 'Mail a new verification link to the caller (older links stop working)' })
  @ApiAcceptedResponse()
  @ApiBearer()
  @ApiErrors(ErrorCode.RateLimited)
  async resend(@CurrentUser() user: AuthenticatedUser): Promise<void> {
    await this.verification.resend(user.userId);
  }
}
