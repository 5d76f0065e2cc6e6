// npm run bench:zorgaanbod — validates a generated Zorgaanbod list of 5,000
// lines (the largest a kring may upload) as the upload route does: zip limits,
// ExcelJS, header, every rule, duplicates. Target (SPEC M25 issue): within
// 1.5 s, with the process's memory under 200 MB. The peak is the process's
// maximum resident set size (getrusage), which includes Node itself.
// The file is generated first; a fresh child process (node with the tsx
// loader, which it counts too) then only reads and validates it, so that its
// peak is the validation's. The last line is the result:
//   zorgaanbod: 5000 lines in <ms> ms (best of <n>), peak RSS <MB> MB
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resourceUsage } from 'node:process';
import ExcelJS from 'exceljs';
import { COLUMNS } from '../src/modules/zorgaanbod/columns.js';
import { ParsedList, readUpload } from '../src/modules/zorgaanbod/workbook.js';

const LINES = Number(process.env.BENCH_LINES ?? 5000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

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

async function validate(path: string): Promise<void> {
  const file = readFileSync(path);
  const timings: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    const inspection = await readUpload(file);
    timings.push(performance.now() - start);
    if (!('found' in inspection) || !(inspection.found instanceof ParsedList) || inspection.found.lines.length !== LINES) {
      throw new Error(`unexpected result: ${JSON.stringify('refused' in inspection ? inspection.refused : 'other')}`);
    }
  }
  const peakMb = resourceUsage().maxRSS / 1024;
  console.log(`file ${(file.length / 1024).toFixed(0)} kB; runs: ${timings.map((t) => t.toFixed(0)).join(', ')} ms`);
  console.log(`zorgaanbod: ${LINES} lines in ${Math.min(...timings).toFixed(0)} ms (best of ${RUNS}, first ${timings[0]?.toFixed(0) ?? '?'} ms), peak RSS ${peakMb.toFixed(0)} MB`);
}

if (process.argv[2] === '--validate' && process.argv[3]) {
  await validate(process.argv[3]);
} else {
  const path = join(mkdtempSync(join(tmpdir(), 'zorgaanbod-bench-')), 'huisartsen.xlsx');
  writeFileSync(path, await generate());
  execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--validate', path], { stdio: 'inherit' });
}
