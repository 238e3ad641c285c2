import { describe, expect, it } from '@jest/globals';
import type { Type } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { AppModule } from '../app.module.js';
import { AppError } from './errors.js';
import { createValidationPipe } from './validation.pipe.js';
import { LogoutDto, RefreshDto } from '../auth/dto/auth.dto.js';
import { PasskeyLoginDto } from '../mfa/dto/mfa.dto.js';

/** Each body gets the same answer from the pipe with `acceptAsIs` as from the full check alone. */
function sameAnswers(metatype: Type, bodies: [string, unknown][]) {
  const metadata = { type: 'body', metatype } as const;
  it.each(bodies)('%s: the same answer as the full check', async (_name, body) => {
    const outcome = async (pipe: ReturnType<typeof createValidationPipe>) => {
      try {
        return { accepted: await pipe.transform(body, metadata) };
      } catch (error) {
        return { refused: error instanceof AppError ? { code: error.code, details: error.details } : String(error) };
      }
    };
    const fast = await outcome(createValidationPipe());
    const full = await outcome(createValidationPipe({ asIs: false }));
    // toStrictEqual: the same classes too (the DTO and its nested DTOs), not only the same keys
    expect(fast).toStrictEqual(full);
    if ('accepted' in fast) expect(fast.accepted).toBeInstanceOf(metatype);
  });
}

/** Runs `transform` and says how often class-validator was consulted meanwhile. */
async function consultations(transform: () => Promise<unknown>): Promise<number> {
  const storage = getMetadataStorage() as unknown as { getTargetValidationMetadatas: (...args: unknown[]) => unknown[] };
  const original = storage.getTargetValidationMetadatas;
  let consulted = 0;
  storage.getTargetValidationMetadatas = (...args: unknown[]) => {
    consulted++;
    return original.apply(storage, args);
  };
  try {
    await transform();
  } finally {
    storage.getTargetValidationMetadatas = original;
  }
  return consulted;
}

