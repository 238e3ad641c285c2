import { Secret, TOTP } from 'otpauth';

/** RFC 6238 as API.md fixes it: SHA-1, 6 digits, 30 s steps, one step either side. */
export const TOTP_SETTINGS = { algorithm: 'SHA1', digits: 6, period: 30, window: 1 } as const;

/** A TOTP code as typed: 6 digits (spaces ignored). Anything else is tried as a recovery code. */
export const TOTP_CODE = /^\d{6}$/;

/** A new random TOTP secret (160 bits, RFC 4226's recommended length): its bytes and base32 form. */
export function newTotpSecret(): { bytes: Buffer; base32: string } {
  const secret = new Secret({ size: 20 });
  return { bytes: Buffer.from(secret.buffer), base32: secret.base32 };
}

/** The otpauth:// URL an authenticator app reads from a QR code. */
export function totpUrl(secret: Buffer, issuer: string, label: string): string {
  return new TOTP({ issuer, label, secret: new Secret({ buffer: bufferOf(secret) }), ...TOTP_SETTINGS }).toString();
}

/**
 * The time step a code is valid for, within one step of `nowMs`; undefined when it matches none.
 * The step, not just a yes, is what lets a factor refuse a code it accepted before.
 */
export function matchingStep(secret: Buffer, code: string, nowMs: number): number | undefined {
  const delta = TOTP.validate({ token: code, secret: new Secret({ buffer: bufferOf(secret) }), timestamp: nowMs, ...TOTP_SETTINGS });
  if (delta === null) return undefined;
  return Math.floor(nowMs / 1000 / TOTP_SETTINGS.period) + delta;
}

/**
 * A new recovery code: 80 random bits in base32 (16 characters, shown as four groups of four),
 * enough that its SHA-256 is as safe to store as a hash of any random token.
 */
export function newRecoveryCode(): string {
  return new Secret({ size: 10 }).base32.match(/.{4}/g)!.join('-');
}

/** A recovery code as typed, in the form it was hashed in: groups and case do not matter. */
export function normalizeRecoveryCode(input: string): string | undefined {
  const plain = input.replace(/[\s-]/g, '').toUpperCase();
  return /^[A-Z2-7]{16}$/.test(plain) ? plain : undefined;
}

function bufferOf(bytes: Buffer): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
