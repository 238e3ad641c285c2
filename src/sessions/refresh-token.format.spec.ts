import { describe, expect, it } from '@jest/globals';
import { formatRefreshToken, parseRefreshToken } from './refresh-token.format.js';

describe('refresh token format', () => {
  const id = '0b6f1f9e-4c1c-4b8e-9d1a-2f0c3e4d5a6b';
  const secret = 'A'.repeat(43);

  it('round-trips the generation id', () => {
    expect(parseRefreshToken(formatRefreshToken(id, secret))).toBe(id);
  });

  it.each(['', 'garbage', `${id}.`, `${id}.${secret}x`, `${id}.${'A'.repeat(42)}`, `${id.toUpperCase()}.${secret}`, `${id}.${secret.slice(1)}=`, ` ${id}.${secret}`])(
    'rejects %j',
    (token) => {
      expect(parseRefreshToken(token)).toBeUndefined();
    },
  );
});
