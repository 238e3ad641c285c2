import { describe, expect, it } from '@jest/globals';
import { formatRefreshToken, parseRefreshToken } from './refresh-token.format.js';

describe('refresh token format', () => {
  const familyId = '7d3c2b1a-0f9e-4d8c-8b7a-6f5e4d3c2b1a';
  const id = '0b6f1f9e-4c1c-4b8e-9d1a-2f0c3e4d5a6b';
  const secret = 'A'.repeat(43);

  it('round-trips the family and generation ids', () => {
    expect(parseRefreshToken(formatRefreshToken({ familyId, id }, secret))).toEqual({ familyId, id });
  });

  it.each([
    '',
    'garbage',
    `${familyId}.${id}.`,
    `${familyId}.${id}.${secret}x`,
    `${familyId}.${id}.${'A'.repeat(42)}`,
    `${familyId}.${id.toUpperCase()}.${secret}`,
    `${familyId}.${id}.${secret.slice(1)}=`,
    ` ${familyId}.${id}.${secret}`,
    `${id}.${secret}`, // the format before generations were keyed by family
    `${familyId}..${secret}`,
    `${familyId}.${id}.${id}.${secret}`,
  ])('rejects %j', (token) => {
    expect(parseRefreshToken(token)).toBeUndefined();
  });
});
