import { createHmac } from 'node:crypto';
import { http, type HttpResult } from './test-app.js';
import type { Session, TestUser } from './factories.js';

/**
 * RFC 4226/6238 computed here with node:crypto's HMAC, independently of the service's library:
 * what any authenticator app computes from the secret of the QR code.
 */
export function totpCode(base32Secret: string, atMs = Date.now(), stepSeconds = 30): string {
  const counter = Math.floor(atMs / 1000 / stepSeconds);
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const digest = createHmac('sha1', base32Decode(base32Secret)).update(message).digest();
  const offset = digest[digest.length - 1] & 0x0f;
  const binary = digest.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 1_000_000).padStart(6, '0');
}

/** RFC 4648 base32 (no padding), as authenticator apps read the `secret` parameter. */
export function base32Decode(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const char of text.replace(/=+$/, '').toUpperCase()) {
    const index = alphabet.indexOf(char);
    if (index < 0) throw new Error(`not base32: ${char}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** The claims of a JWT, unverified (the tests read what the service put there). */
export function claimsOf(jwt: string): Record<string, any> {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));
}

/** Enrols and confirms a TOTP factor for a signed-in user; returns its secret and the recovery codes. */
export async function enrolTotp(
  base: string,
  session: { accessToken: string },
): Promise<{ id: string; secret: string; recoveryCodes: string[] }> {
  const started = await http(base, 'POST', '/auth/mfa/totp', { token: session.accessToken });
  if (started.status !== 201) throw new Error(`totp start: ${started.status} ${JSON.stringify(started.body)}`);
  const confirmed = await http(base, 'POST', `/auth/mfa/totp/${started.body.id}/confirm`, {
    token: session.accessToken,
    body: { code: totpCode(started.body.secret) },
  });
  if (confirmed.status !== 200) throw new Error(`totp confirm: ${confirmed.status} ${JSON.stringify(confirmed.body)}`);
  return { id: started.body.id, secret: started.body.secret, recoveryCodes: confirmed.body.recoveryCodes };
}

/** The first step of a login that must answer mfa_required; returns the answer's mfaToken and methods. */
export async function firstStep(
  base: string,
  user: TestUser,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<{ mfaToken: string; methods: string[] }> {
  const answer = await http(base, 'POST', '/auth/login', { body: { email: user.email, password: user.password, ...extra }, headers });
  if (answer.status !== 401 || answer.body.code !== 'mfa_required')
    throw new Error(`expected mfa_required: ${answer.status} ${JSON.stringify(answer.body)}`);
  return { mfaToken: answer.body.mfaToken, methods: answer.body.methods };
}

export function verifyMfa(base: string, body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<HttpResult> {
  return http(base, 'POST', '/auth/mfa/verify', { body, headers });
}

/** A TOTP code for the step after the current one (accepted: one step either side), unused so far. */
export function nextStepCode(secret: string): string {
  return totpCode(secret, Date.now() + 30_000);
}

export type { Session };
