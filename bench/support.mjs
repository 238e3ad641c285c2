// Shared by the benchmarks: start the built service on a port, register and log in users.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Starts `node dist/src/main.js` (run `npm run build` first) and waits for /health. */
export async function startService(env = {}) {
  const port = env.PORT ?? String(3300 + Math.floor(Math.random() * 500));
  const child = spawn(process.execPath, ['dist/src/main.js'], {
    env: {
      ...process.env,
      PORT: port,
      HOST: '127.0.0.1',
      RATE_LIMITS: 'off',
      DATA_DIR: process.env.DATABASE_URL ? undefined : mkdtempSync(path.join(tmpdir(), 'auth-bench-')),
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${url}/health`)).ok) return { url, stop: () => stop(child) };
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('service did not start');
}

function stop(child) {
  return new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
}

export async function post(url, body, token) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json().catch(() => undefined) };
}

/** Registers `count` users and logs each in once; returns their sessions. */
export async function sessions(url, count, batch = 16) {
  const result = [];
  for (let i = 0; i < count; i += batch) {
    const chunk = await Promise.all(Array.from({ length: Math.min(batch, count - i) }, async (_, j) => {
      const email = `bench-${Date.now()}-${i + j}-${Math.random().toString(36).slice(2)}@example.com`;
      const password = 'benchmark password';
      await post(`${url}/auth/register`, { email, password });
      const login = await post(`${url}/auth/login`, { email, password, deviceId: `bench-device-${i + j}` });
      if (login.status !== 200) throw new Error(`login failed: ${login.status}`);
      return { email, password, ...login.body };
    }));
    result.push(...chunk);
  }
  return result;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
