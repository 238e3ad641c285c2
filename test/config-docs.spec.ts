import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { configKeys } from '../src/config/app-config.js';
import { CONFIG_DOCS, renderConfigDocs } from '../scripts/config-docs.js';

describe('docs/configuration.md', () => {
  it('is what `npm run docs:config` writes from src/config/app-config.ts today (rerun it after changing a setting)', () => {
    expect(readFileSync(CONFIG_DOCS, 'utf8')).toBe(renderConfigDocs());
  });

  it('has one row per setting, with its default, what it accepts and its comment', () => {
    const text = renderConfigDocs();
    const rows = text.split('\n').filter((line) => line.startsWith('| `'));
    expect(rows.map((row) => /^\| `([A-Z0-9_]+)`/.exec(row)?.[1])).toEqual(configKeys());
    expect(text).toContain('| `ACCESS_TOKEN_TTL` | `600` | a whole number from 1 to 86400 | Access-token lifetime, seconds. |');
    expect(text).toContain('| `REFRESH_ENVELOPE` | `optional` | one of optional, required, off |');
    expect(text).toMatch(/\| `MASTER_KEY` \| unset \| text of the form the meaning gives \| 32 bytes/);
    expect(text).toMatch(/\| `REVOCATION_FEED_SECRET` \| unset \| text of at least 16 characters \|/);
  });
});
