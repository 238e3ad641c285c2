import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

// Documentation shapes of the answers (OpenAPI).

class TotpFactorView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true }) lastUsedAt: string | null;
}

class PasskeyView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Laptop' }) name: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true }) lastUsedAt: string | null;
  @ApiProperty({ description: 'The credential is backed up (synced), per its backup state flag' }) backedUp: boolean;
  @ApiProperty({ enum: ['singleDevice', 'multiDevice'] }) deviceType: string;
}

export class FactorsResponse {
  @ApiProperty({ type: [TotpFactorView] }) totp: TotpFactorView[];
  @ApiProperty({ type: [PasskeyView] }) passkeys: PasskeyView[];
  @ApiProperty({ example: 10 }) recoveryCodesLeft: number;
}

export class TotpEnrolmentResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'base32, for typing into an app' }) secret: string;
  @ApiProperty({ example: 'otpauth://totp/Auth%20service:ada%40example.com?secret=...&issuer=Auth%20service' }) otpauthUrl: string;
}

export class RecoveryCodesResponse {
  @ApiProperty({ type: [String], description: 'Shown once; each works once', example: ['ABCD-EFGH-IJKL-MNOP'] }) recoveryCodes: string[];
}

export class PasskeyResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiPropertyOptional({ type: [String], description: "Only when this is the user's first factor: 10 recovery codes, shown once" })
  recoveryCodes?: string[];
}

/** PublicKeyCredentialCreationOptionsJSON or PublicKeyCredentialRequestOptionsJSON (WebAuthn Level 3). */
export class WebAuthnOptions {
  @ApiProperty({ description: 'base64url' }) challenge: string;
  @ApiPropertyOptional() rpId?: string;
  @ApiPropertyOptional() timeout?: number;
}

export class RequestOptionsResponse {
  @ApiProperty({ type: WebAuthnOptions }) options: WebAuthnOptions;
}

export class PasskeyLoginOptionsResponse extends RequestOptionsResponse {
  @ApiProperty({ format: 'uuid' }) challengeId: string;
}
