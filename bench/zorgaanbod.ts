// npm run bench:zorgaanbod — reads uploads as the upload route does
// (readUpload: the zip directory check, then the streaming reader and every
// rule in a worker thread with its memory and time limits), on the compiled
// portal (dist/, as `npm start` runs it, so the worker starts as in
// production). Issue 23's targets: a 5,000-line list within 1.5 s with the
// validating worker under 150 MB; each hostile file refused (or read) within
// 1 s and under 100 MB.
//
// Memory: the process's resident set (VmRSS) is sampled every 5 ms while a
// file is read; the figure is the peak minus the resident set just before.
// The request thread does nothing meanwhile but wait, so this is what the
// worker thread costs: its V8 heap (limited to READ_WORKER_LIMITS), its code
// and its buffers, thread start-up included. CPU is the process's user+system
// time during the read (all threads): on a busy machine the wall-clock time
// grows with the load, the CPU time much less. The files are generated first;
// a fresh child process then only reads them.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { memoryUsage } from 'node:process';
import ExcelJS from 'exceljs';
import { COLUMNS, READ_WORKER_LIMITS } from '../src/modules/zorgaanbod/columns.js';
import type * as Workbook from '../src/modules/zorgaanbod/workbook.js';
import { longSharedString, lyingEntry, manyRows, manySharedStrings, mergeBomb, validationBomb } from '../tests/helpers/hostile-xlsx.js';

const LINES = Number(process.env.BENCH_LINES ?? 5000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const root = fileURLToPath(new URL('..', import.meta.url));

function riziv(body: number): string {
  return `${body}${String(97 - (body % 97)).padStart(2, '0')}004`;
}

async function generate(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Huisartsen');
  sheet.addRow(COLUMNS.map((c) => c.header));
  for (let i = 0; i < LINES; i++) {
    sheet.addRow([riziv(100000 + i), `Naam ${i}`, `Voornaam ${i}`, 1000 + (i % 9000), 'Gemeente', ['solo', 'groep', 'wijkgezondheidscentrum'][i % 3], i % 15, i % 2 ? 'ja' : 'Nee']);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const HOSTILE: [string, () => Buffer][] = [
  ['merge range A4:XFD1048576', mergeBomb],
  ['data validation over A2:XFD1048576', validationBomb],
  ['entry declaring 1,000 bytes, inflating to 64 MB', () => lyingEntry(64)],
  ['100,000 rows', () => manyRows(100_000)],
  ['5,000 lines x one 15,000-character string', () => longSharedString()],
  ['2,000,000 shared strings', () => manySharedStrings()],
];

/** Reads `file` once: the time, the outcome, and the peak growth of the resident set while it ran. */
async function measure(readUpload: typeof Workbook.readUpload, file: Buffer) {
  const rssMb = () => memoryUsage.rss() / 1024 / 1024;
  const before = rssMb();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb())), 5);
  const cpu = process.cpuUsage();
  const start = performance.now();
  const inspection = await readUpload(file);
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, rssMb());
  return { ms, cpuMs, mb: peak - before, inspection };
}

const outcome = (inspection: Awaited<ReturnType<typeof Workbook.readUpload>>, ParsedList: typeof Workbook.ParsedList) =>
  'refused' in inspection ? `refused: ${(inspection.refused[0] ?? '').slice(0, 60)}…` : inspection.found instanceof ParsedList ? `read: ${inspection.found.lines.length} lines` : 'other';

async function validate(dir: string): Promise<void> {
  // The compiled portal: its worker loads the task's .js as in production.
  const { readUpload, ParsedList } = (await import(join(root, 'dist', 'modules', 'zorgaanbod', 'workbook.js'))) as typeof Workbook;
  const list = readFileSync(join(dir, 'list.xlsx'));
  const runs: { ms: number; cpuMs: number; mb: number }[] = [];
  for (let run = 0; run < RUNS; run++) {
    const { ms, cpuMs, mb, inspection } = await measure(readUpload, list);
    if (!('found' in inspection) || !(inspection.found instanceof ParsedList) || inspection.found.lines.length !== LINES) throw new Error(`unexpected: ${outcome(inspection, ParsedList)}`);
    runs.push({ ms, cpuMs, mb });
  }
  console.log(`worker limits: V8 old generation ${READ_WORKER_LIMITS.maxOldGenerationSizeMb} MB + young ${READ_WORKER_LIMITS.maxYoungGenerationSizeMb} MB, ${READ_WORKER_LIMITS.timeoutMs} ms`);
  console.log(`list ${(list.length / 1024).toFixed(0)} kB; runs: ${runs.map((r) => `${r.ms.toFixed(0)} ms (CPU ${r.cpuMs.toFixed(0)} ms) / +${r.mb.toFixed(0)} MB`).join(', ')}`);
  console.log(`zorgaanbod: ${LINES} lines in ${Math.min(...runs.map((r) => r.ms)).toFixed(0)} ms (best of ${RUNS}), worker peak +${Math.max(...runs.map((r) => r.mb)).toFixed(0)} MB resident`);
  for (const name of readdirSync(dir).filter((n) => n.startsWith('hostile-')).sort()) {
    const file = readFileSync(join(dir, name));
    const { ms, cpuMs, mb, inspection } = await measure(readUpload, file);
    const label = HOSTILE[Number(name.slice(8, 9))]?.[0] ?? name;
    console.log(`hostile: ${label} (${(file.length / 1024).toFixed(0)} kB): ${ms.toFixed(0)} ms (CPU ${cpuMs.toFixed(0)} ms), +${mb.toFixed(0)} MB resident, ${outcome(inspection, ParsedList)}`);
  }
}

if (process.argv[2] === '--validate' && process.argv[3]) {
  await validate(process.argv[3]);
} else {
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
  const dir = mkdtempSync(join(tmpdir(), 'zorgaanbod-bench-'));
  writeFileSync(join(dir, 'list.xlsx'), await generate());
  HOSTILE.forEach(([, make], i) => writeFileSync(join(dir, `hostile-${i}.xlsx`), make()));
  execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--validate', dir], { stdio: 'inherit' });
}
