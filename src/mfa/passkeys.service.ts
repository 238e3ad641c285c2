import { Inject, Injectable } from '@nestjs/common';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransportFuture,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { AppError, ErrorCode } from '../common/errors.js';
import { AppConfig } from '../config/app-config.js';
import { CryptoService } from '../crypto/crypto.service.js';
import { ChallengeBinding, MfaRepository, PasskeyRow, PasskeyWithOwner } from './mfa.repository.js';

/** Seconds a WebAuthn challenge can be answered: short, and spent by the first answer. */
export const CHALLENGE_TTL = 300;

/** Why an assertion was refused (the audit's `reason`). */
export type AssertionFailure = 'no_challenge' | 'unknown_credential' | 'wrong_user' | 'not_verified' | 'counter_rollback';

export type AssertionVerdict =
  | { ok: true; passkey: PasskeyWithOwner; userVerified: boolean }
  | { ok: false; reason: AssertionFailure; passkey?: PasskeyWithOwner };

/**
 * WebAuthn ceremonies with @simplewebauthn/server: options, challenges (single use, in
 * PostgreSQL so any instance finishes what another started), verification, and the signature
 * counter and backup flags each assertion updates. The user handle of a credential is the
 * user's id (UTF-8), so a discoverable credential names its account.
 */
@Injectable()
export class PasskeysService {
  constructor(
    private readonly repository: MfaRepository,
    private readonly crypto: CryptoService,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  async registrationOptions(user: { id: string; email: string; name: string | null }): Promise<PublicKeyCredentialCreationOptionsJSON> {
    const existing = await this.repository.listPasskeys(user.id);
    const options = await generateRegistrationOptions({
      rpName: this.config.WEBAUTHN_RP_NAME,
      rpID: this.config.webauthnRpId,
      userName: user.email,
      userDisplayName: user.name ?? user.email,
      userID: new Uint8Array(Buffer.from(user.id, 'utf8')),
      attestationType: 'none',
      excludeCredentials: existing.map((p) => ({ id: p.credentialId, transports: p.transports as AuthenticatorTransportFuture[] })),
      authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
      timeout: CHALLENGE_TTL * 1000,
    });
    await this.repository.insertChallenge(
      this.crypto.uuid(),
      options.challenge,
      { purpose: 'register', userId: user.id },
      user.id,
      CHALLENGE_TTL,
    );
    return options;
  }

  /** Verifies a registration against the user's live challenges (all spent) and stores the credential. */
  async register(
    userId: string,
    response: RegistrationResponseJSON,
    name: string | undefined,
  ): Promise<{ id: string; name: string; createdAt: Date }> {
    const challenges = new Set(await this.repository.spendChallenges({ purpose: 'register', userId }));
    let verified: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
    try {
      verified = await verifyRegistrationResponse({
        response,
        expectedChallenge: (challenge) => challenges.has(challenge),
        expectedOrigin: this.config.webauthnOrigins,
        expectedRPID: this.config.webauthnRpId,
        requireUserVerification: false,
      });
    } catch (error) {
      throw refused(`The passkey could not be registered: ${(error as Error).message}`);
    }
    if (!verified.verified) throw refused('The passkey could not be registered');
    const info = verified.registrationInfo;
    const id = this.crypto.uuid();
    const row = {
      id,
      userId,
      credentialId: info.credential.id,
      publicKey: Buffer.from(info.credential.publicKey),
      counter: info.credential.counter,
      transports: (response.response.transports ?? []).filter((t) => typeof t === 'string').slice(0, 8),
      deviceType: info.credentialDeviceType,
      backedUp: info.credentialBackedUp,
      name: name ?? 'Passkey',
    };
    const inserted = await this.repository.insertPasskey(row);
    if (!inserted) throw refused('This passkey is registered already');
    return { id, name: row.name, createdAt: inserted.createdAt };
  }

  /**
   * Options for an assertion, with a challenge bound as `binding` says. `allow`: the credentials
   * that may answer (a second step, a step-up); none for a usernameless sign-in.
   */
  async requestOptions(
    binding: ChallengeBinding,
    userId: string | null,
    allow: PasskeyRow[] = [],
  ): Promise<PublicKeyCredentialRequestOptionsJSON> {
    const options = await generateAuthenticationOptions({
      rpID: this.config.webauthnRpId,
      userVerification: 'preferred',
      allowCredentials: allow.map((p) => ({ id: p.credentialId, transports: p.transports as AuthenticatorTransportFuture[] })),
      timeout: CHALLENGE_TTL * 1000,
    });
    await this.repository.insertChallenge(
      binding.purpose === 'login' ? binding.id : this.crypto.uuid(),
      options.challenge,
      binding,
      userId,
      CHALLENGE_TTL,
    );
    return options;
  }

  /**
   * Judges an assertion: the challenge `binding` names is spent first (one answer per challenge,
   * whatever the outcome), then the credential, the signature, the origin and RP id, and the
   * counter, which must move forward unless the authenticator keeps none (both zero). A counter
   * that goes backwards means a cloned authenticator: refused, and reported as such. With
   * `userId`, the credential must be that user's.
   */
  async verifyAssertion(binding: ChallengeBinding, response: AuthenticationResponseJSON, userId?: string): Promise<AssertionVerdict> {
    const spent = await this.repository.spendChallengesAndFindPasskey(binding, response.id);
    const challenges = new Set(spent.challenges);
    const passkey = spent.passkey;
    if (!passkey) return { ok: false, reason: 'unknown_credential' };
    const handle = response.response.userHandle;
    if (
      (userId !== undefined && passkey.userId !== userId) ||
      (handle !== undefined && handle !== Buffer.from(passkey.userId, 'utf8').toString('base64url'))
    ) {
      return { ok: false, reason: 'wrong_user', passkey };
    }
    if (challenges.size === 0) return { ok: false, reason: 'no_challenge', passkey };
    let verified: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
    try {
      verified = await verifyAuthenticationResponse({
        response,
        expectedChallenge: (challenge) => challenges.has(challenge),
        expectedOrigin: this.config.webauthnOrigins,
        expectedRPID: this.config.webauthnRpId,
        credential: {
          id: passkey.credentialId,
          publicKey: new Uint8Array(passkey.publicKey),
          counter: passkey.counter,
          transports: passkey.transports as AuthenticatorTransportFuture[],
        },
        requireUserVerification: false,
      });
    } catch (error) {
      // @simplewebauthn refuses a counter that did not move forward with this message
      return { ok: false, reason: /counter/i.test((error as Error).message) ? 'counter_rollback' : 'not_verified', passkey };
    }
    if (!verified.verified) return { ok: false, reason: 'not_verified', passkey };
    const info = verified.authenticationInfo;
    // compare-and-swap on the counter we checked against: of two assertions with one counter, one passes
    if (!(await this.repository.usePasskey(passkey.id, passkey.counter, info.newCounter, info.credentialBackedUp))) {
      return { ok: false, reason: 'counter_rollback', passkey };
    }
    return { ok: true, passkey, userVerified: info.userVerified };
  }
}

function refused(message: string): AppError {
  return new AppError(ErrorCode.ValidationFailed, message, [{ field: 'response', message }]);
}
