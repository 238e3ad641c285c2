import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** README: `npm test` writes nothing outside the checkout; global teardown checks /tmp too. An e2e spec: the e2e project's global setup points TMPDIR into the checkout. */
describe('temporary files of the test run', () => {
  it('go into the checkout: TMPDIR points at .test-tmp/<pid> in every worker, and child processes inherit it', () => {
    const checkout = process.cwd();
    expect(tmpdir().startsWith(path.join(checkout, '.test-tmp') + path.sep)).toBe(true);
    expect(process.env.TMPDIR).toBe(tmpdir());
    const dir = mkdtempSync(path.join(tmpdir(), 'probe-'));
    expect(dir.startsWith(checkout)).toBe(true);
    rmSync(dir, { recursive: true });
  });

  it("keep jest's own cache in the checkout", () => {
    expect(readFileSync(path.join(process.cwd(), 'jest.config.js'), 'utf8')).toMatch(
      /^\s*cacheDirectory: '<rootDir>\/node_modules\/\.cache\/jest',$/m,
    );
  });
});
