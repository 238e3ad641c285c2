import { describe, expect, it } from '@jest/globals';
import { REFRESH_CASES } from './refresh-verdict.cases.js';
import { refreshVerdict } from './refresh-verdict.js';

describe('refreshVerdict', () => {
  it.each(REFRESH_CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(refreshVerdict(c.state, c.request, { graceSeconds: c.graceSeconds, retryUnused: c.retryUnused ?? false })).toEqual(c.expected);
  });
});
