import { describe, expect, it } from '@jest/globals';
import { SIGN_IN_CASES } from './sign-in-verdict.cases.js';
import { signInVerdict } from './sign-in-verdict.js';

describe('signInVerdict', () => {
  it.each(SIGN_IN_CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(signInVerdict(c.facts)).toEqual(c.verdict);
  });
});
