import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiBearer, ApiErrors } from '../common/api-errors.decorator.js';
import { ErrorCode } from '../common/errors.js';
import type { ClientInfo } from '../audit/audit.types.js';
import { Client } from '../common/client-info.decorator.js';
import { type AuthenticatedUser, CurrentUser, Public } from '@auth-service/guard';
import { CheckResetTokenDto, ForgotPasswordDto, ResetPasswordDto, ResetTokenCheckDto, VerifyEmailDto } from './dto/recovery.dto.js';
import { EmailVerificationService } from './email-verification.service.js';
import { PasswordResetService } from './password-reset.service.js';
import { RecoveryLimits } from './recovery-limits.js';

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

  /**
   * 200 whether or not the token is valid: a spent link is an expected answer the page shows,
   * not an error (a 4xx would also be logged in the browser's console as a failed request).
   * Counted with the token checks of reset and verify, per IP.
   */
  @Public()
  @Post('password/reset/check')
  @HttpCode(200)
  @ApiOperation({ summary: 'Say whether a mailed reset token would be accepted now, without spending it' })
  @ApiOkResponse({ type: ResetTokenCheckDto })
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.RateLimited)
  async checkReset(@Body() dto: CheckResetTokenDto, @Client() client: ClientInfo): Promise<ResetTokenCheckDto> {
    await this.limits.takeTokenCheck(client.ip);
    return this.passwordReset.check(dto.token);
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
