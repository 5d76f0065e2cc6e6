// The exports of a campaign's submitted lines (M27): CSV for a Belgian Excel
// (`;`, UTF-8 with BOM, decimal comma) and XLSX (ExcelJS's streaming writer),
// both written batch by batch to the response, so memory stays flat however
// many lines there are. Every text cell is neutralised against formulas (Q3).
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { formatDateTime } from '../../lib/dates.js';
import { formatMoneyPlain } from '../../lib/money.js';
import { csvField, neutralizeFormula } from '../../lib/spreadsheet.js';
import { loadWorkbookWriter } from '../../lib/exceljs.js';
import type { ExportLine } from './service.js';

interface Column {
  header: string;
  kind: 'text' | 'integer' | 'money';
  value: (line: ExportLine) => string | number | null;
  width: number;
}

/** The columns of both exports, defined once. */
export const EXPORT_COLUMNS: readonly Column[] = [
  { header: 'Voorziening', kind: 'text', value: (l) => l.facilityName, width: 32 },
  { header: 'HCO-nummer', kind: 'text', value: (l) => l.hcoNumber, width: 12 },
  { header: 'KBO-nummer', kind: 'text', value: (l) => l.kboNumber, width: 14 },
  { header: 'Referentie', kind: 'text', value: (l) => l.reference, width: 18 },
  { header: 'Ingediend op', kind: 'text', value: (l) => formatDateTime(l.submittedAt), width: 18 },
  { header: 'Luik', kind: 'integer', value: (l) => l.luik, width: 6 },
  { header: 'Kamertype', kind: 'text', value: (l) => l.kamertype, width: 24 },
  { header: 'Beschrijving kamertype', kind: 'text', value: (l) => l.beschrijving, width: 32 },
  { header: 'Capaciteit', kind: 'integer', value: (l) => l.capaciteit, width: 10 },
  { header: 'Prijs per bewoner (bruto)', kind: 'money', value: (l) => l.priceCents, width: 14 },
  { header: 'Nettoprijs per bewoner', kind: 'money', value: (l) => l.nettoCents, width: 14 },
];

export class DownloadAborted extends Error {}

/**
 * Waits until `out` has room again: the next batch is only read from the
 * database when the client took the previous one, so memory stays at about
 * one batch however slow the client. A client that goes away ends the export.
 */
async function drained(out: Writable): Promise<void> {
  if (out.destroyed) throw new DownloadAborted();
  if (!out.writableNeedDrain) return;
  const ac = new AbortController();
  try {
    await Promise.race([once(out, 'drain', { signal: ac.signal }), once(out, 'close', { signal: ac.signal }).then(() => Promise.reject(new DownloadAborted()))]);
  } finally {
    ac.abort();
  }
}

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
          if (c.kind === 'money') return formatMoneyPlain(Number(value));
          return csvField(c.kind === 'text' ? neutralizeFormula(String(value)) : value);
        }).join(';'),
      )
      .join('\r\n');
    await write(out, `${text}\r\n`);
  }
  out.end();
}

export async function writeXlsx(batches: AsyncIterable<ExportLine[]>, out: Writable, sheetName: string): Promise<void> {
  const WorkbookWriter = await loadWorkbookWriter();
  // No styles and no shared strings: both make ExcelJS keep a table in memory
  // and look every cell up in it (with a number format on the money columns
  // the 40,000 lines took three times as long). Amounts are plain numbers, so
  // Excel shows them in its General format (62,5 in a Belgian Excel).
  const workbook = new WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName);
  sheet.columns = EXPORT_COLUMNS.map((c) => ({ header: c.header, width: c.width }));
  for await (const batch of batches) {
    for (const line of batch) {
      sheet
        .addRow(
          EXPORT_COLUMNS.map((c) => {
            const value = c.value(line);
            if (value === null) return null;
            if (c.kind === 'money') return Number(value) / 100;
            return c.kind === 'text' ? neutralizeFormula(String(value)) : value;
          }),
        )
        .commit();
    }
    await drained(out);
  }
  sheet.commit();
  await workbook.commit();
}
