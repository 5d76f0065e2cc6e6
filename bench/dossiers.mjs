// npm run bench:dossiers — the department's dossier queue (issue 25, Speed):
// the portal as `npm start` runs it on 5,000 facilities with one Meting
// dagprijzen per facility per campaign year over 18 years (90,000 dossiers
// and their history, bench/generate-dossiers.ts), Els Willems (Team Prijzen)
// logged in, p50/p95 and requests/s of /beheer/dossiers without and with each
// filter at BENCH_CONCURRENCY clients (default 4). Target: p95 <= 50 ms.
// Then BENCH_DECISIONS (default 20) decisions one after the other, each with
// its decision letter (target: 300 ms), and where a letter's time goes: drawn
// in this process, in a new worker thread each time, and through the warm
// worker pool the portal uses (bench/letter-drawing.mjs).
// Runs on a temporary data directory, or on BENCH_DATA_DIR (generated there
// once, kept). Run with tsx (package.json), which loads the TypeScript generator.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { performance } from 'node:perf_hooks';
import { join, resolve } from 'node:path';
import { generateDossierBenchData } from './generate-dossiers.ts';
import { measureLetterDrawing } from './letter-drawing.mjs';
import { loadAverage, measurePage, percentile } from './load.mjs';
import { embeddedDatabaseClient, formBody, loginThroughDevIdp, startBenchPortal, waitForPortal } from './portal-session.mjs';

const root = new URL('..', import.meta.url).pathname;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const REQUESTS_PER_PAGE = Number(process.env.BENCH_REQUESTS ?? 1_000);
const FACILITIES = Number(process.env.BENCH_FACILITIES ?? 5_000);
const YEARS = Number(process.env.BENCH_YEARS ?? 18);
const DECISIONS = Number(process.env.BENCH_DECISIONS ?? 20);

execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });

const dataDir = process.env.BENCH_DATA_DIR ? resolve(process.env.BENCH_DATA_DIR) : mkdtempSync(join(tmpdir(), 'eloket-bench-dossiers-'));
const { base, stop } = await startBenchPortal(root, dataDir);

/**
 * Decisions one after the other, as a handler makes them: each POST
 * /beheer/dossiers/:id/beslissen (kennis genomen) makes the decision letter in
 * a worker thread and stores it with the decision. The first is the portal's
 * first letter; the others are "warm" (the portal's code loaded, the page read).
 */
async function measureDecisions(session, ids) {
  if (ids.length < 2) throw new Error('too few dossiers in behandeling to decide');
  const times = [];
  for (const id of ids) {
    const page = await (await session.call(`/beheer/dossiers/${id}`)).text();
    const body = new URLSearchParams([...formBody(page, `/beheer/dossiers/${id}/beslissen`), ['outcome', 'aanvaard']]).toString();
    const started = performance.now();
    const answer = await session.call(`/beheer/dossiers/${id}/beslissen`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    times.push(performance.now() - started);
    if (answer.status !== 303) throw new Error(`deciding dossier ${id} answered ${answer.status}`);
  }
  const warm = times.slice(1).sort((a, b) => a - b);
  return `dossiers: a decision with its letter (POST beslissen, ${ids.length} one after the other): first ${times[0].toFixed(1)} ms, then p50 ${percentile(warm, 50)} ms, p95 ${percentile(warm, 95)} ms (load average ${loadAverage()})`;
}

try {
  await waitForPortal(base);
  const db = embeddedDatabaseClient(dataDir);
  // After a failure, stopping the portal ends this connection: the failure, not that, is what to print.
  db.on('error', () => {});
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
  // Dossiers to decide, one per decision (a decision is made once): in behandeling, of the generated facilities,
  // without a term (the portal's term job decides those that ran out meanwhile).
  const { rows: candidates } = await db.query(
    `SELECT d.id FROM dossier d JOIN facility f ON f.id = d.facility_id
     WHERE d.status = 'in_behandeling' AND d.type_code = 'meting-dagprijzen' AND d.term_ends_on IS NULL AND f.hco_number LIKE 'BENCH%' ORDER BY d.id DESC LIMIT $1`,
    [DECISIONS],
  );
  console.log(`dossiers: ${counts.dossiers} dossiers, ${counts.waiting} waiting for the department (${counts.taken} in behandeling)`);
  await db.end();

  const session = await loginThroughDevIdp(base, 'Els Willems');
  const paths = [
    '/beheer/dossiers',
    '/beheer/dossiers?type=meting-dagprijzen',
    '/beheer/dossiers?status=in_behandeling',
    '/beheer/dossiers?status=alle',
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
  const letters = await measureDecisions(session, candidates.map((c) => c.id));
  const drawing = await measureLetterDrawing(root);

  console.log('dossiers: summary');
  for (const line of results) console.log(line);
  console.log(letters);
  for (const line of drawing) console.log(line);
} finally {
  await stop();
  if (!process.env.BENCH_DATA_DIR) rmSync(dataDir, { recursive: true, force: true });
}
