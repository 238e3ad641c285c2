import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** What a service that imports the guard gets installed and loaded: nothing of the auth server. */
const ALLOWED = [/^node:/, /^@nestjs\/(common|core)$/, /^jose$/, /^eventsource-parser$/, /^#contract$/, /^\.\/[\w.-]+\.js$/];

describe('the guard package', () => {
  const dir = path.resolve('packages/guard/src');
  const sources = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'));

  it.each(sources)('%s imports only Nest, jose, eventsource-parser, node, the contract compiled in and its own files', (file) => {
    const text = readFileSync(path.join(dir, file), 'utf8');
    const specifiers = [
      ...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/gm),
      ...text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g),
    ].map((m) => m[1]);
    expect(specifiers.filter((s) => !ALLOWED.some((pattern) => pattern.test(s)))).toEqual([]);
  });

  it('is scanned for real: the verifier is seen importing jose and its own files', () => {
    const text = readFileSync(path.join(dir, 'access-token-verifier.ts'), 'utf8');
    expect([...text.matchAll(/from\s+['"]([^'"]+)['"]/g)].map((m) => m[1])).toEqual(expect.arrayContaining(['jose', './errors.js']));
  });

  it('is its own package: its imports are its dependencies, Nest a peer; the server depends on it, never the reverse', () => {
    const pkg = JSON.parse(readFileSync('packages/guard/package.json', 'utf8'));
    expect(pkg.exports['.']).toEqual({ types: './dist/index.d.ts', default: './dist/index.js' });
    expect(Object.keys(pkg.dependencies).sort()).toEqual(['eventsource-parser', 'jose']);
    expect(Object.keys(pkg.peerDependencies).sort()).toEqual(['@nestjs/common', '@nestjs/core']);
    const root = JSON.parse(readFileSync('package.json', 'utf8'));
    expect(root.dependencies[pkg.name]).toBe(pkg.version);
  });
});
