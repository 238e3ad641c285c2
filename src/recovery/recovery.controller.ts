import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import type { ClientInfo } from '../audit/audit.types.js';
import { Client } from '../common/client-info.decorator.js';
import type { AuthenticatedUser } from '../guard/access-token-verifier.js';
import { CurrentUser, Public } from '../guard/decorators.js';
import { ForgotPasswordDto, ResetPasswordDto, VerifyEmailDto } from './dto/recovery.dto.js';
import { EmailVerificationService } from './email-verification.service.js';
import { PasswordResetService } from './password-reset.service.js';
import { RecoveryLimits } from './recovery-limits.js';

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
  forgot(@Body() dto: ForgotPasswordDto, @Client() client: ClientInfo): void {
    this.passwordReset.forgot(dto.email, client);
  }

  @Public()
  @Post('password/reset')
  @HttpCode(204)
  async reset(@Body() dto: ResetPasswordDto, @Client() client: ClientInfo): Promise<void> {
    await this.limits.takeTokenCheck(client.ip);
    await this.passwordReset.reset(dto.token, dto.newPassword, client);
  }

  @Public()
  @Post('email/verify')
  @HttpCode(204)
  async verify(@Body() dto: VerifyEmailDto, @Client() client: ClientInfo): Promise<void> {
    await this.limits.takeTokenCheck(client.ip);
    await this.verification.verify(dto.token, client);
  }

  /** A new verification link for the caller (the older one stops working); nothing when already verified. */
  @Post('email/verify/resend')
  @HttpCode(202)
  async resend(@CurrentUser() user: AuthenticatedUser): Promise<void> {
    await this.verification.resend(user.userId);
  }
}
