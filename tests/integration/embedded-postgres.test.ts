import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres.js';
import { exitOf, isAlive, postmasterOf, spawnTs, waitUntil } from '../helpers/processes.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'eloket-embedded-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function query(url: string, sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

describe('embedded PostgreSQL', () => {
  it('initialises a new data directory, keeps data across a restart, and stops cleanly', async () => {
    const dir = await tempDir();
    const first = await startEmbeddedPostgres({ dataDir: dir });
    const version = await query(first.adminUrl, 'SHOW server_version');
    expect(version.rows[0].server_version).toMatch(/^18\./);
    await query(first.adminUrl, 'CREATE TABLE kept (value text); INSERT INTO kept VALUES (\'bewaard\')');
    await first.stop();
    expect(postmasterOf(join(dir, 'postgres'))).toBeUndefined();

    const second = await startEmbeddedPostgres({ dataDir: dir });
    try {
      const kept = await query(second.adminUrl, 'SELECT value FROM kept');
      expect(kept.rows).toEqual([{ value: 'bewaard' }]);
    } finally {
      await second.stop();
    }
  });

  it('owns its cluster as the postgres user when started as root (PostgreSQL refuses root), else as the current user', async () => {
    const dir = await tempDir();
    const server = await startEmbeddedPostgres({ dataDir: dir });
    try {
      const owner = (await stat(join(dir, 'postgres'))).uid;
      const expected = process.getuid?.() === 0 ? Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })) : process.getuid?.();
      expect(owner).toBe(expected);
      const user = await query(server.adminUrl, "SELECT current_setting('data_directory') AS dir");
      expect(user.rows[0].dir).toBe(join(dir, 'postgres'));
    } finally {
      await server.stop();
    }
  });

  it('starts again after the portal crashed and left its server running, without manual steps', async () => {
    const dir = await tempDir();
    const child = spawnTs('tests/helpers/embedded-child.ts', [dir], {});
    await waitUntil(() => child.output().includes('ready'), 30_000, 'the child to start PostgreSQL');
    const orphan = postmasterOf(join(dir, 'postgres'));
    expect(orphan).toBeDefined();
    child.kill('SIGKILL');
    await exitOf(child);
    // The crash left the server running, holding the data directory.
    expect(isAlive(orphan?.pid ?? 0)).toBe(true);

    const server = await startEmbeddedPostgres({ dataDir: dir });
    try {
      expect(isAlive(orphan?.pid ?? 0)).toBe(false);
      const result = await query(server.adminUrl, 'SELECT 1 AS one');
      expect(result.rows).toEqual([{ one: 1 }]);
    } finally {
      await server.stop();
    }
  });

  it('refuses to take over a data directory that a running portal uses', async () => {
    const dir = await tempDir();
    const child = spawnTs('tests/helpers/embedded-child.ts', [dir], {});
    try {
      await waitUntil(() => child.output().includes('ready'), 30_000, 'the child to start PostgreSQL');
      await expect(startEmbeddedPostgres({ dataDir: dir })).rejects.toThrow(/in use by another running portal/);
    } finally {
      child.kill('SIGTERM');
      await exitOf(child);
      const left = postmasterOf(join(dir, 'postgres'));
      if (left && isAlive(left.pid)) process.kill(left.pid, 'SIGINT');
    }
  });
});
