// The exports of all submitted Zorgaanbod lists (M25, department): CSV for a
// Belgian Excel (`;`, UTF-8 with BOM) and XLSX, streamed batch by batch.
// Every text cell is neutralised against formulas (Q3).
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { loadWorkbookWriter } from '../../lib/exceljs.js';
import { formatDateTime } from '../../lib/dates.js';
import { csvField, neutralizeFormula } from '../../lib/spreadsheet.js';
import { COLUMNS } from './columns.js';
import type { ExportRow } from './service.js';

interface ExportColumn {
  header: string;
  width: number;
  value: (row: ExportRow) => string | number;
}

/** The kring and submission, then the template's own columns. */
export const EXPORT_COLUMNS: readonly ExportColumn[] = [
  { header: 'Huisartsenkring', width: 32, value: (r) => r.facilityName },
  { header: 'HCO-nummer', width: 12, value: (r) => r.hcoNumber },
  { header: 'Ingediend op', width: 18, value: (r) => formatDateTime(r.submittedAt) },
  { header: 'Rij in Excel', width: 10, value: (r) => r.excelRow },
  ...COLUMNS.map((c) => ({ header: c.header, width: c.width, value: (r: ExportRow) => (c.key === 'halveDagen' ? Number(r[c.key]) : r[c.key]) })),
];

const cell = (value: string | number) => (typeof value === 'number' ? value : neutralizeFormula(value));

async function write(out: Writable, chunk: string): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

export async function writeCsv(batches: AsyncIterable<ExportRow[]>, out: Writable): Promise<void> {
  await write(out, `\uFEFF${EXPORT_COLUMNS.map((c) => csvField(c.header)).join(';')}\r\n`);
  for await (const batch of batches) {
    await write(out, batch.map((row) => EXPORT_COLUMNS.map((c) => csvField(cell(c.value(row)))).join(';')).join('\r\n') + '\r\n');
  }
  out.end();
}

export async function writeXlsx(batches: AsyncIterable<ExportRow[]>, out: Writable, sheetName: string): Promise<void> {
  const workbook = new (await loadWorkbookWriter())({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName);
  sheet.columns = EXPORT_COLUMNS.map((c) => ({ header: c.header, width: c.width }));
  for await (const batch of batches) {
    for (const row of batch) sheet.addRow(EXPORT_COLUMNS.map((c) => cell(c.value(row)))).commit();
  }
  sheet.commit();
  await workbook.commit();
}
