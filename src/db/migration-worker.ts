// The pending migrations, applied in a worker thread (see `migrate` in
// database.ts): Prisma's schema engine, a WebAssembly module of several
// megabytes, then lives and dies with the thread instead of staying resident in
// the portal's process for its whole life.
import { parentPort, workerData } from 'node:worker_threads';
import { applyMigrations } from './migrations.js';

const { url } = workerData as { url: string };
parentPort?.postMessage(await applyMigrations(url));
