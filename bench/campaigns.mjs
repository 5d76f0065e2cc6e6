// npm run bench:campaigns — the department's follow-up of a campaign with
// 5,000 woonzorgcentra (4,000 submitted with 10 lines each = 40,000 lines,
// 500 drafts, 500 not started), on the portal as `npm start` runs it.
// Measures the status page (p50/p95 at BENCH_CONCURRENCY clients, default 4;
// target p95 <= 50 ms) and the XLSX and CSV exports of all lines (target < 5 s,
// the portal process under 200 MB). Memory is the resident set (VmRSS) of the
// portal's own Node process (`node dist/server.js`, the child this script
// spawns; its embedded PostgreSQL is a separate process and not counted),
// printed after start-up, after the status-page load and sampled every 10 ms
// during each export. Other busy processes on the machine skew the latencies.
// BENCH_REQUESTS (default 1,000) requests per status-page variant.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measurePage } from './load.mjs';
import { embeddedDatabaseClient, loginThroughDevIdp, startBenchPortal, waitForPortal } from './portal-session.mjs';

const root = new URL('..', import.meta.url).pathname;
const FACILITIES = 5_000;
const SUBMITTED = 4_000;
const DRAFTS = 500;
const LINES_PER_DOSSIER = 10;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const REQUESTS_PER_PAGE = Number(process.env.BENCH_REQUESTS ?? 1_000);

execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });

const dataDir = mkdtempSync(join(tmpdir(), 'eloket-bench-campaigns-'));
// BENCH_NODE_FLAGS: V8 flags for the portal process, to compare (e.g. "--max-semi-space-size=2").
const nodeFlags = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
const { portal, base } = await startBenchPortal(root, dataDir, nodeFlags);

const rssMb = () => {
  const status = readFileSync(`/proc/${portal.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
};

const rssLine = (label) => console.log(`campaigns: portal RSS ${label} ${rssMb().toFixed(0)} MB`);

/** Runs `download` while sampling the portal's RSS every 10 ms; returns seconds, bytes and the peak. */
async function measured(download) {
  let peak = rssMb();
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssMb());
  }, 10);
  const started = Date.now();
  try {
    const bytes = await download();
    return { seconds: (Date.now() - started) / 1000, bytes, peak: Math.max(peak, rssMb()) };
  } finally {
    clearInterval(sampler);
  }
}

try {
  await waitForPortal(base);
  rssLine('after start-up (migrations, demo data)');

  // The generator: everything in a few set-based statements.
  const db = embeddedDatabaseClient(dataDir);
  await db.connect();
  const started = Date.now();
  const { rows: [campaign] } = await db.query('SELECT id, year FROM campaign ORDER BY year DESC LIMIT 1');
  const { rows: [type] } = await db.query(`SELECT id FROM facility_type WHERE code = 'woonzorgcentrum'`);
  const { rows: [enterprise] } = await db.query(`INSERT INTO enterprise (kbo_number, name, updated_at) VALUES ('0999000097', 'vzw Bench', now()) RETURNING id`);
  await db.query(
    `INSERT INTO facility (hco_number, name, enterprise_id, facility_type_id, street, postal_code, municipality, recognized_capacity, updated_at)
     SELECT 'B' || g, 'WZC Bench ' || lpad(g::text, 4, '0'), $1, $2, 'Straat ' || g, '1000', 'Brussel', 80, now() FROM generate_series(1, $3) g`,
    [enterprise.id, type.id, FACILITIES],
  );
  await db.query(`INSERT INTO campaign_capacity (campaign_id, facility_id, recognized_capacity) SELECT $1, id, 80 FROM facility WHERE hco_number LIKE 'B%'`, [campaign.id]);
  await db.query(
    `INSERT INTO dossier (facility_id, campaign_id, status, reference, submitted_at, version, updated_at)
     SELECT id, $1, CASE WHEN n <= $2 THEN 'ingediend' ELSE 'opmaak' END::dossier_status, 'MD-B-' || id, CASE WHEN n <= $2 THEN now() END, 1, now()
     FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM facility WHERE hco_number LIKE 'B%') f WHERE n <= $3`,
    [campaign.id, SUBMITTED, SUBMITTED + DRAFTS],
  );
  await db.query(
    `INSERT INTO dagprijzen_line (dossier_id, luik, position, kamertype, beschrijving, capaciteit, price_cents)
     SELECT d.id, CASE WHEN k <= 7 THEN 1 ELSE 2 END, k, CASE WHEN k % 2 = 0 THEN 'WZC tweepersoonskamer' ELSE 'WZC éénpersoonskamer' END,
       'Kamertype ' || k, 8, 5000 + k * 100
     FROM dossier d CROSS JOIN generate_series(1, $1) k WHERE d.reference LIKE 'MD-B-%' AND d.status = 'ingediend'`,
    [LINES_PER_DOSSIER],
  );
  await db.query('ANALYZE');
  const { rows: [count] } = await db.query(`SELECT count(*)::int AS n FROM dagprijzen_line l JOIN dossier d ON d.id = l.dossier_id WHERE d.campaign_id = $1 AND d.status = 'ingediend'`, [campaign.id]);
  await db.end();
  console.log(`campaigns: generated ${FACILITIES} woonzorgcentra and ${count.n} submitted lines in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  // Log in as Els Willems (Team Prijzen) through the development identity provider.
  const session = await loginThroughDevIdp(base, 'Els Willems');
  const call = session.call;

  const page = `/beheer/campagnes/${campaign.year}`;
  const figures = [];
  for (const path of [page, `${page}?status=in-opmaak`, `${page}?pagina=60`, `${page}?zoek=Bench%2012`]) {
    const { html, p50, p95, perSecond } = await measurePage(session, base, path, { concurrency: CONCURRENCY, requests: REQUESTS_PER_PAGE });
    if (!html.includes('WZC Bench')) throw new Error(`${path} answered without the generated facilities`);
    figures.push({ path, p50, p95 });
    console.log(`campaigns: ${path} p50 ${p50} ms, p95 ${p95} ms, ${perSecond} req/s (${CONCURRENCY} concurrent)`);
  }
  const worst = figures.reduce((a, b) => (Number(b.p95) > Number(a.p95) ? b : a));
  console.log(`campaigns: status p50 ${figures[0].p50} ms, p95 ${figures[0].p95} ms (${CONCURRENCY} concurrent); worst variant ${worst.path} p95 ${worst.p95} ms`);
  rssLine('after the status-page load');

  // The exports of all submitted lines, with the portal's memory sampled meanwhile.
  const download = (path) => async () => {
    const response = await call(path);
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
    let bytes = 0;
    for await (const chunk of response.body) bytes += chunk.length;
    return bytes;
  };
  rssLine('before the exports');
  for (const format of ['xlsx', 'csv']) {
    const { seconds, bytes, peak } = await measured(download(`${page}/export.${format}`));
    console.log(`campaigns: ${format} export ${seconds.toFixed(2)} s, peak RSS ${peak.toFixed(0)} MB (${count.n} lines, ${(bytes / 1024 / 1024).toFixed(1)} MB)`);
  }
  rssLine('after the exports');
} finally {
  portal.kill('SIGTERM');
  await new Promise((resolve) => portal.once('exit', resolve));
  rmSync(dataDir, { recursive: true, force: true });
}
