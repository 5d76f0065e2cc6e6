// The embedded database is watched (`npm start` without DATABASE_URL): a
// PostgreSQL that dies is started again on its port, so /health answers 200
// again; past EMBEDDED_RESTART_LIMIT the portal exits with a fatal log line
// instead of answering 503 forever. A stop the portal asked for is no death.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EMBEDDED_RESTART_LIMIT } from '../../src/db/database.js';
import { freePort } from '../../src/db/embedded-postgres.js';
import { exitOf, isAlive, postmasterOf, spawnTs, waitForPortal, waitUntil } from '../helpers/processes.js';

const dataDir = await mkdtemp(join(tmpdir(), 'eloket-watch-'));
const clusterDir = join(dataDir, 'postgres');
afterAll(() => rm(dataDir, { recursive: true, force: true }));

const RESTARTING = 'the embedded PostgreSQL stopped unexpectedly: starting it again';

async function startPortal() {
  const port = await freePort();
  const portal = spawnTs('src/server.ts', [], { ELOKET_DATA_DIR: dataDir, PORT: String(port), NODE_ENV: 'development', LOG_LEVEL: 'info' });
  const base = `http://127.0.0.1:${port}`;
  await waitForPortal(portal, base);
  return { portal, base };
}

const healthOf = async (base: string) => (await fetch(`${base}/health`).catch(() => undefined))?.status;

describe('the watched embedded PostgreSQL', () => {
  it(`starts it again when it is killed, ${EMBEDDED_RESTART_LIMIT.restarts} times, then exits with a fatal log line`, { timeout: 150_000 }, async () => {
    const { portal, base } = await startPortal();
    try {
      for (let restart = 1; restart <= EMBEDDED_RESTART_LIMIT.restarts; restart++) {
        const killed = postmasterOf(clusterDir);
        expect(killed).toBeDefined();
        process.kill(killed?.pid ?? 0, 'SIGKILL');
        await waitUntil(() => portal.output().includes(`"restart":${restart},"maxRestarts":3`), 10_000, () => `restart ${restart} to be logged\n${portal.output()}`);
        await waitUntil(
          async () => {
            const now = postmasterOf(clusterDir);
            return now !== undefined && now.pid !== killed?.pid && now.port === killed?.port && (await healthOf(base)) === 200;
          },
          30_000,
          () => `/health to answer 200 after restart ${restart}\n${portal.output()}`,
        );
        expect(portal.exitCode).toBeNull();
      }
      // Once more within the ten minutes: given up, the process ends.
      const last = postmasterOf(clusterDir);
      process.kill(last?.pid ?? 0, 'SIGKILL');
      expect(await exitOf(portal)).toBe(1);
      expect(portal.output()).toContain(`the embedded PostgreSQL stopped unexpectedly ${EMBEDDED_RESTART_LIMIT.restarts + 1} times within 10 minutes: the portal stops`);
      expect(portal.output()).toContain('"level":60');
      expect(isAlive(last?.pid ?? 0)).toBe(false);
    } finally {
      if (portal.exitCode === null) portal.kill('SIGKILL');
    }
  });

  it('does not start it again when the portal stops it on SIGTERM', { timeout: 60_000 }, async () => {
    const { portal } = await startPortal();
    const postmaster = postmasterOf(clusterDir);
    portal.kill('SIGTERM');
    expect(await exitOf(portal)).toBe(0);
    expect(portal.output()).not.toContain(RESTARTING);
    expect(isAlive(postmaster?.pid ?? 0)).toBe(false);
    expect(postmasterOf(clusterDir)).toBeUndefined();
  });
});
