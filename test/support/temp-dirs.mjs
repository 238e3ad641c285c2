// `npm test` writes temporary files into the checkout only (README: nothing outside it). Every
// tool the tests run (mkdtemp, Chromium, npm pack, Vite, PostgreSQL's initdb) honours TMPDIR,
// so global setup points it at .test-tmp/<pid> for the run, and global teardown removes that
// folder and fails the run when something still appeared in the system temp dir meanwhile.
import { mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Names our tests and their tools give temp entries (the ones issue 20 found left in /tmp). */
const OURS = /^(pack-|chromium-|web-app-|auth-|templates-|jest_|first-hour-|playwright|\.org\.chromium\.|\.pg-password-)/;

/** Pids of jest processes on this machine outside this run's process tree (Linux /proc; none elsewhere). */
function otherJestRuns() {
  const parentOf = (pid) => {
    try {
      return Number(
        readFileSync(`/proc/${pid}/stat`, 'utf8')
          .replace(/^.*\) /s, '')
          .split(' ')[1],
      );
    } catch {
      return 0;
    }
  };
  const ancestors = new Set();
  for (let pid = process.pid; pid > 1; pid = parentOf(pid)) ancestors.add(pid);
  const ours = (pid) => {
    for (let p = pid; p > 1; p = parentOf(p)) if (p === process.pid) return true;
    return ancestors.has(pid);
  };
  let pids = [];
  try {
    pids = readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .map(Number);
  } catch {
    return [];
  }
  return pids.filter((pid) => {
    try {
      return /jest/.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8')) && !ours(pid);
    } catch {
      return false;
    }
  });
}

/** Points TMPDIR into the checkout for this run; returns what teardown needs. */
export function redirectTempDir() {
  const systemTmp = tmpdir();
  const runTmp = path.join(REPO, '.test-tmp', String(process.pid));
  mkdirSync(runTmp, { recursive: true });
  const before = new Set(readdirSync(systemTmp));
  process.env.TMPDIR = runTmp;
  return { systemTmp, runTmp, before, startedAt: Date.now() };
}

/**
 * Removes the run's temp folder; throws, naming them, when entries of the kinds our tests make
 * appeared in the system temp dir during the run. TEST_TMP_CHECK=off skips the check (a machine
 * where other, older checkouts run their tests at the same time).
 */
export function checkTempDir(state) {
  if (!state) return;
  rmSync(state.runTmp, { recursive: true, force: true });
  try {
    rmdirSync(path.dirname(state.runTmp)); // only when empty: no other run of this checkout is using it
  } catch {
    // another run's folder is still there
  }
  if (process.env.TEST_TMP_CHECK === 'off') return;
  const leaked = readdirSync(state.systemTmp).filter((name) => {
    if (state.before.has(name) || !OURS.test(name)) return false;
    try {
      return statSync(path.join(state.systemTmp, name)).mtimeMs >= state.startedAt - 1000;
    } catch {
      return false;
    }
  });
  if (leaked.length === 0) return;
  const others = otherJestRuns();
  if (others.length > 0) {
    // another checkout's run may have made them: say so, do not fail this run for them
    console.warn(
      `note: ${leaked.length} new temp entries in ${state.systemTmp} (${leaked.join(', ')}); not failing, since other jest runs were active (pids ${others.join(', ')})`,
    );
    return;
  }
  throw new Error(
    `npm test left ${leaked.length} entr${leaked.length === 1 ? 'y' : 'ies'} in ${state.systemTmp} (temp files must go to TMPDIR, which the run points into the checkout): ${leaked.join(', ')}`,
  );
}
