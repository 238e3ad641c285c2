import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
// @ts-expect-error: a plain ES module script, no declarations
import { COPIES, copyText } from '../scripts/generate-contract.mjs';

/**
 * The client and the guard install on their own, so they carry a generated copy of the wire
 * contract instead of depending on it; `node scripts/generate-contract.mjs` rewrites them.
 */
describe('the contract copies of the standalone packages', () => {
  it.each(COPIES as { source: string; target: string }[])('$target is the current $source', ({ source, target }) => {
    expect(readFileSync(target, 'utf8')).toBe(copyText(source));
  });
});
