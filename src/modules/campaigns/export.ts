// The exports of a campaign's submitted lines (M27): CSV for a Belgian Excel
// (`;`, UTF-8 with BOM, decimal comma) and XLSX, both written batch by batch to
// the response, so memory stays flat however many lines there are. Every text
// cell is neutralised against formulas (Q3).
//
// The XLSX is written in a worker thread within its limits (src/lib/xlsx-stream.ts).
// The CSV needs none: its cost is a string join per line, linear and small, with
// nothing an input could make expand.
import type { Writable } from 'node:stream';
import { brusselsWallTime, formatDateTime } from '../../lib/dates.js';
import { formatMoneyPlain } from '../../lib/money.js';
import { csvField, neutralizeFormula } from '../../lib/spreadsheet.js';
import type { WorkerLimits } from '../../lib/worker-task.js';
import { drained, streamWorkbook, type CellValue } from '../../lib/xlsx-stream.js';
import type { ExportLine } from './service.js';

export { DownloadAborted } from '../../lib/xlsx-stream.js';

interface Column {
  header: string;
  kind: 'text' | 'integer' | 'money' | 'datetime';
  value: (line: ExportLine) => string | number | Date | null;
  width: number;
}

/** The columns of both exports, defined once. */
export const EXPORT_COLUMNS: readonly Column[] = [
  { header: 'Voorziening', kind: 'text', value: (l) => l.facilityName, width: 32 },
  { header: 'HCO-nummer', kind: 'text', value: (l) => l.hcoNumber, width: 12 },
  { header: 'KBO-nummer', kind: 'text', value: (l) => l.kboNumber, width: 14 },
  { header: 'Referentie', kind: 'text', value: (l) => l.reference, width: 18 },
  { header: 'Ingediend op', kind: 'datetime', value: (l) => l.submittedAt, width: 18 },
  { header: 'Luik', kind: 'integer', value: (l) => l.luik, width: 6 },
  { header: 'Kamertype', kind: 'text', value: (l) => l.kamertype, width: 24 },
  { header: 'Beschrijving kamertype', kind: 'text', value: (l) => l.beschrijving, width: 32 },
  { header: 'Capaciteit', kind: 'integer', value: (l) => l.capaciteit, width: 10 },
  { header: 'Prijs per bewoner (bruto)', kind: 'money', value: (l) => l.priceCents, width: 14 },
  { header: 'Nettoprijs per bewoner', kind: 'money', value: (l) => l.nettoCents, width: 14 },
];

/** Excel number formats: amounts with two decimals, dates as Brussels wall time. */
export const MONEY_FORMAT = '0.00';
export const DATETIME_FORMAT = 'dd/mm/yyyy hh:mm';

async function write(out: Writable, chunk: string): Promise<void> {
  out.write(chunk);
  await drained(out);
}

export async function writeCsv(batches: AsyncIterable<ExportLine[]>, out: Writable): Promise<void> {
  await write(out, `\uFEFF${EXPORT_COLUMNS.map((c) => csvField(c.header)).join(';')}\r\n`);
  for await (const batch of batches) {
    const text = batch
      .map((line) =>
        EXPORT_COLUMNS.map((c) => {
          const value = c.value(line);
          if (value === null) return '';
          if (value instanceof Date) return csvField(formatDateTime(value));
          if (c.kind === 'money') return formatMoneyPlain(Number(value));
          return csvField(c.kind === 'text' ? neutralizeFormula(String(value)) : value);
        }).join(';'),
      )
      .join('\r\n');
    await write(out, `${text}\r\n`);
  }
  out.end();
}

function cellOf(column: Column, line: ExportLine): CellValue {
  const value = column.value(line);
  if (value === null) return null;
  if (value instanceof Date) return brusselsWallTime(value);
  if (column.kind === 'money') return Number(value) / 100;
  return column.kind === 'text' ? neutralizeFormula(String(value)) : value;
}

async function* rowsOf(batches: AsyncIterable<ExportLine[]>): AsyncGenerator<CellValue[][]> {
  for await (const batch of batches) yield batch.map((line) => EXPORT_COLUMNS.map((c) => cellOf(c, line)));
}

export async function writeXlsx(batches: AsyncIterable<ExportLine[]>, out: Writable, sheetName: string, limits: WorkerLimits): Promise<void> {
  await streamWorkbook({
    rows: rowsOf(batches),
    out,
    sheetName,
    columns: EXPORT_COLUMNS.map((c) => ({
      header: c.header,
      width: c.width,
      ...(c.kind === 'money' ? { numFmt: MONEY_FORMAT } : c.kind === 'datetime' ? { numFmt: DATETIME_FORMAT } : {}),
    })),
    limits,
  });
}
