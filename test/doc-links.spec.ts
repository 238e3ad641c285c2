// The README, docs/, the packages' READMEs, bench/README.md and CHANGELOG.md are read on GitHub
// and in a fresh clone: every relative link must land
// on a file of the repository (not one beside it, nor a build output), and every #anchor on a
// heading of the page it names.
import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = process.cwd();
/** Files a clone has: tracked, or new and not ignored. */
const FILES = new Set(
  execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
    .split('\n')
    .filter(Boolean),
);
const DIRECTORIES = new Set(
  [...FILES].flatMap((file) =>
    file
      .split('/')
      .slice(0, -1)
      .map((_, i, parts) => parts.slice(0, i + 1).join('/')),
  ),
);
const TOP_PAGES = ['README.md', 'CHANGELOG.md', 'bench/README.md', 'packages/guard/README.md', 'packages/client/README.md'];
const PAGES = [...FILES].filter((file) => TOP_PAGES.includes(file) || (file.startsWith('docs/') && file.endsWith('.md'))).sort();

/** Markdown without code (fenced blocks and inline spans), where link syntax is only text. */
function prose(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, -1, -2 for repeats. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const [, text] of prose(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = text
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    result.add(count === 0 ? base : `${base}-${count}`);
  }
  return result;
}

function relativeLinks(markdown: string): string[] {
  const targets = [...prose(markdown).matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]);
  const references = [...markdown.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/gm)].map((m) => m[1]);
  return [...targets, ...references].filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

function problem(page: string, link: string): string | undefined {
  const [target, anchor] = link.split('#') as [string, string | undefined];
  const resolved =
    target === '' ? page : path.posix.normalize(path.posix.join(path.posix.dirname(page), decodeURI(target))).replace(/\/$/, '');
  if (resolved.startsWith('..') || path.posix.isAbsolute(resolved)) return `${link}: outside the repository`;
  if (!FILES.has(resolved) && !DIRECTORIES.has(resolved)) return `${link}: no such file in the repository (${resolved})`;
  if (anchor && resolved.endsWith('.md') && !anchors(readFileSync(path.join(ROOT, resolved), 'utf8')).has(anchor)) {
    return `${link}: no heading #${anchor} in ${resolved}`;
  }
  return undefined;
}

describe('links in README.md and docs/', () => {
  it('finds the pages', () => {
    expect(PAGES).toEqual(expect.arrayContaining([...TOP_PAGES, 'docs/api.md', 'docs/configuration.md']));
  });

  it('keeps the README to what a newcomer reads: at most 200 lines', () => {
    expect(readFileSync(path.join(ROOT, 'README.md'), 'utf8').split('\n').length).toBeLessThanOrEqual(200);
  });

  it.each(PAGES)('every relative link of %s resolves inside the repository', (page) => {
    const links = relativeLinks(readFileSync(path.join(ROOT, page), 'utf8'));
    expect(links.map((link) => problem(page, link)).filter(Boolean)).toEqual([]);
  });

  it('sees a link that leaves the repository, a missing file and a missing heading', () => {
    const page = 'docs/api.md';
    expect(problem(page, '../../shared/API.md')).toMatch(/outside the repository/);
    expect(problem(page, '../nowhere.md')).toMatch(/no such file/);
    expect(problem(page, '#no-such-heading')).toMatch(/no heading/);
    expect(problem(page, '#errors')).toBeUndefined();
    expect(problem(page, '../README.md')).toBeUndefined();
  });
});
