// Faults a newcomer meets with the embedded PostgreSQL (issue 20, item 8), met for real: the
// built service (dist/src/main.js, as `npm start` runs it) in child processes on one DATA_DIR.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, startProcess } from './guard-processes.js';

const KEY_A = 'a'.repeat(64);
const KEY_B = 'b'.repeat(64);

/** Runs main.js to its exit (killed after 90 s); stdout and stderr apart. */
function runToExit(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['dist/src/main.js'], {
      env: { PATH: process.env.PATH ?? '', TMPDIR: tmpdir(), NODE_ENV: 'test', NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const limit = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(limit);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Whether a process with this pid is alive. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('faults with the embedded PostgreSQL', () => {
  let dataDir: string;
  let env: (key: string, port: number) => Record<string, string>;

  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'auth-faults-'));
    env = (key, port) => ({ DATA_DIR: dataDir, MASTER_KEY: key, PORT: String(port), HOST: '127.0.0.1', TMPDIR: tmpdir() });
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const boot = async (key = KEY_A) => {
    const port = await freePort();
    const service = await startProcess('dist/src/main.js', env(key, port), `http://127.0.0.1:${port}/health/ready`, 90_000);
    return { ...service, url: `http://127.0.0.1:${port}` };
  };

  it('a wrong MASTER_KEY is one line naming MASTER_KEY and what to do, exit 1, and our PostgreSQL stopped (no orphan)', async () => {
    const first = await boot(KEY_A);
    await first.stop();
    const wrong = await runToExit(env(KEY_B, await freePort()));
    expect(wrong.code).toBe(1);
    const lines = wrong.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^MASTER_KEY does not open the signing keys stored in the database .*start with the MASTER_KEY they were created with/,
    );
    // PostgreSQL removes postmaster.pid when it shuts down; a live pid there would be an orphan
    const pidFile = path.join(dataDir, 'pg', 'postmaster.pid');
    if (existsSync(pidFile)) expect(alive(Number(readFileSync(pidFile, 'utf8').split('\n')[0]))).toBe(false);
    // and the right key still starts it
    const again = await boot(KEY_A);
    await again.stop();
  }, 240_000);

  it('notices ./.data/pg deleted under a running service (not ready), and the next start says it makes a new cluster where one was', async () => {
    const running = await boot(KEY_A);
    try {
      expect((await fetch(`${running.url}/health/ready`)).status).toBe(200);
      rmSync(path.join(dataDir, 'pg'), { recursive: true, force: true });
      const ready = await fetch(`${running.url}/health/ready`);
      expect(ready.status).toBe(503);
      expect(((await ready.json()) as { message: string }).message).toMatch(/databaseFiles/);
    } finally {
      await running.stop();
    }
    const fresh = await boot(KEY_A);
    try {
      const notice = fresh
        .output()
        .split('\n')
        .filter((line) => line.includes('NEW, EMPTY cluster'));
      expect(notice).toHaveLength(1);
      expect(notice[0]).toContain(`${path.join(dataDir, 'pg')} held this service's database`);
    } finally {
      await fresh.stop();
    }
  }, 240_000);
});
