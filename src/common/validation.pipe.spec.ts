import { describe, expect, it } from '@jest/globals';
import { getMetadataStorage } from 'class-validator';
import { AppModule } from '../app.module.js';
import { AppError } from './errors.js';
import { createValidationPipe } from './validation.pipe.js';
import { LogoutDto, RefreshDto } from '../auth/dto/auth.dto.js';

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
      expect(fast).toEqual(full);
      if ('accepted' in fast) expect(fast.accepted).toBeInstanceOf(RefreshDto);
    });

    it('takes the everyday bodies without class-validator', async () => {
      const storage = getMetadataStorage() as unknown as { getTargetValidationMetadatas: (...args: unknown[]) => unknown[] };
      const original = storage.getTargetValidationMetadatas;
      let consulted = 0;
      storage.getTargetValidationMetadatas = (...args: unknown[]) => {
        consulted++;
        return original.apply(storage, args);
      };
      try {
        const pipe = createValidationPipe();
        await pipe.transform({ refreshToken: token }, metadata);
        await pipe.transform({ refreshToken: token, deviceId: 'laptop-0001' }, metadata);
        expect(consulted).toBe(0);
        await pipe
          .transform({ refreshToken: token, deviceId: 'laptop-0001' }, { type: 'body', metatype: LogoutDto } as const)
          .catch(() => undefined);
        expect(consulted).toBeGreaterThan(0);
      } finally {
        storage.getTargetValidationMetadatas = original;
      }
    });
  });
});
