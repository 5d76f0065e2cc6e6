// The portal as `npm start` runs it: a process on an empty data directory.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { networkInterfaces } from 'node:os';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/db/embedded-postgres.js';
import { exitOf, isAlive, postmasterOf, spawnTs, waitForPortal } from '../helpers/processes.js';

/** This machine's addresses on its network interfaces (not loopback). */
const externalAddresses = () =>
  Object.values(networkInterfaces())
    .flat()
    .filter((i) => i !== undefined && !i.internal && i.family === 'IPv4')
    .map((i) => i?.address ?? '');

const dataDir = await mkdtemp(join(tmpdir(), 'eloket-server-'));
afterAll(() => rm(dataDir, { recursive: true, force: true }));

describe('the portal process', () => {
  it('starts on an empty data directory with migrations and demo data, answers in Dutch, and stops cleanly on SIGTERM', { timeout: 60_000 }, async () => {
    const port = await freePort();
    const portal = spawnTs('src/server.ts', [], { ELOKET_DATA_DIR: dataDir, PORT: String(port), NODE_ENV: 'development', LOG_LEVEL: 'info' });
    const base = `http://127.0.0.1:${port}`;
    try {
      await waitForPortal(portal, base);
      const home = await fetch(`${base}/`);
      expect(await home.text()).toContain('<html lang="nl-BE">');
      // Development (the identity provider lets anyone log in as anyone): reachable from this machine only.
      expect(portal.output()).toMatch(/"address":"127\.0\.0\.1"/);
      for (const address of externalAddresses()) {
        await expect(fetch(`http://${address}:${port}/health`), address).rejects.toThrow();
      }

      const postmaster = postmasterOf(join(dataDir, 'postgres'));
      expect(postmaster).toBeDefined();
      const password = (await readFile(join(dataDir, 'postgres-password'), 'utf8')).trim();
      const client = new pg.Client({ host: '127.0.0.1', port: postmaster?.port, user: 'postgres', password, database: 'eloket' });
      await client.connect();
      const facilities = await client.query('SELECT count(*)::int AS n FROM facility');
      // The job library installed its own schema (not a Prisma migration) and runs beside the mail worker.
      const jobSchema = await client.query("SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'graphile_worker' AND table_name = '_private_jobs'");
      await client.end();
      expect(facilities.rows[0].n).toBeGreaterThanOrEqual(6);
      expect(jobSchema.rows[0].n).toBe(1);
      expect(portal.output()).toContain('job runner started');

      portal.kill('SIGTERM');
      expect(await exitOf(portal)).toBe(0);
      expect(isAlive(postmaster?.pid ?? 0)).toBe(false);
      expect(postmasterOf(join(dataDir, 'postgres'))).toBeUndefined();
    } finally {
      if (portal.exitCode === null) portal.kill('SIGKILL');
    }
  });

  it('refuses to start in production with development defaults, naming the variables', async () => {
    const portal = spawnTs('src/server.ts', [], { NODE_ENV: 'production', ELOKET_DATA_DIR: dataDir, DATABASE_URL: '', SMTP_URL: '', BASE_URL: '', SESSION_SECRET: '' });
    expect(await exitOf(portal)).toBe(78);
    expect(portal.output()).toContain('DATABASE_URL: set the PostgreSQL server');
    expect(portal.output()).toContain('SESSION_SECRET');
  });
});
