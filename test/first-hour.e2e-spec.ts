// What a newcomer does in the first hour, done for real: clone into a folder only its owner can
// enter (root in CI and in most containers), `npm ci && npm start`, stop it; and the migration
// commands the README gives. Each step runs the way the README says, in child processes.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { once } from 'node:events';
import { createServer } from 'node:net';
import path from 'node:path';
import { freePort, stopProcess } from './guard-processes.js';

const REPO = process.cwd();
const TYPEORM_CLI = path.join(REPO, 'node_modules/typeorm/cli.js');

/** The environment of a newcomer's shell: no test database, no jest flags; temp files go to `tmp`. */
function newcomerEnv(tmp: string, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined || /^(DATABASE_URL|NODE_OPTIONS|NODE_ENV|TEST_PG_|JEST_)/.test(key)) continue;
    env[key] = value;
  }
  return { ...env, TMPDIR: tmp, NO_COLOR: '1', ...extra };
}

interface Finished {
  code: number | null;
  output: string;
}

/** Runs a command to its end (killed after `limitMs`: a hang fails the test instead of stalling it). */
function run(command: string, args: string[], options: { cwd: string; env: Record<string, string>; limitMs: number }): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const limit = setTimeout(() => child.kill('SIGKILL'), options.limitMs);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(limit);
      resolve({ code: signal === 'SIGKILL' ? null : code, output });
    });
  });
}

/**
 * Where earlier versions moved the cluster of `dataDir` when root could not share it with the
 * postgres user. Other work on the machine may use /tmp meanwhile, so we look for this clone's
 * own leftovers there; everything else that honours TMPDIR is checked through a private TMPDIR.
 */
function oldFallbackDir(dataDir: string): string {
  return path.join('/tmp', `auth-service-pg-${createHash('sha256').update(dataDir).digest('hex').slice(0, 12)}`);
}

