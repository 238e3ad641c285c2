import { describe, expect, it } from '@jest/globals';
import { mailedLink, validFor } from './recovery-links.js';

describe('mailedLink', () => {
  it('puts the token where {token} stands, in the query or the fragment', () => {
    expect(mailedLink('http://localhost:3000/reset-password?token={token}', 'a-b_c')).toBe(
      'http://localhost:3000/reset-password?token=a-b_c',
    );
    expect(mailedLink('https://app.example.com/reset#t={token}', 'x/y+z')).toBe('https://app.example.com/reset#t=x%2Fy%2Bz');
  });
});

describe('validFor', () => {
  it.each([
    [60, '1 minute'],
    [1800, '30 minutes'],
    [5400, '90 minutes'],
    [3600, '1 hour'],
    [7200, '2 hours'],
    [86400, '1 day'],
    [604800, '7 days'],
    [90, '1 minute'],
  ])('%i seconds read as %s', (seconds, words) => {
    expect(validFor(seconds)).toBe(words);
  });
});
