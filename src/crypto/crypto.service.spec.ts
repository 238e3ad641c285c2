import { describe, expect, it } from '@jest/globals';
import { SignJWT } from 'jose';
import { CryptoService } from './crypto.service.js';

const makeSut = (masterKey = Buffer.alloc(32, 7)) => new CryptoService(masterKey);

describe('CryptoService', () => {
  it('makes 256-bit url-safe tokens that differ every time', () => {
    const sut = makeSut();
    const a = sut.randomToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(sut.randomToken()).not.toBe(a);
  });

  it('hashes tokens with SHA-256 and compares digests in constant time', () => {
    const sut = makeSut();
    const hash = sut.hashToken('token');
    expect(hash).toHaveLength(32);
    expect(sut.constantEquals(hash, sut.hashToken('token'))).toBe(true);
    expect(sut.constantEquals(hash, sut.hashToken('other'))).toBe(false);
    expect(sut.constantEquals(hash, hash.subarray(0, 16))).toBe(false);
  });

  it('hashes passwords with argon2id at no less than the OWASP parameters', async () => {
    const sut = makeSut();
    const hash = await sut.hashPassword('correct horse');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect(await sut.verifyPassword(hash, 'correct horse')).toBe(true);
    expect(await sut.verifyPassword(hash, 'correct horse ')).toBe(false);
    expect(await sut.verifyPassword('not a hash', 'x')).toBe(false);
    expect(sut.needsRehash(hash)).toBe(false);
  });

  it('runs a full argon2 verification for unknown users (burnPasswordCheck)', async () => {
    const sut = makeSut();
    await sut.burnPasswordCheck('warm up'); // first call also creates the dummy hash
    const started = performance.now();
    await sut.burnPasswordCheck('anything');
    expect(performance.now() - started).toBeGreaterThan(5); // argon2 at 19 MiB is never instant
  });

  it('seals and opens, bound to purpose and context, and refuses tampering', () => {
    const sut = makeSut();
    const sealed = sut.seal('p', Buffer.from('secret'), 'ctx');
    expect(sut.open('p', sealed, 'ctx').toString()).toBe('secret');
    expect(() => sut.open('p', sealed, 'other-ctx')).toThrow();
    expect(() => sut.open('other-purpose', sealed, 'ctx')).toThrow();
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1] ^= 1;
    expect(() => sut.open('p', tampered, 'ctx')).toThrow();
    expect(() => makeSut(Buffer.alloc(32, 8)).open('p', sealed, 'ctx')).toThrow();
  });

  describe('device tokens', () => {
    const claim = { userId: '6f1c1a52-3f7e-4d2a-9a53-0f2d6a1b7c11', deviceId: 'laptop-0001' };

    it('round-trips the user and device it was signed for', async () => {
      const sut = makeSut();
      const before = Date.now();
      const verified = await sut.verifyDeviceToken(await sut.signDeviceToken(claim, 60));
      expect(verified).toEqual({ ...claim, issuedAt: expect.any(Number) });
      // the signing time in milliseconds, so a revocation in the same second tells before from after
      expect(verified!.issuedAt).toBeGreaterThanOrEqual(before);
      expect(verified!.issuedAt).toBeLessThanOrEqual(Date.now());
    });

    it('refuses a token of another master key, a tampered one, an expired one and garbage', async () => {
      const sut = makeSut();
      const token = await sut.signDeviceToken(claim, 60);
      const [header, payload, signature] = token.split('.');
      const other = JSON.parse(Buffer.from(payload, 'base64url').toString());
      const tampered = `${header}.${Buffer.from(JSON.stringify({ ...other, sub: 'someone-else' })).toString('base64url')}.${signature}`;
      expect(await makeSut(Buffer.alloc(32, 8)).verifyDeviceToken(token)).toBeUndefined();
      expect(await sut.verifyDeviceToken(tampered)).toBeUndefined();
      expect(await sut.verifyDeviceToken(await sut.signDeviceToken(claim, -10))).toBeUndefined();
      expect(await sut.verifyDeviceToken('not-a-token')).toBeUndefined();
    });

    it('refuses an unsigned token, and one signed with its key but not typed as a device token', async () => {
      const sut = makeSut();
      const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const exp = Math.floor(Date.now() / 1000) + 60;
      expect(
        await sut.verifyDeviceToken(`${b64({ alg: 'none', typ: 'device+jwt' })}.${b64({ sub: claim.userId, did: claim.deviceId, exp })}.`),
      ).toBeUndefined();
      const key = (sut as unknown as { sealKey(purpose: string): Buffer }).sealKey('device-token');
      const untyped = await new SignJWT({ did: claim.deviceId })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(claim.userId)
        .setExpirationTime('60s')
        .sign(key);
      expect(await sut.verifyDeviceToken(untyped)).toBeUndefined();
      // the same claims typed as a device token, signed by another library (jose), are accepted
      const typed = await new SignJWT({ did: claim.deviceId })
        .setProtectedHeader({ alg: 'HS256', typ: 'device+jwt' })
        .setSubject(claim.userId)
        .setExpirationTime('60s')
        .sign(key);
      expect(await sut.verifyDeviceToken(typed)).toEqual({ ...claim, issuedAt: undefined });
    });
  });
});
