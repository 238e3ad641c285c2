import { describe, expect, it } from '@jest/globals';
import { claimsProblem, rolesProblem } from './claims.js';

describe('claimsProblem', () => {
  it.each([
    [{}, undefined],
    [{ tenant: 'acme', plan: { tier: 2 } }, undefined],
    [{ x: 'é'.repeat(505) }, undefined], // 1,018 bytes of JSON
    [{ x: 'é'.repeat(510) }, /at most 1024 bytes/], // 1,028 bytes
    [[], /JSON object/],
    [null, /JSON object/],
    ['x', /JSON object/],
    [{ sub: 'someone-else' }, /reserved keys sub/],
    [{ roles: ['admin'], tenant: 'a' }, /reserved keys roles/],
    [{ claims: {} }, /reserved keys claims/],
    [{ auth_time: 1, cnf: {} }, /reserved keys auth_time, cnf/],
  ])('%j: %s', (claims, problem) => {
    const found = claimsProblem(claims);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toMatch(problem);
  });
});

describe('rolesProblem', () => {
  it('accepts the known roles and names the unknown ones', () => {
    expect(rolesProblem(['user', 'editor'], ['user', 'admin', 'editor'])).toBeUndefined();
    expect(rolesProblem(['user', 'root'], ['user', 'admin', 'editor'])).toMatch(/unknown: root/);
  });
});
