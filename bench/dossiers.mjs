// npm run bench:dossiers — the department's dossier queue (issue 25, Speed):
// the portal as `npm start` runs it on 5,000 facilities with one Meting
// dagprijzen per facility per campaign year over 18 years (90,000 dossiers
// and their history, bench/generate-dossiers.ts), Els Willems (Team Prijzen)
// logged in, p50/p95 and requests/s of /beheer/dossiers without and with each
// filter at BENCH_CONCURRENCY clients (default 4). Target: p95 <= 50 ms.
// Runs on a temporary data directory, or on BENCH_DATA_DIR (generated there
// once, kept). Run with tsx (package.json), which loads the TypeScript generator.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateDossierBenchData } from './generate-dossiers.ts';
import { loadAverage, measurePage } from './load.mjs';
import { embeddedDatabaseClient, loginThroughDevIdp, startBenchPortal, waitForPortal } from './portal-session.mjs';

const root = new URL('..', import.meta.url).pathname;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const REQUESTS_PER_PAGE = Number(process.env.BENCH_REQUESTS ?? 1_000);
const FACILITIES = Number(process.env.BENCH_FACILITIES ?? 5_000);
const YEARS = Number(process.env.BENCH_YEARS ?? 18);

execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });

const dataDir = process.env.BENCH_DATA_DIR ? resolve(process.env.BENCH_DATA_DIR) : mkdtempSync(join(tmpdir(), 'eloket-bench-dossiers-'));
const { base, stop } = await startBenchPortal(root, dataDir);

try {
  await waitForPortal(base);
  const db = embeddedDatabaseClient(dataDir);
  await db.connect();
  const { rows: [existing] } = await db.query(`SELECT count(*)::int AS n FROM dossier d JOIN facility f ON f.id = d.facility_id WHERE f.hco_number LIKE 'BENCH%'`);
  if (existing.n === 0) {
    const started = Date.now();
    const result = await generateDossierBenchData(db, { facilities: FACILITIES, years: YEARS });
    console.log(`dossiers: generated ${FACILITIES} facilities, ${result.dossiers} dossiers (${result.waiting} waiting), ${result.events} history rows in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  const { rows: [counts] } = await db.query(
    `SELECT (SELECT count(*) FROM dossier)::int AS dossiers, (SELECT count(*) FROM dossier WHERE status IN ('ingediend', 'in_behandeling'))::int AS waiting,
            (SELECT count(*) FROM dossier WHERE status = 'in_behandeling')::int AS taken`,
  );
  // A facility (HCO number) with a dossier in behandeling, for the HCO search.
  const { rows: [hco] } = await db.query(
    `SELECT f.hco_number AS n FROM dossier d JOIN facility f ON f.id = d.facility_id WHERE d.status = 'in_behandeling' AND f.hco_number LIKE 'BENCH%' ORDER BY f.id LIMIT 1`,
  );
  console.log(`dossiers: ${counts.dossiers} dossiers, ${counts.waiting} waiting for the department (${counts.taken} in behandeling)`);
  await db.end();

  const session = await loginThroughDevIdp(base, 'Els Willems');
  const paths = [
    '/beheer/dossiers',
    '/beheer/dossiers?type=meting-dagprijzen',
    '/beheer/dossiers?status=in_behandeling',
    '/beheer/dossiers?voorziening=Voorziening+12',
    `/beheer/dossiers?voorziening=${hco.n}`,
    '/beheer/dossiers?behandelaar=mij',
    '/beheer/dossiers?behandelaar=niemand',
    '/beheer/dossiers?termijn=binnen-7-dagen',
    '/beheer/dossiers?termijn=verlopen',
    '/beheer/dossiers?pagina=20',
  ];
  const results = [];
  for (const path of paths) {
    const { html, p50, p95, perSecond } = await measurePage(session, base, path, { concurrency: CONCURRENCY, requests: REQUESTS_PER_PAGE });
    const shown = /Dossiers \((\d+)\)/.exec(html)?.[1] ?? '?';
    const line = `dossiers: ${path} (${shown} dossiers) p50 ${p50} ms, p95 ${p95} ms, ${perSecond} req/s (${CONCURRENCY} concurrent, load average ${loadAverage()})`;
    console.log(line);
    results.push(line);
  }
  console.log('dossiers: summary');
  for (const line of results) console.log(line);
} finally {
  await stop();
  if (!process.env.BENCH_DATA_DIR) rmSync(dataDir, { recursive: true, force: true });
}