describe('the validation pipe', () => {
  it('checks bodies synchronously, so every rule of every DTO must be synchronous', () => {
    expect(AppModule).toBeDefined(); // imports every controller, so every DTO's rules are registered
    const storage = getMetadataStorage() as unknown as {
      validationMetadatas: Map<unknown, { propertyName: string; async?: boolean; constraintCls?: unknown }[]>;
      constraintMetadatas: Map<unknown, { async: boolean; target: { name: string } }[]>;
    };
    const rules = [...storage.validationMetadatas.values()].flat();
    const constraints = [...storage.constraintMetadatas.values()].flat();
    expect(rules.length).toBeGreaterThan(20);
    expect(rules.filter((r) => r.async).map((r) => r.propertyName)).toEqual([]);
    expect(constraints.filter((c) => c.async).map((c) => c.target.name)).toEqual([]);
  });

  it('refuses a body that breaks a rule with one problem per field, and returns the DTO for a good one', async () => {
    const pipe = createValidationPipe();
    const metadata = { type: 'body', metatype: RefreshDto } as const;
    const refused = await pipe.transform({ refreshToken: 7, extra: true }, metadata).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).details?.map((d) => d.field).sort()).toEqual(['extra', 'refreshToken']);
    const good = await pipe.transform({ refreshToken: 'a.b.c' }, metadata);
    expect(good).toBeInstanceOf(RefreshDto);
  });

  describe('a refresh body taken as it is (acceptAsIs)', () => {
    const metadata = { type: 'body', metatype: RefreshDto } as const;
    const token = `${'a'.repeat(36)}.${'b'.repeat(36)}.${'c'.repeat(43)}`;
    const bodies: [string, unknown][] = [
      ['a token', { refreshToken: token }],
      ['a token and a device', { refreshToken: token, deviceId: 'laptop-0001' }],
      ['an envelope', { envelope: 'x'.repeat(8192) }],
      ['nothing', {}],
      ['a token of 512', { refreshToken: 'a'.repeat(512) }],
      ['a token of 513', { refreshToken: 'a'.repeat(513) }],
      ['512 code units of surrogate pairs', { refreshToken: '😀'.repeat(256) }],
      ['514 code units of surrogate pairs', { refreshToken: '😀'.repeat(257) }],
      ['an envelope of 8193', { envelope: 'x'.repeat(8193) }],
      ['a null token', { refreshToken: null }],
      ['a numeric token', { refreshToken: 7 }],
      ['an array token', { refreshToken: [token] }],
      ['a short device', { refreshToken: token, deviceId: 'short' }],
      ['a device with a space', { refreshToken: token, deviceId: 'laptop 0001' }],
      ['a device with a newline after it', { refreshToken: token, deviceId: 'laptop-0001\n' }],
      ['an unknown field', { refreshToken: token, extra: 1 }],
      ['a __proto__ key', JSON.parse(`{"refreshToken":"${token}","__proto__":{"deviceId":"x"}}`)],
      ['a constructor key', { refreshToken: token, constructor: 'x' }],
      ['an array', [token]],
      ['a string', token],
      ['null', null],
      ['an object with another prototype', Object.assign(Object.create({ deviceId: 'laptop-0001' }), { refreshToken: token })],
    ];

    sameAnswers(RefreshDto, bodies);

    it('takes the everyday bodies without class-validator', async () => {
      const pipe = createValidationPipe();
      expect(
        await consultations(async () => {
          await pipe.transform({ refreshToken: token }, metadata);
          await pipe.transform({ refreshToken: token, deviceId: 'laptop-0001' }, metadata);
        }),
      ).toBe(0);
      expect(
        await consultations(() =>
          pipe
            .transform({ refreshToken: token, deviceId: 'laptop-0001' }, { type: 'body', metatype: LogoutDto } as const)
            .catch(() => undefined),
        ),
      ).toBeGreaterThan(0);
    });
  });

  describe('a passkey sign-in body taken as it is (acceptAsIs)', () => {
    const metadata = { type: 'body', metatype: PasskeyLoginDto } as const;
    const challengeId = '0b4f3c2e-8d6a-4b1f-9c3e-5a7d2e1f0a9b';
    const b64 = (n: number) => 'aZ0_-'.repeat(Math.ceil(n / 5)).slice(0, n);
    const response = { clientDataJSON: b64(200), authenticatorData: b64(50), signature: b64(96), userHandle: b64(48) };
    const assertion = { id: b64(43), rawId: b64(43), type: 'public-key', response, clientExtensionResults: {} };
    const login = (changes: Record<string, unknown> = {}, assertionChanges: Record<string, unknown> = {}, responseChanges = {}) => ({
      challengeId,
      response: { ...assertion, ...assertionChanges, response: { ...response, ...responseChanges } },
      ...changes,
    });
    const bodies: [string, unknown][] = [
      ['as Chromium sends it', login()],
      ['with a device and its name', login({ deviceId: 'laptop-0001', deviceName: 'Ada’s laptop' })],
      ['with an attachment', login({}, { authenticatorAttachment: 'platform' })],
      ['with extension results', login({}, { clientExtensionResults: { appid: false, credProps: 'x', n: 1 } })],
      ['without a user handle', login({}, {}, { userHandle: undefined })],
      ['with an attestation object', login({}, {}, { attestationObject: b64(100) })],
      ['an id of 1024', login({}, { id: b64(1024), rawId: b64(1024) })],
      ['an id of 1025', login({}, { id: b64(1025) })],
      ['a signature of 2048', login({}, {}, { signature: b64(2048) })],
      ['a signature of 2049', login({}, {}, { signature: b64(2049) })],
      ['a client data of 8193', login({}, {}, { clientDataJSON: b64(8193) })],
      ['a user handle of 513', login({}, {}, { userHandle: b64(513) })],
      ['padding in the signature', login({}, {}, { signature: `${b64(94)}==` })],
      ['empty base64url', login({}, {}, { userHandle: '' })],
      ['no challenge', login({ challengeId: undefined })],
      ['an uppercase challenge', login({ challengeId: challengeId.toUpperCase() })],
      ['the nil challenge', login({ challengeId: '00000000-0000-0000-0000-000000000000' })],
      ['a challenge that is no UUID', login({ challengeId: 'not-a-uuid' })],
      ['a numeric challenge', login({ challengeId: 7 })],
      ['a short device', login({ deviceId: 'short' })],
      ['an empty device name', login({ deviceName: '' })],
      ['a device name of 200', login({ deviceName: 'n'.repeat(200) })],
      ['a device name of 201', login({ deviceName: 'n'.repeat(201) })],
      ['a device name of 150 emoji', login({ deviceName: '😀'.repeat(150) })],
      ['a device name with a variation selector', login({ deviceName: '☺\uFE0F'.repeat(150) })],
      ['a null device name', login({ deviceName: null })],
      ['another type', login({}, { type: 'password' })],
      ['another attachment', login({}, { authenticatorAttachment: 'usb' })],
      ['no id', login({}, { id: undefined })],
      ['no raw id', login({}, { rawId: undefined })],
      ['no signature', login({}, {}, { signature: undefined })],
      ['a null user handle', login({}, {}, { userHandle: null })],
      ['a numeric signature', login({}, {}, { signature: 7 })],
      ['no extension results', login({}, { clientExtensionResults: undefined })],
      ['extension results as an array', login({}, { clientExtensionResults: [] })],
      ['nested extension results', login({}, { clientExtensionResults: { credProps: { rk: true } } })],
      ['a null extension result', login({}, { clientExtensionResults: { appid: null } })],
      ['an unknown field', login({ extra: 1 })],
      ['an unknown field in the assertion', login({}, { extra: 1 })],
      ['an unknown field in its response', login({}, {}, { extra: 1 })],
      ['a __proto__ key in the assertion', { challengeId, response: JSON.parse(`{"__proto__":{"x":1},"id":"a","rawId":"a"}`) }],
      ['the response as an array', { challengeId, response: [assertion] }],
      ['the response as a string', { challengeId, response: 'x' }],
      ['no response', { challengeId }],
      ['its response missing', { challengeId, response: { ...assertion, response: undefined } }],
      ['null', null],
    ];

    sameAnswers(PasskeyLoginDto, bodies);

    it('takes an assertion as browsers send it without class-validator', async () => {
      const pipe = createValidationPipe();
      expect(await consultations(() => pipe.transform(login({ deviceId: 'laptop-0001' }), metadata))).toBe(0);
    });
  });
});
