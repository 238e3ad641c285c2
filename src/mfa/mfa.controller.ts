import { Body, Controller, Delete, Get, Header, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type AuthenticatedUser, CurrentUser, Public, Roles, StepUp } from '@auth-service/guard';
import type { ClientInfo } from '../audit/audit.types.js';
import { AuthCookies } from '../sessions/auth-cookies.js';
import type { LoginAnswer } from '../sessions/login-answer.js';
import { LoginResponse, TokenPairResponse } from '../sessions/dto/sessions.responses.js';
import { ApiBearer, ApiErrors } from '../common/api-errors.decorator.js';
import { Client } from '../common/client-info.decorator.js';
import { AppError, ErrorCode } from '../common/errors.js';
import { IdParams } from '../common/params.dto.js';
import { MetricsService } from '../observability/metrics.service.js';
import { UsersService } from '../users/users.service.js';
import { CodeDto, MfaTokenDto, MfaVerifyDto, PasskeyLoginDto, RegisterPasskeyDto, SecondFactorDto } from './dto/mfa.dto.js';
import {
  FactorsResponse,
  PasskeyLoginOptionsResponse,
  PasskeyResponse,
  RecoveryCodesResponse,
  RequestOptionsResponse,
  TotpEnrolmentResponse,
  WebAuthnOptions,
} from './dto/mfa.responses.js';
import { MfaService, SecondFactor } from './mfa.service.js';

/** Exactly one of `code` and `passkey`. */
function factorOf(dto: SecondFactorDto): SecondFactor {
  if (dto.code !== undefined && dto.passkey !== undefined) {
    throw new AppError(ErrorCode.ValidationFailed, 'Send a code or a passkey, not both', [
      { field: 'code', message: 'code excludes passkey' },
    ]);
  }
  return dto.passkey !== undefined ? { passkey: dto.passkey as never } : { code: dto.code };
}

/** API.md "Second factors and passkeys": the caller's factors, passkey sign-in, the second step and step-up. */
@ApiTags('mfa')
@Controller('auth')
export class MfaController {
  constructor(
    private readonly mfa: MfaService,
    private readonly users: UsersService,
    private readonly cookies: AuthCookies,
    private readonly metrics: MetricsService,
  ) {}