async function waitFor(what: string, check: () => Promise<boolean> | boolean, limitMs: number): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe('the first hour, in a private folder', () => {
  let root: string;
  let tmp: string;
  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), 'first-hour-'));
    tmp = path.join(root, 'tmp');
    mkdirSync(tmp);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('clones, runs `npm ci && npm start` until /health answers, stops on SIGTERM and leaves nothing in the temp dirs', async () => {
    expect(statSync(root).mode & 0o777).toBe(0o700);
    // the committed HEAD of this checkout, as `git clone` would give it to a newcomer
    const head = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: REPO, encoding: 'utf8' }).stdout.trim();
    const clone = path.join(root, 'auth-service');
    expect(spawnSync('git', ['clone', '--quiet', REPO, clone]).status).toBe(0);
    expect(spawnSync('git', ['-C', clone, 'checkout', '--quiet', head]).status).toBe(0);

    const install = await run('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund'], {
      cwd: clone,
      env: newcomerEnv(tmp),
      limitMs: 300_000,
    });
    expect(install).toMatchObject({ code: 0 });
    expect(install.output).not.toContain('EBADENGINE');

    const port = await freePort();
    const service = spawn('npm', ['start'], {
      cwd: clone,
      env: newcomerEnv(tmp, { PORT: String(port), HOST: '127.0.0.1' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    service.stdout!.on('data', (chunk) => (output += chunk));
    service.stderr!.on('data', (chunk) => (output += chunk));
    try {
      await waitFor(
        '/health',
        async () => {
          if (service.exitCode !== null) throw new Error(`npm start exited with ${service.exitCode}:\n${output}`);
          const answer = await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined);
          return answer?.status === 200 && ((await answer.json()) as { status?: string }).status === 'ok';
        },
        180_000,
      );
      expect(existsSync(path.join(clone, '.data/pg/PG_VERSION'))).toBe(true);
    } finally {
      // what a process manager does; npm forwards it to the service, which stops PostgreSQL
      await stopProcess(service);
    }
    expect(output).toContain('SIGTERM: shutting down');
    // PostgreSQL removes its pid file when it has shut down
    await waitFor('PostgreSQL to stop', () => !existsSync(path.join(clone, '.data/pg/postmaster.pid')), 30_000);
    // and the service says so, its last line
    await waitFor('the line saying PostgreSQL stopped', () => output.includes('stopped, and the embedded PostgreSQL with it'), 10_000);
    expect(output).not.toMatch(/\n\s+at /); // no stack trace anywhere
    expect(readdirSync(tmp)).toEqual([]);
    expect(existsSync(oldFallbackDir(path.join(clone, '.data/pg')))).toBe(false);
  }, 600_000);

  it('says in one line why PostgreSQL did not start, and exits 1', async () => {
    const dataDir = path.join(root, 'broken-data');
    mkdirSync(path.join(dataDir, 'pg'), { recursive: true, mode: 0o700 });
    writeFileSync(path.join(dataDir, 'pg', 'PG_VERSION'), '9\n'); // a cluster of another major version
    const port = await freePort();
    const result = await run(process.execPath, ['dist/src/main.js'], {
      cwd: REPO,
      env: newcomerEnv(tmp, { DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1' }),
      limitMs: 60_000,
    });
    expect(result.code).toBe(1);
    const lines = result.output.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^The embedded PostgreSQL in .*broken-data\/pg did not start: .*postgresql\.conf/);
    expect(readdirSync(tmp)).toEqual([]);
  }, 90_000);

  const asRoot = process.getuid?.() === 0;
  if (!asRoot) console.log('first-hour: not root, so the test of root without user namespaces is skipped');
  (asRoot ? it : it.skip)(
    'as root where user namespaces cannot be made, says so in one line and exits 1',
    async () => {
      const result = await run(process.execPath, ['dist/src/main.js'], {
        // no unshare on this PATH: what a machine without util-linux or user namespaces gives
        cwd: REPO,
        env: newcomerEnv(tmp, { PATH: path.join(root, 'empty-path'), DATA_DIR: path.join(root, 'no-namespaces') }),
        limitMs: 60_000,
      });
      expect(result.code).toBe(1);
      const lines = result.output.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^PostgreSQL refuses to run as root, and running it as an unprivileged user in a user namespace failed \(unshare --user: .+\)\. Run the service as a non-root user, or set DATABASE_URL/,
      );
    },
    90_000,
  );

  it('says in one line that the port is taken, and stops the PostgreSQL it started', async () => {
    const dataDir = path.join(root, 'busy-port');
    const port = await freePort();
    const other = createServer().listen(port, '127.0.0.1');
    await once(other, 'listening');
    try {
      const result = await run(process.execPath, ['dist/src/main.js'], {
        cwd: REPO,
        env: newcomerEnv(tmp, { DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1' }),
        limitMs: 90_000,
      });
      expect(result.code).toBe(1);
      expect(result.output).toContain(
        `Cannot listen on 127.0.0.1:${port}: the port is in use by another process. Stop the other process or set PORT.`,
      );
      // said once, in words: no JSON error line of the framework's before it
      expect(result.output).not.toContain('EADDRINUSE');
      expect(result.output).not.toContain('"extra"');
      expect(result.output).not.toMatch(/\n\s+at /);
      expect(existsSync(path.join(dataDir, 'pg/PG_VERSION'))).toBe(true);
      expect(existsSync(path.join(dataDir, 'pg/postmaster.pid'))).toBe(false);
    } finally {
      other.close();
    }
  }, 120_000);

  it('stops on a bad setting with one message saying what is wrong and what is allowed', async () => {
    const result = await run(process.execPath, ['dist/src/main.js'], {
      cwd: REPO,
      env: newcomerEnv(tmp, { ACCESS_TOKEN_TTL: 'abc', DATA_DIR: path.join(root, 'unused') }),
      limitMs: 60_000,
    });
    expect(result.code).toBe(2);
    expect(result.output.trim()).toBe('Invalid configuration:\n- ACCESS_TOKEN_TTL must be a whole number from 1 to 86400');
  }, 90_000);

  describe('migration commands on the embedded database', () => {
    let dataDir: string;
    beforeAll(() => {
      dataDir = path.join(root, 'migrations-data');
    });
    /** The command `npm run migration:<name>` runs after building. */
    const cli = (name: string) =>
      run(process.execPath, [TYPEORM_CLI, `migration:${name}`, '-d', 'dist/ormconfig.js'], {
        cwd: REPO,
        env: newcomerEnv(tmp, { DATA_DIR: dataDir }),
        limitMs: 60_000,
      });
    const applied = async () => {
      const show = await cli('show');
      expect(show.code).toBe(0);
      return show.output.match(/(?<=\[X\] \d+ )\w+/g) ?? [];
    };

    it('migration:revert reverts the last migration and exits; migration:run applies it again', async () => {
      expect((await cli('run')).code).toBe(0);
      const all = await applied();
      expect(all.length).toBeGreaterThan(0);
      const revert = await cli('revert');
      expect(revert.code).toBe(0); // null would mean it hung and was killed
      expect(revert.output).toContain('has been reverted successfully');
      expect(await applied()).toEqual(all.slice(0, -1));
      expect((await cli('run')).code).toBe(0);
      expect(await applied()).toEqual(all);
      // every command stopped the PostgreSQL it started
      expect(existsSync(path.join(dataDir, 'pg/postmaster.pid'))).toBe(false);
      expect(readdirSync(tmp)).toEqual([]);
    }, 180_000);
  });
});
