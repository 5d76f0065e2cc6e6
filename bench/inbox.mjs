// npm run bench:inbox — the department's team inbox (issue 13, Speed): the
// portal as `npm start` runs it, Els Willems (Team Prijzen) logged in, p50/p95
// of /beheer and /beheer/berichten without and with each filter, at
// BENCH_CONCURRENCY clients (default 4). Target: p95 <= 50 ms. Meant for the
// data set of `npm run bench:data` (BENCH_DATA_DIR: 5,000 facilities,
// 1,000,000 messages); without it a fresh demo database is measured.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { measurePage } from './load.mjs';
import { embeddedDatabaseClient, loginThroughDevIdp, startBenchPortal, waitForPortal } from './portal-session.mjs';

const root = new URL('..', import.meta.url).pathname;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const REQUESTS_PER_PAGE = Number(process.env.BENCH_REQUESTS ?? 1_000);

execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });

const dataDir = process.env.BENCH_DATA_DIR ? resolve(process.env.BENCH_DATA_DIR) : mkdtempSync(join(tmpdir(), 'eloket-bench-inbox-'));
const { portal, base } = await startBenchPortal(root, dataDir);

try {
  await waitForPortal(base);
  const db = embeddedDatabaseClient(dataDir);
  await db.connect();
  // Some threads assigned to Els, as in real use (idempotent).
  await db.query(`UPDATE thread SET staff_member_id = (SELECT id FROM staff_member WHERE staff_id = 'DZ10231') WHERE id % 50 = 0 AND staff_member_id IS NULL AND theme_id = (SELECT id FROM theme WHERE slug = 'prijzen')`);
  await db.query('ANALYZE thread');
  const { rows: [counts] } = await db.query(
    `SELECT (SELECT count(*) FROM message)::int AS messages, (SELECT count(*) FROM thread WHERE theme_id = (SELECT id FROM theme WHERE slug = 'prijzen'))::int AS threads,
            (SELECT reference FROM thread WHERE theme_id = (SELECT id FROM theme WHERE slug = 'prijzen') ORDER BY id DESC LIMIT 1) AS reference`,
  );
  console.log(`inbox: ${counts.messages} messages, ${counts.threads} threads of the theme Prijzen`);
  await db.end();

  const session = await loginThroughDevIdp(base, 'Els Willems');
  const paths = [
    '/beheer',
    '/beheer/berichten',
    '/beheer/berichten?pagina=40',
    '/beheer/berichten?status=ongelezen',
    '/beheer/berichten?toegewezen=mij',
    '/beheer/berichten?voorziening=BENCH12',
    '/beheer/berichten?voorziening=Voorziening+12',
    '/beheer/berichten?van=01/03/2025&tot=31/03/2025',
    `/beheer/berichten?referentienummer=${encodeURIComponent(counts.reference)}`,
    '/beheer/berichten?thema=prijzen&status=ongelezen&toegewezen=mij&van=01/01/2025',
  ];
  const results = [];
  for (const path of paths) {
    const { p50, p95, perSecond } = await measurePage(session, base, path, { concurrency: CONCURRENCY, requests: REQUESTS_PER_PAGE });
    const line = `inbox: ${path} p50 ${p50} ms, p95 ${p95} ms, ${perSecond} req/s (${CONCURRENCY} concurrent)`;
    console.log(line);
    results.push(line);
  }
  console.log('inbox: summary');
  for (const line of results) console.log(line);
} finally {
  portal.kill('SIGTERM');
  await new Promise((resolvePromise) => portal.once('exit', resolvePromise));
  if (!process.env.BENCH_DATA_DIR) rmSync(dataDir, { recursive: true, force: true });
}
