import { describe, expect, it } from '@jest/globals';
import { getMetadataStorage } from 'class-validator';
import { AppModule } from '../app.module.js';
import { AppError } from './errors.js';
import { createValidationPipe } from './validation.pipe.js';
import { RefreshDto } from '../auth/dto/auth.dto.js';

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
});