  @Get('mfa')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: "The caller's factors (never a secret) and how many recovery codes are left" })
  @ApiOkResponse({ type: FactorsResponse })
  @ApiBearer()
  list(@CurrentUser() user: AuthenticatedUser) {
    return this.mfa.listFactors(user.userId);
  }

  @Post('mfa/totp')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Start a TOTP factor: its secret and otpauth:// URL (for a QR code); pending until confirmed with a code' })
  @ApiCreatedResponse({ type: TotpEnrolmentResponse })
  @ApiBearer()
  async startTotp(@CurrentUser() user: AuthenticatedUser) {
    return this.mfa.startTotp(await this.users.findById(user.userId));
  }

  @Post('mfa/totp/:id/confirm')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Activate a pending TOTP factor with a code from the app; the first factor comes with 10 recovery codes' })
  @ApiOkResponse({ type: RecoveryCodesResponse })
  @ApiBearer()
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.NotFound, ErrorCode.InvalidMfaCode, ErrorCode.RateLimited)
  confirmTotp(@CurrentUser() user: AuthenticatedUser, @Param() params: IdParams, @Body() dto: CodeDto, @Client() client: ClientInfo) {
    return this.mfa.confirmTotp(user.userId, params.id, dto.code, client);
  }

  @Delete('mfa/totp/:id')
  @StepUp()
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a TOTP factor (step-up)' })
  @ApiNoContentResponse()
  @ApiBearer()
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.NotFound, ErrorCode.StepUpRequired)
  async deleteTotp(@CurrentUser() user: AuthenticatedUser, @Param() params: IdParams, @Client() client: ClientInfo): Promise<void> {
    await this.mfa.deleteTotp(user.userId, params.id, client);
  }

  @Post('mfa/recovery-codes')
  @StepUp()
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: '10 new recovery codes (step-up); the old ones stop working' })
  @ApiOkResponse({ type: RecoveryCodesResponse })
  @ApiBearer()
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.StepUpRequired)
  regenerateRecoveryCodes(@CurrentUser() user: AuthenticatedUser, @Client() client: ClientInfo) {
    return this.mfa.regenerateRecoveryCodes(user.userId, client);
  }

  @Post('passkeys/options')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Options to create a passkey (PublicKeyCredentialCreationOptionsJSON); the challenge is single use, 5 minutes' })
  @ApiOkResponse({ type: WebAuthnOptions })
  @ApiBearer()
  async passkeyOptions(@CurrentUser() user: AuthenticatedUser) {
    return this.mfa.passkeyRegistrationOptions(await this.users.findById(user.userId));
  }

  @Post('passkeys')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Register a passkey from navigator.credentials.create(); the first factor comes with 10 recovery codes' })
  @ApiCreatedResponse({ type: PasskeyResponse })
  @ApiBearer()
  @ApiErrors(ErrorCode.ValidationFailed)
  registerPasskey(@CurrentUser() user: AuthenticatedUser, @Body() dto: RegisterPasskeyDto, @Client() client: ClientInfo) {
    return this.mfa.registerPasskey(user.userId, dto.response as never, dto.name, client);
  }

  @Delete('passkeys/:id')
  @StepUp()
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a passkey (step-up)' })
  @ApiNoContentResponse()
  @ApiBearer()
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.NotFound, ErrorCode.StepUpRequired)
  async deletePasskey(@CurrentUser() user: AuthenticatedUser, @Param() params: IdParams, @Client() client: ClientInfo): Promise<void> {
    await this.mfa.deletePasskey(user.userId, params.id, client);
  }

  @Public()
  @Post('passkeys/login/options')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'A usernameless passkey challenge (no allowCredentials), single use, 5 minutes' })
  @ApiOkResponse({ type: PasskeyLoginOptionsResponse })
  @ApiErrors(ErrorCode.RateLimited)
  passkeyLoginOptions(@Client() client: ClientInfo) {
    return this.mfa.passkeyLoginOptions(client);
  }

  @Public()
  @Post('passkeys/login')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  @ApiOperation({ summary: 'Sign in with a passkey alone (a discoverable credential names the account); cookie mode as for login' })
  @ApiOkResponse({ type: LoginResponse })
  @ApiErrors(
    ErrorCode.ValidationFailed,
    ErrorCode.InvalidMfaCode,
    ErrorCode.MfaRequired,
    ErrorCode.AccountDisabled,
    ErrorCode.RateLimited,
    ErrorCode.CsrfFailed,
  )
  async passkeyLogin(
    @Body() dto: PasskeyLoginDto,
    @Client() client: ClientInfo,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.counted(request, reply, (origin) =>
      this.mfa.passkeyLogin(dto.challengeId, dto.response as never, { deviceId: dto.deviceId, deviceName: dto.deviceName }, client, origin),
    );
  }

  @Public()
  @Post('mfa/challenge')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Passkey options for the second step of a login (its mfaToken)' })
  @ApiOkResponse({ type: RequestOptionsResponse })
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.MfaTokenInvalid)
  secondStepOptions(@Body() dto: MfaTokenDto) {
    return this.mfa.secondStepOptions(dto.mfaToken);
  }

  @Public()
  @Post('mfa/verify')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  @ApiOperation({
    summary: 'The second step of a login: a TOTP code, a recovery code or a passkey; the session starts here (cookie mode as for login)',
  })
  @ApiOkResponse({ type: LoginResponse })
  @ApiErrors(
    ErrorCode.ValidationFailed,
    ErrorCode.InvalidMfaCode,
    ErrorCode.MfaTokenInvalid,
    ErrorCode.AccountDisabled,
    ErrorCode.InvalidCredentials,
    ErrorCode.RateLimited,
    ErrorCode.CsrfFailed,
  )
  async verify(
    @Body() dto: MfaVerifyDto,
    @Client() client: ClientInfo,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const factor = factorOf(dto);
    return this.counted(request, reply, (origin) => this.mfa.verify(dto.mfaToken, factor, client, origin));
  }

  @Post('step-up/options')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: "Passkey options for a step-up of the caller's session" })
  @ApiOkResponse({ type: RequestOptionsResponse })
  @ApiBearer()
  @ApiErrors(ErrorCode.ValidationFailed)
  stepUpOptions(@CurrentUser() user: AuthenticatedUser) {
    return this.mfa.stepUpOptions(user.userId, user.sessionId);
  }

  @Post('step-up')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  @ApiOperation({ summary: 'Confirm it is you with a factor: a token pair of the same session with a fresh auth_time and `mfa` in amr' })
  @ApiOkResponse({ type: TokenPairResponse })
  @ApiBearer()
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.InvalidMfaCode, ErrorCode.RateLimited, ErrorCode.CsrfFailed)
  async stepUp(
    @CurrentUser() user: AuthenticatedUser,
    @Body() dto: SecondFactorDto,
    @Client() client: ClientInfo,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const cookieMode = this.cookies.enterCookieMode(request);
    const pair = await this.mfa.stepUp(user, factorOf(dto), client);
    return cookieMode ? this.cookies.handOver(reply, pair) : pair;
  }

  /**
   * A sign-in's answer, counted in auth_login_total, in cookie mode with its cookies; a
   * cookie-mode family is bound to the origin it starts from, as at password login.
   */
  private async counted(request: FastifyRequest, reply: FastifyReply, signIn: (origin?: string) => Promise<LoginAnswer>) {
    try {
      const cookieMode = this.cookies.enterCookieMode(request);
      const pair = await signIn(cookieMode?.familyOrigin);
      this.metrics.login('success');
      return cookieMode ? this.cookies.handOverLogin(reply, pair) : pair;
    } catch (error) {
      this.metrics.loginFailed(error);
      throw error;
    }
  }
}

/** The console's view of a user's factors, and an admin's reset. */
@ApiTags('admin')
@ApiBearer()
@ApiErrors(ErrorCode.Forbidden, ErrorCode.ValidationFailed)
@Controller('admin')
@Roles('admin')
export class AdminMfaController {
  constructor(private readonly mfa: MfaService) {}

  @Get('users/:id/mfa')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: "A user's factors (never a secret)" })
  @ApiOkResponse({ type: FactorsResponse })
  @ApiErrors(ErrorCode.NotFound)
  async list(@Param() params: IdParams) {
    return this.mfa.listFactors(params.id);
  }

  @Delete('users/:id/mfa')
  @StepUp()
  @HttpCode(204)
  @ApiOperation({ summary: "Reset a user's second factors (step-up): every factor and recovery code removed, every session ended" })
  @ApiNoContentResponse()
  @ApiErrors(ErrorCode.NotFound, ErrorCode.StepUpRequired)
  async reset(@Param() params: IdParams, @CurrentUser() admin: AuthenticatedUser, @Client() client: ClientInfo): Promise<void> {
    await this.mfa.adminReset(params.id, admin, client);
  }
}
