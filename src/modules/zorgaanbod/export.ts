// The exports of all submitted Zorgaanbod lists (M25, department): CSV for a
// Belgian Excel (`;`, UTF-8 with BOM) and XLSX, streamed batch by batch.
// Every text cell is neutralised against formulas (Q3). The XLSX is written
// in a worker thread within its limits (src/lib/xlsx-stream.ts); the CSV needs
// none: a string join per line, linear and small.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { brusselsWallTime, formatDateTime } from '../../lib/dates.js';
import { csvField, neutralizeFormula } from '../../lib/spreadsheet.js';
import type { WorkerLimits } from '../../lib/worker-task.js';
import { streamWorkbook } from '../../lib/xlsx-stream.js';
import { COLUMNS } from './columns.js';
import type { ExportRow } from './service.js';

interface ExportColumn {
  header: string;
  width: number;
  value: (row: ExportRow) => string | number | Date;
  /** An Excel number format for the XLSX. */
  numFmt?: string;
}

/** The kring and submission, then the template's own columns. */
export const EXPORT_COLUMNS: readonly ExportColumn[] = [
  { header: 'Huisartsenkring', width: 32, value: (r) => r.facilityName },
  { header: 'HCO-nummer', width: 12, value: (r) => r.hcoNumber },
  { header: 'Ingediend op', width: 18, value: (r) => r.submittedAt, numFmt: 'dd/mm/yyyy hh:mm' },
  { header: 'Rij in Excel', width: 10, value: (r) => r.excelRow },
  ...COLUMNS.map((c) => ({ header: c.header, width: c.width, value: (r: ExportRow) => (c.key === 'halveDagen' ? Number(r[c.key]) : r[c.key]) })),
];

const csvCell = (value: string | number | Date) => (typeof value === 'number' ? value : value instanceof Date ? formatDateTime(value) : neutralizeFormula(value));
const xlsxCell = (value: string | number | Date) => (typeof value === 'number' ? value : value instanceof Date ? brusselsWallTime(value) : neutralizeFormula(value));

async function write(out: Writable, chunk: string): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

export async function writeCsv(batches: AsyncIterable<ExportRow[]>, out: Writable): Promise<void> {
  await write(out, `\uFEFF${EXPORT_COLUMNS.map((c) => csvField(c.header)).join(';')}\r\n`);
  for await (const batch of batches) {
    await write(out, batch.map((row) => EXPORT_COLUMNS.map((c) => csvField(csvCell(c.value(row)))).join(';')).join('\r\n') + '\r\n');
  }
  out.end();
}

async function* rowsOf(batches: AsyncIterable<ExportRow[]>) {
  for await (const batch of batches) yield batch.map((row) => EXPORT_COLUMNS.map((c) => xlsxCell(c.value(row))));
}

export async function writeXlsx(batches: AsyncIterable<ExportRow[]>, out: Writable, sheetName: string, limits: WorkerLimits): Promise<void> {
  await streamWorkbook({
    rows: rowsOf(batches),
    out,
    sheetName,
    columns: EXPORT_COLUMNS.map((c) => ({ header: c.header, width: c.width, ...(c.numFmt ? { numFmt: c.numFmt } : {}) })),
    limits,
  });
}
