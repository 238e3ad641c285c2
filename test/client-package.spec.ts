import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The client runs in browsers and React Native: no Node built-ins, no dependency but jose. */
const dir = path.resolve('packages/client/src');
const sources = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'));
const importsOf = (text: string) =>
  [...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/gm), ...text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
    (m) => m[1],
  );

describe('the client package', () => {
  it.each(sources)('%s imports only jose, the contract compiled in (#contract) and its own files, and uses no Node globals', (file) => {
    const text = readFileSync(path.join(dir, file), 'utf8');
    expect(importsOf(text).filter((s) => s !== 'jose' && s !== '#contract' && !/^\.\/[\w.-]+\.js$/.test(s))).toEqual([]);
    expect(text).not.toMatch(/\b(process|Buffer|require|__dirname)\b[.(]/);
  });

  it('is scanned for real: the client is seen importing its keeper, and the envelope jose', () => {
    expect(sources).toEqual(expect.arrayContaining(['client.ts', 'envelope.ts', 'index.ts']));
    expect(importsOf(readFileSync(path.join(dir, 'client.ts'), 'utf8'))).toContain('./session-keeper.js');
    expect(importsOf(readFileSync(path.join(dir, 'envelope.ts'), 'utf8'))).toContain('jose');
  });

  it('depends on jose only, and the server depends on it, never the reverse', () => {
    const pkg = JSON.parse(readFileSync('packages/client/package.json', 'utf8'));
    expect(Object.keys(pkg.dependencies)).toEqual(['jose']);
    expect(pkg.peerDependencies).toBeUndefined();
    const root = JSON.parse(readFileSync('package.json', 'utf8'));
    expect({ ...root.dependencies, ...root.devDependencies }[pkg.name]).toBe(pkg.version);
  });
});
